import { UserError } from '../errors';
import { assumedHidden, countParams, type Architecture, type ParamCounts } from './architecture';
import type { HostLine, LineKey, MemoryInput, MemoryLine, MemoryResult, Optimizer, Precision, Suggestion } from './types';
import { formatBytes, GiB, n } from './units';

const SRC = {
  mixed: 'Mixed-precision training: 16-bit weights and gradients, fp32 master copy (Rajbhandari et al. 2020, ZeRO §3: 2Ψ + 2Ψ + 12Ψ)',
  adam8bit: 'bitsandbytes 8-bit AdamW: m and v in 8 bits (Dettmers et al. 2022)',
  adafactor: 'Adafactor: factored second moments, one row and one column statistic per matrix (Shazeer & Stern 2018)',
  zero: 'ZeRO stages shard optimizer states (1), gradients (2) and parameters (3) over data-parallel ranks (Rajbhandari et al. 2020)',
  zero3Live: 'DeepSpeed estimate_zero3_model_states_mem_needs: largest_layer_memory = 4 × largest_layer_params',
  offload: 'DeepSpeed ZeRO-Offload/Infinity: fp32 master weights, optimizer states and fp32 gradients live on the host',
  lora: 'LoRA: rank-r adapters A (r × in) and B (out × r) on each targeted linear layer (Hu et al. 2021); adapters trained in fp32',
  qlora: 'QLoRA: NF4 base weights, 4.5 bits per parameter with fp32 block constants or 4.127 bits with double quantisation (Dettmers et al. 2023)',
  act: 'Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer Models", Table 2 (GPT-style layer, 16-bit activations)',
  kv: 'KV cache: 2 (K and V) × layers × kv_heads × head_dim × tokens × bytes; GQA caches kv_heads, not heads',
  mla: 'Multi-head latent attention (DeepSeek-V2/V3): the cache holds the compressed latent (kv_lora_rank + qk_rope_head_dim) per token and layer',
  infer: 'Inference workspace: one layer’s prefill intermediates at a time (MLP in/out and hidden states) plus last-position logits in fp32',
  quant: 'Weight-only quantisation (GPTQ/AWQ style): 8 bits, or 4 bits plus a 16-bit scale per group of 128 (4.125 bits)',
  overhead: 'Explicit overheads: CUDA context and caching-allocator reserve (both configurable)',
};

const WEIGHT_BYTES: Record<Precision, number> = { fp32: 4, 'mixed-bf16': 2, 'mixed-fp16': 2, bf16: 2, fp16: 2, int8: 1, int4: 4.125 / 8 };

function isMixed(p: Precision): boolean {
  return p === 'mixed-bf16' || p === 'mixed-fp16';
}

/** Optimizer bytes per trained parameter, master copy included, and the words for its formula. */
function optimizerBytes(opt: Optimizer, p: Precision): { bytes: number; words: string } {
  const master = isMixed(p) ? 4 : 0;
  const state = p === 'fp32' || isMixed(p) ? 4 : 2;
  const m = master ? '4 B fp32 master + ' : '';
  switch (opt) {
    case 'adamw':
      return { bytes: master + 2 * state, words: `${m}${state} B m + ${state} B v` };
    case 'adamw8bit':
      return { bytes: master + 2, words: `${m}1 B m + 1 B v (8-bit)` };
    case 'sgd':
      return { bytes: master + state, words: `${m}${state} B momentum` };
    case 'adafactor':
      return { bytes: master, words: master ? '4 B fp32 master; factored statistics on their own line' : 'factored statistics on their own line' };
  }
}

/** The architecture the figures use: the preset's, the user's, or an assumed LLaMA-like shape. */
export function effectiveArchitecture(input: MemoryInput): { arch: Architecture; counts: ParamCounts; assumed: boolean } {
  if (input.model.arch) return { arch: input.model.arch, counts: countParams(input.model.arch), assumed: false };
  const h = assumedHidden(input.model.params);
  const heads = Math.max(1, h / 128);
  const arch: Architecture = {
    layers: Math.max(1, h / 128),
    hidden: h,
    ffn: Math.round((8 * h) / 3 / 256) * 256,
    heads,
    kvHeads: heads,
    headDim: 128,
    vocab: 32000,
    tiedEmbeddings: false,
  };
  return { arch, counts: countParams(arch), assumed: true };
}

