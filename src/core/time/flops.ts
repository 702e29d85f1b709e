import type { Architecture } from '../models/architecture';
import { trainedParams } from '../memory/trainingLines';
import type { LineContext } from '../memory/lines';
import { n } from '../memory/units';
import type { TimeFigure } from './types';

/** "3.14e+23" → "3.14e23", for FLOP counts. */
export function sci(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(2).replace('e+', 'e');
  return n(Math.round(x * 1000) / 1000);
}

/** Query-key and value widths of one layer's attention (MLA's differ), and the key window of each layer. */
function attentionWidths(arch: Architecture): { qk: number; v: number } {
  const m = arch.mla;
  return m ? { qk: arch.heads * (m.qkNopeHeadDim + m.qkRopeHeadDim), v: arch.heads * m.vHeadDim } : { qk: arch.heads * arch.headDim, v: arch.heads * arch.headDim };
}

/** Σ over layers of the keys a query sees, full matrix: sliding-window layers see at most the window. */
function keysSeen(arch: Architecture, seq: number): number {
  const sw = arch.slidingWindow;
  if (!sw) return arch.layers * seq;
  const local = Math.min(arch.layers, sw.layers);
  return (arch.layers - local) * seq + local * Math.min(seq, sw.window);
}

export interface TrainingFlops {
  /** Model FLOPs per token: forward + backward, no recomputation (PaLM's MFU numerator). */
  model: number;
  /** With recomputation (what the GPUs execute). */
  hardware: number;
  recompute: number;
  figures: TimeFigure[];
}

/** Active parameters at the published size (MoE: routed top-k and shared experts). */
export function activeParams(ctx: Pick<LineContext, 'input' | 'counts' | 'scale'>): number {
  return ctx.input.model.arch?.moe ? Math.round(ctx.counts.active * ctx.scale) : ctx.input.model.params;
}

/**
 * FLOPs per trained token (PaLM App. B): 6N + 12·L·H·Q·T — N active parameters (embeddings
 * included, as PaLM, Llama 3 and torchtitan count them), the attention over the full T × T
 * matrix as PaLM and Megatron count it (causal masking would halve it). LoRA skips the frozen
 * weights' gradient matmuls: 4N + 6 × adapters. Recomputation adds a forward: full, the layers'
 * (2N + a third of attention; ×4/3 overall); selective, the attention core (Korthikanti) or the
 * matmuls per-op checkpointing did not keep.
 */
export function trainingFlopsPerToken(ctx: LineContext): TrainingFlops {
  const { input, arch, counts, scale, t } = ctx;
  const N = activeParams(ctx);
  const w = attentionWidths(arch);
  const keys = keysSeen(arch, input.seq);
  const attention = 6 * (w.qk + w.v) * keys;
  const figures: TimeFigure[] = [];
  const src = t('PaLM (Chowdhery et al. 2022) App. B: 6N + 12·L·H·Q·T per token; Kaplan et al. 2020: 6N');
  let model: number;
  if (input.mode === 'full') {
    model = 6 * N + attention;
    figures.push({ label: t('Model FLOPs per token'), value: model, text: sci(model), formula: t('6 × {0} parameters + 6 × ({1} + {2}) × {3} (attention: 12·L·H·Q·T, full matrix)', n(N), n(w.qk), n(w.v), n(keys)), source: src });
  } else {
    const adapters = trainedParams(ctx);
    model = 4 * N + 6 * adapters + attention;
    figures.push({
      label: t('Model FLOPs per token'),
      value: model,
      text: sci(model),
      formula: t('4 × {0} frozen parameters (forward 2 + input gradients 2; no weight gradients) + 6 × {1} adapter parameters + 6 × ({2} + {3}) × {4} (attention)', n(N), n(adapters), n(w.qk), n(w.v), n(keys)),
      source: t('LoRA (Hu et al. 2021): frozen weights need no weight gradients, so backward costs 2 FLOPs per parameter instead of 4'),
    });
  }
  // What recomputation adds: one more forward of the recomputed part.
  const blocks = Math.max(0, N - Math.min(N, counts.embedding));
  let recompute = 0;
  let words = '';
  if (input.recompute === 'full') {
    recompute = 2 * blocks + attention / 3;
    words = t('2 × {0} block parameters + attention ÷ 3 (one more forward of every layer)', n(blocks));
  } else if (input.recompute === 'selective' && !input.flashAttention) {
    recompute = attention / 3;
    words = t('attention ÷ 3 (the attention core’s forward again, Korthikanti et al. 2022)');
  } else if (input.recompute === 'selective') {
    const kinds = recomputedMatmuls(arch);
    const moeShare = arch.moe ? (counts.active - counts.embedding) / Math.max(1, counts.total - counts.embedding) : 1;
    const params = kinds.reduce((s, k) => s + counts.byModule[k].weights, 0) * scale * (arch.moe && kinds.some((k) => k === 'up' || k === 'down') ? moeShare : 1);
    recompute = 2 * params;
    words = t('2 × {0} parameters of the matmuls not kept ({1})', n(Math.round(params)), kinds.join(', '));
  }
  if (recompute > 0) {
    figures.push({ label: t('Recomputation FLOPs per token'), value: recompute, text: sci(recompute), formula: words, source: t('Megatron-LM (Narayanan et al. 2021) eq. 3: full recomputation makes it 4 passes instead of 3') });
  }
  return { model, hardware: model + recompute, recompute, figures };
}

/** The matmuls per-op selective checkpointing recomputes: every other one (torchtitan's "op" policy keeps the 1st, 3rd, 5th, 7th). */
function recomputedMatmuls(arch: Architecture): ('k' | 'o' | 'up' | 'down')[] {
  const gated = (arch.mlp ?? (arch.style === 'gpt' ? 'plain' : 'gated')) === 'gated';
  return gated ? ['k', 'o', 'up'] : ['k', 'o', 'down'];
}

export interface InferenceFlops {
  /** Prefill FLOPs per prompt token (causal: a token attends to T/2 keys on average). */
  prefillPerToken: number;
  /** Decode FLOPs per generated token at the full context. */
  decodePerToken: number;
  figures: TimeFigure[];
}

export function inferenceFlops(ctx: LineContext): InferenceFlops {
  const { input, arch, t } = ctx;
  const N = activeParams(ctx);
  const w = attentionWidths(arch);
  const keys = keysSeen(arch, input.seq);
  const prefillPerToken = 2 * N + (w.qk + w.v) * keys;
  const decodePerToken = 2 * N + 2 * (w.qk + w.v) * keys;
  return {
    prefillPerToken,
    decodePerToken,
    figures: [
      { label: t('Prefill FLOPs per token'), value: prefillPerToken, text: sci(prefillPerToken), formula: t('2 × {0} parameters + 2 × ({1} + {2}) × {3} ÷ 2 (causal attention: a token sees half the keys on average)', n(N), n(w.qk), n(w.v), n(keys)), source: t('Kaplan et al. 2020: C_forward ≈ 2N + 2·L·n_ctx·d_attn') },
      { label: t('Decode FLOPs per token'), value: decodePerToken, text: sci(decodePerToken), formula: t('2 × {0} parameters + 2 × ({1} + {2}) × {3} (every cached key)', n(N), n(w.qk), n(w.v), n(keys)), source: t('Kaplan et al. 2020: C_forward ≈ 2N + 2·L·n_ctx·d_attn') },
    ],
  };
}

/** FLOPs of a whole run: model FLOPs per token × tokens (PaLM's count; 6ND without attention). */
export function runFlops(perToken: number, tokens: number): number {
  return perToken * tokens;
}
