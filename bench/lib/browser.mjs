// The browser: the same launcher (Debian's Chromium, the flags this machine
// needs) as the tests use.
export { CHROMIUM_ARGS, launchBrowser } from '../../tests/support/browser.mjs';

/**
 * Opens `url` in a fresh browser context (its own empty cache) and waits for
 * the harness page to set `body[data-ready]`. A script error on the page
 * fails at once instead of waiting out the timeout.
 */
export async function openPage(browser, url, { timeoutMs = 60_000 } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const failed = new Promise((_, reject) => page.once('pageerror', (e) => reject(new Error(`${url}: ${e.message}`))));
  failed.catch(() => {});
  try {
    await page.goto(url);
    await Promise.race([page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: timeoutMs }), failed]);
  } catch (error) {
    await context.close();
    throw error;
  }
  return { page, context, close: () => context.close() };
}
