import * as vscode from 'vscode';
import { findFitExpressions as scanNote, modelWordAt } from '../../core/memory/noteScanner';

export interface FoundExpression {
  range: vscode.Range;
  text: string;
}

/** One scan per document version, shared by the CodeLens provider and every hover. */
const scanned = new WeakMap<vscode.TextDocument, { version: number; found: FoundExpression[] }>();

/** The fit expressions of a note (core/memory/noteScanner.ts), as editor ranges. */
export function findFitExpressions(document: vscode.TextDocument): FoundExpression[] {
  const cached = scanned.get(document);
  if (cached?.version === document.version) return cached.found;
  const lines = Array.from({ length: document.lineCount }, (_, i) => document.lineAt(i).text);
  const found = scanNote(lines).map((f) => ({ range: new vscode.Range(f.line, f.start, f.line, f.end), text: f.text }));
  scanned.set(document, { version: document.version, found });
  return found;
}

/** A bare model size ("34B") or preset name under the cursor. */
export function modelAt(document: vscode.TextDocument, position: vscode.Position): { range: vscode.Range; text: string } | undefined {
  const hit = modelWordAt(document.lineAt(position.line).text, position.character);
  return hit && { range: new vscode.Range(position.line, hit.start, position.line, hit.end), text: hit.text };
}
