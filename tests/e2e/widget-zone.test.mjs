// <bx24-my-meetings> shows a meeting's times in the zone the portal states
// for it (the event's TZ_FROM, the Meeting's `timeZone`), whatever the
// browser's zone is, and lists it under its day in that zone; the
// `time-zone` attribute still wins. A list with meetings in two zones marks
// each time with its zone. The fixture: 401 in Asia/Tokyo, 402 with no zone
// (the emulator then states UTC).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../support/emulator.mjs';
import { launchBrowser } from '../support/browser.mjs';

const FIXTURE = fileURLToPath(new URL('../fixtures/time-zones.json', import.meta.url));
const BROWSER_ZONE = 'America/New_York';

let emulator;
let browser;
let context;
let pageErrors = [];

before(async () => {
  emulator = await startEmulator(['--data', FIXTURE, '--plan', 'unlimited']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await emulator?.stop();
});
afterEach(async () => {
  await context?.close();
  context = null;
  assert.deepEqual(pageErrors, [], 'no page errors');
  pageErrors = [];
});

/** The demo app framed by the emulator's portal page (as a portal opens it), once its list has loaded. */
// In Russian (the portal's language): a 24-hour clock, so `h:mm` is the wall clock.
async function openApp({ locale = 'ru-RU', timezoneId = BROWSER_ZONE, context: given } = {}) {
  context = given ?? (await browser.newContext({ locale, timezoneId, viewport: { width: 480, height: 900 } }));
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const app = `${emulator.url}/`;
  await page.goto(`${emulator.url}/portal?app=${encodeURIComponent(app)}&user=1&lang=ru`);
  let frame;
  for (let i = 0; i < 100 && !frame; i++) {
    frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(app));
    if (!frame) await page.waitForTimeout(100);
  }
  assert.ok(frame, 'the portal framed the app');
  await frame.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  return frame;
}

const item = (scope, id) => scope.locator(`li[data-event-id="${id}"]`);
const timeText = (scope, id) => item(scope, id).locator('.meeting__time').textContent();
const start = async (scope, id) => new Date(await item(scope, id).locator('time').getAttribute('datetime'));
/** The first `h:mm` of a time text as [hours, minutes]. */
const clock = (text) => text.match(/(\d{1,2}):(\d\d)/).slice(1).map(Number);
/** [hours, minutes] of `date` on the wall clock of `zone`. */
function wallClock(date, zone) {
  const parts = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).formatToParts(date);
  const part = (type) => Number(parts.find((p) => p.type === type).value);
  return [part('hour'), part('minute')];
}
/** `вторник, 1 декабря` of `date` in `zone`, as the widget's day heading ends, by the page's own Intl. */
const dayName = (scope, date, zone) =>
  scope.evaluate(
    ([time, timeZone]) =>
      new Intl.DateTimeFormat('ru', { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(new Date(time)),
    [date.getTime(), zone],
  );
/** The day heading of the section that lists meeting `id`. */
const dayOf = (scope, id) =>
  scope.locator('section.day').filter({ has: scope.locator(`li[data-event-id="${id}"]`) }).locator('.day__title').textContent();

test("a meeting's times are shown in the zone the portal states for it, not the browser's", async () => {
  const frame = await openApp();
  assert.equal(await frame.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), BROWSER_ZONE);

  const tokyo = await start(frame, '401');
  const tokyoText = await timeText(frame, '401');
  assert.deepEqual(clock(tokyoText), wallClock(tokyo, 'Asia/Tokyo'), `${tokyoText} is Tokyo time`);
  assert.notDeepEqual(wallClock(tokyo, 'Asia/Tokyo'), wallClock(tokyo, BROWSER_ZONE));
  // Listed under its day in Tokyo.
  assert.ok((await dayOf(frame, '401')).endsWith(await dayName(frame, tokyo, 'Asia/Tokyo')), await dayOf(frame, '401'));

  // 402 has no zone of its own: the portal states UTC for it.
  const utc = await start(frame, '402');
  const utcText = await timeText(frame, '402');
  assert.deepEqual(clock(utcText), wallClock(utc, 'UTC'), `${utcText} is UTC`);
  assert.ok((await dayOf(frame, '402')).endsWith(await dayName(frame, utc, 'UTC')), await dayOf(frame, '402'));

  // Two zones in one list: each time says which.
  assert.match(tokyoText, /GMT\+9$/);
  assert.match(utcText, /UTC$/);
});

test('the time-zone attribute wins over the zone the portal states', async () => {
  const frame = await openApp();
  const element = frame.locator('bx24-my-meetings');
  await element.evaluate((el) => el.setAttribute('time-zone', 'Asia/Vladivostok'));
  for (const id of ['401', '402']) {
    const text = await timeText(frame, id);
    const when = await start(frame, id);
    assert.deepEqual(clock(text), wallClock(when, 'Asia/Vladivostok'), `${text} is Vladivostok time`);
    // One zone for the whole list: no zone names.
    assert.doesNotMatch(text, /GMT|UTC/, text);
    assert.ok((await dayOf(frame, id)).endsWith(await dayName(frame, when, 'Asia/Vladivostok')), await dayOf(frame, id));
  }
  // An attribute that names no zone is ignored: the portal's zones again.
  await element.evaluate((el) => el.setAttribute('time-zone', 'Mars/Olympus'));
  const tokyoText = await timeText(frame, '401');
  assert.deepEqual(clock(tokyoText), wallClock(await start(frame, '401'), 'Asia/Tokyo'), tokyoText);
});

test('a zone the browser does not know is not followed: the browser zone is', async () => {
  // The portal's answer is rewritten on its way to the page: 401's TZ_FROM
  // becomes a name no tz database has.
  context = await browser.newContext({ locale: 'ru-RU', timezoneId: BROWSER_ZONE });
  await context.route('**/rest/**', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replaceAll('"TZ_FROM":"Asia/Tokyo"', '"TZ_FROM":"Not/AZone"');
    await route.fulfill({ response, body });
  });
  const frame = await openApp({ context });
  const text = await timeText(frame, '401');
  assert.deepEqual(clock(text), wallClock(await start(frame, '401'), BROWSER_ZONE), `${text} is the browser's time`);
});
