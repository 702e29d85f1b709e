/**
 * Entry the web extension host loads (extensionTestsPath): mocha's browser build, bundled with
 * every suite of this folder. Prints the same closing line as the other layers.
 */
import 'mocha/mocha';

/** The global mocha/mocha defines in the browser (its typings describe the Node API). */
declare const mocha: { setup(options: Record<string, unknown>): void; run(done: (failures: number) => void): { stats?: { passes: number } } };

export async function run(): Promise<void> {
  mocha.setup({ ui: 'bdd', reporter: 'spec', timeout: 60000, color: false });
  await import('./web.test'); // after setup: the suite's describe() needs mocha's globals
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`web: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures) reject(new Error(`${failures} web test(s) failed`));
      else resolve();
    });
  });
}
