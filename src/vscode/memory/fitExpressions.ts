import * as vscode from 'vscode';
import { findFitExpressions as scanNote, isModelWord, modelWordAt } from '../../core/memory/noteScanner';

export interface FoundExpression {
  range: vscode.Range;
  text: string;
}

/** One scan per document version, shared by the CodeLens provider and every hover. */
let scanned = new WeakMap<vscode.TextDocument, { version: number; found: FoundExpression[] }>();

/** Scans again on next use: the models known changed (a word may now name one). */
export function forgetScans(): void {
  scanned = new WeakMap();
}

/** The fit expressions of a note (core/memory/noteScanner.ts), as editor ranges; `isModel` knows the catalog's models too. */
export function findFitExpressions(document: vscode.TextDocument, isModel: (word: string) => boolean = isModelWord): FoundExpression[] {
  const cached = scanned.get(document);
  if (cached?.version === document.version) return cached.found;
  const lines = Array.from({ length: document.lineCount }, (_, i) => document.lineAt(i).text);
  const found = scanNote(lines, (w) => isModelWord(w) || isModel(w)).map((f) => ({ range: new vscode.Range(f.line, f.start, f.line, f.end), text: f.text }));
  scanned.set(document, { version: document.version, found });
  return found;
}

/** A bare model size ("34B"), preset or catalog model name under the cursor. */
export function modelAt(document: vscode.TextDocument, position: vscode.Position, isModel?: (word: string) => boolean): { range: vscode.Range; text: string } | undefined {
  const hit = modelWordAt(document.lineAt(position.line).text, position.character, isModel);
  return hit && { range: new vscode.Range(position.line, hit.start, position.line, hit.end), text: hit.text };
}
