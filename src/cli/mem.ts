import { deepSpeedTable, deepSpeedText } from '../core/memory/deepspeed';
import { estimate } from '../core/memory/estimate';
import { FIT_GRAMMAR_HELP, parseFitExpression } from '../core/memory/fitExpression';
import { buildInput, type MemoryFields } from '../core/memory/input';
import { countParams } from '../core/memory/architecture';
import { findModelPreset } from '../core/memory/presets';
import { memoryJson, memoryMarkdown } from '../core/memory/report';
import { parseCount, parseParamCount } from '../core/memory/units';
import { UserError } from '../core/errors';
import { boolFlag, parseArgs, stringFlag, UsageError, type FlagSpec } from './args';
import type { CliIo } from './io';

export const MEM_USAGE = `usage: llm-notes mem [FIT-EXPRESSION] [flags] [--json]
       llm-notes mem deepspeed --stage 2|3 (--params P [--largest-layer L] | --model ID) [--gpus-per-node N] [--nodes M] [--json]

Estimates GPU memory per GPU, with every figure's working. The fit expression reads
  ${FIT_GRAMMAR_HELP}
e.g. llm-notes mem 34B full bf16 adamw zero3 on 4xA100-80G

Flags (override the expression): --model ID|SIZE --params N --mode inference|full|lora|qlora
  --dtype fp32|bf16|fp16|pure-bf16|int8|int4 --optimizer adamw|adamw8bit|sgd|adafactor --zero 0-3
  --offload [optimizer|params|all|nvme|none] --tp N --pp N --sequence-parallel --gpus N --nodes N
  --gpus-per-node N --gpu NAME --gpu-mem SIZE --batch N --seq N --recompute none|selective|full
  --flash-attn on|off --lora-rank N --no-double-quant --kv-bits 16|8 --largest-layer N
  --cuda-context GIB --allocator-reserve PCT
  custom architecture: --layers --hidden --ffn --heads --kv-heads --head-dim --vocab [--tied]`;

export const MEM_FLAGS: Record<string, FlagSpec> = {
  json: {}, help: {},
  model: { value: true }, params: { value: true }, mode: { value: true }, dtype: { value: true }, optimizer: { value: true },
  zero: { value: true }, offload: { optionalChoices: ['optimizer', 'params', 'all', 'nvme', 'none', 'cpu'] },
  tp: { value: true }, pp: { value: true }, 'sequence-parallel': {}, gpus: { value: true }, nodes: { value: true },
  'gpus-per-node': { value: true }, gpu: { value: true }, 'gpu-mem': { value: true }, batch: { value: true }, seq: { value: true },
  recompute: { value: true }, 'flash-attn': { value: true }, 'lora-rank': { value: true }, 'no-double-quant': {}, 'kv-bits': { value: true },
  'largest-layer': { value: true }, 'cuda-context': { value: true }, 'allocator-reserve': { value: true },
  layers: { value: true }, hidden: { value: true }, ffn: { value: true }, heads: { value: true }, 'kv-heads': { value: true },
  'head-dim': { value: true }, vocab: { value: true }, tied: {},
};

const FIELD_OF_FLAG: Record<string, keyof MemoryFields> = {
  model: 'model', params: 'params', mode: 'mode', dtype: 'dtype', optimizer: 'optimizer', zero: 'zero', tp: 'tp', pp: 'pp',
  gpus: 'gpus', nodes: 'nodes', 'gpus-per-node': 'gpusPerNode', gpu: 'gpu', 'gpu-mem': 'gpuMem', batch: 'batch', seq: 'seq',
  recompute: 'recompute', 'lora-rank': 'loraRank', 'kv-bits': 'kvCacheBits', 'largest-layer': 'largestLayer',
  'cuda-context': 'cudaContextGiB', 'allocator-reserve': 'allocatorReservePct', layers: 'layers', hidden: 'hidden', ffn: 'ffn',
  heads: 'heads', 'kv-heads': 'kvHeads', 'head-dim': 'headDim', vocab: 'vocab',
};

export async function runMem(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === 'deepspeed') return runDeepSpeed(argv.slice(1), io);
  const args = parseArgs(argv, MEM_FLAGS);
  if (boolFlag(args, 'help')) {
    io.stdout(MEM_USAGE + '\n');
    return 0;
  }
  const fields: MemoryFields = args.positionals.length ? parseFitExpression(args.positionals.join(' ')) : {};
  for (const [flag, field] of Object.entries(FIELD_OF_FLAG)) {
    const v = stringFlag(args, flag);
    if (v !== undefined) (fields as Record<string, string>)[field] = v;
  }
  if (stringFlag(args, 'params') !== undefined) delete fields.model;
  if (boolFlag(args, 'sequence-parallel')) fields.sequenceParallel = true;
  if (boolFlag(args, 'no-double-quant')) fields.doubleQuant = false;
  if (boolFlag(args, 'tied')) fields.tiedEmbeddings = true;
  const flash = stringFlag(args, 'flash-attn');
  if (flash !== undefined) {
    if (flash !== 'on' && flash !== 'off') throw new UsageError(`--flash-attn takes on or off, not "${flash}"`);
    fields.flashAttention = flash === 'on';
  }
  const offload = args.flags.get('offload');
  if (offload !== undefined) {
    const v = offload === true ? 'optimizer' : (offload as string);
    fields.offloadOptimizer = v === 'optimizer' || v === 'all' || v === 'cpu' ? 'cpu' : v === 'nvme' ? 'nvme' : 'none';
    fields.offloadParams = v === 'params' || v === 'all' ? 'cpu' : v === 'nvme' ? 'nvme' : 'none';
    if ((fields.offloadOptimizer !== 'none' || fields.offloadParams !== 'none') && fields.zero === undefined) fields.zero = fields.offloadParams !== 'none' || v === 'nvme' ? '3' : '2';
  }
  const result = estimate(buildInput(fields));
  io.stdout(boolFlag(args, 'json') ? JSON.stringify(memoryJson(result), null, 2) + '\n' : memoryMarkdown(result) + '\n');
  return 0;
}

export const DEEPSPEED_FLAGS: Record<string, FlagSpec> = {
  stage: { value: true }, params: { value: true }, 'largest-layer': { value: true }, model: { value: true },
  'gpus-per-node': { value: true }, nodes: { value: true }, 'buffer-factor': { value: true }, json: {}, help: {},
};

async function runDeepSpeed(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, DEEPSPEED_FLAGS);
  if (boolFlag(args, 'help')) {
    io.stdout(MEM_USAGE + '\n');
    return 0;
  }
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const stageText = stringFlag(args, 'stage');
  if (stageText !== '2' && stageText !== '3') throw new UsageError('--stage must be 2 or 3');
  const stage = Number(stageText) as 2 | 3;
  const modelId = stringFlag(args, 'model');
  const preset = modelId !== undefined ? findModelPreset(modelId) : undefined;
  if (modelId !== undefined && !preset) throw new UserError(`Unknown model preset "${modelId}".`);
  const paramsText = stringFlag(args, 'params');
  if (paramsText === undefined && !preset) throw new UsageError('give --params P (or --model ID)');
  const totalParams = paramsText !== undefined ? parseParamCount(paramsText) : preset!.totalParams;
  const largestText = stringFlag(args, 'largest-layer');
  const largestLayerParams = largestText !== undefined ? parseParamCount(largestText, 'largest-layer') : preset ? countParams(preset.arch).largestLayer : undefined;
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
