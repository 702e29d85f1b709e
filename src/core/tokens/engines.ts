import { UserError } from '../errors';
import { parseJsonFile } from '../json';
import { patternHazard, tokenizerPatterns } from './patternCost';
import type { BuiltinTokenizerId } from './registry';
import { BpeEngine } from './bpe/bpeEngine';
import { byteLevelVocabulary } from './bpe/tokenizerJson';
import { readVocabularyFile } from './bpe/vocabularyFile';

export interface EncodeOptions {
  /** Prepend the beginning-of-sequence token where the tokenizer has one (LLaMA, most HF models). */
  bos?: boolean;
  /** Append the end-of-sequence token where the tokenizer has one. */
  eos?: boolean;
  /**
   * Match special tokens written in the text (`<|im_start|>` as one token), as tokenizing a rendered
   * chat template does; otherwise they are text like any other, as in a note.
   */
  specialTokens?: boolean;
}

/** What every tokenizer offers the rest of the extension, whatever library is behind it. */
export interface TokenEngine {
  readonly id: string;
  /** Token ids of `text`; special-token text such as `<|endoftext|>` is encoded as ordinary text. */
  encode(text: string, options?: EncodeOptions): number[];
  /** Text of a run of ids; a partial UTF-8 sequence decodes to U+FFFD. */
  decode(ids: readonly number[]): string;
}

/**
 * Reads a bundled vocabulary file (dist/vocab/<id>.vocab.gz), decompressed. Injected so the core
 * stays pure: the file system on desktop and in the CLI, the extension's URI in the browser.
 */
export type ReadVocabulary = (id: BuiltinTokenizerId) => Promise<Uint8Array>;

/**
 * Loads a built-in tokenizer on first use: our BPE engine over its vocabulary file, read through
 * `readVocabulary` — byte-level (OpenAI's, LLaMA-3, Qwen3, DeepSeek-V3, Tekken) or SentencePiece
 * (LLaMA-2, Mistral v1/v3).
 */
export async function loadBuiltinEngine(id: BuiltinTokenizerId, readVocabulary?: ReadVocabulary): Promise<TokenEngine> {
  if (!readVocabulary) throw new Error(`${id}: no vocabulary source was given`);
  return new BpeEngine(readVocabularyFile(await readVocabulary(id), `${id}.vocab.gz`));
}

/**
 * Builds an engine from the text of a Hugging Face tokenizer.json (and, when present, its
 * tokenizer_config.json). `source` names the file in every error message.
 */
