import { parse, stringify } from 'yaml';
import { UserError } from '../errors';
import { quoteValue } from '../json';
import { english, type Translate } from '../l10n';
import type { MemoryFields } from '../memory/fields';
import type { MemoryInput } from '../memory/types';
import type { ReadConfig } from './deepspeedConfig';
import { batchShape } from './deepspeedConfig';

const STRATEGY: Record<string, string> = { fsdp: 'FULL_SHARD', 'fsdp-hybrid': 'HYBRID_SHARD' };

function mixedPrecision(input: MemoryInput): 'bf16' | 'fp16' | 'no' {
  const p = input.precision;
  return p === 'mixed-bf16' || p === 'bf16' ? 'bf16' : p === 'mixed-fp16' || p === 'fp16' ? 'fp16' : 'no';
}

/**
 * An accelerate config (`accelerate config` writes the same keys) for a plan: FSDP
 * (FULL_SHARD / SHARD_GRAD_OP / HYBRID_SHARD, CPU offload, activation checkpointing), DeepSpeed
 * (zero_stage, offload devices, accumulation), Megatron-LM (TP, PP, sequence parallel, recompute,
 * distributed optimizer) or plain DDP.
 */
export function accelerateConfig(input: MemoryInput, t: Translate = english): string {
  if (input.mode === 'inference') throw new UserError(t('An accelerate config is for training; serving plans have none.'));
  const nodes = Math.max(1, input.gpus / input.gpusPerNode);
  const { accumulation } = batchShape(input);
  const config: Record<string, unknown> = { compute_environment: 'LOCAL_MACHINE', debug: false };
  if (input.sharding === 'fsdp' || input.sharding === 'fsdp-hybrid') {
    if (input.tp > 1 || input.pp > 1) throw new UserError(t('accelerate’s FSDP has no tensor or pipeline parallelism; for TP {0} × PP {1} use torchtitan or Megatron-LM.', input.tp, input.pp));
    config.distributed_type = 'FSDP';
    config.fsdp_config = {
      fsdp_activation_checkpointing: input.recompute !== 'none',
      fsdp_auto_wrap_policy: 'TRANSFORMER_BASED_WRAP',
      fsdp_backward_prefetch: 'BACKWARD_PRE',
      fsdp_cpu_ram_efficient_loading: true,
      fsdp_forward_prefetch: false,
      fsdp_offload_params: input.offloadParams !== 'none' || input.offloadOptimizer !== 'none',
      fsdp_sharding_strategy: input.zero === 3 ? STRATEGY[input.sharding] : 'SHARD_GRAD_OP',
      fsdp_state_dict_type: 'SHARDED_STATE_DICT',
      fsdp_sync_module_states: true,
      fsdp_use_orig_params: true,
    };
  } else if (input.sharding === 'megatron' || input.tp > 1 || input.pp > 1) {
    if (input.sharding !== 'megatron') throw new UserError(t('accelerate’s DeepSpeed plugin has no tensor or pipeline parallelism; for TP {0} × PP {1} write the DeepSpeed config (Megatron-DeepSpeed) or choose a Megatron-LM plan.', input.tp, input.pp));
    // accelerate passes recompute_activations to Megatron-LM, where it means selective recomputation.
    if (input.recompute === 'full') throw new UserError(t('accelerate’s Megatron-LM plugin turns on selective recomputation only (recompute_activations); for full recomputation use Megatron-LM’s own arguments.'));
    config.distributed_type = 'MEGATRON_LM';
    config.megatron_lm_config = {
      megatron_lm_gradient_clipping: 1.0,
      megatron_lm_num_micro_batches: accumulation,
      megatron_lm_pp_degree: input.pp,
      megatron_lm_recompute_activations: input.recompute !== 'none',
      megatron_lm_sequence_parallelism: input.sequenceParallel,
      megatron_lm_tp_degree: input.tp,
      megatron_lm_use_distributed_optimizer: input.zero === 1,
    };
  } else if (input.zero === 0 && input.offloadOptimizer === 'none') {
    config.distributed_type = input.gpus > 1 ? 'MULTI_GPU' : 'NO';
  } else {
    config.distributed_type = 'DEEPSPEED';
    config.deepspeed_config = {
      gradient_accumulation_steps: accumulation,
      gradient_clipping: 1.0,
      offload_optimizer_device: input.offloadOptimizer,
      offload_param_device: input.offloadParams,
      zero3_init_flag: input.zero === 3,
      zero3_save_16bit_model: input.zero === 3,
      zero_stage: input.zero,
    };
  }
  Object.assign(config, {
    downcast_bf16: 'no',
    machine_rank: 0,
    main_training_function: 'main',
    mixed_precision: mixedPrecision(input),
    num_machines: nodes,
    num_processes: input.gpus,
    rdzv_backend: 'static',
    same_network: true,
    use_cpu: false,
  });
  return stringify(config);
}

const FSDP_STRATEGIES: Record<string, MemoryFields['zero']> = { FULL_SHARD: 'full-shard', '1': 'full-shard', SHARD_GRAD_OP: 'shard-grad-op', '2': 'shard-grad-op', HYBRID_SHARD: 'hybrid-shard', '4': 'hybrid-shard', NO_SHARD: '0', '3': '0' };

function whole(value: unknown, key: string, source: string, t: Translate): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new UserError(t('{0}: {1} must be a whole number of at least 1, not {2}.', source, key, quoteValue(value)));
  return value;
}

