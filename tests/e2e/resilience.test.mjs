// Retries, rate limits, token refresh and bulk updates of the module, in
// Chromium, over the emulated BX24, against the real emulator over loopback.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../support/emulator.mjs';
import { launchBrowser } from '../support/browser.mjs';

const pages = fileURLToPath(new URL('./pages', import.meta.url));
const browser = await launchBrowser();
const running = [];
after(async () => {
  await browser.close();
  await Promise.all(running.map((e) => e.stop()));
});

// A fixture with `count` future meetings hosted by user 2, user 1 invited (Q).
async function fixture(count) {
  const events = Array.from({ length: count }, (_, i) => ({
    id: 1000 + i,
    name: `Meeting ${i}`,
    fromOffsetMinutes: 60 + i,
    durationMinutes: 30,
    location: '',
    host: 2,
    attendees: [{ id: 1, status: 'Q' }],
  }));
  const file = join(await mkdtemp(join(tmpdir(), 'bx24-fixture-')), 'meetings.json');
  await writeFile(file, JSON.stringify({ users: [{ id: 1, name: 'Anna' }, { id: 2, name: 'Boris' }], events }));
  return { file, ids: events.map((e) => e.id) };
}

// The test page framed by the emulator's portal page, as a portal opens an
// app: BX24.js runs only there. `app` is the page's frame (for evaluate);
// `pageErrors` collects uncaught errors of the page and its frame (BX24.js
// throws 'Query error!' on a 5xx); `refreshMessages()` counts the refreshAuth
// commands the portal page got from the frame; `grants` counts the refresh
// grants on the wire (the portal page asks for them).
async function harness(args) {
  const emulator = await startEmulator(['--www', pages, ...args]);
  running.push(emulator);
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const grants = { count: 0 };
  page.on('request', (r) => r.url().includes('/oauth/token') && (grants.count += 1));
  const app = `${emulator.url}/`;
  await page.goto(`${emulator.url}/portal?app=${encodeURIComponent(app)}&user=1`);
  let frame;
  for (let i = 0; i < 100 && !frame; i++) {
    frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(app));
    if (!frame) await page.waitForTimeout(100);
  }
  assert.ok(frame, 'the portal framed the test page');
  await frame.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  const refreshMessages = async () => (await page.locator('#log li').allTextContents()).filter((t) => t === 'refreshAuth').length;
  return { emulator, page: frame, pageErrors, grants, refreshMessages };
}

/** Page errors other than the ones BX24.js throws where the real library throws. */
const unexpected = (errors) => errors.filter((e) => e !== 'Query error!');

const countBy = (list, key) => list.reduce((acc, x) => ((acc[x[key]] = (acc[x[key]] ?? 0) + 1), acc), {});

// BX24.js lets through 90 requests at once, then 2 a second (its own
// limiter): 70 changes and their retries stay about within the burst.
test('70 changes under 20% injected faults: all settle, all retried to the requested state', async () => {
  const { file, ids } = await fixture(70);
  const { emulator, page, pageErrors } = await harness(['--data', file, '--plan', 'unlimited']);
  const wanted = ids.map((id, i) => ({ eventId: id, status: 'YNQ'[(i * 7) % 3] }));
  await emulator.faults({
    seed: 20261128,
    rate: 0.2,
    kinds: ['query_limit', 'internal', 'malformed_json', 'delay', 'drop'],
    delayMs: 1500,
  });
  const outcome = await page.evaluate(async (wanted) => {
    const { configure, setMeetingStatus } = window.bx24Meeting;
    configure({ retries: 8, backoff: { baseMs: 50, capMs: 400 }, rateLimit: 'off', timeoutMs: 1000 });
    const results = new Array(wanted.length);
    let next = 0;
    // Ten callers at a time, as a busy widget would.
    await Promise.all(Array.from({ length: 10 }, async () => {
      while (next < wanted.length) {
        const i = next++;
        try {
          results[i] = { ok: await setMeetingStatus(wanted[i].eventId, wanted[i].status) };
        } catch (e) {
          results[i] = { ok: false, kind: e.kind, code: e.code, attempts: e.attempts, name: e.name };
        }
      }
    }));
    return results;
  }, wanted);
  await emulator.faults({});
  const log = await emulator.requests();
  const truth = await emulator.statuses(1);

  assert.equal(outcome.filter(Boolean).length, 70, 'every promise settled');
  const failures = outcome.filter((r) => r.ok !== true);
  for (const f of failures) assert.equal(f.name, 'Bx24Error', 'a typed error');
  let backed = 0;
  wanted.forEach((w, i) => {
    if (outcome[i].ok === true) {
      assert.equal(truth[w.eventId], w.status, `event ${w.eventId} resolved but is not stored`);
      backed += 1;
    }
  });
  // Every failure here is retryable, so with retries on the state is complete.
  wanted.forEach((w) => assert.equal(truth[w.eventId], w.status, `event ${w.eventId}`));
  const faults = countBy(log.filter((r) => r.fault), 'fault');
  console.log(
    `faults: ${log.length} requests for 70 changes, ${Object.values(faults).reduce((a, b) => a + b, 0)} faults injected ${JSON.stringify(faults)}; ` +
      `${backed} resolved and backed by the emulator, ${failures.length} failed`,
  );
  assert.ok(Object.keys(faults).length >= 5, 'every fault kind was injected');
  // A 5xx, a bad body and a dropped connection: BX24.js throws 'Query
  // error!' and never calls back; the module's timeout takes over.
  // One for each 503, 500 and bad body; one per dropped connection unless
  // Chromium sent that POST again by itself.
  assert.deepEqual(unexpected(pageErrors), []);
  const throwing = (faults.query_limit ?? 0) + (faults.internal ?? 0) + (faults.malformed_json ?? 0);
  assert.ok(
    pageErrors.length >= throwing && pageErrors.length <= throwing + (faults.drop ?? 0),
    `${pageErrors.length} 'Query error!' for ${JSON.stringify(faults)}`,
  );
});

