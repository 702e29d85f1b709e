import { UserError } from '../core/errors';
import { countParams } from '../core/models/architecture';
import { deepSpeedTable, deepSpeedText } from '../core/memory/deepspeed';
import type { MemoryFields } from '../core/memory/fields';
import { FIT_GRAMMAR_HELP, parseFitExpression } from '../core/memory/fitExpression';
import { buildInput } from '../core/memory/input';
import { findModelPreset } from '../core/models/presets';
import { estimateJson, estimateMarkdown } from '../core/time/report';
import { estimateRun } from '../core/time/estimateRun';
import { parseCount, parseParamCount } from '../core/memory/units';
import { MEM_FLAG_DEFS, offloadTargets, type FlagDef } from '../core/memory/vocabulary';
import { boolFlag, wantsHelp, parseArgs, stringFlag, UsageError, type FlagSpec } from './args';
import { cliModels } from './models';
import type { CliIo } from './io';

/** "--mode inference|full|lora|qlora", from the vocabulary. */
function flagHelp(def: FlagDef): string {
  return def.placeholder ? `--${def.flag} ${def.placeholder}` : `--${def.flag}`;
}

const ARCH_FLAGS = new Set(['layers', 'hidden', 'ffn', 'heads', 'kv-heads', 'head-dim', 'vocab', 'tied']);

/** The flag list of the help, wrapped at ~100 columns. */
function flagsHelp(): string {
  const lines: string[] = [];
  let line = '  ';
  for (const def of MEM_FLAG_DEFS.filter((d) => !ARCH_FLAGS.has(d.flag))) {
    const word = flagHelp(def);
    if (line.length + word.length > 100) {
      lines.push(line.trimEnd());
      line = '  ';
    }
    line += `${word} `;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}

export const MEM_USAGE = `usage: llm-notes mem [FIT-EXPRESSION] [flags] [--config PATH] [--json]
       llm-notes mem deepspeed --stage 2|3 (--params P [--largest-layer L] | --model ID | --config PATH) [--gpus-per-node N] [--nodes M] [--json]

Estimates GPU memory per GPU, with every figure's working: the step's phases (forward, loss,
backward, optimizer step; prefill and decode for inference), what is alive at the peak, and three
readings — allocated (torch.cuda.max_memory_allocated), reserved (max_memory_reserved) and device
(nvidia-smi) — the verdict comparing device with the GPU. The published formulas (DeepSpeed's,
Korthikanti's) follow as lines. "zero1-3" are DeepSpeed's ZeRO; "fsdp" and "shard-grad-op" are
PyTorch FSDP's strategies. On a known GPU, time comes beside memory: FLOPs per token, the step
part by part (compute at an assumed MFU, communication not hidden, pipeline bubble, offload),
tokens/s, and with --tokens the run's FLOPs, wall-clock, GPU-hours and, with --price, its cost;
each suggestion says what it does to the time. The fit expression reads
  ${FIT_GRAMMAR_HELP}
e.g. llm-notes mem 34B full bf16 adamw zero3 on 4xA100-80G

A model is a preset id, a size (34B), an org/name from the Hugging Face cache
(Qwen/Qwen2.5-72B-Instruct: $HF_HUB_CACHE, $HF_HOME/hub or ~/.cache/huggingface/hub), or a
config.json given with --config PATH.

Flags (override the expression; they take the same words, e.g. --optimizer paged_adamw_8bit):
${flagsHelp()}
  custom architecture: --layers --hidden --ffn --heads --kv-heads --head-dim --vocab [--tied] [--mlp gated|plain]`;

export const MEM_FLAGS: Record<string, FlagSpec> = {
  json: {},
  help: {},
  config: { value: true },
  ...Object.fromEntries(
    MEM_FLAG_DEFS.map((d): [string, FlagSpec] => [d.flag, d.kind === 'switch' ? {} : d.kind === 'offload' ? { optionalChoices: d.list!.flagWords() } : { value: true }]),
  ),
};

/** Sets the field a flag fills; words of choice fields are checked here, with the flag named. */
function applyFlag(fields: MemoryFields, def: FlagDef, value: string | true): void {
  const target = fields as Record<string, string | boolean>;
  if (def.kind === 'switch') {
    target[def.field!] = def.sets!;
    return;
  }
  if (def.kind === 'offload') {
    const word = value === true ? 'optimizer' : def.list!.value(value);
    if (word === undefined) throw new UsageError(`--offload takes ${def.list!.oneOf(', ')}, not "${value}"`);
    Object.assign(fields, offloadTargets(word));
    return;
  }
  const text = value as string;
  if (def.field === 'flashAttention') {
    const v = def.list!.value(text);
    if (v === undefined) throw new UsageError(`--${def.flag} takes ${def.list!.oneOf(' or ')}, not "${text}"`);
    target.flashAttention = v === 'on';
    return;
  }
  target[def.field!] = text;
}

export async function runMem(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === 'deepspeed') return runDeepSpeed(argv.slice(1), io);
  const args = parseArgs(argv, MEM_FLAGS);
  if (wantsHelp(args)) {
    io.stdout(MEM_USAGE + '\n');
    return 0;
  }
  // With --config the file is the model: the expression, if any, starts after it ("full on 8xH100").
  const configPath = stringFlag(args, 'config');
  const configModels = configPath !== undefined ? await cliModels(undefined, configPath, io) : undefined;
  const modelWord = configModels?.id?.replace(/\s+/g, '-');
  const expression = [modelWord, ...args.positionals].filter(Boolean).join(' ');
  const fields: MemoryFields = args.positionals.length ? parseFitExpression(expression) : modelWord ? { model: modelWord } : {};
  for (const def of MEM_FLAG_DEFS) {
    const value = args.flags.get(def.flag);
    if (value !== undefined) applyFlag(fields, def, value as string | true);
  }
  if (stringFlag(args, 'params') !== undefined) delete fields.model;
  const models = configModels ?? (await cliModels(fields.model, undefined, io));
  const result = estimateRun(buildInput(fields, undefined, models.resolve));
  io.stdout(boolFlag(args, 'json') ? JSON.stringify(estimateJson(result), null, 2) + '\n' : estimateMarkdown(result) + '\n');
  return 0;
}

