// The demo widget (<bx24-my-meetings> in www/index.html) in real Chromium
// against the real emulator (`npm start`'s stack): list, RSVP, rollback on
// failure, XSS safety, 320 px, bulk, inside the portal page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MINE, badge, item, openFramed, settled, widgetHarness } from './widget-helpers.mjs';

const h = widgetHarness();

test('the list renders the fixture meetings of the current user, grouped by day', async () => {
  const page = await h.open();
  const ids = await page.locator('li.meeting').evaluateAll((items) => items.map((li) => li.dataset.eventId));
  assert.deepEqual(ids, MINE);
  assert.ok((await page.locator('section.day').count()) >= 2, 'grouped by day');
  assert.equal(await badge(page, '104').textContent(), 'You organise');
  assert.equal(await item(page, '104').locator('.meeting__actions').count(), 0, 'no buttons for the host');
  assert.equal(await badge(page, '101').textContent(), 'No answer yet');
  assert.deepEqual(h.pageErrors, []);
});

test('Accept changes the badge and the emulator stores Y across a reload', async () => {
  const page = await h.open();
  const accept = item(page, '101').getByRole('button', { name: 'Accept' });
  assert.equal(await accept.getAttribute('aria-pressed'), 'false');
  await accept.click();
  await settled(page, '101');
  assert.equal(await badge(page, '101').textContent(), 'Accepted');
  assert.equal(await accept.getAttribute('aria-pressed'), 'true', 'the answer is exposed');
  assert.equal((await h.emulator.statuses(1))['101'], 'Y');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await badge(page, '101').textContent(), 'Accepted');
  assert.equal(await page.locator('bx24-my-meetings .error').isVisible(), false);
});

test('an injected 503 shows a readable save error line and rolls the badge back', async () => {
  const page = await h.open('?timeoutMs=1500&retries=0');
  await h.emulator.faults({ schedule: ['query_limit'] });
  const accept = item(page, '101').getByRole('button', { name: 'Accept' });
  await accept.click();
  // Optimistic at once; the buttons refuse a second answer while the call is in flight.
  assert.equal(await badge(page, '101').textContent(), 'Accepted');
  assert.equal(await accept.getAttribute('aria-disabled'), 'true');
  const error = page.locator('bx24-my-meetings .error');
  await error.waitFor({ timeout: 5_000 });
  assert.equal(await badge(page, '101').textContent(), 'No answer yet', 'rolled back');
  const line = await error.textContent();
  assert.match(line, /^Your answer to “Sprint planning” was not saved\. The portal did not answer in time/);
  assert.doesNotMatch(line, /QUERY_LIMIT|error_description|Bx24Error/);
  assert.equal(await accept.getAttribute('aria-disabled'), 'false');
  assert.equal((await h.emulator.statuses(1))['101'], 'Q', 'nothing stored');
});

test('a failed load says so, in other words than a failed save', async () => {
  await h.emulator.faults({ schedule: ['query_limit'] });
  const page = await h.open('?timeoutMs=1000&retries=0');
  const line = await page.locator('bx24-my-meetings .error').textContent();
  assert.match(line, /^Could not load your meetings\. The portal did not answer in time/);
  assert.equal(await page.locator('li.meeting').count(), 0);
  // Refresh brings the list, and the error line goes.
  await page.locator('bx24-my-meetings').getByRole('button', { name: 'Refresh' }).click();
  await item(page, '101').waitFor();
  assert.equal(await page.locator('bx24-my-meetings .error').isVisible(), false);
});

test('a portal that answers after the timeout rolls the badge back too', async () => {
  const page = await h.open('?timeoutMs=1000&retries=0');
  await h.emulator.faults({ schedule: ['delay'], delayMs: 2500 });
  await item(page, '105').getByRole('button', { name: 'Maybe' }).click();
  await page.locator('bx24-my-meetings .error').waitFor({ timeout: 5_000 });
  assert.equal(await badge(page, '105').textContent(), 'Declined');
});

test('an event titled <img src=x onerror=alert(1)> is shown as text and runs nothing', async () => {
  const page = await h.open();
  const name = item(page, '103').locator('.meeting__name');
  assert.equal(await name.textContent(), '<img src=x onerror=alert(1)>');
  assert.equal(await item(page, '103').locator('img, b').count(), 0, 'no element was created from the title');
  assert.equal(await item(page, '103').locator('.meeting__location').textContent(), '<b>bold?</b>');
  const group = await item(page, '103').locator('[role="group"]').getAttribute('aria-label');
  assert.equal(group, 'Your answer to “<img src=x onerror=alert(1)>”');
  await page.waitForTimeout(200);
  assert.deepEqual(h.dialogs, [], 'no alert ran');
});

