import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EntryItem } from '../../src/vscode/digest/picker';
import { extensionApi, until, workspaceUri } from './helpers';

describe('Q&A digest in the real extension host', () => {
  it('the search command opens a quick pick; an English query finds a Chinese entry; picking it opens the rendered entry', async () => {
    const api = await extensionApi();
    const qp = (await vscode.commands.executeCommand('llmNotes.searchDigest')) as vscode.QuickPick<EntryItem>;
    assert.equal(qp, api.digest.picker.current);
    assert.equal(qp.title, 'Search Q&A Digest');
    // The list is rebuilt when indexing the notes ends: type once it has.
    await api.digest.service.ready();
    await until(() => !api.digest.service.state.indexing || undefined, 'the notes indexed');
    qp.value = 'learning rate decay';
    // The value reaches our onDidChangeValue through the workbench, so wait for the ranked list.
    const first = await until(() => {
      const top = qp.items.find((i) => i.entryId);
      return top?.entryId === 'deepseek-learning-rate-decay' ? top : undefined;
    }, 'search results');
    assert.equal(first?.entryId, 'deepseek-learning-rate-decay');
    assert.equal(first?.description, '简短问答 · digest/05-short-qa.md');
    assert.ok(first?.detail);
    // The row in the list as it is now (a rebuilt list holds new item objects).
    qp.activeItems = [qp.items.find((i) => i.entryId === first?.entryId)!];
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const shown = await until(() => api.digest.entryView.shown, 'the entry view');
    assert.equal(shown.entry.id, 'deepseek-learning-rate-decay');
    assert.match(shown.html, /初始最大的学习率是通过超参scaling law的方式得到的/);
    assert.match(shown.html, /<a href="https:\/\/arxiv\.org\/abs\/2212\.09803"/);
    // Opened from a search: the matches marked (escaped text inside), the first scrolled to by the one nonce'd script.
    assert.match(shown.html, /<mark id="match-1">[^<]*(learning rate|decay)[^<]*<\/mark>/i);
    assert.match(shown.html, /script-src 'nonce-[A-Za-z0-9]{32}'/);
    assert.match(shown.html, /<script nonce="[A-Za-z0-9]{32}" src="[^"]+\/dist\/webview\/entryView\.js"><\/script>/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the tokenizer entry links to a comparison of its own text under every configured tokenizer', async () => {
    const api = await extensionApi();
    await api.digest.service.ready();
    const entry = api.digest.service.index.all().find((e) => /3200 tokens/.test(e.title))!;
    api.digest.entryView.show(entry);
    assert.match(api.digest.entryView.shown!.html, /<a href="command:llmNotes\.compareDigestEntryTokenizers\?[^"]+">Compare tokenizers on this text<\/a>/);
    const markdown = (await vscode.commands.executeCommand('llmNotes.compareDigestEntryTokenizers', entry.id)) as string;
    // One row per configured tokenizer (the defaults), each with a count.
    for (const label of ['o200k_base', 'cl100k_base', 'LLaMA-2', 'LLaMA-3']) assert.match(markdown, new RegExp(`\\| ${label} \\| [0-9,]+ \\|`), label);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('toneless pinyin finds Chinese: "xuexilv" shows the passage with 学习率 and opens it marked', async () => {
    const api = await extensionApi();
    await api.digest.service.ready();
    // The picker's own items for the query (what the quick pick lists), then the view it opens.
    const first = api.digest.picker.items('xuexilv').find((i) => i.entryId)!;
    assert.ok(first.detail?.includes('学习率'), JSON.stringify(first));
    assert.ok(first.matcher, 'the item carries what matched');
    api.digest.entryView.show(api.digest.service.entry(first.entryId!)!, first.matcher);
    const shown = api.digest.entryView.shown!;
    assert.equal(shown.entry.id, first.entryId);
    assert.match(shown.html, /<mark id="match-1">学习率<\/mark>/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the user’s notes join the index with file and line, and follow saves and deletes', async () => {
    const api = await extensionApi();
    await api.digest.service.ready();
    await until(() => !api.digest.service.state.indexing && api.digest.service.state.files > 0, 'notes indexed');
    const hit = api.digest.service.index.search('warmup 尖峰')[0];
    assert.equal(hit.entry.title, 'Why does the loss spike after warmup ends?');
    assert.equal(hit.entry.source, 'qa/training-qa.md');
    assert.equal(hit.entry.line, 3);

    const note = workspaceUri('qa', 'new-note.md');
    await vscode.workspace.fs.writeFile(note, new TextEncoder().encode('## New\n\nQ: zebra-striped gradients?\nA: a test entry\n'));
    const fromNewNote = () => api.digest.service.index.search('zebra-striped').filter((h) => h.entry.source === 'qa/new-note.md');
    await until(() => fromNewNote().length === 1, 'the new note indexed by the watcher');
    await vscode.workspace.fs.writeFile(note, new TextEncoder().encode('## New\n\nA1: orphan answer\n'));
    await until(() => fromNewNote().length === 0, 'the saved note re-indexed');
    const diagnostics = await until(() => {
      const d = vscode.languages.getDiagnostics(note);
      return d.length ? d : undefined;
    }, 'a diagnostic for the malformed block');
    assert.equal(diagnostics[0].range.start.line, 2);
    assert.match(diagnostics[0].message, /answers no question/);
    await vscode.workspace.fs.delete(note);
    await until(() => vscode.languages.getDiagnostics(note).length === 0, 'diagnostics cleared on delete');
  });

  it('Insert as Quote puts a blockquote with a source line into the active note', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '# My note\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 9, 0, 9);
    await vscode.commands.executeCommand('llmNotes.insertDigestQuote', 'full-finetune-34b-on-4xa100');
    const text = doc.getText();
    assert.match(text, /^# My note\n\n> \*\*Q:\*\* 请问下4xA100 80G能full parameter训得动34B的模型吗\?\n/);
    assert.match(text, /> — Can 4×A100 80G fully fine-tune a 34B model\? \(简短问答, digest\/05-short-qa\.md:\d+\)\n/);
  });

  it('a glob that matches nothing is said in the picker, never an empty silent list', async () => {
    const api = await extensionApi();
    await vscode.workspace.getConfiguration('llmNotes').update('digest.include', ['nothing-here/**/*.md'], vscode.ConfigurationTarget.Workspace);
    try {
      await until(() => api.digest.service.state.noMatches !== undefined, 'the no-match state');
      const items = api.digest.picker.items('');
      assert.match(items[0].label, /No notes match llmNotes\.digest\.include \(nothing-here\/\*\*\/\*\.md\)/);
      assert.match(api.digest.picker.items('qwertyuiopzxcv')[1].label, /No entry matches/);
    } finally {
      await vscode.workspace.getConfiguration('llmNotes').update('digest.include', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
