import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io';

/** A CLI io over in-memory files that records what the command printed. */
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
    digestDir: join(__dirname, '..', '..', '..', 'media', 'digest'),
  };
  return io;
}
