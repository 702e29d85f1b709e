import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MemoryToWebview } from '../../src/protocol/memoryPanel';
import { extensionApi, hoverText, until, workspaceUri } from './helpers';

/**
 * The integration-zh layer: the same real extension host under a Simplified Chinese display
 * language. The memory feature's words are built in the core and translated at the edge
 * (vscode.l10n.t), so the lens, the hover and the panel read Chinese — figures, working included.
 */
describe('GPU-memory calculator under a Chinese display language', () => {
  it('runs in zh-cn', () => {
    assert.equal(vscode.env.language, 'zh-cn');
  });

  it('CodeLens verdicts and the hover breakdown are in Chinese, working included', async () => {
    const uri = workspaceUri('gpu-memory.md');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('`34B full bf16 adamw zero3 on 4xA100-80G`'));
    const lenses = await until(async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return all.length ? all : undefined;
    }, 'lenses');
    const lens = lenses.find((l) => l.range.start.line === line);
    assert.match(lens?.command?.title ?? '', /^\$\(error\) 放不下：每卡 \d+\.\d\d GiB \/ 80\.00 GiB（峰值：(前向传播|损失|反向传播|优化器更新)）$/);

    const col = doc.lineAt(line).text.indexOf('34B full') + 2;
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, col)));
    assert.match(text, /✗ 放不下：峰值（(前向传播|损失|反向传播|优化器更新)）时每张 GPU/);
    assert.match(text, /已分配 \d+\.\d\d GiB · 已预留 \d+\.\d\d GiB · 设备 \d+\.\d\d GiB/);
    assert.match(text, /峰值时存活的张量/);
    assert.match(text, /保存的激活/);
    assert.match(text, /每步 [\d.]+ (s|ms|min) · [\d,]+ token\/s · MFU 0\.\d+/);
    assert.match(text, /\| 优化器状态 \| 102\.00 GB \(94\.99 GiB\) \| 34,000,000,000 × 12 B（4 B fp32 主权重 \+ 4 B m \+ 4 B v） ÷ 4（ZeRO-3，跨 4 个数据并行 rank 切分） \|/);
    assert.match(text, /\| 权重 \|/);
    assert.match(text, /在计算器中打开/);
  });

  it('the panel’s labels, verdict, lines, sources and errors are in Chinese', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('llmNotes.openMemoryCalculator', '34B full bf16 adamw zero3 on 4xA100-80G');
    const init = await until(() => {
      const m = api.memory.panel.lastMessage;
      return m?.type === 'result' ? m : undefined;
    }, 'a result from the page');
    assert.match(init.result.verdict, /^✗ 放不下：/);
    const names = init.result.lines.map((l) => l.label);
    assert.ok(names.includes('权重') && names.includes('梯度') && names.includes('优化器状态') && names.includes('激活'), names.join(', '));
    assert.ok(init.result.lines.every((l) => /[\u4e00-\u9fff]/.test(l.source)), 'every source is translated');
    // Without recomputation the activations alone exceed a GPU, so no count fits; with it, one does.
    assert.equal(init.result.minGpusText, '此配置在 65,536 张 GPU 以内都放不下；见下方可做的改动。');
    await api.memory.panel.handle({ type: 'update', fields: { params: '34B', mode: 'full', dtype: 'bf16', optimizer: 'adamw', zero: '3', gpus: '4', gpu: 'A100-80G', recompute: 'full' } });
    const recomputed = api.memory.panel.lastMessage as Extract<MemoryToWebview, { type: 'result' }>;
    assert.match(recomputed.result.minGpusText, /^放得下此配置的最少 GPU 数：\d+ × NVIDIA A100 80GB。$/, recomputed.result.expression);
    assert.match(recomputed.result.peakLabel, /^(前向传播|损失|反向传播|优化器更新)$/);
    assert.ok(init.result.suggestions.some((s) => s.label === '把优化器卸载到 CPU'), init.result.suggestions.map((s) => s.label).join(', '));
    await api.memory.panel.planned;
    const plans = api.memory.panel.lastPlans!.plans;
    assert.match(plans.summary, /^这些 GPU 上有 \d+ 种配置能放下；最快的：.+。$/);
    assert.match(plans.rule, /^共估算 \d+ 种配置。遍历每种并行形状/);
    assert.ok(plans.plans.some((p) => p.formats.some((f) => f.reason !== undefined && /[\u4e00-\u9fff]/.test(f.reason))), 'reasons in Chinese');

    await api.memory.panel.handle({ type: 'update', fields: { params: '7B', mode: 'full', tp: '8', gpus: '4' } });
    const invalid = api.memory.panel.lastMessage as Extract<MemoryToWebview, { type: 'invalid' }>;
    assert.equal(invalid.field, 'tp');
    assert.equal(invalid.message, '张量 × 流水线并行（8 × 1 = 8）需要的 GPU 多于给定的 4 张。');

    await api.memory.panel.handle({ type: 'ready' });
    const ready = api.memory.panel.lastMessage as Extract<MemoryToWebview, { type: 'init' }>;
    assert.equal(ready.type, 'init');
    assert.equal(ready.strings['field.optimizer'], '优化器');
    assert.deepEqual(ready.choices.optimizer.map((c) => c.id), ['adamw', 'adamw8bit', 'sgd', 'adafactor']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
