import * as assert from 'node:assert/strict';
import { testVocabularies } from './vocabularies';
import { contextFits, formatContextWindow, parseContextWindow } from '../../src/core/tokens/contextWindows';
import { loadHuggingFaceEngine } from '../../src/core/tokens/engines';
import { countsMarkdownTable, ratioToFirst } from '../../src/core/tokens/report';
import { tokenSegments } from '../../src/core/tokens/segments';
import { textStats } from '../../src/core/tokens/textStats';
import { labelFromPath, resolveTokenizer, TokenCounter } from '../../src/core/tokens/tokenCounter';
import { BPE_TOKENIZER_JSON, WORDPIECE_TOKENIZER_JSON } from './fixtures';

describe('text statistics', () => {
  it('counts characters, words, CJK characters and UTF-8 bytes', () => {
    // "hello 世界 🦙": h e l l o ␠ 世 界 ␠ 🦙 = 10 code points; bytes 5+1+3+3+1+4 = 17
    assert.deepEqual(textStats('hello 世界 🦙'), { chars: 10, words: 1, cjkChars: 2, bytes: 17, lines: 1 });
    assert.deepEqual(textStats(''), { chars: 0, words: 0, cjkChars: 0, bytes: 0, lines: 0 });
    assert.deepEqual(textStats('a\nb c\r\n'), { chars: 7, words: 3, cjkChars: 0, bytes: 7, lines: 3 });
  });

  it('counts a lone surrogate as one character of 3 bytes (U+FFFD), like TextEncoder', () => {
    const s = 'a\uD800b';
    assert.equal(textStats(s).chars, 3);
    assert.equal(textStats(s).bytes, new TextEncoder().encode(s).length);
  });
});

describe('context windows', () => {
  it('parses k as 1024 and M as 1024², exact numbers as given', () => {
    assert.equal(parseContextWindow('128k'), 131072);
    assert.equal(parseContextWindow('1M'), 1048576);
    assert.equal(parseContextWindow(200000), 200000);
    assert.equal(parseContextWindow(' 4K '), 4096);
    assert.throws(() => parseContextWindow('-3'), /not a size/);
    assert.throws(() => parseContextWindow(0), /positive/);
    assert.throws(() => parseContextWindow('lots'), /not a size/);
  });

  it('labels windows the way model cards write them', () => {
    assert.deepEqual([4096, 131072, 200000, 1048576, 5000].map(formatContextWindow), ['4k', '128k', '200k', '1M', '5k']);
    assert.equal(formatContextWindow(5001), '5,001');
  });

  it('says which windows a count fits', () => {
    assert.deepEqual(
      contextFits(5000, [8192, 4096]).map((f) => [f.label, f.fits]),
      [['4k', false], ['8k', true]],
    );
  });
});

