import { english, type Translate } from '../l10n';
import { countParams } from '../models/architecture';
import { describeInput } from './describe';
import type { HostLine, LineKey, MemoryLine, MemoryResult } from './types';
import { formatBytes } from './units';

/** A line's working with its amount: "34,000,000,000 × 2 B ÷ 4 = 17.00 GB (15.83 GiB)". */
export function withAmount(line: Pick<MemoryLine | HostLine, 'formula' | 'bytes'>): string {
  return `${line.formula} = ${formatBytes(line.bytes)}`;
}

/** "✓ Fits: … per GPU of …, … to spare" or "✗ Does not fit: …, short by …". */
export function verdict(r: Pick<MemoryResult, 'perGpu' | 'capacity' | 'fits' | 'margin'>, t: Translate = english): string {
  const total = formatBytes(r.perGpu.total);
  const capacity = formatBytes(r.capacity);
  return r.fits ? t('✓ Fits: {0} per GPU of {1}, {2} to spare', total, capacity, formatBytes(r.margin)) : t('✗ Does not fit: {0} per GPU of {1}, short by {2}', total, capacity, formatBytes(-r.margin));
}

export function minGpusText(r: MemoryResult, t: Translate = english): string {
  if (r.minGpus === undefined) return t('No GPU count up to 65,536 fits this configuration; see the changes below.');
  return t('Smallest GPU count that fits this configuration: {0} × {1}.', r.minGpus, r.input.gpu.name);
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** The whole breakdown as markdown: verdict, per-GPU lines with their working, host RAM, changes. */
export function memoryMarkdown(r: MemoryResult, t: Translate = english): string {
  const out = [`**${describeInput(r.input)}**`, '', verdict(r, t), '', minGpusText(r, t), '', `| ${t('Per GPU')} | ${t('Memory')} | ${t('Working')} |`, '|---|---:|---|'];
  for (const l of r.perGpu.lines) out.push(`| ${cell(l.label)} | ${formatBytes(l.bytes)} | ${cell(withAmount(l))} |`);
  out.push(`| **${t('Total')}** | **${formatBytes(r.perGpu.total)}** | ${t('sum of the lines above')} |`);
  const table = (title: string, lines: HostLine[]) => {
    if (!lines.length) return;
    out.push('', `| ${title} | ${t('Memory')} | ${t('Working')} |`, '|---|---:|---|');
    for (const l of lines) out.push(`| ${cell(l.label)} | ${formatBytes(l.bytes)} | ${cell(withAmount(l))} |`);
  };
  table(t('Host RAM per node'), r.host.lines);
  table(t('NVMe'), r.nvme.lines);
  if (r.suggestions.length) {
    out.push('', t('What would change it:'), '');
    for (const s of r.suggestions) out.push(`- ${t('{0}: {1} per GPU', s.label, formatBytes(s.perGpu))} ${s.fits ? t('✓ fits') : t('✗ still too much')}`);
  }
  if (r.notes.length) out.push('', ...r.notes.map((note) => `> ${note}`));
  return out.join('\n');
}

/** The CLI's --json shape (documented in README): bytes as integers, words in English. */
export function memoryJson(r: MemoryResult): Record<string, unknown> {
  const perGpu: Record<LineKey | 'total', number> = { ...r.perGpu.byKey, total: r.perGpu.total };
  const { model } = r.input;
  const counts = model.arch ? countParams(model.arch) : undefined;
  return {
    input: describeInput(r.input),
    model: {
      id: model.preset ?? model.name,
      params: model.params,
      activeParams: model.arch?.moe && counts ? Math.round(counts.active * (model.params / counts.total)) : model.params,
      source: model.source,
      ...(model.path ? { path: model.path } : {}),
    },
    perGpu,
    cpu: { total: r.host.total, lines: r.host.lines.map(({ label, bytes, formula }) => ({ label, bytes, formula })) },
    nvme: { total: r.nvme.total },
    capacity: r.capacity,
    fits: r.fits,
    margin: r.margin,
    minGpus: r.minGpus ?? null,
    lines: r.perGpu.lines.map(({ key, label, bytes, formula, source }) => ({ key, label, bytes, formula, source })),
    suggestions: r.suggestions.map((s) => ({ label: s.label, perGpu: s.perGpu, fits: s.fits })),
    notes: r.notes,
  };
}
