import * as vscode from 'vscode';

export interface TextScope {
  text: string;
  scope: 'selection' | 'document';
  document: vscode.TextDocument;
  range: vscode.Range;
}

/** The primary selection's text when it is non-empty, otherwise the whole document's. */
export function textScope(editor: vscode.TextEditor): TextScope {
  const document = editor.document;
  if (!editor.selection.isEmpty) {
    return { text: document.getText(editor.selection), scope: 'selection', document, range: editor.selection };
  }
  const range = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  return { text: document.getText(), scope: 'document', document, range };
}

/** Arguments carried by hover command links: which document and range the counts were for. */
export interface RangeArgs {
  uri: string;
  range: [number, number, number, number];
}

export function rangeArgs(document: vscode.TextDocument, range: vscode.Range): RangeArgs {
  return { uri: document.uri.toString(), range: [range.start.line, range.start.character, range.end.line, range.end.character] };
}

/** Resolves command arguments, or the active editor when a command runs from the palette. */
export async function scopeFromArgs(args: unknown): Promise<TextScope | undefined> {
  const a = args as RangeArgs | undefined;
  if (a && typeof a.uri === 'string' && Array.isArray(a.range) && a.range.length === 4) {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(a.uri));
    const range = document.validateRange(new vscode.Range(a.range[0], a.range[1], a.range[2], a.range[3]));
    return { text: document.getText(range), scope: range.isEmpty ? 'document' : 'selection', document, range };
  }
  const editor = vscode.window.activeTextEditor;
  return editor ? textScope(editor) : undefined;
}
