import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { bundledVocabularyReader } from '../core/tokens/bpe/bundled';
import type { ReadVocabulary } from '../core/tokens/engines';

const unzip = promisify(gunzip);

/** The bundled vocabularies in `dir`: dist/vocab beside the bundle that runs (the CLI, the counting and dataset workers). */
export function bundledVocabularies(dir: string = join(__dirname, 'vocab')): ReadVocabulary {
  return bundledVocabularyReader(
    async (name) => new Uint8Array(await readFile(join(dir, name))),
    async (data) => new Uint8Array(await unzip(data)),
  );
}
