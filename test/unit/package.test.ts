import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yauzl from 'yauzl';

const ROOT = join(__dirname, '..', '..', '..');

/** The packaged VSIX's files and their contents (`npm test` packages before the unit layer). */
async function vsixEntries(): Promise<Map<string, Buffer>> {
  const name = readdirSync(ROOT).find((f) => f.endsWith('.vsix'));
  assert.ok(name, 'no .vsix in the repository root: run npm run package first');
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(join(ROOT, name), { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (e, stream) => {
        if (e) return reject(e);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

describe('the packaged VSIX', () => {
  let files: Map<string, Buffer>;
  before(async () => (files = await vsixEntries()));

  it('holds only the allowlist: no sources, tests, maps or node_modules', () => {
    for (const f of files.keys()) assert.doesNotMatch(f, /^extension\/(src|test|bench|node_modules|out|scripts|examples)\/|\.map$|\.ts$/, f);
  });

  it('its README shows the screenshots from https URLs (the marketplace refuses relative ones), each a file in the repository', () => {
    const readme = files.get('extension/readme.md')?.toString('utf8') ?? files.get('extension/README.md')?.toString('utf8');
    assert.ok(readme);
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 5, images.join('\n'));
    for (const url of images) {
      const m = /^https:\/\/github\.com\/llm-notes\/llm-training-notes\/raw\/HEAD\/(media\/screenshots\/[\w-]+\.png)$/.exec(url);
      assert.ok(m, url);
      assert.ok(existsSync(join(ROOT, m[1])), m[1]);
    }
    // In the repository the same links are relative, so they render on GitHub and in a checkout.
    const source = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.ok([...source.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].every((m) => m[1].startsWith('media/screenshots/')));
  });

  it('carries every picture the walkthrough shows, in both themes', () => {
    const manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
    const steps = manifest.contributes.walkthroughs[0].steps as { media: { image: Record<string, string> } }[];
    assert.equal(steps.length, 4);
    for (const step of steps) for (const path of Object.values(step.media.image)) assert.ok(files.has(`extension/${path}`), path);
  });
});
