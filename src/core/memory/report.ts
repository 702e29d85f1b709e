import { english, type Translate } from '../l10n';
import { countParams } from '../models/architecture';
import { describeInput } from './describe';
import type { HostLine, LineKey, MemoryLine, MemoryResult, PhaseTerm, Suggestion } from './types';
import { formatBytes } from './units';

/** A line's working with its amount: "34,000,000,000 × 2 B ÷ 4 = 17.00 GB (15.83 GiB)". */
export function withAmount(line: Pick<MemoryLine | HostLine, 'formula' | 'bytes'>): string {
  return `${line.formula} = ${formatBytes(line.bytes)}`;
}

/** "✓ Fits: … per GPU at the peak (backward) of …, … to spare" or "✗ Does not fit: …, short by …": the device reading against the GPU. */
export function verdict(r: Pick<MemoryResult, 'readings' | 'peak' | 'capacity' | 'fits' | 'margin'>, t: Translate = english): string {
  const device = formatBytes(r.readings.device);
  const capacity = formatBytes(r.capacity);
  return r.fits
    ? t('✓ Fits: {0} per GPU at the peak ({1}) of {2}, {3} to spare', device, r.peak.label, capacity, formatBytes(r.margin))
    : t('✗ Does not fit: {0} per GPU at the peak ({1}) of {2}, short by {3}', device, r.peak.label, capacity, formatBytes(-r.margin));
}

/** "allocated 52.10 GiB · reserved 54.71 GiB · device 55.46 GiB": the three readings in one line. */
export function readingsText(r: Pick<MemoryResult, 'readings'>, t: Translate = english): string {
  const g = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;
  return t('allocated {0} · reserved {1} · device {2}', g(r.readings.allocated), g(r.readings.reserved), g(r.readings.device));
}

export function minGpusText(r: MemoryResult, t: Translate = english): string {
  if (r.minGpus === undefined) return t('No GPU count up to 65,536 fits this configuration; see the changes below.');
  return t('Smallest GPU count that fits this configuration: {0} × {1}.', r.minGpus, r.input.gpu.name);
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** What a caller adds to the breakdown's markdown: sections after the published lines, words after each suggestion. */
export interface MarkdownExtras {
  /** A sentence in place of the smallest-GPU-count one (a plan that fits). */
  afterVerdict?: string;
  sections?: readonly string[];
  suggestionSuffix?: (s: Suggestion, index: number) => string;
}

/** The whole breakdown as markdown: verdict, the three readings, what is alive at the peak, the published lines, host RAM, changes. */
export function memoryMarkdown(r: MemoryResult, t: Translate = english, extras: MarkdownExtras = {}): string {
  const out = [`**${describeInput(r.input)}**`, '', verdict(r, t), '', extras.afterVerdict ?? minGpusText(r, t), ''];
  const table = (title: string, lines: readonly (PhaseTerm | HostLine | MemoryLine)[], total?: [string, number, string]) => {
    if (!lines.length) return;
    out.push(`| ${title} | ${t('Memory')} | ${t('Working')} |`, '|---|---:|---|');
    for (const l of lines) out.push(`| ${cell(l.label)} | ${formatBytes(l.bytes)} | ${cell(withAmount(l))} |`);
    if (total) out.push(`| **${total[0]}** | **${formatBytes(total[1])}** | ${total[2]} |`);
    out.push('');
  };
  table(t('Readings per GPU'), r.readings.steps, [t('Device (nvidia-smi)'), r.readings.device, t('allocated + cache + context + NCCL')]);
  table(t('Alive at the peak ({0})', r.peak.label), r.peak.terms, [t('Allocated'), r.peak.bytes, t('sum of the lines above')]);
  out.push(`${t('Phases')}: ${r.phases.map((p) => `${p.label} ${formatBytes(p.bytes)}`).join(' · ')}`, '');
  table(t('Published formulas, per GPU'), r.perGpu.lines, [t('Total'), r.perGpu.total, t('sum of the lines above')]);
  if (extras.sections?.length) out.push(...extras.sections, '');
  table(t('Host RAM per node'), r.host.lines);
  table(t('NVMe'), r.nvme.lines);
  if (r.suggestions.length) {
    out.push(t('What would change it:'), '');
    r.suggestions.forEach((s, i) => out.push(`- ${t('{0}: {1} per GPU', s.label, formatBytes(s.device))} ${s.fits ? t('✓ fits') : t('✗ still too much')}${extras.suggestionSuffix?.(s, i) ?? ''}`));
  }
  if (r.notes.length) out.push('', ...r.notes.map((note) => `> ${note}`));
  while (out[out.length - 1] === '') out.pop();
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
    readings: { allocated: r.readings.allocated, reserved: r.readings.reserved, device: r.readings.device },
    peak: { phase: r.peak.key, bytes: r.peak.bytes, alive: r.peak.terms.map(({ label, bytes, formula, source }) => ({ label, bytes, formula, source })) },
    phases: r.phases.map((p) => ({ phase: p.key, bytes: p.bytes })),
    cpu: { total: r.host.total, lines: r.host.lines.map(({ label, bytes, formula }) => ({ label, bytes, formula })) },
    nvme: { total: r.nvme.total },
    capacity: r.capacity,
    fits: r.fits,
    margin: r.margin,
    minGpus: r.minGpus ?? null,
    lines: r.perGpu.lines.map(({ key, label, bytes, formula, source }) => ({ key, label, bytes, formula, source })),
    suggestions: r.suggestions.map((s) => ({ label: s.label, perGpu: s.perGpu, device: s.device, fits: s.fits })),
    notes: r.notes,
  };
}
