import * as vscode from 'vscode';
import { parseFitExpression } from '../../core/memory/fitExpression';
import { findModelPreset } from '../../core/memory/presets';

export interface FoundExpression {
  range: vscode.Range;
  text: string;
}

const FENCE_OPEN = /^(\s*)(```+|~~~+)\s*llm-mem\s*$/;

/** One scan per document version, shared by the CodeLens provider and every hover. */
const scanned = new WeakMap<vscode.TextDocument, { version: number; found: FoundExpression[] }>();

/**
 * Fit expressions in a markdown note: every line of a ```llm-mem block, and inline code that
 * reads as one (a model size or preset followed by "on …" or a mode word).
 */
export function findFitExpressions(document: vscode.TextDocument): FoundExpression[] {
  const cached = scanned.get(document);
  if (cached?.version === document.version) return cached.found;
  const found = scan(document);
  scanned.set(document, { version: document.version, found });
  return found;
}

function scan(document: vscode.TextDocument): FoundExpression[] {
  const found: FoundExpression[] = [];
  let fence: string | undefined;
  let inOtherFence = false;
  for (let line = 0; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    if (fence) {
      if (text.trim().startsWith(fence)) fence = undefined;
      else if (text.trim() && !text.trim().startsWith('#')) found.push({ range: new vscode.Range(line, text.length - text.trimStart().length, line, text.trimEnd().length), text: text.trim() });
      continue;
    }
    const open = FENCE_OPEN.exec(text);
    if (open && !inOtherFence) {
      fence = open[2];
      continue;
    }
    if (/^\s*(```|~~~)/.test(text)) {
      inOtherFence = !inOtherFence;
      continue;
    }
    if (inOtherFence) continue;
    for (const m of text.matchAll(/`([^`\n]{3,200})`/g)) {
      if (looksLikeFitExpression(m[1])) found.push({ range: new vscode.Range(line, m.index! + 1, line, m.index! + 1 + m[1].length), text: m[1] });
    }
  }
  return found;
}

/** Inline code is only a fit expression when its first word is a model and it says what to fit. */
export function looksLikeFitExpression(text: string): boolean {
  const words = text.trim().split(/\s+/);
  if (words.length < 2) return false;
  const first = words[0];
  const isModel = /^\d+(\.\d+)?[bmt]$/i.test(first) || /^\d+(\.\d+)?e\d+$/i.test(first) || !!findModelPreset(first);
  if (!isModel) return false;
  if (!/\b(on|inference|infer|serve|full|lora|qlora|finetune|pretrain)\b/i.test(text)) return false;
  try {
    parseFitExpression(text);
    return true;
  } catch {
    return true; // it is meant as one: show its error rather than ignore it
  }
}

/** A bare model size ("34B") or preset name under the cursor, outside code. */
export function modelAt(document: vscode.TextDocument, position: vscode.Position): { range: vscode.Range; text: string } | undefined {
  const range = document.getWordRangeAtPosition(position, /[A-Za-z0-9][\w.-]*/);
  if (!range) return undefined;
  const text = document.getText(range);
  if (/^\d+(\.\d+)?[Bb]$/.test(text) || findModelPreset(text)) return { range, text };
  return undefined;
}
