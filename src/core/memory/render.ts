import { english, type Translate } from '../l10n';
import { changeToFields, describeInput } from './describe';
import { estimate } from './estimate';
import type { MemoryFields } from './fields';
import { buildInput } from './input';
import { minGpusText, verdict, withAmount } from './report';
import type { HostLine, MemoryLine, MemoryResult, ModelResolver, PhaseTerm, Suggestion } from './types';
import { formatBytes, formatGiB } from './units';

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
  /** The three readings per GPU (bytes and "52.10 GiB"); `device` is what the verdict compares. */
  readings: { allocated: number; reserved: number; device: number; allocatedText: string; reservedText: string; deviceText: string };
  /** How reserved and device follow from allocated. */
  readingSteps: RenderedLine[];
  /** The phase that holds the peak ("backward") and what is alive then. */
  peakLabel: string;
  peakTerms: RenderedLine[];
  phases: { label: string; amount: string; peak: boolean }[];
}

function renderLine(l: MemoryLine | HostLine | PhaseTerm, key?: string): RenderedLine {
  return { key: key ?? ('key' in l ? l.key : 'host'), label: l.label, bytes: l.bytes, amount: formatBytes(l.bytes), formula: withAmount(l), source: l.source };
}

/** Estimates and pre-formats everything the calculator page shows; throws UserError on bad fields. */
export function renderMemory(fields: MemoryFields, t: Translate = english, models?: ModelResolver): RenderedResult {
  return renderResult(estimate(buildInput(fields, t, models), true, t), t);
}

/** A result pre-formatted for the page; `suggestionSuffix` adds words after each suggestion's figure. */
export function renderResult(r: MemoryResult, t: Translate = english, suggestionSuffix: (s: Suggestion, index: number) => string = () => ''): RenderedResult {
  return {
    expression: describeInput(r.input),
    verdict: verdict(r, t),
    fits: r.fits,
    total: r.perGpu.total,
    capacity: r.capacity,
    totalText: formatBytes(r.perGpu.total),
    capacityText: formatBytes(r.capacity),
    lines: r.perGpu.lines.map((l) => renderLine(l)),
    host: r.host.lines.map((l) => renderLine(l)),
    hostTotalText: formatBytes(r.host.total),
    nvme: r.nvme.lines.map((l) => renderLine(l)),
    minGpusText: minGpusText(r, t),
    suggestions: r.suggestions.map((s, i) => ({ label: s.label, amount: `${formatBytes(s.device)}${suggestionSuffix(s, i)}`, fits: s.fits, change: changeToFields(s.change, r.input.mode) })),
    notes: r.notes,
    readings: {
      allocated: r.readings.allocated,
      reserved: r.readings.reserved,
      device: r.readings.device,
      allocatedText: formatGiB(r.readings.allocated),
      reservedText: formatGiB(r.readings.reserved),
      deviceText: formatGiB(r.readings.device),
    },
    readingSteps: r.readings.steps.map((x) => renderLine(x, 'reading')),
    peakLabel: r.peak.label,
    peakTerms: r.peak.terms.map((x) => renderLine(x, 'alive')),
    phases: r.phases.map((p) => ({ label: p.label, amount: formatGiB(p.bytes), peak: p === r.peak })),
  };
}
