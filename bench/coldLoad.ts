/**
 * Helper for the token benchmark, in a fresh process: `coldLoad.js ID` loads one tokenizer and
 * prints the ms to its first encode; `coldLoad.js ID ours|tiktoken chinese` prints the ms to load
 * and encode 1 MB of Chinese (the whole-process comparison with tiktoken's WASM).
 */
import { performance } from 'node:perf_hooks';
import { loadBuiltinEngine } from '../src/core/tokens/engines';
import { testVocabularies } from '../test/unit/vocabularies';
import type { BuiltinTokenizerId } from '../src/core/tokens/registry';
import { chinese } from './corpora';

const [id, who, input] = process.argv.slice(2) as [BuiltinTokenizerId, string | undefined, string | undefined];
const text = input === 'chinese' ? chinese(1024 * 1024) : 'hello world';
const t0 = performance.now();
async function run(): Promise<void> {
  if (who === 'tiktoken') {
    const { get_encoding } = await import('tiktoken');
    get_encoding(id as 'cl100k_base').encode_ordinary(text);
  } else (await loadBuiltinEngine(id, testVocabularies)).encode(text);
  console.log((performance.now() - t0).toFixed(0));
}
void run();
