import { withUnicodeWhiteSpace } from '../whitespace';

/**
 * A pre-tokenizer pattern as JavaScript runs it: `\s` as Unicode White_Space (as in the Rust
 * engines), and `(?i:'s|'t|…)` — which Node 20 cannot parse — spelled with both cases.
 * Throws on what it cannot translate exactly; callers then use another engine.
 */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(withUnicodeWhiteSpace(expandCaseInsensitiveGroups(pattern)), 'gu');
}

function expandCaseInsensitiveGroups(pattern: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const start = pattern.indexOf('(?i:', i);
    if (start < 0) return out + pattern.slice(i);
    out += pattern.slice(i, start) + '(?:';
    let depth = 1;
    let j = start + 4;
    for (; j < pattern.length && depth > 0; j++) {
      const c = pattern[j];
      if (c === '\\' || c === '[') throw new Error('a case-insensitive group with escapes or classes');
      if (c === '(') depth++;
      else if (c === ')') depth--;
      if (depth === 0) break;
      const lower = c.toLowerCase();
      const upper = c.toUpperCase();
      out += lower !== upper && /[a-z]/i.test(c) ? `[${lower}${upper}]` : c;
    }
    if (depth !== 0) throw new Error('an unclosed case-insensitive group');
    out += ')';
    i = j + 1;
  }
}

/**
 * Calls `piece` with each piece of `text`: every regex in turn splits the pieces of the one before.
 * `keepGaps` keeps the text between matches as pieces of their own (Hugging Face's Split,
 * "Isolated"); tiktoken drops it (its patterns leave none).
 */
export function forEachPiece(text: string, regexes: readonly RegExp[], keepGaps: boolean, piece: (text: string) => void, level = 0): void {
  if (level === regexes.length) {
    piece(text);
    return;
  }
  const re = regexes[level];
  re.lastIndex = 0;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const s = m.index;
    const matched = m[0];
    if (matched.length === 0) {
      re.lastIndex = s + (text.codePointAt(s)! > 0xffff ? 2 : 1);
      continue;
    }
    if (keepGaps && s > last) forEachPiece(text.slice(last, s), regexes, keepGaps, piece, level + 1);
    forEachPiece(matched, regexes, keepGaps, piece, level + 1);
    last = s + matched.length;
  }
  if (keepGaps && last < text.length) forEachPiece(last === 0 ? text : text.slice(last), regexes, keepGaps, piece, level + 1);
}
