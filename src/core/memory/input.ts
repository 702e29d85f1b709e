import { english, type Translate } from '../l10n';
import type { Architecture } from '../models/architecture';
import { countParams, effectiveArchitecture } from '../models/architecture';
import { DEFAULT_FIELDS, type FieldName, type MemoryFields } from './fields';
import { findGpuPreset } from './gpus';
import { findModelPreset } from '../models/presets';
import type { CrossEntropy, LoraTargets, MemoryInput, ModelResolver, Mode, Offload, Optimizer, Precision, Recompute, ShardingEngine, TimeInput, ZeroBuckets, ZeroStage } from './types';
import { GiB, n, parseMemorySize, parseParamCount } from './units';
import { checkWhole, fieldError, LIMITS, parseWhole } from './validation';
import { ALL_LINEAR, parseLoraTargets } from './loraTargets';
import { CROSS_ENTROPY, DTYPE, KV_CACHE_BITS, MLP, MODE, OFFLOAD_TARGET, OPTIMIZER, RECOMPUTE, ZERO, zeroMeaning, type WordList } from './vocabulary';

/** A word of a choice field, as its canonical value; a word that is not one is refused by name. */
function choice(list: WordList, field: FieldName, value: string, message: string): string {
  const v = list.value(value);
  if (v === undefined) throw fieldError(message, field);
  return v;
}

export function parseMode(v: string, t: Translate = english): Mode {
  return choice(MODE, 'mode', v, t('Mode "{0}" is not one of {1}.', v, MODE.oneOf())) as Mode;
}

export function parseOptimizer(v: string, t: Translate = english): Optimizer {
  return choice(OPTIMIZER, 'optimizer', v, t('Optimizer "{0}" is not one of {1}.', v, OPTIMIZER.oneOf())) as Optimizer;
}

/** What each dtype value means in training and in inference. */
const PRECISION: Record<string, { training: Precision; inference: Precision }> = {
  bf16: { training: 'mixed-bf16', inference: 'bf16' },
  fp16: { training: 'mixed-fp16', inference: 'fp16' },
  fp32: { training: 'fp32', inference: 'fp32' },
  'pure-bf16': { training: 'bf16', inference: 'bf16' },
  'pure-fp16': { training: 'fp16', inference: 'fp16' },
  int8: { training: 'int8', inference: 'int8' },
  int4: { training: 'int4', inference: 'int4' },
  // QLoRA computes in bf16 over NF4 storage; served, NF4 weights are 4-bit weights.
  nf4: { training: 'bf16', inference: 'int4' },
};

/** In training, "bf16" means bf16 mixed precision (fp32 master weights); "pure-bf16" means no master copy. */
export function parsePrecision(v: string | undefined, mode: Mode, t: Translate = english): Precision {
  const training = mode !== 'inference';
  if (v === undefined || v === '') return training ? 'mixed-bf16' : 'bf16';
  const value = choice(DTYPE, 'dtype', v, t('Precision "{0}" is not one of {1}.', v, training ? 'fp32, bf16, fp16, pure-bf16' : 'fp32, bf16, fp16, pure-bf16, int8, int4'));
  return PRECISION[value][training ? 'training' : 'inference'];
}

function parseZero(v: string, t: Translate): { stage: ZeroStage; engine: ShardingEngine } {
  const meaning = zeroMeaning(choice(ZERO, 'zero', v, t('ZeRO stage "{0}" is not 0, 1, 2 or 3 (or an FSDP strategy: full-shard, shard-grad-op).', v)));
  return { stage: meaning.stage, engine: meaning.engine };
}

function parseOffload(v: string | undefined, field: 'offloadOptimizer' | 'offloadParams', t: Translate): Offload {
  if (v === undefined || v === '') return 'none';
  return choice(OFFLOAD_TARGET, field, v, t('Offload target "{0}" is not none, cpu or nvme.', v)) as Offload;
}

function parseRecompute(v: string, t: Translate): Recompute {
  return choice(RECOMPUTE, 'recompute', v, t('Recomputation "{0}" is not one of {1}.', v, RECOMPUTE.oneOf())) as Recompute;
}

/** DeepSpeed's defaults for the ZeRO buffers (deepspeed/runtime/zero/config.py). */
export const DEEPSPEED_BUCKETS: ZeroBuckets = { maxLiveParameters: 1e9, maxReuseDistance: 1e9, prefetchBucketSize: 5e7, reduceBucketSize: 5e8 };