export function validate(input: MemoryInput): void {
  const { model } = input;
  if (!Number.isSafeInteger(model.params) || model.params <= 0) throw new UserError('The model needs a positive parameter count.', 'params');
  if (model.params > 1e15) throw new UserError('Over 10^15 parameters is not a model this calculator can size.', 'params');
  const whole = (v: number, field: string, label: string, min: number, max: number) => {
    if (!Number.isInteger(v)) throw new UserError(`${label} must be a whole number, not ${v}.`, field);
    if (v < min) throw new UserError(`${label} must be at least ${min}, not ${v}.`, field);
    if (v > max) throw new UserError(`${label} of ${v} is beyond what this calculator sizes (at most ${n(max)}).`, field);
  };
  whole(input.gpus, 'gpus', 'The GPU count', 1, 65536);
  whole(input.gpusPerNode, 'gpusPerNode', 'GPUs per node', 1, 64);
  whole(input.tp, 'tp', 'Tensor parallel size', 1, 1024);
  whole(input.pp, 'pp', 'Pipeline parallel size', 1, 1024);
  whole(input.batch, 'batch', 'The batch size', 1, 65536);
  whole(input.seq, 'seq', 'The sequence length', 1, 16 * 1024 * 1024);
  whole(input.loraRank, 'loraRank', 'The LoRA rank', 1, 65536);
  if (!(input.gpu.bytes > 0) || !Number.isFinite(input.gpu.bytes)) throw new UserError('GPU memory must be more than zero.', 'gpuMem');
  if (input.gpus % input.gpusPerNode !== 0 && input.gpus > input.gpusPerNode) {
    throw new UserError(`${input.gpus} GPUs do not split into nodes of ${input.gpusPerNode}.`, 'gpusPerNode');
  }
  const mp = input.tp * input.pp;
  if (mp > input.gpus) throw new UserError(`Tensor × pipeline parallel (${input.tp} × ${input.pp} = ${mp}) needs more GPUs than the ${input.gpus} given.`, 'tp');
  if (input.gpus % mp !== 0) throw new UserError(`${input.gpus} GPUs do not divide into model-parallel groups of ${mp} (tensor ${input.tp} × pipeline ${input.pp}).`, 'gpus');
  const arch = model.arch;
  if (arch) {
    if (arch.heads % input.tp !== 0) throw new UserError(`Tensor parallel ${input.tp} does not divide the ${arch.heads} attention heads.`, 'tp');
    if (input.pp > arch.layers) throw new UserError(`Pipeline parallel ${input.pp} is more stages than the ${arch.layers} layers.`, 'pp');
  }
  const training = input.mode !== 'inference';
  if (training && (input.precision === 'int8' || input.precision === 'int4')) {
    throw new UserError(`${input.precision} weights are for inference; for 4-bit training choose QLoRA.`, 'precision');
  }
  if (input.mode === 'qlora' && input.precision === 'fp32') throw new UserError('QLoRA computes in bf16 or fp16; fp32 contradicts it.', 'precision');
  if (!training && input.zero !== 0) throw new UserError('ZeRO shards training state; for inference use tensor or pipeline parallel.', 'zero');
  if (!training && (input.offloadOptimizer !== 'none' || input.offloadParams !== 'none')) {
    throw new UserError('Offload applies to training here; for inference, quantise or add GPUs.', 'offload');
  }
  if (input.offloadOptimizer !== 'none' && input.zero === 0) throw new UserError('Offloading the optimizer needs ZeRO stage 1, 2 or 3.', 'offload');
  if (input.offloadOptimizer === 'nvme' && input.zero !== 3) throw new UserError('NVMe offload of the optimizer needs ZeRO-3 (ZeRO-Infinity).', 'offload');
  if (input.offloadParams !== 'none' && input.zero !== 3) throw new UserError('Offloading parameters needs ZeRO-3.', 'offload');
  if (input.mode === 'qlora' && input.zero === 3 && input.offloadParams !== 'none') throw new UserError('QLoRA’s 4-bit weights cannot be offloaded by ZeRO-3 here.', 'offload');
  if (!(input.allocatorReserve >= 0 && input.allocatorReserve <= 0.5)) throw new UserError('The allocator reserve must be between 0% and 50%.', 'allocatorReserve');
  if (!(input.cudaContextBytes >= 0 && input.cudaContextBytes <= 16 * GiB)) throw new UserError('The CUDA context must be between 0 and 16 GiB.', 'cudaContext');
}

