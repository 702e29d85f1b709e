import type { LineContext } from '../memory/lines';
import { n } from '../memory/units';
import { activeParams, sci } from './flops';
import { seconds } from './stepTime';
import type { TimeResult } from './types';

/** Chinchilla's compute-optimal ratio (Hoffmann et al. 2022): about 20 training tokens per parameter. */
const CHINCHILLA_TOKENS_PER_PARAM = 20;

/**
 * A run of `tokens` tokens: its model FLOPs (PaLM's count; 6ND without attention), the steps at
 * this step's tokens, the wall-clock divided by the goodput, GPU-hours and, with a price, the cost.
 */
export function runFigures(ctx: LineContext, step: TimeResult, tokens: number): Pick<TimeResult, 'trainFlops' | 'seconds' | 'gpuHours' | 'cost' | 'run' | 'notes'> {
  const { input, t } = ctx;
  const time = input.time;
  const trainFlops = step.modelFlopsPerToken * tokens;
  const steps = Math.ceil(tokens / step.tokensPerStep!);
  const wall = (steps * step.stepSeconds!) / time.goodput;
  const gpuHours = (wall * input.gpus) / 3600;
  const run: TimeResult['run'] = [
    { label: t('Training FLOPs'), value: trainFlops, text: sci(trainFlops), formula: t('{0} FLOPs per token × {1} tokens', sci(step.modelFlopsPerToken), sci(tokens)), source: t('Kaplan et al. 2020 and Brown et al. 2020 (GPT-3 Table D.1): C = 6ND; here with the attention term, as PaLM counts it') },
    {
      label: t('Wall-clock'),
      value: wall,
      text: seconds(wall),
      formula: time.goodput === 1 ? t('{0} steps × {1} (goodput 1: no restarts or stalls assumed)', n(steps), seconds(step.stepSeconds!)) : t('{0} steps × {1} ÷ goodput {2}', n(steps), seconds(step.stepSeconds!), time.goodput),
      source: t('Steps = tokens ÷ tokens per step; goodput is the share of wall-clock that trains (a setting, llmNotes.time.goodput)'),
    },
    { label: t('GPU-hours'), value: gpuHours, text: n(Math.round(gpuHours)), formula: t('{0} × {1} GPUs ÷ 3600', seconds(wall), input.gpus), source: t('Wall-clock × GPUs') },
  ];
  const notes = [...step.notes];
  let cost: number | undefined;
  if (time.pricePerGpuHour !== undefined) {
    cost = gpuHours * time.pricePerGpuHour;
    run.push({ label: t('Cost'), value: cost, text: n(Math.round(cost)), formula: t('{0} GPU-hours × {1} per GPU-hour', n(Math.round(gpuHours)), time.pricePerGpuHour), source: t('Your price per GPU-hour (llmNotes.time.pricePerGpuHour or --price); no default, prices change') });
  }
  const N = activeParams(ctx);
  const ratio = tokens / (CHINCHILLA_TOKENS_PER_PARAM * N);
  if (input.mode === 'full' && (ratio < 0.25 || ratio > 4)) {
    notes.push(t('For pre-training from scratch, Chinchilla-optimal is about 20 tokens per parameter (Hoffmann et al. 2022): {0} tokens for {1} parameters; {2} tokens is {3}× that.', sci(CHINCHILLA_TOKENS_PER_PARAM * N), n(N), sci(tokens), ratio < 1 ? ratio.toFixed(2) : ratio.toFixed(0)));
  }
  return { trainFlops, seconds: wall, gpuHours, cost, run, notes };
}
