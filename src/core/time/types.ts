import type { TimeInput } from '../memory/types';

export type { TimeInput };

export type TimeKey = 'compute' | 'recompute' | 'tensorParallel' | 'dataParallel' | 'zero3' | 'bubble' | 'offload' | 'cpuOptimizer';

/** One part of a step's time, with its working. */
export interface TimeLine {
  key: TimeKey;
  label: string;
  seconds: number;
  formula: string;
  source: string;
}

/** A figure of the whole run or of a FLOPs count, with its working. */
export interface TimeFigure {
  label: string;
  value: number;
  /** "3.14e23 FLOPs", "12.4 days", "$1.2M". */
  text: string;
  formula: string;
  source: string;
}

export interface TimeResult {
  /** Model FLOPs per trained token (forward + backward, no recomputation), or per generated token. */
  modelFlopsPerToken: number;
  /** With recomputation. */
  hardwareFlopsPerToken: number;
  /** The GPU's dense peak in the compute precision, FLOP/s. */
  peakFlops: number;
  /** The MFU assumed for compute. */
  mfu: number;
  /** Model FLOPs ÷ (step time × GPUs × peak): what the whole step achieves. */
  achievedMfu?: number;
  /** How FLOPs per token were worked out. */
  flops: TimeFigure[];
  /** Training: the step. */
  stepSeconds?: number;
  tokensPerStep?: number;
  microBatches?: number;
  tokensPerSecond?: number;
  lines: TimeLine[];
  /** The run, when tokens are given. */
  trainFlops?: number;
  seconds?: number;
  gpuHours?: number;
  cost?: number;
  run: TimeFigure[];
  /** Inference. */
  prefillSeconds?: number;
  decodeTokensPerSecond?: number;
  /** The MFU band's step times: [at 0.75 × mfu, at 1.25 × mfu] (capped at 1). */
  band?: [number, number];
  notes: string[];
}
