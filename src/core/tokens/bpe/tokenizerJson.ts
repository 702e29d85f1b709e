import { packTokens, type BpeVocabulary } from './vocabularyFile';

/** GPT-2's pre-tokenizer pattern, which ByteLevel applies when `use_regex` is true. */
const GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

/** GPT-2's byte ↔ printable-unicode mapping, in which byte-level vocabularies are written. */
function byteOfChar(): Map<string, number> {
  const bytes: number[] = [];
  for (let b = 33; b <= 126; b++) bytes.push(b);
  for (let b = 161; b <= 172; b++) bytes.push(b);
  for (let b = 174; b <= 255; b++) bytes.push(b);
  const chars = bytes.map((b) => String.fromCharCode(b));
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(String.fromCharCode(256 + extra++));
    }
  }
  return new Map(chars.map((c, i) => [c, bytes[i]]));
}

let byteMap: Map<string, number> | undefined;

/** The bytes a byte-level token stands for, or undefined when a character is outside the byte map. */
export function byteLevelBytes(token: string): number[] | undefined {
  byteMap ??= byteOfChar();
  const out: number[] = [];
  for (const c of token) {
    const b = byteMap.get(c);
    if (b === undefined) return undefined;
    out.push(b);
  }
  return out;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * A Hugging Face tokenizer.json that is byte-level BPE of the shape our engine runs exactly (Qwen,
 * DeepSeek, LLaMA-3, GPT-2 style), as a vocabulary; otherwise the reason it is not, and the caller
 * uses @huggingface/tokenizers instead.
 */
export function byteLevelVocabulary(id: string, json: Json): BpeVocabulary | { notByteLevel: string } {
  const model = json.model;
  if (!isObject(model) || model.type !== 'BPE') return { notByteLevel: 'not a BPE model' };
  if (model.dropout || model.byte_fallback || model.continuing_subword_prefix || model.end_of_word_suffix) return { notByteLevel: 'BPE options this engine does not run' };
  const normalizer = json.normalizer;
  let nfc = false;
  const normalizers = normalizer === null || normalizer === undefined ? [] : isObject(normalizer) && normalizer.type === 'Sequence' ? normalizer.normalizers : [normalizer];
  if (!Array.isArray(normalizers)) return { notByteLevel: 'an unreadable normalizer' };
  for (const n of normalizers) {
    if (isObject(n) && n.type === 'NFC') nfc = true;
    else return { notByteLevel: 'a normalizer other than NFC' };
  }
  const pre = json.pre_tokenizer;
  const steps = isObject(pre) && pre.type === 'Sequence' ? pre.pretokenizers : [pre];
  if (!Array.isArray(steps)) return { notByteLevel: 'an unreadable pre-tokenizer' };
  const patterns: string[] = [];
  let byteLevel = false;
  for (const step of steps) {
    if (!isObject(step)) return { notByteLevel: 'an unreadable pre-tokenizer' };
    if (step.type === 'Split' && step.behavior === 'Isolated' && !step.invert && isObject(step.pattern) && !byteLevel) {
      const { Regex: regex, String: literal } = step.pattern;
      if (typeof regex === 'string') patterns.push(regex);
      else if (typeof literal === 'string') patterns.push(escapeRegex(literal));
      else return { notByteLevel: 'a Split without a pattern' };
    } else if (step.type === 'ByteLevel' && !step.add_prefix_space && !byteLevel) {
      byteLevel = true;
      if (step.use_regex !== false) patterns.push(GPT2_PATTERN);
    } else return { notByteLevel: `a ${String(step.type)} pre-tokenizer this engine does not run` };
  }
  if (!byteLevel) return { notByteLevel: 'no ByteLevel pre-tokenizer' };
  const vocab = model.vocab;
  if (!isObject(vocab)) return { notByteLevel: 'no vocabulary' };
  const entries = Object.entries(vocab);
  let n = 0;
  for (const [, tid] of entries) {
    if (typeof tid !== 'number' || !Number.isSafeInteger(tid) || tid < 0 || tid > 0x7ffffff0) return { notByteLevel: 'an id that is not a whole number' };
    n = Math.max(n, tid + 1);
  }
  // Ids are dense in real files; a sparse one would make arrays sized by the id, not the vocabulary.
  if (n > 2 * entries.length + 1024) return { notByteLevel: 'ids far beyond the number of tokens' };
  const tokens: (number[] | undefined)[] = new Array<number[] | undefined>(n);
  const unmatchable: number[] = [];
  const encoder = new TextEncoder();
  for (const [token, tid] of entries as [string, number][]) {
    const bytes = byteLevelBytes(token);
    if (bytes) tokens[tid] = bytes;
    else {
      tokens[tid] = Array.from(encoder.encode(token));
      unmatchable.push(tid);
    }
  }
  const { offsets, bytes } = packTokens(tokens);
  const merges = model.merges;
  if (!Array.isArray(merges)) return { notByteLevel: 'no merges' };
  const pairs = new Int32Array(2 * merges.length);
  for (let k = 0; k < merges.length; k++) {
    const m: unknown = merges[k];
    const parts = typeof m === 'string' ? m.split(' ') : m;
    if (!Array.isArray(parts) || parts.length !== 2) return { notByteLevel: 'a merge that is not a pair' };
    const a = (vocab as Record<string, unknown>)[parts[0] as string];
    const b = (vocab as Record<string, unknown>)[parts[1] as string];
    if (typeof a !== 'number' || typeof b !== 'number') return { notByteLevel: 'a merge of tokens not in the vocabulary' };
    pairs[2 * k] = a;
    pairs[2 * k + 1] = b;
  }
  const addedTokens = Array.isArray(json.added_tokens) ? json.added_tokens : [];
  const added: [string, number][] = [];
  const specials: [string, number][] = [];
  for (const t of addedTokens) {
    if (!isObject(t) || typeof t.content !== 'string' || typeof t.id !== 'number') return { notByteLevel: 'an unreadable added token' };
    if (t.special) specials.push([t.content, t.id]);
    else {
      if (t.lstrip || t.rstrip || t.single_word || (t.normalized && nfc)) return { notByteLevel: 'added tokens with options this engine does not run' };
      added.push([t.content, t.id]);
    }
  }
  return {
    id,
    semantics: 'merges',
    ignoreMerges: model.ignore_merges === true,
    patterns,
    nfc,
    idOffset: 0,
    offsets,
    bytes,
    pairs,
    added,
    specials,
    unmatchable,
  };
}
