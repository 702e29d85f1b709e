import type { FieldName, MemoryFields } from './fields';
import type { ShardingEngine } from './types';
import { GPU_PRESETS } from './gpus';

/**
 * The one list of words the calculator understands. The fit-expression grammar, the CLI's flags,
 * the canonical form written back into notes, the description of an input, the panel's option
 * lists (sent by the extension, never copied into the page) and the CLI help all read it, so a
 * word accepted in one place is accepted in all of them.
 *
 * Words compare without case, and "_" reads as "-", so the engines' own spellings work as written:
 * `paged_adamw_8bit`, `adamw_torch`, `FULL_SHARD`.
 */
export function normalizeWord(word: string): string {
  return word.trim().toLowerCase().replace(/_/g, '-');
}

/** One value of a choice field and the words that mean it. */
export interface Choice {
  /** What the panel's select holds and what the canonical expression writes. */
  value: string;
  /** Words accepted everywhere: as a flag's value and as a word of a fit expression. */
  words: readonly string[];
  /**
   * Words accepted only as a flag's value: bare values such as "none", "full" or "8" that would be
   * ambiguous in a sentence ("full" is a mode; "none" could be anything).
   */
  flagWords?: readonly string[];
}

/** The values of one choice field and every word for each; lookups are Maps, so "constructor" is not a word. */
export class WordList {
  private readonly byWord = new Map<string, string>();
  private readonly grammar = new Set<string>();

  constructor(
    /** The field it fills; "offload" fills two (offloadOptimizer and offloadParams). */
    readonly name: FieldName | 'offload',
    readonly choices: readonly Choice[],
  ) {
    for (const c of choices) {
      for (const w of [c.value, ...c.words, ...(c.flagWords ?? [])]) {
        const key = normalizeWord(w);
        const known = this.byWord.get(key);
        if (known !== undefined && known !== c.value) throw new Error(`vocabulary: "${w}" means both ${known} and ${c.value} for ${name}`);
        this.byWord.set(key, c.value);
      }
      for (const w of c.words) this.grammar.add(normalizeWord(w));
    }
  }

  /** The canonical value a word means, or undefined when the word is not one of this field's. */
  value(word: string): string | undefined {
    return this.byWord.get(normalizeWord(word));
  }

  /** Whether a fit expression may use this word on its own. */
  isGrammarWord(word: string): boolean {
    return this.grammar.has(normalizeWord(word));
  }

  /** The canonical values, in the order the panel lists them. */
  values(): string[] {
    return this.choices.map((c) => c.value);
  }

  /** Every word a flag accepts (values, words and flag-only words), normalised. */
  flagWords(): string[] {
    return [...this.byWord.keys()];
  }

  /** Every word a fit expression accepts on its own, normalised. */
  grammarWords(): string[] {
    return [...this.grammar];
  }

  /** "inference|full|lora|qlora", for help texts and error messages. */
  oneOf(separator = ', '): string {
    return this.values().join(separator);
  }
}

export const MODE = new WordList('mode', [
  { value: 'inference', words: ['inference', 'infer', 'serve', 'serving', 'generate'] },
  { value: 'full', words: ['full', 'fft', 'finetune', 'full-finetune', 'pretrain', 'training', 'train'] },
  { value: 'lora', words: ['lora'] },
  { value: 'qlora', words: ['qlora'] },
]);

/**
 * The precision field as the panel's select holds it. In training "bf16" is bf16 mixed precision
 * (fp32 master weights) and "pure-bf16" has no master copy; input.ts maps these to a Precision.
 * "nf4" is QLoRA's storage type: bf16 compute in training, 4-bit weights in inference.
 */
