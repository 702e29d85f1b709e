import * as assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../src/cli/args';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, processIo } from '../../src/cli/main';
import { fakeIo } from './fakeIo';

describe('CLI', () => {
  it('--help lists the subcommands', async () => {
    const io = fakeIo();
    assert.equal(await main(['--help'], io), 0);
    assert.match(io.out, /^\s+tokens\s/m);
  });

  it('an unknown subcommand or flag is a one-line error and exit code 2', async () => {
    let io = fakeIo();
    assert.equal(await main(['frobnicate'], io), 2);
    assert.equal(io.err.trim().split('\n').length, 1);
    assert.match(io.err, /unknown command "frobnicate"/);
    io = fakeIo();
    assert.equal(await main(['tokens', '--nope'], io), 2);
    assert.match(io.err, /^llm-notes tokens: unknown option --nope\n$/);
    io = fakeIo();
    assert.equal(await main(['tokens', '--tokenizer', 'gpt9'], io), 2);
    assert.match(io.err, /unknown tokenizer "gpt9"/);
  });

  it('parses --flag value, --flag=value, switches and -', () => {
    const a = parseArgs(['--gpus=8', 'x', '--json', '-', '--inc', 'a', '--inc', 'b'], { gpus: { value: true }, json: {}, inc: { value: true, repeat: true } });
    assert.equal(a.flags.get('gpus'), '8');
    assert.equal(a.flags.get('json'), true);
    assert.deepEqual(a.flags.get('inc'), ['a', 'b']);
    assert.deepEqual(a.positionals, ['x', '-']);
    assert.throws(() => parseArgs(['--gpus'], { gpus: { value: true } }), UsageError);
    assert.throws(() => parseArgs(['--json=1'], { json: {} }), /takes no value/);
  });

  it('tokens --json for one input prints {chars, bytes, tokens}', async () => {
    const io = fakeIo({}, 'hello world');
    assert.equal(await main(['tokens', '--json', '--tokenizer', 'cl100k_base,o200k_base,llama2'], io), 0);
    // "hello world": cl100k [15339, 1917], o200k [24912, 2375], llama2 ▁hello ▁world = 2
    assert.deepEqual(JSON.parse(io.out), { chars: 11, bytes: 11, tokens: { cl100k_base: 2, o200k_base: 2, llama2: 2 } });
  });

  it('tokens --json for several files prints an array with "file"', async () => {
    const io = fakeIo({ 'a.md': '21996', 'b.md': '' });
    assert.equal(await main(['tokens', '--json', '--tokenizer=llama2,cl100k_base', 'a.md', 'b.md'], io), 0);
    assert.deepEqual(JSON.parse(io.out), [
      { file: 'a.md', chars: 5, bytes: 5, tokens: { llama2: 6, cl100k_base: 2 } },
      { file: 'b.md', chars: 0, bytes: 0, tokens: { llama2: 0, cl100k_base: 0 } },
    ]);
  });

  it('a missing file is a usage error naming it', async () => {
    const io = fakeIo();
    assert.equal(await main(['tokens', 'nope.md'], io), 2);
    assert.match(io.err, /cannot read nope\.md: no such file/);
  });
});