export async function loadHuggingFaceEngine(
  id: string,
  source: string,
  tokenizerJson: string,
  configJson?: string,
): Promise<TokenEngine> {
  const json = parseJsonFile(tokenizerJson, source);
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new UserError(`${source} is not a tokenizer.json: expected a JSON object.`);
  }
  const model = (json as { model?: unknown }).model;
  if (!model || typeof model !== 'object' || typeof (model as { type?: unknown }).type !== 'string') {
    throw new UserError(`${source} is not a tokenizer.json: it has no "model" object with a "type".`);
  }
  checkIds(source, (model as { type: string }).type, model as { vocab?: unknown }, (json as { added_tokens?: unknown }).added_tokens);
  for (const pattern of tokenizerPatterns(json)) {
    const hazard = patternHazard(pattern);
    if (hazard) throw new UserError(`${source} has a pattern with ${hazard}, which can take minutes on a short text; it is not loaded.`);
  }
  let config: object = {};
  if (configJson !== undefined) {
    try {
      const parsed: unknown = JSON.parse(configJson);
      if (parsed && typeof parsed === 'object') config = parsed;
    } catch {
      // A broken tokenizer_config.json only loses optional metadata; the tokenizer itself still works.
    }
  }
  // Byte-level BPE of a shape our engine runs exactly (Qwen, DeepSeek, LLaMA-3, GPT-2 style) runs
  // there: faster, and exact in cases the library is not (Unicode White_Space in \s).
  try {
    const vocabulary = byteLevelVocabulary(id, json as Record<string, unknown>);
    if (!('notByteLevel' in vocabulary)) return new BpeEngine({ ...vocabulary, bos: specialId(json, config, 'bos_token'), eos: specialId(json, config, 'eos_token') });
  } catch {
    // A pattern JavaScript cannot run exactly, a byte without a token: the library decides.
  }
  const { Tokenizer } = await import('@huggingface/tokenizers');
  const modelType = (model as { type: string }).type;
  let tok: InstanceType<typeof Tokenizer>;
  let probe: number[];
  try {
    tok = new Tokenizer(json, config);
    probe = tok.encode('Hello world 123 你好', { add_special_tokens: false }).ids.map(Number);
  } catch (e) {
    // The library's message may quote the file; name the kind of failure only.
    throw new UserError(`${source} could not be loaded as a tokenizer (${(e as Error).name || 'Error'}): it is not a tokenizer.json @huggingface/tokenizers reads.`);
  }
  // The library quietly falls back to a pass-through model for types it lacks (WordLevel): ids come out NaN.
  if (probe.some((id) => !Number.isInteger(id))) {
    throw new UserError(`${source}: model type "${modelType}" is not supported (BPE, WordPiece and Unigram are).`);
  }
  const bosId = specialId(json, config, 'bos_token');
  const eosId = specialId(json, config, 'eos_token');
  return {
    id,
    encode(text, options) {
      const ids = tok.encode(text, { add_special_tokens: false }).ids.map(Number);
      const bad = ids.find((id) => !Number.isSafeInteger(id) || id < 0);
      if (bad !== undefined) throw new UserError(`${source} gave the token id ${bad}, which is not a whole number ≥ 0; the file's vocabulary is broken.`);
      if (options?.bos && bosId !== undefined) ids.unshift(bosId);
      if (options?.eos && eosId !== undefined) ids.push(eosId);
      return ids;
    },
    decode: (ids) => tok.decode([...ids], { skip_special_tokens: false }),
  };
}

/**
 * Token ids must be whole numbers ≥ 0: the library accepts any JSON value there and would hand
 * it back as a "count" (the fuzzer found a vocabulary with the id -1.68e286).
 */
function checkIds(source: string, type: string, model: { vocab?: unknown }, added: unknown): void {
  const bad = (id: unknown) => typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0;
  const show = (v: unknown) => JSON.stringify(v)?.slice(0, 40);
  if (type === 'BPE' || type === 'WordPiece' || type === 'WordLevel') {
    const vocab = model.vocab;
    if (!vocab || typeof vocab !== 'object' || Array.isArray(vocab)) throw new UserError(`${source}: model.vocab must map each token to its id.`);
    for (const [token, id] of Object.entries(vocab)) {
      if (bad(id)) throw new UserError(`${source}: in model.vocab, token ${show(token)} has the id ${show(id)}, not a whole number ≥ 0.`);
    }
  }
  if (Array.isArray(added)) {
    for (const t of added) {
      const id = (t as { id?: unknown } | null)?.id;
      if (bad(id)) throw new UserError(`${source}: in added_tokens, ${show((t as { content?: unknown } | null)?.content)} has the id ${show(id)}, not a whole number ≥ 0.`);
    }
  }
}

/** Finds the id of tokenizer_config.json's bos/eos token among tokenizer.json's added tokens. */
function specialId(json: object, config: object, key: 'bos_token' | 'eos_token'): number | undefined {
  const raw = (config as Record<string, unknown>)[key];
  const content = typeof raw === 'string' ? raw : (raw as { content?: unknown } | undefined)?.content;
  if (typeof content !== 'string') return undefined;
  const added = (json as { added_tokens?: unknown }).added_tokens;
  if (!Array.isArray(added)) return undefined;
  const hit = added.find((t) => t && typeof t === 'object' && (t as { content?: unknown }).content === content) as
    | { id?: unknown }
    | undefined;
  return typeof hit?.id === 'number' ? hit.id : undefined;
}
