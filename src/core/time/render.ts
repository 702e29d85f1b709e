import { english, type Translate } from '../l10n';
import type { MemoryFields } from '../memory/fields';
import { buildInput } from '../memory/input';
import { renderResult, type RenderedResult } from '../memory/render';
import type { MemoryInput, ModelResolver } from '../memory/types';
import { estimateRun } from './estimateRun';
import { timeEffect, timeSummary } from './report';
import { seconds } from './stepTime';
import type { TimeFigure, TimeKey, TimeResult } from './types';

export interface RenderedFigure {
  label: string;
  text: string;
  formula: string;
  source: string;
}

export interface RenderedTime {
  /** "2.53 s per step · 51,821 tokens/s · MFU 0.366", or the serving figures. */
  summary: string;
  stepSeconds?: number;
  /** The step's parts, in the order a stacked bar draws them. */
  lines: { key: TimeKey; label: string; seconds: number; amount: string; formula: string; source: string }[];
  flops: RenderedFigure[];
  run: RenderedFigure[];
}

/** What the calculator page shows: the memory result and, on a known GPU, time beside it. */
export interface RenderedEstimate extends RenderedResult {
  time?: RenderedTime;
}

const figure = (f: TimeFigure): RenderedFigure => ({ label: f.label, text: f.text, formula: f.formula, source: f.source });

export function renderTime(time: TimeResult, t: Translate = english): RenderedTime {
  return {
    summary: timeSummary(time, t),
    ...(time.stepSeconds !== undefined ? { stepSeconds: time.stepSeconds } : {}),
    lines: time.lines.map((l) => ({ key: l.key, label: l.label, seconds: l.seconds, amount: seconds(l.seconds), formula: `${l.formula} = ${seconds(l.seconds)}`, source: l.source })),
    flops: time.flops.map(figure),
    run: time.run.map(figure),
  };
}

/** Estimates and pre-formats everything the calculator page shows; throws UserError on bad fields. */
export function renderEstimate(fields: MemoryFields, t: Translate = english, models?: ModelResolver): RenderedEstimate {
  return renderInputEstimate(buildInput(fields, t, models), t);
}

/** The same for an input already built (the panel plans from the same input). */
export function renderInputEstimate(input: MemoryInput, t: Translate = english): RenderedEstimate {
  const e = estimateRun(input, true, t);
  const rendered = renderResult(e, t, (_, i) => timeEffect(e.suggestionTimes[i], e.time, t));
  return e.time ? { ...rendered, time: renderTime(e.time, t) } : rendered;
}
