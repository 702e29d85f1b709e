import { UserError } from '../errors';
import type { MemoryFields } from './input';

/**
 * The fit-expression grammar, for notes and the CLI:
 *
 *   MODEL [MODE] [DTYPE] [OPTIMIZER] [zero0-3] [offload…] [tpN] [ppN] [sp] [ctx N] [batch N]
 *         [recompute|selective] [no-flash] [rank N] … [on [N nodes ×] N × GPU]
 *
 * e.g. `34B full bf16 adamw zero3 on 4xA100-80G`, `llama2-70b inference int4 ctx 32k batch 8 on 1xH100`.
 * Words may come in any order after the model; numbers may be glued (tp2, bs8) or separate (tp 2).
 */
export const FIT_GRAMMAR_HELP =
  'MODEL [inference|full|lora|qlora] [fp32|bf16|fp16|pure-bf16|int8|int4] [adamw|adamw8bit|sgd|adafactor] [zero0-3] [offload|offload-params|offload-nvme] [tpN] [ppN] [sp] [ctx N] [batch N] [recompute|selective] [no-flash] [rank N] [on N×GPU | on M nodes × N GPU]';

const NUMBER_WORDS: Record<string, keyof MemoryFields> = {
  ctx: 'seq', context: 'seq', seq: 'seq', seqlen: 'seq', 'seq-len': 'seq', len: 'seq',
  batch: 'batch', bs: 'batch', mbs: 'batch', 'micro-batch': 'batch', microbatch: 'batch',
  tp: 'tp', pp: 'pp', rank: 'loraRank', r: 'loraRank', gpus: 'gpus', layers: 'layers', hidden: 'hidden', vocab: 'vocab', heads: 'heads',
};

/** Parses a fit expression into calculator fields; a word it does not know is refused by name. */
export function parseFitExpression(text: string): MemoryFields {
  const source = text.trim();
  if (!source) throw new UserError('The fit expression is empty; write e.g. "34B full bf16 adamw zero3 on 4xA100-80G".');
  if (source.length > 500) throw new UserError('A fit expression is at most 500 characters.');
  const lower = source.toLowerCase().replace(/[×*]/g, 'x');
  const onAt = lower.search(/\s(on|@)\s/);
  const head = onAt >= 0 ? lower.slice(0, onAt) : lower;
  const hardware = onAt >= 0 ? lower.slice(onAt).replace(/^\s(on|@)\s/, '') : undefined;
  const words = head.split(/\s+/).filter(Boolean);
  const fields: MemoryFields = { model: words[0] };
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const next = words[i + 1];
    const glued = /^([a-z-]+?)[=:]?(\d+(?:\.\d+)?[km]?)$/.exec(w);
    if (w in NUMBER_WORDS && next !== undefined && /^\d/.test(next)) {
      setNumber(fields, NUMBER_WORDS[w], next);
      i++;
    } else if (/^(lora|qlora)[-=]?r?(\d+)$/.test(w)) {
      const m = /^(lora|qlora)[-=]?r?(\d+)$/.exec(w)!;
      fields.mode = m[1];
      fields.loraRank = m[2];
    } else if (/^(zero|z|ds)-?[0-3]$/.test(w)) {
      fields.zero = w.slice(-1);
    } else if (w === 'zero' && next && /^[0-3]$/.test(next)) {
      fields.zero = next;
      i++;
    } else if (w === 'fsdp') {
      fields.zero = '3';
    } else if (glued && glued[1] in NUMBER_WORDS && !/^(inference|int\d)$/.test(w)) {
      setNumber(fields, NUMBER_WORDS[glued[1]], glued[2]);
    } else if (!keyword(fields, w)) {
      throw new UserError(`"${w}" is not part of the fit-expression grammar: ${FIT_GRAMMAR_HELP}`);
    }
  }
  if (hardware !== undefined) Object.assign(fields, parseHardware(hardware));
  return fields;
}

function setNumber(fields: MemoryFields, key: keyof MemoryFields, value: string): void {
  (fields as Record<string, string>)[key] = value;
}

