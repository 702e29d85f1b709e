import { english, type Translate } from '../l10n';
import { changeToFields, describeInput } from './describe';
import { estimate } from './estimate';
import type { MemoryFields } from './fields';
import { buildInput } from './input';
import { minGpusText, verdict, withAmount } from './report';
import type { HostLine, MemoryLine, ModelResolver } from './types';
import { formatBytes } from './units';

export interface RenderedLine {
  key: string;
  label: string;
  bytes: number;
  /** "17.00 GB (15.83 GiB)" */
  amount: string;
  /** The working with its amount. */
  formula: string;
  source: string;
}

/** Everything the calculator page shows, already formatted and translated: the page only lays it out. */
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

function renderLine(l: MemoryLine | HostLine): RenderedLine {
  return { key: 'key' in l ? l.key : 'host', label: l.label, bytes: l.bytes, amount: formatBytes(l.bytes), formula: withAmount(l), source: l.source };
}

/** Estimates and pre-formats everything the calculator page shows; throws UserError on bad fields. */
export function renderMemory(fields: MemoryFields, t: Translate = english, models?: ModelResolver): RenderedResult {
  const r = estimate(buildInput(fields, t, models), true, t);
  return {
    expression: describeInput(r.input),
    verdict: verdict(r, t),
    fits: r.fits,
    total: r.perGpu.total,
    capacity: r.capacity,
    totalText: formatBytes(r.perGpu.total),
    capacityText: formatBytes(r.capacity),
    lines: r.perGpu.lines.map(renderLine),
    host: r.host.lines.map(renderLine),
    hostTotalText: formatBytes(r.host.total),
    nvme: r.nvme.lines.map(renderLine),
    minGpusText: minGpusText(r, t),
    suggestions: r.suggestions.map((s) => ({ label: s.label, amount: formatBytes(s.perGpu), fits: s.fits, change: changeToFields(s.change, r.input.mode) })),
    notes: r.notes,
  };
}
