import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { get_encoding } from 'tiktoken';
import { main } from '../../src/cli/main';
import { CsvReader } from '../../src/core/dataset/csv';
import { LengthStats } from '../../src/core/dataset/lengthStats';
import { loadBuiltinEngine } from '../../src/core/tokens/engines';
import { testVocabularies } from './vocabularies';
import { countDataset } from '../../src/node/dataset/countDataset';
import { fakeIo } from './fakeIo';

interface Json {
  records: number;
  partial: boolean;
  skipped: { file: string; line: number; reason: string }[];
  skippedTotal: number;
  shapes: Record<string, number>;
  tokenizers: Record<string, { records: number; total: number; min: number; p50: number; p90: number; p99: number; max: number; over: Record<string, number>; histogram: { from: number; to: number; records: number }[] }>;
}

const dir = mkdtempSync(join(tmpdir(), 'llm-notes-dataset-'));
const enc = { o200k_base: get_encoding('o200k_base'), cl100k_base: get_encoding('cl100k_base') };
after(() => Object.values(enc).forEach((e) => e.free()));

async function dataset(...argv: string[]): Promise<{ code: number; json?: Json; out: string; err: string }> {
  const io = fakeIo({}, '', ['/nonexistent']); // files are read from disk
  const code = await main(['dataset', ...argv], io);
  return { code, out: io.out, err: io.err, ...(argv.includes('--json') && code === 0 ? { json: JSON.parse(io.out) as Json } : {}) };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Nearest rank, worked independently of LengthStats: sort, take the ceil(p% · n)-th. */
function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}

