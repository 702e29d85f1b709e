import { isUserError } from '../errors';
import { english, type Translate } from '../l10n';
import type { MemoryInput } from '../memory/types';
import { accelerateConfig } from './accelerateConfig';
import { deepSpeedConfig } from './deepspeedConfig';
import { megatronArgs } from './megatronArgs';

/** The engines' own configs a plan can be written as. */
export const PLAN_FORMATS = ['deepspeed', 'accelerate', 'megatron'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export function isPlanFormat(value: unknown): value is PlanFormat {
  return typeof value === 'string' && (PLAN_FORMATS as readonly string[]).includes(value);
}

/** The markdown fence's language for each format's text. */
export const PLAN_FORMAT_FENCE: Record<PlanFormat, string> = { deepspeed: 'json', accelerate: 'yaml', megatron: 'sh' };

/**
 * A plan as the engine's own text: a DeepSpeed config JSON, an accelerate config YAML, or
 * Megatron-LM's arguments. A plan the engine cannot run is refused with a UserError saying why.
 */
export function planConfigText(input: MemoryInput, format: PlanFormat, t: Translate = english): string {
  if (format === 'deepspeed') return JSON.stringify(deepSpeedConfig(input, t), null, 2) + '\n';
  if (format === 'accelerate') return accelerateConfig(input, t);
  return megatronArgs(input, t).join(' \\\n  ') + '\n';
}

/** The engine's text for a plan, or the engine's reason it cannot run the plan. */
export function tryPlanConfigText(input: MemoryInput, format: PlanFormat, t: Translate = english): { text: string } | { reason: string } {
  try {
    return { text: planConfigText(input, format, t) };
  } catch (e) {
    if (isUserError(e)) return { reason: e.message };
    throw e;
  }
}