/** A ds_config element count as people write it: 1e9, 5e8, 500000000, 500M; at most 10^12. */
function bucketSize(value: string | undefined, field: 'stage3MaxLiveParameters' | 'stage3MaxReuseDistance' | 'stage3PrefetchBucketSize' | 'reduceBucketSize', fallback: number, t: Translate): number {
  if (value === undefined) return fallback;
  let x: number;
  try {
    x = parseParamCount(value, field, t);
  } catch {
    throw fieldError(t('{0} "{1}" is not a number of elements such as 5e8 or 500000000.', field, value), field);
  }
  if (x > 1e12) throw fieldError(t('{0} of {1} is beyond what this calculator sizes (at most 10^12 elements).', field, value), field);
  return x;
}

function parseTargets(value: string | undefined, t: Translate): LoraTargets {
  if (value === undefined) return ALL_LINEAR;
  const r = parseLoraTargets(value);
  if ('unknown' in r) throw fieldError(t('LoRA target "{0}" is not a linear layer of the blocks: write q, k, v, o, gate, up, down, all-linear or head (PEFT names such as q_proj work too).', r.unknown), 'loraTargets');
  return r.targets;
}

/** The time estimate's defaults: an assumed MFU (Llama 3 405B's 38–43%, PaLM's 46.2%), no restarts, 400 Gb/s per GPU, 50 GB/s of host memory per GPU. */
export const TIME_DEFAULTS = { mfu: 0.4, goodput: 1, networkGbps: 400, hostMemoryGBs: 50 } as const;

/** "0.45", "45%" → 0.45; a share in (0, 1], refused by name otherwise. */
function share(value: string, field: 'mfu' | 'goodput', label: string, example: string, t: Translate): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value);
  const x = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(x > 0 && x <= 1)) throw fieldError(t('{0} "{1}" is not a share in (0, 1]: write {2} or {3}%.', label, value, example, Number(example) * 100), field);
  return x;
}

/** A positive decimal with an optional currency sign or unit text around it ("2.5", "$2.5"). */
function positive(value: string, field: 'price' | 'networkGbps' | 'hostMemoryGBs', message: string): number {
  const m = /^\s*[$€£¥]?\s*(\d+(?:\.\d+)?)\s*$/.exec(value);
  const x = m ? Number(m[1]) : NaN;
  if (!(x > 0) || !Number.isFinite(x) || x > 1e9) throw fieldError(message, field);
  return x;
}

/** "1.4T", "300B", "2e9", "500M" tokens; at most 10^16. */
function tokenCount(value: string, t: Translate): number {
  let x: number;
  try {
    x = parseParamCount(value, 'tokens', t);
  } catch {
    throw fieldError(t('Tokens "{0}" is not a token count: write 1.4T, 300B, 2e9 or 500M.', value), 'tokens');
  }
  if (x > 1e16) throw fieldError(t('Tokens "{0}" is over 10^16: no run trains on that many.', value), 'tokens');
  return x;
}

/** "512" sequences, or "4M" / "4e6" tokens (a unit or an exponent means tokens) turned into sequences of `seq`. */
function globalBatch(value: string, seq: number, t: Translate): number {
  const raw = value.trim();
  const tokens = /[kmbt]$/i.test(raw) || /e/i.test(raw);
  let x: number;
  try {
    x = tokens ? parseParamCount(raw, 'globalBatch', t) : parseWhole(raw, 'batch', t);
  } catch {
    throw fieldError(t('Global batch "{0}" is not a number of sequences (512) or of tokens (4M).', value), 'globalBatch');
  }
  if (!tokens) return x;
  // "4M tokens" is often 4 × 2²⁰ (Llama 2: 1,024 sequences of 4,096): the binary reading when the decimal one does not divide.
  const binary = /^(\d+(?:\.\d+)?)\s*([kmbt])$/i.exec(raw);
  const readings = [x, ...(binary ? [Number(binary[1]) * 1024 ** (' kmbt'.indexOf(binary[2].toLowerCase()))] : [])];
  const whole = readings.find((r) => Number.isInteger(r / seq) && r / seq >= 1);
  if (whole === undefined) throw fieldError(t('A global batch of {0} tokens is not a whole number of {1}-token sequences.', n(x), n(seq)), 'globalBatch');
  return whole / seq;
}

