import { UserError } from '../errors';
import { english, type Translate } from '../l10n';
import type { FieldName } from './fields';
import type { MemoryInput } from './types';
import { effectiveArchitecture } from '../models/architecture';
import { formatParams, GiB, n } from './units';

/** A refusal that names the field at fault, so the panel marks that input. */
export function fieldError(message: string, field: FieldName): UserError {
  return new UserError(message, field);
}

export interface Limit {
  min: number;
  max: number;
}

/**
 * The one table of limits: what the flag and field parsers accept and what validate() checks on
 * an input built any other way (the planner, the fuzzers). Past these the figures stop meaning
 * anything (65,536 GPUs, 16 M tokens of context).
 */
export const LIMITS = {
  gpus: { min: 1, max: 65536 },
  gpusPerNode: { min: 1, max: 64 },
  nodes: { min: 1, max: 4096 },
  tp: { min: 1, max: 1024 },
  pp: { min: 1, max: 1024 },
  batch: { min: 1, max: 65536 },
  seq: { min: 1, max: 16 * 1024 * 1024 },
  loraRank: { min: 1, max: 65536 },
  layers: { min: 1, max: 10000 },
  hidden: { min: 1, max: 1 << 20 },
  ffn: { min: 1, max: 1 << 22 },
  heads: { min: 1, max: 1 << 14 },
  kvHeads: { min: 1, max: 1 << 14 },
  headDim: { min: 1, max: 4096 },
  vocab: { min: 1, max: 1 << 24 },
} as const satisfies Partial<Record<FieldName, Limit>>;

/** Names of the checked numbers, as the sentences about them say them. */
function labels(t: Translate): Record<keyof typeof LIMITS, string> {
  return {
    gpus: t('The GPU count'),
    gpusPerNode: t('GPUs per node'),
    nodes: t('The node count'),
    tp: t('Tensor parallel size'),
    pp: t('Pipeline parallel size'),
    batch: t('The batch size'),
    seq: t('The sequence length'),
    loraRank: t('The LoRA rank'),
    layers: t('The layer count'),
    hidden: t('The hidden size'),
    ffn: t('The FFN size'),
    heads: t('The head count'),
    kvHeads: t('The KV head count'),
    headDim: t('The head dimension'),
    vocab: t('The vocabulary size'),
  };
}

/** Checks a whole number against its limit, with a sentence that names the field. */
export function checkWhole(v: number, field: keyof typeof LIMITS, t: Translate = english, limit: Limit = LIMITS[field]): void {
  const label = labels(t)[field];
  if (!Number.isInteger(v)) throw fieldError(t('{0} must be a whole number, not {1}.', label, v), field);
  if (v < limit.min) throw fieldError(t('{0} must be at least {1}, not {2}.', label, limit.min, v), field);
  if (v > limit.max) throw fieldError(t('{0} of {1} is beyond what this calculator sizes (at most {2}).', label, v, n(limit.max)), field);
}

/** A whole number typed into a field ("8", " 8 "), checked against its limit. */
export function parseWhole(text: string, field: keyof typeof LIMITS, t: Translate = english, limit: Limit = LIMITS[field]): number {
  if (!/^\s*\d+\s*$/.test(text)) throw fieldError(t('{0} must be a whole number, not "{1}".', labels(t)[field], text), field);
  const v = Number(text);
  checkWhole(v, field, t, limit);
  return v;
}

/**
 * Checks an input however it was built (fields, the planner, a test): numbers in range, a valid
 * node and parallel shape, and combinations that contradict each other. Throws a UserError naming
 * the field to change.
 */
