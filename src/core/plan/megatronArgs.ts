import { UserError } from '../errors';
import { english, type Translate } from '../l10n';
import type { MemoryInput } from '../memory/types';
import { effectiveArchitecture } from '../models/architecture';
import { shardingWords } from './changes';
import { batchShape } from './deepspeedConfig';

/**
 * Megatron-LM's pretrain_gpt.py arguments for a plan: the model's shape, the parallel sizes
 * (--tensor-model-parallel-size, --pipeline-model-parallel-size, --sequence-parallel), the
 * batches (--micro-batch-size, --global-batch-size), recomputation and the distributed optimizer.
 */
export function megatronArgs(input: MemoryInput, t: Translate = english): string[] {
  if (input.mode !== 'full') throw new UserError(t('Megatron-LM’s pretrain_gpt.py trains every parameter; LoRA, QLoRA and serving plans have no Megatron arguments.'));
  if (input.sharding !== 'megatron' && input.zero > 1) throw new UserError(t('Megatron-LM shards the optimizer only (its distributed optimizer, ZeRO-1); this plan uses {0}.', shardingWords(input.zero, input.sharding, t)));
  if (input.sharding === 'fsdp' || input.sharding === 'fsdp-hybrid') throw new UserError(t('Megatron-LM shards the optimizer only (its distributed optimizer, ZeRO-1); this plan uses {0}.', shardingWords(input.zero, input.sharding, t)));
  if (input.offloadOptimizer !== 'none' || input.offloadParams !== 'none') throw new UserError(t('Megatron-LM’s pretrain_gpt.py does not offload to the CPU; choose a plan without offload.'));
  const a = effectiveArchitecture(input).arch;
  const { train, micro } = batchShape(input);
  const gated = (a.mlp ?? (a.style === 'gpt' ? 'plain' : 'gated')) === 'gated';
  const rms = (a.norm?.kind ?? (a.style === 'gpt' ? 'layer' : 'rms')) === 'rms';
  const args = [
    `--tensor-model-parallel-size ${input.tp}`,
    `--pipeline-model-parallel-size ${input.pp}`,
    ...(input.sequenceParallel && input.tp > 1 ? ['--sequence-parallel'] : []),
    ...(input.zero >= 1 ? ['--use-distributed-optimizer'] : []),
    `--micro-batch-size ${micro}`,
    `--global-batch-size ${train}`,
    `--seq-length ${input.seq}`,
    `--max-position-embeddings ${input.seq}`,
    `--num-layers ${a.layers}`,
    `--hidden-size ${a.hidden}`,
    `--ffn-hidden-size ${a.ffn}`,
    `--num-attention-heads ${a.heads}`,
    ...(a.kvHeads !== a.heads ? ['--group-query-attention', `--num-query-groups ${a.kvHeads}`] : []),
    ...(a.headDim * a.heads !== a.hidden ? [`--kv-channels ${a.headDim}`] : []),
    ...(gated ? ['--swiglu'] : []),
    ...(rms ? ['--normalization RMSNorm'] : []),
    ...(a.maxPositions ? [] : ['--position-embedding-type rope']),
    ...(a.tiedEmbeddings ? [] : ['--untie-embeddings-and-output-weights']),
    ...(input.recompute === 'full' ? ['--recompute-granularity full', '--recompute-method uniform', '--recompute-num-layers 1'] : input.recompute === 'selective' ? ['--recompute-granularity selective'] : []),
    ...(input.flashAttention ? ['--use-flash-attn'] : []),
    ...(input.precision === 'mixed-bf16' || input.precision === 'bf16' ? ['--bf16'] : input.precision === 'mixed-fp16' || input.precision === 'fp16' ? ['--fp16'] : []),
  ];
  return args;
}
