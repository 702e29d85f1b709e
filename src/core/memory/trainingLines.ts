import type { Translate } from '../l10n';
import { modelParallelText, zeroDivisor, zeroShardText, type LineBook, type LineContext } from './lines';
import { formatLoraTargets, isAllLinear, loraPerRank } from './loraTargets';
import type { Optimizer, Precision } from './types';
import { n } from './units';

/** Bytes per weight in each precision; int4 is 4 bits plus a 16-bit scale per 128 weights. */
export const WEIGHT_BYTES: Record<Precision, number> = { fp32: 4, 'mixed-bf16': 2, 'mixed-fp16': 2, bf16: 2, fp16: 2, int8: 1, int4: 4.125 / 8 };

export function isMixed(p: Precision): boolean {
  return p === 'mixed-bf16' || p === 'mixed-fp16';
}

/** Optimizer bytes per trained parameter, master copy included, and the words for its formula. */
export function optimizerBytes(opt: Optimizer, p: Precision, t: Translate): { bytes: number; words: string } {
  const master = isMixed(p) ? 4 : 0;
  const state = p === 'fp32' || isMixed(p) ? 4 : 2;
  switch (opt) {
    case 'adamw':
      return { bytes: master + 2 * state, words: master ? t('4 B fp32 master + {0} B m + {0} B v', state) : t('{0} B m + {0} B v', state) };
    case 'adamw8bit':
      return { bytes: master + 2, words: master ? t('4 B fp32 master + 1 B m + 1 B v (8-bit)') : t('1 B m + 1 B v (8-bit)') };
    case 'sgd':
      return { bytes: master + state, words: master ? t('4 B fp32 master + {0} B momentum', state) : t('{0} B momentum', state) };
    case 'adafactor':
      return { bytes: master, words: master ? t('4 B fp32 master; factored statistics on their own line') : t('factored statistics on their own line') };
  }
}

/**
 * Bytes per LoRA adapter parameter: fp32 (PEFT's autocast_adapter_dtype, the default since 0.12)
 * except in pure 16-bit training, where everything trains in 16 bits (litgpt's bf16-true).
 */
export function adapterBytes(p: Precision): 2 | 4 {
  return p === 'bf16' || p === 'fp16' ? 2 : 4;
}

/** LoRA parameters per unit of rank on the targeted layers of the blocks, unscaled, and on the head. */
function adapterShape(ctx: LineContext): { blocks: number; head: number } {
  const { input, counts, arch } = ctx;
  return {
    blocks: loraPerRank(counts, { modules: input.loraTargets.modules, head: false }, arch.hidden, arch.vocab),
    head: input.loraTargets.head ? arch.hidden + arch.vocab : 0,
  };
}

/** LoRA parameters per unit of rank: the blocks at the published size, the head as it is. */
function adapterPerRank(ctx: LineContext): number {
  const { blocks, head } = adapterShape(ctx);
  return Math.round(blocks * ctx.scale) + head;
}

/** What trains: every parameter (full) or the LoRA adapters on the targeted layers. */
export function trainedParams(ctx: LineContext): number {
  const { input } = ctx;
  if (input.mode !== 'lora' && input.mode !== 'qlora') return input.model.params;
  const { blocks, head } = adapterShape(ctx);
  return Math.round(input.loraRank * blocks * ctx.scale) + input.loraRank * head;
}

