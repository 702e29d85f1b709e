/**
 * A transformer decoder's shape: enough to count its parameters exactly (tested against published
 * totals) and to size its activations and KV cache. Optional fields default to LLaMA's choices:
 * RMSNorm before attention and MLP, a gated (SwiGLU) MLP, no biases, rotary positions.
 */
export interface Architecture {
  layers: number;
  hidden: number;
  /** MLP inner size (intermediate_size); for MoE models, the dense layers' size. */
  ffn: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  vocab: number;
  tiedEmbeddings: boolean;
  /** "gpt": LayerNorm, a plain GELU MLP, biases everywhere and learned positions (GPT-2/3). */
  style?: 'llama' | 'gpt';
  /** Bias on q, k and v (Qwen2, GLM). */
  qkvBias?: boolean;
  /** Bias on the attention output projection. */
  oBias?: boolean;
  /** Biases on the MLP's projections. */
  mlpBias?: boolean;
  /** Gated MLP (gate, up, down: LLaMA, Gemma) or plain (up, down: GPT, Falcon, NeoX). */
  mlp?: 'gated' | 'plain';
  /** The norms of one layer: RMSNorm (a weight) or LayerNorm (weight and bias), and how many. */
  norm?: { kind: 'rms' | 'layer'; perLayer: number };
  /** Norms on queries and keys: per head (Qwen3, Gemma 3: head_dim weights each) or over all heads (OLMo 2). */
  qkNorm?: 'head' | 'full';
  /** Learned position embeddings (GPT-style). */
  maxPositions?: number;
  moe?: {
    experts: number;
    topK: number;
    /** Each routed expert's MLP inner size. */
    expertFfn: number;
    sharedExperts?: number;
    /** The shared experts' inner size when it differs from a routed expert's (Qwen2-MoE). */
    sharedExpertFfn?: number;
    /** A sigmoid gate on the shared expert (Qwen2-MoE's shared_expert_gate: hidden → 1). */
    sharedExpertGate?: boolean;
    /** Layers that are dense (DeepSeek's first_k_dense_replace, Qwen's mlp_only_layers and sparse step). */
    denseLayers?: number;
    /** A per-expert routing bias (DeepSeek-V3's e_score_correction_bias). */
    routerBias?: boolean;
  };
  /** Multi-head latent attention (DeepSeek-V2/V3): the KV cache holds the compressed latent. */
  mla?: {
    /** 0 when queries are not compressed (DeepSeek-V2-Lite's q_lora_rank: null). */
    qLoraRank: number;
    kvLoraRank: number;
    qkNopeHeadDim: number;
    qkRopeHeadDim: number;
    vHeadDim: number;
  };
  /**
   * Attention within a window on some layers. `cachedByWindow` when the engines keep only the
   * window in the KV cache for those layers (Mistral's rolling buffer, Gemma's hybrid cache).
   */
  slidingWindow?: { window: number; layers: number; cachedByWindow: boolean };
}

export interface ParamCounts {
  total: number;
  /** Parameters used per token (MoE routes to top-k experts). */
  active: number;
  /** Input embedding plus untied output head (and learned positions). */
  embedding: number;
  /** Weights of linear layers inside the blocks: what LoRA adapts and QLoRA quantises. */
  linear: number;
  /** The largest single module's own parameters (DeepSpeed's largest_layer_params). */
  largestLayer: number;
  /** The largest linear layer inside the blocks (in × out): what a 4-bit layer dequantises at once. */
  largestLinear: number;
  /** LoRA trainable parameters per unit of rank, over all linear layers of the blocks. */
  loraPerRank: number;
  /** Per linear kind (q, k, v, o, gate, up, down, expert…): Σ (in + out) per unit of LoRA rank, and Σ in × out. */
  byModule: Record<LinearKind, { perRank: number; weights: number }>;
}

/** The linear layers LoRA can target, named as PEFT's target_modules name them in LLaMA-style models. */
export type LinearKind = 'q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down';

interface Linear {
  kind: LinearKind;
  in: number;
  out: number;
  count: number;
  /** Routed experts only: how many of `count` are active per token. */
  activeCount?: number;
}

function mlpKind(a: Architecture): 'gated' | 'plain' {
  return a.mlp ?? (a.style === 'gpt' ? 'plain' : 'gated');
}

function norms(a: Architecture): { kind: 'rms' | 'layer'; perLayer: number } {
  return a.norm ?? (a.style === 'gpt' ? { kind: 'layer', perLayer: 2 } : { kind: 'rms', perLayer: 2 });
}

/** An MLP of inner size `ffn`, `count` times, `active` of them per token. */
function mlpLinears(a: Architecture, ffn: number, count: number, active = count): Linear[] {
  const h = a.hidden;
  if (mlpKind(a) === 'plain') return [{ kind: 'up', in: h, out: ffn, count, activeCount: active }, { kind: 'down', in: ffn, out: h, count, activeCount: active }];
  return [
    { kind: 'gate', in: h, out: ffn, count, activeCount: active },
    { kind: 'up', in: h, out: ffn, count, activeCount: active },
    { kind: 'down', in: ffn, out: h, count, activeCount: active },
  ];
}

