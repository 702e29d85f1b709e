import * as assert from 'node:assert/strict';
import { searchDigest, useWorkbench, webviewFrame } from './workbench';

describe('Q&A digest in the real VS Code UI', () => {
  const page = useWorkbench();

  it('types a Chinese query into the quick pick and opens the rendered entry', async () => {
    const row = await searchDigest(page(), '学习率', 'Why did DeepSeek lower the learning rate');
    // The examples' own note about warmup (tagged 学习率) may rank first; open the digest entry.
    await row.click();
    const frame = webviewFrame(page());
    const article = frame.locator('article.entry');
    await article.waitFor({ timeout: 30000 });
    const text = await article.innerText();
    assert.match(text, /Why did DeepSeek lower the learning rate over the last 200B tokens\?/);
    assert.match(text, /初始最大的学习率是通过超参scaling law的方式得到的/);
    assert.equal(await frame.locator('a[href="https://arxiv.org/abs/2212.09803"]').count(), 1);
    // Opened from a search: the matches marked, and the only script loaded ours, which scrolls to the first
    // (the inline one is VS Code's own, which it adds to every webview that may run scripts).
    assert.match(await frame.locator('mark#match-1').innerText(), /学习率/);
    const sources = await frame.locator('script[src]').evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).src));
    assert.ok(sources.length === 1 && /\/dist\/webview\/entryView\.js$/.test(sources[0]), JSON.stringify(sources));
  });
});
