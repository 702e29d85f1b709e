import { english, type Translate } from '../l10n';
import { breakdown } from './breakdown';
import { minGpus } from './gpuCount';
import { suggestions } from './suggestions';
import type { MemoryInput, MemoryResult } from './types';
import { validate } from './validation';

/**
 * Estimates per-GPU memory with every line's working; throws a UserError on contradictory input.
 * With `withAdvice` it also finds the smallest GPU count and the changes that would help (what the
 * panel and the CLI show; lenses and hovers skip it). `t` puts the words in the user's language.
 */
export function estimate(input: MemoryInput, withAdvice = true, t: Translate = english): MemoryResult {
  validate(input, t);
  const core = breakdown(input, t);
  const result: MemoryResult = { ...core, minGpus: undefined, suggestions: [] };
  if (withAdvice) {
    result.minGpus = minGpus(input);
    result.suggestions = suggestions(input, core.readings.device, result.minGpus, t);
  }
  return result;
}
