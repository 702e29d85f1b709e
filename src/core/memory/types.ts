import type { Architecture } from '../models/architecture';

export type Mode = 'inference' | 'full' | 'lora' | 'qlora';
/** Training: fp32, mixed (16-bit compute, fp32 master weights) or pure 16-bit. Inference adds int8/int4 weights. */
export type Precision = 'fp32' | 'mixed-bf16' | 'mixed-fp16' | 'bf16' | 'fp16' | 'int8' | 'int4';
export type Optimizer = 'adamw' | 'adamw8bit' | 'sgd' | 'adafactor';
export type Recompute = 'none' | 'selective' | 'full';
export type Offload = 'none' | 'cpu' | 'nvme';
export type ZeroStage = 0 | 1 | 2 | 3;

/** Where a model's shape came from. */
export type ModelSource = 'preset' | 'config' | 'custom' | 'assumed';

export interface ModelInput {
  /** Preset id when chosen from the list. */
  preset?: string;
  /** The name as the user gave it ("llama3-8b", "Qwen/Qwen2.5-72B-Instruct", "34B"). */
  name: string;
  params: number;
  arch?: Architecture;
  /** DeepSpeed's largest_layer_params, when known better than the architecture gives. */
  largestLayer?: number;
  /** preset, a config.json (a file, the Hugging Face cache, a setting), a shape given field by field, or assumed from the size. */
  source: ModelSource;
  /** The config.json it was read from. */
  path?: string;
  /** What reading the config.json noted (defaults applied, sliding windows, quantization). */
  notes?: readonly string[];
}

/**
 * A model the calculator does not know by itself, found by the adapter (a config.json in the
 * Hugging Face cache, a file from the settings, one open in the editor, the CLI's --config):
 * buildInput asks for it by the name written in the fit expression or the form.
 */
export interface ResolvedModel {
  id: string;
  arch: Architecture;
  params: number;
  path?: string;
  notes: readonly string[];
}

/** Finds a model by name (any case), or undefined. Sync: the adapter has read the files already. */
export type ModelResolver = (name: string) => ResolvedModel | undefined;

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
