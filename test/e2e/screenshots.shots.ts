/**
 * `npm run screenshots`: the README's and the walkthrough's pictures, taken from the real UI with
 * the packaged extension, once per theme (LLM_NOTES_THEME=light|dark, set by scripts/screenshots.sh).
 * Not part of `npm test` (its name does not end in .test).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { activeEditor, hoverUntil, quickOpen, runCommand, searchDigest, useWorkbench, webviewFrame, wordPoint } from './workbench';

const theme = process.env.LLM_NOTES_THEME ?? 'dark';
const dir = join(process.env.EXTENSION_ROOT ?? '.', 'media', 'screenshots');

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await page.waitForTimeout(400); // let animations settle
  await page.screenshot({ path: join(dir, `${name}-${theme}.png`) });
  console.log(`    ${name}-${theme}.png`);
}

async function closeAll(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await runCommand(page, 'View: Close All Editors');
}

describe(`screenshots (${theme} theme)`, () => {
  const page = useWorkbench();

  it('hover: several tokenizers side by side on a Chinese and English sentence', async () => {
    const p = page();
    await quickOpen(p, 'tokenization.md');
    const editor = activeEditor(p);
    await editor.locator('.view-line', { hasText: 'tiktoken' }).first().waitFor();
    const start = await wordPoint(editor, 'LLama', 1, 3);
    await p.mouse.click(start.x, start.y, { clickCount: 3 });
    await p.locator('#status\\.editor\\.selection', { hasText: 'selected' }).waitFor();
    await hoverUntil(p, start, 'LLaMA-3');
    await shot(p, 'hover');
  });

  it('token boundaries: LLaMA-2 splits 21996 digit by digit', async () => {
    const p = page();
    await p.keyboard.press('Escape');
    const editor = activeEditor(p);
    const pt = await wordPoint(editor, '21996');
    await p.mouse.dblclick(pt.x, pt.y);
    await runCommand(p, 'LLM Notes: Show Token Boundaries');
    await webviewFrame(p).locator('section[data-tokenizer="llama2"] .tok').first().waitFor({ timeout: 30000 });
    await p.mouse.move(pt.x, pt.y + 300);
    await shot(p, 'boundaries');
  });

  it('inline fit checks in a note', async () => {
    const p = page();
    await closeAll(p);
    await quickOpen(p, 'gpu-memory.md');
    await p.locator('.codelens-decoration', { hasText: /fits|does not fit/ }).first().waitFor({ timeout: 30000 });
    await shot(p, 'codelens');
  });

  it('the calculator, opened from a fit check', async () => {
    const p = page();
    await p.locator('.codelens-decoration a', { hasText: /does not fit/ }).first().click();
    const frame = webviewFrame(p);
    await frame.locator('#f-params').waitFor({ timeout: 30000 });
    await frame.locator('section.output .bar').waitFor({ timeout: 30000 });
    await frame.locator('section.output').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await shot(p, 'calculator');
  });

  it('the digest quick pick, searching 学习率', async () => {
    const p = page();
    await closeAll(p);
    await searchDigest(p, '学习率', 'learning rate');
    await shot(p, 'quick-pick');
    await p.keyboard.press('Escape');
  });
});