/** Weights, gradients and optimizer states of a training run, on the GPU or offloaded to the host or NVMe. */
export function trainingLines(ctx: LineContext, book: LineBook): void {
  const { input, counts, scale, mp, perNode, t, src, notes } = ctx;
  const P = input.model.params;
  const z = input.zero;
  const mpText = modelParallelText(ctx);
  const shard = (on: boolean) => zeroShardText(ctx, on);
  const div = (on: boolean) => zeroDivisor(ctx, on);
  const precision = input.precision;
  const wBytes = WEIGHT_BYTES[precision];
  const opt = optimizerBytes(input.optimizer, precision, t);

  // What is trained: every parameter (full) or the LoRA adapters.
  let trained = P;
  let trainedGradBytes = wBytes;
  let trainedOpt = opt;
  if (input.mode === 'lora' || input.mode === 'qlora') {
    trained = trainedParams(ctx);
    if (trained > P / 10) {
      notes.push(
        t('At rank {0} the adapters hold {1} parameters, {2}% of the model: that is no longer low-rank, and LoRA can need more memory than full fine-tuning.', input.loraRank, n(trained), ((100 * trained) / P).toFixed(0)),
      );
    }
    trainedGradBytes = adapterBytes(precision);
    trainedOpt = optimizerBytes(input.optimizer, trainedGradBytes === 4 ? 'fp32' : precision, t);
    if (input.mode === 'lora') {
      const bytes = (P * wBytes) / mp / div(z === 3);
      if (input.offloadParams !== 'none') {
        book.addHost(t('Frozen base weights'), bytes * perNode, t('{0} × {1} B{2}{3} × {4} GPUs per node', n(P), wBytes, mpText, shard(z === 3), perNode), src.offload);
      } else {
        book.add('weights', t('Frozen base weights'), bytes, t('{0} params × {1} B ({2}){3}{4}', n(P), wBytes, precision, mpText, shard(z === 3)), src.lora);
      }
    } else {
      const bits = input.doubleQuant ? 4.127 : 4.5;
      const quantised = Math.min(P, Math.round(counts.linear * scale));
      const rest = P - quantised;
      const nf4 = (quantised * bits) / 8 / mp / div(z === 3);
      const sixteen = (rest * 2) / mp / div(z === 3);
      if (input.offloadParams !== 'none') {
        // A published working setup: FSDP with parameter offload keeps the NF4 storage on the host (PEFT's Llama-2-70B guide).
        book.addHost(t('Base weights (NF4) and 16-bit embeddings, offloaded'), (nf4 + sixteen) * perNode, t('({0} × {1} bits ÷ 8 + {2} × 2 B){3}{4} × {5} GPUs per node', n(quantised), bits, n(rest), mpText, shard(true), perNode), src.offload);
      } else {
        book.add('weights', t('Base weights (NF4)'), nf4, t('{0} linear-layer params × {1} bits ÷ 8{2}{3}', n(quantised), bits, mpText, shard(z === 3)), src.qlora);
        book.add('weights', t('Embeddings and norms (16-bit)'), sixteen, t('{0} params × 2 B{1}{2}', n(rest), mpText, shard(z === 3)), src.qlora);
      }
    }
    const perRank = adapterPerRank(ctx);
    const adapters = (trained * trainedGradBytes) / mp / div(z === 3);
    const adapterWords = isAllLinear(input.loraTargets)
      ? t('{0} × {1} (Σ in + out over all linear layers) = {2} params × {3} B{4}{5}', input.loraRank, n(perRank), n(trained), trainedGradBytes, mpText, shard(z === 3))
      : t('{0} × {1} (Σ in + out over {2}) = {3} params × {4} B{5}{6}', input.loraRank, n(perRank), formatLoraTargets(input.loraTargets), n(trained), trainedGradBytes, mpText, shard(z === 3));
    // Parameter offload moves every parameter's partition to the host, the adapters' too.
    if (input.offloadParams !== 'none') book.addHost(t('LoRA adapters (rank {0})', input.loraRank), adapters * perNode, t('{0} × {1} GPUs per node', adapterWords, perNode), src.offload);
    else book.add('weights', t('LoRA adapters (rank {0})', input.loraRank), adapters, adapterWords, src.lora);
  } else {
    const bytes = (P * wBytes) / mp / div(z === 3);
    if (input.offloadParams === 'nvme') {
      book.addNvme(t('Weights (offloaded)'), (P * wBytes) / mp, t('{0} × {1} B{2} (whole model, once)', n(P), wBytes, mpText), src.offload);
    } else if (input.offloadParams === 'cpu') {
      book.addHost(t('Weights (offloaded)'), bytes * perNode, t('{0} × {1} B{2}{3} × {4} GPUs per node', n(P), wBytes, mpText, shard(true), perNode), src.offload);
    } else {
      book.add('weights', t('Weights'), bytes, t('{0} params × {1} B ({2}){3}{4}', n(P), wBytes, precision, mpText, shard(z === 3)), isMixed(precision) ? src.mixed : src.weightsTraining);
    }
  }
  if (z === 3) {
    const largest = input.model.largestLayer ?? Math.round(counts.largestLayer);
    const formula = input.tp > 1 ? t("4 B × {0} (largest layer's params) ÷ TP {1}", n(largest), input.tp) : t("4 B × {0} (largest layer's params)", n(largest));
    book.add('weights', t('ZeRO-3 gathered layer'), (4 * largest) / input.tp, formula, src.zero3Live, true);
  }

  const full = input.mode === 'full';
  // With the optimizer offloaded, DeepSpeed streams each gradient to the host as it is reduced
  // (its estimator counts 2P on the GPU for ZeRO-2 + offload): no gradient line on the GPU.
  if (input.offloadOptimizer === 'none') {
    book.add('gradients', full ? t('Gradients') : t('Gradients (adapters only)'), (trained * trainedGradBytes) / mp / div(z >= 2), t('{0} × {1} B{2}{3}', n(trained), trainedGradBytes, mpText, shard(z >= 2)), full ? src.gradients : src.lora);
  }

  const optSource = input.optimizer === 'adamw8bit' ? src.adam8bit : input.optimizer === 'adafactor' ? src.adafactor : isMixed(precision) ? src.mixed : src.optimizerStates;
  const optBytesPerGpu = (trained * trainedOpt.bytes) / mp / div(z >= 1);
  const optFormula = t('{0} × {1} B ({2}){3}{4}', n(trained), trainedOpt.bytes, trainedOpt.words, mpText, shard(z >= 1));
  let factored = 0;
  let factoredFormula = '';
  if (input.optimizer === 'adafactor') {
    const stat = precision === 'fp32' || isMixed(precision) || !full ? 4 : 2;
    const rowsCols = full ? Math.round(counts.loraPerRank * scale) + ctx.arch.vocab + ctx.arch.hidden : adapterPerRank(ctx) + input.loraRank * 2;
    factored = (rowsCols * stat) / mp / div(z >= 1);
    factoredFormula = t('{0} row + column statistics × {1} B{2}{3}', n(rowsCols), stat, mpText, shard(z >= 1));
  }
  if (input.offloadOptimizer !== 'none') {
    const fp32Grads = (trained * 4) / mp / div(z >= 1);
    const hostBytes = (optBytesPerGpu + factored + fp32Grads) * perNode;
    const words = t('({0} + {1} × 4 B fp32 gradients, streamed from the GPU as they are reduced{2}{3}) × {4} GPUs per node', optFormula, n(trained), mpText, shard(z >= 1), perNode);
    if (input.offloadOptimizer === 'nvme') book.addNvme(t('Optimizer states (NVMe)'), hostBytes, words, src.offload);
    else book.addHost(t('Optimizer states and fp32 gradients'), hostBytes, words, src.offload);
  } else {
    book.add('optimizer', t('Optimizer states'), optBytesPerGpu, optFormula, optSource);
    if (factored) book.add('optimizer', t('Adafactor factored statistics'), factored, factoredFormula, src.adafactor);
  }
}
