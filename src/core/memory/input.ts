import { UserError } from '../errors';
import type { Architecture } from './architecture';
import { countParams } from './architecture';
import { findGpuPreset } from './gpus';
import { findModelPreset } from './presets';
import type { MemoryInput, Mode, Offload, Optimizer, Precision, Recompute, ZeroStage } from './types';
import { GiB, parseCount, parseMemorySize, parseParamCount } from './units';

/**
 * The calculator's inputs as people type them (panel fields, CLI flags, fit expressions): all
 * optional strings. `buildInput` turns them into a checked MemoryInput; every refusal names its field.
 */
export interface MemoryFields {
  model?: string;
  params?: string;
  mode?: string;
  dtype?: string;
  optimizer?: string;
  zero?: string;
  offloadOptimizer?: string;
  offloadParams?: string;
  tp?: string;
  pp?: string;
  sequenceParallel?: boolean;
  gpus?: string;
  gpusPerNode?: string;
  nodes?: string;
  gpu?: string;
  gpuMem?: string;
  batch?: string;
  seq?: string;
  recompute?: string;
  flashAttention?: boolean;
  loraRank?: string;
  doubleQuant?: boolean;
  kvCacheBits?: string;
  largestLayer?: string;
  layers?: string;
  hidden?: string;
  ffn?: string;
  heads?: string;
  kvHeads?: string;
  headDim?: string;
  vocab?: string;
  tiedEmbeddings?: boolean;
  cudaContextGiB?: string;
  allocatorReservePct?: string;
}

export const DEFAULT_FIELDS: Required<Pick<MemoryFields, 'model' | 'mode' | 'optimizer' | 'zero' | 'tp' | 'pp' | 'gpus' | 'gpu' | 'batch' | 'seq' | 'recompute' | 'loraRank' | 'cudaContextGiB' | 'allocatorReservePct'>> = {
  model: 'llama3-8b',
  mode: 'full',
  optimizer: 'adamw',
  zero: '0',
  tp: '1',
  pp: '1',
  gpus: '1',
  gpu: 'A100-80G',
  batch: '1',
  seq: '4096',
  recompute: 'none',
  loraRank: '16',
  cudaContextGiB: '0.5',
  allocatorReservePct: '5',
};

const MODES: Record<string, Mode> = {
  inference: 'inference', infer: 'inference', serve: 'inference', serving: 'inference', generate: 'inference',
  full: 'full', fft: 'full', finetune: 'full', 'full-finetune': 'full', pretrain: 'full', training: 'full', train: 'full',
  lora: 'lora', qlora: 'qlora',
};

const OPTIMIZERS: Record<string, Optimizer> = {
  adamw: 'adamw', adam: 'adamw', adamw8bit: 'adamw8bit', adam8bit: 'adamw8bit', '8bit-adam': 'adamw8bit', 'adamw-8bit': 'adamw8bit',
  'paged-adamw-8bit': 'adamw8bit', 'paged_adamw_8bit': 'adamw8bit', sgd: 'sgd', adafactor: 'adafactor',
};

export function parseMode(v: string): Mode {
  const m = MODES[v.toLowerCase()];
  if (!m) throw new UserError(`Mode "${v}" is not one of inference, full, lora, qlora.`, 'mode');
  return m;
}

export function parseOptimizer(v: string): Optimizer {
  const o = OPTIMIZERS[v.toLowerCase()];
  if (!o) throw new UserError(`Optimizer "${v}" is not one of adamw, adamw8bit, sgd, adafactor.`, 'optimizer');
  return o;
}

/** In training, "bf16" means bf16 mixed precision (fp32 master weights); "pure-bf16" means no master copy. */
export function parsePrecision(v: string | undefined, mode: Mode): Precision {
  const key = (v ?? '').toLowerCase();
  const training = mode !== 'inference';
  if (!key) return training ? 'mixed-bf16' : 'bf16';
  const table: Record<string, Precision> = training
    ? { fp32: 'fp32', bf16: 'mixed-bf16', fp16: 'mixed-fp16', mixed: 'mixed-bf16', amp: 'mixed-bf16', 'mixed-bf16': 'mixed-bf16', 'mixed-fp16': 'mixed-fp16', 'pure-bf16': 'bf16', 'bf16-pure': 'bf16', 'pure-fp16': 'fp16', 'fp16-pure': 'fp16', int8: 'int8', int4: 'int4', nf4: 'bf16' }
    : { fp32: 'fp32', bf16: 'bf16', fp16: 'fp16', 'mixed-bf16': 'bf16', 'mixed-fp16': 'fp16', 'pure-bf16': 'bf16', 'pure-fp16': 'fp16', int8: 'int8', int4: 'int4', nf4: 'int4', awq: 'int4', gptq: 'int4' };
  const p = table[key];
  if (!p) throw new UserError(`Precision "${v}" is not one of fp32, bf16, fp16, pure-bf16${training ? '' : ', int8, int4'}.`, 'dtype');
  return p;
}

