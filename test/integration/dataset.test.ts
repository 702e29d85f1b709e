import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { extensionApi, until, workspaceUri } from './helpers';

describe('a training set in the editor', () => {
  it('"Count Tokens in Dataset" counts a JSONL file on workers and opens the report; Cancel leaves partial counts', async () => {
    const api = await extensionApi();
    const file = workspaceUri('configs', 'sft-sample.jsonl');
    const summary = (await vscode.commands.executeCommand('llmNotes.countDatasetTokens', file)) as { records: number; partial: boolean; skippedTotal: number; tokenizers: { id: string }[] } | undefined;
    assert.ok(summary, 'a summary');
    assert.equal(summary.records, 4);
    assert.equal(summary.skippedTotal, 1);
    assert.equal(summary.partial, false);
    const report = await until(() => api.dataset.view.lastReport, 'the report');
    assert.match(report.title, /^Tokens in sft-sample\.jsonl$/);
    assert.equal(report.rows.length, summary.tokenizers.length);
    assert.ok(report.histograms.length >= 1 && report.histograms[0].buckets.length >= 1);
    assert.match(report.skipped.join('\n'), /sft-sample\.jsonl:3: not JSON/);
    assert.match(api.dataset.view.webview!.html, /script-src 'nonce-[A-Za-z0-9]{32}'/);
    await api.dataset.view.handle({ type: 'copyMarkdown' });
    assert.match(await vscode.env.clipboard.readText(), /\| tokenizer \| records \| total tokens \|/);
    // Cancel while a 30 MB file is being counted: what was counted so far is shown, marked partial.
    const big = join(mkdtempSync(join(tmpdir(), 'llm-notes-ds-')), 'big.jsonl');
    writeFileSync(big, Array.from({ length: 400000 }, (_, i) => JSON.stringify({ text: `record ${i}: 学习率 warmup and decay, a sentence of some length` })).join('\n'));
    const pending = vscode.commands.executeCommand('llmNotes.countDatasetTokens', vscode.Uri.file(big)) as Thenable<{ partial: boolean; records: number } | undefined>;
    await until(() => api.dataset.running || undefined, 'the count to start');
    api.dataset.cancel();
    const cancelled = await pending;
    assert.equal(cancelled?.partial, true);
    assert.ok(cancelled.records < 400000, String(cancelled.records));
    assert.match(api.dataset.view.lastReport?.partial ?? '', /Cancelled before the end/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
