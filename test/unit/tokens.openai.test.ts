import * as assert from 'node:assert/strict';
import { getEncoding, type TiktokenEncoding } from 'js-tiktoken';
import { get_encoding } from 'tiktoken';
import { loadBuiltinEngine } from '../../src/core/tokens/engines';
import { testVocabularies } from './vocabularies';
import { CORPUS, LONE_SURROGATES } from './corpus';

const ENCODINGS = ['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base'] as const;

describe('OpenAI encodings: gpt-tokenizer equals tiktoken and js-tiktoken token for token', () => {
  for (const id of ENCODINGS) {
    describe(id, () => {
      const wasm = get_encoding(id);
      const js = getEncoding(id as TiktokenEncoding);
      after(() => wasm.free());

      for (const [name, text] of Object.entries(CORPUS)) {
        it(`${name}`, async () => {
          const engine = await loadBuiltinEngine(id, testVocabularies);
          const ours = engine.encode(text);
          assert.deepEqual(ours, Array.from(wasm.encode_ordinary(text)), 'tiktoken (WASM) differs');
          // js-tiktoken splits with JavaScript's \s, as gpt-tokenizer did before our correction
          // (whitespace.ts): on U+FEFF and U+0085 it differs from tiktoken, the reference.
          if (!/[\uFEFF\u0085]/.test(text)) assert.deepEqual(ours, js.encode(text, [], []), 'js-tiktoken differs');
          assert.equal(engine.decode(ours), text);
        });
      }

      it('lone surrogates are encoded as U+FFFD, like tiktoken', async () => {
        const engine = await loadBuiltinEngine(id, testVocabularies);
        assert.deepEqual(engine.encode(LONE_SURROGATES), Array.from(wasm.encode_ordinary(LONE_SURROGATES)));
      });
    });
  }

  it('special-token text is ordinary text, never thrown on', async () => {
    const engine = await loadBuiltinEngine('cl100k_base', testVocabularies);
    // <|endoftext|> is id 100257 in cl100k; as text it must be several ordinary tokens instead.
    const ids = engine.encode('<|endoftext|>');
    assert.ok(ids.length > 1);
    assert.ok(!ids.includes(100257));
  });

  it('published examples: "hello world" is [15339, 1917] in cl100k and [24912, 2375] in o200k', async () => {
    assert.deepEqual((await loadBuiltinEngine('cl100k_base', testVocabularies)).encode('hello world'), [15339, 1917]);
    assert.deepEqual((await loadBuiltinEngine('o200k_base', testVocabularies)).encode('hello world'), [24912, 2375]);
  });
});