function buildTime(f: MemoryFields, seq: number, t: Translate): TimeInput {
  return {
    mfu: f.mfu !== undefined ? share(f.mfu, 'mfu', 'MFU', '0.4', t) : TIME_DEFAULTS.mfu,
    goodput: f.goodput !== undefined ? share(f.goodput, 'goodput', t('Goodput'), '0.9', t) : TIME_DEFAULTS.goodput,
    globalBatch: f.globalBatch !== undefined ? globalBatch(f.globalBatch, seq, t) : undefined,
    tokens: f.tokens !== undefined ? tokenCount(f.tokens, t) : undefined,
    pricePerGpuHour: f.price !== undefined ? positive(f.price, 'price', t('Price "{0}" is not a number per GPU-hour such as 2.5.', f.price)) : undefined,
    networkGbps: f.networkGbps !== undefined ? positive(f.networkGbps, 'networkGbps', t('Network "{0}" is not a bandwidth in Gb/s per GPU such as 400.', f.networkGbps)) : TIME_DEFAULTS.networkGbps,
    hostMemoryGBs: f.hostMemoryGBs !== undefined ? positive(f.hostMemoryGBs, 'hostMemoryGBs', t('Host memory bandwidth "{0}" is not a number of GB/s per GPU such as 50.', f.hostMemoryGBs)) : TIME_DEFAULTS.hostMemoryGBs,
  };
}

/**
 * Serving on several GPUs splits the model as the engines do by default (vLLM's
 * --tensor-parallel-size, TGI's --num-shard): tensor parallel within a node as far as the heads
 * allow, pipeline stages across nodes, replicas for what is left.
 */
function servingSplit(model: MemoryInput['model'], gpus: number, perNode: number, t: Translate): { tp: number; pp: number; note: string } {
  const arch = effectiveArchitecture({ model }).arch;
  let tp = 1;
  for (let c = 2; c <= Math.min(gpus, perNode); c *= 2) {
    if (arch.heads % c === 0 && (arch.kvHeads % c === 0 || c % arch.kvHeads === 0) && gpus % c === 0) tp = c;
  }
  const rest = gpus / tp;
  const pp = rest > 1 && arch.layers >= rest ? rest : 1;
  const note =
    pp > 1
      ? t('Serving on {0} GPUs: split by tensor parallel {1} within a node and pipeline parallel {2} across nodes, as vLLM and TGI do by default; write tp/pp to choose otherwise.', gpus, tp, pp)
      : tp * pp < gpus
        ? t('Serving on {0} GPUs: split by tensor parallel {1} (what the heads allow), {2} replicas, as vLLM and TGI do by default; write tp/pp to choose otherwise.', gpus, tp, gpus / tp)
        : t('Serving on {0} GPUs: split by tensor parallel {1}, as vLLM (--tensor-parallel-size) and TGI (--num-shard) do by default; write tp1 for one copy per GPU.', gpus, tp);
  return { tp, pp, note };
}

/** A whole number for a field with a limit in the one table (or a tighter maximum), refused by name. */
function whole(value: string, field: keyof typeof LIMITS, t: Translate, max?: number): number {
  return parseWhole(value, field, t, max === undefined ? LIMITS[field] : { min: LIMITS[field].min, max });
}

/**
 * Fields → checked input. Unset fields take DEFAULT_FIELDS; every refusal names its field. A model
 * name that is neither a preset nor a size is looked up with `models` (config.json files the
 * adapter has found).
 */
