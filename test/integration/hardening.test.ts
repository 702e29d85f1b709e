import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { extensionApi, hoverText, setSetting, until, workspaceUri } from './helpers';

/** The longest gap between 10 ms timer ticks while `work` runs: how long the extension host froze. */
async function longestBlock<T>(work: () => Promise<T>): Promise<{ result: T; blockMs: number }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 10);
    last = now;
  }, 10);
  try {
    const result = await work();
    return { result, blockMs: worst };
  } finally {
    clearInterval(timer);
  }
}

/** Every webview: default-src 'none', scripts only by nonce, no inline handlers, local resources only from media/ and dist/webview/. */
function assertStrictWebview(name: string, view: { html: string; options: vscode.WebviewOptions } | undefined, extensionPath: string): void {
  assert.ok(view, `${name} is not open`);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(view.html)?.[1];
  assert.ok(csp, `${name}: no CSP`);
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives.get('default-src'), ["'none'"], `${name}: ${csp}`);
  const scriptSrc = directives.get('script-src') ?? [];
  assert.ok(scriptSrc.length === 1 && /^'(none|nonce-[A-Za-z0-9]{32})'$/.test(scriptSrc[0]), `${name}: script-src ${scriptSrc}`);
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval') && !/https?:|\*/.test(csp.replace(/https:\/\/[^ ;]*vscode-cdn\.net|https:\/\/[^ ;]*vscode-resource[^ ;]*/g, '')), `${name}: ${csp}`);
  const nonce = /'nonce-([A-Za-z0-9]{32})'/.exec(scriptSrc[0])?.[1];
  for (const tag of view.html.match(/<script\b[^>]*>/g) ?? []) {
    assert.ok(nonce && tag.includes(`nonce="${nonce}"`) && /\bsrc="/.test(tag), `${name}: ${tag}`);
  }
  assert.doesNotMatch(view.html, /<[^>]+\son[a-z]+\s*=/i, `${name}: an inline event handler`);
  assert.doesNotMatch(view.html, /<script\b[^>]*>[^<]+<\/script>/, `${name}: an inline script`);
  const roots = (view.options.localResourceRoots ?? []).map((u) => u.fsPath.slice(extensionPath.length).replace(/\\/g, '/'));
  assert.ok(roots.length > 0 && roots.every((r) => r === '/media' || r === '/dist/webview'), `${name}: localResourceRoots ${roots}`);
}

