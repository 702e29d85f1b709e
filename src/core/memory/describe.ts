import { DEFAULT_FIELDS, type MemoryFields } from './fields';
import type { MemoryInput } from './types';
import { formatParams, GiB, parseParamCount } from './units';
import { DEEPSPEED_BUCKETS, TIME_DEFAULTS } from './input';
import { formatLoraTargets, isAllLinear } from './loraTargets';
import { CROSS_ENTROPY, numberWord, OFFLOAD, offloadTargets, offloadWord, zeroGrammarWord, zeroValue } from './vocabulary';

/** The dtype word that means `precision` in `mode` (training "bf16" is mixed precision). */
function dtypeWord(i: MemoryInput): string {
  const dtype = i.precision.replace(/^mixed-/, '');
  if (i.mode === 'inference' || i.precision.startsWith('mixed-') || i.precision === 'fp32') return dtype;
  return `pure-${dtype}`;
}

/** The first grammar word of an OFFLOAD value ("offload", "offload-params", …). */
function offloadGrammarWord(value: string): string {
  return OFFLOAD.choices.find((c) => c.value === value)!.words[0];
}

/** The offload words for a pair of targets: one where one word says both, else one per kind of state. */
function offloadWords(optimizer: string, params: string): string[] {
  if (optimizer === 'none' && params === 'none') return [];
  const one = offloadWord(optimizer, params);
  if (one) return [offloadGrammarWord(one)];
  const words: string[] = [];
  if (optimizer !== 'none') words.push(offloadGrammarWord(OFFLOAD.values().find((v) => offloadTargets(v).offloadOptimizer === optimizer && offloadTargets(v).offloadParams === 'none')!));
  if (params !== 'none') words.push(offloadGrammarWord(OFFLOAD.values().find((v) => offloadTargets(v).offloadParams === params && offloadTargets(v).offloadOptimizer === 'none')!));
  return words;
}

/** The model word: the preset id, or a size that reads back as exactly this many parameters. */
function modelWord(params: number): string {
  const short = formatParams(params);
  try {
    if (parseParamCount(short) === params) return short;
  } catch {
    // fall through to the exact count
  }
  return String(params);
}

/** A GPU memory size that reads back to the same bytes: "24g" (GiB) or "80gb" (10⁹ bytes). */
function gpuSizeWord(bytes: number): string {
  return bytes % 1e9 === 0 ? `${bytes / 1e9}gb` : `${bytes / GiB}g`;
}

/**
 * The canonical fit expression for an input: shown in reports, written into notes by "Insert into
 * Note", and read back by the grammar to the same figures (a property test checks it). Words are
 * vocabulary.ts's; what equals the default is left out.
 */
