import type { EncodeOptions, TokenEngine } from '../engines';
import { compilePattern, forEachPiece } from './pretokenize';
import { PairCache, PairTable, TokenTable } from './tables';
import type { BpeVocabulary } from './vocabularyFile';

const NONE = 0x7fffffff;
/** Pieces up to this many bytes merge by scanning for the lowest rank; longer ones through a heap. */
const SCAN_LIMIT = 64;
/** The piece cache is cleared when it reaches this size, so memory stays bounded on any input. */
const CACHE_ENTRIES = 1 << 16;
/** Longer pieces are rarely seen twice: not cached. */
const CACHE_PIECE_CHARS = 32;

const utf8 = new TextEncoder();
/** Keeps a leading U+FEFF, which is text like any other. */
const utf8Text = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * One engine for every BPE tokenizer we run: byte-level ones (OpenAI's tiktoken encodings,
 * LLaMA-3, Tekken, Hugging Face byte-level files such as Qwen's and DeepSeek's) and SentencePiece
 * BPE (LLaMA-2, Mistral v1/v3). Ids equal the reference implementations' (special-token parsing
 * off): see the unit tests and fuzzers.
 *
 * Merging works on integer ids in typed arrays: pair ranks come from hash tables over the packed
 * vocabulary, so a piece allocates nothing but its output; pieces seen before come from a bounded
 * cache. Long pieces (a run of Chinese is one piece) merge in O(n log n) through a heap.
 */
export class BpeEngine implements TokenEngine {
  readonly id: string;
  private readonly regexes: RegExp[];
  private readonly tokens: TokenTable;
  private readonly pairs: PairTable | undefined;
  /** The tiktoken rule's pair → join lookups, cached by ids. */
  private readonly joins: PairCache | undefined;
  private readonly byteToken = new Int32Array(256).fill(-1);
  /** SentencePiece (Mistral v1/v3): spaces are "▁", symbols are characters, <0xXX> pieces the fallback. */
  private readonly spaceMarked: boolean;
  private readonly byteFallback: number;
  private readonly charIds = new Map<string, number>();
  private readonly chunked: boolean;
  /** Rank and token of each pair of single bytes, indexed by (first << 8) | second. */
  private readonly byteRank: Int32Array;
  private readonly byteMerged: Int32Array;
  private readonly addedPattern: RegExp | undefined;
  private readonly addedIds = new Map<string, number>();
  /** With `specialTokens`: special tokens match too, as apply_chat_template's tokenization does. */
  private readonly specialPattern: RegExp | undefined;
  private readonly specialIds = new Map<string, number>();
  private readonly textOf = new Map<number, Uint8Array>();
  private readonly cache = new Map<string, number | number[]>();
  // Scratch space, grown as pieces need it.
  private buf = new Uint8Array(1024);
  private sym = new Int32Array(1024);
  private next = new Int32Array(1025);
  private prev = new Int32Array(1025);
  private rank = new Int32Array(1024);
  private merged = new Int32Array(1024);
  private heap = new Float64Array(3 * 1024 + 1);

