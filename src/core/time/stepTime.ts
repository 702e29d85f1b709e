import type { Translate } from '../l10n';
import type { LineContext } from '../memory/lines';
import { isFsdp } from '../memory/types';
import { fp32Master } from '../memory/optimizerStep';
import { activationBytes } from '../memory/savedActivations';
import { adapterBytes, trainedParams } from '../memory/trainingLines';
import { n } from '../memory/units';
import type { TrainingFlops } from './flops';
import type { GpuFacts } from './gpuFacts';
import type { TimeInput, TimeLine } from './types';

/** "1.23 s", "45.6 ms", "2.1 h" */
export function seconds(x: number): string {
  if (x >= 86400 * 2) return `${(x / 86400).toFixed(1)} d`;
  if (x >= 7200) return `${(x / 3600).toFixed(1)} h`;
  if (x >= 120) return `${(x / 60).toFixed(1)} min`;
  if (x >= 1) return `${x.toFixed(2)} s`;
  return `${(x * 1000).toFixed(1)} ms`;
}

export interface StepShape {
  /** Data-parallel ranks. */
  dp: number;
  /** Micro-batches per optimizer step on each data-parallel rank (gradient accumulation, or the pipeline's m). */
  microBatches: number;
  /** Sequences per step, all ranks together. */
  globalBatch: number;
  tokensPerStep: number;
}

/** One GPU's link to the others of a group: NVLink within a node where the GPU has it, else PCIe; the network across nodes. Bytes/s, one direction. */
function linkBytesPerSecond(facts: GpuFacts, acrossNodes: boolean, time: TimeInput, t: Translate): { bw: number; words: string } {
  if (acrossNodes) return { bw: (time.networkGbps * 1e9) / 8, words: t('the network’s {0} Gb/s per GPU', time.networkGbps) };
  if (facts.nvlinkGBs > 0) return { bw: (facts.nvlinkGBs * 1e9) / 2, words: t('NVLink {0} GB/s each way', facts.nvlinkGBs / 2) };
  return pcieLink(facts, t);
}

function pcieLink(facts: GpuFacts, t: Translate): { bw: number; words: string } {
  return { bw: (facts.pcie.GBs * 1e9) / 2, words: t('PCIe Gen{0} {1} GB/s each way', facts.pcie.gen, facts.pcie.GBs / 2) };
}

/**
 * One optimizer step: the compute at the assumed MFU, then what does not overlap with it —
 * tensor-parallel all-reduces (Megatron runs them in line), ZeRO-3/FSDP gathers and
 * reduce-scatters beyond the compute that hides them, the data-parallel gradient reduction beyond
 * the last micro-batch's backward, the pipeline bubble (p − 1)/(m + p − 1), and offload's PCIe
 * traffic and CPU optimizer step. Ring collectives move 2(n − 1)/n of the data (all-reduce) or
 * (n − 1)/n (all-gather, reduce-scatter) through each GPU's link.
 */
