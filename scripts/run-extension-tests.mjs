// Starts the integration suites inside code-server's real extension host: the workbench, opened
// with the smoke-test driver enabled, honours ?payload=[[extensionTestsPath, …]] and reports the
// mocha exit code through window.codeAutomationExit.
import { join } from 'node:path';
import { runInBrowser } from './run-in-browser.mjs';

const base = process.env.VSCODE_URL;
const root = process.env.EXTENSION_ROOT;
// The extension runs from a wrapper folder that loads the net guard first (test-vscode.sh).
const devPath = process.env.EXTENSION_DEV_PATH ?? root;
const folder = process.env.WORKSPACE;
const limitMs = Number(process.env.INTEGRATION_TIMEOUT_MS ?? 300000);
const host = new URL(base).host;
const remote = (p) => `vscode-remote://${host}${p}`;
const noise = /AgentHost|open-vsx|ChatModel|AccountPolicy|GitHub|github|Copilot|\[copilot|authentication provider|^\s+at /;

const payload = JSON.stringify([
  ['extensionDevelopmentPath', remote(devPath)],
  ['extensionTestsPath', remote(join(root, 'out', 'test', 'integration', 'index'))],
  ['skipWelcome', 'true'],
]);
const code = await runInBrowser(`${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`, { noise, limitMs });
if (code === 'timeout') console.log(`integration: 0 passed, 1 failed (no result within ${limitMs / 1000} s)`);
process.exit(code === 0 ? 0 : 1);