test('the page works at 320 px wide', async () => {
  const page = await h.open('', { width: 320, height: 720 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  const decline = item(page, '102').getByRole('button', { name: 'Decline' });
  const box = await decline.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 320, 'the button is inside the viewport');
  await decline.click();
  await settled(page, '102');
  assert.equal((await h.emulator.statuses(1))['102'], 'N');
  // For a look after a failure; never into the repository (docs/ has its own script).
  const shots = await mkdtemp(join(tmpdir(), 'bx24-e2e-'));
  await page.screenshot({ path: join(shots, 'widget-320.png'), fullPage: true });
});

test('Accept all on a day goes as one bulk call, survives an injected fault, and reports each meeting', async () => {
  const page = await h.open('?timeoutMs=1000');
  // The day of meeting 101 (with 102 too, unless midnight falls between).
  const day = page.locator('section.day').filter({ has: item(page, '101') });
  const ids = await day.locator('li.meeting').evaluateAll((lis) => lis.map((li) => li.dataset.eventId));
  await h.emulator.clearRequests();
  await h.emulator.faults({ schedule: ['internal'] });
  await day.getByRole('button', { name: 'Accept all' }).click();
  await page.waitForFunction(
    (n) => document.querySelector('bx24-my-meetings').shadowRoot.querySelectorAll('.meeting__result:not([hidden])').length >= n,
    ids.length,
    { timeout: 10_000 },
  );
  const truth = await h.emulator.statuses(1);
  for (const id of ids) {
    assert.equal(await item(page, id).locator('.meeting__result').textContent(), 'Saved');
    assert.equal(await badge(page, id).textContent(), 'Accepted');
    assert.equal(truth[id], 'Y');
  }
  const log = await h.emulator.requests();
  assert.deepEqual(log.map((r) => [r.restMethod, r.fault]), [['batch', 'internal'], ['batch', null]]);
});

test('inside the emulator portal page, the widget gets its auth through the frame protocol', async () => {
  const { frame } = await h.openInPortal();
  const ids = await frame.locator('li.meeting').evaluateAll((items) => items.map((li) => li.dataset.eventId));
  assert.deepEqual(ids, MINE);
  // Framed by a loopback portal, the page loads that portal's BX24.js.
  const scripts = await frame.locator('script[src]').evaluateAll((s) => s.map((e) => e.src));
  assert.ok(scripts.some((src) => src === `${h.emulator.url}/bx24.js`), scripts.join(' '));
  await item(frame, '105').getByRole('button', { name: 'Accept' }).click();
  await settled(frame, '105');
  assert.equal((await h.emulator.statuses(1))['105'], 'Y');
});

test('the page runs under its Content-Security-Policy without a violation', async () => {
  const page = await h.newPage();
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const frame = await openFramed(page, h.emulator.url);
  await item(frame, '101').waitFor();
  assert.deepEqual(await frame.evaluate(() => window.cspViolations), []);
  const csp = await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /style-src 'self';/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
});

test('a reload or a language switch while answers are in flight keeps them, and shows how they end', async () => {
  const page = await h.open();
  const widget = page.locator('bx24-my-meetings');
  // One answer held by the portal for 4 s, then a reload of the list.
  await h.emulator.faults({ schedule: ['delay'], delayMs: 4000 });
  await item(page, '101').getByRole('button', { name: 'Accept' }).click();
  await widget.evaluate((el) => el.reload());
  await page.locator('li[data-event-id="101"][aria-busy="true"]').waitFor();
  assert.equal(await badge(page, '101').textContent(), 'Accepted', 'still the optimistic answer');
  await settled(page, '101');
  assert.equal(await badge(page, '101').textContent(), 'Accepted');
  assert.equal(await item(page, '101').getByRole('button', { name: 'Accept' }).getAttribute('aria-disabled'), 'false');

  // A bulk change held for 4 s, then a switch to Russian.
  await h.emulator.faults({ schedule: ['delay'], delayMs: 4000 });
  const day = () => page.locator('section.day').filter({ has: item(page, '102') });
  await day().getByRole('button', { name: 'Decline all' }).click();
  await widget.evaluate((el) => el.setAttribute('lang', 'ru'));
  assert.equal(await day().locator('progress').isVisible(), true, 'the new list shows the bulk change in flight');
  assert.equal(await day().getByRole('button', { name: 'Отклонить все' }).getAttribute('aria-disabled'), 'true');
  await settled(page, '102');
  assert.equal(await item(page, '102').locator('.meeting__result').textContent(), 'Сохранено');
  assert.equal(await badge(page, '102').textContent(), 'Отклонено');
  assert.equal(await day().locator('progress').isVisible(), false);
  assert.equal((await h.emulator.statuses(1))['102'], 'N');
});