describe('CLI mem', () => {
  it('mem --json has per-GPU bytes as integers, the verdict and the lines', async () => {
    const io = fakeIo();
    assert.equal(await main(['mem', '34B', 'full', 'bf16', 'adamw', 'zero3', 'on', '4xA100-80G', '--seq', '1', '--cuda-context', '0', '--allocator-reserve', '0', '--json'], io), 0);
    const out = JSON.parse(io.out);
    assert.equal(out.perGpu.weights, 17e9 + 4 * 229_376_000); // ZeRO-3 shard + the gathered largest layer
    assert.equal(out.perGpu.gradients, 17e9);
    assert.equal(out.perGpu.optimizer, 102e9);
    assert.equal(out.fits, false);
    assert.ok(Number.isInteger(out.perGpu.total) && Number.isInteger(out.minGpus));
    assert.equal(out.perGpu.total, out.lines.reduce((s: number, l: { bytes: number }) => s + l.bytes, 0));
    assert.equal(out.cpu.total, 0);
  });

  it('flags override the expression; bad input exits 2 with one line', async () => {
    let io = fakeIo();
    assert.equal(await main(['mem', '--model', 'llama2-7b', '--mode', 'inference', '--gpus', '-3'], io), 2);
    assert.equal(io.err, 'llm-notes mem: The GPU count must be a whole number, not "-3".\n');
    assert.equal(io.err.trim().split('\n').length, 1);
    io = fakeIo();
    assert.equal(await main(['mem', '7B', 'qlora', 'fp32'], io), 2);
    assert.match(io.err, /QLoRA computes in bf16 or fp16/);
    io = fakeIo();
    assert.equal(await main(['mem', '7B', 'full', '--tp', '8', '--gpus', '4'], io), 2);
    assert.match(io.err, /needs more GPUs than the 4 given/);
  });

  it('mem deepspeed prints DeepSpeed’s table and its JSON rows', async () => {
    let io = fakeIo();
    assert.equal(await main(['mem', 'deepspeed', '--stage', '3', '--params', '2783959040', '--largest-layer', '65798144', '--gpus-per-node', '1', '--nodes', '1'], io), 0);
    assert.match(io.out, /^ {3}70\.00GB \| {3}0\.25GB \| offload_param=cpu , offload_optimizer=cpu , zero_init=1$/m);
    assert.match(io.out, /^ {4}0\.37GB \| {2}46\.91GB \| offload_param=none, offload_optimizer=none, zero_init=1$/m);
    io = fakeIo();
    assert.equal(await main(['mem', 'deepspeed', '--stage', '2', '--params', '1e9', '--gpus-per-node', '8', '--nodes', '1', '--json'], io), 0);
    assert.deepEqual(JSON.parse(io.out), {
      rows: [
        { offloadOptimizer: 'cpu', cpuBytes: 48e9, gpuBytes: 2e9 },
        { offloadOptimizer: 'none', cpuBytes: 48e9, gpuBytes: 4.25e9 },
      ],
    });
    io = fakeIo();
    assert.equal(await main(['mem', 'deepspeed', '--stage', '3', '--params', '1e9'], io), 2);
    assert.match(io.err, /largest layer/);
  });
});

describe('CLI search', () => {
  it('--json prints ranked {id,title,section,source,line,score,snippet}', async () => {
    const io = fakeIo();
    assert.equal(await main(['search', '学习率', '--json', '--limit', '3'], io), 0);
    const rows = JSON.parse(io.out);
    assert.ok(rows.length >= 1 && rows.length <= 3);
    assert.deepEqual(Object.keys(rows[0]), ['id', 'title', 'section', 'source', 'line', 'score', 'snippet']);
    assert.equal(rows[0].id, 'deepseek-learning-rate-decay');
    assert.equal(rows[0].source, 'digest/05-short-qa.md');
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].score >= rows[i].score || rows[i - 1].score !== rows[i].score);
  });

  it('a glob that matches nothing says so; a bad --limit is a usage error', async () => {
    let io = fakeIo();
    io.cwd = tmpdir();
    assert.equal(await main(['search', 'offload', '--include', 'no-such-dir/**/*.md'], io), 0);
    assert.match(io.err, /no file matches no-such-dir\/\*\*\/\*\.md/);
    assert.match(io.out, /OOM only some of the time/);
    io = fakeIo();
    assert.equal(await main(['search', 'x', '--limit', 'lots'], io), 2);
  });
});

describe('CLI search over notes', () => {
  it('indexes notes matching --include, reports bad files by name, and finds note entries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-notes-'));
    mkdirSync(join(dir, 'notes'));
    writeFileSync(join(dir, 'notes', 'mine.md'), '## Mine\n\nQ: 为什么 loss 曲线出现尖峰？\nA: 可能是学习率 warmup 太短。\n');
    writeFileSync(join(dir, 'notes', 'blob.md'), Buffer.from([0x51, 0x3a, 0, 0, 1]));
    let out = '';
    let err = '';
    const io = { ...processIo, cwd: dir, stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t), digestDir: join(__dirname, '..', '..', '..', 'media', 'digest') };
    assert.equal(await main(['search', 'loss 尖峰', '--include', 'notes/**/*.md', '--json'], io), 0);
    const rows = JSON.parse(out);
    assert.equal(rows[0].source, 'notes/mine.md');
    assert.equal(rows[0].line, 3);
    assert.match(err, /notes\/blob\.md:1: Not indexed: this looks like a binary file/);
  });
});