export const DTYPE = new WordList('dtype', [
  { value: 'bf16', words: ['bf16', 'bfloat16', 'mixed', 'amp', 'mixed-bf16', 'bf16-mixed'] },
  { value: 'fp16', words: ['fp16', 'float16', 'mixed-fp16', 'fp16-mixed', '16-mixed'] },
  { value: 'fp32', words: ['fp32', 'float32', '32-true'] },
  { value: 'pure-bf16', words: ['pure-bf16', 'bf16-pure', 'bf16-true'] },
  { value: 'pure-fp16', words: ['pure-fp16', 'fp16-pure', 'fp16-true'] },
  { value: 'int8', words: ['int8'] },
  { value: 'int4', words: ['int4', 'awq', 'gptq'] },
  { value: 'nf4', words: ['nf4'] },
]);

/** The dtype values the panel offers (nf4 is a word for QLoRA, not a form value). */
export const PANEL_DTYPES = DTYPE.values().filter((v) => v !== 'nf4');

export const OPTIMIZER = new WordList('optimizer', [
  { value: 'adamw', words: ['adamw', 'adam', 'adamw-torch', 'adamw-torch-fused', 'adamw-hf'] },
  { value: 'adamw8bit', words: ['adamw8bit', 'adam8bit', '8bit-adam', 'adamw-8bit', 'adamw-bnb-8bit', 'paged-adamw-8bit'] },
  { value: 'sgd', words: ['sgd'] },
  { value: 'adafactor', words: ['adafactor'] },
]);

/**
 * DeepSpeed's ZeRO stages and PyTorch FSDP's sharding strategies. They shard the same state
 * (SHARD_GRAD_OP as stage 2, FULL_SHARD as stage 3) but hold it differently: DeepSpeed's ZeRO
 * optimizer keeps fp32 master weights and its buckets; FSDP keeps the parameters' own dtype and
 * gathers one wrapped unit at a time. input.ts reads a value as {stage, engine}.
 */
export const ZERO = new WordList('zero', [
  { value: '0', words: ['zero0', 'zero-0', 'z0', 'ds0', 'ddp', 'no-shard'], flagWords: ['0'] },
  { value: '1', words: ['zero1', 'zero-1', 'z1', 'ds1'], flagWords: ['1'] },
  { value: '2', words: ['zero2', 'zero-2', 'z2', 'ds2'], flagWords: ['2'] },
  { value: '3', words: ['zero3', 'zero-3', 'z3', 'ds3'], flagWords: ['3'] },
  { value: 'distributed-optimizer', words: ['distributed-optimizer', 'use-distributed-optimizer', 'megatron-distributed-optimizer'] },
  { value: 'shard-grad-op', words: ['shard-grad-op', 'fsdp-shard-grad-op'] },
  { value: 'full-shard', words: ['fsdp', 'full-shard', 'fsdp-full-shard', 'fsdp2'] },
  { value: 'hybrid-shard', words: ['hybrid-shard', 'fsdp-hybrid-shard', 'hsdp'] },
]);

/** The stage and engine of each ZERO value that is not a bare DeepSpeed stage. */
const ENGINE_VALUES: readonly { value: string; stage: 0 | 1 | 2 | 3; engine: ShardingEngine }[] = [
  { value: 'distributed-optimizer', stage: 1, engine: 'megatron' },
  { value: 'shard-grad-op', stage: 2, engine: 'fsdp' },
  { value: 'full-shard', stage: 3, engine: 'fsdp' },
  { value: 'hybrid-shard', stage: 3, engine: 'fsdp-hybrid' },
];

/** What a ZERO value means: the stage and whose engine shards it. */
export function zeroMeaning(value: string): { stage: 0 | 1 | 2 | 3; engine: ShardingEngine } {
  const named = ENGINE_VALUES.find((v) => v.value === value);
  return named ? { stage: named.stage, engine: named.engine } : { stage: Number(value) as 0 | 1 | 2 | 3, engine: 'deepspeed' };
}

/** The ZERO value for a stage and engine ("3" for DeepSpeed ZeRO-3, "full-shard" for FSDP); a stage an engine lacks reads as DeepSpeed's. */
export function zeroValue(stage: 0 | 1 | 2 | 3, engine: ShardingEngine): string {
  return ENGINE_VALUES.find((v) => v.stage === stage && v.engine === engine)?.value ?? String(stage);
}

