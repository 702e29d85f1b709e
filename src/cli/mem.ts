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
import { decodeUtf8 } from '../node/files';
import { readDeepSpeedConfig } from '../core/plan/deepspeedConfig';
import { readAccelerateConfig } from '../core/plan/accelerateConfig';
import { searchPlans } from '../core/plan/search';
import { planJson, planSentence } from '../core/plan/report';
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
  custom architecture: --layers --hidden --ffn --heads --kv-heads --head-dim --vocab [--tied] [--mlp gated|plain]
  engine configs: --deepspeed ds_config.json | --accelerate accelerate.yaml (their settings override the expression's;
    DeepSpeed's batch sizes must multiply out with the GPU count)

A configuration that does not fit names the fastest plan that does (llm-notes plan lists them all).`;

export const MEM_FLAGS: Record<string, FlagSpec> = {
  json: {},
  help: {},
  config: { value: true },
  deepspeed: { value: true },
  accelerate: { value: true },
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

/** An engine's config file beside the expression: its settings override the expression's (--deepspeed, --accelerate). */
const MAX_ENGINE_CONFIG_BYTES = 1024 * 1024;

async function engineConfigFields(args: ReturnType<typeof parseArgs>, fields: MemoryFields, io: CliIo): Promise<{ fields: MemoryFields; notes: string[] }> {
  const ds = stringFlag(args, 'deepspeed');
  const acc = stringFlag(args, 'accelerate');
  if (ds !== undefined && acc !== undefined) throw new UsageError('--deepspeed and --accelerate each describe the whole run; give one');
  if (ds === undefined && acc === undefined) return { fields, notes: [] };
  const path = (ds ?? acc)!;
  const text = decodeUtf8(await io.readFile(path, MAX_ENGINE_CONFIG_BYTES), path);
  // DeepSpeed's batch sizes multiply out with the data-parallel size: the GPUs the expression names ÷ (TP × PP).
  const gpus = fields.nodes !== undefined && fields.gpusPerNode !== undefined ? Number(fields.nodes) * Number(fields.gpusPerNode) : fields.gpus !== undefined ? Number(fields.gpus) : undefined;
  const dataParallel = gpus !== undefined ? gpus / (Number(fields.tp ?? 1) * Number(fields.pp ?? 1)) : undefined;
  const read = ds !== undefined ? readDeepSpeedConfig(text, path, dataParallel !== undefined && Number.isInteger(dataParallel) && dataParallel > 0 ? dataParallel : undefined) : readAccelerateConfig(text, path);
  return { fields: { ...fields, ...read.fields }, notes: read.notes };
}

/** The fields of `mem` and `plan`: the expression, then flags, then an engine's config file; and the models they may name. */
export async function memFields(args: ReturnType<typeof parseArgs>, io: CliIo): Promise<{ fields: MemoryFields; models: Awaited<ReturnType<typeof cliModels>>; notes: string[] }> {
  // With --config the file is the model: the expression, if any, starts after it ("full on 8xH100").
  const configPath = stringFlag(args, 'config');
  const configModels = configPath !== undefined ? await cliModels(undefined, configPath, io) : undefined;
  const modelWord = configModels?.id?.replace(/\s+/g, '-');
  const expression = [modelWord, ...args.positionals].filter(Boolean).join(' ');
  const parsed: MemoryFields = args.positionals.length ? parseFitExpression(expression) : modelWord ? { model: modelWord } : {};
  for (const def of MEM_FLAG_DEFS) {
    const value = args.flags.get(def.flag);
    if (value !== undefined) applyFlag(parsed, def, value as string | true);
  }
  if (stringFlag(args, 'params') !== undefined) delete parsed.model;
  const { fields, notes } = await engineConfigFields(args, parsed, io);
  const models = configModels ?? (await cliModels(fields.model, undefined, io));
  return { fields, models, notes };
}

export async function runMem(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === 'deepspeed') return runDeepSpeed(argv.slice(1), io);
  const args = parseArgs(argv, MEM_FLAGS);
  if (wantsHelp(args)) {
    io.stdout(MEM_USAGE + '\n');
    return 0;
  }
  const { fields, models, notes } = await memFields(args, io);
  const input = buildInput(fields, undefined, models.resolve);
  const result = estimateRun(input);
  result.notes.push(...notes);
  // A configuration that does not fit gets the fastest plan that does, or the smallest cluster.
  const search = result.fits ? undefined : searchPlans(input);
  const sentence = search ? planSentence(search) : undefined;
  if (boolFlag(args, 'json')) {
    const json = estimateJson(result);
    if (search) json.plan = planJson(search);
    io.stdout(JSON.stringify(json, null, 2) + '\n');
  } else {
    io.stdout(estimateMarkdown(result, undefined, sentence) + '\n');
  }
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
