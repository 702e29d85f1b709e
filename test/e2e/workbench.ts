/** Drives the real VS Code UI (code-server) in Debian's Chromium through playwright-core. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export interface Workbench {
  browser: Browser;
  page: Page;
}

export async function openWorkbench(): Promise<Workbench> {
  const base = process.env.VSCODE_URL;
  const folder = process.env.WORKSPACE;
  if (!base || !folder) throw new Error('VSCODE_URL and WORKSPACE must be set (run through scripts/test-vscode.sh e2e)');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  await page.goto(`${base}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 90000 });
  return { browser, page };
}

/**
 * Opens one browser on the real workbench for the calling suite, screenshots every failing test
 * and closes the browser afterwards. Returns a getter for the page.
 */
export function useWorkbench(): () => Page {
  let wb: Workbench | undefined;
  before(async () => {
    wb = await openWorkbench();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshotOnFailure(wb?.page, this.currentTest.fullTitle());
  });
  after(async () => {
    await wb?.browser.close();
  });
  return () => {
    if (!wb) throw new Error('the workbench did not open');
    return wb.page;
  };
}

/** Saves a screenshot named after the failing test into test-results/ (gitignored). */
export async function screenshotOnFailure(page: Page | undefined, title: string): Promise<void> {
  if (!page) return;
  const dir = process.env.SCREENSHOTS ?? 'test-results';
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${title.replace(/[^\w-]+/g, '_').slice(0, 80)}.png`);
  await page.screenshot({ path: file }).catch(() => undefined);
  console.log(`    screenshot: ${file}`);
}

export async function quickOpen(page: Page, file: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file.split('/').pop()! }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Runs a command from the palette; retries while the extension host is still registering commands. */
export async function runCommand(page: Page, title: string, tries = 10): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title.replace(/^.*: /, '') }).first();
  for (let i = 0; ; i++) {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(title);
    try {
      await row.waitFor({ timeout: 3000 });
      break;
    } catch (e) {
      // Close the palette only if it is open: an Escape that reaches the editor clears its
      // selection, and the next command would then act on the whole document.
      if (await page.locator('.quick-input-widget input').isVisible()) await page.keyboard.press('Escape');
      if (i >= tries) throw e;
      await page.waitForTimeout(1000);
    }
  }
  await page.keyboard.press('Enter');
}

export function activeEditor(page: Page): Locator {
  return page.locator('.editor-instance .monaco-editor').first();
}

/** Screen coordinates of the middle of `word`'s characters [from, to) in the editor. */
export async function wordPoint(editor: Locator, word: string, from = 0, to = word.length): Promise<{ x: number; y: number }> {
  const pt = await editor.evaluate(
    (root, [w, a, b]) => {
      const walker = document.createTreeWalker(root.querySelector('.view-lines')!, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = (n.textContent ?? '').indexOf(w as string);
        if (i >= 0) {
          const r = document.createRange();
          r.setStart(n, i + (a as number));
          r.setEnd(n, i + (b as number));
          const box = r.getBoundingClientRect();
          return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        }
      }
      return undefined;
    },
    [word, from, to] as const,
  );
  if (!pt) throw new Error(`"${word}" is not visible in the editor`);
  return pt;
}

/** The hover widget containing `text`, re-hovering until it shows (providers may still be counting). */
export async function hoverUntil(page: Page, at: { x: number; y: number }, text: string, tries = 8): Promise<Locator> {
  const hover = page.locator('.monaco-hover:visible .markdown-hover', { hasText: text }).first();
  for (let i = 0; ; i++) {
    await page.mouse.move(at.x, at.y + 150);
    await page.waitForTimeout(300);
    await page.mouse.move(at.x, at.y, { steps: 5 });
    try {
      await hover.waitFor({ timeout: 4000 });
      return hover;
    } catch (e) {
      if (i >= tries) throw e;
    }
  }
}

export function webviewFrame(page: Page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** Opens the digest quick pick, types `query` and returns the first row containing `rowText`. */
export async function searchDigest(page: Page, query: string, rowText: string): Promise<Locator> {
  await runCommand(page, 'LLM Notes: Search Q&A Digest');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Search Q&A Digest' }).waitFor({ timeout: 20000 });
  await page.locator('.quick-input-widget input').fill(query);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first();
  await row.waitFor({ timeout: 30000 });
  return row;
}
