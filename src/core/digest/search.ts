import { matchRanges, matchScore, type QueryMatcher } from './matches';
import type { DigestEntry } from './model';
import { INITIALS_MARK, pinyinQueryTerms, pinyinTerms, splitSyllables, type PinyinReadings } from './pinyin';


/** Han, kana and Hangul: scripts written without spaces, indexed as overlapping character pairs. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const RUN = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)|([\p{L}\p{N}]+(?:[.'’_-][\p{L}\p{N}]+)*)/gu;

/**
 * Latin-script words stay whole ("llama2", "zero-3", "4xa100"); CJK runs become overlapping
 * bigrams (只调学习率 → 只调 调学 学习 习率), so a Chinese query matches inside longer text without
 * a dictionary, and the same rule applies to queries and documents.
 */
export function searchTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(RUN)) {
    if (m[1]) {
      const chars = Array.from(m[1]);
      if (chars.length === 1) out.push(chars[0]);
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    } else if (m[2]) {
      out.push(m[2]);
      // "zero-3" also answers "zero" and "3"; "A100-80G" answers "a100".
      if (/[.'’_-]/.test(m[2])) for (const part of m[2].split(/[.'’_-]+/)) if (part) out.push(part);
    }
  }
  return out;
}

export type MatchTier = 'phrase' | 'all-terms' | 'partial';

export interface SearchHit {
  entry: DigestEntry;
  score: number;
  tier: MatchTier;
  /** The passage that matched, trimmed around the first match; the summary when only the title did. */
  snippet: string;
  /** Where the query matches in `snippet`: [start, end) in UTF-16 units. */
  highlights: [number, number][];
  /** What the query matches, for highlighting the entry it opens. */
  matcher: QueryMatcher;
}

/**
 * Search reads the first 64 KB of an entry: a Q&A entry is found by its beginning, and a 10 MB
 * entry then costs what a 64 KB one does to index (it took 3.5 s) and to quote in a snippet.
 */
export const SEARCHED_CHARS = 64 * 1024;

