import type { Translate } from '../l10n';
import type { Architecture, LinearKind } from '../models/architecture';
import { adapterBytes } from './trainingLines';
import type { MemoryInput } from './types';
import { n } from './units';

/**
 * What autograd keeps between a layer's forward and its backward, tensor by tensor, for the
 * layer shapes we know (LLaMA-style and GPT-style blocks, MoE, MLA), in eager PyTorch as Hugging
 * Face, litgpt and torchtitan run it:
 *
 * - a norm keeps its input — RMSNorm upcast to fp32 first (LlamaRMSNorm, litgpt's RMSNorm), so
 *   4 B per element — and, when its weight trains, the normalised tensor it multiplies;
 * - a linear layer keeps its input only when its own weight trains (PyTorch's derivative formulas
 *   save `self` for mm only if the weight's gradient is needed), or when it is a bitsandbytes 4-bit
 *   layer (MatMul4Bit saves its input whenever it needs the input's gradient: QLoRA's overhead);
 * - a LoRA adapter keeps its dropout's output and mask (1 B) when lora_dropout > 0; PEFT casts the
 *   input to the adapters' dtype first (fp32 adapters: a 4 B output), and without dropout lora_A
 *   keeps that cast input (or shares the layer input when the dtypes agree);
 * - attention keeps q, k and v (k and v repeated to every query head: HF's repeat_kv, torchtitan's
 *   repeat_kv, litgpt's expand), the output and its log-sum-exp with flash/SDPA, or the fp32
 *   softmax and its 16-bit copy per score without;
 * - the output projection's input is the attention output transposed into a new tensor;
 * - SwiGLU keeps the gate output (SiLU's input), SiLU's output and the up output (the product's
 *   inputs); GELU keeps its input.
 *
 * Sizes are bytes per token of one micro-batch, before tensor or sequence parallelism divides them.
 */
export interface SavedItem {
  label: string;
  /** Bytes per token. */
  bytes: number;
  /** Inside attention or the MLP: divided by tensor parallelism. Otherwise only sequence parallelism divides it. */
  tensorParallel: boolean;
  /** The attention scores of eager attention: what Korthikanti's selective recomputation drops. */
  scores?: boolean;
}

export interface LayerSaved {
  items: SavedItem[];
  /** Bytes per token on one GPU, after tensor and sequence parallelism. */
  perToken: number;
}

/** Activation element size: fp32 training keeps fp32 activations, everything else 16-bit. */
export function activationBytes(input: MemoryInput): number {
  return input.precision === 'fp32' ? 4 : 2;
}

interface Shapes {
  h: number;
  /** Query width (heads × head_dim); k and v after repeat_kv have the same width. */
  q: number;
  /** v width per token (MLA's v_head_dim differs). */
  v: number;
  /** Dense MLP width per token, or the routed and shared experts' widths together. */
  ffn: number;
  gated: boolean;
  /** Routed experts a token goes to (1 for dense layers). */
  topK: number;
}

function shapes(arch: Architecture, moeLayer: boolean): Shapes {
  const m = arch.mla;
  const q = m ? arch.heads * (m.qkNopeHeadDim + m.qkRopeHeadDim) : arch.heads * arch.headDim;
  const v = m ? arch.heads * m.vHeadDim : arch.heads * arch.headDim;
  const gated = (arch.mlp ?? (arch.style === 'gpt' ? 'plain' : 'gated')) === 'gated';
  if (moeLayer && arch.moe) {
    const e = arch.moe;
    const shared = (e.sharedExperts ?? 0) * (e.sharedExpertFfn ?? e.expertFfn);
    return { h: arch.hidden, q, v, ffn: e.expertFfn * e.topK + shared, gated, topK: e.topK };
  }
  return { h: arch.hidden, q, v, ffn: arch.ffn, gated, topK: 1 };
}

