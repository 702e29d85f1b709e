import { english, type Translate } from '../l10n';
import { memoryJson, memoryMarkdown } from '../memory/report';
import { n } from '../memory/units';
import type { RunEstimate, SuggestionTime } from './estimateRun';
import { seconds } from './stepTime';
import type { TimeFigure, TimeResult } from './types';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/**
 * ", +30% time (3.29 s per step)" for a suggestion: the change in time per token (a smaller
 * micro-batch means more steps, not a faster run), with its step time.
 */
export function timeEffect(change: SuggestionTime | undefined, time: TimeResult | undefined, t: Translate = english): string {
  const before = time?.tokensPerSecond;
  if (before === undefined || change === undefined) return '';
  const pct = 100 * (before / change.tokensPerSecond - 1);
  const signed = `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(0)}%`;
  return t(', {0} time ({1} per step)', signed, seconds(change.stepSeconds));
}

/** "2.53 s per step · 51,821 tokens/s · MFU 0.366 · 11.3 d wall-clock, 2,170 GPU-hours", or the serving figures. */
export function timeSummary(time: TimeResult, t: Translate = english): string {
  if (time.stepSeconds === undefined) return time.run.map((f) => `${f.label} ${f.text}`).join(' · ');
  const step = t('{0} per step · {1} tokens/s · MFU {2}', seconds(time.stepSeconds), n(Math.round(time.tokensPerSecond!)), time.achievedMfu!.toFixed(3));
  const wall = time.run.find((f) => f.value === time.seconds);
  return wall && time.gpuHours !== undefined ? `${step} · ${t('{0} wall-clock, {1} GPU-hours', wall.text, n(Math.round(time.gpuHours)))}` : step;
}

/** The Time section as markdown: FLOPs, the step part by part, and the run. */
export function timeMarkdown(time: TimeResult, t: Translate = english): string[] {
  const out: string[] = [];
  const figures = (title: string, rows: readonly TimeFigure[]) => {
    if (!rows.length) return;
    out.push(`| ${title} | | ${t('Working')} |`, '|---|---:|---|');
    for (const f of rows) out.push(`| ${cell(f.label)} | ${cell(f.text)} | ${cell(f.formula)} |`);
    out.push('');
  };
  figures(t('FLOPs'), time.flops);
  if (time.stepSeconds !== undefined) {
    out.push(`| ${t('Time per step')} | | ${t('Working')} |`, '|---|---:|---|');
    for (const l of time.lines) out.push(`| ${cell(l.label)} | ${seconds(l.seconds)} | ${cell(l.formula)} |`);
    out.push(`| **${t('Step')}** | **${seconds(time.stepSeconds)}** | ${t('{0} tokens per step, {1} micro-batches per rank; MFU band {2}–{3}', n(time.tokensPerStep!), time.microBatches!, seconds(time.band![1]), seconds(time.band![0]))} |`, '');
    out.push(t('{0} tokens/s; the whole step at MFU {1} (assumed {2} for compute).', n(Math.round(time.tokensPerSecond!)), time.achievedMfu!.toFixed(3), time.mfu), '');
  }
  figures(time.stepSeconds !== undefined ? t('The run') : t('Serving'), time.run);
  while (out[out.length - 1] === '') out.pop();
  return out;
}

/** Memory and time as markdown (the CLI, Copy as Markdown, Insert into Note). */
export function estimateMarkdown(e: RunEstimate, t: Translate = english, afterVerdict?: string): string {
  return memoryMarkdown(e, t, {
    ...(afterVerdict !== undefined ? { afterVerdict } : {}),
    sections: e.time ? timeMarkdown(e.time, t) : [],
    suggestionSuffix: (_, i) => timeEffect(e.suggestionTimes[i], e.time, t),
  });
}

/** `time` in --json: numbers, and only the fields that apply (never NaN). */
export function timeJson(time: TimeResult): Record<string, unknown> {
  const out: Record<string, unknown> = {
    modelFlopsPerToken: time.modelFlopsPerToken,
    hardwareFlopsPerToken: time.hardwareFlopsPerToken,
    peakFlops: time.peakFlops,
    mfu: time.mfu,
  };
  const optional: (keyof TimeResult)[] = ['achievedMfu', 'stepSeconds', 'tokensPerStep', 'microBatches', 'tokensPerSecond', 'trainFlops', 'seconds', 'gpuHours', 'cost', 'prefillSeconds', 'decodeTokensPerSecond'];
  for (const k of optional) if (time[k] !== undefined && Number.isFinite(time[k] as number)) out[k] = time[k];
  out.lines = time.lines.map(({ key, label, seconds: s, formula, source }) => ({ key, label, seconds: s, formula, source }));
  return out;
}

/** The CLI's --json: the memory shape, each suggestion's step time, and `time`. */
export function estimateJson(e: RunEstimate): Record<string, unknown> {
  const json = memoryJson(e);
  json.suggestions = (json.suggestions as Record<string, unknown>[]).map((s, i) => {
    const tm = e.suggestionTimes[i];
    return tm ? { ...s, stepSeconds: tm.stepSeconds, tokensPerSecond: tm.tokensPerSecond } : s;
  });
  if (e.time) json.time = timeJson(e.time);
  return json;
}
