import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { get_encoding } from 'tiktoken';
import { parseNotes } from '../../src/core/digest/parser';
import { renderEntryHtml, SHOWN_CHARS } from '../../src/core/digest/render';
import { DigestIndex } from '../../src/core/digest/search';
import { assertInertHtml } from './fuzz/inert';

const CLI = resolve('dist/cli.js');
const MB = 1024 * 1024;
const cli = (args: string[], cwd?: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * MB, cwd });

describe('huge and odd inputs', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'llm-notes-huge-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('llm-notes tokens refuses a 100 MB file with a sentence that says what to do', () => {
    const file = join(dir, 'big.jsonl');
    writeFileSync(file, '');
    truncateSync(file, 100 * MB);
    const r = cli(['tokens', file]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `llm-notes tokens: ${file} is 100 MiB; llm-notes tokens reads at most 32 MiB at once — split it (e.g. split -C 32M) and count the parts\n`);
    assert.equal(r.stdout, '');
  });

  it('llm-notes tokens counts a 10 MB single line exactly', () => {
    const sentence = ' The quick brown fox jumps over the lazy dog.';
    const enc = get_encoding('o200k_base');
    const perSentence = enc.encode_ordinary(sentence).length; // 10: " The", " quick", …, " dog", "."
    const first = enc.encode_ordinary(sentence.slice(1)).length;
    enc.free();
    const n = Math.ceil((10 * MB) / sentence.length);
    const file = join(dir, 'line.txt');
    writeFileSync(file, sentence.slice(1) + sentence.repeat(n - 1));
    const r = cli(['tokens', '--tokenizer', 'o200k_base', '--json', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).tokens.o200k_base, first + perSentence * (n - 1));
  });

  it('llm-notes search walks a notes folder with a symlink loop and finds the note', () => {
    const notes = join(dir, 'notes');
    mkdirSync(join(notes, 'sub'), { recursive: true });
    writeFileSync(join(notes, 'sub', 'lr.md'), '### Warmup\nQ: 学习率 warmup 多长？\nA: 1–3% of the steps.\n');
    symlinkSync(notes, join(notes, 'sub', 'loop'));
    const r = cli(['search', 'warmup', '--include', 'notes/**/*.md', '--json'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(JSON.parse(r.stdout).some((h: { title: string }) => h.title === 'Warmup'), r.stdout);
  });

  describe('10 MB lines in a note: parsed, indexed, searched and rendered inert, the view showing the first 50,000 characters', () => {
    const cases: Record<string, string> = {
      'an answer of 10 MB of words': 'Q: big?\nA: ' + 'word 学习率 '.repeat(MB),
      'a heading padded with 10 MB of spaces': '### a' + ' '.repeat(10 * MB) + 'x\nQ: q\nA: a',
      '10 MB of "#"': '#'.repeat(10 * MB),
      '10 MB of backticks': '`'.repeat(10 * MB),
      'a label-like line of 10 MB': 'Q' + ' '.repeat(10 * MB) + ':x',
      '10 MB of "["': 'Q: x\nA: ' + '['.repeat(10 * MB),
      '10 MB of emphasis marks': 'Q: x\nA: ' + '*_'.repeat(5 * MB),
      'a 10 MB URL': 'Q: x\nA: https://' + 'a'.repeat(10 * MB),
      '10 MB of "<"': 'Q: x\nA: ' + '<'.repeat(10 * MB),
      'script, handlers and bad links, 10 MB of them': 'Q: x\nA: ' + '<script>alert(1)</script><img src=x onerror=alert(2)>[a](javascript:alert(3))'.repeat(10 * MB / 80),
    };
    for (const [name, text] of Object.entries(cases)) {
      it(name, () => {
        const { entries } = parseNotes(text, 'big.md');
        const index = new DigestIndex();
        index.setSource('big.md', entries);
        index.search('学习率 word x');
        for (const e of entries) {
          assert.ok(e.title.length <= 200);
          const html = renderEntryHtml(e);
          assertInertHtml(html);
          assert.ok(html.length < 8 * SHOWN_CHARS, `${html.length} characters of HTML`);
          if (e.turns.reduce((s, t) => s + t.text.length, 0) > SHOWN_CHARS) assert.match(html, /more characters: open the note to read the whole entry/);
        }
      });
    }
  });

  it('a closing # run needs a space before it: "### C#" keeps its #', () => {
    const { entries } = parseNotes('### C#\nQ: x\nA: y\n### Closed ###\nQ: x\nA: y', 'h.md');
    assert.deepEqual(entries.map((e) => e.title), ['C#', 'Closed']);
  });
});
