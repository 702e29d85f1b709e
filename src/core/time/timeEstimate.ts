import type { LineContext } from '../memory/lines';
import type { MemoryLine } from '../memory/types';
import { n } from '../memory/units';
import { inferenceFlops, sci, trainingFlopsPerToken } from './flops';
import { gpuFacts, type GpuFacts } from './gpuFacts';
import { runFigures } from './runFigures';
import { seconds, stepLines, type StepShape } from './stepTime';
import type { TimeFigure, TimeResult } from './types';

/** The dense peak for the compute precision, FLOP/s, and a note when the GPU lacks that precision. */
export function peakFlops(ctx: LineContext, facts: GpuFacts): { peak: number; note?: string } {
  const { input, t } = ctx;
  const p = input.precision;
  if (p === 'fp32') return { peak: facts.tflops.fp32 * 1e12, note: t('fp32 matmuls at the FP32 peak: PyTorch’s default float32 matmul precision is “highest” (no TF32).') };
  const wantsBf16 = p === 'mixed-bf16' || p === 'bf16' || input.mode === 'qlora';
  if (wantsBf16 && facts.tflops.bf16 === undefined) return { peak: facts.tflops.fp16 * 1e12, note: t('{0} has no BF16 tensor cores; its FP16 peak is used.', input.gpu.name) };
  return { peak: (wantsBf16 ? facts.tflops.bf16! : facts.tflops.fp16) * 1e12 };
}

/** Data-parallel ranks, micro-batches per step and tokens per step from the global batch. */
export function stepShape(ctx: LineContext): StepShape {
  const { input } = ctx;
  const dp = ctx.dp;
  const globalBatch = input.time.globalBatch ?? input.batch * dp;
  const microBatches = globalBatch / (input.batch * dp);
  return { dp, microBatches, globalBatch, tokensPerStep: globalBatch * input.seq };
}

/**
 * Time beside memory: FLOPs per token, the step's time part by part, tokens per second, and with
 * a token count the run's FLOPs, wall-clock, GPU-hours and cost. Undefined for a GPU known only by
 * its memory (no compute figures to use).
 */
export function estimateTime(ctx: LineContext, lines: readonly MemoryLine[]): TimeResult | undefined {
  const { input, t } = ctx;
  const facts = gpuFacts(input.gpu.id);
  if (!facts) return undefined;
  const { peak, note } = peakFlops(ctx, facts);
  const notes = note ? [note] : [];
  const time = input.time;
  const gpuSource: TimeFigure = { label: t('Dense peak per GPU'), value: peak, text: `${n(peak / 1e12)} TFLOP/s`, formula: t('{0}, {1}', input.gpu.name, precisionWord(ctx)), source: facts.source };

  if (input.mode === 'inference') {
    const f = inferenceFlops(ctx);
    // A token goes through the pipeline's stages one after another: tensor parallelism divides the
    // work of a step, pipeline stages take turns.
    const gpus = input.tp;
    const prefillSeconds = (f.prefillPerToken * input.batch * input.seq) / (gpus * peak * time.mfu);
    // Decode reads every weight and each sequence's cache once per generated token, stage by stage.
    const perGpu = lines.filter((l) => l.key === 'weights' || l.key === 'kvCache').reduce((s, l) => s + l.bytes, 0);
    const held = perGpu * input.pp;
    const memorySeconds = held / (facts.memoryGBs * 1e9);
    const computeSeconds = (f.decodePerToken * input.batch) / (gpus * peak * time.mfu);
    const perStep = Math.max(memorySeconds, computeSeconds);
    const decodeTokensPerSecond = input.batch / perStep;
    const bound = memorySeconds >= computeSeconds;
    return {
      modelFlopsPerToken: f.decodePerToken,
      hardwareFlopsPerToken: f.decodePerToken,
      peakFlops: peak,
      mfu: time.mfu,
      flops: [...f.figures, gpuSource],
      lines: [],
      run: [
        { label: t('Prefill'), value: prefillSeconds, text: seconds(prefillSeconds), formula: t('{0} FLOPs per token × {1} × {2} tokens ÷ ({3} GPUs × {4} TFLOP/s × MFU {5})', sci(f.prefillPerToken), input.batch, n(input.seq), gpus, n(peak / 1e12), time.mfu), source: t('Prefill is compute-bound: the prompt’s tokens go through the model at once') },
        {
          label: t('Decode'),
          value: decodeTokensPerSecond,
          text: t('{0} tokens/s', n(Math.round(decodeTokensPerSecond * 10) / 10)),
          formula: bound
            ? input.pp > 1
              ? t('{0} sequences ÷ ({1} B of weights and KV cache per GPU × {2} pipeline stages in turn ÷ {3} GB/s) — memory-bound', input.batch, n(perGpu), input.pp, n(facts.memoryGBs))
              : t('{0} sequences ÷ ({1} B of weights and KV cache per GPU ÷ {2} GB/s) — memory-bound', input.batch, n(perGpu), n(facts.memoryGBs))
            : t('{0} sequences ÷ ({1} FLOPs per token × {0} ÷ ({2} GPUs × {3} TFLOP/s × MFU {4})) — compute-bound', input.batch, sci(f.decodePerToken), gpus, n(peak / 1e12), time.mfu),
          source: t('Decode reads every weight and the cache once per generated token: HBM bandwidth bounds it until the batch makes it compute-bound'),
        },
      ],
      prefillSeconds,
      decodeTokensPerSecond,
      notes,
    };
  }

  const flops = trainingFlopsPerToken(ctx);
  const shape = stepShape(ctx);
  const parts = stepLines(ctx, shape, flops, facts, peak, time);
  const stepSeconds = parts.reduce((s, l) => s + l.seconds, 0);
  const tokensPerSecond = shape.tokensPerStep / stepSeconds;
  const achievedMfu = (flops.model * tokensPerSecond) / (input.gpus * peak);
  // The band: the same step at MFU × 0.75 and × 1.25 (compute parts scale, the rest does not).
  const computeParts = parts.filter((l) => l.key === 'compute' || l.key === 'recompute' || l.key === 'bubble').reduce((s, l) => s + l.seconds, 0);
  const band: [number, number] = [stepSeconds - computeParts + computeParts / 0.75, stepSeconds - computeParts + (computeParts * time.mfu) / Math.min(1, time.mfu * 1.25)];
  const result: TimeResult = {
    modelFlopsPerToken: flops.model,
    hardwareFlopsPerToken: flops.hardware,
    peakFlops: peak,
    mfu: time.mfu,
    achievedMfu,
    flops: [...flops.figures, gpuSource],
    stepSeconds,
    tokensPerStep: shape.tokensPerStep,
    microBatches: shape.microBatches,
    tokensPerSecond,
    lines: parts,
    run: [],
    band,
    notes,
  };
  if (time.tokens !== undefined) Object.assign(result, runFigures(ctx, result, time.tokens));
  return result;
}

function precisionWord(ctx: LineContext): string {
  const p = ctx.input.precision;
  if (p === 'fp32') return 'FP32';
  if (p === 'mixed-fp16' || p === 'fp16') return 'FP16';
  if (p === 'int8' || p === 'int4') return ctx.t('16-bit compute over {0} weights', p);
  return 'BF16';
}
