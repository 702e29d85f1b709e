import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundledVocabularies } from '../../src/node/vocabularies';

/** The repository root: the first folder up from this bundle (out/test/unit, out/bench) with a package.json. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The vocabularies the build wrote to dist/vocab, as the CLI and the workers read them. */
export const testVocabularies = bundledVocabularies(join(repositoryRoot(), 'dist', 'vocab'));
