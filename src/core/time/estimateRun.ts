import { english, type Translate } from '../l10n';
import { breakdown, lineContext } from '../memory/breakdown';
import { estimate } from '../memory/estimate';
import type { MemoryInput, MemoryResult } from '../memory/types';
import { validate } from '../memory/validation';
import { estimateTime } from './timeEstimate';
import type { TimeResult } from './types';

/** A suggestion's step time and throughput, when the GPU's compute is known. */
export interface SuggestionTime {
  stepSeconds: number;
  tokensPerSecond: number;
}

/** Memory and time of one configuration: what the panel, the CLI, lenses and hovers show. */
export interface RunEstimate extends MemoryResult {
  /** Absent for a GPU known only by its memory size (no compute figures). */
  time?: TimeResult;
  /** The time of each suggestion, in the order of `suggestions`. */
  suggestionTimes: (SuggestionTime | undefined)[];
}

/** The time of one input, or undefined when its GPU has no compute figures. */
export function timeOf(input: MemoryInput, t: Translate = english): TimeResult | undefined {
  return estimateTime(lineContext(input, t), breakdown(input, t).perGpu.lines);
}

/**
 * Memory with advice (as `estimate`), then time beside it: the step, the run when tokens are given,
 * and each suggestion's step time so a change says what it costs ("recompute: fits, +30% time").
 */
export function estimateRun(input: MemoryInput, withAdvice = true, t: Translate = english): RunEstimate {
  const memory = estimate(input, withAdvice, t);
  const time = timeOf(input, t);
  const notes = [...memory.notes, ...(time ? time.notes : [t('No time estimate: a GPU given only by its memory has no compute figures; choose a GPU preset.')])];
  const suggestionTimes = memory.suggestions.map((s): SuggestionTime | undefined => {
    const next = { ...input, ...s.change };
    try {
      validate(next);
    } catch {
      return undefined;
    }
    const tm = timeOf(next, t);
    return tm?.stepSeconds !== undefined && tm.tokensPerSecond !== undefined ? { stepSeconds: tm.stepSeconds, tokensPerSecond: tm.tokensPerSecond } : undefined;
  });
  return { ...memory, notes, ...(time ? { time } : {}), suggestionTimes };
}
