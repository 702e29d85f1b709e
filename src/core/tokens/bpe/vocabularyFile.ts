import { UserError } from '../../errors';

/**
 * How pieces merge. `tiktoken`: a piece that is itself a token is that token, and otherwise the
 * adjacent pair whose joined bytes have the lowest rank merges first (tiktoken, Meta's LLaMA-3,
 * Mistral's Tekken). `merges`: the adjacent pair earliest in the merges list merges first, as
 * Hugging Face's BPE model does without `ignore_merges`.
 */
export type MergeSemantics = 'tiktoken' | 'merges';

/** Everything a byte-level BPE tokenizer is made of, however it was stored. */
export interface BpeVocabulary {
  id: string;
  semantics: MergeSemantics;
  /** With `merges`: a piece that is itself a token is that token (Hugging Face's `ignore_merges`, LLaMA-3's file). */
  ignoreMerges?: boolean;
  /** Pre-tokenizer regexes, applied in turn; each splits every piece of the one before (HF "Isolated"). */
  patterns: string[];
  /** Unicode NFC before splitting (Qwen's normalizer). */
  nfc: boolean;
  /** Added to every output id (Tekken: ranks come after 1,000 control tokens). */
  idOffset: number;
  /** Token `i`'s bytes are `bytes[offsets[i] .. offsets[i + 1])`; an empty token is a hole. */
  offsets: Uint32Array;
  bytes: Uint8Array;
  /** Merges in priority order, as (left id, right id) pairs; empty for `tiktoken`. */
  pairs: Int32Array;
  /** Added tokens that are not special: matched in the text as the model's tokenizer does (Qwen3's `<think>`). */
  added: [string, number][];
  /** Special tokens (output ids), decoded as their text; never matched in the text. */
  specials: [string, number][];
  /** Vocabulary ids whose entry is not byte-level text (DeepSeek's `<｜begin▁of▁sentence｜>`): never produced by merging. */
  unmatchable: number[];
  bos?: number;
  eos?: number;
  /**
   * A SentencePiece BPE model (Mistral v1/v3) rather than byte-level: text is "▁"-marked, symbols
   * are characters, and a character with no piece becomes its UTF-8 bytes as the pieces
   * <0x00>…<0xFF>, which start at `byteFallback` (their bytes in the file are the raw byte).
   */
  sentencePiece?: { byteFallback: number };
}

/**
 * The file format of a bundled vocabulary (written by scripts/build-vocabularies.mjs, gzip'd):
 *
 *   "LNVOCAB1" · u32 header length · header JSON (UTF-8) · pad to 4
 *   u32 n · u32 offsets[n + 1] · token bytes · pad to 4
 *   u32 m · i32 pairs[2m]
 *
 * All little-endian. The header holds the other fields of BpeVocabulary.
 */
const MAGIC = 'LNVOCAB1';

/** Token i's bytes packed as BpeVocabulary holds them (a missing token is a hole). */
export function packTokens(tokens: readonly (ArrayLike<number> | undefined)[]): { offsets: Uint32Array; bytes: Uint8Array } {
  const offsets = new Uint32Array(tokens.length + 1);
  for (let i = 0; i < tokens.length; i++) offsets[i + 1] = offsets[i] + (tokens[i]?.length ?? 0);
  const bytes = new Uint8Array(offsets[tokens.length]);
  tokens.forEach((t, i) => t && bytes.set(t, offsets[i]));
  return { offsets, bytes };
}
const pad4 = (n: number) => (4 - (n % 4)) % 4;

