/**
 * Mocha's spec reporter plus the closing "<layer>: N passed, N failed" line every test layer
 * prints, which CI reads.
 */
import Mocha from 'mocha';

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class ClosingLineReporter extends Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const layer = process.env.TEST_LAYER ?? 'unit';
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const skipped = s.pending ? `, ${s.pending} skipped` : '';
      console.log(`${layer}: ${s.passes} passed, ${s.failures} failed${skipped}`);
    });
  }
}

module.exports = ClosingLineReporter;
