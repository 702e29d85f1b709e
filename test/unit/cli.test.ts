import * as assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../src/cli/args';
import type { CliIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';

export function fakeIo(files: Record<string, string> = {}, stdin = ''): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    readStdin: async () => Buffer.from(stdin),
    readFile: async (p: string) => {
      if (!(p in files)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return Buffer.from(files[p]);
    },
    fileSize: async (p: string) => {
      if (!(p in files)) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return Buffer.byteLength(files[p]);
    },
    cwd: '/',
  };
  return io;
}

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