/** Estimates per-GPU memory with every line's working; throws UserError on contradictory input. */
export function estimate(input: MemoryInput, withAdvice = true): MemoryResult {
  validate(input);
  const core = perGpu(input);
  const result: MemoryResult = { ...core, minGpus: undefined, suggestions: [] };
  if (withAdvice) {
    result.minGpus = minGpus(input);
    result.suggestions = suggestions(input, core.perGpu.total, result.minGpus);
  }
  return result;
}

type Core = Omit<MemoryResult, 'minGpus' | 'suggestions'>;

function perGpu(input: MemoryInput): Core {
  const { arch, counts, assumed } = effectiveArchitecture(input);
  const notes: string[] = [];
  const P = input.model.params;
  // Published totals win; an architecture's own count scales the parts (linear share, LoRA size).
  const scale = P / counts.total;
  if (assumed) notes.push(`Architecture unknown: assumed a LLaMA-like shape with hidden ${n(arch.hidden)}, ${arch.layers} layers, ${arch.heads} heads and a 32,000-token vocabulary (h ≈ ∛(128·P/12)).`);
  const mp = input.tp * input.pp;
  const dp = input.gpus / mp;
  const lines: MemoryLine[] = [];
  const host: HostLine[] = [];
  const nvme: HostLine[] = [];
  const perNode = Math.min(input.gpusPerNode, input.gpus);
  const add = (key: LineKey, label: string, bytes: number, formula: string, source: string) =>
    lines.push({ key, label, bytes: Math.round(bytes), formula: `${formula} = ${formatBytes(Math.round(bytes))}`, source });
  const addHost = (to: HostLine[], label: string, bytes: number, formula: string, source: string) =>
    to.push({ label, bytes: Math.round(bytes), formula: `${formula} = ${formatBytes(Math.round(bytes))}`, source });
  const mpText = mp > 1 ? ` ÷ ${mp} (TP ${input.tp} × PP ${input.pp})` : '';
  const shard = P / mp;

  if (input.mode === 'inference') {
    const wb = WEIGHT_BYTES[input.precision];
    add('weights', 'Weights', shard * wb, `${n(P)} params × ${n(wb)} B (${input.precision})${mpText}`, input.precision.startsWith('int') ? SRC.quant : 'Weights in the serving dtype');
    const kvBytes = input.kvCacheBits / 8;
    const layers = Math.ceil(arch.layers / input.pp);
    if (arch.mla) {
      const per = arch.mla.kvLoraRank + arch.mla.qkRopeHeadDim;
      add('kvCache', 'KV cache (MLA latent)', layers * per * input.seq * input.batch * kvBytes,
        `${layers} layers × (${arch.mla.kvLoraRank} + ${arch.mla.qkRopeHeadDim}) × ${n(input.seq)} tokens × ${input.batch} seqs × ${kvBytes} B`, SRC.mla);
    } else {
      const kvh = Math.ceil(arch.kvHeads / input.tp);
      add('kvCache', 'KV cache', 2 * layers * kvh * arch.headDim * input.seq * input.batch * kvBytes,
        `2 × ${layers} layers × ${kvh} kv heads × ${arch.headDim} × ${n(input.seq)} tokens × ${input.batch} seqs × ${kvBytes} B`, SRC.kv);
    }
    const ffn = (arch.moe ? Math.max(arch.ffn, arch.moe.expertFfn * arch.moe.topK) : arch.ffn) / input.tp;
    let workspace = input.batch * input.seq * (2 * ffn + 4 * arch.hidden) * 2 + input.batch * arch.vocab * 4;
    let words = `${input.batch} × ${n(input.seq)} × (2 × ${n(ffn)} + 4 × ${n(arch.hidden)}) × 2 B + ${input.batch} × ${n(arch.vocab)} × 4 B`;
    if (!input.flashAttention) {
      const h = arch.heads / input.tp;
      workspace += input.batch * h * input.seq * input.seq * 2;
      words += ` + ${input.batch} × ${h} heads × ${n(input.seq)}² × 2 B (attention scores, no flash attention)`;
    }
    add('activations', 'Activation workspace', workspace, words, SRC.infer);
  } else {
    trainingLines(input, arch, counts, scale, dp, mpText, notes, add, (label, bytes, formula, source) => addHost(host, label, bytes, formula, source), (label, bytes, formula, source) => addHost(nvme, label, bytes, formula, source), perNode);
    add('activations', 'Activations', ...activationBytes(input, arch));
  }

  const subtotal = lines.reduce((s, l) => s + l.bytes, 0);
  add('overhead', 'CUDA context', input.cudaContextBytes, `${(input.cudaContextBytes / GiB).toFixed(2)} GiB per GPU (setting)`, SRC.overhead);
  if (input.allocatorReserve > 0) {
    add('overhead', 'Allocator reserve', subtotal * input.allocatorReserve, `${(input.allocatorReserve * 100).toFixed(0)}% × ${formatBytes(subtotal)}`, SRC.overhead);
  }
  const byKey = { weights: 0, gradients: 0, optimizer: 0, activations: 0, kvCache: 0, overhead: 0 } as Record<LineKey, number>;
  for (const l of lines) byKey[l.key] += l.bytes;
  const total = lines.reduce((s, l) => s + l.bytes, 0);
  const capacity = input.gpu.bytes;
  return {
    input,
    perGpu: { lines, total, byKey },
    host: { lines: host, total: host.reduce((s, l) => s + l.bytes, 0) },
    nvme: { lines: nvme, total: nvme.reduce((s, l) => s + l.bytes, 0) },
    capacity,
    fits: total <= capacity,
    margin: capacity - total,
    notes,
  };
}

