import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));

describe('the manifest reads well', () => {
  const pkg = read('package.json');

  it('package-lock.json is of the same version as package.json', () => {
    const lock = read('package-lock.json');
    assert.equal(lock.version, pkg.version);
    assert.equal(lock.packages[''].version, pkg.version);
  });
  const nls: Record<string, Record<string, string>> = { en: read('package.nls.json'), 'zh-cn': read('package.nls.zh-cn.json') };
  const properties: Record<string, Record<string, unknown>> = Object.assign({}, ...pkg.contributes.configuration.map((c: { properties: object }) => c.properties));

  it('every setting has a default, a scope and a markdownDescription that links a related setting, in both languages', () => {
    assert.ok(Object.keys(properties).length >= 14);
    for (const [key, p] of Object.entries(properties)) {
      assert.ok('default' in p, `${key}: no default`);
      assert.ok(['application', 'machine', 'machine-overridable', 'window', 'resource', 'language-overridable'].includes(p.scope as string), `${key}: scope ${p.scope}`);
      const ref = /^%(.+)%$/.exec(String(p.markdownDescription))?.[1];
      assert.ok(ref, `${key}: markdownDescription is not localised`);
      for (const [lang, strings] of Object.entries(nls)) {
        const links = [...strings[ref].matchAll(/`#(llmNotes\.[\w.]+)#`/g)].map((m) => m[1]);
        assert.ok(links.some((l) => l !== key), `${key} (${lang}) links no related setting`);
        for (const l of links) assert.ok(l in properties, `${key} (${lang}) links the unknown setting ${l}`);
      }
    }
  });

  it('every command has a category; the palette hides what cannot apply (internal, editor-only, desktop-only)', () => {
    const when = new Map<string, string>(pkg.contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
    for (const c of pkg.contributes.commands as { command: string; category?: string }[]) assert.equal(c.category, 'LLM Notes', c.command);
    for (const id of ['countTokens', 'compareTokenizers', 'showTokenBoundaries', 'copyTokenCounts']) assert.equal(when.get(`llmNotes.${id}`), 'editorIsOpen');
    for (const id of ['openDigestEntry', 'insertDigestQuote', 'walkthrough.countTokens', 'walkthrough.checkFit', 'walkthrough.searchDigest', 'walkthrough.writeNote']) assert.equal(when.get(`llmNotes.${id}`), 'false', id);
    assert.equal(when.get('llmNotes.addTokenizerFromHfCache'), '!isWeb');
    assert.equal(when.get('llmNotes.reindexNotes'), 'workspaceFolderCount > 0');
  });
});
