import MiniSearch, { type SearchResult } from 'minisearch';
import type { DigestEntry } from './model';

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
  snippet: string;
}

interface IndexedDoc {
  id: string;
  title: string;
  tags: string;
  summary: string;
  section: string;
  body: string;
}

function bodyOf(e: DigestEntry): string {
  return e.turns.map((t) => (t.label ? `${t.label}: ${t.text}` : t.text)).join('\n');
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The digest's search index: bundled entries and the user's notes together, updated per file.
 * Ranking: an exact phrase beats all terms, which beats fuzzy or partial matches; within a tier,
 * MiniSearch's BM25 score with title and tags boosted.
 */
export class DigestIndex {
  private readonly mini = new MiniSearch<IndexedDoc>({
    fields: ['title', 'tags', 'summary', 'section', 'body'],
    tokenize: searchTokens,
    processTerm: (t) => t,
    searchOptions: { boost: { title: 3, tags: 2.5, summary: 1.5, section: 1, body: 1 } },
  });
  private readonly entries = new Map<string, DigestEntry>();
  private readonly bySource = new Map<string, string[]>();
  private readonly haystacks = new Map<string, string>();

  get size(): number {
    return this.entries.size;
  }

  get(id: string): DigestEntry | undefined {
    return this.entries.get(id);
  }

  all(): DigestEntry[] {
    return [...this.entries.values()];
  }

  sources(): string[] {
    return [...this.bySource.keys()];
  }

  /** Replaces everything indexed from `source` with `entries` (a file re-read after a save). */
  setSource(source: string, entries: readonly DigestEntry[]): void {
    this.removeSource(source);
    const ids: string[] = [];
    for (const e of entries) {
      let id = e.id;
      if (this.entries.has(id)) id = `${id}@${source}:${e.line}`;
      const entry = id === e.id ? e : { ...e, id };
      this.entries.set(id, entry);
      const doc: IndexedDoc = { id, title: entry.title, tags: entry.tags.join(' '), summary: entry.summary ?? '', section: entry.section, body: bodyOf(entry) };
      this.haystacks.set(id, normalise(`${doc.title}\n${doc.tags}\n${doc.summary}\n${doc.section}\n${doc.body}`));
      this.mini.add(doc);
      ids.push(id);
    }
    this.bySource.set(source, ids);
  }

  removeSource(source: string): void {
    for (const id of this.bySource.get(source) ?? []) {
      this.mini.discard(id);
      this.entries.delete(id);
      this.haystacks.delete(id);
    }
    this.bySource.delete(source);
  }

  search(query: string, limit = 50): SearchHit[] {
    const q = normalise(query);
    const tokens = [...new Set(searchTokens(q))];
    if (!tokens.length) return [];
    const last = tokens[tokens.length - 1];
    const results = this.mini.search(tokens.join(' '), {
      combineWith: 'OR',
      prefix: (term) => term === last && !CJK.test(term) && term.length >= 2,
      fuzzy: (term) => (!CJK.test(term) && term.length >= 4 && !/^\d+$/.test(term) ? 0.25 : false),
    });
    const hits = results.map((r) => this.hit(r, q, tokens));
    const rank = { phrase: 3, 'all-terms': 2, partial: 1 };
    hits.sort((a, b) => rank[b.tier] - rank[a.tier] || b.score - a.score);
    return hits.slice(0, limit);
  }

  private hit(r: SearchResult, phrase: string, tokens: string[]): SearchHit {
    const entry = this.entries.get(r.id as string)!;
    const hay = this.haystacks.get(entry.id) ?? '';
    const exact = new Set(r.terms);
    const tier: MatchTier = hay.includes(phrase) ? 'phrase' : tokens.every((t) => exact.has(t)) ? 'all-terms' : 'partial';
    return { entry, score: r.score, tier, snippet: snippet(entry, phrase, tokens) };
  }
}

/** The passage that best matches: the phrase if present, else the turn with most query terms. */
export function snippet(entry: DigestEntry, phrase: string, tokens: readonly string[], width = 120): string {
  const candidates = [entry.summary ?? '', ...entry.turns.map((t) => (t.label ? `${t.label}: ${t.text}` : t.text))].map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean);
  let best = candidates[0] ?? '';
  let bestScore = -1;
  let bestAt = 0;
  for (const c of candidates) {
    const lower = c.toLowerCase();
    const at = phrase ? lower.indexOf(phrase) : -1;
    const score = (at >= 0 ? 100 : 0) + tokens.filter((t) => lower.includes(t)).length;
    if (score > bestScore) {
      bestScore = score;
      best = c;
      bestAt = at >= 0 ? at : Math.max(0, Math.min(...tokens.map((t) => lower.indexOf(t)).filter((i) => i >= 0), Infinity));
      if (!Number.isFinite(bestAt)) bestAt = 0;
    }
  }
  if (best.length <= width) return best;
  const start = Math.max(0, Math.min(bestAt - 30, best.length - width));
  return `${start > 0 ? '…' : ''}${best.slice(start, start + width)}${start + width < best.length ? '…' : ''}`;
}