/**
 * Reads an accelerate config YAML into calculator fields: the processes and machines, mixed
 * precision, and the FSDP, DeepSpeed or Megatron-LM section. A file that is not YAML, or says what
 * accelerate would refuse, gets a sentence.
 */
export function readAccelerateConfig(text: string, source: string, t: Translate = english): ReadConfig {
  let raw: unknown;
  try {
    // Warnings (an unknown directive) would go to process.emitWarning; a config's problems are sentences or nothing.
    raw = parse(text, { maxAliasCount: 50, logLevel: 'error' });
  } catch (e) {
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new UserError(line ? t('{0} is not valid YAML (line {1}).', source, line) : t('{0} is not valid YAML.', source));
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new UserError(t('{0} is not an accelerate config: it is not a YAML mapping.', source));
  const c = raw as Record<string, unknown>;
  const fields: MemoryFields = {};
  const notes: string[] = [];
  const processes = whole(c.num_processes, 'num_processes', source, t);
  const machines = whole(c.num_machines, 'num_machines', source, t) ?? 1;
  if (processes !== undefined) {
    if (processes % machines !== 0) throw new UserError(t('{0}: num_processes {1} does not split over num_machines {2}.', source, processes, machines));
    fields.gpus = String(processes);
    fields.gpusPerNode = String(processes / machines);
  }
  const mp = c.mixed_precision;
  if (mp !== undefined) {
    if (mp !== 'no' && mp !== 'bf16' && mp !== 'fp16' && mp !== 'fp8') throw new UserError(t('{0}: mixed_precision {1} is not no, fp16, bf16 or fp8.', source, quoteValue(mp)));
    fields.dtype = mp === 'no' ? 'fp32' : mp === 'fp8' ? 'bf16' : mp;
    if (mp === 'fp8') notes.push(t('mixed_precision fp8: estimated as bf16 (FP8 matmuls keep bf16 weights and fp32 master copies).'));
  }
  const section = (key: string) => (c[key] && typeof c[key] === 'object' && !Array.isArray(c[key]) ? (c[key] as Record<string, unknown>) : {});
  switch (c.distributed_type) {
    case 'FSDP': {
      const f = section('fsdp_config');
      const given = f.fsdp_sharding_strategy ?? 'FULL_SHARD';
      const strategy = typeof given === 'string' || typeof given === 'number' ? String(given) : '';
      const zero = Object.hasOwn(FSDP_STRATEGIES, strategy) ? FSDP_STRATEGIES[strategy] : undefined;
      if (!zero) throw new UserError(t('{0}: fsdp_sharding_strategy {1} is not FULL_SHARD, SHARD_GRAD_OP, HYBRID_SHARD or NO_SHARD.', source, quoteValue(given)));
      fields.zero = zero;
      if (f.fsdp_offload_params === true) {
        fields.offloadParams = 'cpu';
        fields.offloadOptimizer = 'cpu';
      }
      if (f.fsdp_activation_checkpointing === true) fields.recompute = 'full';
      break;
    }
    case 'DEEPSPEED': {
      const d = section('deepspeed_config');
      if (d.deepspeed_config_file !== undefined) notes.push(t('deepspeed_config_file is set: open that file for its ZeRO settings; this estimate reads the accelerate keys only.'));
      const stage = d.zero_stage ?? 0;
      if (stage !== 0 && stage !== 1 && stage !== 2 && stage !== 3) throw new UserError(t('{0}: zero_stage {1} is not a ZeRO stage (0, 1, 2 or 3).', source, quoteValue(stage)));
      fields.zero = String(stage);
      for (const [key, field] of [
        ['offload_optimizer_device', 'offloadOptimizer'],
        ['offload_param_device', 'offloadParams'],
      ] as const) {
        const v = d[key];
        if (v === undefined || v === 'none') continue;
        if (v !== 'cpu' && v !== 'nvme') throw new UserError(t('{0}: {1} {2} is not none, cpu or nvme.', source, key, quoteValue(v)));
        fields[field] = v;
      }
      break;
    }
    case 'MEGATRON_LM': {
      const m = section('megatron_lm_config');
      const tp = whole(m.megatron_lm_tp_degree, 'megatron_lm_tp_degree', source, t);
      const pp = whole(m.megatron_lm_pp_degree, 'megatron_lm_pp_degree', source, t);
      if (tp !== undefined) fields.tp = String(tp);
      if (pp !== undefined) fields.pp = String(pp);
      if (m.megatron_lm_sequence_parallelism === true) fields.sequenceParallel = true;
      if (m.megatron_lm_recompute_activations === true) fields.recompute = 'selective';
      if (m.megatron_lm_use_distributed_optimizer === true) fields.zero = 'distributed-optimizer';
      break;
    }
    case 'MULTI_GPU':
    case 'NO':
    case undefined:
      fields.zero = '0';
      break;
    default:
      throw new UserError(t('{0}: distributed_type {1} is not one the calculator sizes (FSDP, DEEPSPEED, MEGATRON_LM, MULTI_GPU, NO).', source, quoteValue(c.distributed_type)));
  }
  return { fields, notes };
}

/** Whether a parsed YAML document looks like an accelerate config (for the editor's CodeLens). */
export function looksLikeAccelerateConfig(text: string): boolean {
  return /^\s*distributed_type\s*:/m.test(text) && /^\s*(num_processes|compute_environment)\s*:/m.test(text);
}