function parseZero(v: string): ZeroStage {
  const m = /^(?:zero-?)?([0-3])$/i.exec(v.trim());
  if (!m) throw new UserError(`ZeRO stage "${v}" is not 0, 1, 2 or 3.`, 'zero');
  return Number(m[1]) as ZeroStage;
}

function parseOffload(v: string | undefined, field: string): Offload {
  const key = (v ?? 'none').toLowerCase();
  if (key === 'none' || key === 'cpu' || key === 'nvme') return key;
  if (key === 'off' || key === 'false' || key === '') return 'none';
  throw new UserError(`Offload target "${v}" is not none, cpu or nvme.`, field);
}

function parseRecompute(v: string): Recompute {
  const key = v.toLowerCase();
  if (key === 'none' || key === 'selective' || key === 'full') return key;
  throw new UserError(`Recomputation "${v}" is not none, selective or full.`, 'recompute');
}

/** Fields → checked input. Unset fields take DEFAULT_FIELDS. */
export function buildInput(fields: MemoryFields): MemoryInput {
  const f = { ...DEFAULT_FIELDS, ...stripEmpty(fields) };
  const mode = parseMode(f.mode);
  const model = buildModel(f);
  const gpu = buildGpu(f);
  const nodes = f.nodes !== undefined ? parseCount(f.nodes, 'nodes', 1, 4096) : undefined;
  let gpus = parseCount(f.gpus, 'gpus', 1, 65536);
  let gpusPerNode = f.gpusPerNode !== undefined ? parseCount(f.gpusPerNode, 'gpusPerNode', 1, 64) : Math.min(gpus, 8);
  if (nodes !== undefined) {
    if (f.gpusPerNode === undefined) gpusPerNode = gpus;
    gpus = nodes * gpusPerNode;
  }
  const reservePct = Number(f.allocatorReservePct);
  const contextGiB = Number(f.cudaContextGiB);
  if (!Number.isFinite(reservePct)) throw new UserError(`Allocator reserve "${f.allocatorReservePct}" is not a percentage.`, 'allocatorReserve');
  if (!Number.isFinite(contextGiB)) throw new UserError(`CUDA context "${f.cudaContextGiB}" is not a size in GiB.`, 'cudaContext');
  const kvBits = f.kvCacheBits === undefined ? 16 : Number(f.kvCacheBits);
  if (kvBits !== 16 && kvBits !== 8) throw new UserError(`KV-cache bits must be 16 or 8, not ${f.kvCacheBits}.`, 'kvCacheBits');
  return {
    model,
    mode,
    precision: parsePrecision(f.dtype, mode),
    optimizer: parseOptimizer(f.optimizer),
    zero: mode === 'inference' && fields.zero === undefined ? 0 : parseZero(f.zero),
    offloadOptimizer: parseOffload(f.offloadOptimizer, 'offload'),
    offloadParams: parseOffload(f.offloadParams, 'offload'),
    tp: parseCount(f.tp, 'tp', 1, 1024),
    pp: parseCount(f.pp, 'pp', 1, 1024),
    sequenceParallel: !!f.sequenceParallel,
    gpus,
    gpusPerNode,
    gpu,
    batch: parseCount(f.batch, 'batch', 1, 65536),
    seq: parseSeq(f.seq),
    recompute: parseRecompute(f.recompute),
    flashAttention: f.flashAttention ?? true,
    loraRank: parseCount(f.loraRank, 'loraRank', 1, 65536),
    doubleQuant: f.doubleQuant ?? true,
    kvCacheBits: kvBits,
    cudaContextBytes: Math.round(contextGiB * GiB),
    allocatorReserve: reservePct / 100,
  };
}

/** "4096", "32k" (32,768), "128K", "1M". */
export function parseSeq(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(v);
  if (!m) throw new UserError(`Sequence length "${v}" is not a number of tokens such as 4096 or 32k.`, 'seq');
  const x = Math.round(Number(m[1]) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1024 : 1024 * 1024) : 1));
  return parseCount(x, 'seq', 1, 16 * 1024 * 1024);
}

