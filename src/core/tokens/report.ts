import { contextFits, type WindowFit } from './contextWindows';
import type { CountReport, TokenCount } from './tokenCounter';

export interface ReportLabels {
  tokenizer: string;
  tokens: string;
  ratio: string;
  chars: string;
  words: string;
  cjk: string;
  bytes: string;
}

export const ENGLISH_LABELS: ReportLabels = {
  tokenizer: 'Tokenizer',
  tokens: 'Tokens',
  ratio: '× first',
  chars: 'characters',
  words: 'words',
  cjk: 'CJK characters',
  bytes: 'UTF-8 bytes',
};

const n = (x: number) => x.toLocaleString('en-US');

/** "1.31×" — the row's count over the first row's; "—" when either is missing or zero. */
export function ratioToFirst(row: TokenCount, first: TokenCount | undefined): string {
  if (row.tokens === undefined || first?.tokens === undefined || first.tokens === 0) return '—';
  return `${(row.tokens / first.tokens).toFixed(2)}×`;
}

/**
 * A markdown table of the counts. Labels and errors (which may carry a file's path) go through
 * `escape`: table cells by default (copied text stays readable), all markup where VS Code renders
 * it (the hover passes escapeMarkdown).
 */
export function countsMarkdownTable(report: CountReport, labels: ReportLabels = ENGLISH_LABELS, escape: (text: string) => string = escapeCell): string {
  const first = report.counts[0];
  const rows = report.counts.map((c) => {
    const tokens = c.tokens !== undefined ? n(c.tokens) : `⚠ ${escape(c.error ?? '')}`;
    return `| ${escape(c.label)} | ${tokens} | ${ratioToFirst(c, first)} |`;
  });
  return [`| ${labels.tokenizer} | ${labels.tokens} | ${labels.ratio} |`, '|---|---:|---:|', ...rows].join('\n');
}

/** "1,234 characters · 210 words · 40 CJK characters · 1,500 UTF-8 bytes" */
export function statsLine(report: CountReport, labels: ReportLabels = ENGLISH_LABELS): string {
  const s = report.stats;
  const parts = [`${n(s.chars)} ${labels.chars}`, `${n(s.words)} ${labels.words}`];
  if (s.cjkChars > 0) parts.push(`${n(s.cjkChars)} ${labels.cjk}`);
  parts.push(`${n(s.bytes)} ${labels.bytes}`);
  return parts.join(' · ');
}

/** Context-window fit judged by the largest count among the tokenizers, so "fits" holds for all of them. */
export function windowFits(report: CountReport, windows: readonly number[]): { tokens: number; fits: WindowFit[] } | undefined {
  const counted = report.counts.map((c) => c.tokens).filter((t): t is number => t !== undefined);
  if (!counted.length) return undefined;
  const tokens = Math.max(...counted);
  return { tokens, fits: contextFits(tokens, windows) };
}

/** Full text for "Copy counts" and `llm-notes tokens`: stats, table and window fit. */
export function countsMarkdown(report: CountReport, windows: readonly number[], labels: ReportLabels = ENGLISH_LABELS): string {
  const lines = [statsLine(report, labels), '', countsMarkdownTable(report, labels)];
  const fit = windowFits(report, windows);
  if (fit) lines.push('', fit.fits.map((f) => `${f.fits ? '✓' : '✗'} ${f.label}`).join(' · '));
  return lines.join('\n');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
