import { estimate } from './estimate';
import { buildInput, type MemoryFields } from './input';
import { describeInput, minGpusText, verdict } from './report';
import type { MemoryInput } from './types';
import { formatBytes } from './units';

export interface RenderedLine {
  key: string;
  label: string;
  bytes: number;
  /** "17.00 GB (15.83 GiB)" */
  amount: string;
  formula: string;
  source: string;
}

/** Everything the calculator page shows, already formatted: the page only lays it out. */
export interface RenderedResult {
  expression: string;
  verdict: string;
  fits: boolean;
  total: number;
  capacity: number;
  totalText: string;
  capacityText: string;
  lines: RenderedLine[];
  host: RenderedLine[];
  hostTotalText: string;
  nvme: RenderedLine[];
  minGpusText: string;
  suggestions: { label: string; amount: string; fits: boolean; change: MemoryFields }[];
  notes: string[];
}

/** Fields that express a suggestion's change, so the page can apply it to its form. */
function changeToFields(change: Partial<MemoryInput>): MemoryFields {
  const f: MemoryFields = {};
  if (change.zero !== undefined) f.zero = String(change.zero);
  if (change.offloadOptimizer) f.offloadOptimizer = change.offloadOptimizer;
  if (change.offloadParams) f.offloadParams = change.offloadParams;
  if (change.recompute) f.recompute = change.recompute;
  if (change.flashAttention !== undefined) f.flashAttention = change.flashAttention;
  if (change.batch !== undefined) f.batch = String(change.batch);
  if (change.optimizer) f.optimizer = change.optimizer;
  if (change.mode) f.mode = change.mode;
  if (change.precision) {
    const p = change.precision;
    f.dtype = p.startsWith('mixed-') ? p.slice(6) : (p === 'bf16' || p === 'fp16') && change.mode !== 'inference' ? `pure-${p}` : p;
  }
  if (change.kvCacheBits !== undefined) f.kvCacheBits = String(change.kvCacheBits);
  if (change.gpus !== undefined) f.gpus = String(change.gpus);
  if (change.gpusPerNode !== undefined) f.gpusPerNode = String(change.gpusPerNode);
  if (change.tp !== undefined) f.tp = String(change.tp);
  return f;
}

/** Estimates and pre-formats everything the calculator page shows; throws UserError on bad fields. */
export function renderMemory(fields: MemoryFields): RenderedResult {
  const r = estimate(buildInput(fields));
  const line = (l: { key?: string; label: string; bytes: number; formula: string; source: string }) => ({
    key: l.key ?? 'host',
    label: l.label,
    bytes: l.bytes,
    amount: formatBytes(l.bytes),
    formula: l.formula,
    source: l.source,
  });
  return {
    expression: describeInput(r.input),
    verdict: verdict(r),
    fits: r.fits,
    total: r.perGpu.total,
    capacity: r.capacity,
    totalText: formatBytes(r.perGpu.total),
    capacityText: formatBytes(r.capacity),
    lines: r.perGpu.lines.map(line),
    host: r.host.lines.map(line),
    hostTotalText: formatBytes(r.host.total),
    nvme: r.nvme.lines.map(line),
    minGpusText: minGpusText(r),
    suggestions: r.suggestions.map((s) => ({ label: s.label, amount: formatBytes(s.perGpu), fits: s.fits, change: changeToFields(s.change) })),
    notes: r.notes,
  };
}