function buildModel(f: MemoryFields & typeof DEFAULT_FIELDS): MemoryInput['model'] {
  const archFields = ['layers', 'hidden', 'ffn', 'heads', 'kvHeads', 'headDim', 'vocab'] as const;
  const given = archFields.filter((k) => f[k] !== undefined);
  let arch: Architecture | undefined;
  if (given.length) {
    const need = ['layers', 'hidden', 'heads', 'vocab'].filter((k) => f[k as keyof MemoryFields] === undefined);
    if (need.length) throw new UserError(`A custom architecture also needs ${need.map((k) => `--${k}`).join(', ')}.`, need[0]);
    const layers = parseCount(f.layers!, 'layers', 1, 10000);
    const hidden = parseCount(f.hidden!, 'hidden', 1, 1 << 20);
    const heads = parseCount(f.heads!, 'heads', 1, 1 << 14);
    const kvHeads = f.kvHeads !== undefined ? parseCount(f.kvHeads, 'kvHeads', 1, heads) : heads;
    if (heads % kvHeads !== 0) throw new UserError(`${heads} attention heads do not split into ${kvHeads} KV groups.`, 'kvHeads');
    const headDim = f.headDim !== undefined ? parseCount(f.headDim, 'headDim', 1, 4096) : Math.floor(hidden / heads);
    if (headDim === 0) throw new UserError(`hidden ${hidden} is smaller than ${heads} heads.`, 'heads');
    arch = {
      layers,
      hidden,
      ffn: f.ffn !== undefined ? parseCount(f.ffn, 'ffn', 1, 1 << 22) : Math.round((8 * hidden) / 3 / 256) * 256,
      heads,
      kvHeads,
      headDim,
      vocab: parseCount(f.vocab!, 'vocab', 1, 1 << 24),
      tiedEmbeddings: !!f.tiedEmbeddings,
    };
  }
  const largestLayer = f.largestLayer !== undefined ? parseParamCount(f.largestLayer, 'largestLayer') : undefined;
  if (f.params !== undefined) {
    const params = parseParamCount(f.params, 'params');
    return { name: f.params, params, arch, largestLayer };
  }
  if (arch) return { name: 'custom', params: countParams(arch).total, arch, largestLayer };
  const preset = findModelPreset(f.model);
  if (preset) return { preset: preset.id, name: preset.name, params: preset.totalParams, arch: preset.arch, largestLayer };
  let params: number;
  try {
    params = parseParamCount(f.model, 'model');
  } catch {
    throw new UserError(`Unknown model "${f.model}": give a preset id (llama3-8b, llama2-70b, …) or a size such as 34B.`, 'model');
  }
  return { name: f.model, params, largestLayer };
}

function buildGpu(f: MemoryFields & typeof DEFAULT_FIELDS): MemoryInput['gpu'] {
  if (f.gpuMem !== undefined) {
    const bytes = parseMemorySize(f.gpuMem, 'gpuMem');
    return { id: 'custom', name: `${f.gpuMem} GPU`, bytes };
  }
  const preset = findGpuPreset(f.gpu);
  if (preset) return { id: preset.id, name: preset.name, bytes: preset.bytes };
  // "80G", "24GB": a custom size written where a GPU name goes.
  if (/^\d/.test(f.gpu)) {
    const bytes = parseMemorySize(f.gpu, 'gpu');
    return { id: 'custom', name: `${f.gpu} GPU`, bytes };
  }
  throw new UserError(`Unknown GPU "${f.gpu}": use A100-80G, H100-80G, H200, L40S, RTX4090, … or a size such as 80G.`, 'gpu');
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
  if (out.mode !== undefined) out.mode = MODES[out.mode.toLowerCase()] ?? out.mode;
  if (out.optimizer !== undefined) out.optimizer = OPTIMIZERS[out.optimizer.toLowerCase()] ?? out.optimizer;
  if (out.zero !== undefined) out.zero = out.zero.replace(/^zero-?/i, '');
  if (out.dtype !== undefined) {
    const d = out.dtype.toLowerCase();
    const dtype: Record<string, string> = { mixed: 'bf16', amp: 'bf16', 'mixed-bf16': 'bf16', 'mixed-fp16': 'fp16', 'bf16-pure': 'pure-bf16', 'fp16-pure': 'pure-fp16', nf4: 'int4', awq: 'int4', gptq: 'int4' };
    out.dtype = dtype[d] ?? d;
  }
  return out;
}
