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

/** Arguments a command accepts: a document that is already open, and four whole numbers. */
function isRangeArgs(a: unknown): a is RangeArgs {
  const r = (a as RangeArgs | undefined)?.range;
  return !!a && typeof (a as RangeArgs).uri === 'string' && Array.isArray(r) && r.length === 4 && r.every((x) => Number.isSafeInteger(x) && x >= 0);
}

/**
 * Resolves command arguments, or the active editor when a command runs from the palette. A
 * command link may only name a document that is open in the editor (the hover's own links do): a
 * crafted link cannot make a command read a file from disk.
 */
export async function scopeFromArgs(args: unknown): Promise<TextScope | undefined> {
  const editor = vscode.window.activeTextEditor;
  // The editor's context menu passes the document's URI: the active editor's selection is meant.
  if (args instanceof vscode.Uri) return editor && editor.document.uri.toString() === args.toString() ? textScope(editor) : undefined;
  if (args !== undefined && args !== null && !isRangeArgs(args)) return undefined;
  if (isRangeArgs(args)) {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === args.uri);
    if (!document) return undefined;
    const range = document.validateRange(new vscode.Range(args.range[0], args.range[1], args.range[2], args.range[3]));
    return { text: document.getText(range), scope: range.isEmpty ? 'document' : 'selection', document, range };
  }
  return editor ? textScope(editor) : undefined;
}
