import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { get_encoding } from 'tiktoken';
import { main } from '../../src/cli/main';
import { UserError } from '../../src/core/errors';
import { compileGlob } from '../../src/core/digest/glob';
import type { DigestEntry } from '../../src/core/digest/model';
import { parseNoteSteps, parseNotes } from '../../src/core/digest/parser';
import { quoteMarkdown, renderEntryHtml } from '../../src/core/digest/render';
import { DigestIndex, passage } from '../../src/core/digest/search';
import { runInSlices } from '../../src/core/slices';
import { checkedFields } from '../../src/core/memory/fields';
import { buildInput } from '../../src/core/memory/input';
import { estimate } from '../../src/core/memory/estimate';
import { escapeMarkdown } from '../../src/core/text/markdown';
import { loadBuiltinEngine, loadHuggingFaceEngine } from '../../src/core/tokens/engines';
import { testVocabularies } from './vocabularies';
import { patternHazard } from '../../src/core/tokens/patternCost';
import { countsMarkdownTable } from '../../src/core/tokens/report';
import { resolveTokenizer } from '../../src/core/tokens/tokenCounter';
import { readRegularFile } from '../../src/node/files';
import { fakeIo } from './fakeIo';
import { BPE_TOKENIZER_JSON } from './fixtures';

const CLI = resolve('dist/cli.js');
const MB = 1024 * 1024;
const cli = (args: string[], options: { cwd?: string; input?: string } = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * MB, ...options });
const seconds = (f: () => unknown) => {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1000;
};

/**
 * Round 2 of hardening: each defect an adversarial review reproduced on 0.2.0, as a test that
 * failed then. Time limits here are 10–100× above what the fix measures and far below what 0.2.0
 * took, so they tell a linear algorithm from a quadratic one without racing the machine.
 */
