import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MemoryToWebview } from '../../src/protocol/memoryPanel';
import { extensionApi, until, workspaceUri } from './helpers';

describe('GPU-memory calculator in the real extension host', () => {
  it('opens the panel and answers through its message protocol', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('llmNotes.openMemoryCalculator', '34B full bf16 adamw zero3 on 4xA100-80G');
    const tab = await until(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /llmNotes\.memoryCalculator/.test((t.input as vscode.TabInputWebview).viewType)), 'the calculator tab');
    assert.ok(tab);
    // The page itself sends "ready" and then its fields; wait for its first result.
    await until(() => api.memory.panel.lastMessage?.type === 'result', 'a result from the page');

    await api.memory.panel.handle({ type: 'update', fields: { params: '34B', mode: 'full', dtype: 'bf16', optimizer: 'adamw', zero: '3', gpus: '4', gpu: 'A100-80G', seq: '1', cudaContextGiB: '0', allocatorReservePct: '0' } });
    const result = api.memory.panel.lastMessage as Extract<MemoryToWebview, { type: 'result' }>;
    assert.equal(result.type, 'result');
    const weights = result.result.lines.find((l) => l.label === 'Weights');
    assert.equal(weights?.bytes, 17e9);
    assert.match(result.result.verdict, /^✗ Does not fit/);
    // The verdict is on the device reading; the phase that holds the peak and what is alive then come with it.
    const { readings } = result.result;
    assert.ok(readings.allocated > 17e9 && readings.reserved === readings.allocated && readings.device >= readings.reserved, JSON.stringify(readings));
    assert.ok(['forward', 'loss', 'backward', 'optimizer step'].includes(result.result.peakLabel), result.result.peakLabel);
    assert.ok(result.result.peakTerms.some((l) => l.label === 'Optimizer states'));
    assert.equal(result.result.phases.filter((p) => p.peak).length, 1);
    // Time beside memory: the step part by part, the FLOPs with their working.
    assert.match(result.result.time?.summary ?? '', /per step · [\d,]+ tokens\/s · MFU 0\.\d+/);
    assert.ok(result.result.time?.lines.some((l) => l.key === 'compute' && /FLOPs per token/.test(l.formula)));
    assert.ok(result.result.time?.flops.some((f) => f.label === 'Model FLOPs per token'));
    assert.match(result.result.minGpusText, /Smallest GPU count that fits this configuration: \d+ × NVIDIA A100 80GB/);

    // The planner, run in slices after the estimate: plans that fit on the same GPUs, fastest first.
    await api.memory.panel.planned;
    const plans = api.memory.panel.lastPlans!;
    assert.equal(plans.type, 'plans');
    assert.match(plans.plans.summary, /^\d+ configurations fit on these GPUs; the fastest: .+\.$/);
    const here = plans.plans.plans.filter((p) => !p.elsewhere);
    assert.ok(here.length > 1 && here.every((p) => p.gpus === 4 && /GiB$/.test(p.deviceText)), JSON.stringify(plans.plans.plans.map((p) => [p.gpus, p.deviceText])));
    // Rows an engine cannot run say why (accelerate's DeepSpeed plugin has no tensor parallel); the others copy.
    const rows = plans.plans.plans;
    const accelerate = (p: (typeof rows)[number]) => p.formats.find((f) => f.format === 'accelerate')!;
    assert.ok(rows.filter((p) => p.fields.tp !== '1').every((p) => /no tensor or pipeline parallelism/.test(accelerate(p).reason ?? '')), JSON.stringify(rows.map((p) => [p.label, accelerate(p).reason])));
    const row = rows.findIndex((p) => accelerate(p).reason === undefined);
    assert.ok(row >= 0, JSON.stringify(rows.map((p) => p.label)));
    await api.memory.panel.handle({ type: 'copyPlan', index: row, format: 'accelerate' });
    assert.match(await vscode.env.clipboard.readText(), new RegExp(`^compute_environment: LOCAL_MACHINE\\n[^]*distributed_type: (DEEPSPEED|FSDP|MULTI_GPU|NO)\\n[^]*num_processes: ${rows[row].gpus}\\n`));
    // A message out of range or of a format no engine has changes nothing.
    await vscode.env.clipboard.writeText('unchanged');
    await api.memory.panel.handle({ type: 'copyPlan', index: 9999, format: 'accelerate' });
    await api.memory.panel.handle({ type: 'copyPlan', index: 0, format: 'bash' } as never);
    await api.memory.panel.handle({ type: 'insertPlan', index: -1 });
    assert.equal(await vscode.env.clipboard.readText(), 'unchanged');

    await api.memory.panel.handle({ type: 'update', fields: { params: '7B', mode: 'full', tp: '8', gpus: '4' } });
    const invalid = api.memory.panel.lastMessage as Extract<MemoryToWebview, { type: 'invalid' }>;
    assert.equal(invalid.type, 'invalid');
    assert.equal(invalid.field, 'tp');
    assert.match(invalid.message, /needs more GPUs than the 4 given/);

    await api.memory.panel.handle({ type: 'update', fields: { model: 'llama2-7b', mode: 'qlora' } });
    await api.memory.panel.handle({ type: 'copyMarkdown' });
    const copied = await vscode.env.clipboard.readText();
    assert.match(copied, /^```llm-mem\nllama2-7b qlora bf16 adamw rank 16 seq 4096 batch 1 on 1xA100-80G\n```/);
    assert.match(copied, /Base weights \(NF4\)/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('fit expressions in a note get a CodeLens verdict and a hover breakdown', async () => {
    const uri = workspaceUri('gpu-memory.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    const line = doc.getText().split('\n').findIndex((l) => l.includes('`34B full bf16 adamw zero3 on 4xA100-80G`'));
    const lens = lenses.find((l) => l.range.start.line === line);
    assert.match(lens?.command?.title ?? '', /does not fit: .* GiB per GPU at the peak \(\w[\w ]*\) of 80\.00 GiB/);
    assert.equal(lens?.command?.command, 'llmNotes.openMemoryCalculator');
    assert.ok(titles.filter((t) => /fits:|does not fit:/.test(t)).length >= 6, titles.join('\n'));
    // With tokens, the lens carries the step time and the run's wall-clock.
    const run = lenses.find((l) => l.range.start.line === doc.getText().split('\n').findIndex((x) => x.includes('`llama3-8b full bf16 adamw zero3 recompute ctx 8192 gbs 256 tokens 1T')));
    assert.match(run?.command?.title ?? '', /^\$\(pass\) fits: \d+\.\d\d GiB · [\d.]+ (s|ms|min)\/step · [\d.]+ (d|h) for 1T tokens$/);

    const col = doc.lineAt(line).text.indexOf('34B full') + 2;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, col));
    const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(text, /Does not fit: .* per GPU at the peak \((forward|loss|backward|optimizer step)\)/);
    assert.match(text, /allocated \d+\.\d\d GiB · reserved \d+\.\d\d GiB · device \d+\.\d\d GiB/);
    assert.match(text, /Alive at the peak/);
    assert.match(text, /per step · [\d,]+ tokens\/s · MFU 0\.\d+/);
    assert.match(text, /\| Optimizer states \| 102\.00 GB \(94\.99 GiB\) \|/);
    assert.match(text, /command:llmNotes\.openMemoryCalculator\?/);
    // The planner's answer in the verdict: the fastest plan that fits on the same four GPUs.
    assert.match(text, /Fits with .+: \d+\.\d\d GiB per GPU, [\d.]+ (s|ms|min)\/step/);
    assert.match(text, /Open this plan in the calculator/);
  });

  it('hovering a bare model size shows inference, full, LoRA and QLoRA figures', async () => {
    const uri = workspaceUri('gpu-memory.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const line = doc.getText().split('\n').findIndex((l) => l.startsWith('Hover a size such as 13B'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, doc.lineAt(line).text.indexOf('13B') + 1));
    const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(text, /GPU memory for 13B/);
    for (const row of ['inference fp16', 'full, bf16 \\+ AdamW', 'LoRA r16', 'QLoRA r16']) assert.match(text, new RegExp(`\\| ${row}[^|]* \\| \\d+\\.\\d\\d GiB \\|`));
  });
});

describe('engines’ configs in the editor', () => {
  it('a ds_config.json and an accelerate YAML get "Estimate memory and time with this … config…"; other JSON does not', async () => {
    for (const [file, title] of [
      ['configs/ds_config.json', /^\$\(server\) Estimate memory and time with this DeepSpeed config…$/],
      ['configs/accelerate_fsdp.yaml', /^\$\(server\) Estimate memory and time with this accelerate config…$/],
    ] as const) {
      const doc = await vscode.workspace.openTextDocument(workspaceUri(file));
      await vscode.window.showTextDocument(doc);
      const lens = await until(async () => {
        const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
        return all.find((l) => l.command?.command === 'llmNotes.estimateWithEngineConfig');
      }, `the lens on ${file}`);
      assert.match(lens.command!.title, title);
      assert.deepEqual(lens.command!.arguments, [doc.uri.toString()]);
    }
    const other = await vscode.workspace.openTextDocument({ language: 'json', content: '{ "zero_optimization": "not an object", "name": 1 }' });
    const none = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', other.uri);
    assert.ok(!none.some((l) => l.command?.command === 'llmNotes.estimateWithEngineConfig'));
    // A URI that is not an open document is not read: the command says what to open instead.
    await vscode.commands.executeCommand('llmNotes.estimateWithEngineConfig', 'file:///etc/passwd');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