describe('Hugging Face tokenizer.json', () => {
  it('encodes with a WordPiece model built by hand', async () => {
    const engine = await loadHuggingFaceEngine('hf:t', 'tok.json', WORDPIECE_TOKENIZER_JSON);
    // vocab: [UNK]=0 hello=1 world=2; "foo" is unknown
    assert.deepEqual(engine.encode('hello world foo'), [1, 2, 0]);
  });

  it('applies BPE merges in rank order: "abcab" → abc ab', async () => {
    const engine = await loadHuggingFaceEngine('hf:bpe', 'bpe.json', BPE_TOKENIZER_JSON);
    // merges: "a b" (rank 0) then "ab c" (rank 1); vocab a=0 b=1 c=2 ab=3 abc=4
    assert.deepEqual(engine.encode('abcab'), [4, 3]);
    assert.deepEqual(tokenSegments(engine, 'abcab').map((s) => s.text), ['abc', 'ab']);
  });

  it('adds bos/eos from tokenizer_config.json only when asked', async () => {
    const config = JSON.stringify({ bos_token: '<s>', eos_token: { content: '</s>' } });
    const engine = await loadHuggingFaceEngine('hf:t', 'tok.json', WORDPIECE_TOKENIZER_JSON, config);
    assert.deepEqual(engine.encode('hello', { bos: true, eos: true }), [3, 1, 4]);
    assert.deepEqual(engine.encode('hello'), [1]);
  });

  it('refuses broken files with a sentence naming the file', async () => {
    await assert.rejects(loadHuggingFaceEngine('x', '/m/tokenizer.json', '{"model": '), /\/m\/tokenizer\.json is not valid JSON/);
    await assert.rejects(loadHuggingFaceEngine('x', '/m/tokenizer.json', '[1,2]'), /\/m\/tokenizer\.json is not a tokenizer\.json/);
    await assert.rejects(loadHuggingFaceEngine('x', '/m/tokenizer.json', '{"version":"1.0"}'), /no "model" object/);
    await assert.rejects(
      loadHuggingFaceEngine('x', '/m/tokenizer.json', '{"model":{"type":"Nonsense"}}'),
      /\/m\/tokenizer\.json could not be loaded|model type "Nonsense"/,
    );
    const wordLevel = JSON.stringify({ ...JSON.parse(WORDPIECE_TOKENIZER_JSON), model: { type: 'WordLevel', vocab: { a: 0 }, unk_token: 'a' } });
    await assert.rejects(loadHuggingFaceEngine('x', '/m/tokenizer.json', wordLevel), /model type "WordLevel" is not supported/);
    // Found by fuzzing: ids that are not whole numbers came back as counts.
    const badIds = JSON.parse(BPE_TOKENIZER_JSON);
    badIds.model.vocab.d = -1.6836482800524171e286;
    await assert.rejects(loadHuggingFaceEngine('x', '/m/tokenizer.json', JSON.stringify(badIds)), /in model\.vocab, token "d" has the id -1\.6836482800524171e\+286, not a whole number ≥ 0/);
    const badAdded = JSON.parse(WORDPIECE_TOKENIZER_JSON);
    badAdded.added_tokens[0].id = '0';
    await assert.rejects(loadHuggingFaceEngine('x', '/m/tokenizer.json', JSON.stringify(badAdded)), /in added_tokens, "\[UNK\]" has the id "0"/);
  });
});

describe('TokenCounter', () => {
  const files: Record<string, string> = { '/ok/tokenizer.json': WORDPIECE_TOKENIZER_JSON, '/bad/tokenizer.json': '{oops' };
  const counter = () => new TokenCounter(async (p) => files[p], testVocabularies);

  it('a broken or missing tokenizer fails its own row only', async () => {
    const specs = [
      resolveTokenizer('cl100k_base')!,
      resolveTokenizer('/bad/tokenizer.json', [], { paths: true })!,
      resolveTokenizer('/missing/tokenizer.json', [], { paths: true })!,
      resolveTokenizer('/ok/tokenizer.json', [], { paths: true })!,
    ];
    const report = await counter().count('hello world', specs);
    assert.equal(report.counts[0].tokens, 2);
    assert.match(report.counts[1].error!, /\/bad\/tokenizer\.json is not valid JSON/);
    assert.match(report.counts[2].error!, /not found: \/missing\/tokenizer\.json/);
    assert.equal(report.counts[3].tokens, 2);
  });

  it('resolves ids, labels and paths', () => {
    assert.equal(resolveTokenizer('llama2')?.label, 'LLaMA-2');
    assert.equal(resolveTokenizer('gpt5'), undefined);
    assert.equal(labelFromPath('/h/hub/models--Qwen--Qwen2.5-7B/snapshots/abc/tokenizer.json'), 'Qwen2.5-7B');
    assert.equal(labelFromPath('/models/yi/tokenizer.json'), 'yi');
  });

  it('builds a markdown table with ratios to the first row', () => {
    const report = {
      stats: textStats('x'),
      counts: [
        { id: 'a', label: 'A', tokens: 100 },
        { id: 'b', label: 'B|x', tokens: 131 },
        { id: 'c', label: 'C', error: 'broken' },
      ],
    };
    assert.equal(ratioToFirst(report.counts[1], report.counts[0]), '1.31×');
    assert.equal(
      countsMarkdownTable(report),
      '| Tokenizer | Tokens | × first |\n|---|---:|---:|\n| A | 100 | 1.00× |\n| B\\|x | 131 | 1.31× |\n| C | ⚠ broken | — |',
    );
  });
});