export function describeInput(i: MemoryInput): string {
  const custom = i.model.source === 'custom' && i.model.arch;
  const parts = [i.model.preset ?? (i.model.source === 'config' ? i.model.name : modelWord(i.model.params)), i.mode, dtypeWord(i)];
  if (i.mode !== 'inference') {
    parts.push(i.optimizer);
    if (i.zero) parts.push(zeroGrammarWord(i.zero, i.sharding));
    parts.push(...offloadWords(i.offloadOptimizer, i.offloadParams));
    if (i.mode === 'lora' || i.mode === 'qlora') {
      parts.push(`${numberWord('loraRank')} ${i.loraRank}`);
      if (!isAllLinear(i.loraTargets)) parts.push(`${numberWord('loraTargets')} ${formatLoraTargets(i.loraTargets)}`);
      if (!i.loraDropout) parts.push('no-lora-dropout');
    }
    if (i.recompute === 'full') parts.push('recompute');
    if (i.recompute === 'selective') parts.push('selective');
  }
  // Serving on several GPUs splits by tensor parallel unless a split is written: one copy per GPU says tp1.
  if (i.tp > 1 || (i.mode === 'inference' && i.gpus > 1 && i.pp === 1)) parts.push(`tp${i.tp}`);
  if (i.pp > 1) parts.push(`pp${i.pp}`);
  if (i.sequenceParallel) parts.push('sp');
  parts.push(`${i.mode === 'inference' ? 'ctx' : 'seq'} ${i.seq}`, `${numberWord('batch')} ${i.batch}`);
  if (!i.flashAttention) parts.push('no-flash');
  if (i.mode === 'inference' && i.kvCacheBits === 8) parts.push('kv8');
  if (i.mode === 'qlora' && !i.doubleQuant) parts.push('no-dq');
  if (i.mode !== 'inference' && i.crossEntropy !== 'auto') parts.push(CROSS_ENTROPY.choices.find((c) => c.value === i.crossEntropy)!.words[0]);
  if (custom) {
    const a = i.model.arch!;
    parts.push(`layers ${a.layers}`, `hidden ${a.hidden}`, `ffn ${a.ffn}`, `heads ${a.heads}`, `kv-heads ${a.kvHeads}`, `head-dim ${a.headDim}`, `vocab ${a.vocab}`);
    if (a.tiedEmbeddings) parts.push('tied');
    if (a.mlp) parts.push(a.mlp === 'plain' ? 'plain-mlp' : 'gated-mlp');
  }
  if (i.model.largestLayer !== undefined) parts.push(`largest-layer ${i.model.largestLayer}`);
  const context = i.cudaContextBytes / GiB;
  if (context !== Number(DEFAULT_FIELDS.cudaContextGiB)) parts.push(`cuda-context ${context}`);
  const reserve = i.allocatorReserve * 100;
  if (reserve !== Number(DEFAULT_FIELDS.allocatorReservePct)) parts.push(`allocator-reserve ${reserve}`);
  if (i.mode !== 'inference') {
    const b = i.zeroBuckets;
    if (b.maxReuseDistance !== DEEPSPEED_BUCKETS.maxReuseDistance) parts.push(`${numberWord('stage3MaxReuseDistance')} ${b.maxReuseDistance}`);
    if (b.maxLiveParameters !== DEEPSPEED_BUCKETS.maxLiveParameters) parts.push(`${numberWord('stage3MaxLiveParameters')} ${b.maxLiveParameters}`);
    if (b.prefetchBucketSize !== DEEPSPEED_BUCKETS.prefetchBucketSize) parts.push(`${numberWord('stage3PrefetchBucketSize')} ${b.prefetchBucketSize}`);
    if (b.reduceBucketSize !== DEEPSPEED_BUCKETS.reduceBucketSize) parts.push(`${numberWord('reduceBucketSize')} ${b.reduceBucketSize}`);
  }
  const time = i.time;
  if (time.tokens !== undefined) parts.push(`${numberWord('tokens')} ${modelWord(time.tokens)}`);
  if (time.globalBatch !== undefined && i.mode !== 'inference') parts.push(`${numberWord('globalBatch')} ${time.globalBatch}`);
  if (time.mfu !== TIME_DEFAULTS.mfu) parts.push(`${numberWord('mfu')} ${time.mfu}`);
  if (time.pricePerGpuHour !== undefined) parts.push(`${numberWord('price')} ${time.pricePerGpuHour}`);
  if (time.goodput !== TIME_DEFAULTS.goodput) parts.push(`${numberWord('goodput')} ${time.goodput}`);
  if (time.networkGbps !== TIME_DEFAULTS.networkGbps) parts.push(`${numberWord('networkGbps')} ${time.networkGbps}`);
  if (time.hostMemoryGBs !== TIME_DEFAULTS.hostMemoryGBs) parts.push(`${numberWord('hostMemoryGBs')} ${time.hostMemoryGBs}`);
  const gpu = i.gpu.id === 'custom' ? gpuSizeWord(i.gpu.bytes) : i.gpu.id;
  const nodes = i.gpus > i.gpusPerNode ? i.gpus / i.gpusPerNode : 1;
  parts.push('on', nodes > 1 ? `${nodes} nodes x ${i.gpusPerNode}x${gpu}` : `${i.gpus}x${gpu}`);
  return parts.join(' ');
}

/** Fields that express a change to an input (a suggestion, a plan), so a form can apply it. */
export function changeToFields(change: Partial<MemoryInput>, mode?: MemoryInput['mode']): MemoryFields {
  const f: MemoryFields = {};
  if (change.zero !== undefined) f.zero = zeroValue(change.zero, change.sharding ?? 'deepspeed');
  if (change.offloadOptimizer) f.offloadOptimizer = change.offloadOptimizer;
  if (change.offloadParams) f.offloadParams = change.offloadParams;
  if (change.recompute) f.recompute = change.recompute;
  if (change.flashAttention !== undefined) f.flashAttention = change.flashAttention;
  if (change.batch !== undefined) f.batch = String(change.batch);
  if (change.optimizer) f.optimizer = change.optimizer;
  if (change.mode) f.mode = change.mode;
  if (change.precision) f.dtype = dtypeWord({ precision: change.precision, mode: change.mode ?? mode ?? 'full' } as MemoryInput);
  if (change.kvCacheBits !== undefined) f.kvCacheBits = String(change.kvCacheBits);
  if (change.gpus !== undefined) f.gpus = String(change.gpus);
  if (change.gpusPerNode !== undefined) f.gpusPerNode = String(change.gpusPerNode);
  if (change.tp !== undefined) f.tp = String(change.tp);
  if (change.pp !== undefined) f.pp = String(change.pp);
  if (change.sequenceParallel !== undefined) f.sequenceParallel = change.sequenceParallel;
  return f;
}