describe('llm-notes dataset', () => {
  const records = [
    { text: 'The quick brown fox jumps over the lazy dog.' },
    { text: '只调学习率，有的时候会 OOM 有的时候不会 OOM。' },
    { messages: [{ role: 'system', content: 'You are helpful.' }, { role: 'user', content: '4×A100 80G 能 full parameter 训 34B 吗？' }, { role: 'assistant', content: [{ type: 'text', text: 'Not without ZeRO-3 ' }, { type: 'text', text: 'and recomputation.' }] }] },
    { conversations: [{ from: 'human', value: 'LLaMA tokenizer vs tiktoken: 3200 vs 4202 tokens?' }, { from: 'gpt', value: 'Chinese text splits into more pieces.' }] },
    { text: 'x'.repeat(5000) + ' 数字 21996 ' + '🦙'.repeat(300) },
  ];
  const texts = (r: (typeof records)[number]): string[] => {
    const o = r as { text?: string; messages?: { content: string | { text: string }[] }[]; conversations?: { value: string }[] };
    if (o.text !== undefined) return [o.text];
    if (o.messages) return o.messages.map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => p.text).join('')));
    return o.conversations!.map((c) => c.value);
  };
  const lines = [
    JSON.stringify(records[0]),
    '{"text": broken',
    JSON.stringify(records[1]),
    '',
    JSON.stringify(records[2]),
    '{"meta": 1}',
    JSON.stringify(records[3]),
    '[1, 2]',
    JSON.stringify(records[4]),
  ];
  const file = join(dir, 'train.jsonl');
  // Line 10 is not UTF-8; CRLF on one line.
  writeFileSync(file, Buffer.concat([Buffer.from(lines.join('\n') + '\r\n'), Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a])]));

  it('counts equal tiktoken’s per record (chat contents summed), broken lines reported by number; any --jobs gives the same', async () => {
    const one = await dataset(file, '--tokenizer', 'o200k_base,cl100k_base', '--jobs', '1', '--json');
    assert.equal(one.code, 0, one.err);
    const json = one.json!;
    assert.equal(json.records, 5);
    assert.deepEqual(json.skipped.map((s) => [s.line, s.reason]), [
      [2, 'not JSON'],
      [6, 'no "text", "messages" or "conversations" field (name one with --field)'],
      [8, 'not a JSON object'],
      [10, 'not UTF-8'],
    ]);
    assert.deepEqual(json.shapes, { text: 3, messages: 1, conversations: 1 });
    for (const [id, e] of Object.entries(enc)) {
      const per = records.map((r) => texts(r).reduce((n, t) => n + e.encode(t).length, 0));
      const got = json.tokenizers[id];
      assert.equal(got.total, per.reduce((a, b) => a + b, 0), id);
      assert.equal(got.min, Math.min(...per));
      assert.equal(got.max, Math.max(...per));
      for (const p of [50, 90, 99] as const) assert.equal(got[`p${p}`], nearestRank(per, p), `${id} p${p}`);
      assert.equal(got.over['4096'], per.filter((x) => x > 4096).length);
      assert.equal(got.histogram.reduce((n, b) => n + b.records, 0), 5);
    }
    for (const jobs of ['2', '3']) {
      const many = await dataset(file, '--tokenizer', 'o200k_base,cl100k_base', '--jobs', jobs, '--json');
      assert.deepEqual(many.json, json, `--jobs ${jobs}`);
    }
  });

  it('many batches across workers: the same result as one thread, skipped lines in order', async () => {
    const big = join(dir, 'big.jsonl.gz');
    const rows: string[] = [];
    for (let i = 0; i < 30000; i++) rows.push(i % 997 === 0 ? `broken ${i}` : JSON.stringify({ text: `record ${i}: ${'学习率 warmup '.repeat(i % 13)}` }));
    writeFileSync(big, gzipSync(rows.join('\n')));
    const one = await dataset(big, '--tokenizer', 'cl100k_base', '--jobs', '1', '--json');
    const two = await dataset(big, '--tokenizer', 'cl100k_base', '--jobs', '2', '--json');
    assert.equal(one.code, 0, one.err);
    assert.deepEqual(two.json, one.json);
    assert.equal(one.json!.records, 30000 - 31);
    assert.deepEqual(one.json!.skipped.slice(0, 3).map((s) => s.line), [1, 998, 1995]);
    const expected = rows.filter((_, i) => i % 997 !== 0).reduce((n, r) => n + enc.cl100k_base.encode((JSON.parse(r) as { text: string }).text).length, 0);
    assert.equal(one.json!.tokenizers.cl100k_base.total, expected);
  });

  it('CSV and TSV by column (quoted separators and line breaks), text per file or per line, --field paths', async () => {
    const csv = join(dir, 'sft.csv');
    writeFileSync(csv, 'id,text\n1,"hello, world"\n2,"two\nlines ""quoted"""\n3\n');
    const r = await dataset(csv, '--tokenizer', 'o200k_base', '--json', '--jobs', '1');
    assert.equal(r.json!.records, 2);
    assert.equal(r.json!.tokenizers.o200k_base.total, enc.o200k_base.encode('hello, world').length + enc.o200k_base.encode('two\nlines "quoted"').length);
    assert.deepEqual(r.json!.skipped.map((s) => [s.line, s.reason]), [[5, '1 columns, no "text"']]);
    const tsv = join(dir, 'a.tsv');
    writeFileSync(tsv, 'prompt\tresponse\nhi\tthere you go\n');
    assert.equal((await dataset(tsv, '--field', 'response', '--tokenizer', 'o200k_base', '--json')).json!.tokenizers.o200k_base.total, enc.o200k_base.encode('there you go').length);
    const missing = await dataset(tsv, '--tokenizer', 'o200k_base');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /a\.tsv has no column "text" \(columns: prompt, response\); name one with --field/);
    const txt = join(dir, 'corpus.txt');
    writeFileSync(txt, 'line one\n\nline two 学习率\n');
    assert.equal((await dataset(txt, '--tokenizer', 'o200k_base', '--json')).json!.records, 1);
    const perLine = (await dataset(txt, '--lines', '--tokenizer', 'o200k_base', '--json')).json!;
    assert.equal(perLine.records, 2);
    assert.equal(perLine.tokenizers.o200k_base.total, enc.o200k_base.encode('line one').length + enc.o200k_base.encode('line two 学习率').length);
    const nested = join(dir, 'nested.jsonl');
    writeFileSync(nested, '{"meta":{"body":"a b c"}}\n{"meta":{"body":7}}\n');
    const n = (await dataset(nested, '--field', 'meta.body', '--tokenizer', 'o200k_base', '--json')).json!;
    assert.equal(n.records, 1);
    assert.deepEqual(n.skipped.map((s) => s.reason), ['field "meta.body" is number, not text']);
  });

  it('Parquet: a column read row group by row group; chat columns summed; a truncated file or a missing column is a sentence', async () => {
    const pq = join(dir, 'train.parquet');
    const textsCol = Array.from({ length: 5000 }, (_, i) => `row ${i} ${'数据'.repeat(i % 7)}`);
    writeFileSync(pq, Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'text', data: textsCol }, { name: 'id', data: textsCol.map((_, i) => i) }], rowGroupSize: 1000 })));
    const r = await dataset(pq, '--tokenizer', 'o200k_base', '--json');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.json!.records, 5000);
    assert.equal(r.json!.tokenizers.o200k_base.total, textsCol.reduce((s, t) => s + enc.o200k_base.encode(t).length, 0));
    const none = await dataset(pq, '--field', 'body', '--tokenizer', 'o200k_base');
    assert.equal(none.code, 2);
    assert.match(none.err, /train\.parquet has no column "body" \(columns: text, id\)/);
    const cut = join(dir, 'cut.parquet');
    const whole = Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'text', data: textsCol }] }));
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const truncated = await dataset(cut, '--tokenizer', 'o200k_base');
    assert.equal(truncated.code, 2);
    assert.match(truncated.err, /^llm-notes dataset: .*cut\.parquet cannot be read as Parquet/);
  });

  it('--template renders chats with the tokenizer’s chat template; its special tokens count one each, as apply_chat_template does', async () => {
    // A byte-level tokenizer with no merges (a token per UTF-8 byte) and ChatML's two special tokens.
    const bytesToUnicode = (): string[] => {
      const keep = [...range(33, 126), ...range(161, 172), ...range(174, 255)];
      let extra = 0;
      return range(0, 255).map((b) => String.fromCodePoint(keep.includes(b) ? b : 256 + extra++));
    };
    const vocab = Object.fromEntries(bytesToUnicode().map((c, i) => [c, i]));
    const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
    const folder = join(dir, 'chatml');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'tokenizer.json'), JSON.stringify({
      version: '1.0', truncation: null, padding: null,
      added_tokens: [special(256, '<|im_start|>'), special(257, '<|im_end|>')],
      normalizer: null,
      pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
      post_processor: null,
      decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
      model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges: [] },
    }));
    writeFileSync(join(folder, 'tokenizer_config.json'), JSON.stringify({
      chat_template: "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>' + '\\n' }}{% endfor %}",
      eos_token: '<|im_end|>',
    }));
    const chats = join(dir, 'chats.jsonl');
    const rows = [
      { messages: [{ role: 'user', content: '学习率怎么调？' }, { role: 'assistant', content: 'warmup, then decay.' }] },
      { conversations: [{ from: 'human', value: 'hi' }, { from: 'gpt', value: '你好' }] },
      { text: 'plain text is counted as it is' },
    ];
    writeFileSync(chats, rows.map((r) => JSON.stringify(r)).join('\n'));
    // Worked by hand: each turn is <|im_start|> (1) + role + "\n" + content + <|im_end|> (1) + "\n", one token per byte.
    const turn = (role: string, content: string) => 2 + Buffer.byteLength(`${role}\n${content}\n`);
    const expected = [turn('user', '学习率怎么调？') + turn('assistant', 'warmup, then decay.'), turn('user', 'hi') + turn('assistant', '你好'), Buffer.byteLength('plain text is counted as it is')];
    for (const jobs of ['1', '2']) {
      const r = await dataset(chats, '--tokenizer', join(folder, 'tokenizer.json'), '--template', '--jobs', jobs, '--json');
      assert.equal(r.code, 0, r.err);
      const [stats] = Object.values(r.json!.tokenizers);
      assert.equal(stats.total, expected.reduce((a, b) => a + b, 0), `--jobs ${jobs}`);
      assert.equal(stats.max, Math.max(...expected));
      assert.equal(r.json!.shapes.templated, 2);
    }
    // Without --template the contents alone are summed.
    const plain = await dataset(chats, '--tokenizer', join(folder, 'tokenizer.json'), '--json');
    assert.equal(Object.values(plain.json!.tokenizers)[0].total, Buffer.byteLength('学习率怎么调？warmup, then decay.hi你好plain text is counted as it is'));
    const builtin = await dataset(chats, '--tokenizer', 'o200k_base', '--template');
    assert.equal(builtin.code, 2);
    assert.match(builtin.err, /--template: o200k_base is a built-in encoding with no chat template/);
  });

  it('bad input is a sentence with exit code 2: a directory, a FIFO, a missing file, a bad flag; an empty file counts nothing', async () => {
    const sub = join(dir, 'folder');
    mkdirSync(sub, { recursive: true });
    let r = await dataset(sub);
    assert.equal(r.code, 2);
    assert.match(r.err, /folder is a directory; give the dataset.s files/);
    const fifo = join(dir, 'pipe.jsonl');
    execFileSync('mkfifo', [fifo]);
    r = await dataset(fifo);
    assert.equal(r.code, 2);
    assert.match(r.err, /pipe\.jsonl is not a regular file/);
    r = await dataset(join(dir, 'nope.jsonl'));
    assert.match(r.err, /nope\.jsonl: no such file/);
    r = await dataset(file, '--jobs', '0');
    assert.match(r.err, /--jobs must be a whole number from 1 to 256, not "0"/);
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    r = await dataset(empty, '--tokenizer', 'o200k_base', '--json');
    assert.equal(r.code, 0);
    assert.equal(r.json!.records, 0);
    assert.equal(r.json!.tokenizers.o200k_base.total, 0);
    for (const e of [r.err, (await dataset(sub)).err]) assert.equal(e.split('\n').filter(Boolean).length <= 1, true);
  });

  it('a line over 64 MiB is skipped and reported as it streams, the lines around it counted', async function () {
    this.timeout(60000);
    const long = join(dir, 'long.jsonl');
    writeFileSync(long, `{"text":"before"}\n{"text":"${'a'.repeat(65 * 1024 * 1024)}"}\n{"text":"after"}\n`);
    const r = await dataset(long, '--tokenizer', 'o200k_base', '--json', '--jobs', '1');
    assert.equal(r.json!.records, 2);
    assert.deepEqual(r.json!.skipped.map((s) => [s.line, s.reason]), [[2, 'line over 64 MiB (not read)']]);
  });

  it('Ctrl-C stops cleanly: what was counted so far, marked partial, exit 130', async () => {
    const big = join(dir, 'stop.jsonl');
    writeFileSync(big, Array.from({ length: 200000 }, (_, i) => JSON.stringify({ text: `line ${i}` })).join('\n'));
    // The reader stops between batches once asked: here after the first.
    let counted = 0;
    const partial = await countDataset([big], [{ id: 'o200k_base', label: 'o200k_base' }], {
      jobs: 1,
      workerPath: '',
      engines: async () => [await loadBuiltinEngine('o200k_base', testVocabularies)],
      batchBytes: 4096,
      stopped: () => counted > 0,
      onRecords: (n) => (counted = n),
    });
    assert.equal(partial.partial, true);
    assert.ok(partial.records > 0 && partial.records < 200000, String(partial.records));
    // The CLI: Ctrl-C as the count starts prints what there is, marked partial, and exits 130.
    const io = fakeIo({}, '', ['/nonexistent']);
    io.onInterrupt = (handler) => {
      handler();
      return () => undefined;
    };
    assert.equal(await main(['dataset', big, '--tokenizer', 'o200k_base', '--json', '--jobs', '1'], io), 130);
    assert.equal((JSON.parse(io.out) as Json).partial, true);
  });
});

