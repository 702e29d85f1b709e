import type { LineKey, MemoryInput, MemoryResult } from './types';
import { formatBytes, formatParams } from './units';

/** The canonical fit expression for an input: shown in reports and used to reopen the panel. */
export function describeInput(i: MemoryInput): string {
  const parts = [i.model.preset ?? formatParams(i.model.params), i.mode];
  const dtype = i.precision.replace(/^mixed-/, '');
  parts.push(i.mode === 'inference' ? dtype : i.precision.startsWith('mixed-') ? dtype : i.precision === 'fp32' ? 'fp32' : `pure-${dtype}`);
  if (i.mode !== 'inference') {
    parts.push(i.optimizer);
    if (i.zero) parts.push(`zero${i.zero}`);
    if (i.offloadOptimizer !== 'none' && i.offloadParams !== 'none') parts.push(i.offloadOptimizer === 'nvme' ? 'offload-nvme' : 'offload-all');
    else if (i.offloadOptimizer !== 'none') parts.push('offload');
    else if (i.offloadParams !== 'none') parts.push('offload-params');
    if (i.mode === 'lora' || i.mode === 'qlora') parts.push(`rank ${i.loraRank}`);
    if (i.recompute === 'full') parts.push('recompute');
    if (i.recompute === 'selective') parts.push('selective');
  }
  if (i.tp > 1) parts.push(`tp${i.tp}`);
  if (i.pp > 1) parts.push(`pp${i.pp}`);
  if (i.sequenceParallel) parts.push('sp');
  parts.push(`${i.mode === 'inference' ? 'ctx' : 'seq'} ${i.seq}`, `batch ${i.batch}`);
  if (!i.flashAttention) parts.push('no-flash');
  if (i.mode === 'inference' && i.kvCacheBits === 8) parts.push('kv8');
  const gpu = i.gpu.id === 'custom' ? i.gpu.name.replace(/ GPU$/, '') : i.gpu.id;
  const nodes = i.gpus > i.gpusPerNode ? i.gpus / i.gpusPerNode : 1;
  parts.push('on', nodes > 1 ? `${nodes} nodes x ${i.gpusPerNode}x${gpu}` : `${i.gpus}x${gpu}`);
  return parts.join(' ');
}

/** "✓ Fits: … per GPU of …, … to spare" or "✗ Does not fit: …, short by …". */
export function verdict(r: MemoryResult): string {
  const head = `${formatBytes(r.perGpu.total)} per GPU of ${formatBytes(r.capacity)}`;
  return r.fits ? `✓ Fits: ${head}, ${formatBytes(r.margin)} to spare` : `✗ Does not fit: ${head}, short by ${formatBytes(-r.margin)}`;
}

export function minGpusText(r: MemoryResult): string {
  if (r.minGpus === undefined) return 'No GPU count up to 65,536 fits this configuration; see the changes below.';
  return `Smallest GPU count that fits this configuration: ${r.minGpus} × ${r.input.gpu.name}.`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** The whole breakdown as markdown: verdict, per-GPU lines with their working, host RAM, changes. */
export function memoryMarkdown(r: MemoryResult): string {
  const out = [`**${describeInput(r.input)}**`, '', verdict(r), '', minGpusText(r), '', '| Per GPU | Memory | Working |', '|---|---:|---|'];
  for (const l of r.perGpu.lines) out.push(`| ${cell(l.label)} | ${formatBytes(l.bytes)} | ${cell(l.formula)} |`);
  out.push(`| **Total** | **${formatBytes(r.perGpu.total)}** | sum of the lines above |`);
  if (r.host.lines.length) {
    out.push('', '| Host RAM per node | Memory | Working |', '|---|---:|---|');
    for (const l of r.host.lines) out.push(`| ${cell(l.label)} | ${formatBytes(l.bytes)} | ${cell(l.formula)} |`);
  }
  if (r.nvme.lines.length) {
    out.push('', '| NVMe | Memory | Working |', '|---|---:|---|');
    for (const l of r.nvme.lines) out.push(`| ${cell(l.label)} | ${formatBytes(l.bytes)} | ${cell(l.formula)} |`);
  }
  if (r.suggestions.length) {
    out.push('', 'What would change it:', '');
    for (const s of r.suggestions) out.push(`- ${s.label}: ${formatBytes(s.perGpu)} per GPU ${s.fits ? '✓ fits' : '✗ still too much'}`);
  }
  if (r.notes.length) out.push('', ...r.notes.map((n) => `> ${n}`));
  return out.join('\n');
}

/** The CLI's --json shape (documented in README): bytes as integers. */
export function memoryJson(r: MemoryResult): Record<string, unknown> {
  const perGpu: Record<LineKey | 'total', number> = { ...r.perGpu.byKey, total: r.perGpu.total };
  return {
    input: describeInput(r.input),
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
