import { UserError } from '../../errors';
import type { ReadVocabulary } from '../engines';

/**
 * The bundled vocabularies (`<id>.vocab.gz`) read through whatever the platform offers: `readFile`
 * fetches a file's bytes by name, `gunzip` inflates them. Ids come from the built-in list only.
 * A missing or damaged file is one sentence; the other tokenizers keep working.
 */
export function bundledVocabularyReader(readFile: (name: string) => Promise<Uint8Array>, gunzip: (data: Uint8Array) => Promise<Uint8Array>): ReadVocabulary {
  return async (id) => {
    const name = `${id}.vocab.gz`;
    let zipped: Uint8Array;
    try {
      zipped = await readFile(name);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      throw new UserError(`The bundled vocabulary ${name} cannot be read${typeof code === 'string' ? ` (${code})` : ''}; reinstall the extension. The other tokenizers still work.`);
    }
    try {
      return await gunzip(zipped);
    } catch {
      throw new UserError(`The bundled vocabulary ${name} is damaged (not gzip); reinstall the extension. The other tokenizers still work.`);
    }
  };
}
