/** Entry the extension host loads (extensionTestsPath): runs every *.test.js beside this file. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  process.env.TEST_LAYER = 'integration';
  // The reporter is its own compiled file (mocha's CLI loads it by path in the other layers).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const reporter = require(join(__dirname, '..', 'reporter.js'));
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter });
  for (const f of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
