import { bundledVocabularyReader } from '../core/tokens/bpe/bundled';
import type { ReadVocabulary } from '../core/tokens/engines';

/** Inflates gzip with the platform's DecompressionStream (browsers, web workers). */
async function gunzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The bundled vocabularies of the web build, read by `readFile` (a fetch, or the workspace file system). */
export function webVocabularies(readFile: (name: string) => Promise<Uint8Array>): ReadVocabulary {
  return bundledVocabularyReader(readFile, gunzip);
}
