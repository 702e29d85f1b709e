import { engineBuffers, type StepFacts } from './engineBuffers';
import type { LineContext } from './lines';
import { lossBuffers } from './lossBuffers';
import { fp32Master, gradientState } from './optimizerStep';
import { activationBytes, backwardWorkingPerToken, checkpointItem, keptPerLayer, layerItems, perToken, type SavedItem } from './savedActivations';
import { adapterBytes, isMixed, optimizerBytes, trainedParams, WEIGHT_BYTES } from './trainingLines';
import type { MemoryLine, Phase, PhaseKey, PhaseTerm } from './types';
import { n } from './units';

/**
 * The step as a sequence of moments, each with what is alive at its own peak on the most loaded
 * GPU (PyTorch frees a tensor when its last reference goes, so the peak is a moment, not a sum):
 *
 * - forward, to the loss: weights, optimizer states and kept gradients, gathered parameters, the
 *   activations every layer keeps for its backward (on the first pipeline stage, a micro-batch
 *   per stage in flight);
 * - loss: the same activations (last stage) plus the loss over the vocabulary at its peak, in
 *   its backward (before any parameter has a gradient, so before ZeRO-1/2 allocate their
 *   buckets: DeepSpeed's process_gradients sets them up on the first gradient);
 * - backward: activations are freed layer by layer as gradients accumulate, so the larger of the
 *   two (both at once when the gradients live in a buffer kept across steps), plus the layer being
 *   worked on: recomputed when it was checkpointed, and the gradients of its intermediates;
 * - optimizer step: the gradients and what the optimizer allocates.
 *
 * Inference has prefill (the prompt at once) and decode (one token per sequence).
 */
export function stepPhases(ctx: LineContext, lines: readonly MemoryLine[]): Phase[] {
  return ctx.input.mode === 'inference' ? inferencePhases(ctx, lines) : trainingPhases(ctx, lines);
}

function phase(key: PhaseKey, label: string, terms: PhaseTerm[]): Phase {
  const kept = terms.filter((x) => x.bytes > 0).map((x) => ({ ...x, bytes: Math.round(x.bytes) }));
  return { key, label, terms: kept, bytes: kept.reduce((s, x) => s + x.bytes, 0) };
}

function asTerm(l: MemoryLine): PhaseTerm {
  return { label: l.label, bytes: l.bytes, formula: l.formula, source: l.source };
}

function inferencePhases(ctx: LineContext, lines: readonly MemoryLine[]): Phase[] {
  const { input, arch, t } = ctx;
  const held = lines.filter((l) => l.key === 'weights' || l.key === 'kvCache').map(asTerm);
  const workspace = lines.filter((l) => l.key === 'activations').map(asTerm);
  const logits = (input.batch * arch.vocab * 4) / input.tp;
  return [
    phase('prefill', t('prefill'), [...held, ...workspace]),
    phase('decode', t('decode'), [...held, { label: t('Next-token logits (fp32)'), bytes: logits, formula: t('{0} seqs × {1} vocabulary × 4 B', input.batch, n(arch.vocab)), source: ctx.src.infer }]),
  ];
}

/** The step's sizes: parameters and trained parameters per rank, element sizes, the largest tensor. */
export function stepFacts(ctx: LineContext, trained: number): StepFacts {
  const { input, counts, scale, mp, arch } = ctx;
  const P = input.model.params;
  const e = activationBytes(input);
  let gathered = WEIGHT_BYTES[input.precision];
  const embedding = Math.min(P, counts.embedding);
  const blocks = P - embedding;
  if (input.mode === 'qlora') {
    const quantised = Math.min(blocks, counts.linear * scale);
    gathered = blocks > 0 ? ((quantised * (input.doubleQuant ? 4.127 : 4.5)) / 8 + (blocks - quantised) * 2) / blocks : 2;
  }
  const head = arch.tiedEmbeddings ? arch.vocab * arch.hidden : Math.min(embedding, arch.vocab * arch.hidden);
  return {
    paramsPerRank: P / mp,
    trainedPerRank: trained / mp,
    gatheredBytes: gathered,
    gradBytes: input.mode === 'full' ? (input.precision === 'fp32' ? 4 : 2) : adapterBytes(input.precision),
    elementBytes: e,
    largestParam: Math.round((input.model.largestLayer ?? counts.largestLayer) / input.tp),
    layerParams: blocks / arch.layers / input.tp,
    layersPerStage: Math.ceil(arch.layers / input.pp),
    embeddingParams: embedding / input.tp,
    headParams: head / input.tp,
    embeddingBytes: input.mode === 'qlora' || input.precision === 'int8' || input.precision === 'int4' ? 2 : WEIGHT_BYTES[input.precision],
    reduceBytes: input.mode === 'full' && isMixed(input.precision) ? 4 : e,
    maxReuseDistance: input.zeroBuckets.maxReuseDistance,
  };
}

