import { UserError } from '../errors';

/** Default context windows, in tokens: 4k, 8k, 32k, 128k (LLaMA-3.1's 131,072), 200k, 1M. */
export const DEFAULT_CONTEXT_WINDOWS: readonly number[] = [4096, 8192, 32768, 131072, 200000, 1048576];

/**
 * Reads "4k", "128K", "1M", "200000" or a number. A k is 1024 and an M is 1024², as model cards
 * mean them (LLaMA-3.1's "128k" is 131,072); write the exact number when a vendor means 1000s.
 */
export function parseContextWindow(value: unknown): number {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value > 0) return value;
    throw new UserError(`Context window ${value} is not a positive whole number of tokens.`);
  }
  if (typeof value !== 'string') throw new UserError('A context window must be a number or a string such as "128k".');
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(value);
  if (!m) throw new UserError(`Context window "${value}" is not a size such as 8192, "32k" or "1M".`);
  const n = Number(m[1]) * (m[2] === '' ? 1 : m[2].toLowerCase() === 'k' ? 1024 : 1024 * 1024);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UserError(`Context window "${value}" is not a positive whole number of tokens.`);
  return n;
}

/** 131072 → "128k", 200000 → "200k", 1048576 → "1M", 5000 → "5,000". */
export function formatContextWindow(tokens: number): string {
  if (tokens % (1024 * 1024) === 0) return `${tokens / (1024 * 1024)}M`;
  if (tokens % 1024 === 0) return `${tokens / 1024}k`;
  if (tokens % 1000 === 0) return `${tokens / 1000}k`;
  return tokens.toLocaleString('en-US');
}

export interface WindowFit {
  window: number;
  label: string;
  fits: boolean;
  /** Share of the window the text takes, 0–1 and beyond. */
  share: number;
}

export function contextFits(tokens: number, windows: readonly number[]): WindowFit[] {
  return [...windows]
    .sort((a, b) => a - b)
    .map((w) => ({ window: w, label: formatContextWindow(w), fits: tokens <= w, share: tokens / w }));
}
