import { UserError } from '../errors';
import { parseJsonFile } from '../json';
import { patternHazard, tokenizerPatterns } from './patternCost';
import { withTiktokenWhiteSpace } from './whitespace';
import type { BuiltinTokenizerId } from './registry';

export interface EncodeOptions {
  /** Prepend the beginning-of-sequence token where the tokenizer has one (LLaMA, most HF models). */
  bos?: boolean;
  /** Append the end-of-sequence token where the tokenizer has one. */
  eos?: boolean;
}

/** What every tokenizer offers the rest of the extension, whatever library is behind it. */
export interface TokenEngine {
  readonly id: string;
  /** Token ids of `text`; special-token text such as `<|endoftext|>` is encoded as ordinary text. */
  encode(text: string, options?: EncodeOptions): number[];
  /** Text of a run of ids; a partial UTF-8 sequence decodes to U+FFFD. */
  decode(ids: readonly number[]): string;
}

/** The parts of gpt-tokenizer's BytePairEncodingCore this file corrects (see correctProcessor). */
interface BpeProcessor {
  tokenSplitRegex: RegExp;
  tryDecodeToken(rank: number): string | Uint8Array | undefined;
  getBpeRankFromBytes(key: Uint8Array): number | undefined;
  bytePairMerge(piece: Uint8Array): number[];
  binarySearch(key: Uint8Array): number;
  bytePairNonUtfSortedEncoder: [Uint8Array, number][];
  bytePairStringRankEncoder: Map<string, number>;
}

type GptEncodingModule = {
  encode(text: string, options?: { disallowedSpecial?: Set<string>; allowedSpecial?: Set<string> }): number[];
  encodeGenerator(text: string, options?: { disallowedSpecial?: Set<string>; allowedSpecial?: Set<string> }): Iterable<number[]>;
  /** The GptEncoding instance; its processor is private in the typings, so read as unknown. */
  default?: unknown;
};

/** Nothing is special: `<|endoftext|>` in a note is text the user wrote, not a control token. */
const NO_SPECIAL = { allowedSpecial: new Set<string>(), disallowedSpecial: new Set<string>() };

const utf8 = new TextEncoder();
/** Not streaming (no state between calls) and keeping a leading U+FEFF, which is text like any other. */
const utf8Text = new TextDecoder('utf-8', { ignoreBOM: true });
const utf8Strict = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
const CORRECTED = new WeakSet<object>();

/**
 * Makes gpt-tokenizer agree with tiktoken on the two things the fuzz tests caught it out on, text
 * with U+FEFF or U+0085 in it: its split regex uses JavaScript's \s (whitespace.ts), and its
 * byte lookup turns a byte run that starts with a BOM into a string with the BOM dropped, so the
 * run "EF BB BF" (a token of its own in cl100k and o200k) was never found.
 */
function correctProcessor(p: BpeProcessor): void {
  if (CORRECTED.has(p)) return;
  p.tokenSplitRegex = withTiktokenWhiteSpace(p.tokenSplitRegex);
  const original = p.getBpeRankFromBytes.bind(p);
  p.getBpeRankFromBytes = (key) => {
    if (key[0] !== 0xef || key[1] !== 0xbb || key[2] !== 0xbf) return original(key);
    const index = p.binarySearch(key);
    if (index !== -1) return p.bytePairNonUtfSortedEncoder[index][1];
    try {
      return p.bytePairStringRankEncoder.get(utf8Strict.decode(key));
    } catch {
      return undefined;
    }
  };
  const merge = p.bytePairMerge.bind(p);
  p.bytePairMerge = (piece) => (piece.length > LONG_PIECE_BYTES ? mergeWithHeap(piece, (bytes) => p.getBpeRankFromBytes(bytes)) : merge(piece));
  CORRECTED.add(p);
}

/**
 * Texts longer than this are encoded piece by piece (see gptEngine). In characters, chosen so that
 * no piece below it can hold more tokens than a call's arguments may: a character is at most 4
 * UTF-8 bytes, so 40,000 tokens at most (45,000 × U+E000, 135,000 tokens, overflowed the stack
 * under the old 100,000-character guard).
 */
const HUGE_TEXT = 10_000;

/** Pieces longer than this merge through the heap; shorter ones through the library's own loop. */
const LONG_PIECE_BYTES = 256;

/**
 * tiktoken's merge rule (merge the lowest-ranked adjacent pair, the leftmost on ties, until none
 * is in the vocabulary) kept with a heap and a linked list: O(n log n) where the library's loop
 * is O(n²). A 40,000-letter run with no space or digit (a long identifier, a pasted blob) took
 * 2.3 s that way, and a 10 MB one would take hours; the result is the same, merge for merge.
 */
