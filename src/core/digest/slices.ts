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