export function stepLines(ctx: LineContext, shape: StepShape, flops: TrainingFlops, facts: GpuFacts, peak: number, time: TimeInput): TimeLine[] {
  const { input, arch, t, mp } = ctx;
  const { dp, microBatches: m, tokensPerStep } = shape;
  const gpus = input.gpus;
  const lines: TimeLine[] = [];
  const rate = gpus * peak * time.mfu;
  const src = t('Compute time = FLOPs ÷ (GPUs × dense peak × MFU); MFU as PaLM defines it (Chowdhery et al. 2022); the MFU is an assumption');
  const compute = (flops.model * tokensPerStep) / rate;
  lines.push({ key: 'compute', label: t('Compute (forward + backward)'), seconds: compute, formula: t('{0} FLOPs per token × {1} tokens ÷ ({2} GPUs × {3} TFLOP/s × MFU {4})', n(Math.round(flops.model)), n(tokensPerStep), gpus, n(peak / 1e12), time.mfu), source: src });
  const recompute = (flops.recompute * tokensPerStep) / rate;
  if (recompute > 0) lines.push({ key: 'recompute', label: t('Recomputation'), seconds: recompute, formula: t('{0} FLOPs per token × {1} tokens ÷ ({2} GPUs × {3} TFLOP/s × MFU {4})', n(Math.round(flops.recompute)), n(tokensPerStep), gpus, n(peak / 1e12), time.mfu), source: src });
  const busy = compute + recompute;
  const perMicro = busy / m;
  const backward = (perMicro * 2) / 3;
  const e = activationBytes(input);
  const acrossNodes = gpus > input.gpusPerNode;

  if (input.tp > 1) {
    const link = linkBytesPerSecond(facts, input.tp > input.gpusPerNode, time, t);
    const bytes = input.batch * input.seq * arch.hidden * e;
    const perLayer = input.recompute === 'full' ? 6 : 4;
    const layers = Math.ceil(arch.layers / input.pp);
    const secondsEach = (2 * (input.tp - 1) * bytes) / input.tp / link.bw;
    lines.push({
      key: 'tensorParallel',
      label: t('Tensor-parallel all-reduces'),
      seconds: m * layers * perLayer * secondsEach,
      formula: t('{0} micro-batches × {1} layers × {2} all-reduces × 2 × ({3} − 1)/{3} × {4} B ÷ {5}', m, layers, perLayer, input.tp, n(bytes), link.words),
      source: t('Megatron-LM (Shoeybi et al. 2019): two all-reduces per layer forward and two backward (a third pass with full recomputation), on the critical path'),
    });
  }

  const trained = trainedParams(ctx) / mp;
  // Megatron reduces its fp32 main gradients; DeepSpeed, FSDP and DDP reduce 16-bit ones; adapters their own dtype.
  const gradBytes = input.mode !== 'full' ? adapterBytes(input.precision) : input.precision === 'fp32' || (fp32Master(input) && isMegatronLike(ctx)) ? 4 : 2;
  const paramBytes = input.precision === 'fp32' ? 4 : 2;
  if (dp > 1) {
    const link = linkBytesPerSecond(facts, acrossNodes, time, t);
    const frac = (dp - 1) / dp;
    if (input.zero === 3) {
      // HYBRID_SHARD gathers within a node (its own link) and all-reduces each shard's gradients across the replicas.
      const shard = ctx.shardDp;
      const shardLink = shard < dp ? linkBytesPerSecond(facts, false, time, t) : link;
      const gather = (input.model.params / mp) * paramBytes;
      const reduce = trained * gradBytes;
      const comm = (((shard - 1) / shard) * (2 * gather + reduce)) / shardLink.bw;
      lines.push({
        key: 'zero3',
        label: isFsdp(input.sharding) ? t('FSDP gathers and reduce-scatters not hidden') : t('ZeRO-3 gathers and reduce-scatters not hidden'),
        seconds: m * Math.max(0, comm - perMicro),
        formula: t('{0} micro-batches × max(0, ({1} − 1)/{1} × (2 × {2} B gathered + {3} B reduced) ÷ {4} − {5} compute per micro-batch)', m, shard, n(Math.round(gather)), n(Math.round(reduce)), shardLink.words, secondsText(perMicro)),
        source: t('ZeRO-3 / FSDP: parameters all-gathered for forward and again for backward, gradients reduce-scattered, each micro-batch, overlapped with its compute (Rajbhandari et al. 2020)'),
      });
      if (shard < dp) {
        const replicas = dp / shard;
        const shardGrads = reduce / shard;
        lines.push({
          key: 'dataParallel',
          label: t('Gradient reduction not hidden'),
          seconds: Math.max(0, (2 * ((replicas - 1) / replicas) * shardGrads) / link.bw - backward),
          formula: t('max(0, 2 × ({0} − 1)/{0} × {1} B of gradients ÷ {2} − {3} of the last backward)', replicas, n(Math.round(shardGrads)), link.words, secondsText(backward)),
          source: t('HYBRID_SHARD: each shard’s gradients are all-reduced across the nodes’ replicas once per step'),
        });
      }
    } else {
      const grads = trained * gradBytes;
      const regather = input.zero >= 1 ? trained * paramBytes : 0;
      const volume = input.zero === 0 ? 2 * frac * grads : frac * (grads + regather);
      const comm = volume / link.bw;
      lines.push({
        key: 'dataParallel',
        label: t('Gradient reduction not hidden'),
        seconds: Math.max(0, comm - backward),
        formula:
          input.zero === 0
            ? t('max(0, 2 × ({0} − 1)/{0} × {1} B of gradients ÷ {2} − {3} of the last backward)', dp, n(Math.round(grads)), link.words, secondsText(backward))
            : t('max(0, ({0} − 1)/{0} × ({1} B reduce-scattered + {2} B of updated parameters gathered) ÷ {3} − {4} of the last backward)', dp, n(Math.round(grads)), n(Math.round(regather)), link.words, secondsText(backward)),
        source: t('Data parallel: gradients all-reduced (ZeRO-1/2: reduce-scattered, then the updated parameters all-gathered) once per step, overlapped with the last micro-batch’s backward'),
      });
    }
  }

  if (input.pp > 1) {
    lines.push({
      key: 'bubble',
      label: t('Pipeline bubble'),
      seconds: (busy * (input.pp - 1)) / m,
      formula: t('compute × ({0} − 1) ÷ {1} micro-batches (bubble fraction (p − 1)/(m + p − 1) = {2}%)', input.pp, m, ((100 * (input.pp - 1)) / (m + input.pp - 1)).toFixed(1)),
      source: t('GPipe / 1F1B pipeline schedules: (p − 1)/(m + p − 1) of the step is idle (Narayanan et al. 2021 §2.2)'),
    });
  }

  const { bw: pcie, words: pcieWords } = pcieLink(facts, t);
  if (input.offloadParams !== 'none') {
    const fetched = ((input.model.params / mp) * paramBytes) / dp;
    const pcieTime = (2 * fetched) / pcie;
    lines.push({
      key: 'offload',
      label: t('Parameters fetched from the host, not hidden'),
      seconds: m * Math.max(0, pcieTime - perMicro),
      formula: t('{0} micro-batches × max(0, 2 × {1} B (forward and backward) ÷ {2} − {3} compute per micro-batch)', m, n(Math.round(fetched)), pcieWords, secondsText(perMicro)),
      source: t('ZeRO-Infinity: each GPU brings its parameter partition over PCIe for forward and again for backward, prefetched under compute'),
    });
  }
  if (input.offloadOptimizer !== 'none') {
    const partition = trained / (input.zero >= 1 ? dp : 1);
    const down = (partition * 2) / pcie;
    const up = (partition * 2) / pcie;
    lines.push({
      key: 'offload',
      label: t('Gradients to the host and parameters back'),
      seconds: Math.max(0, down - backward) + up,
      formula: t('max(0, {0} B of 16-bit gradients ÷ {1} − {2} of backward) + {0} B of 16-bit parameters ÷ {1}', n(Math.round(partition * 2)), pcieWords, secondsText(backward)),
      source: t('ZeRO-Offload (Ren et al. 2021): 16-bit gradients stream to the host during backward; updated 16-bit parameters come back after the CPU step'),
    });
    const optimizerBytes = 30;
    lines.push({
      key: 'cpuOptimizer',
      label: t('Optimizer step on the CPU'),
      seconds: (partition * optimizerBytes) / (time.hostMemoryGBs * 1e9),
      formula: t('{0} parameters × {1} B (read fp32 parameter, m, v, gradient; write parameter, m, v and the 16-bit copy) ÷ {2} GB/s of host memory per GPU', n(Math.round(partition)), optimizerBytes, time.hostMemoryGBs),
      source: t('A roofline floor: CPU Adam is memory-bound; measured DeepSpeed CPUAdam is slower. Host memory bandwidth per GPU is a setting (≈ 200 GB/s a socket shared by 4 GPUs)'),
    });
  }
  return lines;
}

function secondsText(x: number): string {
  return seconds(x);
}

/** Megatron's configurations (tensor or pipeline parallel) reduce fp32 main gradients; DeepSpeed and DDP reduce 16-bit ones. */
function isMegatronLike(ctx: LineContext): boolean {
  return ctx.input.tp > 1 || ctx.input.pp > 1;
}