  constructor(private readonly v: BpeVocabulary) {
    this.id = v.id;
    this.regexes = v.patterns.map(compilePattern);
    if (v.offsets.length - 1 >= MAX_RANK || v.pairs.length / 2 >= MAX_RANK) throw new Error(`${v.id}: more than 2,097,152 tokens or merges`);
    const unmatchable = new Set(v.unmatchable);
    this.tokens = new TokenTable(v.offsets, v.bytes, unmatchable);
    this.spaceMarked = v.sentencePiece !== undefined;
    this.byteFallback = v.sentencePiece?.byteFallback ?? -1;
    this.chunked = v.sentencePiece ? this.readPieces(unmatchable) : false;
    const one = new Uint8Array(1);
    for (let b = 0; b < 256 && !this.spaceMarked; b++) {
      one[0] = b;
      this.byteToken[b] = this.tokens.find(one, 0, 1);
      if (this.byteToken[b] < 0) throw new Error(`${v.id}: the byte 0x${b.toString(16)} has no token, so not every text can be encoded`);
    }
    // SentencePiece symbols are characters: the byte tables are for byte-level vocabularies only.
    this.byteRank = new Int32Array(this.spaceMarked ? 0 : 65536).fill(NONE);
    this.byteMerged = new Int32Array(this.spaceMarked ? 0 : 65536).fill(-1);
    if (v.semantics === 'merges') {
      const pairs = v.pairs;
      this.pairs = new PairTable(pairs, (k) => this.tokens.findJoin(pairs[2 * k], pairs[2 * k + 1]));
    } else this.joins = new PairCache();
    const two = new Uint8Array(2);
    for (let k = 0; k < 65536 && !this.spaceMarked; k++) {
      two[0] = k >> 8;
      two[1] = k & 255;
      if (this.pairs) {
        const slot = this.pairs.slot(this.byteToken[two[0]], this.byteToken[two[1]]);
        if (slot >= 0) {
          this.byteRank[k] = this.pairs.priorityAt(slot);
          this.byteMerged[k] = this.pairs.merged[slot];
        }
      } else {
        const id = this.tokens.find(two, 0, 2);
        if (id >= 0) {
          this.byteRank[k] = id;
          this.byteMerged[k] = id;
        }
      }
    }
    for (const [content, id] of v.added) if (content) this.addedIds.set(content, id);
    this.addedPattern = alternation([...this.addedIds.keys()]);
    for (const [content, id] of v.specials) if (content && !this.addedIds.has(content)) this.specialIds.set(content, id);
    this.specialPattern = alternation([...this.addedIds.keys(), ...this.specialIds.keys()]);
    for (const [content, id] of [...v.specials, ...v.added]) this.textOf.set(id, utf8.encode(content));
  }

  encode(text: string, options?: EncodeOptions): number[] {
    const out: number[] = [];
    if (options?.bos && this.v.bos !== undefined) out.push(this.v.bos);
    const piece = (p: string) => this.encodePiece(p, out);
    const plain = (segment: string) => {
      if (!segment) return;
      if (this.spaceMarked) this.forEachChunk(segment, out.length === 0 || out.length === 1 && out[0] === this.v.bos, piece);
      else forEachPiece(this.v.nfc ? segment.normalize('NFC') : segment, this.regexes, this.v.semantics === 'merges', piece);
    };
    const added = options?.specialTokens ? this.specialPattern : this.addedPattern;
    if (added) {
      added.lastIndex = 0;
      let last = 0;
      for (let m = added.exec(text); m; m = added.exec(text)) {
        plain(text.slice(last, m.index));
        out.push(this.addedIds.get(m[0]) ?? this.specialIds.get(m[0])!);
        last = m.index + m[0].length;
      }
      plain(last === 0 ? text : text.slice(last));
    } else plain(text);
    if (options?.eos && this.v.eos !== undefined) out.push(this.v.eos);
    return out;
  }

  decode(ids: readonly number[]): string {
    const parts: Uint8Array[] = [];
    let length = 0;
    const { offsets, bytes, idOffset } = this.v;
    for (const id of ids) {
      let part = this.textOf.get(id);
      if (!part) {
        const i = id - idOffset;
        if (!Number.isInteger(i) || i < 0 || i >= offsets.length - 1 || offsets[i + 1] === offsets[i]) throw new Error(`${this.id} has no token ${id}`);
        part = bytes.subarray(offsets[i], offsets[i + 1]);
      }
      parts.push(part);
      length += part.length;
    }
    const all = new Uint8Array(length);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    const text = utf8Text.decode(all);
    return this.spaceMarked ? text.replace(/\u2581/g, ' ') : text;
  }

  /**
   * SentencePiece's view of a text: spaces as "▁" and one "▁" in front (add_dummy_prefix), cut
   * where no piece can reach across — before a "▁" that follows another character, around a
   * newline — when the vocabulary allows it (checked on load), so each word is merged (and cached)
   * on its own: the same ids as merging the whole text, far faster.
   */
  private forEachChunk(segment: string, atStart: boolean, piece: (text: string) => void): void {
    const s = (atStart ? '\u2581' : '') + segment.replace(/ /g, '\u2581');
    if (!this.chunked) {
      piece(s);
      return;
    }
    let from = 0;
    for (let i = 1; i < s.length; i++) {
      const c = s.charCodeAt(i);
      const before = s.charCodeAt(i - 1);
      if ((c === 0x2581 && before !== 0x2581) || c === 10 || before === 10) {
        piece(s.slice(from, i));
        from = i;
      }
    }
    piece(from === 0 ? s : s.slice(from));
  }