export function mergeWithHeap(piece: Uint8Array, rankOf: (bytes: Uint8Array) => number | undefined): number[] {
  const n = piece.length;
  const next = new Int32Array(n + 1);
  const prev = new Int32Array(n + 1);
  const version = new Int32Array(n + 1);
  const alive = new Uint8Array(n + 1);
  for (let i = 0; i <= n; i++) {
    next[i] = Math.min(i + 1, n);
    prev[i] = i - 1;
    alive[i] = 1;
  }
  // Min-heap of (rank, position, version) in three parallel arrays.
  const heapRank: number[] = [];
  const heapPos: number[] = [];
  const heapVer: number[] = [];
  const less = (a: number, b: number) => heapRank[a] < heapRank[b] || (heapRank[a] === heapRank[b] && heapPos[a] < heapPos[b]);
  const swap = (a: number, b: number) => {
    [heapRank[a], heapRank[b]] = [heapRank[b], heapRank[a]];
    [heapPos[a], heapPos[b]] = [heapPos[b], heapPos[a]];
    [heapVer[a], heapVer[b]] = [heapVer[b], heapVer[a]];
  };
  const push = (rank: number, pos: number) => {
    let i = heapRank.length;
    heapRank.push(rank);
    heapPos.push(pos);
    heapVer.push(version[pos]);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(i, parent)) break;
      swap(i, parent);
      i = parent;
    }
  };
  const pop = () => {
    const last = heapRank.length - 1;
    swap(0, last);
    const top = { rank: heapRank.pop()!, pos: heapPos.pop()!, ver: heapVer.pop()! };
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heapRank.length && less(l, m)) m = l;
      if (r < heapRank.length && less(r, m)) m = r;
      if (m === i) break;
      swap(i, m);
      i = m;
    }
    return top;
  };
  const pairRank = (i: number) => {
    if (i < 0 || next[i] >= n) return undefined;
    return rankOf(piece.subarray(i, next[next[i]]));
  };
  const schedule = (i: number) => {
    version[i]++;
    const rank = pairRank(i);
    if (rank !== undefined) push(rank, i);
  };
  for (let i = 0; i < n; i++) schedule(i);
  while (heapRank.length) {
    const { pos, ver } = pop();
    if (!alive[pos] || ver !== version[pos]) continue;
    const j = next[pos];
    alive[j] = 0;
    next[pos] = next[j];
    if (next[j] < n) prev[next[j]] = pos;
    schedule(pos);
    if (prev[pos] >= 0) schedule(prev[pos]);
  }
  const out: number[] = [];
  for (let i = 0; i < n; i = next[i]) {
    const rank = rankOf(piece.subarray(i, next[i]));
    if (rank === undefined) throw new Error(`no token for bytes ${i}–${next[i]}`);
    out.push(rank);
  }
  return out;
}

function gptEngine(id: string, mod: GptEncodingModule): TokenEngine {
  const p = (mod.default as { bytePairEncodingCoreProcessor?: BpeProcessor } | undefined)?.bytePairEncodingCoreProcessor;
  if (!p?.tokenSplitRegex || typeof p.getBpeRankFromBytes !== 'function' || typeof p.tryDecodeToken !== 'function') {
    throw new Error(`gpt-tokenizer ${id}: its internals changed; the corrections in engines.ts no longer apply`);
  }
  correctProcessor(p);
  return {
    id,
    encode(text) {
      if (text.length <= HUGE_TEXT) return mod.encode(text, NO_SPECIAL);
      // The library's encode spreads each piece's ids into an array (push(...ids)): a piece of
      // more than ~120,000 tokens overflows the stack. Its generator hands the pieces over whole.
      const ids: number[] = [];
      for (const piece of mod.encodeGenerator(text, NO_SPECIAL)) for (const id of piece) ids.push(id);
      return ids;
    },
    // Bytes first, text once: the library's own decode keeps a streaming decoder across calls.
    decode(ids) {
      const parts: Uint8Array[] = [];
      let length = 0;
      for (const rank of ids) {
        const value = p.tryDecodeToken(rank);
        if (value === undefined) throw new Error(`${id} has no token ${rank}`);
        const bytes = typeof value === 'string' ? utf8.encode(value) : value;
        parts.push(bytes);
        length += bytes.length;
      }
      const all = new Uint8Array(length);
      let at = 0;
      for (const b of parts) {
        all.set(b, at);
        at += b.length;
      }
      return utf8Text.decode(all);
    },
  };
}

interface LlamaTokenizerLike {
  encode(text: string, addBos?: boolean, addPrecedingSpace?: boolean): number[];
  decode(ids: number[], addBos?: boolean, addPrecedingSpace?: boolean): string;
}

