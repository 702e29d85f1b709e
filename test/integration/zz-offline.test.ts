import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { extensionApi, selectText } from './helpers';

/** Runs last (file order): by now activation and every suite above have run under the net guard too. */
describe('offline and private in the real extension host', () => {
  it('activation and every command of the extension open no socket (net guard preloaded)', async function () {
    this.timeout(120_000);
    const guard = (globalThis as { __llmNotesNetGuard?: { attempts: number } }).__llmNotesNetGuard;
    assert.ok(guard, 'the net guard is not loaded in this extension host (NODE_OPTIONS)');
    const api = await extensionApi();
    await api.digest.service.ready();
    const commands = (vscode.extensions.getExtension('llm-notes.llm-training-notes')!.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(commands.length >= 11);
    const args: Record<string, unknown[]> = {
      'llmNotes.openDigestEntry': ['deepseek-learning-rate-decay'],
      'llmNotes.insertDigestQuote': ['deepseek-learning-rate-decay'],
      'llmNotes.openMemoryCalculator': ['70B qlora on 1xH100'],
    };
    for (const command of commands) {
      await selectText('tokenization.md', '21996');
      const run = vscode.commands.executeCommand(command, ...(args[command] ?? []));
      await new Promise((r) => setTimeout(r, 400));
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await Promise.race([run.then(undefined, () => undefined), new Promise((r) => setTimeout(r, 3000))]);
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const log = process.env.LLM_NOTES_NET_LOG;
    const attempts = log && existsSync(log) ? readFileSync(log, 'utf8') : '';
    assert.equal(attempts, '', attempts);
    assert.equal(guard.attempts, 0);
  });
});
