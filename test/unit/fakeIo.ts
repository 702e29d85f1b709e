import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io';
import { FileRefused, readRegularFile, shownPath } from '../../src/node/files';
import { bundledVocabularies } from '../../src/node/vocabularies';

/**
 * A CLI io over in-memory files that records what the command printed; limits as the real one's.
 * With `hfCacheDirs` (a real cache folder a test made), files not given here are read from disk.
 */
export function fakeIo(files: Record<string, string> = {}, stdin = '', hfCacheDirs: string[] = []): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    readStdin: async (maxBytes: number) => {
      const data = Buffer.from(stdin);
      if (data.length > maxBytes) throw new FileRefused(`standard input is over the limit`, 'too-large');
      return data;
    },
    readFile: async (p: string, maxBytes: number) => {
      if (!Object.hasOwn(files, p) && hfCacheDirs.length) return readRegularFile(p, maxBytes);
      if (!Object.hasOwn(files, p)) throw new FileRefused(`${shownPath(p)}: no such file.`, 'missing');
      const data = Buffer.from(files[p]);
      if (data.length > maxBytes) throw new FileRefused(`${p} is too large`, 'too-large', data.length);
      return data;
    },
    cwd: '/',
    hfCacheDirs,
    digestDir: join(__dirname, '..', '..', '..', 'media', 'digest'),
    datasetWorker: join(__dirname, '..', '..', '..', 'dist', 'datasetWorker.js'),
    readVocabulary: bundledVocabularies(join(__dirname, '..', '..', '..', 'dist', 'vocab')),
  };
  return io;
}