/** Whether a linear layer keeps its input for backward, and what its LoRA adapter keeps. */
function linearRule(input: MemoryInput, kind: LinearKind): { keepsInput: boolean; dropout: boolean; castInput: boolean } {
  const adapted = input.mode !== 'full' && input.mode !== 'inference' && input.loraTargets.modules.includes(kind);
  const withDropout = adapted && input.loraDropout;
  const shares = adapted && !withDropout && activationBytes(input) === adapterBytes(input.precision);
  return {
    keepsInput: input.mode === 'full' || input.mode === 'qlora' || shares,
    dropout: withDropout,
    castInput: adapted && !withDropout && !shares,
  };
}


/** Everything one layer keeps for its backward with nothing recomputed. */
export function layerItems(input: MemoryInput, arch: Architecture, t: Translate, moeLayer = false): SavedItem[] {
  const e = activationBytes(input);
  const s = shapes(arch, moeLayer);
  const normKind = arch.norm?.kind ?? (arch.style === 'gpt' ? 'layer' : 'rms');
  const normIn = normKind === 'rms' ? 4 : e;
  const normWeightTrains = input.mode === 'full';
  const items: SavedItem[] = [];
  const add = (label: string, bytes: number, tensorParallel: boolean, scores = false) => {
    if (bytes > 0) items.push({ label, bytes, tensorParallel, ...(scores ? { scores } : {}) });
  };
  const rule = (k: LinearKind) => linearRule(input, k);
  // PEFT casts x to the adapters' dtype before them (fp32 adapters unless training is pure 16-bit).
  const adapterIn = adapterBytes(input.precision);
  const dropoutBytes = (width: number, kinds: LinearKind[]) => kinds.filter((k) => rule(k).dropout).length * (adapterIn + 1) * width;
  const castBytes = (width: number, kinds: LinearKind[]) => (adapterIn !== e && kinds.some((k) => rule(k).castInput) ? adapterIn * width : 0);
  const norm = (label: string, consumers: LinearKind[]) => {
    add(label, s.h * (normIn + (normWeightTrains && normKind === 'rms' ? e : 0)), false);
    if (consumers.some((k) => rule(k).keepsInput)) add(t('its output, the input of {0}', consumers.join('/')), s.h * e, false);
    add(t('LoRA dropout output and mask before {0}', consumers.join('/')), dropoutBytes(s.h, consumers), false);
    add(t('its fp32 copy, the input of the adapters on {0}', consumers.join('/')), castBytes(s.h, consumers), false);
  };

  // Attention.
  norm(normKind === 'rms' ? t('attention RMSNorm input (fp32)') : t('attention LayerNorm input'), ['q', 'k', 'v']);
  if (arch.mla) {
    const m = arch.mla;
    // The compressed q and kv latents and their RMSNorms (DeepSeek-V2/V3).
    add(t('MLA latents and their norms'), (m.qLoraRank + m.kvLoraRank + m.qkRopeHeadDim) * (4 + e), false);
  }
  add(t('q, k, v (k and v repeated to every head)'), (2 * s.q + s.v) * e, true);
  if (input.flashAttention) {
    add(t('attention output and log-sum-exp (flash/SDPA)'), s.v * e + arch.heads * 4, true);
  } else {
    const scoreBytes = e === 2 ? 6 : 4;
    add(t('attention probabilities: fp32 softmax and its 16-bit copy, {0} heads × {1} keys', arch.heads, n(input.seq)), arch.heads * input.seq * scoreBytes, true, true);
  }
  if (rule('o').keepsInput) add(t('attention output transposed for o_proj'), s.v * e, true);
  add(t('LoRA dropout output and mask before o'), dropoutBytes(s.v, ['o']), true);
  add(t('its fp32 copy, the input of the adapters on {0}', 'o'), castBytes(s.v, ['o']), true);

  // MLP.
  const first: LinearKind[] = s.gated ? ['gate', 'up'] : ['up'];
  norm(normKind === 'rms' ? t('MLP RMSNorm input (fp32)') : t('MLP LayerNorm input'), first);
  if (moeLayer && arch.moe) {
    add(t('router probabilities'), arch.moe.experts * 4, false);
    if (first.some((k) => rule(k).keepsInput)) add(t('tokens dispatched to {0} experts', s.topK), s.topK * s.h * e, false);
  }
  if (s.gated) add(t('gate output, SiLU output and up output ({0} wide)', n(s.ffn)), 3 * s.ffn * e, true);
  else add(t('up output, the GELU input ({0} wide)', n(s.ffn)), s.ffn * e, true);
  if (rule('down').keepsInput) add(t('the input of down ({0} wide)', n(s.ffn)), s.ffn * e, true);
  add(t('LoRA dropout output and mask before down'), dropoutBytes(s.ffn, ['down']), true);
  add(t('its fp32 copy, the input of the adapters on {0}', 'down'), castBytes(s.ffn, ['down']), true);
  return items;
}