/** The word a fit expression writes for a stage and engine: "zero3", "fsdp", "hybrid-shard", "distributed-optimizer". */
export function zeroGrammarWord(stage: 0 | 1 | 2 | 3, engine: ShardingEngine): string {
  return ZERO.choices.find((c) => c.value === zeroValue(stage, engine))!.words[0];
}

/** What `--offload X` and the offload words of a fit expression move to the host. */
export const OFFLOAD = new WordList('offload', [
  { value: 'none', words: ['no-offload'], flagWords: ['none'] },
  { value: 'optimizer', words: ['offload', 'offload-optimizer', 'offload-opt', 'offload-cpu'], flagWords: ['optimizer', 'cpu'] },
  { value: 'params', words: ['offload-params', 'offload-param'], flagWords: ['params'] },
  { value: 'all', words: ['offload-all'], flagWords: ['all'] },
  { value: 'nvme', words: ['offload-nvme', 'nvme'] },
  { value: 'optimizer-nvme', words: ['offload-optimizer-nvme'] },
  { value: 'params-nvme', words: ['offload-params-nvme'] },
]);

/** Where one kind of state goes: the panel's two offload selects. */
export const OFFLOAD_TARGET = new WordList('offloadOptimizer', [
  { value: 'none', words: [], flagWords: ['off', 'false', 'no'] },
  { value: 'cpu', words: [] },
  { value: 'nvme', words: [] },
]);

/** The two targets an OFFLOAD value sets. */
export function offloadTargets(value: string): Pick<MemoryFields, 'offloadOptimizer' | 'offloadParams'> {
  switch (value) {
    case 'optimizer':
      return { offloadOptimizer: 'cpu', offloadParams: 'none' };
    case 'params':
      return { offloadOptimizer: 'none', offloadParams: 'cpu' };
    case 'all':
      return { offloadOptimizer: 'cpu', offloadParams: 'cpu' };
    case 'nvme':
      return { offloadOptimizer: 'nvme', offloadParams: 'nvme' };
    case 'optimizer-nvme':
      return { offloadOptimizer: 'nvme', offloadParams: 'none' };
    case 'params-nvme':
      return { offloadOptimizer: 'none', offloadParams: 'nvme' };
    default:
      return { offloadOptimizer: 'none', offloadParams: 'none' };
  }
}

/** The OFFLOAD value that writes a pair of targets back as one word, or undefined when none does. */
export function offloadWord(optimizer: string, params: string): string | undefined {
  return OFFLOAD.values().find((v) => {
    const t = offloadTargets(v);
    return t.offloadOptimizer === optimizer && t.offloadParams === params;
  });
}

export const RECOMPUTE = new WordList('recompute', [
  { value: 'none', words: ['no-recompute', 'no-checkpointing'], flagWords: ['none'] },
  { value: 'selective', words: ['selective', 'selective-recompute'] },
  { value: 'full', words: ['recompute', 'checkpointing', 'gc', 'grad-ckpt', 'gradient-checkpointing', 'activation-checkpointing', 'full-recompute'], flagWords: ['full'] },
]);

export const FLASH = new WordList('flashAttention', [
  { value: 'on', words: ['flash', 'fa', 'fa2', 'flash-attn', 'flash-attention', 'sdpa'], flagWords: ['true'] },
  { value: 'off', words: ['no-flash', 'eager', 'no-fa'], flagWords: ['false'] },
]);

export const DOUBLE_QUANT = new WordList('doubleQuant', [
  { value: 'on', words: ['dq', 'double-quant'], flagWords: ['true'] },
  { value: 'off', words: ['no-dq', 'no-double-quant'], flagWords: ['false'] },
]);

export const KV_CACHE_BITS = new WordList('kvCacheBits', [
  { value: '16', words: ['kv16'] },
  { value: '8', words: ['kv8', 'kv-int8', 'fp8-kv', 'kv-fp8'] },
]);

