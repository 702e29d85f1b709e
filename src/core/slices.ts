/**
 * Runs `work` over `items` in slices of at most `budgetMs`, yielding to the event loop between
 * slices, so indexing thousands of notes never blocks the editor for long. `work` may return an
 * iterator (a big note's parser as steps, parser.ts): its steps then share the same slices, so one
 * 5 MB note is parsed across several slices instead of in one long block. Returns the longest slice
 * in ms (what the benchmark reports). `cancelled` is checked between slices.
 */
export async function runInSlices<T>(items: readonly T[], work: (item: T) => void | Iterator<unknown>, budgetMs = 12, cancelled: () => boolean = () => false): Promise<number> {
  let longest = 0;
  let i = 0;
  let steps: Iterator<unknown> | undefined;
  while (i < items.length || steps) {
    if (cancelled()) break;
    const start = Date.now();
    do {
      if (!steps) {
        const result = work(items[i++]);
        if (result) steps = result;
      }
      if (steps && steps.next().done) steps = undefined;
    } while ((i < items.length || steps) && Date.now() - start < budgetMs);
    longest = Math.max(longest, Date.now() - start);
    await new Promise((r) => setTimeout(r, 0));
  }
  return longest;
}

/**
 * Runs a generator to its end in slices of at most `budgetMs` (its steps between yields must be
 * short: the planner yields every few estimates), yielding to the event loop between slices.
 * Returns the generator's value, or undefined when `cancelled` said so between slices.
 */
export async function finishInSlices<R>(steps: Generator<unknown, R>, budgetMs = 12, cancelled: () => boolean = () => false): Promise<R | undefined> {
  for (;;) {
    if (cancelled()) return undefined;
    const start = Date.now();
    do {
      const step = steps.next();
      if (step.done) return step.value;
    } while (Date.now() - start < budgetMs);
    await new Promise((r) => setTimeout(r, 0));
  }
}
