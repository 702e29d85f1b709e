// Lists every string the code passes to vscode.l10n.t, the keys of l10n/bundle.l10n.*.json.
// Used by the unit test that checks the zh-cn bundle is complete.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function l10nKeys(root = 'src') {
  const keys = new Set();
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const text = readFileSync(p, 'utf8');
        if (!text.includes('l10n')) continue;
        for (const m of text.matchAll(/(?:l10n\.t|\bt)\(\s*'((?:\\.|[^'\\])*)'/g)) keys.add(m[1].replace(/\\'/g, "'"));
      }
    }
  };
  walk(root);
  return [...keys].sort();
}

if (process.argv[1] && process.argv[1].endsWith('l10n-keys.mjs')) console.log(JSON.stringify(l10nKeys(), null, 2));
