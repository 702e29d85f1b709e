// Lists every string the code passes to vscode.l10n.t, or to the core's Translate function `t`
// (src/core/l10n.ts): the keys of l10n/bundle.l10n.*.json. Used by the unit test that checks the
// zh-cn bundle is complete. Comments are skipped; keys are single- or double-quoted literals.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CALL = /(?:l10n\.t|\bt)\(\s*(?:'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)")/g;

function unquote(text) {
  return text.replace(/\\(['"\\])/g, '$1');
}

export function l10nKeys(root = 'src') {
  const keys = new Set();
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const text = readFileSync(p, 'utf8');
        const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
        for (const m of code.matchAll(CALL)) keys.add(unquote(m[1] ?? m[2]));
      }
    }
  };
  walk(root);
  return [...keys].sort();
}

if (process.argv[1] && process.argv[1].endsWith('l10n-keys.mjs')) console.log(JSON.stringify(l10nKeys(), null, 2));
