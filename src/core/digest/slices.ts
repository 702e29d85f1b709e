/**
 * Runs `work` over `items` in slices of at most `budgetMs`, yielding to the event loop between
 * slices, so indexing thousands of notes never blocks the editor for long. Returns the longest
 * slice in ms (what the benchmark reports). `cancelled` is checked between slices.
 */
export async function runInSlices<T>(items: readonly T[], work: (item: T) => void, budgetMs = 12, cancelled: () => boolean = () => false): Promise<number> {
  let longest = 0;
  let i = 0;
  while (i < items.length) {
    if (cancelled()) break;
    const start = Date.now();
    do work(items[i++]);
    while (i < items.length && Date.now() - start < budgetMs);
    longest = Math.max(longest, Date.now() - start);
    await new Promise((r) => setTimeout(r, 0));
  }
  return longest;
}
