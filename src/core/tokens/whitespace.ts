/**
 * Unicode White_Space: what `\s` means in the regex engines the reference tokenizers split text
 * with (Rust's regex crate under tiktoken, and Meta's LLaMA-3 tokenizer built on it). JavaScript's
 * `\s` differs in two characters: it also matches U+FEFF (the byte-order mark) and misses U+0085
 * (next line). The fuzz tests found the counts differing on exactly those.
 */
const WHITE_SPACE = '\\t\\n\\v\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** A regex pattern with `\s` and `\S` spelled as Unicode White_Space, inside and outside classes. */
export function withUnicodeWhiteSpace(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[++i];
      if (next === 's') out += inClass ? WHITE_SPACE : `[${WHITE_SPACE}]`;
      else if (next === 'S') {
        if (inClass) throw new Error('withUnicodeWhiteSpace: \\S inside a character class');
        out += `[^${WHITE_SPACE}]`;
      } else out += c + (next ?? '');
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}

/** The same regex with tiktoken's whitespace. */
export function withTiktokenWhiteSpace(re: RegExp): RegExp {
  return new RegExp(withUnicodeWhiteSpace(re.source), re.flags);
}
