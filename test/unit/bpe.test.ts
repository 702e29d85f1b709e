import * as assert from 'node:assert/strict';
import { get_encoding } from 'tiktoken';
import { gunzipSync, gzipSync } from 'node:zlib';
import { BpeEngine } from '../../src/core/tokens/bpe/bpeEngine';
import { bundledVocabularyReader } from '../../src/core/tokens/bpe/bundled';
import { compilePattern, forEachPiece } from '../../src/core/tokens/bpe/pretokenize';
import { byteLevelVocabulary } from '../../src/core/tokens/bpe/tokenizerJson';
import { packTokens, readVocabularyFile, writeVocabularyFile, type BpeVocabulary } from '../../src/core/tokens/bpe/vocabularyFile';
import { TokenCounter, resolveTokenizer } from '../../src/core/tokens/tokenCounter';
import { testVocabularies } from './vocabularies';

/** A vocabulary of the 256 bytes (id = byte) and the tokens after them, with the given merges or ranks. */
function tiny(extra: string[], fields: Partial<BpeVocabulary> = {}): BpeVocabulary {
  const { offsets, bytes } = packTokens([...Array.from({ length: 256 }, (_, b) => [b]), ...extra.map((t) => new TextEncoder().encode(t))]);
  return { id: 'tiny', semantics: 'tiktoken', patterns: ['\\S+|\\s+'], nfc: false, idOffset: 0, offsets, bytes, pairs: new Int32Array(0), added: [], specials: [], unmatchable: [], ...fields };
}
const A = 'a'.charCodeAt(0);
const B = 'b'.charCodeAt(0);
const C = 'c'.charCodeAt(0);

describe('the BPE engine on vocabularies small enough to work out by hand', () => {
  it('tiktoken rule: the pair whose join has the lowest rank merges first, leftmost on ties', () => {
    // 256 "bc", 257 "ab", 258 "abc": in "abc", "bc" (256) beats "ab" (257); "a"+"bc" is not a token,
    // so the result is a, bc — unless the whole piece is a token, which tiktoken takes at once.
    const engine = new BpeEngine(tiny(['bc', 'ab', 'abcd']));
    assert.deepEqual(engine.encode('abc'), [A, 256]);
    assert.deepEqual(engine.encode('abcd'), [258]);
    // "bcbc": both pairs rank 256; the leftmost merges first, then the second.
    assert.deepEqual(engine.encode('bcbc'), [256, 256]);
  });

  it('merges rule: the pair earliest in the list merges first; a pair listed twice takes its later place', () => {
    // Merges: (a,b)→"ab" first, then (b,c)→"bc". "abc" → ab, c.
    const ab = 256;
    const bc = 257;
    const v = tiny(['ab', 'bc'], { semantics: 'merges', pairs: Int32Array.of(A, B, B, C) });
    assert.deepEqual(new BpeEngine(v).encode('abc'), [ab, C]);
    // (a,b) listed again after (b,c): it now ranks after it, so "abc" → a, bc.
    const twice = tiny(['ab', 'bc'], { semantics: 'merges', pairs: Int32Array.of(A, B, B, C, A, B) });
    assert.deepEqual(new BpeEngine(twice).encode('abc'), [A, bc]);
  });

  it('a long piece merges through the heap to the same ids as the scan', () => {
    const engine = new BpeEngine(tiny(['ab', 'abab', 'ba']));
    const piece = 'ab'.repeat(300) + 'a';
    // Left to right: "ab" pairs (256) everywhere, then "abab" (258) pairs, leftmost first.
    // Every "ab" (256) merges before any "ba" (258) could, then "ab"+"ab" = "abab" (257) pairwise.
    const expected = [...Array.from({ length: 150 }, () => 257), A];
    assert.deepEqual(engine.encode(piece), expected);
    assert.deepEqual(engine.encode('abab' + 'a'), [257, A]);
  });

  it('id offset, BOS/EOS and decode', () => {
    const engine = new BpeEngine(tiny(['ab'], { idOffset: 1000, bos: 1, eos: 2, specials: [['<s>', 1], ['</s>', 2]] }));
    assert.deepEqual(engine.encode('ab', { bos: true, eos: true }), [1, 1256, 2]);
    assert.equal(engine.decode([1, 1256, 2]), '<s>ab</s>');
    assert.throws(() => engine.decode([999_999]), /tiny has no token 999999/);
  });
});

