import { UserError } from '../errors';
import { parseJsonFile } from '../json';
import { countParams, type Architecture, type ParamCounts } from './architecture';

/**
 * Hugging Face config.json → an Architecture, for the families people train. Pure: text in, a
 * shape or a sentence out (naming the file and the key). Each family reads its own keys with the
 * defaults of its transformers config class, because released files leave out keys equal to those
 * defaults (Gemma 3's text_config is nearly empty) and a missing key is not the same everywhere
 * (tie_word_embeddings is True for Gemma, False for LLaMA).
 */
export interface ModelConfig {
  /** The family read: "llama", "qwen3_moe", "chatglm", … or "unknown" (read as LLaMA-like). */
  family: string;
  arch: Architecture;
  counts: ParamCounts;
  /** What a reader should know: defaults applied, keys ignored, quantization, sliding windows. */
  notes: string[];
  /** From quantization_config: how the checkpoint stores weights. */
  quantization?: { method: string; bits?: number };
  /** The id in the file (_name_or_path), when it has one. */
  nameOrPath?: string;
}

/** A config.json is a few KB; past this it is not one. */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

type Json = Record<string, unknown>;

/** Reads one config.json's text; `source` names the file in every sentence. */
export function readModelConfig(text: string, source: string): ModelConfig {
  if (text.length > MAX_CONFIG_BYTES) throw new UserError(`${source} is ${(text.length / 1048576).toFixed(1)} MB; a model's config.json is a few KB, so this is not one.`);
  const json = parseJsonFile(text, source);
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new UserError(`${source} is not a model config: expected a JSON object.`);
  return readModelConfigObject(json as Json, source);
}

/** The same from parsed JSON (the bundled presets keep their config.json as objects). */
export function readModelConfigObject(raw: Json, source: string): ModelConfig {
  if ('model' in raw && typeof raw.model === 'object' && ('added_tokens' in raw || 'pre_tokenizer' in raw)) {
    throw new UserError(`${source} is a tokenizer.json, not a model's config.json.`);
  }
  if ('_class_name' in raw || '_diffusers_version' in raw) throw new UserError(`${source} is a diffusers config (${String(raw._class_name ?? 'a pipeline part')}), not a language model's config.json.`);
  const notes: string[] = [];
  let json = raw;
  let family = typeof raw.model_type === 'string' ? raw.model_type : '';
  // Multimodal wrappers keep the language model in text_config (Gemma 3, LLaVA-style models).
  if (raw.text_config && typeof raw.text_config === 'object' && !Array.isArray(raw.text_config)) {
    json = raw.text_config as Json;
    const inner = typeof json.model_type === 'string' ? json.model_type : '';
    family = family === 'gemma3' || inner === 'gemma3_text' ? 'gemma3_text' : inner || family;
    notes.push('The language model was read from text_config; the vision encoder is not counted.');
  }
  const reader = FAMILIES[family] ?? FAMILIES[family.replace(/-/g, '_')];
  const keys = new KeyReader(json, source);
  let arch: Architecture;
  if (reader) arch = reader(keys, notes);
  else {
    if (!hasStandardKeys(json)) {
      throw new UserError(
        `${source} is not a config.json this calculator reads: model_type ${family ? `"${family}"` : 'is missing'} and the standard keys (hidden_size, num_hidden_layers, num_attention_heads, vocab_size) are not all there.`,
      );
    }
    notes.push(`model_type ${family ? `"${family}"` : '(none)'} is not one of the families read here: read with the standard keys as a LLaMA-like decoder (RMSNorm, gated MLP, no biases), which may not be its exact shape.`);
    arch = llamaLike(keys, notes, { tie: false });
    family = 'unknown';
  }
  checkShape(arch, source);
  const quantization = readQuantization(raw.quantization_config, notes);
  const nameOrPath = typeof raw._name_or_path === 'string' ? raw._name_or_path : undefined;
  return { family, arch, counts: countParams(arch), notes, quantization, nameOrPath };
}

