/**
 * Polls `probe` every 50 ms until it gives a value (not undefined or false). No Node or VS Code
 * imports: the integration suites and the web suite (a web worker) both use it.
 */
export async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