export function writeVocabularyFile(v: BpeVocabulary): Uint8Array {
  const { offsets, bytes, pairs } = v;
  const header = {
    id: v.id,
    semantics: v.semantics,
    ignoreMerges: v.ignoreMerges,
    patterns: v.patterns,
    nfc: v.nfc,
    idOffset: v.idOffset,
    added: v.added,
    specials: v.specials,
    unmatchable: v.unmatchable,
    bos: v.bos,
    eos: v.eos,
    sentencePiece: v.sentencePiece,
  };
  const head = new TextEncoder().encode(JSON.stringify(header));
  const n = offsets.length - 1;
  const size = 12 + head.length + pad4(head.length) + 4 + 4 * (n + 1) + bytes.length + pad4(bytes.length) + 4 + 4 * pairs.length;
  const data = new Uint8Array(size);
  const view = new DataView(data.buffer);
  for (let i = 0; i < MAGIC.length; i++) data[i] = MAGIC.charCodeAt(i);
  let at = 8;
  view.setUint32(at, head.length, true);
  data.set(head, (at += 4));
  at += head.length + pad4(head.length);
  view.setUint32(at, n, true);
  at += 4;
  for (let i = 0; i <= n; i++, at += 4) view.setUint32(at, offsets[i], true);
  data.set(bytes, at);
  at += bytes.length + pad4(bytes.length);
  view.setUint32(at, pairs.length / 2, true);
  at += 4;
  for (let i = 0; i < pairs.length; i++, at += 4) view.setInt32(at, pairs[i], true);
  return data;
}

/** Reads a vocabulary file (decompressed) as scripts/build-vocabularies.mjs writes it. */
export function readVocabularyFile(data: Uint8Array, name: string): BpeVocabulary {
  const broken = (why: string) => new UserError(`The bundled vocabulary ${name} is damaged (${why}); reinstall the extension. The other tokenizers still work.`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const need = (at: number, n: number) => {
    if (at + n > data.byteLength) throw broken('it ends early');
  };
  need(0, 12);
  for (let i = 0; i < MAGIC.length; i++) if (data[i] !== MAGIC.charCodeAt(i)) throw broken('not a vocabulary file');
  let at = 8;
  const headLength = view.getUint32(at, true);
  at += 4;
  need(at, headLength);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(data.subarray(at, at + headLength))) as Record<string, unknown>;
  } catch {
    throw broken('its header is not JSON');
  }
  at += headLength + pad4(headLength);
  need(at, 4);
  const n = view.getUint32(at, true);
  at += 4;
  need(at, 4 * (n + 1));
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i <= n; i++) offsets[i] = view.getUint32(at + 4 * i, true);
  at += 4 * (n + 1);
  for (let i = 0; i < n; i++) if (offsets[i + 1] < offsets[i]) throw broken('its offsets go backwards');
  const byteLength = offsets[n];
  need(at, byteLength);
  const bytes = data.slice(at, at + byteLength);
  at += byteLength + pad4(byteLength);
  need(at, 4);
  const m = view.getUint32(at, true);
  at += 4;
  need(at, 8 * m);
  const pairs = new Int32Array(2 * m);
  for (let i = 0; i < 2 * m; i++) {
    const id = view.getInt32(at + 4 * i, true);
    if (id < 0 || id >= n) throw broken('a merge names a token it does not have');
    pairs[i] = id;
  }
  const list = (v: unknown): [string, number][] =>
    Array.isArray(v) ? v.filter((e): e is [string, number] => Array.isArray(e) && typeof e[0] === 'string' && Number.isSafeInteger(e[1])) : [];
  const semantics = header.semantics;
  const patterns = header.patterns;
  if ((semantics !== 'tiktoken' && semantics !== 'merges') || !Array.isArray(patterns) || !patterns.every((p) => typeof p === 'string')) {
    throw broken('its header lacks the merge rule or the patterns');
  }
  const id = (v: unknown) => (Number.isSafeInteger(v) ? (v as number) : undefined);
  return {
    id: typeof header.id === 'string' ? header.id : name,
    semantics,
    ignoreMerges: header.ignoreMerges === true,
    patterns: patterns as string[],
    nfc: header.nfc === true,
    idOffset: id(header.idOffset) ?? 0,
    offsets,
    bytes,
    pairs,
    added: list(header.added),
    specials: list(header.specials),
    unmatchable: Array.isArray(header.unmatchable) ? header.unmatchable.filter((v): v is number => Number.isSafeInteger(v)) : [],
    bos: id(header.bos),
    eos: id(header.eos),
    sentencePiece: sentencePiece(header.sentencePiece),
  };
}

function sentencePiece(v: unknown): { byteFallback: number } | undefined {
  const byteFallback = (v as { byteFallback?: unknown } | undefined)?.byteFallback;
  return typeof byteFallback === 'number' && Number.isSafeInteger(byteFallback) && byteFallback >= 0 ? { byteFallback } : undefined;
}