function bodyOf(e: DigestEntry): string {
  let out = '';
  for (const t of e.turns) {
    out += (out ? '\n' : '') + (t.label ? `${t.label}: ` : '') + t.text.slice(0, SEARCHED_CHARS - out.length);
    if (out.length >= SEARCHED_CHARS) break;
  }
  return out;
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Field boosts: a term in the title counts three times one in the body. */
const FIELDS: [keyof Pick<DigestEntry, 'title' | 'section'> | 'tags' | 'summary' | 'body', number][] = [
  ['title', 3],
  ['tags', 2.5],
  ['summary', 1.5],
  ['section', 1],
  ['body', 1],
];
const K1 = 1.2;
const B = 0.7;
const PREFIX_EXPANSIONS = 64;
const FUZZY_EXPANSIONS = 16;
/**
 * Terms a typo-tolerant lookup compares at most, per query word: an index of 300,000 similar terms
 * (all starting with one letter) made every keystroke cost 8–10 s of edit distances.
 */
export const FUZZY_CANDIDATES = 20_000;
/** Query words searched; the rest of a very long query is ignored (5,000 letters of pinyin stay fast). */
const QUERY_TOKENS = 30;

interface Doc {
  entry: DigestEntry;
  /** Lower-cased text of every field, for the exact-phrase test. */
  haystack: string;
  length: number;
  alive: boolean;
}

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The digest's search index: bundled entries and the user's notes together, updated per file.
 * A compact inverted index with BM25 over boosted fields and top-k selection, because a
 * general-purpose engine that builds a result object per matching document took 50–150 ms per
 * keystroke at 30,000 entries (bench/digest.bench.ts). Ranking: an exact phrase beats all
 * terms, which beats typo-tolerant or partial matches; within a tier, the BM25 score.
 */
export class DigestIndex {
  /**
   * `readings`: characters' pinyin (loadPinyin), so Chinese is also indexed under its toneless
   * pinyin and initials; without it, pinyin queries find nothing.
   */
  constructor(private readings?: PinyinReadings) {}

  /** Turns pinyin on (its readings load asynchronously); what is indexed already is indexed again. */
  usePinyin(readings: PinyinReadings): void {
    if (this.readings === readings) return;
    this.readings = readings;
    if (this.docs.length) this.compact();
  }

  private readonly docs: Doc[] = [];
  private readonly ids = new Map<string, number>();
  private readonly bySource = new Map<string, number[]>();
  /** term → [doc, weighted term frequency, doc, weighted tf, …] */
  private readonly postings = new Map<string, number[]>();
  private sortedTerms: string[] | undefined;
  private scores = new Float64Array(0);
  private masks = new Int32Array(0);
  private totalLength = 0;
  private aliveCount = 0;
  private deadCount = 0;

  get size(): number {
    return this.aliveCount;
  }

  get(id: string): DigestEntry | undefined {
    const i = this.ids.get(id);
    return i === undefined ? undefined : this.docs[i].entry;
  }

  all(): DigestEntry[] {
    return this.docs.filter((d) => d.alive).map((d) => d.entry);
  }

  sources(): string[] {
    return [...this.bySource.keys()];
  }

  /** Replaces everything indexed from `source` with `entries` (a file re-read after a save). */
  setSource(source: string, entries: readonly DigestEntry[]): void {
    this.removeSource(source);
    const slots: number[] = [];
    for (const e of entries) {
      let id = e.id;
      if (this.ids.has(id)) id = `${id}@${source}:${e.line}`;
      const entry = id === e.id ? e : { ...e, id };
      const fields: Record<string, string> = { title: entry.title, tags: entry.tags.join(' '), summary: entry.summary ?? '', section: entry.section, body: bodyOf(entry) };
      const weights = new Map<string, number>();
      let length = 0;
      for (const [field, boost] of FIELDS) {
        for (const t of searchTokens(fields[field])) {
          weights.set(t, (weights.get(t) ?? 0) + boost);
          length++;
        }
        // Pinyin terms ride along without lengthening the document: they restate its Chinese.
        if (this.readings && CJK.test(fields[field])) for (const t of pinyinTerms(fields[field], this.readings)) weights.set(t, (weights.get(t) ?? 0) + boost);
      }
      const slot = this.docs.length;
      this.docs.push({ entry, haystack: normalise(Object.values(fields).join('\n')), length, alive: true });
      for (const [term, w] of weights) {
        let list = this.postings.get(term);
        if (!list) {
          this.postings.set(term, (list = []));
          this.sortedTerms = undefined;
        }
        list.push(slot, w);
      }
      this.ids.set(id, slot);
      this.totalLength += length;
      this.aliveCount++;
      slots.push(slot);
    }
    this.bySource.set(source, slots);
  }

  removeSource(source: string): void {
    for (const slot of this.bySource.get(source) ?? []) {
      const doc = this.docs[slot];
      if (!doc.alive) continue;
      doc.alive = false;
      this.ids.delete(doc.entry.id);
      this.totalLength -= doc.length;
      this.aliveCount--;
      this.deadCount++;
    }
    this.bySource.delete(source);
    if (this.deadCount > 1000 && this.deadCount > this.aliveCount) this.compact();
  }

  search(query: string, limit = 50): SearchHit[] {
    const q = normalise(query);
    const tokens = [...new Set(searchTokens(q.slice(0, 2000)))].slice(0, QUERY_TOKENS);
    if (!tokens.length || !this.aliveCount) return [];
    // Per-document accumulators, reused across keystrokes: typed arrays, no per-match objects.
    if (this.scores.length < this.docs.length) {
      this.scores = new Float64Array(this.docs.length * 2);
      this.masks = new Int32Array(this.docs.length * 2);
    }
    const scores = this.scores;
    const masks = this.masks;
    const touched: number[] = [];
    const avgLength = this.totalLength / this.aliveCount || 1;
    const n = this.aliveCount;
    const docs = this.docs;
    const addTerm = (term: string, tokenBit: number, weight: number) => {
      const list = this.postings.get(term);
      if (!list) return;
      const df = list.length / 2;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * weight * (K1 + 1);
      const norm = K1 * (1 - B);
      const perLength = (K1 * B) / avgLength;
      for (let i = 0; i < list.length; i += 2) {
        const slot = list[i];
        const doc = docs[slot];
        if (!doc.alive) continue;
        const tf = list[i + 1];
        if (scores[slot] === 0) touched.push(slot);
        scores[slot] += (idf * tf) / (tf + norm + perLength * doc.length);
        masks[slot] |= tokenBit;
      }
    };
    tokens.forEach((token, i) => {
      addTerm(token, 1 << i, 1);
      const last = i === tokens.length - 1;
      if (last && (token.length >= 2 || CJK.test(token))) for (const t of this.expandPrefix(token)) addTerm(t, 0, 0.5);
      if (!CJK.test(token) && token.length >= 4 && !/^\d+$/.test(token)) for (const t of this.expandFuzzy(token)) addTerm(t, 0, 0.4);
    });
    const pinyin = this.readings ? this.pinyinTerms(tokens) : [];
    for (const { term, bits } of pinyin) addTerm(term, bits, term.startsWith(INITIALS_MARK) ? PINYIN_INITIALS_WEIGHT : PINYIN_WEIGHT);
    const matcher: QueryMatcher = { phrase: q, tokens, pinyin: new Set(pinyin.map((p) => p.term)), ...(this.readings ? { readings: this.readings } : {}) };
    const weight = (token: string) => {
      const df = (this.postings.get(token)?.length ?? 0) / 2;
      return Math.log(1 + (n + 1) / (df + 0.5));
    };
    const full = tokens.length >= 31 ? -1 : (1 << tokens.length) - 1;
    const buckets: [number, number][][] = [[], [], []]; // phrase, all-terms, partial
    for (const slot of touched) {
      const score = scores[slot];
      const mask = masks[slot];
      scores[slot] = 0;
      masks[slot] = 0;
      if ((mask & full) !== full) buckets[2].push([slot, score]);
      else if (tokens.length === 1 || docs[slot].haystack.includes(q)) buckets[0].push([slot, score]);
      else buckets[1].push([slot, score]);
    }
    const tiers: MatchTier[] = ['phrase', 'all-terms', 'partial'];
    const hits: SearchHit[] = [];
    for (let b = 0; b < 3 && hits.length < limit; b++) {
      for (const [slot, score] of topK(buckets[b], limit - hits.length)) {
        const entry = this.docs[slot].entry;
        const shown = passage(entry, matcher, weight);
        hits.push({ entry, score, tier: tiers[b], snippet: shown.text, highlights: shown.highlights, matcher });
      }
    }
    return hits;
  }

  /**
   * The pinyin a query asks for: each Latin word the index does not hold as a word and that splits
   * into syllables ("xuexilv") or reads as initials ("xxl"), and runs of syllable words joined
   * ("xue xi lv"), each with the query bits of the words it stands for.
   */
  private pinyinTerms(tokens: readonly string[]): { term: string; bits: number }[] {
    const out: { term: string; bits: number }[] = [];
    const isLetters = (t: string) => /^[a-z]+$/.test(t) && t.length <= 60;
    tokens.forEach((t, i) => {
      if (isLetters(t) && !this.postings.has(t)) for (const term of pinyinQueryTerms(t)) out.push({ term, bits: 1 << i });
    });
    for (let i = 0; i < tokens.length; ) {
      let j = i;
      while (j < tokens.length && isLetters(tokens[j]) && splitSyllables(tokens[j])) j++;
      if (j - i >= 2 && tokens.slice(i, j).some((t) => !this.postings.has(t))) {
        let bits = 0;
        for (let k = i; k < j; k++) bits |= 1 << k;
        for (const term of pinyinQueryTerms(tokens.slice(i, j).join(''))) out.push({ term, bits });
      }
      i = j > i ? j : i + 1;
    }
    return out;
  }

  private terms(): string[] {
    this.sortedTerms ??= [...this.postings.keys()].sort();
    return this.sortedTerms;
  }

  /** [first, end) of the sorted terms that start with `prefix`. */
  private prefixRange(prefix: string): [number, number] {
    const terms = this.terms();
    const lower = (value: string) => {
      let lo = 0;
      let hi = terms.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (terms[mid] < value) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return [lower(prefix), lower(prefix + '\uffff')];
  }

  private expandPrefix(prefix: string): string[] {
    const terms = this.terms();
    const [from, to] = this.prefixRange(prefix);
    const out: string[] = [];
    for (let i = from; i < to && out.length < PREFIX_EXPANSIONS; i++) if (terms[i] !== prefix) out.push(terms[i]);
    return out;
  }

  /** Terms within edit distance 1 (4–7 letters) or 2 (longer), sharing the first letter. */
  private expandFuzzy(token: string): string[] {
    const max = token.length >= 8 ? 2 : 1;
    const terms = this.terms();
    const [from, to] = this.prefixRange(token[0]);
    const out: string[] = [];
    let compared = 0;
    for (let i = from; i < to && out.length < FUZZY_EXPANSIONS && compared < FUZZY_CANDIDATES; i++) {
      const t = terms[i];
      if (t === token || Math.abs(t.length - token.length) > max || CJK.test(t)) continue;
      compared++;
      if (editDistance(token, t, max) <= max) out.push(t);
    }
    return out;
  }

  /** Rebuilds the arrays without removed entries once they outnumber live ones. */
  private compact(): void {
    const live = [...this.bySource.entries()].map(([source, slots]) => [source, slots.map((s) => this.docs[s].entry)] as const);
    this.docs.length = 0;
    this.ids.clear();
    this.bySource.clear();
    this.postings.clear();
    this.sortedTerms = undefined;
    this.totalLength = 0;
    this.aliveCount = 0;
    this.deadCount = 0;
    for (const [source, entries] of live) this.setSource(source, entries);
  }
}

/** The k best by score, highest first, without sorting everything. */
function topK(items: [number, number][], k: number): [number, number][] {
  if (items.length <= k * 4) return items.sort((a, b) => b[1] - a[1]).slice(0, k);
  let threshold = -Infinity;
  let best: [number, number][] = [];
  for (const it of items) {
    if (it[1] <= threshold && best.length >= k) continue;
    best.push(it);
    if (best.length >= k * 2) {
      best.sort((a, b) => b[1] - a[1]);
      best = best.slice(0, k);
      threshold = best[best.length - 1][1];
    }
  }
  return best.sort((a, b) => b[1] - a[1]).slice(0, k);
}

/** Pinyin matches weigh less than the words themselves: an exact Chinese match ranks first. */
const PINYIN_WEIGHT = 0.6;
const PINYIN_INITIALS_WEIGHT = 0.35;

/** The sentences of a passage (Chinese and Latin punctuation, line breaks), at most 400 of them. */
function sentences(text: string): string[] {
  return (text.slice(0, SEARCHED_CHARS).match(/[^。！？!?\n]+(?:[。！？!?]+|\.(?=\s)|$)?/g) ?? []).slice(0, 400).map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/**
 * The passage that matched: the sentence of the entry's turns that matches the query best (the
 * phrase, then the rarest words, then Chinese found by pinyin), trimmed to `width` around its first
 * match, with the matches' places in it. The summary (or the first turn) when only the title matched.
 */
export function passage(entry: DigestEntry, m: QueryMatcher, weight: (token: string) => number = () => 1, width = 120): { text: string; highlights: [number, number][] } {
  let best = '';
  let bestScore = 0;
  let bestAt = 0;
  let seen = 0;
  for (const turn of entry.turns) {
    for (const s of sentences(turn.text)) {
      if (++seen > 2000) break;
      const { score, first } = matchScore(s, m, weight);
      if (score > bestScore) {
        bestScore = score;
        best = s;
        bestAt = first;
      }
    }
  }
  if (!bestScore) {
    const fallback = (entry.summary ?? entry.turns[0]?.text ?? '').slice(0, SEARCHED_CHARS).replace(/\s+/g, ' ').trim();
    const { score, first } = matchScore(fallback, m, weight);
    best = fallback;
    bestAt = score ? first : 0;
  }
  let text = best;
  let start = 0;
  if (best.length > width) {
    start = Math.max(0, Math.min(bestAt - 30, best.length - width));
    text = `${start > 0 ? '…' : ''}${best.slice(start, start + width)}${start + width < best.length ? '…' : ''}`;
  }
  // Ranges in the shown slice, moved past a leading "…".
  const lead = start > 0 ? 1 : 0;
  const highlights = matchRanges(best.slice(start, start + width), m).map(([a, b]): [number, number] => [a + lead, b + lead]);
  return { text, highlights };
}