describe('pre-tokenizer patterns as the Rust engines run them', () => {
  const pieces = (pattern: string, text: string, keepGaps = false) => {
    const out: string[] = [];
    forEachPiece(text, [compilePattern(pattern)], keepGaps, (p) => out.push(p));
    return out;
  };

  it("(?i:'s|'t) becomes both cases, which Node 20 cannot parse as written", () => {
    assert.deepEqual(pieces("(?i:'s|'t)|\\p{L}+", "it'S Tom'T"), ['it', "'S", 'Tom', "'T"]);
  });

  it('\\s is Unicode White_Space: U+0085 is, U+FEFF is not', () => {
    assert.deepEqual(pieces('\\s+|\\S+', 'a\u0085b\uFEFFc'), ['a', '\u0085', 'b\uFEFFc']);
  });

  it('Hugging Face Split keeps the text between matches as pieces; tiktoken drops it', () => {
    assert.deepEqual(pieces('\\d+', 'ab12cd', true), ['ab', '12', 'cd']);
    assert.deepEqual(pieces('\\d+', 'ab12cd', false), ['12']);
  });
});

describe('vocabulary files', () => {
  it('round-trip through the file format', () => {
    const v = tiny(['ab', 'bc'], { semantics: 'merges', pairs: Int32Array.of(A, B, B, C), added: [['<think>', 300]], specials: [['<s>', 1]], bos: 1, nfc: true });
    const back = readVocabularyFile(writeVocabularyFile(v), 'tiny.vocab.gz');
    assert.deepEqual({ ...back, offsets: [...back.offsets], bytes: [...back.bytes], pairs: [...back.pairs] }, { ...v, ignoreMerges: false, eos: undefined, sentencePiece: undefined, offsets: [...v.offsets], bytes: [...v.bytes], pairs: [...v.pairs] });
  });

  it('a damaged file is one sentence naming it, never a stack trace or a wrong count', () => {
    const good = writeVocabularyFile(tiny(['ab'], { semantics: 'merges', pairs: Int32Array.of(A, B) }));
    const cases: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode('not a vocabulary at all'), /tiny\.vocab\.gz is damaged \(not a vocabulary file\)/],
      [good.slice(0, good.length - 3), /damaged \(it ends early\)/],
      [(() => { const b = good.slice(); b[good.length - 2] = 0x7f; return b; })(), /damaged \(a merge names a token it does not have\)/],
    ];
    for (const [data, message] of cases) assert.throws(() => readVocabularyFile(data, 'tiny.vocab.gz'), (e: Error) => message.test(e.message) && /reinstall the extension/.test(e.message));
  });

  it('a bundled file that is not gzip, or missing, fails only its own tokenizer; the others still count', async () => {
    const broken = bundledVocabularyReader(
      async (name) => {
        if (name === 'qwen3.vocab.gz') return new TextEncoder().encode('garbage');
        if (name === 'deepseek-v3.vocab.gz') throw Object.assign(new Error('gone'), { code: 'ENOENT' });
        return new Uint8Array(gzipSync(await testVocabularies(name.replace('.vocab.gz', '') as 'o200k_base')));
      },
      async (data) => new Uint8Array(gunzipSync(data)),
    );
    const counter = new TokenCounter(async () => undefined, broken);
    const report = await counter.count('你好 world', ['o200k_base', 'qwen3', 'deepseek-v3'].map((id) => resolveTokenizer(id)!));
    const o200k = get_encoding('o200k_base');
    assert.equal(report.counts[0].tokens, o200k.encode_ordinary('你好 world').length);
    o200k.free();
    assert.match(report.counts[1].error ?? '', /^The bundled vocabulary qwen3\.vocab\.gz is damaged \(not gzip\); reinstall the extension\. The other tokenizers still work\.$/);
    assert.match(report.counts[2].error ?? '', /^The bundled vocabulary deepseek-v3\.vocab\.gz cannot be read \(ENOENT\)/);
  });
});

describe('tokenizer.json files our engine runs, and those it leaves to @huggingface/tokenizers', () => {
  const base = { model: { type: 'BPE', vocab: Object.fromEntries(Array.from({ length: 256 }, (_, b) => [String.fromCharCode(b + 256), b])), merges: [] }, pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, use_regex: true } };
  it('a GPT-2-style byte-level file is ours; WordPiece, byte fallback or a prefix space are not', () => {
    assert.equal('notByteLevel' in byteLevelVocabulary('x', base as never), false);
    assert.match((byteLevelVocabulary('x', { ...base, model: { ...base.model, type: 'WordPiece' } }) as { notByteLevel: string }).notByteLevel, /not a BPE model/);
    assert.match((byteLevelVocabulary('x', { ...base, model: { ...base.model, byte_fallback: true } }) as { notByteLevel: string }).notByteLevel, /BPE options/);
    assert.match((byteLevelVocabulary('x', { ...base, pre_tokenizer: { type: 'ByteLevel', add_prefix_space: true } }) as { notByteLevel: string }).notByteLevel, /ByteLevel pre-tokenizer this engine does not run/);
  });
});
