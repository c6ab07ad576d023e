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

async function harness(args) {
  const emulator = await startEmulator(['--www', pages, ...args]);
  running.push(emulator);
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${emulator.url}/`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  return { emulator, page };
}

const countBy = (list, key) => list.reduce((acc, x) => ((acc[x[key]] = (acc[x[key]] ?? 0) + 1), acc), {});

test('1,000 changes under 20% injected faults: all settle, all retried to the requested state', async () => {
  const { file, ids } = await fixture(1000);
  const { emulator, page } = await harness(['--data', file, '--plan', 'unlimited']);
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

  assert.equal(outcome.filter(Boolean).length, 1000, 'every promise settled');
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
    `faults: ${log.length} requests for 1000 changes, ${Object.values(faults).reduce((a, b) => a + b, 0)} faults injected ${JSON.stringify(faults)}; ` +
      `${backed} resolved and backed by the emulator, ${failures.length} failed`,
  );
  assert.ok(Object.keys(faults).length >= 5, 'every fault kind was injected');
});

test('200 concurrent calls on a standard plan: no QUERY_LIMIT_EXCEEDED reaches the caller', async () => {
  const { file, ids } = await fixture(200);
  const { emulator, page } = await harness(['--data', file, '--plan', 'standard']);
  const outcome = await page.evaluate(async (ids) => {
    const { setMeetingStatus } = window.bx24Meeting; // the defaults: standard bucket, 3 retries
    const settled = await Promise.allSettled(ids.map((id) => setMeetingStatus(id, 'Y')));
    return settled.map((s) => (s.status === 'fulfilled' ? 'ok' : s.reason.code));
  }, ids);
  const log = await emulator.requests();
  const refused = log.filter((r) => r.status === 503).length;
  console.log(`limits: 200 calls, ${log.length} requests, ${refused} refused by the portal, ${outcome.filter((o) => o !== 'ok').length} errors`);
  assert.deepEqual(outcome.filter((o) => o !== 'ok'), []);
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

test('calls across a token expiry share one refresh and all succeed', async () => {
  const { file, ids } = await fixture(40);
  const { emulator, page } = await harness(['--data', file, '--plan', 'unlimited', '--token-ttl', '2']);
  const outcome = await page.evaluate(async (ids) => {
    const { setMeetingStatus } = window.bx24Meeting;
    const first = await Promise.allSettled(ids.slice(0, 20).map((id) => setMeetingStatus(id, 'Y')));
    await new Promise((r) => setTimeout(r, 2500)); // the 2 s token expires
    const second = await Promise.allSettled(ids.slice(20).map((id) => setMeetingStatus(id, 'Y')));
    return { settled: [...first, ...second].map((s) => s.status), grants: window.tokenGrants };
  }, ids);
  assert.deepEqual([...new Set(outcome.settled)], ['fulfilled']);
  // BX24 itself renews a token past its expiry before sending (BX24.getAuth docs).
  assert.equal(outcome.grants, 1, 'one shared refresh');
  const truth = await emulator.statuses(1);
  ids.forEach((id) => assert.equal(truth[id], 'Y'));
});

test('a token the portal expired early: concurrent calls share one module-driven refresh', async () => {
  const { file, ids } = await fixture(20);
  const { emulator, page } = await harness(['--data', file, '--plan', 'unlimited']);
  await page.evaluate(() => window.bx24Meeting.setMeetingStatus(1000, 'N')); // init done, token in use
  await emulator.clearRequests();
  // The portal revokes the token although BX24 still thinks it valid: only
  // the 401 expired_token answers tell.
  await emulator.expireTokens();
  const outcome = await page.evaluate(async (ids) => {
    const { setMeetingStatus } = window.bx24Meeting;
    const settled = await Promise.allSettled(ids.map((id) => setMeetingStatus(id, 'Y')));
    return { settled: settled.map((s) => s.status), refreshes: window.refreshCalls, grants: window.tokenGrants };
  }, ids);
  assert.deepEqual([...new Set(outcome.settled)], ['fulfilled']);
  assert.equal(outcome.refreshes, 1, 'one BX24.refreshAuth for 20 calls');
  const log = await emulator.requests();
  const expired = log.filter((r) => r.status === 401).length;
  console.log(`token: ${ids.length} calls, ${expired} expired_token answers, ${outcome.refreshes} refresh, ${log.length} requests`);
  assert.equal(log.filter((r) => r.status === 200).length, 20);
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