function hasStandardKeys(json: Json): boolean {
  return ['hidden_size', 'num_hidden_layers', 'num_attention_heads', 'vocab_size'].every((k) => typeof json[k] === 'number');
}

/** Reads typed keys with defaults, and says which key is wrong in a sentence. */
class KeyReader {
  constructor(
    readonly json: Json,
    readonly source: string,
  ) {}

  has(key: string): boolean {
    return Object.hasOwn(this.json, key) && this.json[key] !== null && this.json[key] !== undefined;
  }

  /** A whole number ≥ 1 (or ≥ `min`); `fallback` when the key is absent or null. */
  int(key: string | string[], fallback?: number, min = 1): number {
    const names = Array.isArray(key) ? key : [key];
    const name = names.find((k) => this.has(k));
    if (name === undefined) {
      if (fallback !== undefined) return fallback;
      throw new UserError(`${this.source} has no "${names[0]}", which the model's shape needs.`);
    }
    const v = this.json[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new UserError(`${this.source}: "${name}" must be a whole number, not ${JSON.stringify(v)?.slice(0, 40)}.`);
    if (v < min) throw new UserError(`${this.source}: "${name}" is ${v}; a model needs at least ${min}.`);
    if (v > 1e8) throw new UserError(`${this.source}: "${name}" is ${v}, which no model has.`);
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    if (!this.has(key)) return fallback;
    const v = this.json[key];
    if (typeof v !== 'boolean') throw new UserError(`${this.source}: "${key}" must be true or false, not ${JSON.stringify(v)?.slice(0, 40)}.`);
    return v;
  }

  /** The nullable integer trap: absent means the class default, null means "none" (DeepSeek's q_lora_rank). */
  nullableInt(key: string, classDefault: number): number {
    if (!Object.hasOwn(this.json, key)) return classDefault;
    if (this.json[key] === null) return 0;
    return this.int(key, classDefault, 0);
  }

  intList(key: string): number[] {
    const v = this.json[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || !v.every((x) => Number.isSafeInteger(x) && x >= 0)) throw new UserError(`${this.source}: "${key}" must be a list of layer numbers.`);
    return v as number[];
  }
}

/** The standard keys of a LLaMA-like decoder, with what differs by family given in `o`. */
function llamaLike(k: KeyReader, notes: string[], o: { tie: boolean; qkvBias?: boolean; headDim?: number; norms?: number; qkNorm?: 'head' | 'full'; mlp?: 'gated' | 'plain'; layerNorm?: boolean }): Architecture {
  const hidden = k.int('hidden_size');
  const heads = k.int('num_attention_heads');
  const kvHeads = k.int('num_key_value_heads', heads);
  if (heads % kvHeads !== 0) throw new UserError(`${k.source}: ${heads} attention heads do not split into num_key_value_heads ${kvHeads} groups.`);
  const headDim = k.int('head_dim', o.headDim ?? divideHeads(k, hidden, heads));
  if (k.has('head_dim') && k.json.head_dim !== hidden / heads) notes.push(`head_dim ${headDim} is not hidden_size ÷ heads (${hidden} ÷ ${heads}): the attention is ${heads * headDim} wide.`);
  const tie = k.bool('tie_word_embeddings', o.tie);
  if (!k.has('tie_word_embeddings')) notes.push(`tie_word_embeddings is not in the file: ${o.tie ? 'tied' : 'untied'}, this family's default.`);
  return {
    layers: k.int('num_hidden_layers'),
    hidden,
    ffn: k.int('intermediate_size'),
    heads,
    kvHeads,
    headDim,
    vocab: k.int('vocab_size'),
    tiedEmbeddings: tie,
    qkvBias: o.qkvBias ?? k.bool('attention_bias', false),
    oBias: o.qkvBias === undefined ? k.bool('attention_bias', false) : false,
    mlpBias: k.bool('mlp_bias', false),
    mlp: o.mlp,
    norm: { kind: o.layerNorm ? 'layer' : 'rms', perLayer: o.norms ?? 2 },
    qkNorm: o.qkNorm,
  };
}

/** hidden ÷ heads, which must be whole when head_dim is not given. */
function divideHeads(k: KeyReader, hidden: number, heads: number): number {
  if (hidden % heads !== 0) throw new UserError(`${k.source}: hidden_size ${hidden} does not divide into ${heads} attention heads, and there is no head_dim.`);
  return hidden / heads;
}

/** Sliding-window attention on every layer (Mistral v0.1, Phi-3), when the file enables it. */
function slidingEveryLayer(k: KeyReader, notes: string[], arch: Architecture, cachedByWindow: boolean, how: string): void {
  if (!k.has('sliding_window') || k.bool('use_sliding_window', true) === false) return;
  const window = k.int('sliding_window');
  if (window >= (k.has('max_position_embeddings') ? k.int('max_position_embeddings') : Infinity)) return;
  arch.slidingWindow = { window, layers: arch.layers, cachedByWindow };
  notes.push(`Sliding window of ${window} tokens on every layer; ${how}.`);
}

/** MoE layers: every layer but those in mlp_only_layers or off the sparse step (Qwen-MoE). */
function qwenDenseLayers(k: KeyReader, layers: number): number {
  const step = k.int('decoder_sparse_step', 1);
  const mlpOnly = new Set(k.intList('mlp_only_layers'));
  let dense = 0;
  for (let i = 0; i < layers; i++) if (mlpOnly.has(i) || (i + 1) % step !== 0) dense++;
  return dense;
}

type FamilyReader = (k: KeyReader, notes: string[]) => Architecture;

const FAMILIES: Record<string, FamilyReader> = {
  llama: (k, notes) => llamaLike(k, notes, { tie: false }),
  mistral: (k, notes) => {
    const arch = llamaLike(k, notes, { tie: false });
    slidingEveryLayer(k, notes, arch, true, 'the KV cache holds the window (Mistral’s rolling buffer, as mistral-inference and vLLM keep it)');
    return arch;
  },
  mixtral: (k, notes) => {
    const arch = llamaLike(k, notes, { tie: false });
    arch.moe = { experts: k.int('num_local_experts', 8), topK: k.int('num_experts_per_tok', 2), expertFfn: arch.ffn };
    slidingEveryLayer(k, notes, arch, true, 'the KV cache holds the window');
    return arch;
  },
  qwen2: (k, notes) => {
    const arch = llamaLike(k, notes, { tie: false, qkvBias: true });
    if (k.bool('use_sliding_window', false)) notes.push('use_sliding_window is on: layers above max_window_layers attend within a window; the KV cache is sized for the full context.');
    return arch;
  },
  qwen2_moe: (k, notes) => {
    const arch = llamaLike(k, notes, { tie: false, qkvBias: true });
    const shared = k.int('shared_expert_intermediate_size', 0, 0);
    arch.moe = {
      experts: k.int('num_experts'),
      topK: k.int('num_experts_per_tok'),
      expertFfn: k.int('moe_intermediate_size'),
      sharedExperts: shared ? 1 : 0,
      sharedExpertFfn: shared || undefined,
      sharedExpertGate: shared > 0,
      denseLayers: qwenDenseLayers(k, arch.layers),
    };
    return arch;
  },
  qwen3: (k, notes) => llamaLike(k, notes, { tie: false, qkNorm: 'head', headDim: 128 }),
  qwen3_moe: (k, notes) => {
    const arch = llamaLike(k, notes, { tie: false, qkNorm: 'head', headDim: 128 });
    const denseLayers = qwenDenseLayers(k, arch.layers);
    arch.moe = { experts: k.int('num_experts'), topK: k.int('num_experts_per_tok'), expertFfn: k.int('moe_intermediate_size'), denseLayers };
    if (denseLayers === 0) notes.push(`intermediate_size ${arch.ffn} is a dense MLP width no layer uses (every layer is MoE).`);
    return arch;
  },
  deepseek_v2: (k, notes) => deepseek(k, notes, false),
  deepseek_v3: (k, notes) => deepseek(k, notes, true),
  gemma: (k, notes) => llamaLike(k, notes, { tie: true, headDim: 256 }),
  gemma2: (k, notes) => {
    const arch = llamaLike(k, notes, { tie: true, headDim: 256, norms: 4 });
    // Gemma 2 alternates local (sliding) and global layers; its hybrid cache keeps the window on the local ones.
    const window = k.int(['sliding_window', 'sliding_window_size'], 4096);
    arch.slidingWindow = { window, layers: Math.ceil(arch.layers / 2), cachedByWindow: true };
    notes.push(`Sliding window of ${window} tokens on half the layers (local and global alternate); the KV cache of local layers holds the window (HybridCache).`);
    return arch;
  },
  gemma3_text: (k, notes) => gemma3(k, notes),
  gemma3: (k, notes) => gemma3(k, notes),
  phi3: (k, notes) => {
    const arch = llamaLike(k, notes, { tie: false });
    slidingEveryLayer(k, notes, arch, false, 'the window is applied in the attention mask and the KV cache keeps the full context (transformers)');
    return arch;
  },
  chatglm: (k, notes) => glm(k, notes),
  glm: (k, notes) => llamaLike(k, notes, { tie: false, qkvBias: true }),
  glm4: (k, notes) => llamaLike(k, notes, { tie: false, qkvBias: true, norms: 4 }),
  baichuan: (k, notes) => llamaLike(k, notes, { tie: false }),
  internlm2: (k, notes) => {
    const arch = llamaLike(k, notes, { tie: false });
    const bias = k.bool('bias', true);
    return { ...arch, qkvBias: bias, oBias: bias };
  },
  falcon: (k, notes) => falcon(k, notes, false),
  // The original custom-code formats: "RefinedWeb" (40B, 180B) groups KV heads with two norms per
  // layer, "RefinedWebModel" (7B) is multi-query with one.
  RefinedWeb: (k, notes) => falcon(k, notes, true),
  RefinedWebModel: (k, notes) => falcon(k, notes, false),
  olmo2: (k, notes) => {
    // OLMo 2 normalises after attention and MLP (two norms) and q and k over all heads.
    return llamaLike(k, notes, { tie: false, qkNorm: 'full' });
  },
  gpt2: (k) => {
    const hidden = k.int(['n_embd', 'hidden_size'], 768);
    const heads = k.int(['n_head', 'num_attention_heads'], 12);
    return {
      layers: k.int(['n_layer', 'num_hidden_layers'], 12),
      hidden,
      ffn: k.int('n_inner', 4 * hidden),
      heads,
      kvHeads: heads,
      headDim: divideHeads(k, hidden, heads),
      vocab: k.int('vocab_size', 50257),
      tiedEmbeddings: true,
      style: 'gpt',
      maxPositions: k.int(['n_positions', 'max_position_embeddings'], 1024),
    };
  },
  gpt_neox: (k, notes) => {
    const arch = llamaLike(k, notes, { tie: false, mlp: 'plain', layerNorm: true });
    return { ...arch, qkvBias: true, oBias: true, mlpBias: true };
  },
};

function gemma3(k: KeyReader, notes: string[]): Architecture {
  // Gemma3TextConfig's defaults (transformers), applied for the keys released files leave out.
  const defaults: Record<string, number> = { vocab_size: 262208, hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256 };
  const filled = new KeyReader({ ...k.json }, k.source);
  const applied: string[] = [];
  for (const [key, value] of Object.entries(defaults)) {
    if (!filled.has(key)) {
      filled.json[key] = value;
      applied.push(`${key} ${value}`);
    }
  }
  if (applied.length) notes.push(`Gemma3TextConfig defaults applied for keys the file leaves out: ${applied.join(', ')}.`);
  const arch = llamaLike(filled, notes, { tie: true, headDim: 256, norms: 4, qkNorm: 'head' });
  const window = filled.int('sliding_window', 4096);
  const pattern = filled.int('sliding_window_pattern', 6);
  const global = Math.floor(arch.layers / pattern);
  arch.slidingWindow = { window, layers: arch.layers - global, cachedByWindow: true };
  notes.push(`Sliding window of ${window} tokens on ${arch.layers - global} of ${arch.layers} layers (${pattern - 1} local to 1 global); their KV cache holds the window.`);
  return arch;
}

function deepseek(k: KeyReader, notes: string[], v3: boolean): Architecture {
  const hidden = k.int('hidden_size');
  const heads = k.int('num_attention_heads');
  const layers = k.int('num_hidden_layers');
  // DeepseekV2Config defaults q_lora_rank to 1536: a file that means "no query compression" says null.
  const qLoraRank = k.nullableInt('q_lora_rank', 1536);
  if (!Object.hasOwn(k.json, 'q_lora_rank')) notes.push('q_lora_rank is not in the file: 1536, the class default (a model without query compression says null).');
  const mla = {
    qLoraRank,
    kvLoraRank: k.int('kv_lora_rank', 512),
    qkNopeHeadDim: k.int('qk_nope_head_dim', 128),
    qkRopeHeadDim: k.int('qk_rope_head_dim', 64),
    vHeadDim: k.int('v_head_dim', 128),
  };
  const routed = k.int('n_routed_experts', 0, 0);
  const firstDense = k.int('first_k_dense_replace', 0, 0);
  const freq = k.int('moe_layer_freq', 1);
  let denseLayers = 0;
  for (let i = 0; i < layers; i++) if (!(routed > 0 && i >= firstDense && i % freq === 0)) denseLayers++;
  const arch: Architecture = {
    layers,
    hidden,
    ffn: k.int('intermediate_size'),
    heads,
    kvHeads: k.int('num_key_value_heads', heads),
    headDim: mla.qkNopeHeadDim + mla.qkRopeHeadDim,
    vocab: k.int('vocab_size'),
    tiedEmbeddings: k.bool('tie_word_embeddings', false),
    mla,
  };
  if (routed > 0) {
    const sharedExperts = k.int('n_shared_experts', 0, 0);
    arch.moe = { experts: routed, topK: k.int('num_experts_per_tok'), expertFfn: k.int('moe_intermediate_size'), sharedExperts, denseLayers, routerBias: v3 && k.json.topk_method === 'noaux_tc' };
  }
  notes.push(`Multi-head latent attention: num_key_value_heads ${arch.kvHeads} is nominal; the cache holds kv_lora_rank + qk_rope_head_dim = ${mla.kvLoraRank + mla.qkRopeHeadDim} values per token and layer.`);
  const mtp = k.int('num_nextn_predict_layers', 0, 0);
  if (mtp) notes.push(`The multi-token-prediction module (num_nextn_predict_layers ${mtp}) is not counted: the main model is.`);
  return arch;
}

/** ChatGLM / GLM-4 (THUDM's own keys): num_layers, multi_query_group_num, kv_channels, padded_vocab_size, ffn_hidden_size. */
function glm(k: KeyReader, notes: string[]): Architecture {
  const hidden = k.int('hidden_size');
  const heads = k.int('num_attention_heads');
  const kvHeads = k.bool('multi_query_attention', false) ? k.int('multi_query_group_num', 1) : heads;
  const headDim = k.int('kv_channels', divideHeads(k, hidden, heads));
  const vocab = k.int(['padded_vocab_size', 'vocab_size']);
  if (k.has('padded_vocab_size') && k.has('vocab_size') && k.json.vocab_size !== vocab) notes.push(`padded_vocab_size ${vocab} is the embedding's size (vocab_size says ${String(k.json.vocab_size)}).`);
  const qkvBias = k.bool('add_qkv_bias', false);
  const linearBias = k.bool('add_bias_linear', false);
  return {
    layers: k.int(['num_layers', 'num_hidden_layers']),
    hidden,
    ffn: k.int(['ffn_hidden_size', 'intermediate_size']),
    heads,
    kvHeads,
    headDim,
    vocab,
    tiedEmbeddings: false,
    qkvBias: qkvBias || linearBias,
    oBias: linearBias,
    mlpBias: linearBias,
    norm: { kind: k.bool('rmsnorm', true) ? 'rms' : 'layer', perLayer: 2 },
  };
}

/** Falcon: the original RW keys (n_layer, n_head_kv) and the transformers ones; LayerNorms with bias. */
function falcon(k: KeyReader, notes: string[], newByDefault: boolean): Architecture {
  const hidden = k.int(['hidden_size', 'n_embed'], 4544);
  const heads = k.int(['num_attention_heads', 'n_head'], 71);
  const newArch = k.bool('new_decoder_architecture', newByDefault);
  const multiQuery = k.bool('multi_query', true);
  const kvHeads = newArch ? k.int(['num_kv_heads', 'n_head_kv'], heads) : multiQuery ? 1 : heads;
  const bias = k.bool('bias', false);
  const parallelNorms = newArch ? k.int('num_ln_in_parallel_attn', 2) : k.bool('parallel_attn', true) ? 1 : 2;
  if (!k.has('tie_word_embeddings')) notes.push('Falcon checkpoints store lm_head apart from the embedding: counted untied.');
  return {
    layers: k.int(['num_hidden_layers', 'n_layer'], 32),
    hidden,
    ffn: k.int('ffn_hidden_size', 4 * hidden),
    heads,
    kvHeads,
    headDim: divideHeads(k, hidden, heads),
    vocab: k.int('vocab_size', 65024),
    tiedEmbeddings: k.bool('tie_word_embeddings', false),
    qkvBias: bias,
    oBias: bias,
    mlpBias: bias,
    mlp: 'plain',
    norm: { kind: 'layer', perLayer: parallelNorms },
  };
}

function readQuantization(q: unknown, notes: string[]): ModelConfig['quantization'] {
  if (!q || typeof q !== 'object') return undefined;
  const c = q as Json;
  const method = typeof c.quant_method === 'string' ? c.quant_method : c.load_in_4bit ? 'bitsandbytes' : 'unknown';
  const bits = typeof c.bits === 'number' ? c.bits : c.load_in_4bit ? 4 : c.load_in_8bit ? 8 : method === 'fp8' ? 8 : undefined;
  notes.push(`quantization_config: the checkpoint stores weights as ${method}${bits ? ` (${bits}-bit)` : ''}; served that way, choose ${bits && bits <= 4 ? 'int4' : bits === 8 ? 'int8' : 'the matching precision'} for its figures.`);
  return { method, bits };
}

/** Absurd shapes are refused naming the key, before they become numbers. */
function checkShape(a: Architecture, source: string): void {
  if (a.heads % a.kvHeads !== 0) throw new UserError(`${source}: ${a.heads} attention heads do not split into ${a.kvHeads} key-value groups.`);
  if (a.moe && a.moe.topK > a.moe.experts) throw new UserError(`${source}: num_experts_per_tok ${a.moe.topK} is more than the ${a.moe.experts} experts.`);
  const params = countParams(a).total;
  if (!Number.isSafeInteger(params) || params > 1e15) throw new UserError(`${source} describes over 10^15 parameters, which no model has.`);
}
