import * as vscode from 'vscode';
import { activateFeatures, type ExtensionApi } from './vscode/activate';
import { InProcessBackend } from './counting/inProcessBackend';
import { WebWorkerBackend, type WorkerLike } from './counting/webWorkerBackend';
import { webVocabularies } from './counting/webVocabularies';

/**
 * Web entry (vscode.dev): built-in tokenizers count in a Web Worker of their own, started from a
 * blob of dist/web/tokenWorker.js on first use; tokenizer.json files are read through the
 * workspace file system and counted in the web extension host (itself a worker, off the UI
 * thread), which is also the fallback if the Web Worker cannot start.
 */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = Date.now();
  const vocabularies = vscode.Uri.joinPath(context.extensionUri, 'dist', 'vocab');
  const inProcess = new InProcessBackend(
    async (path) => {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path)));
      } catch {
        return undefined;
      }
    },
    webVocabularies(async (name) => vscode.workspace.fs.readFile(vscode.Uri.joinPath(vocabularies, name))),
  );
  const backend = new WebWorkerBackend(async () => {
    if (typeof Worker === 'undefined') throw new Error('Web Workers are not available here');
    const code = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'tokenWorker.js'));
    // A blob has no URL of its own to find dist/vocab/ from: the worker is told where it is.
    const base = `self.llmNotesVocabularyBase = ${JSON.stringify(`${vocabularies.toString(true)}/`)};\n`;
    const url = URL.createObjectURL(new Blob([base, new TextDecoder().decode(code)], { type: 'text/javascript' }));
    return new Worker(url, { name: 'llm-notes-tokens' }) as unknown as WorkerLike;
  }, inProcess);
  return activateFeatures(context, { tokenBackend: backend }, started);
}

export function deactivate(): void {}