export function buildInput(fields: MemoryFields, t: Translate = english, models?: ModelResolver): MemoryInput {
  const given = stripEmpty(fields);
  const f = { ...DEFAULT_FIELDS, ...given };
  const mode = parseMode(f.mode, t);
  const model = buildModel(f, t, models);
  const gpu = buildGpu(f, t);
  const nodes = f.nodes !== undefined ? whole(f.nodes, 'nodes', t) : undefined;
  let gpus = whole(f.gpus, 'gpus', t);
  let gpusPerNode = f.gpusPerNode !== undefined ? whole(f.gpusPerNode, 'gpusPerNode', t) : Math.min(gpus, 8);
  if (nodes !== undefined) {
    if (f.gpusPerNode === undefined) gpusPerNode = gpus;
    gpus = nodes * gpusPerNode;
  }
  const reservePct = decimal(f.allocatorReservePct.replace(/%\s*$/, ''));
  const contextGiB = decimal(f.cudaContextGiB);
  if (!Number.isFinite(reservePct)) throw fieldError(t('Allocator reserve "{0}" is not a percentage.', f.allocatorReservePct), 'allocatorReservePct');
  if (!Number.isFinite(contextGiB)) throw fieldError(t('CUDA context "{0}" is not a size in GiB.', f.cudaContextGiB), 'cudaContextGiB');
  const kvBits = f.kvCacheBits === undefined ? '16' : KV_CACHE_BITS.value(f.kvCacheBits);
  if (kvBits === undefined) throw fieldError(t('KV-cache bits must be 16 or 8, not {0}.', f.kvCacheBits!), 'kvCacheBits');
  const split = mode === 'inference' && gpus > 1 && given.tp === undefined && given.pp === undefined ? servingSplit(model, gpus, gpusPerNode, t) : undefined;
  const offloadOptimizer = parseOffload(f.offloadOptimizer, 'offloadOptimizer', t);
  const offloadParams = parseOffload(f.offloadParams, 'offloadParams', t);
  return {
    model,
    mode,
    precision: parsePrecision(f.dtype, mode, t),
    optimizer: parseOptimizer(f.optimizer, t),
    ...zeroStage(given, mode, offloadOptimizer, offloadParams, t),
    offloadOptimizer,
    offloadParams,
    tp: split?.tp ?? whole(f.tp, 'tp', t),
    pp: split?.pp ?? whole(f.pp, 'pp', t),
    ...(split ? { notes: [split.note] } : {}),
    sequenceParallel: !!f.sequenceParallel,
    gpus,
    gpusPerNode,
    gpu,
    batch: whole(f.batch, 'batch', t),
    seq: parseSeq(f.seq, t),
    recompute: parseRecompute(f.recompute, t),
    flashAttention: f.flashAttention ?? true,
    loraRank: whole(f.loraRank, 'loraRank', t),
    loraTargets: parseTargets(f.loraTargets, t),
    loraDropout: f.loraDropout ?? true,
    doubleQuant: f.doubleQuant ?? true,
    kvCacheBits: Number(kvBits) as 16 | 8,
    cudaContextBytes: Math.round(contextGiB * GiB),
    allocatorReserve: reservePct / 100,
    crossEntropy: choice(CROSS_ENTROPY, 'crossEntropy', f.crossEntropy ?? 'auto', t('Cross entropy "{0}" is not one of {1}.', f.crossEntropy ?? '', CROSS_ENTROPY.oneOf())) as CrossEntropy,
    time: buildTime(f, parseSeq(f.seq, t), t),
    zeroBuckets: {
      maxLiveParameters: bucketSize(f.stage3MaxLiveParameters, 'stage3MaxLiveParameters', DEEPSPEED_BUCKETS.maxLiveParameters, t),
      maxReuseDistance: bucketSize(f.stage3MaxReuseDistance, 'stage3MaxReuseDistance', DEEPSPEED_BUCKETS.maxReuseDistance, t),
      prefetchBucketSize: bucketSize(f.stage3PrefetchBucketSize, 'stage3PrefetchBucketSize', DEEPSPEED_BUCKETS.prefetchBucketSize, t),
      reduceBucketSize: bucketSize(f.reduceBucketSize, 'reduceBucketSize', DEEPSPEED_BUCKETS.reduceBucketSize, t),
    },
  };
}

/**
 * The ZeRO stage as given; when none is given, offloading implies the stage it needs (ZeRO-2 for
 * the optimizer, ZeRO-3 for parameters or NVMe), as DeepSpeed's own examples pair them. Inference
 * has no ZeRO stage.
 */
function zeroStage(given: MemoryFields, mode: Mode, offloadOptimizer: Offload, offloadParams: Offload, t: Translate): { zero: ZeroStage; sharding: ShardingEngine } {
  const read = (v: string) => {
    const z = parseZero(v, t);
    return { zero: z.stage, sharding: z.engine };
  };
  if (given.zero !== undefined) return read(given.zero);
  if (mode === 'inference') return read('0');
  if (offloadParams !== 'none' || offloadOptimizer === 'nvme') return read('3');
  if (offloadOptimizer !== 'none') return read('2');
  return read(DEFAULT_FIELDS.zero);
}

/** A plain decimal ("5", "0.5"); anything else (hex "0x10", "1e1", "") is NaN, so it is refused. */
function decimal(text: string): number {
  return /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN;
}

/** "4096", "32k" (32,768), "128K", "1M". */
export function parseSeq(v: string, t: Translate = english): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(v);
  if (!m) throw fieldError(t('Sequence length "{0}" is not a number of tokens such as 4096 or 32k.', v), 'seq');
  const x = Math.round(Number(m[1]) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1024 : 1024 * 1024) : 1));
  checkWhole(x, 'seq', t);
  return x;
}

