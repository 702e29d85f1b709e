/**
 * Tokens per record, as a frequency table (length → records): exact percentiles and histograms in
 * memory bounded by the longest record, not by the number of records.
 */
export class LengthStats {
  private readonly counts = new Map<number, number>();
  records = 0;
  total = 0;

  add(tokens: number, times = 1): void {
    this.counts.set(tokens, (this.counts.get(tokens) ?? 0) + times);
    this.records += times;
    this.total += tokens * times;
  }

  /** Adds a table sent as pairs (toPairs) from another thread. */
  addPairs(pairs: readonly [number, number][]): void {
    for (const [tokens, n] of pairs) this.add(tokens, n);
  }

  /** As plain pairs, to send between threads. */
  toPairs(): [number, number][] {
    return [...this.counts];
  }

  private sorted(): [number, number][] {
    return [...this.counts].sort((a, b) => a[0] - b[0]);
  }

  /** Nearest rank: the smallest length with at least p % of records at or below it. */
  percentile(p: number): number | undefined {
    if (!this.records) return undefined;
    const rank = Math.max(1, Math.ceil((p / 100) * this.records));
    let seen = 0;
    for (const [tokens, n] of this.sorted()) {
      seen += n;
      if (seen >= rank) return tokens;
    }
    return undefined;
  }

  /** Records longer than each window. */
  over(windows: readonly number[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const w of windows) {
      let n = 0;
      for (const [tokens, c] of this.counts) if (tokens > w) n += c;
      out[String(w)] = n;
    }
    return out;
  }

  /**
   * Records per length bucket: [0, 1), then powers of two [2^k, 2^(k+1)) up to the longest — the
   * shape of a length distribution over four orders of magnitude in a dozen bars.
   */
  histogram(): { from: number; to: number; records: number }[] {
    if (!this.records) return [];
    let max = 0;
    for (const k of this.counts.keys()) max = Math.max(max, k);
    const buckets: { from: number; to: number; records: number }[] = [{ from: 0, to: 1, records: 0 }];
    for (let from = 1; from <= max; from *= 2) buckets.push({ from, to: from * 2, records: 0 });
    for (const [tokens, n] of this.counts) {
      const i = tokens === 0 ? 0 : Math.floor(Math.log2(tokens)) + 1;
      buckets[Math.min(i, buckets.length - 1)].records += n;
    }
    return buckets;
  }

  summary(windows: readonly number[]): { records: number; total: number; min?: number; p50?: number; p90?: number; p99?: number; max?: number; over: Record<string, number>; histogram: { from: number; to: number; records: number }[] } {
    let min = Infinity;
    let max = -Infinity;
    for (const k of this.counts.keys()) {
      min = Math.min(min, k);
      max = Math.max(max, k);
    }
    return {
      records: this.records,
      total: this.total,
      ...(this.records
        ? { min, p50: this.percentile(50), p90: this.percentile(90), p99: this.percentile(99), max }
        : {}),
      over: this.over(windows),
      histogram: this.histogram(),
    };
  }
}
