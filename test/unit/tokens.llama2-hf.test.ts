import * as assert from 'node:assert/strict';
import { loadBuiltinEngine, loadHuggingFaceEngine, type TokenEngine } from '../../src/core/tokens/engines';
import { CORPUS } from './corpus';

/**
 * LLaMA-2's tokenizer.json as Hugging Face ships it (LlamaTokenizerFast: prepend "▁", spaces to
 * "▁", BPE with byte fallback), rebuilt from the vocabulary and merges llama-tokenizer-js
 * carries, and run by @huggingface/tokenizers' BPE — an independent implementation to compare with.
 */
async function huggingFaceLlama2(): Promise<TokenEngine> {
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

describe('LLaMA-2 equals Hugging Face’s BPE over LLaMA-2’s tokenizer.json, token for token', () => {
  let reference: TokenEngine;
  before(async () => {
    reference = await huggingFaceLlama2();
  });

  for (const [name, text] of Object.entries(CORPUS)) {
    it(name, async () => {
      const engine = await loadBuiltinEngine('llama2');
      assert.deepEqual(engine.encode(text), reference.encode(text));
    });
  }

  it('the reference itself reproduces Meta’s published ids ("grabbed" → 2646 1327 287)', () => {
    assert.deepEqual(reference.encode('grabbed'), [2646, 1327, 287]);
  });
});
