import type { Architecture, LinearKind } from '../models/architecture';

export type Mode = 'inference' | 'full' | 'lora' | 'qlora';
/** Training: fp32, mixed (16-bit compute, fp32 master weights) or pure 16-bit. Inference adds int8/int4 weights. */
export type Precision = 'fp32' | 'mixed-bf16' | 'mixed-fp16' | 'bf16' | 'fp16' | 'int8' | 'int4';
export type Optimizer = 'adamw' | 'adamw8bit' | 'sgd' | 'adafactor';
export type Recompute = 'none' | 'selective' | 'full';
export type Offload = 'none' | 'cpu' | 'nvme';
export type ZeroStage = 0 | 1 | 2 | 3;
/**
 * Who shards: DeepSpeed's ZeRO (fp32 master weights always, buckets), PyTorch FSDP (the parameters'
 * dtype, one unit gathered at a time; HYBRID_SHARD shards within a node and replicates across
 * nodes) or Megatron-LM's distributed optimizer (ZeRO-1 over its fp32 main gradients).
 */
export type ShardingEngine = 'deepspeed' | 'fsdp' | 'fsdp-hybrid' | 'megatron';

/** FSDP's strategies, hybrid or not. */
export function isFsdp(engine: ShardingEngine): boolean {
  return engine === 'fsdp' || engine === 'fsdp-hybrid';
}
/**
 * How the loss over the vocabulary is computed: `eager` as PyTorch and Hugging Face do it (16-bit
 * logits, an fp32 upcast, log-softmax and its gradient as separate tensors), `fused` as Megatron's
 * vocab-parallel cross entropy does (in place over one fp32 copy), `chunked` as litgpt, Liger or
 * torchtune do (a slice of the sequence at a time). `auto`: Megatron's when the configuration is one
 * only Megatron runs (tensor, pipeline or sequence parallel), eager otherwise.
 */
export type CrossEntropy = 'auto' | 'eager' | 'fused' | 'chunked';

/** The linear layers LoRA adapts (PEFT's target_modules, LLaMA names) and whether the output head is one. */
export interface LoraTargets {
  modules: readonly LinearKind[];
  head: boolean;
}

/**
 * DeepSpeed ZeRO's buffers, in elements, as ds_config names them (defaults are DeepSpeed's own):
 * stage3_max_live_parameters (1e9), stage3_max_reuse_distance (1e9), stage3_prefetch_bucket_size
 * (5e7), reduce_bucket_size (5e8).
 */
export interface ZeroBuckets {
  maxLiveParameters: number;
  /** stage3_max_reuse_distance (1e9): a parameter reused within this many parameters stays gathered. */
  maxReuseDistance: number;
  prefetchBucketSize: number;
  reduceBucketSize: number;
}

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
  /** Whose sharding the stage is: "zero3" is DeepSpeed's, "fsdp"/"full-shard" PyTorch FSDP's. */
  sharding: ShardingEngine;
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
  /** Which linear layers carry adapters (default: every linear layer of the blocks, PEFT's "all-linear"). */
  loraTargets: LoraTargets;
  /** Dropout before the adapters (PEFT's lora_dropout > 0): its output and mask are kept for backward. */
  loraDropout: boolean;
  /** QLoRA double quantisation: 4.127 bits per quantised parameter instead of 4.5. */
  doubleQuant: boolean;
  /** KV-cache element size for inference. */
  kvCacheBits: 16 | 8;
  cudaContextBytes: number;
  /**
   * Share of the other GPU lines kept for the caching allocator's fragmentation, 0–0.5: the
   * "Allocator reserve" line, and what the reserved reading adds to the allocated one.
   */
  allocatorReserve: number;
  crossEntropy: CrossEntropy;
  zeroBuckets: ZeroBuckets;
  /** The assumptions of the time estimate (MFU, global batch, tokens, price…), read by src/core/time. */
  time: TimeInput;
  /** What building the input decided that the user did not write (a serving split), said in the result. */
  notes?: readonly string[];
}

/** What a time estimate needs beyond the memory input: the assumptions, stated and settable. */
export interface TimeInput {
  /**
   * Model FLOPs utilisation of the compute (PaLM's definition: model FLOPs ÷ (time × peak)):
   * an assumption, 0 < mfu ≤ 1. Recomputation and communication come on top of it.
   */
  mfu: number;
  /** Sequences per optimizer step, all data-parallel ranks together; undefined = one micro-batch per rank. */
  globalBatch?: number;
  /** Tokens to train on, for the run figures. */
  tokens?: number;
  /** Price per GPU-hour, for the cost (no default: prices change). */
  pricePerGpuHour?: number;
  /** Share of wall-clock that trains (restarts and stalls take the rest); 1 by default, said so. */
  goodput: number;
  /** Network per GPU between nodes, Gb/s (InfiniBand NDR / 400G RoCE: 400). */
  networkGbps: number;
  /** Host memory bandwidth per GPU for a CPU optimizer, GB/s (≈ 200 GB/s a socket shared by 4 GPUs: 50). */
  hostMemoryGBs: number;
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
  /** DeepSpeed's estimate of a gathered ZeRO-3 layer: the phases size gathering from the engine's buffers instead. */
  gathered?: true;
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
  /** The published-formula total with the change. */
  perGpu: number;
  /** The device reading with the change: what `fits` compares. */
  device: number;
  fits: boolean;
}

/** The moments of a step whose live tensors are worked out; inference has prefill and decode. */
export type PhaseKey = 'forward' | 'loss' | 'backward' | 'step' | 'prefill' | 'decode';

/** One thing alive in a phase, with its working like a line's. */
export interface PhaseTerm {
  label: string;
  bytes: number;
  formula: string;
  source: string;
}

export interface Phase {
  key: PhaseKey;
  label: string;
  /** What is alive at the phase's own peak, per GPU (what torch.cuda.max_memory_allocated would count). */
  terms: PhaseTerm[];
  bytes: number;
}

/**
 * The three readings a run reports per GPU: `allocated` (torch.cuda.max_memory_allocated: live
 * tensors at the peak), `reserved` (max_memory_reserved: plus the caching allocator's cache and
 * fragmentation) and `device` (nvidia-smi: plus the CUDA context and communication buffers).
 */
export interface Readings {
  allocated: number;
  reserved: number;
  device: number;
  /** How reserved and device follow from allocated. */
  steps: PhaseTerm[];
}

export interface MemoryResult {
  input: MemoryInput;
  perGpu: { lines: MemoryLine[]; total: number; byKey: Record<LineKey, number> };
  /** Host RAM per node, for offloaded state. */
  host: { lines: HostLine[]; total: number };
  nvme: { lines: HostLine[]; total: number };
  /** The step's phases, each with what is alive at its peak. */
  phases: Phase[];
  /** The phase that holds the peak. */
  peak: Phase;
  readings: Readings;
  capacity: number;
  /** readings.device ≤ capacity. */
  fits: boolean;
  /** capacity − readings.device; negative when it does not fit. */
  margin: number;
  /** Smallest GPU count that fits with this configuration, or undefined when none up to 65,536 does. */
  minGpus?: number;
  suggestions: Suggestion[];
  /** Assumptions worth knowing, e.g. an architecture inferred from the parameter count. */
  notes: string[];
}
