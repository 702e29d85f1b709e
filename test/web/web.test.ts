import * as assert from './assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/vscode/activate';
import type { MemoryToWebview } from '../../src/protocol/memoryPanel';
import { until } from '../shared/until';

const ID = 'llm-notes.llm-training-notes';

async function api(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(ID);
  assert.ok(ext, `${ID} is not loaded`);
  return ext.activate();
}

describe('the web build in VS Code for the Web (web worker extension host)', () => {
  it('runs the browser entry in a web extension host', async () => {
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
    await api();
    assert.ok(vscode.extensions.getExtension(ID)!.isActive);
    assert.equal(typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node, 'undefined');
  });

  it('counts a selection with every tokenizer, through a Web Worker', async () => {
    const a = await api();
    const doc = await vscode.workspace.openTextDocument({ content: 'LLaMA splits 21996 into single digits', language: 'markdown' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 13, 0, 18);
    await until(() => /\b2 tok\b/.test(a.tokens.statusBar.text), `the status bar count (${a.tokens.statusBar.text})`, 60000);
    assert.ok((a.tokens.service.backend as { inWorker?: boolean }).inWorker, 'counted in the Web Worker, not the in-process fallback');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 15));
    const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    // 21996: o200k and cl100k "219" "96"; LLaMA-2 "▁" + five digits; LLaMA-3 "219" "96".
    assert.match(text, /\| o200k_base \| 2 \|/);
    assert.match(text, /\| cl100k_base \| 2 \|/);
    assert.match(text, /\| LLaMA-2 \| 6 \|/);
    assert.match(text, /\| LLaMA-3 \| 2 \|/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('the calculator opens and answers through its message protocol', async () => {
    const a = await api();
    await vscode.commands.executeCommand('llmNotes.openMemoryCalculator', '34B full bf16 adamw zero3 on 4xA100-80G');
    assert.ok(a.memory.panel.webview, 'the calculator panel');
    await a.memory.panel.handle({ type: 'update', fields: { params: '34B', mode: 'full', dtype: 'bf16', optimizer: 'adamw', zero: '3', gpus: '4', gpu: 'A100-80G', seq: '1', cudaContextGiB: '0', allocatorReservePct: '0' } });
    const result = a.memory.panel.lastMessage as Extract<MemoryToWebview, { type: 'result' }>;
    assert.equal(result.type, 'result');
    // 34e9 × 2 B ÷ 4 GPUs under ZeRO-3
    assert.equal(result.result.lines.find((l) => l.label === 'Weights')?.bytes, 17e9);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('digest search finds bundled entries and the mounted notes, in Chinese and English', async () => {
    const a = await api();
    await a.digest.service.ready();
    await until(() => !a.digest.service.state.indexing, 'indexing');
    const zh = a.digest.service.index.search('学习率');
    assert.ok(zh.some((h) => h.entry.origin === 'digest'), 'a bundled entry for 学习率');
    assert.ok(a.digest.service.index.search('learning rate decay').some((h) => h.entry.id === 'deepseek-learning-rate-decay'));
    assert.ok(a.digest.service.state.files > 0, 'the examples notes are indexed');
  });

  it('reading the Hugging Face cache is desktop-only: hidden from the palette here, and says why if run', async () => {
    const ext = vscode.extensions.getExtension(ID)!;
    const menus = ext.packageJSON.contributes.menus.commandPalette as { command: string; when: string }[];
    assert.equal(menus.find((m) => m.command === 'llmNotes.addTokenizerFromHfCache')?.when, '!isWeb');
    const result = await vscode.commands.executeCommand('llmNotes.addTokenizerFromHfCache');
    assert.equal(result, undefined);
  });
});
