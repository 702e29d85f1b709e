/**
 * The calculator's inputs as people type them (panel fields, CLI flags, fit expressions): all
 * optional strings. `buildInput` (input.ts) turns them into a checked MemoryInput; every refusal
 * names one of these fields, so the panel can mark the input that is wrong.
 */
export interface MemoryFields {
  model?: string;
  params?: string;
  mode?: string;
  dtype?: string;
  optimizer?: string;
  zero?: string;
  offloadOptimizer?: string;
  offloadParams?: string;
  tp?: string;
  pp?: string;
  sequenceParallel?: boolean;
  gpus?: string;
  gpusPerNode?: string;
  nodes?: string;
  gpu?: string;
  gpuMem?: string;
  batch?: string;
  seq?: string;
  recompute?: string;
  flashAttention?: boolean;
  loraRank?: string;
  /** "all-linear" (default), "q,v", "q_proj,v_proj", "all-linear,head". */
  loraTargets?: string;
  /** lora_dropout > 0 (default): the dropout's output and mask are kept for backward. */
  loraDropout?: boolean;
  doubleQuant?: boolean;
  kvCacheBits?: string;
  largestLayer?: string;
  layers?: string;
  hidden?: string;
  ffn?: string;
  heads?: string;
  kvHeads?: string;
  headDim?: string;
  vocab?: string;
  tiedEmbeddings?: boolean;
  /** A custom shape's MLP: gated or plain (inferred from the parameter count when not given). */
  mlp?: string;
  cudaContextGiB?: string;
  allocatorReservePct?: string;
  /** auto, eager, fused or chunked. */
  crossEntropy?: string;
  /** DeepSpeed's stage3_max_live_parameters, stage3_max_reuse_distance, stage3_prefetch_bucket_size and reduce_bucket_size, in elements. */
  stage3MaxLiveParameters?: string;
  stage3MaxReuseDistance?: string;
  stage3PrefetchBucketSize?: string;
  reduceBucketSize?: string;
  /** Time: tokens to train on ("1.4T"), MFU ("0.4", "40%"), global batch ("512" sequences, "4M" tokens), price per GPU-hour, goodput, network Gb/s per GPU, host memory GB/s per GPU. */
  tokens?: string;
  mfu?: string;
  globalBatch?: string;
  price?: string;
  goodput?: string;
  networkGbps?: string;
  hostMemoryGBs?: string;
}

export type FieldName = keyof MemoryFields;

/** What an empty form, a bare fit expression or a CLI call without flags means. */
export const DEFAULT_FIELDS: Required<Pick<MemoryFields, 'model' | 'mode' | 'optimizer' | 'zero' | 'tp' | 'pp' | 'gpus' | 'gpu' | 'batch' | 'seq' | 'recompute' | 'loraRank' | 'cudaContextGiB' | 'allocatorReservePct'>> = {
  model: 'llama3-8b',
  mode: 'full',
  optimizer: 'adamw',
  zero: '0',
  tp: '1',
  pp: '1',
  gpus: '1',
  gpu: 'A100-80G',
  batch: '1',
  seq: '4096',
  recompute: 'none',
  loraRank: '16',
  cudaContextGiB: '0.5',
  allocatorReservePct: '5',
};

/** Every field name, for code that checks names at run time (a page's message, an error's field). */
export const FIELD_NAMES = [
  'model', 'params', 'mode', 'dtype', 'optimizer', 'zero', 'offloadOptimizer', 'offloadParams', 'tp', 'pp', 'sequenceParallel',
  'gpus', 'gpusPerNode', 'nodes', 'gpu', 'gpuMem', 'batch', 'seq', 'recompute', 'flashAttention', 'loraRank', 'loraTargets',
  'loraDropout', 'doubleQuant', 'kvCacheBits', 'largestLayer', 'layers', 'hidden', 'ffn', 'heads', 'kvHeads', 'headDim', 'vocab',
  'tiedEmbeddings', 'mlp', 'cudaContextGiB', 'allocatorReservePct', 'crossEntropy', 'stage3MaxLiveParameters', 'stage3MaxReuseDistance', 'stage3PrefetchBucketSize',
  'reduceBucketSize', 'tokens', 'mfu', 'globalBatch', 'price', 'goodput', 'networkGbps', 'hostMemoryGBs',
] as const satisfies readonly FieldName[];

// Compile-time check that FIELD_NAMES lists every field.
type Missing = Exclude<FieldName, (typeof FIELD_NAMES)[number]>;
const everyField: Missing extends never ? true : Missing = true;
void everyField;

/** The boolean fields (checkboxes); the others hold text. */
export const BOOLEAN_FIELDS = new Set<FieldName>(['sequenceParallel', 'flashAttention', 'loraDropout', 'doubleQuant', 'tiedEmbeddings']);

export function isFieldName(name: string): name is FieldName {
  return (FIELD_NAMES as readonly string[]).includes(name);
}

/** Longer than this, a field's text is not something a person typed into the form. */
const MAX_FIELD_CHARS = 200;

/**
 * Fields from outside the extension (a webview message, a command argument, saved page state),
 * checked: an object with field names only, text fields as short strings, checkboxes as booleans.
 * Anything else is undefined, so a page's message cannot smuggle other keys or types in.
 */
export function checkedFields(value: unknown): MemoryFields | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, string | boolean> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!isFieldName(key)) return undefined;
    if (BOOLEAN_FIELDS.has(key) ? typeof v !== 'boolean' : typeof v !== 'string' || v.length > MAX_FIELD_CHARS) return undefined;
    out[key] = v;
  }
  return out as MemoryFields;
}
