/** Built-in tokenizers: each a vocabulary data file (dist/vocab/<id>.vocab.gz). These ids are used everywhere: settings, CLI flags and JSON output. */
export const BUILTIN_TOKENIZER_IDS = ['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base', 'llama2', 'llama3', 'qwen3', 'deepseek-v3', 'mistral-v1', 'mistral-v3', 'mistral-tekken'] as const;
export type BuiltinTokenizerId = (typeof BUILTIN_TOKENIZER_IDS)[number];

export interface TokenizerInfo {
  id: string;
  /** Short name for tables. */
  label: string;
  /** Which models use it, for tooltips. */
  models: string;
  /** Where a custom tokenizer.json lives; absent for built-ins. */
  path?: string;
}

export const BUILTIN_TOKENIZERS: readonly TokenizerInfo[] = [
  { id: 'o200k_base', label: 'o200k_base', models: 'GPT-4o, GPT-4.1, o-series, GPT-5' },
  { id: 'cl100k_base', label: 'cl100k_base', models: 'GPT-4, GPT-3.5-turbo, text-embedding-3' },
  { id: 'p50k_base', label: 'p50k_base', models: 'Codex, text-davinci-002/003' },
  { id: 'r50k_base', label: 'r50k_base', models: 'GPT-3 (davinci), GPT-2' },
  { id: 'llama2', label: 'LLaMA-2', models: 'LLaMA-1/2 (SentencePiece, 32k vocab)' },
  { id: 'llama3', label: 'LLaMA-3', models: 'LLaMA-3, 3.1, 3.2, 3.3 (128k vocab)' },
  { id: 'qwen3', label: 'Qwen3', models: 'Qwen3, Qwen2.5, Qwen2 (151,643 tokens + added, byte-level BPE)' },
  { id: 'deepseek-v3', label: 'DeepSeek-V3', models: 'DeepSeek-V3, V3.1, R1 (128k vocab, byte-level BPE)' },
  { id: 'mistral-v1', label: 'Mistral v1', models: 'Mistral 7B v0.1/v0.2, Mixtral 8×7B (SentencePiece, 32k vocab)' },
  { id: 'mistral-v3', label: 'Mistral v3', models: 'Mistral 7B v0.3, Mixtral 8×22B, Codestral 22B (SentencePiece, 32,768 vocab)' },
  { id: 'mistral-tekken', label: 'Mistral Tekken', models: 'Mistral NeMo, Large 2 (2407), Pixtral (Tekken, 131k vocab)' },
];

export const DEFAULT_TOKENIZERS: readonly BuiltinTokenizerId[] = ['o200k_base', 'cl100k_base', 'llama2', 'llama3'];

export function isBuiltinTokenizerId(id: string): id is BuiltinTokenizerId {
  return (BUILTIN_TOKENIZER_IDS as readonly string[]).includes(id);
}

export function builtinInfo(id: string): TokenizerInfo | undefined {
  return BUILTIN_TOKENIZERS.find((t) => t.id === id);
}
