import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MemoryToWebview } from '../../src/protocol/memoryPanel';
import { extensionApi, setSetting, until } from './helpers';

const FIXTURES = join(process.env.EXTENSION_ROOT ?? join(__dirname, '..', '..', '..'), 'test', 'fixtures', 'configs');

/** Models from config.json in the real extension host: a Hugging Face cache folder the test makes. */
describe('models from config.json: the Hugging Face cache, settings and the editor', () => {
  let cache: string;
  let tiny: string;
  const previous = process.env.HF_HUB_CACHE;

  before(async () => {
    cache = mkdtempSync(join(tmpdir(), 'llm-notes-hub-'));
    const snapshot = (repo: string) => {
      const dir = join(cache, `models--${repo.replace('/', '--')}`, 'snapshots', 'r1');
      mkdirSync(dir, { recursive: true });
      return join(dir, 'config.json');
    };
    tiny = snapshot('Org/Tiny-Model');
    writeFileSync(tiny, JSON.stringify({ model_type: 'llama', hidden_size: 512, intermediate_size: 1536, num_hidden_layers: 4, num_attention_heads: 8, num_key_value_heads: 2, vocab_size: 32000, tie_word_embeddings: false }));
    copyFileSync(join(FIXTURES, 'google--gemma-2-9b-it.json'), snapshot('Someone/Gemma-Finetune'));
    // The extension reads the hub folders from its own environment, which is this process's.
    process.env.HF_HUB_CACHE = cache;
    const api = await extensionApi();
    await api.memory.catalog.refresh();
  });

  after(async () => {
    if (previous === undefined) delete process.env.HF_HUB_CACHE;
    else process.env.HF_HUB_CACHE = previous;
    await setSetting('memory.models', undefined);
    rmSync(cache, { recursive: true, force: true });
    await (await extensionApi()).memory.catalog.refresh();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a fit expression in a note names a model of the cache by its repository id', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'Fine-tune: `Org/Tiny-Model full bf16 adamw on 1xH100`\n\nAnd `Someone/Gemma-Finetune inference ctx 32k on 1xH100`\n' });
    await vscode.window.showTextDocument(doc);
    const lenses = await until(async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return all.length === 2 ? all : undefined;
    }, 'two lenses');
    for (const lens of lenses) assert.match(lens.command?.title ?? '', /^\$\(pass\) fits: \d+\.\d\d GiB per GPU at the peak \(\w[\w ]*\) of 79\.65 GiB$/);
    const hover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 8));
    const text = hover.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    // Gemma 2 keeps the window in the cache of its 21 local layers.
    assert.match(text, /21 sliding-window layers × 4,096 tokens/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a config.json open in the editor gets "Estimate memory for this model", which opens the panel with it', async () => {
    const api = await extensionApi();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(tiny));
    await vscode.window.showTextDocument(doc);
    const [lens] = await until(async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return all.length ? all : undefined;
    }, 'the config.json lens');
    assert.match(lens.command?.title ?? '', /^\$\(server\) Estimate memory for this model \(Org\/Tiny-Model, [\d.]+M parameters\)$/);
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    const result = await until(() => {
      const m = api.memory.panel.lastMessage;
      return m?.type === 'result' && /^Org\/Tiny-Model /.test(m.result.expression) ? m : undefined;
    }, 'a result for the model');
    assert.match(result.result.expression, /^Org\/Tiny-Model full bf16 adamw/);
    await api.memory.panel.handle({ type: 'ready' });
    const init = api.memory.panel.lastMessage as Extract<MemoryToWebview, { type: 'init' }>;
    const groups = new Map(init.choices.model.map((c) => [c.id, c.group]));
    assert.equal(groups.get('llama3-8b'), 'Presets');
    assert.equal(groups.get('Org/Tiny-Model'), 'Hugging Face cache');
    assert.equal(groups.get('Someone/Gemma-Finetune'), 'Hugging Face cache');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Add Model from Hugging Face Cache" adds the picked model to llmNotes.memory.models; a broken file there is said, not thrown', async () => {
    const api = await extensionApi();
    // The picker's choice, given as the command's argument (what a keybinding can pass too).
    const added = await vscode.commands.executeCommand<{ label: string; path: string }[]>('llmNotes.addModelFromHfCache', ['org/tiny-model', 'Nobody/Else']);
    assert.deepEqual(added?.map((a) => a.label), ['Org/Tiny-Model']);
    const setting = vscode.workspace.getConfiguration('llmNotes').get<{ label: string; path: string }[]>('memory.models') ?? [];
    assert.ok(setting.some((m) => m.path === added![0].path));
    await vscode.workspace.getConfiguration('llmNotes').update('memory.models', undefined, vscode.ConfigurationTarget.Global);

    const broken = join(cache, 'broken-config.json');
    writeFileSync(broken, '{"model_type": "llama", "hidden_size": 0}');
    await setSetting('memory.models', [{ label: 'Broken', path: broken }]);
    await until(() => api.memory.catalog.problems().some((p) => p.id === 'Broken'), 'the broken model noted');
    assert.match(api.memory.catalog.problems().find((p) => p.id === 'Broken')!.error!, /"hidden_size" is 0; a model needs at least 1/);
  });
});
