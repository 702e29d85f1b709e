import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/vscode/activate';

export const EXTENSION_ID = 'llm-notes.llm-training-notes';

export async function extensionApi(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the examples workspace is not open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** Opens a note and selects the first occurrence of `needle`. */
export async function selectText(file: string, needle: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(file));
  const editor = await vscode.window.showTextDocument(doc);
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} not found in ${file}`);
  editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + needle.length));
  return editor;
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

export { until } from '../shared/until';

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('llmNotes').update(key, value, vscode.ConfigurationTarget.Workspace);
}
