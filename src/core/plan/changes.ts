import type { Translate } from '../l10n';
import type { MemoryInput, ShardingEngine, ZeroStage } from '../memory/types';

/** "ZeRO-3", "FSDP FULL_SHARD", "Megatron distributed optimizer", "data parallel". */
export function shardingWords(zero: ZeroStage, sharding: ShardingEngine, t: Translate): string {
  if (sharding === 'fsdp') return zero === 3 ? t('FSDP FULL_SHARD') : t('FSDP SHARD_GRAD_OP');
  if (sharding === 'fsdp-hybrid') return t('FSDP HYBRID_SHARD');
  if (sharding === 'megatron') return t('Megatron distributed optimizer');
  return zero === 0 ? t('no ZeRO') : t('ZeRO-{0}', zero);
}

/** What a plan changes in the configuration as written, in words ("ZeRO-3", "selective recompute", "micro-batch 2 × 16"). */
export function planChanges(base: MemoryInput, plan: MemoryInput, t: Translate): string[] {
  const out: string[] = [];
  if (plan.gpus !== base.gpus) out.push(plan.gpus === 1 ? t('1 GPU') : plan.gpus > plan.gpusPerNode ? t('{0} nodes × {1} GPUs', plan.gpus / plan.gpusPerNode, plan.gpusPerNode) : t('{0} GPUs', plan.gpus));
  if (plan.zero !== base.zero || plan.sharding !== base.sharding) out.push(shardingWords(plan.zero, plan.sharding, t));
  if (plan.tp !== base.tp) out.push(t('TP {0}', plan.tp));
  if (plan.pp !== base.pp) out.push(t('PP {0}', plan.pp));
  if (plan.sequenceParallel && !base.sequenceParallel) out.push(t('sequence parallel'));
  if (plan.recompute !== base.recompute) out.push(plan.recompute === 'full' ? t('full recompute') : plan.recompute === 'selective' ? t('selective recompute') : t('no recompute'));
  if (plan.offloadParams !== base.offloadParams && plan.offloadParams !== 'none') out.push(t('offload parameters and optimizer to CPU'));
  else if (plan.offloadOptimizer !== base.offloadOptimizer) out.push(plan.offloadOptimizer === 'none' ? t('no offload') : t('offload optimizer to CPU'));
  if (plan.mode !== 'inference') {
    const dp = plan.gpus / (plan.tp * plan.pp);
    const accumulation = (plan.time.globalBatch ?? plan.batch * dp) / (plan.batch * dp);
    if (plan.batch !== base.batch || accumulation > 1) out.push(t('micro-batch {0} × {1}', plan.batch, accumulation));
  }
  return out;
}