type Add = (key: LineKey, label: string, bytes: number, formula: string, source: string) => void;
type AddHost = (label: string, bytes: number, formula: string, source: string) => void;

function trainingLines(input: MemoryInput, arch: Architecture, counts: ParamCounts, scale: number, dp: number, mpText: string, notes: string[], add: Add, addHost: AddHost, addNvme: AddHost, perNode: number): void {
  const P = input.model.params;
  const mp = input.tp * input.pp;
  const z = input.zero;
  const shard = (on: boolean) => (on && dp > 1 ? ` ÷ ${dp} (ZeRO-${z} over ${dp} data-parallel ranks)` : '');
  const div = (on: boolean) => (on ? dp : 1);
  const precision = input.precision;
  const wBytes = WEIGHT_BYTES[precision];
  const opt = optimizerBytes(input.optimizer, precision);

  // What is trained: every parameter (full) or the LoRA adapters.
  let trained = P;
  let trainedWeightBytes = wBytes;
  let trainedGradBytes = wBytes;
  let trainedOpt = opt;
  if (input.mode === 'lora' || input.mode === 'qlora') {
    trained = Math.round(input.loraRank * counts.loraPerRank * scale);
    if (trained > P / 10) {
      notes.push(`At rank ${input.loraRank} the adapters hold ${n(trained)} parameters, ${((100 * trained) / P).toFixed(0)}% of the model: that is no longer low-rank, and LoRA can need more memory than full fine-tuning.`);
    }
    trainedWeightBytes = 4;
    trainedGradBytes = 4;
    trainedOpt = optimizerBytes(input.optimizer, 'fp32');
    const frozenBytes = input.mode === 'qlora' ? undefined : wBytes;
    const offloadedParams = input.offloadParams !== 'none';
    if (frozenBytes !== undefined) {
      const bytes = (P * frozenBytes) / mp / div(z === 3);
      if (offloadedParams) {
        addHost('Frozen base weights', (bytes * perNode), `${n(P)} × ${frozenBytes} B${mpText}${shard(z === 3)} × ${perNode} GPUs per node`, SRC.offload);
      } else {
        add('weights', 'Frozen base weights', bytes, `${n(P)} params × ${frozenBytes} B (${precision})${mpText}${shard(z === 3)}`, SRC.lora);
      }
    } else {
      const bits = input.doubleQuant ? 4.127 : 4.5;
      const quantised = Math.round(counts.linear * scale);
      const rest = P - quantised;
      add('weights', 'Base weights (NF4)', (quantised * bits) / 8 / mp / div(z === 3),
        `${n(quantised)} linear-layer params × ${bits} bits ÷ 8${mpText}${shard(z === 3)}`, SRC.qlora);
      add('weights', 'Embeddings and norms (16-bit)', (rest * 2) / mp / div(z === 3), `${n(rest)} params × 2 B${mpText}${shard(z === 3)}`, SRC.qlora);
    }
    add('weights', `LoRA adapters (rank ${input.loraRank})`, (trained * trainedWeightBytes) / mp / div(z === 3),
      `${input.loraRank} × ${n(Math.round(counts.loraPerRank * scale))} (Σ in + out over all linear layers) = ${n(trained)} params × 4 B${mpText}${shard(z === 3)}`, SRC.lora);
  } else {
    const bytes = (P * wBytes) / mp / div(z === 3);
    if (input.offloadParams !== 'none') {
      const target = input.offloadParams === 'nvme' ? addNvme : addHost;
      target('Weights (offloaded)', input.offloadParams === 'nvme' ? (P * wBytes) / mp : bytes * perNode,
        input.offloadParams === 'nvme' ? `${n(P)} × ${wBytes} B${mpText} (whole model, once)` : `${n(P)} × ${wBytes} B${mpText}${shard(true)} × ${perNode} GPUs per node`, SRC.offload);
    } else {
      add('weights', 'Weights', bytes, `${n(P)} params × ${wBytes} B (${precision})${mpText}${shard(z === 3)}`, isMixed(precision) ? SRC.mixed : 'Weights in the training dtype');
    }
  }
  if (z === 3) {
    const largest = input.model.largestLayer ?? Math.round(counts.largestLayer);
    add('weights', 'ZeRO-3 gathered layer', (4 * largest) / input.tp, `4 B × ${n(largest)} (largest layer's params)${input.tp > 1 ? ` ÷ TP ${input.tp}` : ''}`, SRC.zero3Live);
  }

  const gradLabel = input.mode === 'full' ? 'Gradients' : 'Gradients (adapters only)';
  add('gradients', gradLabel, (trained * trainedGradBytes) / mp / div(z >= 2), `${n(trained)} × ${trainedGradBytes} B${mpText}${shard(z >= 2)}`, input.mode === 'full' ? 'Gradients in the training dtype' : SRC.lora);

  const optSource = input.optimizer === 'adamw8bit' ? SRC.adam8bit : input.optimizer === 'adafactor' ? SRC.adafactor : isMixed(precision) ? SRC.mixed : 'Optimizer states in the training dtype';
  const optBytesPerGpu = (trained * trainedOpt.bytes) / mp / div(z >= 1);
  const optFormula = `${n(trained)} × ${trainedOpt.bytes} B (${trainedOpt.words})${mpText}${shard(z >= 1)}`;
  let factored = 0;
  let factoredFormula = '';
  if (input.optimizer === 'adafactor') {
    const stat = precision === 'fp32' || isMixed(precision) || input.mode !== 'full' ? 4 : 2;
    const rowsCols = input.mode === 'full' ? Math.round(counts.loraPerRank * scale) + arch.vocab + arch.hidden : Math.round(trained / input.loraRank) + input.loraRank * 2;
    factored = (rowsCols * stat) / mp / div(z >= 1);
    factoredFormula = `${n(rowsCols)} row + column statistics × ${stat} B${mpText}${shard(z >= 1)}`;
  }
  if (input.offloadOptimizer !== 'none') {
    const fp32Grads = (trained * 4) / mp / div(z >= 1);
    const hostBytes = (optBytesPerGpu + factored + fp32Grads) * perNode;
    const words = `(${optFormula} + ${n(trained)} × 4 B fp32 gradients${mpText}${shard(z >= 1)}) × ${perNode} GPUs per node`;
    if (input.offloadOptimizer === 'nvme') addNvme('Optimizer states (NVMe)', hostBytes, words, SRC.offload);
    else addHost('Optimizer states and fp32 gradients', hostBytes, words, SRC.offload);
  } else {
    add('optimizer', 'Optimizer states', optBytesPerGpu, optFormula, optSource);
    if (factored) add('optimizer', 'Adafactor factored statistics', factored, factoredFormula, SRC.adafactor);
  }
}