/** "label 16,384 B + label 8,192 B": what one token keeps, item by item, on one GPU. */
function itemsText(items: readonly SavedItem[], input: LineContext['input']): string {
  const sp = input.sequenceParallel && input.tp > 1;
  return items.map((i) => `${i.label} ${n(Math.round(i.bytes / (i.tensorParallel || sp ? input.tp : 1)))} B`).join(' + ');
}

/** Dense and MoE layers of a stage, with how many of each. */
function stageLayers(ctx: LineContext): { moe: boolean; count: number }[] {
  const { arch, input } = ctx;
  const layers = Math.ceil(arch.layers / input.pp);
  if (!arch.moe) return [{ moe: false, count: layers }];
  const dense = Math.min(layers, Math.ceil(Math.min(arch.moe.denseLayers ?? 0, arch.layers) / input.pp));
  return [
    { moe: false, count: dense },
    { moe: true, count: layers - dense },
  ].filter((x) => x.count > 0);
}

function trainingPhases(ctx: LineContext, lines: readonly MemoryLine[]): Phase[] {
  const { input, arch, t, src } = ctx;
  const trained = trainedParams(ctx);
  const facts = stepFacts(ctx, trained);
  const engine = engineBuffers(ctx, facts);
  const grads = gradientState(ctx, facts);
  const tokens = input.batch * input.seq;
  const sp = input.sequenceParallel && input.tp > 1;
  const e = facts.elementBytes;

  // Weights and optimizer states as the published lines hold them (not the ZeRO-3 line, which
  // DeepSpeed's estimator adds for a gathered layer: the engine buffers size that here).
  let states = lines.filter((l) => (l.key === 'weights' || l.key === 'optimizer') && !l.gathered).map(asTerm);
  if (fp32Master(input) && !isMixed(input.precision) && input.offloadOptimizer === 'none') {
    // 16-bit parameters under DeepSpeed's ZeRO: the optimizer still updates fp32 partitions.
    const opt = optimizerBytes(input.optimizer, input.precision === 'fp16' ? 'mixed-fp16' : 'mixed-bf16', t);
    const perGpu = (facts.trainedPerRank * opt.bytes) / ctx.shardDp;
    states = [
      ...states.filter((x) => !lines.some((l) => l.key === 'optimizer' && l.label === x.label)),
      { label: t('Optimizer states with DeepSpeed’s fp32 master weights'), bytes: perGpu, formula: t('{0} × {1} B ({2}) ÷ {3} data-parallel ranks', n(Math.round(facts.trainedPerRank)), opt.bytes, opt.words, ctx.shardDp), source: src.deepspeedMaster },
    ];
  }
  const resident = [...states, ...grads.persistent, ...engine.resident];

  const saved = (microBatches: number): PhaseTerm[] =>
    stageLayers(ctx).map(({ moe, count }) => {
      const kept = keptPerLayer(input, arch, t, moe);
      const inFlight = microBatches > 1 ? t(' × {0} micro-batches in flight (first pipeline stage, 1F1B)', microBatches) : '';
      return {
        label: moe ? t('Saved activations (MoE layers)') : t('Saved activations'),
        bytes: count * tokens * kept.perToken * microBatches,
        formula: t('{0} layers × {1} tokens × {2} B ({3}){4}', count, n(tokens), n(Math.round(kept.perToken)), itemsText(kept.items, input), inFlight),
        source: src.savedActivations,
      };
    });
  const firstStage = saved(input.pp);
  const lastStage = saved(1);
  const sum = (terms: PhaseTerm[]) => terms.reduce((s, x) => s + x.bytes, 0);

  const dequant: PhaseTerm[] =
    input.mode === 'qlora'
      ? [{ label: t('NF4 weight dequantised for its matmul'), bytes: (ctx.counts.largestLinear * 2) / input.tp, formula: t('largest linear layer {0} × 2 B', n(Math.round(ctx.counts.largestLinear / input.tp))), source: src.qloraDequant }]
      : [];

  // The loss and the last hidden states it reads.
  const loss = lossBuffers(input, arch, t);
  const headTrains = input.mode === 'full' || (input.loraTargets.head && !input.loraDropout);
  const headDropout = input.mode !== 'full' && input.loraTargets.head && input.loraDropout;
  const finalPerToken = (arch.hidden * ((arch.norm?.kind ?? (arch.style === 'gpt' ? 'layer' : 'rms')) === 'rms' ? 4 : e) + (headTrains ? arch.hidden * e : 0) + (headDropout ? arch.hidden * (e + 1) : 0)) / (sp ? input.tp : 1);
  const lossTerms: PhaseTerm[] = [
    { label: t('Loss over the vocabulary'), bytes: loss.bytes, formula: loss.formula, source: loss.source },
    { label: t('Final norm and output-head inputs'), bytes: tokens * finalPerToken, formula: t('{0} tokens × {1} B', n(tokens), n(Math.round(finalPerToken))), source: src.savedActivations },
  ];

  // The layer being worked on in backward.
  const moeNow = !!arch.moe && stageLayers(ctx).some((x) => x.moe);
  const layerNow: PhaseTerm[] = [];
  if (input.recompute !== 'none') {
    const full = layerItems(input, arch, t, moeNow);
    let again = perToken(full, input);
    // Korthikanti's selective recomputation recomputes the scores only; per-operator selective
    // checkpointing recomputes what it did not keep (what it kept, beyond the checkpoint, is reused).
    if (input.recompute === 'selective' && !input.flashAttention) again = perToken(full.filter((i) => i.scores), input);
    else if (input.recompute === 'selective') again = Math.max(0, again - keptPerLayer(input, arch, t, moeNow).perToken + perToken([checkpointItem(input, arch, t)], input));
    layerNow.push({ label: t('Layer recomputed for its backward'), bytes: tokens * again, formula: t('{0} tokens × {1} B', n(tokens), n(Math.round(again))), source: src.recomputedLayer });
  }
  const working = backwardWorkingPerToken(input, arch, moeNow);
  layerNow.push({ label: t('Gradients of the layer’s intermediates'), bytes: tokens * working, formula: t('{0} tokens × {1} B', n(tokens), n(Math.round(working))), source: src.backwardWorking });

  // Activations shrink as gradients grow: the larger of all the activations (backward's start)
  // and the gradients with the last layer to run backward's kept tensors (its end), unless the gradients live in a
  // buffer kept from the start, already counted with what is resident.
  const acts = sum(firstStage);
  // The layer whose backward is running (the widest kind: an MoE layer where there are any).
  const kept = keptPerLayer(input, arch, t, moeNow);
  const lastLayerKept: PhaseTerm = { label: t('The first layer’s saved activations'), bytes: tokens * kept.perToken, formula: t('{0} tokens × {1} B', n(tokens), n(Math.round(kept.perToken))), source: src.savedActivations };
  const accumulated = sum(grads.accumulated);
  const backwardHeld = accumulated + lastLayerKept.bytes > acts ? [...grads.accumulated, lastLayerKept] : firstStage;

  return [
    phase('forward', t('forward'), [...resident, ...engine.gathered, ...firstStage, ...dequant]),
    phase('loss', t('loss'), [...resident, ...engine.gathered, ...lastStage, ...lossTerms]),
    phase('backward', t('backward'), [...resident, ...engine.gathered, ...engine.backward, ...backwardHeld, ...layerNow, ...dequant]),
    phase('step', t('optimizer step'), [...resident, ...grads.accumulated, ...grads.stepTemporaries]),
  ];
}
