import * as assert from 'node:assert/strict';
import { Tiktoken } from 'tiktoken';
import { loadBuiltinEngine } from '../../src/core/tokens/engines';
import { testVocabularies } from './vocabularies';
import { CORPUS, LONE_SURROGATES } from './corpus';
import { llama3Reference } from './oracles';

describe('LLaMA-3 equals tiktoken run over LLaMA-3’s ranks, token for token', () => {
  let reference: Tiktoken;

  before(async () => {
    reference = await llama3Reference();
  });

  after(() => reference?.free());

  for (const [name, text] of Object.entries(CORPUS)) {
    it(name, async () => {
      const engine = await loadBuiltinEngine('llama3', testVocabularies);
      assert.deepEqual(engine.encode(text), Array.from(reference.encode_ordinary(text)));
    });
  }

  it('lone surrogates', async () => {
    const engine = await loadBuiltinEngine('llama3', testVocabularies);
    assert.deepEqual(engine.encode(LONE_SURROGATES), Array.from(reference.encode_ordinary(LONE_SURROGATES)));
  });
});

describe('the LLaMA-3 reference itself', () => {
  it('reproduces Meta’s published example: "This is a test sentence." → 2028 374 264 1296 11914 13', async () => {
    const engine = await loadBuiltinEngine('llama3', testVocabularies);
    assert.deepEqual(engine.encode('This is a test sentence.'), [2028, 374, 264, 1296, 11914, 13]);
  });
});