/** How the loss over the vocabulary is computed (types.ts CrossEntropy). */
export const CROSS_ENTROPY = new WordList('crossEntropy', [
  { value: 'auto', words: [], flagWords: ['default'] },
  { value: 'eager', words: ['eager-ce', 'eager-loss'] },
  { value: 'fused', words: ['fused-ce', 'fused-loss', 'megatron-ce', 'vocab-parallel-ce'] },
  { value: 'chunked', words: ['chunked-ce', 'chunked-loss'] },
]);

/** A custom shape's MLP: gated (SwiGLU: gate, up, down) or plain (up, GELU, down, with LayerNorm). */
export const MLP = new WordList('mlp', [
  { value: 'gated', words: ['gated-mlp', 'swiglu'] },
  { value: 'plain', words: ['plain-mlp', 'gelu-mlp'] },
]);

export const LORA_DROPOUT = new WordList('loraDropout', [
  { value: 'on', words: ['lora-dropout'], flagWords: ['true'] },
  { value: 'off', words: ['no-lora-dropout'], flagWords: ['false'] },
]);

export const SEQUENCE_PARALLEL = new WordList('sequenceParallel', [{ value: 'on', words: ['sp', 'sequence-parallel', 'seq-parallel'] }]);
export const TIED = new WordList('tiedEmbeddings', [{ value: 'on', words: ['tied', 'tied-embeddings'] }]);

/** The fields filled by a word on its own, each with what its value means as fields. */
const KEYWORD_LISTS: readonly [WordList, (value: string) => MemoryFields][] = [
  [MODE, (mode) => ({ mode })],
  [DTYPE, (dtype) => ({ dtype })],
  [OPTIMIZER, (optimizer) => ({ optimizer })],
  [ZERO, (zero) => ({ zero })],
  // In a sentence each offload word moves what it names and leaves the rest as other words set it
  // ("offload offload-params" moves both); "no-offload" moves nothing.
  [OFFLOAD, (v) => (v === 'none' ? offloadTargets(v) : Object.fromEntries(Object.entries(offloadTargets(v)).filter(([, target]) => target !== 'none')))],
  [RECOMPUTE, (recompute) => ({ recompute })],
  [FLASH, (v) => ({ flashAttention: v === 'on' })],
  [DOUBLE_QUANT, (v) => ({ doubleQuant: v === 'on' })],
  [KV_CACHE_BITS, (kvCacheBits) => ({ kvCacheBits })],
  [CROSS_ENTROPY, (crossEntropy) => ({ crossEntropy })],
  [LORA_DROPOUT, (v) => ({ loraDropout: v === 'on' })],
  [MLP, (mlp) => ({ mlp })],
  [SEQUENCE_PARALLEL, () => ({ sequenceParallel: true })],
  [TIED, () => ({ tiedEmbeddings: true })],
];

const KEYWORDS = new Map<string, MemoryFields>();
for (const [list, toFields] of KEYWORD_LISTS) {
  for (const c of list.choices) {
    for (const w of c.words) {
      const key = normalizeWord(w);
      if (KEYWORDS.has(key)) throw new Error(`vocabulary: "${w}" is a word of two fields`);
      KEYWORDS.set(key, toFields(c.value));
    }
  }
}

/** The fields a word of a fit expression sets on its own ("zero3" → {zero: "3"}), or undefined. */
export function keyword(word: string): MemoryFields | undefined {
  const fields = KEYWORDS.get(normalizeWord(word));
  return fields && { ...fields };
}

/** Every word a fit expression accepts on its own, for tests and help. */
export function keywords(): string[] {
  return [...KEYWORDS.keys()];
}

/** DeepSpeed's buffer sizes, named as ds_config names them (dashes for underscores), and a short word. */
const DEEPSPEED_BUCKET_FIELDS: readonly { field: FieldName; key: string; short: string }[] = [
  { field: 'stage3MaxLiveParameters', key: 'stage3-max-live-parameters', short: 'max-live' },
  { field: 'stage3MaxReuseDistance', key: 'stage3-max-reuse-distance', short: 'max-reuse' },
  { field: 'stage3PrefetchBucketSize', key: 'stage3-prefetch-bucket-size', short: 'prefetch-bucket' },
  { field: 'reduceBucketSize', key: 'reduce-bucket-size', short: 'reduce-bucket' },
];