/** Activation memory of the most loaded GPU, with its formula: [bytes, formula, source]. */
function activationBytes(input: MemoryInput, arch: Architecture): [number, string, string] {
  const s = input.seq;
  const b = input.batch;
  const h = arch.hidden;
  const a = arch.heads;
  const t = input.tp;
  const sp = input.sequenceParallel && t > 1;
  const L = arch.layers;
  const dtypeScale = input.precision === 'fp32' ? 2 : 1;
  const scoreTerm = input.flashAttention || input.recompute !== 'none' ? 0 : (5 * a * s) / h;
  let perLayer: number;
  let words: string;
  const sbh = `${n(s)} × ${b} × ${n(h)}`;
  if (input.recompute === 'full') {
    perLayer = (2 * s * b * h) / (sp ? t : 1);
    words = `2 × ${sbh}${sp ? ` ÷ ${t}` : ''} (full recomputation keeps each layer's input)`;
  } else if (t === 1) {
    perLayer = s * b * h * (34 + scoreTerm);
    words = scoreTerm ? `${sbh} × (34 + 5 × ${a} × ${n(s)} ÷ ${n(h)})` : `${sbh} × 34`;
  } else if (sp) {
    perLayer = s * b * h * (34 / t + scoreTerm / t);
    words = `${sbh} × (34 ÷ ${t}${scoreTerm ? ` + 5 × ${a} × ${n(s)} ÷ (${n(h)} × ${t})` : ''}) (tensor + sequence parallel)`;
  } else {
    perLayer = s * b * h * (10 + 24 / t + scoreTerm / t);
    words = `${sbh} × (10 + 24 ÷ ${t}${scoreTerm ? ` + 5 × ${a} × ${n(s)} ÷ (${n(h)} × ${t})` : ''}) (tensor parallel)`;
  }
  if (scoreTerm === 0 && input.recompute !== 'full') words += input.flashAttention ? ' (flash attention: no s² scores stored)' : ' (selective recomputation drops the 5as/h term)';
  const embedding = (2 * s * b * h) / (sp ? t : 1);
  const logits = (4 * s * b * arch.vocab) / t;
  // 1F1B keeps p micro-batches in flight on the first stage: L/p layers × p = L layers' worth.
  const first = L * perLayer + embedding + (input.pp === 1 ? logits : 0);
  const last = (Math.ceil(L / input.pp) * perLayer + logits);
  const bytes = Math.max(first, input.pp > 1 ? last : 0) * dtypeScale;
  const ppWords = input.pp > 1 ? ` (first pipeline stage holds ${input.pp} micro-batches × ${L / input.pp} layers)` : '';
  const formula =
    `${L} layers × ${words}${ppWords} + embeddings 2 × ${sbh}${input.pp === 1 ? ` + fp32 logits 4 × ${n(s)} × ${b} × ${n(arch.vocab)}${t > 1 ? ` ÷ ${t}` : ''}` : ''}` +
    (dtypeScale > 1 ? ' × 2 (fp32 activations)' : '');
  return [bytes, formula, SRC.act];
}

