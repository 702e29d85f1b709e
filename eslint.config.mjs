import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The architecture, as rules (DESIGN.md): data flows event → src/vscode adapter → src/core → plain
 * result → rendering. Each folder below may import only what its line allows; a planted import across
 * any boundary fails `npm run lint` (test/unit/architecture.test.ts plants one per boundary).
 *
 * - src/core is pure: no vscode, no Node built-ins (the web build runs it), never src/vscode, src/cli,
 *   src/webview, src/protocol, src/counting or src/node.
 * - Core features never import each other, except along the arrows plan → time → memory → models and
 *   dataset → tokens; the shared files at src/core's top (errors, l10n) and src/core/text serve all.
 * - The CLI never imports src/vscode (nor the webview pages).
 * - A webview page imports only its protocol (src/protocol/<page>), which both sides share.
 * - src/counting, src/node: no vscode (the CLI and the worker threads use them too).
 */
const CORE_FEATURES = ['tokens', 'memory', 'digest', 'models', 'time', 'plan', 'dataset', 'text'];
/** What each core feature may import besides the shared core files. */
const CORE_ARROWS = {
  tokens: ['text'],
  memory: ['models', 'text'],
  digest: ['text'],
  models: [],
  time: ['memory', 'models'],
  plan: ['time', 'memory', 'models'],
  dataset: ['tokens', 'text'],
  text: [],
};
const NODE_BUILTINS = ['node:*', 'fs', 'fs/promises', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'https', 'net', 'zlib', 'url', 'stream', 'readline', 'util'];
const OUTSIDE_CORE = ['vscode', 'cli', 'webview', 'protocol', 'counting', 'node'];

const alternatives = (names) => `(${names.join('|')})`;
/** An import of a top-level src folder from anywhere inside src (…/../vscode/x, ../../cli). */
const srcFolder = (names) => `^(\\.\\./)+${alternatives(names)}(/|$)`;

function restricted(patterns, paths = []) {
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

const coreBlocks = CORE_FEATURES.map((feature) => {
  const forbidden = CORE_FEATURES.filter((f) => f !== feature && !CORE_ARROWS[feature].includes(f));
  return {
    files: [`src/core/${feature}/**/*.ts`],
    rules: restricted([
      { group: NODE_BUILTINS, message: 'src/core is pure: no Node built-ins (the web build runs it).' },
      { regex: '^vscode$', message: 'src/core knows nothing of VS Code.' },
      { regex: `^\\.\\./${alternatives(forbidden)}(/|$)`, message: `core/${feature} may import only ${['shared core files', ...CORE_ARROWS[feature]].join(', ')} (DESIGN.md arrows).` },
      { regex: srcFolder(OUTSIDE_CORE), message: 'src/core never imports the adapters, the CLI, the pages or the platform helpers.' },
    ]),
  };
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.test-work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // Plain CommonJS preloaded with --require (the offline guard).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The shared core files (errors, l10n) import nothing of the features.
    files: ['src/core/*.ts'],
    rules: restricted([
      { group: NODE_BUILTINS, message: 'src/core is pure: no Node built-ins (the web build runs it).' },
      { regex: '^vscode$', message: 'src/core knows nothing of VS Code.' },
      { regex: `^\\./${alternatives(CORE_FEATURES)}(/|$)`, message: 'The shared core files serve the features; they import none.' },
      { regex: srcFolder(OUTSIDE_CORE), message: 'src/core never imports the adapters, the CLI, the pages or the platform helpers.' },
    ]),
  },
  ...coreBlocks,
  {
    files: ['src/cli/**/*.ts'],
    rules: restricted([{ regex: srcFolder(['vscode', 'webview', 'protocol']), message: 'The CLI runs without VS Code: it never imports src/vscode or the webview pages.' }], [{ name: 'vscode', message: 'The CLI runs without VS Code.' }]),
  },
  {
    files: ['src/vscode/**/*.ts'],
    rules: restricted([{ regex: srcFolder(['cli', 'webview']), message: 'The adapters reach the pages through src/protocol and never run the CLI.' }]),
  },
  {
    files: ['src/extension*.ts'],
    rules: restricted([{ regex: '^\\./(cli|webview)(/|$)', message: 'The extension entries wire the adapters; the CLI and the pages are bundles of their own.' }]),
  },
  {
    files: ['src/counting/**/*.ts', 'src/node/**/*.ts'],
    rules: restricted([{ regex: srcFolder(['vscode', 'cli', 'webview']), message: 'Counting and the Node helpers serve the extension and the CLI alike: no adapters here.' }], [{ name: 'vscode', message: 'No VS Code here: the CLI and the worker threads use this code too.' }]),
  },
  {
    // A page knows its protocol and the DOM, nothing else: src/webview/memoryPanel.ts → src/protocol/memoryPanel.ts.
    files: ['src/webview/memoryPanel.ts'],
    rules: restricted([{ regex: '^(?!\\.\\./protocol/memoryPanel$)', message: 'A webview page imports only its protocol (src/protocol/memoryPanel).' }]),
  },
  {
    files: ['src/webview/tokenView.ts'],
    rules: restricted([{ regex: '^(?!\\.\\./protocol/tokenView$)', message: 'A webview page imports only its protocol (src/protocol/tokenView).' }]),
  },
  {
    // Protocols carry types only, so a page bundles no core code.
    files: ['src/protocol/**/*.ts'],
    rules: {
      ...restricted([{ regex: srcFolder(['vscode', 'cli', 'webview', 'counting', 'node']), message: 'A protocol is shared by a page and its adapter; it imports core types only.' }], [{ name: 'vscode', message: 'Pages have no vscode module.' }]),
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', disallowTypeAnnotations: false }],
    },
  },
);