function keyword(fields: MemoryFields, w: string): boolean {
  const modes = ['inference', 'infer', 'serve', 'serving', 'generate', 'full', 'fft', 'finetune', 'full-finetune', 'pretrain', 'training', 'train', 'lora', 'qlora'];
  if (modes.includes(w)) {
    fields.mode = w;
    return true;
  }
  if (['fp32', 'bf16', 'fp16', 'mixed', 'amp', 'pure-bf16', 'bf16-pure', 'pure-fp16', 'fp16-pure', 'int8', 'int4', 'awq', 'gptq'].includes(w)) {
    fields.dtype = w;
    return true;
  }
  if (w === 'nf4') {
    fields.mode = fields.mode === 'inference' ? 'inference' : 'qlora';
    if (fields.mode === 'inference') fields.dtype = 'int4';
    return true;
  }
  if (['adamw', 'adam', 'adamw8bit', 'adam8bit', '8bit-adam', 'adamw-8bit', 'paged-adamw-8bit', 'sgd', 'adafactor'].includes(w)) {
    fields.optimizer = w;
    return true;
  }
  const offload: Record<string, [string?, string?]> = {
    offload: ['cpu', undefined], 'offload-optimizer': ['cpu', undefined], 'offload-opt': ['cpu', undefined], 'offload-cpu': ['cpu', undefined],
    'offload-params': [undefined, 'cpu'], 'offload-param': [undefined, 'cpu'], 'offload-all': ['cpu', 'cpu'], 'offload-nvme': ['nvme', 'nvme'], nvme: ['nvme', 'nvme'],
  };
  if (w in offload) {
    const [opt, params] = offload[w];
    if (opt) fields.offloadOptimizer = opt;
    if (params) fields.offloadParams = params;
    return true;
  }
  if (['sp', 'sequence-parallel', 'seq-parallel'].includes(w)) {
    fields.sequenceParallel = true;
    return true;
  }
  if (['recompute', 'checkpointing', 'gc', 'grad-ckpt', 'gradient-checkpointing', 'activation-checkpointing', 'full-recompute'].includes(w)) {
    fields.recompute = 'full';
    return true;
  }
  if (['selective', 'selective-recompute'].includes(w)) {
    fields.recompute = 'selective';
    return true;
  }
  if (['no-recompute', 'no-checkpointing'].includes(w)) {
    fields.recompute = 'none';
    return true;
  }
  if (['flash', 'fa', 'fa2', 'flash-attn', 'flash-attention', 'sdpa'].includes(w)) {
    fields.flashAttention = true;
    return true;
  }
  if (['no-flash', 'eager', 'no-fa'].includes(w)) {
    fields.flashAttention = false;
    return true;
  }
  if (['dq', 'double-quant'].includes(w)) {
    fields.doubleQuant = true;
    return true;
  }
  if (['no-dq', 'no-double-quant'].includes(w)) {
    fields.doubleQuant = false;
    return true;
  }
  if (['kv8', 'kv-int8', 'fp8-kv', 'kv-fp8'].includes(w)) {
    fields.kvCacheBits = '8';
    return true;
  }
  return false;
}

/** "4xa100-80g", "8 x h100", "2 nodes x 8 a100-80g", "2x8xh100", "h200", "4x80g". */
function parseHardware(text: string): MemoryFields {
  const t = text.trim().replace(/\s*x\s*/g, 'x');
  let m = /^(\d+)\s*nodes?x(\d+)x?(.+)$/.exec(t);
  if (m) return { nodes: m[1], gpusPerNode: m[2], ...gpuField(m[3]) };
  m = /^(\d+)x(\d+)x(.+)$/.exec(t);
  if (m) return { nodes: m[1], gpusPerNode: m[2], ...gpuField(m[3]) };
  m = /^(\d+)x(.+)$/.exec(t);
  if (m) return { gpus: m[1], ...gpuField(m[2]) };
  m = /^(\d+)\s+(.+)$/.exec(t);
  if (m) return { gpus: m[1], ...gpuField(m[2]) };
  if (/^[a-z][\w.-]*$/.test(t) || /^\d+(\.\d+)?\s*(g|gb|gib)$/.test(t)) return { gpus: '1', ...gpuField(t) };
  throw new UserError(`"on ${text}" is not a GPU setup: write "on 4xA100-80G", "on 2 nodes × 8 H100" or "on 1x80G".`);
}

function gpuField(name: string): MemoryFields {
  const g = name.trim();
  return /^\d+(\.\d+)?\s*(g|gb|gib)$/.test(g) ? { gpuMem: g } : { gpu: g };
}
