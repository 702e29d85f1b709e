import { UserError } from '../errors';
import { parseJsonFile, quoteValue } from '../json';
import { english, type Translate } from '../l10n';
import type { MemoryFields } from '../memory/fields';
import type { MemoryInput } from '../memory/types';
import { shardingWords } from './changes';

/** Sequences per step, micro-batch and accumulation of an input, as DeepSpeed names them. */
export function batchShape(input: MemoryInput): { train: number; micro: number; accumulation: number; dp: number } {
  const dp = input.gpus / (input.tp * input.pp);
  const train = input.time.globalBatch ?? input.batch * dp;
  return { train, micro: input.batch, accumulation: train / (input.batch * dp), dp };
}

/**
 * A DeepSpeed config (ds_config.json) for a plan sharded by DeepSpeed: the keys of DeepSpeed's
 * configuration reference (train_batch_size = micro × accumulation × data-parallel size,
 * zero_optimization with its stage, offload devices and bucket sizes, bf16/fp16).
 */
export function deepSpeedConfig(input: MemoryInput, t: Translate = english): Record<string, unknown> {
  if (input.sharding !== 'deepspeed') throw new UserError(t('This plan uses {0}, which DeepSpeed does not run; export it as accelerate or Megatron-LM settings.', shardingWords(input.zero, input.sharding, t)));
  if (input.mode === 'inference') throw new UserError(t('A DeepSpeed training config is for training; serving plans have none.'));
  const { train, micro, accumulation } = batchShape(input);
  const zero: Record<string, unknown> = { stage: input.zero, contiguous_gradients: true, overlap_comm: input.zero === 3, reduce_bucket_size: input.zeroBuckets.reduceBucketSize };
  if (input.offloadOptimizer !== 'none') zero.offload_optimizer = input.offloadOptimizer === 'nvme' ? { device: 'nvme', nvme_path: '/local_nvme', pin_memory: true } : { device: 'cpu', pin_memory: true };
  if (input.offloadParams !== 'none') zero.offload_param = input.offloadParams === 'nvme' ? { device: 'nvme', nvme_path: '/local_nvme', pin_memory: true } : { device: 'cpu', pin_memory: true };
  if (input.zero === 3) {
    zero.stage3_prefetch_bucket_size = input.zeroBuckets.prefetchBucketSize;
    zero.stage3_max_live_parameters = input.zeroBuckets.maxLiveParameters;
    zero.stage3_max_reuse_distance = input.zeroBuckets.maxReuseDistance;
    zero.stage3_gather_16bit_weights_on_model_save = true;
  }
  const p = input.precision;
  return {
    train_batch_size: train,
    train_micro_batch_size_per_gpu: micro,
    gradient_accumulation_steps: accumulation,
    gradient_clipping: 1.0,
    ...(p === 'mixed-bf16' || p === 'bf16' ? { bf16: { enabled: true } } : {}),
    ...(p === 'mixed-fp16' || p === 'fp16' ? { fp16: { enabled: true, loss_scale: 0, initial_scale_power: 16, loss_scale_window: 1000, hysteresis: 2, min_loss_scale: 1 } } : {}),
    zero_optimization: zero,
    ...(input.recompute === 'full' ? { activation_checkpointing: { partition_activations: false, contiguous_memory_optimization: false, cpu_checkpointing: false } } : {}),
    steps_per_print: 100,
    wall_clock_breakdown: false,
  };
}

/** What a config value means when it is a number, "auto" (Hugging Face fills it) or missing. */
function count(value: unknown, key: string, source: string, t: Translate): number | undefined {
  if (value === undefined || value === null || value === 'auto') return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || !Number.isInteger(value)) throw new UserError(t('{0}: {1} must be a whole number, not {2}.', source, key, quoteValue(value)));
  return value;
}

export interface ReadConfig {
  fields: MemoryFields;
  /** What the file does not say and the estimate assumes, or what it says that is ignored. */
  notes: string[];
}

/**
 * Reads a ds_config.json into calculator fields. What DeepSpeed itself would refuse is refused with
 * its own complaint: batch sizes that do not multiply out, a stage it does not know. `gpus`, when
 * given, is the world size the batch sizes must agree with; otherwise it follows from them.
 */
/**
 * `dataParallel`: the data-parallel size DeepSpeed's batch sizes must multiply out with
 * (its world_size is the data-parallel group's when TP/PP are in use: runtime/config.py, _batch_assertion).
 * Without it the size is read from the batch sizes and becomes the GPU count.
 */
