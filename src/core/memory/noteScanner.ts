import { closesFence, fenceOpening } from '../text/fences';
import { parseFitExpression } from './fitExpression';
import { findModelPreset } from '../models/presets';

/** A fit expression found in a note: its line (0-based), its columns and its text. */
export interface FoundExpression {
  line: number;
  start: number;
  end: number;
  text: string;
}

/**
 * Fit expressions in a markdown note: every line of a ```llm-mem block, and inline code that reads
 * as one (a model size or preset followed by "on …" or a mode word). Other code blocks are skipped.
 */
export function findFitExpressions(lines: readonly string[], isModel: (word: string) => boolean = isModelWord): FoundExpression[] {
  const found: FoundExpression[] = [];
  let fence: { marker: string; ours: boolean } | undefined;
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line];
    if (fence) {
      if (closesFence(text, fence.marker)) fence = undefined;
      else if (fence.ours) {
        const trimmed = text.trim();
        if (trimmed && !trimmed.startsWith('#')) found.push({ line, start: text.length - text.trimStart().length, end: text.trimEnd().length, text: trimmed });
      }
      continue;
    }
    const open = fenceOpening(text);
    if (open) {
      fence = { marker: open.marker, ours: open.info === 'llm-mem' };
      continue;
    }
    for (const m of text.matchAll(/`([^`\n]{3,200})`/g)) {
      if (looksLikeFitExpression(m[1], isModel)) found.push({ line, start: m.index! + 1, end: m.index! + 1 + m[1].length, text: m[1] });
    }
  }
  return found;
}

/**
 * Inline code is only a fit expression when its first word is a model and it says what to fit. A
 * repository id (org/name) counts as a model, so an unknown one shows its error in the lens.
 */
export function looksLikeFitExpression(text: string, isModel: (word: string) => boolean = isModelWord): boolean {
  const words = text.trim().split(/\s+/);
  if (words.length < 2) return false;
  if (!isModel(words[0]) && !REPO_ID.test(words[0])) return false;
  if (!/\b(on|inference|infer|serve|full|lora|qlora|finetune|pretrain)\b/i.test(text)) return false;
  try {
    parseFitExpression(text);
  } catch {
    // It is meant as one: the lens shows its error rather than ignoring it.
  }
  return true;
}

/** "Qwen/Qwen2.5-72B-Instruct": a Hugging Face repository id. */
const REPO_ID = /^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/;

/** A size ("34B", "6.7e9") or a preset id. */
export function isModelWord(word: string): boolean {
  return /^\d+(\.\d+)?[bmt]$/i.test(word) || /^\d+(\.\d+)?e\d+$/i.test(word) || !!findModelPreset(word);
}

/** A bare model size ("34B"), preset id or known repository id in a line of prose at `character`, with its columns. */
export function modelWordAt(lineText: string, character: number, isModel: (word: string) => boolean = (w) => !!findModelPreset(w)): { start: number; end: number; text: string } | undefined {
  for (const m of lineText.matchAll(/[A-Za-z0-9][\w./-]*/g)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (character < start || character > end) continue;
    const word = m[0].replace(/[./-]+$/, '');
    if (/^\d+(\.\d+)?[Bb]$/.test(word) || isModel(word)) return { start, end: start + word.length, text: word };
    return undefined;
  }
  return undefined;
}
