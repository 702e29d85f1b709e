import * as assert from 'node:assert/strict';
import { loadBuiltinEngine, type TokenEngine } from '../../src/core/tokens/engines';
import { testVocabularies } from './vocabularies';
import { CORPUS } from './corpus';
import { huggingFaceLlama2 } from './oracles';

describe('LLaMA-2 equals Hugging Face’s BPE over LLaMA-2’s tokenizer.json, token for token', () => {
  let reference: TokenEngine;
  before(async () => {
    reference = await huggingFaceLlama2();
  });

  for (const [name, text] of Object.entries(CORPUS)) {
    it(name, async () => {
      const engine = await loadBuiltinEngine('llama2', testVocabularies);
      assert.deepEqual(engine.encode(text), reference.encode(text));
    });
  }

  it('the reference itself reproduces Meta’s published ids ("grabbed" → 2646 1327 287)', () => {
    assert.deepEqual(reference.encode('grabbed'), [2646, 1327, 287]);
  });
});