describe('dataset pieces', () => {
  it('nearest-rank percentiles from a frequency table equal sorting the values', () => {
    const values = [5, 1, 9, 9, 2, 7, 7, 7, 3, 100];
    const s = new LengthStats();
    for (const v of values) s.add(v);
    for (const p of [1, 10, 50, 90, 99, 100]) assert.equal(s.percentile(p), nearestRank(values, p), `p${p}`);
    assert.deepEqual(s.over([8, 99]), { '8': 3, '99': 1 });
  });

  it('CSV: quotes, doubled quotes, CRLF, a line break inside quotes, chunks split anywhere', () => {
    const text = 'a,b\r\n"x,1","he said ""hi"""\r\n"multi\nline",z\n';
    for (let cut = 0; cut < text.length; cut++) {
      const r = new CsvReader(',');
      const rows = [...r.push(text.slice(0, cut)), ...r.push(text.slice(cut)), ...r.end()];
      assert.deepEqual(rows.map((x) => [x.line, x.fields]), [
        [1, ['a', 'b']],
        [2, ['x,1', 'he said "hi"']],
        [3, ['multi\nline', 'z']],
      ], `cut at ${cut}`);
    }
    const open = new CsvReader(',');
    assert.deepEqual([...open.push('a\n"never closed'), ...open.end()].map((x) => x.error ?? x.fields.join()), ['a', 'a quoted field is never closed']);
  });
});
