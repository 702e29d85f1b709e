import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BPE_TOKENIZER_JSON } from './fixtures';

const GUARD = resolve('test/guard/net-guard.cjs');
const CLI = resolve('dist/cli.js');

/** Runs the built CLI with the net guard preloaded; every connection attempt is logged and refused. */
function guarded(args: string[], log: string, input?: string) {
  return spawnSync(process.execPath, ['--require', GUARD, CLI, ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, LLM_NOTES_NET_LOG: log, LLM_NOTES_NET_GUARD_PATHS: '' },
    timeout: 120_000,
  });
}

describe('offline and private: the CLI opens no sockets (net guard preloaded)', () => {
  let dir: string;
  let log: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'llm-notes-offline-'));
    log = join(dir, 'net.log');
    writeFileSync(join(dir, 'note.md'), '### Learning rate\nQ: 学习率怎么调？\nA: warmup, then cosine decay.\n');
    writeFileSync(join(dir, 'tokenizer.json'), BPE_TOKENIZER_JSON);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the guard works: a connection attempt is refused and logged', () => {
    const r = spawnSync(process.execPath, ['--require', GUARD, '-e', "require('node:net').connect(443, 'example.com').on('error', () => {})"], {
      encoding: 'utf8',
      env: { ...process.env, LLM_NOTES_NET_LOG: log },
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /net guard: net\.connect 443 refused/);
    assert.match(readFileSync(log, 'utf8'), /^net\.connect 443\n/);
    rmSync(log);
  });

  const runs: [string, string[], string?][] = [
    ['--help', ['--help']],
    ['--version', ['--version']],
    ['tokens with all six built-in tokenizers and a tokenizer.json', ['tokens', '--tokenizer', 'o200k_base,cl100k_base,p50k_base,r50k_base,llama2,llama3,TOKJSON', '--json', 'NOTE']],
    ['tokens from standard input', ['tokens', '-'], '学习率 learning rate'],
    ['tokens --help', ['tokens', '--help']],
    ['mem with a fit expression', ['mem', '70B', 'qlora', 'on', '1xH100']],
    ['mem --json with flags', ['mem', '--model', 'llama2-70b', '--mode', 'inference', '--dtype', 'int4', '--seq', '32k', '--batch', '8', '--json']],
    ['mem deepspeed', ['mem', 'deepspeed', '--stage', '3', '--model', 'llama2-7b', '--gpus-per-node', '8']],
    ['mem --help', ['mem', '--help']],
    ['search the bundled digest', ['search', '学习率']],
    ['search notes with --include', ['search', 'cosine', '--include', 'DIR/**/*.md', '--json']],
    ['search --help', ['search', '--help']],
  ];
  for (const [name, args, input] of runs) {
    it(`${name}: exit 0, no connection attempt`, () => {
      const argv = args.map((a) => a.replace('TOKJSON', join(dir, 'tokenizer.json')).replace('NOTE', join(dir, 'note.md')).replace('DIR', dir));
      const r = guarded(argv, log, input);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(!existsSync(log), existsSync(log) ? readFileSync(log, 'utf8') : '');
    });
  }
});
