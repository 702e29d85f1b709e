import type { Architecture } from './architecture';

export type Mode = 'inference' | 'full' | 'lora' | 'qlora';
/** Training: fp32, mixed (16-bit compute, fp32 master weights) or pure 16-bit. Inference adds int8/int4 weights. */
export type Precision = 'fp32' | 'mixed-bf16' | 'mixed-fp16' | 'bf16' | 'fp16' | 'int8' | 'int4';
export type Optimizer = 'adamw' | 'adamw8bit' | 'sgd' | 'adafactor';
export type Recompute = 'none' | 'selective' | 'full';
export type Offload = 'none' | 'cpu' | 'nvme';
export type ZeroStage = 0 | 1 | 2 | 3;

export interface ModelInput {
  /** Preset id when chosen from the list. */
  preset?: string;
  name: string;
  params: number;
  arch?: Architecture;
  /** DeepSpeed's largest_layer_params, when known better than the architecture gives. */
  largestLayer?: number;
}

export interface MemoryInput {
  model: ModelInput;
  mode: Mode;
  precision: Precision;
  optimizer: Optimizer;
  zero: ZeroStage;
  offloadOptimizer: Offload;
  offloadParams: Offload;
  tp: number;
  pp: number;
  sequenceParallel: boolean;
  /** Total GPUs, all nodes together. */
  gpus: number;
  gpusPerNode: number;
  gpu: { id: string; name: string; bytes: number };
  /** Micro-batch (training) or concurrent sequences (inference). */
  batch: number;
  /** Sequence length (training) or context length (inference). */
  seq: number;
  recompute: Recompute;
  flashAttention: boolean;
  loraRank: number;
  /** QLoRA double quantisation: 4.127 bits per quantised parameter instead of 4.5. */
  doubleQuant: boolean;
  /** KV-cache element size for inference. */
  kvCacheBits: 16 | 8;
  cudaContextBytes: number;
  /** Share of the other GPU lines kept for the caching allocator's fragmentation, 0–0.5. */
  allocatorReserve: number;
}

export type LineKey = 'weights' | 'gradients' | 'optimizer' | 'activations' | 'kvCache' | 'overhead';

export interface MemoryLine {
  key: LineKey;
  label: string;
  bytes: number;
  /**
   * The working with the numbers substituted and without its amount: "34,000,000,000 × 2 B ÷ 4".
   * Renderers append " = 17.00 GB (15.83 GiB)" (report.ts `withAmount`).
   */
  formula: string;
  source: string;
}

/** A line of host RAM or NVMe: offloaded state, worked out like a GPU line. */
export interface HostLine {
  label: string;
  bytes: number;
  formula: string;
  source: string;
}

export interface Suggestion {
  label: string;
  change: Partial<MemoryInput>;
  perGpu: number;
  fits: boolean;
}

export interface MemoryResult {
  input: MemoryInput;
  perGpu: { lines: MemoryLine[]; total: number; byKey: Record<LineKey, number> };
  /** Host RAM per node, for offloaded state. */
  host: { lines: HostLine[]; total: number };
  nvme: { lines: HostLine[]; total: number };
  capacity: number;
  fits: boolean;
  /** capacity − total; negative when it does not fit. */
  margin: number;
  /** Smallest GPU count that fits with this configuration, or undefined when none up to 65,536 does. */
  minGpus?: number;
  suggestions: Suggestion[];
  /** Assumptions worth knowing, e.g. an architecture inferred from the parameter count. */
  notes: string[];
}
