// Shared by the widget E2E tests: the fixture, the emulator and Chromium,
// and how to reach into <bx24-my-meetings> (an open shadow root:
// Playwright's CSS locators pierce it, page scripts go through it).
import { before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../support/emulator.mjs';
import { launchBrowser } from '../support/browser.mjs';

export const FIXTURE = fileURLToPath(new URL('../fixtures/meetings.json', import.meta.url));
// Meetings of user 1 within the widget's 14 days: 101, 102, 103, 104 (host), 105.
export const MINE = ['101', '102', '103', '104', '105'];

/**
 * Starts the emulator and Chromium for the file's tests and gives each test
 * a fresh page (`locale` and viewport per call of `newPage`). Collects page
 * errors and dialogs. After each test the page errors must be exactly the
 * expected ones: a 'Query error!' (what BX24.js throws on a 5xx, a bad body
 * or a dropped connection) for each such fault the test scheduled, and what
 * the test named with `h.expectPageError(message)`.
 */
export function widgetHarness() {
  const h = { emulator: null, browser: null, page: null, dialogs: [], pageErrors: [], expectedErrors: [] };
  before(async () => {
    h.emulator = await startEmulator(['--data', FIXTURE, '--plan', 'unlimited']);
    h.browser = await launchBrowser();
    const faults = h.emulator.faults;
    h.emulator.faults = (config) => {
      for (const kind of config.schedule ?? []) if (THROWING_FAULTS.has(kind)) h.expectPageError('Query error!');
      return faults(config);
    };
  });
  after(async () => {
    await h.browser?.close();
    await h.emulator?.stop();
  });
  beforeEach(async () => {
    await h.emulator.reset();
    await h.page?.context().close();
    h.page = null;
    h.pageErrors = [];
    h.expectedErrors = [];
  });
  afterEach(() => {
    assert.deepEqual([...h.pageErrors].sort(), [...h.expectedErrors].sort(), 'the page errors are the expected ones');
  });
  h.expectPageError = (message) => h.expectedErrors.push(message);
  h.newPage = async ({ locale = 'en-US', width = 480, height = 900, timezoneId } = {}) => {
    await h.page?.context().close();
    const context = await h.browser.newContext({ locale, timezoneId, viewport: { width, height } });
    h.page = await context.newPage();
    h.dialogs = [];
    h.page.on('dialog', (dialog) => {
      h.dialogs.push(dialog.message());
      dialog.dismiss();
    });
    h.page.on('pageerror', (error) => h.pageErrors.push(error.message));
    return h.page;
  };
  /**
   * Opens the demo page (`query` e.g. `?timeoutMs=1000`) as a portal opens
   * it, framed by the emulator's portal page in the language of `locale`
   * (BX24.js runs only inside a portal frame), and waits for its first load.
   * Resolves to the app's frame with the page's own methods (keyboard,
   * viewport, screenshots, reload) added: a test uses it like a page.
   */
  h.open = async (query = '', options = {}) => {
    const lang = (options.locale ?? 'en-US').split('-')[0];
    const { page, frame } = await h.openInPortal(query, `&lang=${lang}`, options);
    return appView(page, frame);
  };
  /** Opens the demo page framed by the emulator's portal page; resolves to {page, frame}. */
  h.openInPortal = async (appQuery = '', portalQuery = '', options) => {
    const page = await h.newPage(options);
    const frame = await openFramed(page, h.emulator.url, appQuery, portalQuery);
    return { page, frame };
  };
  return h;
}

/**
 * Opens the demo page of the emulator at `url` in its portal page on `page`
 * (user 1), and resolves to the app's frame once its first load has ended.
 */
export async function openFramed(page, url, appQuery = '', portalQuery = '') {
  const app = `${url}/${appQuery}`;
  await page.goto(`${url}/portal?app=${encodeURIComponent(app)}&user=1${portalQuery}`);
  const frame = await appFrame(page, `${url}/`);
  await frame.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  return frame;
}

/** The frame of the portal page `page` whose URL starts with `prefix`. */
export async function appFrame(page, prefix) {
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(prefix));
    if (frame) return frame;
    await page.waitForTimeout(100);
  }
  throw new Error('the portal did not frame the app');
}

/**
 * The app's frame, with what only a page has (keyboard, mouse, viewport,
 * screenshots, timeouts) taken from the portal page around it. `reload()`
 * reloads the app's frame and follows it to its new document.
 */
export function appView(page, frame) {
  let current = frame;
  const own = {
    page,
    frame: () => current,
    reload: async () => {
      // An iframe keeps its Frame object across navigations.
      await Promise.all([current.waitForNavigation(), current.evaluate(() => window.location.reload()).catch(() => {})]);
      return null;
    },
  };
  return new Proxy(own, {
    get(target, key) {
      if (key in target) return target[key];
      if (key in current) {
        const value = current[key];
        return typeof value === 'function' ? value.bind(current) : value;
      }
      const value = page[key];
      return typeof value === 'function' ? value.bind(page) : value;
    },
  });
}

// Faults on which BX24.js throws 'Query error!' instead of calling back.
const THROWING_FAULTS = new Set(['query_limit', 'overload', 'internal', 'malformed_json', 'drop']);

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