/** The layer input a checkpoint keeps when the layer is recomputed. */
export function checkpointItem(input: MemoryInput, arch: Architecture, t: Translate): SavedItem {
  return { label: t('layer input (checkpoint)'), bytes: arch.hidden * activationBytes(input), tensorParallel: false };
}

/**
 * PyTorch's per-operator selective activation checkpointing as torchtitan configures it
 * (activation_checkpoint.mode "selective", selective_ac_option "op"): the outputs of the
 * attention kernel and of every other matmul are kept (q, v, gate, down: the 1st, 3rd, 5th and
 * 7th mm of a LLaMA block), the rest is recomputed.
 */
export function selectiveOpItems(input: MemoryInput, arch: Architecture, t: Translate, moeLayer = false): SavedItem[] {
  const e = activationBytes(input);
  const s = shapes(arch, moeLayer);
  const kv = arch.mla ? s.q : arch.kvHeads * arch.headDim;
  // Output widths of the block's matmuls in forward order.
  const outs = [s.q, kv, kv, s.h, ...(s.gated ? [s.ffn, s.ffn] : [s.ffn]), s.h];
  const kept = outs.filter((_, i) => i % 2 === 0).reduce((a, w) => a + w, 0);
  return [
    checkpointItem(input, arch, t),
    { label: t('outputs of every other matmul'), bytes: kept * e, tensorParallel: true },
    { label: t('attention output and log-sum-exp (flash/SDPA)'), bytes: s.v * e + arch.heads * 4, tensorParallel: true },
  ];
}

/** Bytes per token on one GPU for a list of items, after tensor and sequence parallelism. */
export function perToken(items: readonly SavedItem[], input: MemoryInput): number {
  const tp = input.tp;
  const sp = input.sequenceParallel && tp > 1;
  return items.reduce((sum, i) => sum + i.bytes / (i.tensorParallel || sp ? tp : 1), 0);
}

/** What one layer keeps between its forward and its backward under the recomputation chosen. */
export function keptPerLayer(input: MemoryInput, arch: Architecture, t: Translate, moeLayer = false): LayerSaved {
  let items: SavedItem[];
  if (input.recompute === 'full') items = [checkpointItem(input, arch, t)];
  else if (input.recompute === 'selective' && input.flashAttention) items = selectiveOpItems(input, arch, t, moeLayer);
  // Selective recomputation without flash attention (Korthikanti et al. 2022): the scores are recomputed.
  else if (input.recompute === 'selective') items = layerItems(input, arch, t, moeLayer).filter((i) => !i.scores);
  else items = layerItems(input, arch, t, moeLayer);
  return { items, perToken: perToken(items, input) };
}

/**
 * The gradients of one layer's intermediates during its backward: the MLP's three widest
 * gradients at once (of the product, of SiLU's output and of up's output), or without flash
 * attention the gradients of the probabilities and the scores; plus the residual stream's
 * gradient in and out.
 */
export function backwardWorkingPerToken(input: MemoryInput, arch: Architecture, moeLayer = false): number {
  const e = activationBytes(input);
  const s = shapes(arch, moeLayer);
  const tp = input.tp;
  const sp = input.sequenceParallel && tp > 1;
  const mlp = ((s.gated ? 3 : 2) * s.ffn * e) / tp;
  const attention = input.flashAttention ? (s.q * (4 + 2 * e)) / tp : (2 * arch.heads * input.seq * e) / tp;
  return Math.max(mlp, attention) + (2 * s.h * e) / (sp ? tp : 1);
}
