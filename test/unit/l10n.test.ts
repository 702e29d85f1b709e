import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const json = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, string>;

describe('localisation (English and Simplified Chinese)', () => {
  it('package.nls.zh-cn.json translates every manifest string', () => {
    assert.deepEqual(Object.keys(json('package.nls.zh-cn.json')).sort(), Object.keys(json('package.nls.json')).sort());
  });

  it('every %key% in package.json is defined', () => {
    const nls = json('package.nls.json');
    const used = [...readFileSync(join(ROOT, 'package.json'), 'utf8').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    for (const key of used) assert.ok(key in nls, key);
  });

  it('l10n/bundle.l10n.zh-cn.json translates every vscode.l10n.t string in src, and nothing stale', async () => {
    const { l10nKeys } = (await import(join(ROOT, 'scripts', 'l10n-keys.mjs'))) as { l10nKeys(root: string): string[] };
    const keys = l10nKeys(join(ROOT, 'src'));
    assert.ok(keys.length > 100);
    const bundle = json('l10n/bundle.l10n.zh-cn.json');
    assert.deepEqual(Object.keys(bundle).sort(), [...keys].sort());
    for (const [en, zh] of Object.entries(bundle)) {
      assert.ok(zh.trim(), en);
      for (const placeholder of en.match(/\{\d\}/g) ?? []) assert.ok(zh.includes(placeholder), `${en} → ${zh} lost ${placeholder}`);
    }
  });
});