describe('hardening in the real extension host', () => {
  it('every webview has a strict CSP with a nonce, no inline handlers and local resources only', async () => {
    const api = await extensionApi();
    const extensionPath = vscode.extensions.getExtension('llm-notes.llm-training-notes')!.extensionUri.fsPath;
    const doc = await vscode.workspace.openTextDocument({ content: 'Total 21996 tokens', language: 'markdown' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 6, 0, 11);
    await vscode.commands.executeCommand('llmNotes.showTokenBoundaries');
    assertStrictWebview('token boundaries', await until(() => api.tokens.boundaryView.webview, 'the boundary view'), extensionPath);
    await vscode.commands.executeCommand('llmNotes.openMemoryCalculator', '34B full bf16 adamw zero3 on 4xA100-80G');
    assertStrictWebview('memory calculator', await until(() => api.memory.panel.webview, 'the calculator'), extensionPath);
    await api.digest.service.ready();
    await vscode.commands.executeCommand('llmNotes.openDigestEntry', 'deepseek-learning-rate-decay');
    assertStrictWebview('digest entry', await until(() => api.digest.entryView.webview, 'the entry view'), extensionPath);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a hostile note renders inert in the entry view and plain in the quick pick', async () => {
    const api = await extensionApi();
    const note = workspaceUri('qa', 'hostile.md');
    const hostile = [
      '### <script>alert(1)</script> $(alert) title',
      'Q: <img src=x onerror=alert(2)> [js](javascript:alert(3)) [d](data:text/html,x) [v](vscode:extension/x) [c](command:llmNotes.reindexNotes) <!-- hidden --> ![t](https://example.com/t.png)',
      'A: ' + '<b>x</b> '.repeat(200_000),
    ].join('\n');
    await vscode.workspace.fs.writeFile(note, new TextEncoder().encode(hostile));
    await api.digest.service.indexFile(note);
    const entry = api.digest.service.index.search('alert title')[0]?.entry;
    assert.ok(entry, 'the hostile note is indexed');
    await vscode.commands.executeCommand('llmNotes.openDigestEntry', entry.id);
    const shown = await until(() => (api.digest.entryView.shown?.entry.id === entry.id ? api.digest.entryView.shown : undefined), 'the entry view');
    assert.doesNotMatch(shown.html, /<script>alert|<img|<b>x|href="(javascript|data|vscode|command:llmNotes\.reindex)/i);
    assert.match(shown.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(shown.html, /more characters: open the note to read the whole entry/);
    assert.ok(shown.html.length < 600_000, `${shown.html.length} characters of HTML`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(note);
    await api.digest.service.indexFile(note);
  });

  it('a 20 MB selection is counted in the worker without freezing the extension host', async function () {
    this.timeout(180_000);
    const api = await extensionApi();
    await setSetting('tokens.tokenizers', ['o200k_base']);
    try {
      const words = 4_000_000;
      const doc = await vscode.workspace.openTextDocument({ content: 'word' + ' word'.repeat(words - 1), language: 'plaintext' });
      const editor = await vscode.window.showTextDocument(doc);
      const { blockMs } = await longestBlock(async () => {
        editor.selection = new vscode.Selection(new vscode.Position(0, 0), doc.lineAt(0).range.end);
        // "word" then " word" × 3,999,999: one o200k token each
        await until(() => api.tokens.statusBar.text.includes('4,000,000'), 'the count of 20 MB', 150_000);
      });
      console.log(`      20 MB selection: longest extension-host block ${blockMs.toFixed(0)} ms`);
      assert.ok(blockMs < 1000, `the extension host was blocked for ${blockMs.toFixed(0)} ms`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await setSetting('tokens.tokenizers', undefined);
    }
  });

  it('10,000 notes, a 50 MB note, a symlink loop and files deleted while indexing: indexed in slices, each problem said once', async function () {
    this.timeout(300_000);
    const api = await extensionApi();
    await api.digest.service.ready();
    await until(() => !api.digest.service.state.indexing, 'the first indexing');
    const before = api.digest.service.index.size;
    const dir = workspaceUri('hostile-notes').fsPath;
    mkdirSync(dir, { recursive: true });
    const count = 10_000;
    for (let i = 0; i < count; i++) writeFileSync(`${dir}/n${String(i).padStart(5, '0')}.md`, `### Note ${i}\nQ: how long is warmup in run ${i}?\nA: 2% of the steps.\n`);
    writeFileSync(`${dir}/huge.md`, Buffer.alloc(50 * 1024 * 1024, 'Q: big\n'));
    symlinkSync(dir, `${dir}/loop`);
    try {
      const { blockMs } = await longestBlock(async () => {
        const indexing = vscode.commands.executeCommand('llmNotes.reindexNotes');
        await until(() => api.digest.service.state.indexing, 'indexing to start');
        for (let i = 0; i < 500; i++) unlinkSync(`${dir}/n${String(i).padStart(5, '0')}.md`);
        await indexing;
        await until(() => !api.digest.service.state.indexing && api.digest.service.index.size === before + count - 500, `${count - 500} notes indexed (now ${api.digest.service.index.size - before})`, 120_000);
      });
      console.log(`      10,000 notes: longest extension-host block ${blockMs.toFixed(0)} ms`);
      assert.ok(blockMs < 1000, `the extension host was blocked for ${blockMs.toFixed(0)} ms`);
      const huge = vscode.languages.getDiagnostics(vscode.Uri.file(`${dir}/huge.md`));
      assert.deepEqual(huge.map((d) => d.message), ['Not indexed: 50.0 MB is over the 5 MB limit for notes (setting llmNotes.digest.maxFileSizeMB).']);
      assert.equal(api.digest.service.index.search('warmup run 9999')[0]?.entry.title, 'Note 9999');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await vscode.commands.executeCommand('llmNotes.reindexNotes');
      await until(() => !api.digest.service.state.indexing && api.digest.service.index.size === before, `the notes folder removed (${api.digest.service.index.size} entries, ${before} before)`, 120_000);
    }
  });

  it('one failing feature leaves the others working, and its error is shown once', async () => {
    const api = await extensionApi();
    const bad = workspaceUri('tok-broken', 'tokenizer.json');
    await vscode.workspace.fs.writeFile(bad, new TextEncoder().encode('{"model": {"type": "BPE", "vocab": 12}}'));
    await setSetting('tokens.customTokenizers', [{ label: 'Broken', path: bad.fsPath }]);
    await setSetting('digest.include', ['no-such-folder/**/*.md']);
    try {
      const doc = await vscode.workspace.openTextDocument({ content: 'learning rate 学习率', language: 'markdown' });
      const editor = await vscode.window.showTextDocument(doc);
      const noticesBefore = api.tokens.failureNotices.length;
      for (let i = 0; i < 3; i++) {
        editor.selection = new vscode.Selection(0, 0, 0, 5 + i);
        const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 1)));
        assert.match(text, /\| o200k_base \| \d+ \|/);
        assert.match(text, /\| Broken \| ⚠ /);
      }
      const notices = api.tokens.failureNotices.slice(noticesBefore);
      assert.equal(notices.length, 1, notices.join('\n'));
      assert.match(notices[0], /^Broken: .*tok-broken.*tokenizer\.json/);
      // The calculator and the bundled digest do not care.
      await vscode.workspace.openTextDocument(workspaceUri('gpu-memory.md'));
      const memory = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', workspaceUri('gpu-memory.md'));
      assert.ok(memory.some((l) => /fits:|does not fit:/.test(l.command?.title ?? '')));
      await until(() => !api.digest.service.state.indexing && api.digest.service.state.noMatches, 'the empty notes glob');
      assert.ok(api.digest.service.index.search('学习率').length > 0);
    } finally {
      await setSetting('tokens.customTokenizers', undefined);
      await setSetting('digest.include', undefined);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('settings of a folder cannot make the extension read a path: built-in ids and configured labels only', async () => {
    const api = await extensionApi();
    await setSetting('tokens.tokenizers', ['/dev/zero', '../../etc/tokenizer.json', 'o200k_base']);
    await setSetting('tokens.primary', '/dev/zero');
    try {
      const doc = await vscode.workspace.openTextDocument({ content: 'safe text here', language: 'markdown' });
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(0, 0, 0, 9);
      const noticesBefore = api.tokens.failureNotices.length;
      const text = await until(async () => {
        const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 1)));
        return /o200k_base/.test(t) ? t : undefined;
      }, 'a hover with counts');
      assert.doesNotMatch(text, /dev|zero|etc/);
      assert.equal(api.tokens.failureNotices.length, noticesBefore);
      await until(() => /\d/.test(api.tokens.statusBar.text), 'the status bar count');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await setSetting('tokens.tokenizers', undefined);
      await setSetting('tokens.primary', undefined);
    }
  });

  it('a crafted tokenizer label renders as text in the hover; command links take open documents only', async () => {
    await setSetting('tokens.customTokenizers', [{ label: '[x](command:llmNotes.showTokenBoundaries?{"uri":"file:///etc/hostname","range":[0,0,0,4]}) ![i](https://example.invalid/p.png)', path: '/nonexistent/tokenizer.json' }]);
    try {
      const doc = await vscode.workspace.openTextDocument({ content: 'label test', language: 'markdown' });
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(0, 0, 0, 5);
      const text = await until(async () => {
        const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 1)));
        return /o200k_base/.test(t) && /⚠/.test(t) ? t : undefined;
      }, 'a hover with the custom row');
      assert.match(text, /\\\[x\\\]\(command:llmNotes/);
      assert.doesNotMatch(text, /(^|[^\\])!\[i\]/);
      const result = await vscode.commands.executeCommand('llmNotes.showTokenBoundaries', { uri: 'file:///etc/hostname', range: [0, 0, 0, 4] });
      assert.equal(result, undefined);
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === '/etc/hostname'), 'a link opened a file the user did not open');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      await setSetting('tokens.customTokenizers', undefined);
    }
  });

  it('notes reached through a link out of the workspace are not indexed; a malformed glob is said, not thrown', async function () {
    this.timeout(120_000);
    const api = await extensionApi();
    await api.digest.service.ready();
    const outside = mkdtempSync(join(tmpdir(), 'llm-notes-outside-'));
    writeFileSync(join(outside, 'secret.md'), '### Outside note\nQ: zebraquux outside?\nA: yes\n');
    const link = workspaceUri('outside-link').fsPath;
    symlinkSync(outside, link);
    try {
      await vscode.commands.executeCommand('llmNotes.reindexNotes');
      await until(() => !api.digest.service.state.indexing, 'indexing');
      assert.deepEqual(api.digest.service.index.search('zebraquux').map((h) => h.entry.title), []);
      await setSetting('digest.exclude', ['{unbalanced', '**/node_modules/**']);
      await vscode.commands.executeCommand('llmNotes.reindexNotes');
      await until(() => !api.digest.service.state.indexing, 'indexing again');
      const items = api.digest.picker.items('');
      assert.ok(items.some((i) => /The glob "\{unbalanced" has unbalanced braces/.test(i.label)), items.map((i) => i.label).join('\n'));
      assert.ok(api.digest.service.index.size > 0);
    } finally {
      unlinkSync(link);
      rmSync(outside, { recursive: true, force: true });
      await setSetting('digest.exclude', undefined);
    }
  });
});
