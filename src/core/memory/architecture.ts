/** A transformer's shape, enough to count its parameters and size its activations and KV cache. */
export interface Architecture {
  layers: number;
  hidden: number;
  /** MLP inner size (intermediate_size); for MoE layers, the dense layers' size. */
  ffn: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  vocab: number;
  tiedEmbeddings: boolean;
  /** "llama": RMSNorm, gated (SwiGLU) MLP, no biases. "gpt": LayerNorm, 4h GELU MLP, biases, learned positions. */
  style?: 'llama' | 'gpt';
  /** Bias on q, k and v (Qwen, GLM). */
  qkvBias?: boolean;
  /** Learned position embeddings (GPT-style). */
  maxPositions?: number;
  moe?: {
    experts: number;
    topK: number;
    /** Each routed expert's MLP inner size. */
    expertFfn: number;
    sharedExperts?: number;
    /** The first this many layers are dense (DeepSeek's first_k_dense_replace). */
    denseLayers?: number;
    /** A per-expert routing bias (DeepSeek-V3's e_score_correction_bias). */
    routerBias?: boolean;
  };
  /** Multi-head latent attention (DeepSeek-V2/V3): the KV cache holds the compressed latent. */
  mla?: {
    qLoraRank: number;
    kvLoraRank: number;
    qkNopeHeadDim: number;
    qkRopeHeadDim: number;
    vHeadDim: number;
  };
}

export interface ParamCounts {
  total: number;
  /** Parameters used per token (MoE routes to top-k experts). */
  active: number;
  /** Input embedding plus untied output head. */
  embedding: number;
  /** Weights of linear layers inside the blocks: what LoRA adapts and QLoRA quantises. */
  linear: number;
  /** The largest single module's own parameters (DeepSpeed's largest_layer_params). */
  largestLayer: number;
  /** LoRA trainable parameters per unit of rank, over all linear layers of the blocks. */
  loraPerRank: number;
}

interface Linear {
  in: number;
  out: number;
  count: number;
  /** Routed experts only: how many of `count` are active per token. */
  activeCount?: number;
}

/** Every linear layer of one block, with how many of each there are. */
function blockLinears(a: Architecture, moeLayer: boolean): Linear[] {
  const h = a.hidden;
  const list: Linear[] = [];
  if (a.mla) {
    const m = a.mla;
    list.push(
      { in: h, out: m.qLoraRank, count: 1 },
      { in: m.qLoraRank, out: a.heads * (m.qkNopeHeadDim + m.qkRopeHeadDim), count: 1 },
      { in: h, out: m.kvLoraRank + m.qkRopeHeadDim, count: 1 },
      { in: m.kvLoraRank, out: a.heads * (m.qkNopeHeadDim + m.vHeadDim), count: 1 },
      { in: a.heads * m.vHeadDim, out: h, count: 1 },
    );
  } else {
    list.push(
      { in: h, out: a.heads * a.headDim, count: 1 },
      { in: h, out: a.kvHeads * a.headDim, count: 2 },
      { in: a.heads * a.headDim, out: h, count: 1 },
    );
  }
  if (a.style === 'gpt') {
    list.push({ in: h, out: a.ffn, count: 1 }, { in: a.ffn, out: h, count: 1 });
  } else if (moeLayer && a.moe) {
    const e = a.moe;
    list.push({ in: h, out: e.expertFfn, count: 2 * e.experts, activeCount: 2 * e.topK });
    list.push({ in: e.expertFfn, out: h, count: e.experts, activeCount: e.topK });
    if (e.sharedExperts) list.push({ in: h, out: e.expertFfn, count: 2 * e.sharedExperts }, { in: e.expertFfn, out: h, count: e.sharedExperts });
  } else {
    list.push({ in: h, out: a.ffn, count: 2 }, { in: a.ffn, out: h, count: 1 });
  }
  return list;
}

/** Parameters that are not linear weights: norms, biases, routers. */
function blockOther(a: Architecture, moeLayer: boolean): number {
  const h = a.hidden;
  let n = 0;
  if (a.style === 'gpt') {
    n += 4 * h; // two LayerNorms, weight and bias
    n += a.heads * a.headDim + 2 * a.kvHeads * a.headDim + h; // q, k, v, o biases
    n += a.ffn + h; // MLP biases
  } else {
    n += 2 * h; // two RMSNorms
    if (a.qkvBias) n += a.heads * a.headDim + 2 * a.kvHeads * a.headDim;
  }
  if (a.mla) n += a.mla.qLoraRank + a.mla.kvLoraRank; // q and kv latent norms
  if (moeLayer && a.moe) n += h * a.moe.experts + (a.moe.routerBias ? a.moe.experts : 0);
  return n;
}

export function countParams(a: Architecture): ParamCounts {
  let total = 0;
  let active = 0;
  let linear = 0;
  let loraPerRank = 0;
  let largestLayer = 0;
  const denseLayers = a.moe ? Math.min(a.moe.denseLayers ?? 0, a.layers) : a.layers;
  for (const [moeLayer, count] of [
    [false, denseLayers],
    [true, a.layers - denseLayers],
  ] as const) {
    if (count === 0) continue;
    const linears = blockLinears(a, moeLayer);
    const other = blockOther(a, moeLayer);
    let blockTotal = other;
    let blockActive = other;
    for (const l of linears) {
      blockTotal += l.in * l.out * l.count;
      blockActive += l.in * l.out * (l.activeCount ?? l.count);
      linear += l.in * l.out * l.count * count;
      loraPerRank += (l.in + l.out) * l.count * count;
      largestLayer = Math.max(largestLayer, l.in * l.out);
    }
    if (moeLayer && a.moe) largestLayer = Math.max(largestLayer, a.hidden * a.moe.experts);
    total += blockTotal * count;
    active += blockActive * count;
  }
  const embedding = a.vocab * a.hidden * (a.tiedEmbeddings ? 1 : 2) + (a.maxPositions ?? 0) * a.hidden;
  const finalNorm = a.style === 'gpt' ? 2 * a.hidden : a.hidden;
  largestLayer = Math.max(largestLayer, a.vocab * a.hidden);
  return {
    total: total + embedding + finalNorm,
    active: active + embedding + finalNorm,
    embedding,
    linear,
    largestLayer,
    loraPerRank,
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