/** A numeric field of the grammar: the words that take a number after them (`ctx 32k`, `tp2`). */
export interface NumberField {
  field: FieldName;
  words: readonly string[];
}

export const NUMBER_FIELDS: readonly NumberField[] = [
  { field: 'seq', words: ['ctx', 'context', 'seq', 'seqlen', 'seq-len', 'len'] },
  { field: 'batch', words: ['batch', 'bs', 'mbs', 'micro-batch', 'microbatch'] },
  { field: 'tp', words: ['tp'] },
  { field: 'pp', words: ['pp'] },
  { field: 'loraRank', words: ['rank', 'r'] },
  { field: 'gpus', words: ['gpus'] },
  { field: 'layers', words: ['layers'] },
  { field: 'hidden', words: ['hidden'] },
  { field: 'ffn', words: ['ffn'] },
  { field: 'heads', words: ['heads'] },
  { field: 'kvHeads', words: ['kv-heads'] },
  { field: 'headDim', words: ['head-dim'] },
  { field: 'vocab', words: ['vocab'] },
  { field: 'largestLayer', words: ['largest-layer'] },
  { field: 'cudaContextGiB', words: ['cuda-context'] },
  { field: 'allocatorReservePct', words: ['allocator-reserve'] },
  ...DEEPSPEED_BUCKET_FIELDS.map(({ field, key, short }) => ({ field, words: [key, short] })),
  { field: 'tokens', words: ['tokens', 'train-tokens'] },
  { field: 'mfu', words: ['mfu'] },
  { field: 'globalBatch', words: ['gbs', 'global-batch'] },
  { field: 'price', words: ['price'] },
  { field: 'goodput', words: ['goodput'] },
  { field: 'networkGbps', words: ['network-gbps', 'network'] },
  { field: 'hostMemoryGBs', words: ['host-memory-gbs'] },
];

/** Fields of the grammar that take a word after them rather than a number (`targets q,v`). */
export const TEXT_FIELDS: readonly NumberField[] = [{ field: 'loraTargets', words: ['targets', 'target-modules', 'lora-targets'] }];

const TEXT_WORDS = new Map<string, FieldName>(TEXT_FIELDS.flatMap((f) => f.words.map((w) => [normalizeWord(w), f.field] as const)));

/** The field a word that takes a word after it fills ("targets" → loraTargets), or undefined. */
export function textField(word: string): FieldName | undefined {
  return TEXT_WORDS.get(normalizeWord(word));
}

const NUMBER_WORDS = new Map<string, FieldName>(NUMBER_FIELDS.flatMap((f) => f.words.map((w) => [normalizeWord(w), f.field] as const)));

/** The field a number word fills ("ctx" → seq), or undefined. */
export function numberField(word: string): FieldName | undefined {
  return NUMBER_WORDS.get(normalizeWord(word));
}

/** The words written back for a numeric field in the canonical expression (the first of its words). */
export function numberWord(field: FieldName): string {
  const f = [...NUMBER_FIELDS, ...TEXT_FIELDS].find((x) => x.field === field);
  if (!f) throw new Error(`vocabulary: ${field} has no number word`);
  return f.words[0];
}

/**
 * The CLI's flags for `llm-notes mem`, each with the field it fills. `value` flags take a word or
 * number; switches set a boolean; `--offload` takes an OFFLOAD word or nothing (the optimizer).
 */
export interface FlagDef {
  flag: string;
  field?: FieldName;
  kind: 'value' | 'switch' | 'offload';
  /** For switches: the value the field takes when the flag is given. */
  sets?: boolean;
  list?: WordList;
  /** How the help shows the value. */
  placeholder: string;
}

