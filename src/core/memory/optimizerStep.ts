import type { StepFacts } from './engineBuffers';
import type { LineContext } from './lines';
import { isMixed } from './trainingLines';
import type { MemoryInput, PhaseTerm } from './types';
import { n } from './units';

/** DeepSpeed ZeRO-3 converts gradients to fp32 one sub-group at a time (sub_group_size, default 1e9). */
const ZERO3_SUB_GROUP = 1e9;

/**
 * Whether the optimizer updates an fp32 master copy: mixed precision, or DeepSpeed's ZeRO
 * optimizer over 16-bit parameters (it keeps fp32 partitions whatever the precision setting).
 */
export function fp32Master(input: MemoryInput): boolean {
  if (input.mode !== 'full') return false;
  if (isMixed(input.precision)) return true;
  return input.zero >= 1 && (input.sharding === 'deepspeed' || input.sharding === 'megatron') && (input.precision === 'bf16' || input.precision === 'fp16');
}

export interface GradientState {
  /** Allocated once and kept: Megatron's fp32 main-gradient buffer, ZeRO-3's gradient partitions. */
  persistent: PhaseTerm[];
  /** Accumulated during backward, alive through the optimizer step, freed after it. */
  accumulated: PhaseTerm[];
  /** Extra tensors the optimizer step allocates. */
  stepTemporaries: PhaseTerm[];
}

/**
 * Where the gradients live and what the optimizer step adds, per GPU:
 *
 * - mixed precision without ZeRO or with ZeRO-1 accumulates fp32 gradients (Megatron's
 *   main_grad buffer, DeepSpeed's bf16 optimizer; PyTorch AMP's fp32 parameters have fp32
 *   gradients): 2 + 4 + 12 = 18 B per parameter, 6 + 12/d with the distributed optimizer;
 * - ZeRO-2 keeps 16-bit gradient partitions and converts one to fp32 for the step
 *   (stage_1_and_2.py: flat_grad_partition.to(fp32)); ZeRO-3 keeps a gradient-partition buffer from
 *   initialisation (grad_partitions_flat_buffer) and converts a sub-group at a time;
 * - with the optimizer offloaded the gradients stream to the host as they are reduced;
 * - PyTorch's AdamW (foreach, its default on CUDA) allocates the square root of v for every
 *   parameter at once: one more state-sized tensor at the step.
 */
export function gradientState(ctx: LineContext, facts: StepFacts): GradientState {
  const { input, t, src } = ctx;
  const dp = ctx.shardDp;
  const out: GradientState = { persistent: [], accumulated: [], stepTemporaries: [] };
  if (input.mode === 'inference') return out;
  const z = input.zero;
  const T = facts.trainedPerRank;
  const full = input.mode === 'full';
  const mixed = fp32Master(input);
  const shard = z >= 2 ? dp : 1;
  const shardText = z >= 2 && dp > 1 ? t(' ÷ {0} data-parallel ranks', dp) : '';
  const offloaded = input.offloadOptimizer !== 'none';
  const g = facts.gradBytes;

  if (!offloaded) {
    if (mixed && z <= 1) {
      out.persistent.push({ label: t('fp32 main gradients'), bytes: T * 4, formula: t('{0} parameters × 4 B', n(Math.round(T))), source: src.mainGrads });
    } else if (z === 3) {
      out.persistent.push({ label: t('Gradient partitions'), bytes: (T * g) / dp, formula: t('{0} trained parameters × {1} B{2}', n(Math.round(T)), g, shardText), source: src.gradPartitions });
    } else {
      out.accumulated.push({ label: full ? t('Gradients') : t('Gradients (adapters only)'), bytes: (T * g) / shard, formula: t('{0} trained parameters × {1} B{2}', n(Math.round(T)), g, shardText), source: full ? src.gradients : src.lora });
    }
  }

  if (offloaded) return out;
  if (mixed && z >= 2) {
    const partition = T / dp;
    const converted = z === 3 ? Math.min(partition, ZERO3_SUB_GROUP) : partition;
    out.stepTemporaries.push({
      label: t('fp32 gradients for the step'),
      bytes: converted * 4,
      formula: z === 3 ? t('min(sub_group_size {0}, {1} parameters in the partition) × 4 B', n(ZERO3_SUB_GROUP), n(Math.round(partition))) : t('{0} parameters in the partition × 4 B', n(Math.round(partition))),
      source: src.fp32GradStep,
    });
  } else if (input.optimizer === 'adamw' && !(mixed && z === 1)) {
    const stateBytes = full ? (input.precision === 'fp32' || mixed ? 4 : 2) : facts.gradBytes;
    const optimizerShard = z >= 1 ? dp : 1;
    out.stepTemporaries.push({
      label: t('AdamW step temporary (√v)'),
      bytes: (T * stateBytes) / optimizerShard,
      formula: t('{0} trained parameters × {1} B{2}', n(Math.round(T)), stateBytes, z >= 1 && dp > 1 ? t(' ÷ {0} data-parallel ranks', dp) : ''),
      source: src.foreachAdam,
    });
  }
  return out;
}