/** LLaMA's MLP width for a hidden size: 8h/3 rounded to 256 (11,008 for 4,096), at least 8h/3 for tiny ones. */
function defaultFfn(hidden: number): number {
  return Math.round((8 * hidden) / 3 / 256) * 256 || Math.ceil((8 * hidden) / 3);
}

const ARCH_FIELDS = ['layers', 'hidden', 'ffn', 'heads', 'kvHeads', 'headDim', 'vocab'] as const;

/** A plain MLP (up, GELU, down) comes with LayerNorm in the families that use it (GPT-2/3, BLOOM, Falcon, Phi-2, StarCoder). */
function withMlp(arch: Architecture, mlp: 'gated' | 'plain'): Architecture {
  return mlp === 'plain' ? { ...arch, mlp, norm: { kind: 'layer', perLayer: 2 } } : { ...arch, mlp };
}

/**
 * A shape given field by field with its published count: when a plain MLP reproduces the count
 * and the LLaMA-style gated one does not (Falcon-7B: 7.22 B either way of counting but 9.86 B gated),
 * the MLP is plain. The activations depend on it; the note says so.
 */
function shapeForCount(arch: Architecture, params: number, t: Translate): { arch: Architecture; notes: string[] } {
  const gated = countParams(withMlp(arch, 'gated')).total;
  const plain = countParams(withMlp(arch, 'plain')).total;
  if (Math.abs(plain - params) < Math.abs(gated - params) && Math.abs(plain - params) <= 0.05 * params) {
    return { arch: withMlp(arch, 'plain'), notes: [t('MLP taken as plain (up, GELU, down) with LayerNorm: {0} parameters match it ({1}); a gated MLP would have {2}. Say --mlp gated if it is.', n(params), n(plain), n(gated))] };
  }
  return { arch, notes: [] };
}

function buildModel(f: MemoryFields & typeof DEFAULT_FIELDS, t: Translate, models?: ModelResolver): MemoryInput['model'] {
  const given = ARCH_FIELDS.filter((k) => f[k] !== undefined);
  let arch: Architecture | undefined;
  if (given.length) {
    const need = (['layers', 'hidden', 'heads', 'vocab'] as const).filter((k) => f[k] === undefined);
    if (need.length) throw fieldError(t('A custom architecture also needs {0}.', need.map((k) => `--${k}`).join(', ')), need[0]);
    const layers = whole(f.layers!, 'layers', t);
    const hidden = whole(f.hidden!, 'hidden', t);
    const heads = whole(f.heads!, 'heads', t);
    const kvHeads = f.kvHeads !== undefined ? whole(f.kvHeads, 'kvHeads', t, heads) : heads;
    if (heads % kvHeads !== 0) throw fieldError(t('{0} attention heads do not split into {1} KV groups.', heads, kvHeads), 'kvHeads');
    const headDim = f.headDim !== undefined ? whole(f.headDim, 'headDim', t) : Math.floor(hidden / heads);
    if (headDim === 0) throw fieldError(t('hidden {0} is smaller than {1} heads.', hidden, heads), 'heads');
    arch = {
      layers,
      hidden,
      ffn: f.ffn !== undefined ? whole(f.ffn, 'ffn', t) : defaultFfn(hidden),
      heads,
      kvHeads,
      headDim,
      vocab: whole(f.vocab!, 'vocab', t),
      tiedEmbeddings: !!f.tiedEmbeddings,
    };
    if (f.mlp !== undefined) {
      const mlp = choice(MLP, 'mlp', f.mlp, t('MLP "{0}" is not one of {1}.', f.mlp, MLP.oneOf()));
      arch = withMlp(arch, mlp as 'gated' | 'plain');
    }
  }
  const largestLayer = f.largestLayer !== undefined ? parseParamCount(f.largestLayer, 'largestLayer', t) : undefined;
  if (f.params !== undefined) {
    const params = parseParamCount(f.params, 'params', t);
    const shaped = arch && f.mlp === undefined ? shapeForCount(arch, params, t) : { arch, notes: [] };
    return { name: f.params, params, arch: shaped.arch, largestLayer, source: arch ? 'custom' : 'assumed', ...(shaped.notes.length ? { notes: shaped.notes } : {}) };
  }
  if (arch) {
    // "34B layers 60 hidden 6656 …": a size written where the model goes is the published count of
    // the shape described; without one, the shape's own count.
    if (!findModelPreset(f.model) && /^\d/.test(f.model)) {
      const params = parseParamCount(f.model, 'model', t);
      const shaped = f.mlp === undefined ? shapeForCount(arch, params, t) : { arch, notes: [] };
      return { name: f.model, params, arch: shaped.arch, largestLayer, source: 'custom', ...(shaped.notes.length ? { notes: shaped.notes } : {}) };
    }
    return { name: 'custom', params: countParams(arch).total, arch, largestLayer, source: 'custom' };
  }
  const preset = findModelPreset(f.model);
  if (preset) return { preset: preset.id, name: preset.name, params: preset.totalParams, arch: preset.arch, largestLayer, source: 'preset', notes: preset.notes };
  const found = /^\d+(\.\d+)?(e\d+)?[kmbt]?$/i.test(f.model.replace(/[,_]/g, '')) ? undefined : models?.(f.model);
  if (found) return { name: found.id, params: found.params, arch: found.arch, largestLayer, source: 'config', path: found.path, notes: found.notes };
  let params: number;
  try {
    params = parseParamCount(f.model, 'model', t);
  } catch {
    if (f.model.includes('/')) {
      throw fieldError(t('Model "{0}" is not a preset and no config.json for it was found (the Hugging Face cache, llmNotes.memory.models, --config).', f.model), 'model');
    }
    throw fieldError(t('Unknown model "{0}": give a preset id (llama3-8b, llama2-70b, …) or a size such as 34B.', f.model), 'model');
  }
  return { name: f.model, params, largestLayer, source: 'assumed' };
}