test('200 concurrent calls on a standard plan: no QUERY_LIMIT_EXCEEDED reaches the caller', async () => {
  const { file, ids } = await fixture(200);
  const { emulator, page, pageErrors } = await harness(['--data', file, '--plan', 'standard']);
  const outcome = await page.evaluate(async (ids) => {
    const { setMeetingStatus } = window.bx24Meeting; // the defaults: standard bucket, 3 retries
    const settled = await Promise.allSettled(ids.map((id) => setMeetingStatus(id, 'Y')));
    return settled.map((s) => (s.status === 'fulfilled' ? 'ok' : s.reason.code));
  }, ids);
  const log = await emulator.requests();
  const refused = log.filter((r) => r.status === 503).length;
  console.log(`limits: 200 calls, ${log.length} requests, ${refused} refused by the portal, ${outcome.filter((o) => o !== 'ok').length} errors`);
  assert.deepEqual(outcome.filter((o) => o !== 'ok'), []);
  // Each call sent once: the module's bucket keeps them under the portal's
  // limit, and a call's timeout starts when it leaves the bucket.
  assert.equal(log.length, 200);
  // A refused request is a 'Query error!' thrown by BX24.js, nothing else.
  assert.deepEqual(unexpected(pageErrors), []);
  assert.equal(pageErrors.length, refused);
  const truth = await emulator.statuses(1);
  ids.forEach((id) => assert.equal(truth[id], 'Y'));
});

test('setMeetingStatuses of 1,000 items costs exactly 20 batch requests', async () => {
  const { file, ids } = await fixture(1000);
  const { emulator, page } = await harness(['--data', file, '--plan', 'standard']);
  const results = await page.evaluate(async (ids) => {
    const { setMeetingStatuses } = window.bx24Meeting;
    const results = await setMeetingStatuses(ids.map((eventId) => ({ eventId, status: 'N' })));
    return results.map((r) => ({ ok: r.ok, code: r.error?.code }));
  }, ids);
  const log = await emulator.requests();
  assert.equal(log.length, 20);
  assert.ok(log.every((r) => r.restMethod === 'batch' && r.batchCommands === 50));
  assert.equal(results.filter((r) => r.ok).length, 1000);
  const truth = await emulator.statuses(1);
  ids.forEach((id) => assert.equal(truth[id], 'N'));
});

test('calls past the token lifetime: BX24.js renews it itself, one refreshAuth per call, the module never asked', async () => {
  const { file, ids } = await fixture(40);
  const { emulator, page, pageErrors, grants, refreshMessages } = await harness(['--data', file, '--plan', 'unlimited', '--token-ttl', '2']);
  const outcome = await page.evaluate(async (ids) => {
    const { setMeetingStatus } = window.bx24Meeting;
    const first = await Promise.allSettled(ids.slice(0, 20).map((id) => setMeetingStatus(id, 'Y')));
    await new Promise((r) => setTimeout(r, 2500)); // the 2 s token expires
    const second = await Promise.allSettled(ids.slice(20).map((id) => setMeetingStatus(id, 'Y')));
    return { settled: [...first, ...second].map((s) => s.status), moduleRefreshes: window.refreshCalls };
  }, ids);
  assert.deepEqual([...new Set(outcome.settled)], ['fulfilled']);
  // BX24.js renews a token past its AUTH_EXPIRES before sending, through the
  // parent frame, once per waiting call; the portal page shares the grant.
  assert.equal(outcome.moduleRefreshes, 0, 'the module never refreshed');
  const messages = await refreshMessages();
  assert.ok(messages >= 20, `a refreshAuth message per waiting call: ${messages}`);
  assert.ok(grants.count >= 1 && grants.count < messages, `grants on the wire: ${grants.count}`);
  const log = await emulator.requests();
  assert.equal(log.filter((r) => r.status === 401).length, 0, 'no call went out with a spent token');
  assert.deepEqual(pageErrors, []);
  const truth = await emulator.statuses(1);
  ids.forEach((id) => assert.equal(truth[id], 'Y'));
});

