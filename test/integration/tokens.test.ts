import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CountReport } from '../../src/core/tokens/tokenCounter';
import { BPE_TOKENIZER_JSON } from '../unit/fixtures';
import { extensionApi, hoverText, selectText, setSetting, until, workspaceUri } from './helpers';

describe('Token counts in the real extension host', () => {
  before(async () => {
    await extensionApi();
  });

  afterEach(async () => {
    for (const key of ['tokens.primary', 'tokens.customTokenizers', 'tokens.tokenizers', 'tokens.hover.enabled']) await setSetting(key, undefined);
  });

  it('never loads a vocabulary into the extension host: the engines run in the worker thread', async () => {
    const api = await extensionApi();
    console.log(`    activation: ${api.activatedInMs} ms`);
    // Count something first, so the worker has certainly loaded engines.js over there.
    const editor = await selectText('tokenization.md', '21996');
    await until(() => api.tokens.service.count(editor.document.getText(editor.selection), [{ id: 'o200k_base', label: 'o200k_base' }], {}), 'a count');
    const loaded = Object.keys(require.cache).filter((k) => /[\\/]dist[\\/]engines\.js$/.test(k));
    assert.deepEqual(loaded, [], 'dist/engines.js (the vocabularies) was loaded into the extension host');
    assert.ok(Object.keys(require.cache).some((k) => /[\\/]dist[\\/]extension\.js$/.test(k)), 'the check looks at the right module cache');
  });

  it('hover on a selection shows every tokenizer, ratios and context windows', async () => {
    const editor = await selectText('tokenization.md', '21996');
    const hover = async () =>
      hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.selection.start.translate(0, 1)));
    // A cold start may still be loading vocabularies (the hover then says "Counting…"): wait for the counts.
    const text = await until(async () => {
      const t = await hover();
      return /o200k_base/.test(t) ? t : undefined;
    }, 'a hover with counts');
    // "21996": GPT encodings and LLaMA-3 group digits in threes (219|96); LLaMA-2 is ▁ 2 1 9 9 6.
    assert.match(text, /\| o200k_base \| 2 \| 1\.00× \|/);
    assert.match(text, /\| cl100k_base \| 2 \| 1\.00× \|/);
    assert.match(text, /\| LLaMA-2 \| 6 \| 3\.00× \|/);
    assert.match(text, /\| LLaMA-3 \| 2 \| 1\.00× \|/);
    assert.match(text, /5 characters · 1 words · 5 UTF-8 bytes/);
    assert.match(text, /✓ 4k/);
    assert.match(text, /command:llmNotes\.showTokenBoundaries\?/);
    assert.match(text, /command:llmNotes\.copyTokenCounts\?/);
  });

  it('the bundled Chinese-capable tokenizers show in the hover like the others, loaded from their data files in the worker', async () => {
    await setSetting('tokens.tokenizers', ['qwen3', 'deepseek-v3', 'mistral-v3', 'mistral-tekken', 'o200k_base']);
    const editor = await selectText('tokenization.md', '21996');
    const text = await until(async () => {
      const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.selection.start.translate(0, 1)));
      return /Mistral Tekken \| \d/.test(t) ? t : undefined;
    }, 'a hover with the bundled tokenizers counted');
    // From each model's own pre-tokenizer: Qwen3 and Tekken split numbers into single digits (\p{N}),
    // DeepSeek-V3 into groups of up to three (\p{N}{1,3}: 219|96), Mistral v3's SentencePiece model
    // splits digits after its "▁" prefix (▁ 2 1 9 9 6).
    assert.match(text, /\| Qwen3 \| 5 \| 1\.00× \|/);
    assert.match(text, /\| DeepSeek-V3 \| 2 \|/);
    assert.match(text, /\| Mistral v3 \| 6 \|/);
    assert.match(text, /\| Mistral Tekken \| 5 \|/);
    assert.match(text, /\| o200k_base \| 2 \|/);
  });

  it('no hover without a selection, and none when the setting turns it off', async () => {
    const editor = await selectText('tokenization.md', '21996');
    const pos = editor.selection.start.translate(0, 1);
    editor.selection = new vscode.Selection(pos, pos);
    let hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
    assert.doesNotMatch(hoverText(hovers), /o200k_base/);
    await selectText('tokenization.md', '21996');
    await setSetting('tokens.hover.enabled', false);
    hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
    assert.doesNotMatch(hoverText(hovers), /o200k_base/);
  });

  it('status bar shows the primary tokenizer count and follows the setting', async () => {
    const api = await extensionApi();
    await selectText('tokenization.md', '21996');
    await until(() => api.tokens.statusBar.text.endsWith(' 2 tok'), 'status bar "2 tok"');
    await setSetting('tokens.primary', 'llama2');
    await until(() => api.tokens.statusBar.text.endsWith(' 6 tok'), 'status bar "6 tok" for llama2');
    assert.equal(vscode.workspace.getConfiguration('llmNotes').get('tokens.primary'), 'llama2');
  });

  it('Count Tokens and Compare Tokenizers report the selection', async () => {
    await selectText('tokenization.md', 'LLama 的 tokenizer');
    const report = await vscode.commands.executeCommand<CountReport>('llmNotes.countTokens');
    assert.equal(report.stats.chars, 'LLama 的 tokenizer'.length);
    assert.equal(report.counts.length, 4);
    const markdown = await vscode.commands.executeCommand<string>('llmNotes.compareTokenizers', undefined, 'copy');
    assert.match(markdown, /^\| Tokenizer \| Tokens \| × first \|$/m);
    assert.equal(await vscode.env.clipboard.readText(), markdown);
  });

  it('token-boundary view shows LLaMA-2 splitting 21996 digit by digit beside o200k', async () => {
    await selectText('tokenization.md', '21996');
    const message = await vscode.commands.executeCommand<{ columns: { id: string; segments: { text: string }[] }[] }>('llmNotes.showTokenBoundaries');
    const byId = Object.fromEntries(message.columns.map((c) => [c.id, c.segments.map((s) => s.text)]));
    assert.deepEqual(byId['o200k_base'], ['219', '96']);
    assert.deepEqual(byId['llama2'], [' ', '2', '1', '9', '9', '6']);
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview);
    assert.ok(tab, 'the token-boundary panel is open');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a custom tokenizer.json from settings joins the table; a broken one fails alone', async () => {
    const good = workspaceUri('tok-good', 'tokenizer.json');
    const bad = workspaceUri('tok-bad', 'tokenizer.json');
    await vscode.workspace.fs.writeFile(good, new TextEncoder().encode(BPE_TOKENIZER_JSON));
    await vscode.workspace.fs.writeFile(bad, new TextEncoder().encode('{"model": nope'));
    await setSetting('tokens.customTokenizers', [
      { label: 'TinyBPE', path: good.fsPath },
      { label: 'Broken', path: bad.fsPath },
    ]);
    const doc = await vscode.workspace.openTextDocument({ content: 'abcab', language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 5);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 2));
    const text = hoverText(hovers);
    assert.match(text, /\| TinyBPE \| 2 \|/); // abc | ab
    assert.match(text, /\| Broken \| ⚠ .*tok-bad.*tokenizer\.json is not valid JSON/);
    assert.match(text, /\| o200k_base \| \d+ \|/);
  });
});
