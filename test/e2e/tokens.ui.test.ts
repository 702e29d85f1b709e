import * as assert from 'node:assert/strict';
import { activeEditor, hoverUntil, quickOpen, runCommand, useWorkbench, webviewFrame, wordPoint } from './workbench';

describe('Token counts in the real VS Code UI', () => {
  const page = useWorkbench();

  it('selecting 21996 and hovering shows each tokenizer, with LLaMA-2 at 6 tokens', async () => {
    await quickOpen(page(), 'tokenization.md');
    const editor = activeEditor(page());
    await editor.locator('.view-line', { hasText: '21996' }).first().waitFor();
    const pt = await wordPoint(editor, '21996');
    await page().mouse.dblclick(pt.x, pt.y);
    await page().locator('#status\\.editor\\.selection', { hasText: 'selected' }).waitFor();
    const hover = await hoverUntil(page(), pt, 'o200k_base');
    const text = await hover.innerText();
    assert.match(text, /LLaMA-2\s+6\s+3\.00×/);
    assert.match(text, /o200k_base\s+2\s+1\.00×/);
    assert.match(text, /Show token boundaries/);
    if (await hover.isVisible()) await page().keyboard.press('Escape'); // an Escape in the editor would clear the selection
  });

  it('the status bar shows the primary count of the selection', async () => {
    const item = page().locator('.statusbar-item', { hasText: /\d+ tok/ }).first();
    await item.waitFor({ timeout: 20000 });
    assert.match(await item.innerText(), /\b2 tok\b/);
  });

  it('"Show Token Boundaries" from the palette draws LLaMA-2 digit by digit in a webview', async () => {
    // Select 21996 again: this test must not depend on the selection the tests above left.
    const pt = await wordPoint(activeEditor(page()), '21996');
    await page().mouse.dblclick(pt.x, pt.y);
    await page().locator('#status\\.editor\\.selection', { hasText: '5 selected' }).waitFor();
    await runCommand(page(), 'LLM Notes: Show Token Boundaries');
    const frame = webviewFrame(page());
    const llama = frame.locator('section[data-tokenizer="llama2"] .tok');
    await llama.first().waitFor({ timeout: 30000 });
    assert.deepEqual(await llama.allInnerTexts(), ['·', '2', '1', '9', '9', '6']);
    const gpt = frame.locator('section[data-tokenizer="o200k_base"] .tok');
    assert.deepEqual(await gpt.allInnerTexts(), ['219', '96']);
    assert.match((await frame.locator('section[data-tokenizer="llama2"] .tok').nth(1).getAttribute('title')) ?? '', /29906/);
  });
});
