/** Entry the extension host loads (extensionTestsPath): runs every *.test.js beside this file. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/**
 * Under a Chinese display language (the integration-zh layer) only the *.zh-cn.test.js suites run,
 * which check that the extension speaks Chinese; otherwise those are left out.
 */
export function run(): Promise<void> {
  const chinese = vscode.env.language === 'zh-cn';
  process.env.TEST_LAYER = chinese ? 'integration-zh' : 'integration';
  // The reporter is its own compiled file (mocha's CLI loads it by path in the other layers).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const reporter = require(join(__dirname, '..', 'reporter.js'));
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter });
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && f.endsWith('.zh-cn.test.js') === chinese);
  for (const f of files.sort()) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
