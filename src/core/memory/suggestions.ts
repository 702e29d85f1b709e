import { english, type Translate } from '../l10n';
import { breakdown } from './breakdown';
import { withGpuCount } from './gpuCount';
import { isMixed } from './trainingLines';
import type { MemoryInput, Suggestion } from './types';
import { validate } from './validation';

/**
 * Changes that would lower the per-GPU figure, one at a time, each with its figure; and the
 * smallest GPU count when it differs from the one given.
 */
export function suggestions(input: MemoryInput, current: number, min: number | undefined, t: Translate = english): Suggestion[] {
  const out: Suggestion[] = [];
  const tryChange = (label: string, change: Partial<MemoryInput>) => {
    const next = { ...input, ...change };
    try {
      validate(next);
    } catch {
      return;
    }
    const total = breakdown(next).perGpu.total;
    if (total < current) out.push({ label, change, perGpu: total, fits: total <= input.gpu.bytes });
  };
  if (input.mode === 'inference') {
    if (input.precision !== 'int8' && input.precision !== 'int4') tryChange(t('int8 weights'), { precision: 'int8' });
    if (input.precision !== 'int4') tryChange(t('int4 weights'), { precision: 'int4' });
    if (input.kvCacheBits === 16) tryChange(t('8-bit KV cache'), { kvCacheBits: 8 });
    if (input.batch > 1) tryChange(t('batch {0}', Math.ceil(input.batch / 2)), { batch: Math.ceil(input.batch / 2) });
    if (!input.flashAttention) tryChange(t('flash attention'), { flashAttention: true });
  } else {
    if (input.zero < 3) tryChange(t('ZeRO-{0}', input.zero + 1), { zero: (input.zero + 1) as 1 | 2 | 3 });
    if (input.offloadOptimizer === 'none') tryChange(t('offload optimizer to CPU'), { offloadOptimizer: 'cpu', zero: Math.max(input.zero, 2) as 2 | 3 });
    if (input.offloadParams === 'none' && input.mode !== 'qlora') tryChange(t('ZeRO-3 with parameter and optimizer offload to CPU'), { zero: 3, offloadParams: 'cpu', offloadOptimizer: 'cpu' });
    if (input.recompute !== 'full') tryChange(t('full activation recomputation (≈ 30% more compute)'), { recompute: 'full' });
    if (!input.flashAttention) tryChange(t('flash attention'), { flashAttention: true });
    if (input.batch > 1) tryChange(t('micro-batch {0}', Math.ceil(input.batch / 2)), { batch: Math.ceil(input.batch / 2) });
    if (input.optimizer === 'adamw') tryChange(t('8-bit AdamW'), { optimizer: 'adamw8bit' });
    if (input.mode === 'full') tryChange(t('LoRA rank {0}', input.loraRank), { mode: 'lora', precision: isMixed(input.precision) ? (input.precision === 'mixed-fp16' ? 'fp16' : 'bf16') : input.precision });
    if (input.mode !== 'qlora') tryChange(t('QLoRA (NF4 base)'), { mode: 'qlora', precision: input.precision === 'fp32' ? 'bf16' : input.precision, offloadParams: 'none' });
  }
  if (min !== undefined && min !== input.gpus) {
    const next = withGpuCount(input, min);
    if (input.mode === 'inference') next.tp = min / input.pp;
    try {
      validate(next);
      const total = breakdown(next).perGpu.total;
      if (min > input.gpus || total <= input.gpu.bytes) {
        out.push({ label: t('{0} GPUs', min), change: { gpus: next.gpus, gpusPerNode: next.gpusPerNode, tp: next.tp }, perGpu: total, fits: total <= input.gpu.bytes });
      }
    } catch {
      // not a valid alternative
    }
  }
  return out;
}
