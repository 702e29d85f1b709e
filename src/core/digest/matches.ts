import { pinyinRanges, type PinyinReadings } from './pinyin';

/**
 * What a query matches in text, for the snippet and the highlights: its words (a Latin word at the
 * start of a word, case-insensitively; CJK pairs anywhere) and the Chinese its pinyin reads as.
 */
export interface QueryMatcher {
  /** The whole query, lower-cased and single-spaced: the phrase the top tier matched. */
  phrase: string;
  tokens: readonly string[];
  /** Pinyin index terms the query asked for (PINYIN_MARK/INITIALS_MARK prefixed). */
  pinyin: ReadonlySet<string>;
  readings?: PinyinReadings;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
const CJK_START = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Occurrences looked for per token and text: a 64 KB passage of "a a a …" stays bounded. */
const MAX_OCCURRENCES = 200;

/** `text` lower-cased, keeping every character whose lower case would change the string's length. */
export function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const ch of text) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/** Where one token occurs in (lower-cased) text. */
function tokenRanges(lower: string, token: string): [number, number][] {
  const out: [number, number][] = [];
  const anywhere = CJK_START.test(token);
  for (let at = lower.indexOf(token); at >= 0 && out.length < MAX_OCCURRENCES; at = lower.indexOf(token, at + token.length)) {
    if (anywhere || at === 0 || !WORD_CHAR.test(lower[at - 1])) out.push([at, at + token.length]);
  }
  return out;
}

/** Sorted; overlapping ranges, and ranges apart by spaces only ("learning rate"), merged. */
function merged(ranges: [number, number][], text: string): [number, number][] {
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && (r[0] <= last[1] || /^[ \t]+$/.test(text.slice(last[1], r[0])))) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** Every match of the query in `text`, as merged [start, end) ranges in UTF-16 units. */
export function matchRanges(text: string, m: QueryMatcher): [number, number][] {
  const lower = lowerSameLength(text);
  const ranges: [number, number][] = [];
  if (m.phrase && m.tokens.length > 1) ranges.push(...tokenRanges(lower, m.phrase));
  for (const t of m.tokens) ranges.push(...tokenRanges(lower, t));
  if (m.pinyin.size && m.readings) ranges.push(...pinyinRanges(text, m.pinyin, m.readings));
  return merged(ranges, text);
}

/**
 * How well `text` matches, and where first: each distinct token found adds its weight (rarer
 * words weigh more), Chinese found by pinyin adds `pinyinWeight`, the whole phrase adds 100.
 */
export function matchScore(text: string, m: QueryMatcher, weight: (token: string) => number, pinyinWeight = 1): { score: number; first: number } {
  const lower = lowerSameLength(text);
  let score = 0;
  let first = Infinity;
  if (m.phrase && m.tokens.length > 1) {
    const at = lower.indexOf(m.phrase);
    if (at >= 0) {
      score += 100;
      first = at;
    }
  }
  for (const t of m.tokens) {
    const r = tokenRanges(lower, t);
    if (!r.length) continue;
    score += weight(t);
    first = Math.min(first, r[0][0]);
  }
  if (m.pinyin.size && m.readings) {
    const r = pinyinRanges(text, m.pinyin, m.readings);
    if (r.length) {
      score += pinyinWeight * Math.min(r.length, 3);
      first = Math.min(first, r[0][0]);
    }
  }
  return { score, first: Number.isFinite(first) ? first : 0 };
}