export const MEM_FLAG_DEFS: readonly FlagDef[] = [
  { flag: 'model', field: 'model', kind: 'value', placeholder: 'ID|SIZE' },
  { flag: 'params', field: 'params', kind: 'value', placeholder: 'N' },
  { flag: 'mode', field: 'mode', kind: 'value', list: MODE, placeholder: MODE.oneOf('|') },
  { flag: 'dtype', field: 'dtype', kind: 'value', list: DTYPE, placeholder: DTYPE.oneOf('|') },
  { flag: 'optimizer', field: 'optimizer', kind: 'value', list: OPTIMIZER, placeholder: OPTIMIZER.oneOf('|') },
  { flag: 'zero', field: 'zero', kind: 'value', list: ZERO, placeholder: '0-3|fsdp|shard-grad-op|hybrid-shard|distributed-optimizer' },
  { flag: 'offload', kind: 'offload', list: OFFLOAD, placeholder: `[${OFFLOAD.oneOf('|')}]` },
  { flag: 'tp', field: 'tp', kind: 'value', placeholder: 'N' },
  { flag: 'pp', field: 'pp', kind: 'value', placeholder: 'N' },
  { flag: 'sequence-parallel', field: 'sequenceParallel', kind: 'switch', sets: true, placeholder: '' },
  { flag: 'gpus', field: 'gpus', kind: 'value', placeholder: 'N' },
  { flag: 'nodes', field: 'nodes', kind: 'value', placeholder: 'N' },
  { flag: 'gpus-per-node', field: 'gpusPerNode', kind: 'value', placeholder: 'N' },
  { flag: 'gpu', field: 'gpu', kind: 'value', placeholder: 'NAME' },
  { flag: 'gpu-mem', field: 'gpuMem', kind: 'value', placeholder: 'SIZE' },
  { flag: 'batch', field: 'batch', kind: 'value', placeholder: 'N' },
  { flag: 'seq', field: 'seq', kind: 'value', placeholder: 'N' },
  { flag: 'recompute', field: 'recompute', kind: 'value', list: RECOMPUTE, placeholder: RECOMPUTE.oneOf('|') },
  { flag: 'flash-attn', field: 'flashAttention', kind: 'value', list: FLASH, placeholder: FLASH.oneOf('|') },
  { flag: 'lora-rank', field: 'loraRank', kind: 'value', placeholder: 'N' },
  { flag: 'lora-targets', field: 'loraTargets', kind: 'value', placeholder: 'q,k,v,o,gate,up,down|all-linear[,head]' },
  { flag: 'no-lora-dropout', field: 'loraDropout', kind: 'switch', sets: false, placeholder: '' },
  { flag: 'cross-entropy', field: 'crossEntropy', kind: 'value', list: CROSS_ENTROPY, placeholder: CROSS_ENTROPY.oneOf('|') },
  ...DEEPSPEED_BUCKET_FIELDS.map(({ field, key }): FlagDef => ({ flag: key, field, kind: 'value', placeholder: 'N' })),
  { flag: 'no-double-quant', field: 'doubleQuant', kind: 'switch', sets: false, placeholder: '' },
  { flag: 'kv-bits', field: 'kvCacheBits', kind: 'value', list: KV_CACHE_BITS, placeholder: KV_CACHE_BITS.oneOf('|') },
  { flag: 'largest-layer', field: 'largestLayer', kind: 'value', placeholder: 'N' },
  { flag: 'cuda-context', field: 'cudaContextGiB', kind: 'value', placeholder: 'GIB' },
  { flag: 'allocator-reserve', field: 'allocatorReservePct', kind: 'value', placeholder: 'PCT' },
  { flag: 'layers', field: 'layers', kind: 'value', placeholder: 'N' },
  { flag: 'hidden', field: 'hidden', kind: 'value', placeholder: 'N' },
  { flag: 'ffn', field: 'ffn', kind: 'value', placeholder: 'N' },
  { flag: 'heads', field: 'heads', kind: 'value', placeholder: 'N' },
  { flag: 'kv-heads', field: 'kvHeads', kind: 'value', placeholder: 'N' },
  { flag: 'head-dim', field: 'headDim', kind: 'value', placeholder: 'N' },
  { flag: 'vocab', field: 'vocab', kind: 'value', placeholder: 'N' },
  { flag: 'tied', field: 'tiedEmbeddings', kind: 'switch', sets: true, placeholder: '' },
  { flag: 'mlp', field: 'mlp', kind: 'value', list: MLP, placeholder: MLP.oneOf('|') },
  { flag: 'tokens', field: 'tokens', kind: 'value', placeholder: 'D' },
  { flag: 'mfu', field: 'mfu', kind: 'value', placeholder: 'M' },
  { flag: 'global-batch', field: 'globalBatch', kind: 'value', placeholder: 'SEQS|TOKENS' },
  { flag: 'price', field: 'price', kind: 'value', placeholder: 'PER-GPU-HOUR' },
  { flag: 'goodput', field: 'goodput', kind: 'value', placeholder: 'G' },
  { flag: 'network-gbps', field: 'networkGbps', kind: 'value', placeholder: 'GBPS' },
  { flag: 'host-memory-gbs', field: 'hostMemoryGBs', kind: 'value', placeholder: 'GBS' },
];

