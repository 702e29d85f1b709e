/**
 * `npm run bench:plan`: the planner's search against the one-change-at-a-time suggestions it
 * replaces, in the same run. Per case: the whole search (median of 5), configurations estimated,
 * the longest step between yields and the longest slice when run as the editor runs it
 * (finishInSlices, 12 ms budget), what each approach finds, and the fastest step time each offers.
 * Budgets from the issue: ≤ 100 ms for one node's search, no block of the host over 50 ms.
 */
import { parseFitExpression } from '../src/core/memory/fitExpression';
import { buildInput } from '../src/core/memory/input';
import { seconds } from '../src/core/time/stepTime';
import { estimateRun } from '../src/core/time/estimateRun';
import { planSteps, searchPlans } from '../src/core/plan/search';
import { changesText } from '../src/core/plan/report';

const CASES = [
  'qwen2.5-72b lora on 8xH100',
  '34B full bf16 adamw on 4xA100-80G',
  'llama3-8b full bf16 adamw ctx 4096 gbs 64 on 2 nodes x 8 H100',
  'llama3-70b full bf16 adamw ctx 8192 gbs 512 on 8 nodes x 8 H100',
  'llama3-70b inference ctx 128k on 4xH100',
  'mixtral-8x7b qlora ctx 4096 on 1xA100-80G',
  'llama3.1-405b full bf16 adamw on 1xA100-80G',
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (cells: (string | number)[]) => console.log(`| ${cells.join(' | ')} |`);

/** The longest single step of the generator, and the longest slice at a 12 ms budget (what the editor blocks for). */
function blocks(expression: string): { step: number; slice: number; slices: number } {
  const steps = planSteps(buildInput(parseFitExpression(expression)));
  let step = 0;
  let slice = 0;
  let slices = 0;
  for (let done = false; !done; ) {
    const start = performance.now();
    do {
      const t0 = performance.now();
      done = !!steps.next().done;
      step = Math.max(step, performance.now() - t0);
    } while (!done && performance.now() - start < 12);
    slice = Math.max(slice, performance.now() - start);
    slices++;
  }
  return { step, slice, slices };
}

console.log('## The planner against one change at a time\n');
row(['case', 'search ms (median of 5)', 'estimated', 'µs / config', 'longest step ms', 'longest slice ms (12 ms budget)', 'suggestions ms', 'search ÷ suggestions', 'suggestions that fit', 'plans that fit', 'fastest plan', 'fastest fitting suggestion']);
row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---', '---']);
const oneNode: number[] = [];
let worstSlice = 0;
for (const expression of CASES) {
  const input = buildInput(parseFitExpression(expression));
  searchPlans(input); // warm
  const times: number[] = [];
  let search = searchPlans(input);
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    search = searchPlans(input);
    times.push(performance.now() - t0);
  }
  const suggestTimes: number[] = [];
  let run = estimateRun(input, true);
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    run = estimateRun(input, true);
    suggestTimes.push(performance.now() - t0);
  }
  const b = blocks(expression);
  worstSlice = Math.max(worstSlice, b.slice);
  const ms = median(times);
  if (input.gpus <= 8) oneNode.push(ms);
  const fitting = run.suggestions.map((s, i) => ({ s, time: run.suggestionTimes[i] })).filter((x) => x.s.fits);
  const bestSuggestion = fitting.reduce<(typeof fitting)[number] | undefined>((a, x) => (x.time?.stepSeconds !== undefined && (!a || a.time?.stepSeconds === undefined || x.time.stepSeconds < a.time.stepSeconds) ? x : a), undefined);
  const fastest = search.fastest ?? search.elsewhere[0];
  const fastestText = fastest ? `${changesText(fastest)}: ${fastest.time?.stepSeconds !== undefined ? `${seconds(fastest.time.stepSeconds)}/step` : `${Math.round(fastest.time?.decodeTokensPerSecond ?? 0)} tokens/s`}${search.plans.length ? '' : ` (${fastest.input.gpus} GPUs)`}` : '—';
  const suggestionText = bestSuggestion ? `${bestSuggestion.s.label}${bestSuggestion.time?.stepSeconds !== undefined ? `: ${seconds(bestSuggestion.time.stepSeconds)}/step` : ''}` : '—';
  row([
    `\`${expression}\``,
    ms.toFixed(1),
    search.evaluated,
    ((1000 * ms) / search.evaluated).toFixed(0),
    b.step.toFixed(1),
    b.slice.toFixed(1),
    median(suggestTimes).toFixed(1),
    (ms / median(suggestTimes)).toFixed(1),
    `${fitting.length} of ${run.suggestions.length}`,
    search.plans.length + search.elsewhere.length,
    fastestText,
    suggestionText,
  ]);
}
console.log(`\nOne node's search: median ${median(oneNode).toFixed(1)} ms, worst ${Math.max(...oneNode).toFixed(1)} ms (budget 100 ms). Longest slice in the editor's way of running it: ${worstSlice.toFixed(1)} ms (budget 50 ms).`);
