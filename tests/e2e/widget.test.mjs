// The demo widget in real Chromium against the real emulator (`npm start`'s
// stack): list, RSVP, rollback on failure, XSS safety, 320 px.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../support/emulator.mjs';
import { launchBrowser } from '../support/browser.mjs';

const fixture = fileURLToPath(new URL('../fixtures/meetings.json', import.meta.url));
const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
// Meetings of user 1 within the widget's 14 days: 101, 102, 103, 104 (host), 105.
const MINE = ['101', '102', '103', '104', '105'];

let emulator;
let browser;
let page;
let dialogs;
let pageErrors;

before(async () => {
  emulator = await startEmulator(['--data', fixture, '--plan', 'unlimited']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await emulator?.stop();
});

beforeEach(async () => {
  await emulator.reset();
  await page?.close();
  page = await browser.newPage({ viewport: { width: 480, height: 900 } });
  dialogs = [];
  pageErrors = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

async function open(query = '') {
  await page.goto(`${emulator.url}/${query}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
}

const item = (id) => page.locator(`li[data-event-id="${id}"]`);
const badge = (id) => item(id).locator('.badge');

test('the list renders the fixture meetings of the current user, grouped by day', async () => {
  await open();
  const ids = await page.locator('li.meeting').evaluateAll((items) => items.map((li) => li.dataset.eventId));
  assert.deepEqual(ids, MINE);
  assert.ok((await page.locator('section.day').count()) >= 2, 'grouped by day');
  assert.equal(await badge('104').textContent(), 'You organise');
  assert.equal(await item('104').locator('.meeting__actions').isVisible(), false, 'no buttons for the host');
  assert.equal(await badge('101').textContent(), 'No answer yet');
  assert.deepEqual(pageErrors, []);
});

test('Accept changes the badge and the emulator stores Y across a reload', async () => {
  await open();
  await item('101').getByRole('button', { name: 'Accept' }).click();
  await page.waitForFunction(() => document.querySelector('li[data-event-id="101"]').dataset.busy === 'false');
  assert.equal(await badge('101').textContent(), 'Accepted');
  assert.equal((await emulator.statuses(1))['101'], 'Y');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await badge('101').textContent(), 'Accepted');
  assert.equal(await page.locator('#error').isVisible(), false);
});

test('an injected 503 shows a readable error line and rolls the badge back', async () => {
  await open('?timeoutMs=1500&retries=0');
  await emulator.faults({ schedule: ['query_limit'] });
  const accept = item('101').getByRole('button', { name: 'Accept' });
  await accept.click();
  // Optimistic at once, buttons disabled while the call is in flight.
  assert.equal(await badge('101').textContent(), 'Accepted');
  assert.equal(await accept.isDisabled(), true);
  await page.waitForSelector('#error:not([hidden])', { timeout: 5_000 });
  assert.equal(await badge('101').textContent(), 'No answer yet', 'rolled back');
  const line = await page.locator('#error').textContent();
  assert.match(line, /did not answer in time/);
  assert.doesNotMatch(line, /QUERY_LIMIT|error_description|Bx24Error/);
  assert.equal(await accept.isDisabled(), false);
  assert.equal((await emulator.statuses(1))['101'], 'Q', 'nothing stored');
});

test('a portal that answers after the timeout rolls the badge back too', async () => {
  await open('?timeoutMs=1000&retries=0');
  await emulator.faults({ schedule: ['delay'], delayMs: 2500 });
  await item('105').getByRole('button', { name: 'Maybe' }).click();
  await page.waitForSelector('#error:not([hidden])', { timeout: 5_000 });
  assert.equal(await badge('105').textContent(), 'Declined');
});

test('an event titled <img src=x onerror=alert(1)> is shown as text and runs nothing', async () => {
  await open();
  const name = item('103').locator('.meeting__name');
  assert.equal(await name.textContent(), '<img src=x onerror=alert(1)>');
  assert.equal(await item('103').locator('img, b').count(), 0, 'no element was created from the title');
  assert.equal(await item('103').locator('.meeting__location').textContent(), '<b>bold?</b>');
  await page.waitForTimeout(200);
  assert.deepEqual(dialogs, [], 'no alert ran');
});

test('the page works at 320 px wide', async () => {
  await page.setViewportSize({ width: 320, height: 720 });
  await open();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  const decline = item('102').getByRole('button', { name: 'Decline' });
  const box = await decline.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 320, 'the button is inside the viewport');
  await decline.click();
  await page.waitForFunction(() => document.querySelector('li[data-event-id="102"]').dataset.busy === 'false');
  assert.equal((await emulator.statuses(1))['102'], 'N');
  await mkdir(docs, { recursive: true });
  await page.setViewportSize({ width: 420, height: 760 });
  await page.screenshot({ path: `${docs}demo.png` });
});

test('Accept all on a day goes as one bulk call, survives an injected fault, and reports each meeting', async () => {
  await open('?timeoutMs=1000');
  // The day of meeting 101 (with 102 too, unless midnight falls between).
  const day = page.locator('section.day').filter({ has: item('101') });
  const ids = await day.locator('li.meeting').evaluateAll((lis) => lis.map((li) => li.dataset.eventId));
  await emulator.clearRequests();
  await emulator.faults({ schedule: ['internal'] });
  await day.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('.meeting__result:not([hidden])').length >= n, ids.length, {
    timeout: 10_000,
  });
  const truth = await emulator.statuses(1);
  for (const id of ids) {
    assert.equal(await item(id).locator('.meeting__result').textContent(), 'Saved');
    assert.equal(await badge(id).textContent(), 'Accepted');
    assert.equal(truth[id], 'Y');
  }
  const log = await emulator.requests();
  assert.deepEqual(log.map((r) => [r.restMethod, r.fault]), [['batch', 'internal'], ['batch', null]]);
});

test('inside the emulator portal page, the widget gets its auth through the frame protocol', async () => {
  const app = `${emulator.url}/`;
  await page.goto(`${emulator.url}/portal?app=${encodeURIComponent(app)}&user=1`);
  let frame;
  for (let i = 0; i < 100 && !frame; i++) {
    frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(app));
    if (!frame) await page.waitForTimeout(100);
  }
  assert.ok(frame, 'the portal framed the app');
  await frame.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  const ids = await frame.locator('li.meeting').evaluateAll((items) => items.map((li) => li.dataset.eventId));
  assert.deepEqual(ids, MINE);
  // Framed by a loopback portal, the page loads that portal's BX24.js.
  const scripts = await frame.locator('script[src]').evaluateAll((s) => s.map((e) => e.src));
  assert.ok(scripts.some((src) => src === `${emulator.url}/bx24.js`), scripts.join(' '));
  await frame.locator('li[data-event-id="105"]').getByRole('button', { name: 'Accept' }).click();
  await frame.waitForFunction(() => document.querySelector('li[data-event-id="105"]').dataset.busy === 'false');
  assert.equal((await emulator.statuses(1))['105'], 'Y');
});