export const DEEPSPEED_FLAGS: Record<string, FlagSpec> = {
  stage: { value: true },
  config: { value: true },
  params: { value: true },
  'largest-layer': { value: true },
  model: { value: true },
  'gpus-per-node': { value: true },
  nodes: { value: true },
  'buffer-factor': { value: true },
  json: {},
  help: {},
};

async function runDeepSpeed(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, DEEPSPEED_FLAGS);
  if (wantsHelp(args)) {
    io.stdout(MEM_USAGE + '\n');
    return 0;
  }
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const stageText = stringFlag(args, 'stage');
  if (stageText !== '2' && stageText !== '3') throw new UsageError('--stage must be 2 or 3');
  const stage = Number(stageText) as 2 | 3;
  const modelId = stringFlag(args, 'model');
  const configPath = stringFlag(args, 'config');
  const preset = modelId !== undefined ? findModelPreset(modelId) : undefined;
  const models = await cliModels(preset ? undefined : modelId, configPath, io);
  const found = preset ? { params: preset.totalParams, arch: preset.arch } : models.resolve(models.id ?? modelId ?? '');
  if (modelId !== undefined && !found) throw new UserError(`Unknown model preset "${modelId}".`);
  const paramsText = stringFlag(args, 'params');
  if (paramsText === undefined && !found) throw new UsageError('give --params P (or --model ID, or --config PATH)');
  const totalParams = paramsText !== undefined ? parseParamCount(paramsText) : found!.params;
  const largestText = stringFlag(args, 'largest-layer');
  const largestLayerParams = largestText !== undefined ? parseParamCount(largestText, 'largest-layer') : found ? countParams(found.arch).largestLayer : undefined;
  const gpusPerNode = parseCount(stringFlag(args, 'gpus-per-node') ?? '1', 'gpus-per-node', 1, 64);
  const nodes = parseCount(stringFlag(args, 'nodes') ?? '1', 'nodes', 1, 4096);
  const factor = Number(stringFlag(args, 'buffer-factor') ?? '1.5');
  if (!(factor >= 1 && factor <= 10)) throw new UserError('--buffer-factor must be between 1 and 10.');
  const input = { stage, totalParams, largestLayerParams, gpusPerNode, nodes, additionalBufferFactor: factor };
  const rows = deepSpeedTable(input);
  if (boolFlag(args, 'json')) io.stdout(JSON.stringify({ rows }, null, 2) + '\n');
  else io.stdout(deepSpeedText(input, rows) + '\n');
  return 0;
}
