import * as assert from 'node:assert/strict';
import { loadBuiltinEngine } from '../../src/core/tokens/engines';
import { testVocabularies } from './vocabularies';
import { tokenSegments } from '../../src/core/tokens/segments';
import { CORPUS } from './corpus';

// Expected ids come from Meta's reference tokenizers (SentencePiece for LLaMA-2, the tiktoken-based
// LLaMA-3 tokenizer), as published in the llama-tokenizer-js / llama3-tokenizer-js test tables
// and in Meta's llama3 repository ("This is a test sentence.").
describe('LLaMA-2 (SentencePiece, 32k)', () => {
  const cases: [string, number[]][] = [
    ['grabbed', [2646, 1327, 287]], // the dummy-prefix ▁ merges into ▁gr
    [' grabbed', [29871, 2646, 1327, 287]],
    ['           grabbed', [9651, 2646, 1327, 287]],
    ['\n', [29871, 13]],
    [' \n', [259, 13]],
    ['ax\n####\nboo', [4853, 13, 4136, 13, 833, 29877]],
    ['镇', [29871, 30411]],
    ['🦙', [29871, 243, 162, 169, 156]],
    ['🦙Ꙋ', [29871, 243, 162, 169, 156, 237, 156, 141]],
  ];
  for (const [text, ids] of cases) {
    it(`${JSON.stringify(text)} → ${ids.join(' ')}`, async () => {
      const engine = await loadBuiltinEngine('llama2', testVocabularies);
      assert.deepEqual(engine.encode(text), ids);
    });
  }

  it('splits 21996 into single digits: ▁ 2 1 9 9 6 (6 tokens)', async () => {
    const engine = await loadBuiltinEngine('llama2', testVocabularies);
    // '▁'=29871, '2'=29906, '1'=29896, '9'=29929, '6'=29953
    assert.deepEqual(engine.encode('21996'), [29871, 29906, 29896, 29929, 29929, 29953]);
    const segs = tokenSegments(engine, '21996').map((s) => s.text);
    assert.deepEqual(segs.slice(-5), ['2', '1', '9', '9', '6']);
  });

  it('counts the text alone by default; BOS/EOS only when asked', async () => {
    const engine = await loadBuiltinEngine('llama2', testVocabularies);
    assert.deepEqual(engine.encode('grabbed', { bos: true }), [1, 2646, 1327, 287]);
    assert.deepEqual(engine.encode('grabbed', { bos: true, eos: true }), [1, 2646, 1327, 287, 2]);
    assert.deepEqual(engine.encode(''), []);
  });

  it('round-trips the corpus', async () => {
    const engine = await loadBuiltinEngine('llama2', testVocabularies);
    for (const [name, text] of Object.entries(CORPUS)) {
      if (name === 'empty') continue;
      assert.equal(engine.decode(engine.encode(text)).replace(/^ /, ''), text, name);
    }
  });

  it('groups the byte tokens of one character into one segment (🦙 = 4 byte tokens)', async () => {
    const engine = await loadBuiltinEngine('llama2', testVocabularies);
    const segs = tokenSegments(engine, 'a🦙b');
    const llama = segs.find((s) => s.text.includes('🦙'));
    assert.deepEqual(llama?.ids, [243, 162, 169, 156]);
  });
});

describe('LLaMA-3 (128k)', () => {
  const cases: [string, number[]][] = [
    ['grabbed', [59312, 2788]],
    [' grabbed', [30418]],
    ['           grabbed', [1881, 30418]],
    ['\n', [198]],
    [' \n', [720]],
    ['\ttabs\t\t\t\tout here', [3324, 3518, 573, 14294, 1618]],
    ['镇', [104643]],
    ['🦙', [9468, 99, 247]],
    ['This is a test sentence.', [2028, 374, 264, 1296, 11914, 13]],
  ];
  for (const [text, ids] of cases) {
    it(`${JSON.stringify(text)} → ${ids.join(' ')}`, async () => {
      const engine = await loadBuiltinEngine('llama3', testVocabularies);
      assert.deepEqual(engine.encode(text), ids);
    });
  }

  it('groups digits in threes: 21996 → 219 | 96', async () => {
    const engine = await loadBuiltinEngine('llama3', testVocabularies);
    assert.deepEqual(tokenSegments(engine, '21996').map((s) => s.text), ['219', '96']);
  });

  it('treats <|eot_id|> in the text as ordinary text, not the special token 128009', async () => {
    const engine = await loadBuiltinEngine('llama3', testVocabularies);
    const ids = engine.encode('<|eot_id|>');
    assert.ok(ids.length > 1);
    assert.ok(!ids.includes(128009));
    assert.equal(engine.decode(ids), '<|eot_id|>');
  });

  it('adds <|begin_of_text|> (128000) and <|end_of_text|> (128001) only when asked', async () => {
    const engine = await loadBuiltinEngine('llama3', testVocabularies);
    assert.deepEqual(engine.encode('I'), [40]);
    assert.deepEqual(engine.encode('I', { bos: true, eos: true }), [128000, 40, 128001]);
  });

  it('round-trips the corpus', async () => {
    const engine = await loadBuiltinEngine('llama3', testVocabularies);
    for (const [name, text] of Object.entries(CORPUS)) assert.equal(engine.decode(engine.encode(text)), text, name);
  });
});

describe('LLaMA-2 word-by-word encoding equals whole-string encoding', () => {
  it('no vocabulary piece has ▁ after another character or holds a newline', async () => {
    const mod = (await import('llama-tokenizer-js')) as unknown as { default: { vocabById: string[] } };
    assert.equal(mod.default.vocabById.length, 32000);
    assert.deepEqual(mod.default.vocabById.filter((t) => /[^▁]▁/.test(t) || t.includes('\n')), []);
  });

  it('matches the library on the corpus and on random strings', async () => {
    const mod = (await import('llama-tokenizer-js')) as unknown as { default: { encode(t: string, bos: boolean, space: boolean): number[] } };
    const engine = await loadBuiltinEngine('llama2', testVocabularies);
    const whole = (t: string) => (t ? mod.default.encode(t, false, true) : []);
    for (const [name, text] of Object.entries(CORPUS)) assert.deepEqual(engine.encode(text), whole(text), name);
    const alphabet = ['a', 'b', 'the', ' ', ' ', '  ', '\n', '\n\n', '\t', '1', '23', '中', '文', '🦙', '.', ',', '\r\n', 'é'];
    let seed = 7;
    const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    for (let n = 0; n < 2000; n++) {
      let s = '';
      const len = Math.floor(rand() * 12);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
      assert.deepEqual(engine.encode(s), whole(s), JSON.stringify(s));
    }
  });
});