interface Llama3TokenizerLike {
  encode(text: string, options: { bos: boolean; eos: boolean; specialTokenRegex?: RegExp }): number[];
  decode(ids: number[]): string;
}

const LLAMA2_BOS = 1;
const LLAMA2_EOS = 2;
/** A regex that never matches: llama3-tokenizer-js then treats `<|eot_id|>` as ordinary text. */
const NEVER = /(?!)/g;

/** Bounded so a huge file of unique words cannot grow the cache without limit. */
const LLAMA2_CACHE_ENTRIES = 200_000;

/**
 * LLaMA-2's vocabulary has no piece with "▁" after another character and none holding a newline
 * (checked over all 32,000 pieces in the unit tests), so no merge can cross "x|▁" or "\n|x". The
 * text is cut there and each word encoded once: the same ids as encoding the whole string, and
 * ~10× faster on prose, where words repeat.
 */
function llama2Engine(tok: LlamaTokenizerLike): TokenEngine {
  const cache = new Map<string, number[]>();
  const encodeChunk = (chunk: string, first: boolean, out: number[]) => {
    const key = (first ? '\u0001' : '\u0000') + chunk;
    let ids = cache.get(key);
    if (!ids) {
      ids = tok.encode(chunk, false, first);
      if (cache.size >= LLAMA2_CACHE_ENTRIES) cache.clear();
      cache.set(key, ids);
    }
    for (const id of ids) out.push(id);
  };
  return {
    id: 'llama2',
    encode(text, options) {
      const ids: number[] = [];
      if (options?.bos) ids.push(LLAMA2_BOS);
      let start = 0;
      for (let i = 1; i < text.length; i++) {
        const c = text.charCodeAt(i);
        const prev = text.charCodeAt(i - 1);
        if ((c === 32 && prev !== 32) || (prev === 10 && c !== 32)) {
          encodeChunk(text.slice(start, i), start === 0, ids);
          start = i;
        }
      }
      // SentencePiece adds a dummy prefix space ("▁") to non-empty input, as HF's LlamaTokenizer does.
      if (text.length > 0) encodeChunk(text.slice(start), start === 0, ids);
      if (options?.eos) ids.push(LLAMA2_EOS);
      return ids;
    },
    decode: (ids) => tok.decode([...ids], false, false),
  };
}

function llama3Engine(tok: Llama3TokenizerLike): TokenEngine {
  const encode = (text: string, options?: EncodeOptions) => tok.encode(text, { bos: !!options?.bos, eos: !!options?.eos, specialTokenRegex: NEVER });
  // The library's TextDecoder drops a leading U+FEFF; decoding after an "a" keeps it.
  const [a] = encode('a');
  return {
    id: 'llama3',
    encode,
    decode: (ids) => tok.decode([a, ...ids]).slice(1),
  };
}

/**
 * Loads a built-in tokenizer. Each vocabulary is imported on first use only: the bundler keeps
 * these imports lazy, so activation never pays for a vocabulary nobody asked for.
 */
export async function loadBuiltinEngine(id: BuiltinTokenizerId): Promise<TokenEngine> {
  switch (id) {
    case 'o200k_base':
      return gptEngine(id, await import('gpt-tokenizer/encoding/o200k_base'));
    case 'cl100k_base':
      return gptEngine(id, await import('gpt-tokenizer/encoding/cl100k_base'));
    case 'p50k_base':
      return gptEngine(id, await import('gpt-tokenizer/encoding/p50k_base'));
    case 'r50k_base':
      return gptEngine(id, await import('gpt-tokenizer/encoding/r50k_base'));
    case 'llama2': {
      const mod = (await import('llama-tokenizer-js')) as unknown as { default: LlamaTokenizerLike };
      return llama2Engine(mod.default);
    }
    case 'llama3': {
      const mod = (await import('llama3-tokenizer-js/bundle/commonjs-llama3-tokenizer-with-baked-data.cjs')) as unknown as {
        llama3Tokenizer?: Llama3TokenizerLike;
        default?: { llama3Tokenizer: Llama3TokenizerLike };
      };
      const tok = mod.llama3Tokenizer ?? mod.default?.llama3Tokenizer;
      if (!tok) throw new Error('llama3-tokenizer-js did not export a tokenizer');
      return llama3Engine(tok);
    }
  }
}

/**
 * Builds an engine from the text of a Hugging Face tokenizer.json (and, when present, its
 * tokenizer_config.json). `source` names the file in every error message.
 */