/** Choice lists by field, for the panel's selects (sent by the extension) and canonical forms. */
export const CHOICE_FIELDS: Readonly<Partial<Record<FieldName, WordList>>> = {
  mode: MODE,
  dtype: DTYPE,
  optimizer: OPTIMIZER,
  zero: ZERO,
  offloadOptimizer: OFFLOAD_TARGET,
  offloadParams: OFFLOAD_TARGET,
  recompute: RECOMPUTE,
  kvCacheBits: KV_CACHE_BITS,
  crossEntropy: CROSS_ENTROPY,
};

/** The options the panel's selects offer, by field: canonical values only. */
export function panelChoices(): Record<'mode' | 'dtype' | 'optimizer' | 'zero' | 'offloadOptimizer' | 'offloadParams' | 'recompute' | 'kvCacheBits' | 'crossEntropy', string[]> {
  return {
    mode: MODE.values(),
    dtype: PANEL_DTYPES,
    optimizer: OPTIMIZER.values(),
    zero: ZERO.values(),
    offloadOptimizer: OFFLOAD_TARGET.values(),
    offloadParams: OFFLOAD_TARGET.values(),
    recompute: RECOMPUTE.values(),
    kvCacheBits: KV_CACHE_BITS.values(),
    crossEntropy: CROSS_ENTROPY.values(),
  };
}

/** GPU ids and the names people write for them, from the GPU table. */
export function gpuWords(): string[] {
  return GPU_PRESETS.flatMap((g) => [g.id, ...g.aliases]);
}

/** The fit-expression grammar in one line, built from the lists above. */
export function fitGrammarHelp(): string {
  return (
    `MODEL [${MODE.oneOf('|')}] [${PANEL_DTYPES.join('|')}] [${OPTIMIZER.oneOf('|')}] [zero0-3|fsdp|shard-grad-op|hybrid-shard|distributed-optimizer] ` +
    `[${OFFLOAD.choices.flatMap((c) => c.words.slice(0, 1)).join('|')}] [tpN] [ppN] [sp] [ctx N] [batch N] ` +
    `[recompute|selective] [no-flash] [rank N] [targets q,v|all-linear[,head]] [no-lora-dropout] [kv8] [no-dq] ` +
    `[eager-ce|fused-ce|chunked-ce] [layers N hidden N heads N kv-heads N head-dim N ffn N vocab N tied gated-mlp|plain-mlp] ` +
    `[largest-layer N] ${DEEPSPEED_BUCKET_FIELDS.map((b) => `[${b.key} N]`).join(' ')} [tokens D] [gbs N|gbs 4M] [mfu M] [price P] [goodput G] ` +
    `[on N×GPU | on M nodes × N GPU]`
  );
}
