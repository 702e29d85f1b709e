import { english, type Translate } from '../l10n';
import { breakdown } from './breakdown';
import { withGpuCount } from './gpuCount';
import { isMixed } from './trainingLines';
import { isFsdp, type MemoryInput, type Suggestion } from './types';
import { validate } from './validation';

/**
 * Changes that would lower the device reading, one at a time, each with its figures; and the
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
    const b = breakdown(next);
    const device = b.readings.device;
    if (device < current) out.push({ label, change, perGpu: b.perGpu.total, device, fits: device <= input.gpu.bytes });
  };
  if (input.mode === 'inference') {
    if (input.precision !== 'int8' && input.precision !== 'int4') tryChange(t('int8 weights'), { precision: 'int8' });
    if (input.precision !== 'int4') tryChange(t('int4 weights'), { precision: 'int4' });
    if (input.kvCacheBits === 16) tryChange(t('8-bit KV cache'), { kvCacheBits: 8 });
    if (input.batch > 1) tryChange(t('batch {0}', Math.ceil(input.batch / 2)), { batch: Math.ceil(input.batch / 2) });
    if (!input.flashAttention) tryChange(t('flash attention'), { flashAttention: true });
  } else {
    const fsdp = isFsdp(input.sharding);
    if (input.zero < 3) {
      const next = (fsdp ? (input.zero < 2 ? 2 : 3) : input.zero + 1) as 1 | 2 | 3;
      tryChange(fsdp ? (next === 3 ? t('FSDP FULL_SHARD') : t('FSDP SHARD_GRAD_OP')) : t('ZeRO-{0}', next), { zero: next, sharding: input.sharding });
    }
    if (input.offloadOptimizer === 'none') tryChange(t('offload optimizer to CPU'), { offloadOptimizer: 'cpu', zero: Math.max(input.zero, 2) as 2 | 3, sharding: input.sharding });
    if (input.offloadParams === 'none') tryChange(fsdp ? t('FSDP with CPU offload of parameters and optimizer') : t('ZeRO-3 with parameter and optimizer offload to CPU'), { zero: 3, offloadParams: 'cpu', offloadOptimizer: 'cpu', sharding: input.sharding });
    if (input.recompute !== 'full') tryChange(t('full activation recomputation'), { recompute: 'full' });
    if (!input.flashAttention) tryChange(t('flash attention'), { flashAttention: true });
    if (input.batch > 1) tryChange(t('micro-batch {0}', Math.ceil(input.batch / 2)), { batch: Math.ceil(input.batch / 2) });
    if (input.optimizer === 'adamw') tryChange(t('8-bit AdamW'), { optimizer: 'adamw8bit' });
    if (input.mode === 'full') tryChange(t('LoRA rank {0}', input.loraRank), { mode: 'lora', precision: isMixed(input.precision) ? (input.precision === 'mixed-fp16' ? 'fp16' : 'bf16') : input.precision });
    if (input.mode !== 'qlora') tryChange(t('QLoRA (NF4 base)'), { mode: 'qlora', precision: input.precision === 'fp32' ? 'bf16' : input.precision, offloadParams: input.offloadParams === 'nvme' ? 'none' : input.offloadParams });
  }
  if (min !== undefined && min !== input.gpus) {
    const next = withGpuCount(input, min);
    if (input.mode === 'inference') next.tp = min / input.pp;
    try {
      validate(next);
      const b = breakdown(next);
      const device = b.readings.device;
      if (min > input.gpus || device <= input.gpu.bytes) {
        out.push({ label: t('{0} GPUs', min), change: { gpus: next.gpus, gpusPerNode: next.gpusPerNode, tp: next.tp }, perGpu: b.perGpu.total, device, fits: device <= input.gpu.bytes });
      }
    } catch {
      // not a valid alternative
    }
  }
  return out;
}