/**
 * The same setup on `gpus` GPUs, in nodes as large as the user's that divide the count evenly
 * (12 GPUs at 8 per node become 3 nodes of 4), so every count tried is a valid configuration.
 */
export function withGpuCount(input: MemoryInput, gpus: number): MemoryInput {
  let a = gpus;
  let b = input.gpusPerNode;
  while (b) [a, b] = [b, a % b];
  return { ...input, gpus, gpusPerNode: Math.min(a, gpus) };
}

/** The smallest GPU count that fits, keeping TP × PP (more data-parallel ranks only help with ZeRO). */
export function minGpus(input: MemoryInput): number | undefined {
  const mp = input.tp * input.pp;
  const at = (k: number) => perGpu(withGpuCount(input, mp * k)).perGpu.total <= input.gpu.bytes;
  if (input.mode === 'inference' || input.zero === 0) {
    if (at(1)) return mp;
    // Inference and plain data parallel keep a whole copy per model-parallel group: more tensor parallel is the lever.
    if (input.mode === 'inference') {
      const heads = effectiveArchitecture(input).arch.heads;
      for (let tp = input.tp * 2; tp <= 64 && tp <= heads; tp *= 2) {
        if (heads % tp !== 0) continue;
        const gpus = tp * input.pp;
        if (perGpu(withGpuCount({ ...input, tp }, gpus)).perGpu.total <= input.gpu.bytes) return gpus;
      }
    }
    return undefined;
  }
  const maxK = Math.floor(65536 / mp);
  if (!at(maxK)) return undefined;
  let lo = 1;
  let hi = maxK;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (at(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo * mp;
}

function suggestions(input: MemoryInput, current: number, min: number | undefined): Suggestion[] {
  const out: Suggestion[] = [];
  const tryChange = (label: string, change: Partial<MemoryInput>) => {
    const next = { ...input, ...change };
    try {
      validate(next);
    } catch {
      return;
    }
    const total = perGpu(next).perGpu.total;
    if (total < current) out.push({ label, change, perGpu: total, fits: total <= input.gpu.bytes });
  };
  if (input.mode === 'inference') {
    if (input.precision !== 'int8' && input.precision !== 'int4') tryChange('int8 weights', { precision: 'int8' });
    if (input.precision !== 'int4') tryChange('int4 weights', { precision: 'int4' });
    if (input.kvCacheBits === 16) tryChange('8-bit KV cache', { kvCacheBits: 8 });
    if (input.batch > 1) tryChange(`batch ${Math.ceil(input.batch / 2)}`, { batch: Math.ceil(input.batch / 2) });
    if (!input.flashAttention) tryChange('flash attention', { flashAttention: true });
  } else {
    if (input.zero < 3) tryChange(`ZeRO-${input.zero + 1}`, { zero: (input.zero + 1) as 1 | 2 | 3 });
    if (input.offloadOptimizer === 'none') tryChange('offload optimizer to CPU', { offloadOptimizer: 'cpu', zero: Math.max(input.zero, 2) as 2 | 3 });
    if (input.offloadParams === 'none' && input.mode !== 'qlora') tryChange('ZeRO-3 with parameter and optimizer offload to CPU', { zero: 3, offloadParams: 'cpu', offloadOptimizer: 'cpu' });
    if (input.recompute !== 'full') tryChange('full activation recomputation (≈ 30% more compute)', { recompute: 'full' });
    if (!input.flashAttention) tryChange('flash attention', { flashAttention: true });
    if (input.batch > 1) tryChange(`micro-batch ${Math.ceil(input.batch / 2)}`, { batch: Math.ceil(input.batch / 2) });
    if (input.optimizer === 'adamw') tryChange('8-bit AdamW', { optimizer: 'adamw8bit' });
    if (input.mode === 'full') tryChange(`LoRA rank ${input.loraRank}`, { mode: 'lora', precision: isMixed(input.precision) ? (input.precision === 'mixed-fp16' ? 'fp16' : 'bf16') : input.precision });
    if (input.mode !== 'qlora') tryChange('QLoRA (NF4 base)', { mode: 'qlora', precision: input.precision === 'fp32' ? 'bf16' : input.precision, offloadParams: 'none' });
  }
  if (min !== undefined && min !== input.gpus) {
    const next = withGpuCount(input, min);
    if (input.mode === 'inference') next.tp = min / input.pp;
    try {
      validate(next);
      const total = perGpu(next).perGpu.total;
      if (min > input.gpus || total <= input.gpu.bytes) out.push({ label: `${min} GPUs`, change: { gpus: next.gpus, gpusPerNode: next.gpusPerNode, tp: next.tp }, perGpu: total, fits: total <= input.gpu.bytes });
    } catch {
      // not a valid alternative
    }
  }
  return out;
}
