import * as assert from 'node:assert/strict';
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { searchDigest, useWorkbench, webviewFrame } from './workbench';

/** Each payload would, if it ran, set a marker the test reads, or open a dialog the page reports. */
const HOSTILE_NOTE = [
  '### Hostile zebrafish note <script>document.title="pwned"</script>',
  'Q: zebrafish <img src=x onerror="document.title=\'pwned\'"> <svg onload="alert(1)"></svg> <!-- comment -->',
  'A: [click me](javascript:document.title="pwned") [data](data:text/html,<script>alert(2)</script>) [ext](vscode:extension/evil.evil) [cmd](command:workbench.action.terminal.new)',
  '<iframe src="https://example.com"></iframe> <a href="javascript:alert(3)" onclick="alert(4)">raw link</a> ![pixel](https://example.com/track.png)',
  '',
].join('\n');

describe('hostile content in the real VS Code UI', () => {
  const page = useWorkbench();
  const file = join(process.env.WORKSPACE!, 'qa', 'hostile-zebrafish.md');
  before(() => writeFileSync(file, HOSTILE_NOTE));
  after(() => unlinkSync(file));

  it('a note full of script, handlers and bad links opens inert: nothing runs, nothing links out', async () => {
    const dialogs: string[] = [];
    page().on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // The title shows as text in the list, tags and all.
    const row = await searchDigest(page(), 'zebrafish', 'Hostile zebrafish note <script>');
    await row.click();
    const frame = webviewFrame(page());
    const article = frame.locator('article.entry');
    await article.waitFor({ timeout: 30000 });
    const text = await article.innerText();
    assert.match(text, /<script>document\.title="pwned"<\/script>/);
    assert.match(text, /<img src=x onerror=/);
    for (const selector of ['script', 'img', 'svg', 'iframe', '[onclick]', '[onerror]', '[onload]']) {
      assert.equal(await frame.locator(`article ${selector}`).count(), 0, selector);
    }
    const hrefs = await frame.locator('article a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.every((h) => /^https:\/\//.test(h ?? '')), hrefs.join(', '));
    assert.ok(hrefs.includes('https://example.com/track.png'), 'the image is shown as a link');
    await frame.locator('article', { hasText: 'click me' }).getByText('click me').click();
    await page().waitForTimeout(500);
    assert.notEqual(await frame.locator('body').evaluate(() => document.title), 'pwned');
    assert.notEqual(await page().title(), 'pwned');
    assert.deepEqual(dialogs, []);
  });
});