function buildGpu(f: MemoryFields & typeof DEFAULT_FIELDS, t: Translate): MemoryInput['gpu'] {
  if (f.gpuMem !== undefined) {
    const bytes = parseMemorySize(f.gpuMem, 'gpuMem', t);
    return { id: 'custom', name: t('{0} GPU', f.gpuMem), bytes };
  }
  const preset = findGpuPreset(f.gpu);
  if (preset) return { id: preset.id, name: preset.name, bytes: preset.bytes };
  // "80G", "24GB": a custom size written where a GPU name goes.
  if (/^\d/.test(f.gpu)) {
    const bytes = parseMemorySize(f.gpu, 'gpu', t);
    return { id: 'custom', name: t('{0} GPU', f.gpu), bytes };
  }
  throw fieldError(t('Unknown GPU "{0}": use A100-80G, H100-80G, H200, L40S, RTX4090, … or a size such as 80G.', f.gpu), 'gpu');
}

function stripEmpty(fields: MemoryFields): MemoryFields {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') out[k] = v;
  return out as MemoryFields;
}

/**
 * Fields with aliases resolved to the calculator form's own values ("a100-80g" → "A100-80G",
 * "adam" → "adamw", "mixed" → "bf16"), so a note's expression fills the panel's selects.
 * Values that are not recognised are kept, and buildInput explains them.
 */
export function canonicalFields(fields: MemoryFields): MemoryFields {
  const out: MemoryFields = { ...fields };
  if (out.model !== undefined) {
    const preset = findModelPreset(out.model);
    if (preset) out.model = preset.id;
    else if (out.params === undefined && /^\d/.test(out.model)) {
      // "34B" is a size, not a preset: it belongs in the Parameters field, the preset left blank.
      out.params = out.model;
      out.model = '';
    }
  }
  if (out.gpu !== undefined) out.gpu = findGpuPreset(out.gpu)?.id ?? out.gpu;
  const canonical = (list: WordList, value: string | undefined) => (value === undefined ? undefined : (list.value(value) ?? value));
  out.mode = canonical(MODE, out.mode);
  out.optimizer = canonical(OPTIMIZER, out.optimizer);
  out.zero = canonical(ZERO, out.zero);
  out.recompute = canonical(RECOMPUTE, out.recompute);
  out.offloadOptimizer = canonical(OFFLOAD_TARGET, out.offloadOptimizer);
  out.offloadParams = canonical(OFFLOAD_TARGET, out.offloadParams);
  out.kvCacheBits = canonical(KV_CACHE_BITS, out.kvCacheBits);
  out.crossEntropy = canonical(CROSS_ENTROPY, out.crossEntropy);
  if (out.dtype !== undefined) {
    const d = DTYPE.value(out.dtype) ?? out.dtype;
    // The form has no "nf4": served it is int4 weights; in training it is QLoRA's bf16 compute.
    out.dtype = d === 'nf4' ? (out.mode === 'inference' ? 'int4' : 'pure-bf16') : d;
  }
  for (const key of Object.keys(out) as FieldName[]) if (out[key] === undefined) delete out[key];
  return out;
}
