// Inside the emulator's portal page, <bx24-my-meetings> asks the portal for
// the frame height its content needs (BX24.resizeWindow, then fitWindow),
// after each render and on resize; the portal page honours it, so the
// frame's height follows the list, up and down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { item, widgetHarness } from './widget-helpers.mjs';

const h = widgetHarness();

/** The iframe's height in the portal page, and the height of the app's document inside it. */
async function heights(page, frame) {
  const frameHeight = await page.locator('#app iframe').evaluate((f) => f.getBoundingClientRect().height);
  const content = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  return { frame: frameHeight, content };
}

/** Waits until the frame is as tall as its content (±1 px) and `ok(heights)` holds. */
async function fitted(page, frame, ok = () => true, timeout = 5_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await heights(page, frame);
    if (Math.abs(last.frame - last.content) <= 1 && ok(last)) return last;
    await page.waitForTimeout(50);
  }
  throw new Error(`the frame did not follow its content: ${JSON.stringify(last)}`);
}

test('the frame height follows the list: on load, when an error line comes and goes, and at 320 px', async () => {
  const { page, frame } = await h.openInPortal('?timeoutMs=1000&retries=0', '', { width: 800, height: 1200 });
  await item(frame, '105').waitFor();
  // The portal page starts the frame at 600 px; the list is taller or shorter than that.
  const loaded = await fitted(page, frame, (x) => x.frame !== 600);
  assert.ok(loaded.content > 300, `a list of five meetings is not ${loaded.content} px tall`);

  // An error line makes the page taller: the frame grows with it.
  await h.emulator.faults({ schedule: ['query_limit'] });
  await item(frame, '101').getByRole('button', { name: 'Accept' }).click();
  await frame.locator('bx24-my-meetings .error').waitFor({ timeout: 5_000 });
  const taller = await fitted(page, frame, (x) => x.frame > loaded.frame);

  // A successful answer clears the line: the frame shrinks back.
  await item(frame, '102').getByRole('button', { name: 'Decline' }).click();
  await frame.locator('bx24-my-meetings .error').waitFor({ state: 'hidden' });
  const back = await fitted(page, frame, (x) => x.frame < taller.frame);
  assert.equal(back.frame, loaded.frame);

  // A narrow portal wraps the list onto more lines: the frame grows again.
  await page.setViewportSize({ width: 320, height: 1200 });
  const narrow = await fitted(page, frame, (x) => x.frame > back.frame);
  assert.ok(narrow.frame > loaded.frame);
  // The portal log shows the commands that did it.
  const log = await page.locator('#log li').allTextContents();
  assert.ok(log.includes('resizeWindow'), log.join(', '));
});

test('outside a portal frame BX24.js refuses to load, and the widget says where to open it', async () => {
  // As the real library: no `DOMAIN|PROTOCOL|APP_SID` window name, so
  // `BX24 = null` and an error at load; nothing is posted to a parent.
  const page = await h.newPage();
  await page.addInitScript(() => {
    window.posted = [];
    const post = window.postMessage.bind(window);
    window.postMessage = (...args) => (window.posted.push(String(args[0])), post(...args));
  });
  await page.goto(`${h.emulator.url}/`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 10_000 });
  assert.equal(await page.evaluate(() => window.BX24), null);
  assert.deepEqual(h.pageErrors, ['Unable to initialize Bitrix24 JS library!']);
  h.expectPageError('Unable to initialize Bitrix24 JS library!');
  assert.match(await page.locator('bx24-my-meetings .error').textContent(), /Open this page from your Bitrix24 portal\.$/);
  await page.setViewportSize({ width: 320, height: 900 });
  await page.waitForTimeout(300);
  assert.deepEqual(await page.evaluate(() => window.posted), []);
});