export function readDeepSpeedConfig(text: string, source: string, dataParallel: number | undefined, t: Translate = english): ReadConfig {
  const raw = parseJsonFile(text, source);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UserError(t('{0} is not a DeepSpeed config: it is not a JSON object.', source));
  const c = raw as Record<string, unknown>;
  const z = (c.zero_optimization ?? {}) as Record<string, unknown>;
  if (typeof z !== 'object' || Array.isArray(z)) throw new UserError(t('{0}: zero_optimization must be an object.', source));
  const notes: string[] = [];
  const fields: MemoryFields = {};
  const stage = z.stage === undefined ? 0 : z.stage;
  if (stage !== 0 && stage !== 1 && stage !== 2 && stage !== 3) throw new UserError(t('{0}: {1} is not a valid ZeroStageEnum (DeepSpeed knows stages 0, 1, 2 and 3).', source, quoteValue(stage)));
  fields.zero = String(stage);
  const enabled = (k: string) => !!(c[k] && typeof c[k] === 'object' && (c[k] as Record<string, unknown>).enabled === true);
  if (enabled('bf16') && enabled('fp16')) throw new UserError(t('{0}: bf16 and fp16 modes cannot be simultaneously enabled.', source));
  fields.dtype = enabled('bf16') ? 'bf16' : enabled('fp16') ? 'fp16' : 'fp32';
  const device = (o: unknown) => (o && typeof o === 'object' ? (o as Record<string, unknown>).device : undefined);
  for (const [key, field] of [
    ['offload_optimizer', 'offloadOptimizer'],
    ['offload_param', 'offloadParams'],
  ] as const) {
    const d = device(z[key]);
    if (d === undefined || d === 'none') continue;
    if (d !== 'cpu' && d !== 'nvme') throw new UserError(t('{0}: {1}.device {2} is not cpu, nvme or none.', source, key, quoteValue(d)));
    fields[field] = d;
  }
  for (const [key, field] of [
    ['reduce_bucket_size', 'reduceBucketSize'],
    ['stage3_prefetch_bucket_size', 'stage3PrefetchBucketSize'],
    ['stage3_max_live_parameters', 'stage3MaxLiveParameters'],
    ['stage3_max_reuse_distance', 'stage3MaxReuseDistance'],
  ] as const) {
    const v = count(z[key], key, source, t);
    if (v !== undefined && v > 0) fields[field] = String(v);
    else if (z[key] === 'auto') notes.push(t('{0} is "auto": Hugging Face fills it from the model; DeepSpeed’s default is assumed.', key));
  }
  if (c.activation_checkpointing !== undefined) fields.recompute = 'full';
  // DeepSpeed's own batch arithmetic (runtime/config.py, _batch_assertion).
  const train = count(c.train_batch_size, 'train_batch_size', source, t);
  const micro = count(c.train_micro_batch_size_per_gpu, 'train_micro_batch_size_per_gpu', source, t);
  const acc = count(c.gradient_accumulation_steps, 'gradient_accumulation_steps', source, t);
  if (train === 0) throw new UserError(t('{0}: Train batch size: {1} has to be greater than 0', source, train));
  if (micro === 0) throw new UserError(t('{0}: Micro batch size per gpu: {1} has to be greater than 0', source, micro));
  if (acc === 0) throw new UserError(t('{0}: Gradient accumulation steps: {1} has to be greater than 0', source, acc));
  let world = dataParallel;
  if (train !== undefined && micro !== undefined && acc !== undefined) {
    if (world === undefined) {
      world = train / (micro * acc);
      if (!Number.isInteger(world)) throw new UserError(t('{0}: Check batch related parameters. train_batch_size is not equal to micro_batch_per_gpu * gradient_acc_step * world_size {1} != {2} * {3} * world_size', source, train, micro, acc));
    } else if (train !== micro * acc * world) {
      throw new UserError(t('{0}: Check batch related parameters. train_batch_size is not equal to micro_batch_per_gpu * gradient_acc_step * world_size {1} != {2} * {3} * {4}', source, train, micro, acc, world));
    }
  }
  if (micro !== undefined) fields.batch = String(micro);
  if (train !== undefined) fields.globalBatch = String(train);
  else if (micro !== undefined && acc !== undefined && world !== undefined) fields.globalBatch = String(micro * acc * world);
  if (world !== undefined && dataParallel === undefined) fields.gpus = String(world);
  if (train === undefined && micro === undefined) notes.push(t('The batch sizes are "auto" or missing: the micro-batch of the estimate is used.'));
  return { fields, notes };
}

/** Whether a parsed JSON object looks like a DeepSpeed config (for the editor's CodeLens). */
export function looksLikeDeepSpeedConfig(value: unknown): boolean {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.includes('zero_optimization') || (keys.includes('train_micro_batch_size_per_gpu') && (keys.includes('fp16') || keys.includes('bf16') || keys.includes('optimizer')));
}