  /** Single-character pieces for the first symbols; whether no piece holds "▁" after its start (other than runs of "▁") or a newline. */
  private readPieces(unmatchable: ReadonlySet<number>): boolean {
    const { offsets, bytes } = this.v;
    let chunkable = true;
    for (let id = 0; id < offsets.length - 1; id++) {
      if (unmatchable.has(id)) continue;
      const piece = utf8Text.decode(bytes.subarray(offsets[id], offsets[id + 1]));
      if (piece.length === 1 || (piece.length === 2 && piece.codePointAt(0)! > 0xffff)) {
        if (!this.charIds.has(piece)) this.charIds.set(piece, id);
      }
      if (piece.includes('\n') || (piece.indexOf('\u2581', 1) > 0 && !/^\u2581+$/.test(piece))) chunkable = false;
    }
    return chunkable;
  }

  private encodePiece(piece: string, out: number[]): void {
    const cacheable = piece.length <= CACHE_PIECE_CHARS;
    const hit = cacheable ? this.cache.get(piece) : undefined;
    if (hit !== undefined) {
      if (typeof hit === 'number') out.push(hit);
      else for (const id of hit) out.push(id);
      return;
    }
    if (this.buf.length < piece.length * 3) this.grow(piece.length * 3);
    const n = this.spaceMarked ? this.characterSymbols(piece) : utf8.encodeInto(piece, this.buf).written;
    // tiktoken's rule (and `ignore_merges`): a piece that is itself a token is that token.
    const whole = !this.spaceMarked && (this.v.semantics === 'tiktoken' || this.v.ignoreMerges || n === 1) ? this.tokens.find(this.buf, 0, n) : -1;
    const start = out.length;
    if (whole >= 0) out.push(whole + this.v.idOffset);
    else if (n <= SCAN_LIMIT) this.mergeByScan(n, out);
    else this.mergeByHeap(n, out);
    if (cacheable) this.remember(piece, out.length - start === 1 ? out[start] : out.slice(start));
  }

  /** SentencePiece: a symbol per character, or one per UTF-8 byte (<0xXX>) for a character with no piece; their count. */
  private characterSymbols(piece: string): number {
    let n = 0;
    for (const c of piece) {
      const id = this.charIds.get(c);
      if (id !== undefined) this.sym[n++] = id;
      else for (const b of utf8.encode(c)) this.sym[n++] = this.byteFallback + b;
    }
    return n;
  }

  private remember(piece: string, ids: number | number[]): void {
    if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
    this.cache.set(piece, ids);
  }

  private grow(bytes: number): void {
    const size = Math.max(bytes, this.buf.length * 2);
    this.buf = new Uint8Array(size);
    this.sym = new Int32Array(size);
    this.next = new Int32Array(size + 1);
    this.prev = new Int32Array(size + 1);
    this.rank = new Int32Array(size);
    this.merged = new Int32Array(size);
  }

  /** Sets rank[i] and merged[i] for the pair starting at symbol i (NONE when it does not merge). */
  private rate(i: number, n: number): void {
    const j = this.next[i];
    if (j >= n) {
      this.rank[i] = NONE;
      return;
    }
    if (j - i === 1 && this.next[j] - j === 1 && !this.spaceMarked) {
      // Two single bytes: most pairs of CJK text at first; a table, no hashing.
      const k = (this.buf[i] << 8) | this.buf[j];
      this.rank[i] = this.byteRank[k];
      this.merged[i] = this.byteMerged[k];
      return;
    }
    if (this.pairs) {
      const slot = this.pairs.slot(this.sym[i], this.sym[j]);
      if (slot < 0) this.rank[i] = NONE;
      else {
        this.rank[i] = this.pairs.priorityAt(slot);
        this.merged[i] = this.pairs.merged[slot];
      }
    } else {
      const a = this.sym[i];
      const b = this.sym[j];
      let id = this.joins!.get(a, b);
      if (id === -2) this.joins!.set(a, b, (id = this.tokens.find(this.buf, i, this.next[j])));
      this.rank[i] = id < 0 ? NONE : id;
      this.merged[i] = id;
    }
  }

