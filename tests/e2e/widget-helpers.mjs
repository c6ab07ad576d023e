// Shared by the widget E2E tests: the fixture, the emulator and Chromium,
// and how to reach into <bx24-my-meetings> (an open shadow root:
// Playwright's CSS locators pierce it, page scripts go through it).
import { before, after, beforeEach } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../support/emulator.mjs';
import { launchBrowser } from '../support/browser.mjs';

export const FIXTURE = fileURLToPath(new URL('../fixtures/meetings.json', import.meta.url));
// Meetings of user 1 within the widget's 14 days: 101, 102, 103, 104 (host), 105.
export const MINE = ['101', '102', '103', '104', '105'];

/**
 * Starts the emulator and Chromium for the file's tests and gives each test
 * a fresh page (`locale` and viewport per call of `newPage`). Collects page
 * errors and dialogs, which the tests expect to stay empty.
 */
export function widgetHarness() {
  const h = { emulator: null, browser: null, page: null, dialogs: [], pageErrors: [] };
  before(async () => {
    h.emulator = await startEmulator(['--data', FIXTURE, '--plan', 'unlimited']);
    h.browser = await launchBrowser();
  });
  after(async () => {
    await h.browser?.close();
    await h.emulator?.stop();
  });
  beforeEach(async () => {
    await h.emulator.reset();
    await h.page?.context().close();
    h.page = null;
  });
  h.newPage = async ({ locale = 'en-US', width = 480, height = 900, timezoneId } = {}) => {
    await h.page?.context().close();
    const context = await h.browser.newContext({ locale, timezoneId, viewport: { width, height } });
    h.page = await context.newPage();
    h.dialogs = [];
    h.pageErrors = [];
    h.page.on('dialog', (dialog) => {
      h.dialogs.push(dialog.message());
      dialog.dismiss();
    });
    h.page.on('pageerror', (error) => h.pageErrors.push(error.message));
    return h.page;
  };
  /** Opens the demo page (`query` e.g. `?timeoutMs=1000`) and waits for its first load. */
  h.open = async (query = '', options) => {
    const page = await h.newPage(options);
    await page.goto(`${h.emulator.url}/${query}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
    return page;
  };
  /** Opens the demo page framed by the emulator's portal page; resolves to {page, frame}. */
  h.openInPortal = async (appQuery = '', portalQuery = '', options) => {
    const page = await h.newPage(options);
    const app = `${h.emulator.url}/${appQuery}`;
    await page.goto(`${h.emulator.url}/portal?app=${encodeURIComponent(app)}&user=1${portalQuery}`);
    const appUrl = `${h.emulator.url}/`;
    let frame;
    for (let i = 0; i < 100 && !frame; i++) {
      frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(appUrl));
      if (!frame) await page.waitForTimeout(100);
    }
    if (!frame) throw new Error('the portal did not frame the app');
    await frame.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
    return { page, frame };
  };
  return h;
}

export const item = (scope, id) => scope.locator(`li[data-event-id="${id}"]`);
export const badge = (scope, id) => item(scope, id).locator('.badge');

/** Waits until meeting `id` has no call in flight. */
export const settled = (scope, id, timeout = 10_000) =>
  scope.locator(`li[data-event-id="${id}"][aria-busy="false"]`).waitFor({ timeout });

/** What the element's polite live region says now. */
export const announced = (scope) => scope.locator('bx24-my-meetings [role="status"]').textContent();

/** Waits until the live region says something matching `pattern`. */
export async function waitForAnnouncement(scope, pattern, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = await announced(scope);
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the live region says "${text}", not ${pattern}`);
}

/** `data-focus` of the control focused inside the element (null when focus is elsewhere). */
export const focusedControl = (scope) =>
  scope.evaluate(() => document.querySelector('bx24-my-meetings').shadowRoot.activeElement?.dataset.focus ?? null);

/** Starts keeping every text the live region says, in order; `announcements(scope)` reads them. */
export const recordAnnouncements = (scope) =>
  scope.evaluate(() => {
    const live = document.querySelector('bx24-my-meetings').shadowRoot.querySelector('[role="status"]');
    window.announcements = [];
    new MutationObserver(() => live.textContent && window.announcements.push(live.textContent)).observe(live, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
export const announcements = (scope) => scope.evaluate(() => window.announcements);