describe('hardening, round 2', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'llm-notes-h2-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('1. note parsing is linear and sliceable', () => {
    it('an entry of 100,000 lines parses in well under a second (0.2.0: 14 s)', () => {
      const text = '### log\nQ: loss?\n' + Array.from({ length: 100_000 }, (_, i) => `step ${i} loss 1.23`).join('\n');
      let entries: DigestEntry[] = [];
      const s = seconds(() => (entries = parseNotes(text, 'log.md').entries));
      assert.equal(entries.length, 1);
      assert.equal(entries[0].turns[0].text.split('\n').length, 100_001);
      assert.ok(s < 2, `${s.toFixed(2)} s`);
    });

    it('a note with a run of 200,000 spaces parses, renders and quotes in well under a second (0.2.0: 40 s)', () => {
      const text = 'Q: x\nA: word' + ' '.repeat(200_000) + '\n' + ' '.repeat(200_000) + '\nend' + ' '.repeat(200_000);
      const s = seconds(() => {
        const [e] = parseNotes(text, 's.md').entries;
        renderEntryHtml(e);
        quoteMarkdown(e);
      });
      assert.ok(s < 2, `${s.toFixed(2)} s`);
    });

    it('a big note is parsed in steps, so indexing shares slices with the editor', async () => {
      const text = '### log\nQ: loss?\n' + 'step loss 1.23\n'.repeat(50_000);
      let steps = 0;
      const parser = parseNoteSteps(text, 'log.md');
      while (!parser.next().done) steps++;
      assert.ok(steps >= 10, `${steps} steps`);
      let slices = 0;
      await runInSlices([text], (t) => parseNoteSteps(t, 'log.md'), 0, () => (slices++, false));
      assert.ok(slices >= 10, `${slices} slices`);
    });

    it('llm-notes search over a 2 MB training log under one heading is quick (0.2.0: 84 s)', () => {
      const notes = join(dir, 'log');
      mkdirSync(notes);
      writeFileSync(join(notes, 'train.md'), '### run 7\nQ: why does the loss spike?\n' + 'step 1200 loss 2.31 lr 3e-4 grad_norm 0.9\n'.repeat(50_000));
      const t0 = Date.now();
      const r = cli(['search', 'loss', '--include', 'log/*.md', '--json'], { cwd: dir });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(JSON.parse(r.stdout).some((h: { title: string }) => h.title === 'run 7'));
      assert.ok(Date.now() - t0 < 20_000, `${Date.now() - t0} ms`);
    });
  });

  describe('2. paths only from trusted settings; files checked before they are read', () => {
    it('settings that name a tokenizer resolve built-in ids and configured labels, never a path', () => {
      assert.equal(resolveTokenizer('/dev/zero'), undefined);
      assert.equal(resolveTokenizer('../../x/tokenizer.json'), undefined);
      assert.deepEqual(resolveTokenizer('mine', [{ id: 'hf:mine', label: 'mine', path: '/p/tokenizer.json' }]), { id: 'hf:mine', label: 'mine', path: '/p/tokenizer.json' });
      assert.equal(resolveTokenizer('/p/tokenizer.json', [], { paths: true })?.path, '/p/tokenizer.json');
    });

    it('a device, a FIFO, a folder and an oversized file are refused without being read', async () => {
      await assert.rejects(readRegularFile('/dev/zero', MB), /not a regular file/);
      const fifo = join(dir, 'fifo');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      await assert.rejects(readRegularFile(fifo, MB), /not a regular file/); // opening it would wait forever
      await assert.rejects(readRegularFile(dir, MB), /is a directory/);
      const big = join(dir, 'big.json');
      writeFileSync(big, '');
      truncateSync(big, 2 * MB);
      await assert.rejects(readRegularFile(big, MB), /2\.0 MiB, over the 1\.0 MiB read at most/);
    });

    it('llm-notes tokens --tokenizer /dev/zero ends at once with a sentence (0.2.0 read 12.9 GB in 60 s)', () => {
      const r = cli(['tokens', '--tokenizer', '/dev/zero'], { input: 'hello' });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /\/dev\/zero is not a regular file/);
    });

    it('a tokenizer.json whose pattern backtracks without bound is refused when it loads', async () => {
      const evil = JSON.parse(BPE_TOKENIZER_JSON);
      evil.pre_tokenizer = { type: 'Split', pattern: { Regex: '(a+)+$' }, behavior: 'Isolated', invert: false };
      await assert.rejects(loadHuggingFaceEngine('x', '/e/tokenizer.json', JSON.stringify(evil)), /\/e\/tokenizer\.json has a pattern with a group that repeats without bound/);
      for (const safe of [
        "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
        "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
        '[!"#$%&\'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\\r\\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+',
      ]) {
        assert.equal(patternHazard(safe), undefined, safe);
      }
      assert.ok(patternHazard('(\\w*)*x'));
      assert.ok(patternHazard('(?:[ab]+){2,}'));
      assert.ok(patternHazard('(a)\\1'));
    });

    it('errors name the file but never echo its contents', async () => {
      const secret = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 secret@host';
      for (const text of [secret, `{"model": ${secret}`, `{"model":{"type":"BPE","vocab":{"a":0},"merges":["${secret}"]}, "pre_tokenizer": 5}`]) {
        await assert.rejects(loadHuggingFaceEngine('x', '/k/tokenizer.json', text), (e: Error) => e.message.includes('/k/tokenizer.json') && !e.message.includes('AAAAB3') && !e.message.includes('secret'));
      }
    });
  });

  describe('3. labels and messages in the hover are text, never markup', () => {
    it('a crafted label or path cannot become a command link or an image', () => {
      const label = '[open](command:llmNotes.showTokenBoundaries?{"uri":"file:///home/u/.ssh/id_rsa"}) ![x](https://evil.example/p.png) $(alert) <b>';
      const table = countsMarkdownTable({ stats: { chars: 1, words: 1, cjkChars: 0, bytes: 1, lines: 1 }, counts: [{ id: 'hf:x', label, error: `Cannot read ${label}` }] }, undefined, escapeMarkdown);
      assert.doesNotMatch(table, /(^|[^\\])\[[^\]]*(^|[^\\])\]\(/);
      assert.doesNotMatch(table, /(^|[^\\])!\[/);
      assert.doesNotMatch(table, /(^|[^\\])\$\(/);
      assert.doesNotMatch(table, /(^|[^\\])</);
      assert.match(table, /\\\[open\\\]\(command:llmNotes/);
    });
  });

  describe('4. GPT encodings do not overflow the stack below the size guard', () => {
    it('45,000 × U+E000 in cl100k and 50,000 × 🦙 in every built-in tokenizer', async () => {
      const cl = await loadBuiltinEngine('cl100k_base', testVocabularies);
      const pua = '\uE000'.repeat(45_000);
      const enc = get_encoding('cl100k_base');
      assert.equal(cl.encode(pua).length, enc.encode_ordinary(pua).length);
      const llamas = '🦙'.repeat(50_000);
      assert.equal(cl.encode(llamas).length, enc.encode_ordinary(llamas).length);
      enc.free();
      for (const id of ['o200k_base', 'llama2', 'llama3'] as const) assert.ok((await loadBuiltinEngine(id, testVocabularies)).encode(llamas).length >= 50_000, id);
    });
  });

  describe('5. globs: refused with a sentence when malformed, linear when matched', () => {
    it('an unbalanced brace is a sentence, on the command line too (0.2.0: a stack trace)', async () => {
      assert.throws(() => compileGlob('{a'), (e: Error) => e instanceof UserError && /unbalanced braces/.test(e.message));
      assert.throws(() => compileGlob('a}'), UserError);
      const io = fakeIo();
      assert.equal(await main(['search', 'x', '--include', '{a'], io), 2);
      assert.equal(io.err, 'llm-notes search: The glob "{a" has unbalanced braces: every "{" needs a "}".\n');
    });

    it('*a*a*a*a*a*a*a*a*b on a 60-character name and 40 repeated **/ answer at once (0.2.0: 42 s; exponential)', () => {
      const name = 'a'.repeat(60);
      let answer = true;
      assert.ok(seconds(() => (answer = compileGlob('*a*a*a*a*a*a*a*a*b').matches(name))) < 0.5);
      assert.equal(answer, false);
      const deep = Array.from({ length: 40 }, () => 'x').join('/') + '/y.md';
      assert.ok(seconds(() => (answer = compileGlob('**/'.repeat(40) + '*.txt').matches(deep))) < 0.5);
      assert.equal(answer, false);
    });

    it('matches as VS Code reads globs', () => {
      const cases: [string, string, boolean][] = [
        ['**/*.md', 'a.md', true],
        ['**/*.md', 'x/y/a.md', true],
        ['*.md', 'x/a.md', false],
        ['notes/**/*.md', 'notes/a.md', true],
        ['notes/**/*.md', 'other/a.md', false],
        ['**/node_modules/**', 'a/node_modules/b/c.md', true],
        ['**/{.git,node_modules}/**', 'x/.git/HEAD', true],
        ['{a,b/{c,d}}/*.md', 'b/d/x.md', true],
        ['[abc]?.md', 'bz.md', true],
        ['[!abc]?.md', 'bz.md', false],
        ['file[0-9].md', 'file7.md', true],
      ];
      for (const [glob, path, expected] of cases) assert.equal(compileGlob(glob).matches(path), expected, `${glob} ~ ${path}`);
    });
  });

  describe('6. prototype keys are words like any other', () => {
    const refused: string[][] = [
      ['mem', '--optimizer', 'constructor'],
      ['mem', '--dtype', '__proto__'],
      ['mem', '8b constructor'],
      ['mem', '--mode', 'constructor'],
      ['mem', '--mode', 'toString'],
      ['constructor'],
      ['__proto__'],
      ['tokens', '--toString'],
      ['mem', '--hasOwnProperty', 'x'],
    ];
    for (const argv of refused) {
      it(`llm-notes ${argv.join(' ')} is a one-line usage error`, async () => {
        const io = fakeIo();
        assert.equal(await main(argv, io), 2, io.out);
        assert.equal(io.err.trim().split('\n').length, 1, io.err);
        assert.doesNotMatch(io.err, /native code|at .*\(|TypeError/);
      });
    }

    it('the panel takes fields by name and type only', () => {
      assert.deepEqual(checkedFields({ model: '7B', flashAttention: false }), { model: '7B', flashAttention: false });
      for (const bad of [null, 'x', [], { constructor: 'x' }, { __proto__: { gpus: '8' }, model: 1 }, { model: { toString: 'x' } }, { flashAttention: 'yes' }, { model: 'x'.repeat(201) }]) {
        assert.equal(checkedFields(bad), undefined, JSON.stringify(bad));
      }
    });
  });

  describe('7. the entry view budgets Summary and Tags too', () => {
    it('a 5 MB Summary of "[" renders at once and a 5 MB Tags line makes little HTML (0.2.0: 12.5 s; 39 MB)', () => {
      const [summary] = parseNotes(`### s\nSummary: ${'['.repeat(5 * MB)}\nQ: x\nA: y`, 's.md').entries;
      assert.ok(seconds(() => renderEntryHtml(summary)) < 2);
      const [tags] = parseNotes(`### t\nTags: ${'a,'.repeat(2.5 * MB)}\nQ: x\nA: y`, 't.md').entries;
      const html = renderEntryHtml(tags);
      assert.ok(html.length < 1 * MB, `${html.length} characters`);
      assert.match(html, /more characters: open the note/);
    });
  });

  describe('8. the CLI checks limits before it reads', () => {
    it('cat /dev/zero | llm-notes tokens stops at 32 MiB (0.2.0 read 2 GB and more)', async () => {
      const child = spawn('bash', ['-c', `head -c 3000000000 /dev/zero | "${process.execPath}" "${CLI}" tokens`]);
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('close', r));
      assert.equal(code, 2);
      assert.match(stderr, /standard input is over 32 MiB/);
    });

    it('tokens /dev/zero and a folder are refused by name', () => {
      let r = cli(['tokens', '/dev/zero']);
      assert.equal(r.status, 2);
      assert.equal(r.stderr, 'llm-notes tokens: /dev/zero is not a regular file (a device, FIFO or socket), so it is not read\n');
      r = cli(['tokens', dir]);
      assert.equal(r.status, 2);
      assert.equal(r.stderr, `llm-notes tokens: ${dir} is a directory, not a file\n`);
    });

    it('search reports a 1.5 GB note and a 3 GiB one without reading them (0.2.0: read whole; skipped silently)', () => {
      const notes = join(dir, 'bigs');
      mkdirSync(notes);
      writeFileSync(join(notes, 'a.md'), '');
      truncateSync(join(notes, 'a.md'), 1536 * MB);
      writeFileSync(join(notes, 'b.md'), '');
      truncateSync(join(notes, 'b.md'), 3072 * MB);
      const r = cli(['search', 'x', '--include', 'bigs/*.md'], { cwd: dir });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /^bigs\/a\.md:1: Not indexed: 1536\.0 MB is over the 5 MB limit/m);
      assert.match(r.stderr, /^bigs\/b\.md:1: Not indexed: 3072\.0 MB is over the 5 MB limit/m);
    });
  });

  describe('9. no spread call over input-sized arrays', () => {
    it('search over a note of 200,000 "A: x" lines, and Insert as Quote on an entry of 200,000 lines', () => {
      const notes = join(dir, 'answers');
      mkdirSync(notes);
      writeFileSync(join(notes, 'a.md'), 'A: x\n'.repeat(200_000));
      const r = cli(['search', 'x', '--include', 'answers/*.md'], { cwd: dir });
      assert.equal(r.status, 0, r.stderr.slice(-500));
      const [e] = parseNotes('Q: long\nA: ' + 'line\n'.repeat(200_000), 'q.md').entries;
      assert.equal(quoteMarkdown(e).split('\n').length > 200_000, true);
    });
  });

  describe('11. search stays inside the folder', () => {
    it('a link to a folder outside is not followed', () => {
      const outside = mkdtempSync(join(tmpdir(), 'llm-notes-outside-'));
      writeFileSync(join(outside, 'secret.md'), '### Outside\nQ: zebraword?\nA: yes\n');
      const root = join(dir, 'rooted');
      mkdirSync(root);
      writeFileSync(join(root, 'in.md'), '### Inside\nQ: zebraword?\nA: yes\n');
      symlinkSync(outside, join(root, 'out'));
      const r = cli(['search', 'zebraword', '--include', '**/*.md', '--json'], { cwd: root });
      rmSync(outside, { recursive: true, force: true });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).map((h: { title: string }) => h.title), ['Inside']);
    });
  });

  describe('12. the small ones', () => {
    it('a size-only model still bounds tensor and pipeline parallel (0.2.0: "17 heads")', () => {
      assert.throws(() => estimate(buildInput({ params: '1b', tp: '1024', gpus: '1024' })), /Tensor parallel 1024 is more than the \d+ attention heads a 1B-parameter model is assumed to have/);
    });

    it('typo-tolerant search over 300,000 similar terms answers a keystroke quickly (0.2.0: 8–10 s)', () => {
      const index = new DigestIndex();
      const words = Array.from({ length: 300_000 }, (_, i) => `q${i.toString(36)}zz`);
      const entries: DigestEntry[] = [];
      for (let i = 0; i < words.length; i += 1000) {
        entries.push({ id: `e${i}`, title: 't', section: 's', source: 'x.md', origin: 'note', line: 1, endLine: 1, tags: [], turns: [{ label: 'A', role: 'answer', text: words.slice(i, i + 1000).join(' '), line: 1 }], links: [] });
      }
      index.setSource('x.md', entries);
      index.search('q1zzz');
      assert.ok(seconds(() => index.search('qabzzz')) < 1);
    });

    it('snippets keep their place after an İ (lower-cased to two units)', () => {
      const entry: DigestEntry = { id: 'i', title: 't', section: 's', source: 'x.md', origin: 'note', line: 1, endLine: 1, tags: [], links: [], turns: [{ label: '', role: 'text', text: 'İ'.repeat(100) + ' the warmup schedule matters ' + 'x'.repeat(200), line: 1 }] };
      assert.match(passage(entry, { phrase: 'warmup', tokens: ['warmup'], pinyin: new Set() }).text, /warmup/);
    });

    it('an entry nested deeper than markdown-it renders says so instead of ending silently', () => {
      const [e] = parseNotes('Q: deep\nA: start\n' + '>'.repeat(150) + ' hidden\n\nmore text after', 'd.md').entries;
      assert.match(renderEntryHtml(e), /nested deeper than the viewer renders/);
    });

    it('tokens: invalid UTF-8 is refused, a BOM is not counted, "-" joins files', () => {
      const bad = join(dir, 'bad.txt');
      writeFileSync(bad, Buffer.from([0x68, 0x69, 0xff, 0xfe, 0x20, 0x61]));
      let r = cli(['tokens', bad]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /is not valid UTF-8 text \(the first bad byte is at offset 2\)/);
      const bom = join(dir, 'bom.txt');
      writeFileSync(bom, Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69]));
      r = cli(['tokens', '--json', bom]);
      assert.equal(JSON.parse(r.stdout).bytes, 2);
      r = cli(['tokens', '--json', '--tokenizer', 'o200k_base', bom, '-'], { input: 'hello world' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).map((x: { file: string }) => x.file), [bom, '-']);
    });

    it('--allocator-reserve 0x10 is refused; --version takes nothing after it; a largest layer bigger than the model is refused', async () => {
      let io = fakeIo();
      assert.equal(await main(['mem', '7B', '--allocator-reserve', '0x10'], io), 2);
      assert.match(io.err, /Allocator reserve "0x10" is not a percentage/);
      io = fakeIo();
      assert.equal(await main(['--version', 'extra'], io), 2);
      io = fakeIo();
      assert.equal(await main(['mem', 'deepspeed', '--stage', '3', '--params', '1b', '--largest-layer', '5b'], io), 2);
      assert.match(io.err, /cannot be larger than the whole model/);
      io = fakeIo();
      assert.equal(await main(['mem', '1B', '--zero', '3', '--largest-layer', '5b', '--gpus', '8'], io), 2);
      assert.match(io.err, /cannot be larger than the whole model/);
    });

    it('webview nonces come from a cryptographic source', () => {
      const source = readFileSync(resolve('src/vscode/shared/webviewHtml.ts'), 'utf8');
      assert.doesNotMatch(source, /Math\.random/);
      assert.match(source, /crypto\.getRandomValues/);
    });
  });
});