  /** Links the n symbols; byte-level pieces first take one symbol per byte of `buf`. */
  private start(n: number): void {
    const { sym, next, prev, buf, byteToken } = this;
    for (let i = 0; i < n; i++) {
      if (!this.spaceMarked) sym[i] = byteToken[buf[i]];
      next[i] = i + 1;
      prev[i] = i - 1;
    }
    for (let i = 0; i < n; i++) this.rate(i, n);
  }

  /** Joins symbol i with the next one, whose position is dead from now on (rank NONE). */
  private join(i: number, n: number): void {
    const { sym, next, prev } = this;
    const j = next[i];
    this.rank[j] = NONE;
    sym[i] = this.merged[i];
    next[i] = next[j];
    if (next[j] < n) prev[next[j]] = i;
    this.rate(i, n);
    if (prev[i] >= 0) this.rate(prev[i], n);
  }

  private emit(n: number, out: number[]): void {
    const offset = this.v.idOffset;
    for (let i = 0; i < n; i = this.next[i]) out.push(this.sym[i] + offset);
  }

  /**
   * tiktoken's own loop for short pieces: a linear scan for the lowest rank (leftmost on ties) over
   * every position, a merged-away position's rank set to NONE, neighbours kept in the linked list.
   * O(n²) in the worst case but with tiny constants and nothing moved: faster than a heap up to
   * SCAN_LIMIT.
   */
  private mergeByScan(n: number, out: number[]): void {
    this.start(n);
    const rank = this.rank;
    for (;;) {
      let best = NONE;
      let at = -1;
      for (let k = 0; k < n; k++) {
        if (rank[k] < best) {
          best = rank[k];
          at = k;
        }
      }
      if (at < 0) break;
      this.join(at, n);
    }
    this.emit(n, out);
  }

  /**
   * The same rule (lowest rank first, leftmost on ties) kept with a binary min-heap of keys
   * rank·2^32 + position, and lazy deletion: an entry is stale when its position's rank changed
   * (a dead position's is NONE).
   */
  private mergeByHeap(n: number, out: number[]): void {
    this.start(n);
    const rank = this.rank;
    if (this.heap.length < 3 * n + 1) this.heap = new Float64Array(3 * n + 1);
    const heap = this.heap;
    let size = 0;
    for (let i = 0; i < n; i++) if (rank[i] !== NONE) heap[size++] = rank[i] * POSITIONS + i;
    for (let k = (size >> 1) - 1; k >= 0; k--) siftDown(heap, size, k);
    while (size > 0) {
      const key = heap[0];
      size = heapPop(heap, size);
      const i = key >>> 0; // key mod 2^32: the position
      if (rank[i] * POSITIONS + i !== key) continue;
      this.join(i, n);
      if (rank[i] !== NONE) size = heapPush(heap, size, rank[i] * POSITIONS + i);
      const p = this.prev[i];
      if (p >= 0 && rank[p] !== NONE) size = heapPush(heap, size, rank[p] * POSITIONS + p);
    }
    this.emit(n, out);
  }
}

/** Heap keys are rank·2^32 + position: exact in a double while ranks stay below 2^21 (checked on load). */
const POSITIONS = 2 ** 32;
const MAX_RANK = 2 ** 21;

function heapPush(heap: Float64Array, size: number, key: number): number {
  let k = size;
  while (k > 0) {
    const parent = (k - 1) >> 1;
    if (heap[parent] <= key) break;
    heap[k] = heap[parent];
    k = parent;
  }
  heap[k] = key;
  return size + 1;
}

function heapPop(heap: Float64Array, size: number): number {
  heap[0] = heap[--size];
  siftDown(heap, size, 0);
  return size;
}

function siftDown(heap: Float64Array, size: number, from: number): void {
  const last = heap[from];
  let k = from;
  for (;;) {
    const l = 2 * k + 1;
    if (l >= size) break;
    const r = l + 1;
    const m = r < size && heap[r] < heap[l] ? r : l;
    if (heap[m] >= last) break;
    heap[k] = heap[m];
    k = m;
  }
  heap[k] = last;
}

/** A regex matching any of the strings, longest first: the leftmost-longest match Hugging Face's added-token splitter makes. */
function alternation(strings: string[]): RegExp | undefined {
  if (!strings.length) return undefined;
  const escaped = strings.sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(escaped.join('|'), 'gu');
}
