import { english, type Translate } from '../l10n';
import type { LengthStats } from './lengthStats';
import type { RecordShape } from './recordText';

/** What counting a dataset found (src/node/dataset/countDataset.ts). */
export interface DatasetCount {
  records: number;
  /** The first skipped records, by file and line. */
  skipped: { file: string; line: number; reason: string }[];
  /** Every skipped record, listed or not. */
  skippedTotal: number;
  /** Per tokenizer, in the order asked. */
  stats: LengthStats[];
  shapes: Partial<Record<RecordShape, number>>;
  /** Stopped before the end (Ctrl-C, Cancel): what was counted so far. */
  partial: boolean;
}

/** A count with its tokenizers named and the context windows to compare with: what the reports show. */
export interface DatasetSummary extends Omit<DatasetCount, 'stats'> {
  tokenizers: { id: string; label: string; stats: LengthStats }[];
  windows: readonly number[];
}

export function datasetSummary(count: DatasetCount, tokenizers: readonly { id: string; label: string }[], windows: readonly number[]): DatasetSummary {
  const { stats, ...rest } = count;
  return { ...rest, tokenizers: tokenizers.map((k, i) => ({ id: k.id, label: k.label, stats: stats[i] })), windows };
}

const n = (x: number | undefined) => (x === undefined ? '—' : x.toLocaleString('en-US'));
const windowLabel = (w: number) => (w >= 1048576 && w % 1048576 === 0 ? `${w / 1048576}M` : w >= 1024 && w % 1024 === 0 ? `${w / 1024}k` : String(w));

/** How the records' text was taken, said once: "text" fields, or chat messages' contents summed. */
export function shapeSentence(shapes: DatasetSummary['shapes'], t: Translate = english): string | undefined {
  const parts: string[] = [];
  if (shapes.text) parts.push(t('{0} from "text"', n(shapes.text)));
  if (shapes.field) parts.push(t('{0} from the field named', n(shapes.field)));
  // With --template the chats were rendered by each tokenizer's template; otherwise their contents were summed.
  if (shapes.messages) parts.push(shapes.templated ? t('{0} from "messages", rendered with each tokenizer’s chat template (no generation prompt)', n(shapes.messages)) : t('{0} from "messages", contents summed (no chat template)', n(shapes.messages)));
  if (shapes.conversations) parts.push(shapes.templated ? t('{0} from "conversations", rendered with each tokenizer’s chat template (no generation prompt)', n(shapes.conversations)) : t('{0} from "conversations", values summed (no chat template)', n(shapes.conversations)));
  return parts.length ? t('Records: {0}.', parts.join('; ')) : undefined;
}

/** The table's header cells, in order. */
export function datasetColumns(windows: readonly number[], t: Translate = english): string[] {
  return [t('tokenizer'), t('records'), t('total tokens'), t('min'), 'p50', 'p90', 'p99', t('max'), ...windows.map((w) => `> ${windowLabel(w)}`)];
}

/** One row per tokenizer, as the table shows it. */
export function datasetRows(s: DatasetSummary): string[][] {
  return s.tokenizers.map((tk) => {
    const sum = tk.stats.summary(s.windows);
    return [tk.label, n(sum.records), n(sum.total), n(sum.min), n(sum.p50), n(sum.p90), n(sum.p99), n(sum.max), ...s.windows.map((w) => n(sum.over[String(w)]))];
  });
}

/** The skipped records, said: "3 records skipped:" and the first 20 with file and line. */
export function skippedLines(s: DatasetSummary, t: Translate = english, shown = 20): string[] {
  if (!s.skippedTotal) return [];
  const out = [t('{0} records skipped:', n(s.skippedTotal))];
  for (const k of s.skipped.slice(0, shown)) out.push(`${k.file}:${k.line}: ${k.reason}`);
  if (s.skippedTotal > shown) out.push(t('… {0} more', n(s.skippedTotal - shown)));
  return out;
}

/** The report as markdown: one row per tokenizer, per-record lengths, records over each window; skips said. */
export function datasetMarkdown(s: DatasetSummary, t: Translate = english): string {
  const out: string[] = [];
  if (s.partial) out.push(`**${t('Stopped before the end: partial counts.')}**`, '');
  const columns = datasetColumns(s.windows, t);
  out.push(`| ${columns.join(' | ')} |`, `|---|${'---:|'.repeat(columns.length - 1)}`);
  for (const row of datasetRows(s)) out.push(`| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  out.push('');
  const shape = shapeSentence(s.shapes, t);
  if (shape) out.push(shape, '');
  out.push(t('Percentiles are nearest-rank: the smallest length with at least p % of records at or below it.'));
  const skipped = skippedLines(s, t);
  if (skipped.length) out.push('', skipped[0], ...skipped.slice(1).map((l) => `- ${l}`));
  return out.join('\n');
}

/** Histogram buckets from the first to the last that holds records, labelled "512–1,023". */
export function histogramBuckets(stats: LengthStats): { label: string; records: number }[] {
  const all = stats.histogram();
  const first = all.findIndex((b) => b.records);
  let last = all.length - 1;
  while (last > first && !all[last].records) last--;
  const h = first < 0 ? [] : all.slice(first, last + 1);
  return h.map((b) => ({ label: b.to - b.from === 1 ? String(b.from) : `${b.from.toLocaleString('en-US')}–${(b.to - 1).toLocaleString('en-US')}`, records: b.records }));
}

/** Histogram bars as text, per tokenizer: "  512–1,023 ████████ 1,204". */
export function histogramText(stats: LengthStats, width = 40): string {
  const h = histogramBuckets(stats);
  const most = Math.max(1, ...h.map((b) => b.records));
  const pad = Math.max(...h.map((b) => b.label.length));
  return h.map((b) => `  ${b.label.padStart(pad)} ${'█'.repeat(Math.round((width * b.records) / most)).padEnd(width)} ${n(b.records)}`).join('\n');
}

/** `llm-notes dataset --json`. */
export function datasetJson(s: DatasetSummary): Record<string, unknown> {
  return {
    records: s.records,
    partial: s.partial,
    skipped: s.skipped,
    skippedTotal: s.skippedTotal,
    shapes: s.shapes,
    tokenizers: Object.fromEntries(s.tokenizers.map((t) => [t.id, t.stats.summary(s.windows)])),
  };
}