/** Every linear layer of one block, with how many of each there are. */
function blockLinears(a: Architecture, moeLayer: boolean): Linear[] {
  const h = a.hidden;
  const list: Linear[] = [];
  if (a.mla) {
    const m = a.mla;
    const qOut = a.heads * (m.qkNopeHeadDim + m.qkRopeHeadDim);
    if (m.qLoraRank > 0) list.push({ kind: 'q', in: h, out: m.qLoraRank, count: 1 }, { kind: 'q', in: m.qLoraRank, out: qOut, count: 1 });
    else list.push({ kind: 'q', in: h, out: qOut, count: 1 });
    list.push(
      { kind: 'k', in: h, out: m.kvLoraRank + m.qkRopeHeadDim, count: 1 },
      { kind: 'v', in: m.kvLoraRank, out: a.heads * (m.qkNopeHeadDim + m.vHeadDim), count: 1 },
      { kind: 'o', in: a.heads * m.vHeadDim, out: h, count: 1 },
    );
  } else {
    list.push(
      { kind: 'q', in: h, out: a.heads * a.headDim, count: 1 },
      { kind: 'k', in: h, out: a.kvHeads * a.headDim, count: 1 },
      { kind: 'v', in: h, out: a.kvHeads * a.headDim, count: 1 },
      { kind: 'o', in: a.heads * a.headDim, out: h, count: 1 },
    );
  }
  if (moeLayer && a.moe) {
    const e = a.moe;
    list.push(...mlpLinears(a, e.expertFfn, e.experts, e.topK));
    if (e.sharedExperts) list.push(...mlpLinears(a, e.sharedExpertFfn ?? e.expertFfn, e.sharedExperts));
  } else {
    list.push(...mlpLinears(a, a.ffn, 1));
  }
  return list;
}

/** Parameters that are not linear weights: norms, biases, routers, gates. */
function blockOther(a: Architecture, moeLayer: boolean): number {
  const h = a.hidden;
  const n = norms(a);
  const gpt = a.style === 'gpt';
  let total = n.perLayer * h * (n.kind === 'layer' ? 2 : 1);
  if (gpt || a.qkvBias) total += a.heads * a.headDim + 2 * a.kvHeads * a.headDim;
  if (gpt || a.oBias) total += h;
  if (gpt || a.mlpBias) total += (mlpKind(a) === 'gated' ? 2 * a.ffn : a.ffn) + h;
  if (a.qkNorm === 'head') total += 2 * a.headDim;
  if (a.qkNorm === 'full') total += (a.heads + a.kvHeads) * a.headDim;
  if (a.mla) total += (a.mla.qLoraRank > 0 ? a.mla.qLoraRank : 0) + a.mla.kvLoraRank; // q and kv latent norms
  if (moeLayer && a.moe) {
    total += h * a.moe.experts + (a.moe.routerBias ? a.moe.experts : 0);
    if (a.moe.sharedExpertGate) total += h;
  }
  return total;
}

const KINDS: readonly LinearKind[] = ['q', 'k', 'v', 'o', 'gate', 'up', 'down'];

export function countParams(a: Architecture): ParamCounts {
  let total = 0;
  let active = 0;
  let linear = 0;
  let loraPerRank = 0;
  let largestLayer = 0;
  let largestLinear = 0;
  const byModule = Object.fromEntries(KINDS.map((k) => [k, { perRank: 0, weights: 0 }])) as ParamCounts['byModule'];
  const denseLayers = a.moe ? Math.min(a.moe.denseLayers ?? 0, a.layers) : a.layers;
  for (const [moeLayer, count] of [
    [false, denseLayers],
    [true, a.layers - denseLayers],
  ] as const) {
    if (count === 0) continue;
    const other = blockOther(a, moeLayer);
    let blockTotal = other;
    let blockActive = other;
    for (const l of blockLinears(a, moeLayer)) {
      blockTotal += l.in * l.out * l.count;
      blockActive += l.in * l.out * (l.activeCount ?? l.count);
      linear += l.in * l.out * l.count * count;
      loraPerRank += (l.in + l.out) * l.count * count;
      byModule[l.kind].perRank += (l.in + l.out) * l.count * count;
      byModule[l.kind].weights += l.in * l.out * l.count * count;
      largestLayer = Math.max(largestLayer, l.in * l.out);
      largestLinear = Math.max(largestLinear, l.in * l.out);
    }
    if (moeLayer && a.moe) largestLayer = Math.max(largestLayer, a.hidden * a.moe.experts);
    total += blockTotal * count;
    active += blockActive * count;
  }
  const embedding = a.vocab * a.hidden * (a.tiedEmbeddings ? 1 : 2) + (a.maxPositions ?? 0) * a.hidden;
  const n = norms(a);
  const finalNorm = n.kind === 'layer' ? 2 * a.hidden : a.hidden;
  largestLayer = Math.max(largestLayer, a.vocab * a.hidden);
  return {
    total: total + embedding + finalNorm,
    active: active + embedding + finalNorm,
    embedding,
    linear,
    largestLayer,
    largestLinear,
    loraPerRank,
    byModule,
  };
}

/**
 * When only a parameter count is known, the shape is assumed LLaMA-like: P ≈ 12·L·h² with
 * L ≈ h/128 (LLaMA-2 7B: h 4096, L 32), so h ≈ ∛(128·P/12), rounded to a multiple of 128.
 */
export function assumedHidden(params: number): number {
  return Math.max(128, Math.round(Math.cbrt((128 * params) / 12) / 128) * 128);
}

/** The architecture the figures use: the model's own, or an assumed LLaMA-like shape of its size. */
export function effectiveArchitecture({ model }: { model: { params: number; arch?: Architecture } }): { arch: Architecture; counts: ParamCounts; assumed: boolean } {
  if (model.arch) return { arch: model.arch, counts: countParams(model.arch), assumed: false };
  const h = assumedHidden(model.params);
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
