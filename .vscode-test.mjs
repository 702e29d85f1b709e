// The standard route for machines that can download VS Code (@vscode/test-cli + test-electron):
// `npm run test:electron` runs the same integration suites as the offline code-server harness,
// on the current stable VS Code and on the oldest version engines.vscode allows.
import { defineConfig } from '@vscode/test-cli';

const integration = {
  files: 'out/test/integration/**/*.test.js',
  // A scratch copy of examples/ (made by test:electron), since the suites write notes into it.
  workspaceFolder: '.vscode-test/workspace',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  env: { TEST_LAYER: 'integration' },
  mocha: { ui: 'bdd', timeout: 60000, reporter: './out/test/reporter.js' },
};

export default defineConfig([
  { label: 'integration', version: 'stable', ...integration },
  { label: 'integration-min', version: '1.90.0', ...integration },
]);
