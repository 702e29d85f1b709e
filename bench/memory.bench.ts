/**
 * `npm run bench:memory`: how long one estimate takes — what a keystroke in the calculator panel
 * and each CodeLens in a note costs — with and without the GPU-count search and suggestions.
 */
import { performance } from 'node:perf_hooks';
import { estimate } from '../src/core/memory/estimate';
import { parseFitExpression } from '../src/core/memory/fitExpression';
import { buildInput } from '../src/core/memory/input';

const CASES = [
  '34B full bf16 adamw zero3 on 4xA100-80G',
  '70B qlora rank 64 recompute tp2 on 2 nodes x 8 H100',
  'llama2-70b inference int4 ctx 32k batch 8 on 1xH100',
  'deepseek-v3 inference fp16 ctx 8k on 2 nodes x 8 H200',
  'llama3.1-405b full bf16 adamw zero3 offload-all recompute tp8 pp4 sp on 16 nodes x 8 H100',
];

function median(f: () => void, runs = 50): number {
  for (let i = 0; i < 5; i++) f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

console.log('| fit expression | full estimate (panel) ms | verdict only (CodeLens) ms | ratio |');
console.log('|---|---:|---:|---:|');
for (const text of CASES) {
  const full = median(() => estimate(buildInput(parseFitExpression(text))));
  const lens = median(() => estimate(buildInput(parseFitExpression(text)), false));
  console.log(`| ${text} | ${full.toFixed(2)} | ${lens.toFixed(3)} | ${(full / lens).toFixed(0)}× |`);
}
