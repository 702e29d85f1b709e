// Opens a VS Code workbench URL in Debian's Chromium (playwright-core) and waits for the suite it
// runs to report through window.codeAutomationExit, printing codeAutomationLog lines that are not
// noise. Shared by the integration layer (code-server) and the web layer (VS Code for the Web).
import { chromium } from 'playwright-core';
import { format } from 'node:util';

/** Resolves to the suite's exit code, or 'timeout' when none came within `limitMs`. */
export async function runInBrowser(url, { noise, limitMs }) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    let done;
    const finished = new Promise((r) => (done = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = format(...(args || []));
      if (!noise.test(line) || process.env.VERBOSE) console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (c) => done(c));
    await page.goto(url);
    return await Promise.race([finished, new Promise((r) => setTimeout(() => r('timeout'), limitMs))]);
  } finally {
    await browser.close();
  }
}
