// The standard route for machines that can download VS Code (@vscode/test-cli + test-electron):
// `npm run test:electron` runs the same integration suites as the offline code-server harness.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig([
  {
    label: 'integration',
    files: 'out/test/integration/**/*.test.js',
    // A scratch copy of examples/ (made by test:electron), since the suites write notes into it.
    workspaceFolder: '.vscode-test/workspace',
    version: 'stable',
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
    env: { TEST_LAYER: 'integration' },
    mocha: { ui: 'bdd', timeout: 60000, reporter: './out/test/reporter.js' },
  },
  {
    label: 'integration-min',
    files: 'out/test/integration/**/*.test.js',
    workspaceFolder: '.vscode-test/workspace',
    version: '1.90.0',
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
    env: { TEST_LAYER: 'integration' },
    mocha: { ui: 'bdd', timeout: 60000, reporter: './out/test/reporter.js' },
  },
]);