test('a token the portal expired early: BX24.js refreshes and resends each call, the module never sees expired_token', async () => {
  const { file, ids } = await fixture(20);
  const { emulator, page, pageErrors, refreshMessages } = await harness(['--data', file, '--plan', 'unlimited']);
  await page.evaluate(() => window.bx24Meeting.setMeetingStatus(1000, 'N')); // init done, token in use
  await emulator.clearRequests();
  const messagesBefore = await refreshMessages();
  // The portal revokes the token although BX24 still thinks it valid: only
  // the 401 expired_token answers tell, and BX24.js handles them inside.
  await emulator.expireTokens();
  const outcome = await page.evaluate(async (ids) => {
    const { setMeetingStatus } = window.bx24Meeting;
    const settled = await Promise.allSettled(ids.map((id) => setMeetingStatus(id, 'Y')));
    return { settled: settled.map((s) => s.status), moduleRefreshes: window.refreshCalls };
  }, ids);
  assert.deepEqual([...new Set(outcome.settled)], ['fulfilled']);
  assert.equal(outcome.moduleRefreshes, 0, 'expired_token never reached the module');
  const messages = (await refreshMessages()) - messagesBefore;
  const log = await emulator.requests();
  const expired = log.filter((r) => r.status === 401).length;
  console.log(`token: ${ids.length} calls, ${expired} expired_token answers, ${messages} refreshAuth messages, ${log.length} requests`);
  assert.equal(expired, 20);
  assert.equal(messages, 20, 'one refreshAuth message per call, none shared');
  assert.equal(log.filter((r) => r.status === 200).length, 20);
  assert.deepEqual(pageErrors, []);
  const truth = await emulator.statuses(1);
  ids.forEach((id) => assert.equal(truth[id], 'Y'));
});

test('a batch refused as a whole (429): BX24.js throws a TypeError and never calls back; the module times out and retries', async () => {
  const { file, ids } = await fixture(60);
  const { emulator, page, pageErrors } = await harness(['--data', file, '--plan', 'unlimited']);
  await emulator.faults({ schedule: ['operation_time'] });
  const results = await page.evaluate(async (ids) => {
    const { configure, setMeetingStatuses } = window.bx24Meeting;
    configure({ retries: 2, backoff: { baseMs: 20, capMs: 50 }, timeoutMs: 1000 });
    const results = await setMeetingStatuses(ids.map((eventId) => ({ eventId, status: 'Y' })));
    return results.map((r) => r.ok);
  }, ids);
  const log = await emulator.requests();
  assert.deepEqual(log.map((r) => [r.restMethod, r.status]).slice(0, 1), [['batch', 429]]);
  assert.deepEqual(results.filter((ok) => !ok), []);
  assert.equal(pageErrors.length, 1, pageErrors.join(' | '));
  assert.match(pageErrors[0], /Cannot read properties of undefined/);
  const truth = await emulator.statuses(1);
  ids.forEach((id) => assert.equal(truth[id], 'Y'));
});

test('aborting mid-bulk leaves no item unreported', async () => {
  const { file, ids } = await fixture(200);
  const { emulator, page } = await harness(['--data', file, '--plan', 'unlimited']);
  const results = await page.evaluate(async (ids) => {
    const { setMeetingStatuses } = window.bx24Meeting;
    const controller = new AbortController();
    const results = await setMeetingStatuses(ids.map((eventId) => ({ eventId, status: 'Y' })), {
      signal: controller.signal,
      onProgress: ({ done }) => done >= 50 && controller.abort(),
    });
    // Error objects lose their own fields on the way out of the page.
    return results.map((r) => ({ ok: r.ok, error: r.error && { kind: r.error.kind, code: r.error.code } }));
  }, ids);
  assert.equal(results.length, 200);
  const truth = await emulator.statuses(1);
  results.forEach((r, i) => {
    if (i < 50) {
      assert.equal(r.ok, true);
      assert.equal(truth[ids[i]], 'Y');
    } else {
      assert.equal(r.error.kind, 'aborted');
      assert.equal(truth[ids[i]], 'Q', 'an aborted item was not sent');
    }
  });
});