export async function loadHuggingFaceEngine(
  id: string,
  source: string,
  tokenizerJson: string,
  configJson?: string,
): Promise<TokenEngine> {
  const json = parseJsonFile(tokenizerJson, source);
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new UserError(`${source} is not a tokenizer.json: expected a JSON object.`);
  }
  const model = (json as { model?: unknown }).model;
  if (!model || typeof model !== 'object' || typeof (model as { type?: unknown }).type !== 'string') {
    throw new UserError(`${source} is not a tokenizer.json: it has no "model" object with a "type".`);
  }
  checkIds(source, (model as { type: string }).type, model as { vocab?: unknown }, (json as { added_tokens?: unknown }).added_tokens);
  for (const pattern of tokenizerPatterns(json)) {
    const hazard = patternHazard(pattern);
    if (hazard) throw new UserError(`${source} has a pattern with ${hazard}, which can take minutes on a short text; it is not loaded.`);
  }
  let config: object = {};
  if (configJson !== undefined) {
    try {
      const parsed: unknown = JSON.parse(configJson);
      if (parsed && typeof parsed === 'object') config = parsed;
    } catch {
      // A broken tokenizer_config.json only loses optional metadata; the tokenizer itself still works.
    }
  }
  const { Tokenizer } = await import('@huggingface/tokenizers');
  const modelType = (model as { type: string }).type;
  let tok: InstanceType<typeof Tokenizer>;
  let probe: number[];
  try {
    tok = new Tokenizer(json, config);
    probe = tok.encode('Hello world 123 你好', { add_special_tokens: false }).ids.map(Number);
  } catch (e) {
    // The library's message may quote the file; name the kind of failure only.
    throw new UserError(`${source} could not be loaded as a tokenizer (${(e as Error).name || 'Error'}): it is not a tokenizer.json @huggingface/tokenizers reads.`);
  }
  // The library quietly falls back to a pass-through model for types it lacks (WordLevel): ids come out NaN.
  if (probe.some((id) => !Number.isInteger(id))) {
    throw new UserError(`${source}: model type "${modelType}" is not supported (BPE, WordPiece and Unigram are).`);
  }
  const bosId = specialId(json, config, 'bos_token');
  const eosId = specialId(json, config, 'eos_token');
  return {
    id,
    encode(text, options) {
      const ids = tok.encode(text, { add_special_tokens: false }).ids.map(Number);
      const bad = ids.find((id) => !Number.isSafeInteger(id) || id < 0);
      if (bad !== undefined) throw new UserError(`${source} gave the token id ${bad}, which is not a whole number ≥ 0; the file's vocabulary is broken.`);
      if (options?.bos && bosId !== undefined) ids.unshift(bosId);
      if (options?.eos && eosId !== undefined) ids.push(eosId);
      return ids;
    },
    decode: (ids) => tok.decode([...ids], { skip_special_tokens: false }),
  };
}

/**
 * Token ids must be whole numbers ≥ 0: the library accepts any JSON value there and would hand
 * it back as a "count" (the fuzzer found a vocabulary with the id -1.68e286).
 */
function checkIds(source: string, type: string, model: { vocab?: unknown }, added: unknown): void {
  const bad = (id: unknown) => typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0;
  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 40);
  if (type === 'BPE' || type === 'WordPiece' || type === 'WordLevel') {
    const vocab = model.vocab;
    if (!vocab || typeof vocab !== 'object' || Array.isArray(vocab)) throw new UserError(`${source}: model.vocab must map each token to its id.`);
    for (const [token, id] of Object.entries(vocab)) {
      if (bad(id)) throw new UserError(`${source}: in model.vocab, token ${show(token)} has the id ${show(id)}, not a whole number ≥ 0.`);
    }
  }
  if (Array.isArray(added)) {
    for (const t of added) {
      const id = (t as { id?: unknown } | null)?.id;
      if (bad(id)) throw new UserError(`${source}: in added_tokens, ${show((t as { content?: unknown } | null)?.content)} has the id ${show(id)}, not a whole number ≥ 0.`);
    }
  }
}

/** Finds the id of tokenizer_config.json's bos/eos token among tokenizer.json's added tokens. */
function specialId(json: object, config: object, key: 'bos_token' | 'eos_token'): number | undefined {
  const raw = (config as Record<string, unknown>)[key];
  const content = typeof raw === 'string' ? raw : (raw as { content?: unknown } | undefined)?.content;
  if (typeof content !== 'string') return undefined;
  const added = (json as { added_tokens?: unknown }).added_tokens;
  if (!Array.isArray(added)) return undefined;
  const hit = added.find((t) => t && typeof t === 'object' && (t as { content?: unknown }).content === content) as
    | { id?: unknown }
    | undefined;
  return typeof hit?.id === 'number' ? hit.id : undefined;
}
