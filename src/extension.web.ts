import * as vscode from 'vscode';
import { activateFeatures, type ExtensionApi } from './vscode/activate';
import { InProcessBackend } from './vscode/tokens/tokenService';

/**
 * Web entry (vscode.dev): the extension host is already a worker, away from the UI thread, so
 * counting runs here; tokenizer.json files are read through the workspace file system.
 */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = Date.now();
  const backend = new InProcessBackend(async (path) => {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(path)));
    } catch {
      return undefined;
    }
  });
  return activateFeatures(context, { tokenBackend: backend }, started);
}

export function deactivate(): void {}
