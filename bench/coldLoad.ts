/** Helper for the token benchmark: loads one tokenizer in a fresh process and prints ms. */
import { performance } from 'node:perf_hooks';
import { loadBuiltinEngine } from '../src/core/tokens/engines';
import type { BuiltinTokenizerId } from '../src/core/tokens/registry';

const t0 = performance.now();
void loadBuiltinEngine(process.argv[2] as BuiltinTokenizerId).then((e) => {
  e.encode('hello world');
  console.log((performance.now() - t0).toFixed(0));
});