export function validate(input: MemoryInput, t: Translate = english): void {
  const { model } = input;
  if (!Number.isSafeInteger(model.params) || model.params <= 0) throw fieldError(t('The model needs a positive parameter count.'), 'params');
  if (model.params > 1e15) throw fieldError(t('Over 10^15 parameters is not a model this calculator can size.'), 'params');
  checkWhole(input.gpus, 'gpus', t);
  checkWhole(input.gpusPerNode, 'gpusPerNode', t);
  checkWhole(input.tp, 'tp', t);
  checkWhole(input.pp, 'pp', t);
  checkWhole(input.batch, 'batch', t);
  checkWhole(input.seq, 'seq', t);
  checkWhole(input.loraRank, 'loraRank', t);
  if (!(input.gpu.bytes > 0) || !Number.isFinite(input.gpu.bytes)) throw fieldError(t('GPU memory must be more than zero.'), 'gpuMem');
  if (input.gpus % input.gpusPerNode !== 0 && input.gpus > input.gpusPerNode) {
    throw fieldError(t('{0} GPUs do not split into nodes of {1}.', input.gpus, input.gpusPerNode), 'gpusPerNode');
  }
  const mp = input.tp * input.pp;
  if (mp > input.gpus) throw fieldError(t('Tensor × pipeline parallel ({0} × {1} = {2}) needs more GPUs than the {3} given.', input.tp, input.pp, mp, input.gpus), 'tp');
  if (input.gpus % mp !== 0) throw fieldError(t('{0} GPUs do not divide into model-parallel groups of {1} (tensor {2} × pipeline {3}).', input.gpus, mp, input.tp, input.pp), 'gpus');
  const arch = model.arch;
  if (arch) {
    if (arch.heads % input.tp !== 0) throw fieldError(t('Tensor parallel {0} does not divide the {1} attention heads.', input.tp, arch.heads), 'tp');
    if (input.pp > arch.layers) throw fieldError(t('Pipeline parallel {0} is more stages than the {1} layers.', input.pp, arch.layers), 'pp');
  } else {
    // Only the size is known: the assumed shape still bounds how far the model can be split.
    const assumed = effectiveArchitecture(input).arch;
    if (input.tp > assumed.heads) throw fieldError(t('Tensor parallel {0} is more than the {1} attention heads a {2}-parameter model is assumed to have.', input.tp, assumed.heads, formatParams(model.params)), 'tp');
    if (input.pp > assumed.layers) throw fieldError(t('Pipeline parallel {0} is more stages than the {1} layers a {2}-parameter model is assumed to have.', input.pp, assumed.layers, formatParams(model.params)), 'pp');
  }
  if (model.largestLayer !== undefined && model.largestLayer > model.params) {
    throw fieldError(t('The largest layer ({0} parameters) cannot be larger than the whole model ({1}).', n(model.largestLayer), n(model.params)), 'largestLayer');
  }
  const training = input.mode !== 'inference';
  if (training && (input.precision === 'int8' || input.precision === 'int4')) {
    throw fieldError(t('{0} weights are for inference; for 4-bit training choose QLoRA.', input.precision), 'dtype');
  }
  if (input.mode === 'qlora' && input.precision === 'fp32') throw fieldError(t('QLoRA computes in bf16 or fp16; fp32 contradicts it.'), 'dtype');
  if (!training && input.zero !== 0) throw fieldError(t('ZeRO shards training state; for inference use tensor or pipeline parallel.'), 'zero');
  if (!training && input.offloadOptimizer !== 'none') throw fieldError(t('Offload applies to training here; for inference, quantise or add GPUs.'), 'offloadOptimizer');
  if (!training && input.offloadParams !== 'none') throw fieldError(t('Offload applies to training here; for inference, quantise or add GPUs.'), 'offloadParams');
  if (input.offloadOptimizer !== 'none' && input.zero === 0) throw fieldError(t('Offloading the optimizer needs ZeRO stage 1, 2 or 3.'), 'offloadOptimizer');
  if (input.offloadOptimizer === 'nvme' && input.zero !== 3) throw fieldError(t('NVMe offload of the optimizer needs ZeRO-3 (ZeRO-Infinity).'), 'offloadOptimizer');
  if (input.offloadParams !== 'none' && input.zero !== 3) throw fieldError(t('Offloading parameters needs ZeRO-3.'), 'offloadParams');
  if (input.mode === 'qlora' && input.offloadParams === 'nvme') throw fieldError(t('QLoRA’s 4-bit weights offload to CPU memory (FSDP’s cpu_offload), not to NVMe.'), 'offloadParams');
  const b = input.zeroBuckets;
  for (const [key, value] of [['stage3MaxLiveParameters', b.maxLiveParameters], ['stage3MaxReuseDistance', b.maxReuseDistance], ['stage3PrefetchBucketSize', b.prefetchBucketSize], ['reduceBucketSize', b.reduceBucketSize]] as const) {
    if (!Number.isSafeInteger(value) || value < 1 || value > 1e12) throw fieldError(t('{0} must be a whole number of elements from 1 to 10^12.', key), key);
  }
  const time = input.time;
  if (!(time.mfu > 0 && time.mfu <= 1)) throw fieldError(t('MFU {0} is outside (0, 1]: write 0.4 or 40%.', time.mfu), 'mfu');
  if (!(time.goodput > 0 && time.goodput <= 1)) throw fieldError(t('Goodput {0} is outside (0, 1].', time.goodput), 'goodput');
  if (time.globalBatch !== undefined) {
    const dp = input.gpus / (input.tp * input.pp);
    if (!Number.isSafeInteger(time.globalBatch) || time.globalBatch % (input.batch * dp) !== 0) {
      throw fieldError(t('A global batch of {0} sequences does not split into micro-batches of {1} on {2} data-parallel ranks.', time.globalBatch, input.batch, dp), 'globalBatch');
    }
  }
  if (time.tokens !== undefined && !(time.tokens >= 1 && time.tokens <= 1e16)) throw fieldError(t('The token count must be between 1 and 10^16.'), 'tokens');
  if (!input.loraTargets.modules.length && !input.loraTargets.head) throw fieldError(t('LoRA needs at least one target module.'), 'loraTargets');
  if (!(input.allocatorReserve >= 0 && input.allocatorReserve <= 0.5)) throw fieldError(t('The allocator reserve must be between 0% and 50%.'), 'allocatorReservePct');
  if (!(input.cudaContextBytes >= 0 && input.cudaContextBytes <= 16 * GiB)) throw fieldError(t('The CUDA context must be between 0 and 16 GiB.'), 'cudaContextGiB');
}
