export interface TextStats {
  /** Unicode code points (what Python's len() counts); a lone surrogate counts as one. */
  chars: number;
  /** Runs of letters or digits outside CJK scripts. */
  words: number;
  /** Han, kana and Hangul characters, which have no spaces between words. */
  cjkChars: number;
  /** UTF-8 bytes, with a lone surrogate taking the 3 bytes of U+FFFD as every encoder writes it. */
  bytes: number;
  lines: number;
}

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) || // CJK Unified Ideographs
    (cp >= 0x3400 && cp <= 0x4dbf) || // Extension A
    (cp >= 0x20000 && cp <= 0x3134f) || // Extensions B–G
    (cp >= 0xf900 && cp <= 0xfaff) || // Compatibility Ideographs
    (cp >= 0x3040 && cp <= 0x30ff) || // Hiragana, Katakana
    (cp >= 0x31f0 && cp <= 0x31ff) ||
    (cp >= 0xac00 && cp <= 0xd7af) || // Hangul syllables
    (cp >= 0x1100 && cp <= 0x11ff)
  );
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;

/** One pass over the text; linear, no regex over the whole string. */
export function textStats(text: string): TextStats {
  let chars = 0;
  let words = 0;
  let cjkChars = 0;
  let bytes = 0;
  let lines = text.length > 0 ? 1 : 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    chars++;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (cp === 10) lines++;
    if (isCjk(cp)) {
      cjkChars++;
      inWord = false;
    } else if (cp < 0x80 ? isAsciiWordChar(cp) : WORD_CHAR.test(String.fromCodePoint(cp))) {
      if (!inWord) words++;
      inWord = true;
    } else {
      inWord = false;
    }
  }
  return { chars, words, cjkChars, bytes, lines };
}

function isAsciiWordChar(cp: number): boolean {
  return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || cp === 95;
}
