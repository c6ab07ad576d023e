// One conformance suite for every transport: the same checks, whether the
// MeetingClient runs in Node or in a Chromium page, over BX24, a webhook,
// OAuth or the official SDK. The emulator is the ground truth.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const SET = 'calendar.meeting.status.set';
const GET = 'calendar.meeting.status.get';

// Fixture events (tests/fixtures/transports.json): user 1 is invited to
// 1000…1199 (status Q) and hosts 900.
export const FIRST_EVENT = 1000;
export const HOSTED_EVENT = 900;

/**
 * Registers the suite. `env` gives:
 * - `emulator`: from tests/support/emulator.mjs;
 * - `run(fn, arg)`: runs `fn(client, arg)` where the client lives (`fn` must
 *   be self-contained: it may be shipped into a page as source), resolving
 *   to `{ value }` or `{ error: {name, kind, code, description, status,
 *   attempts, message, param} }`;
 * - `secrets`: strings that must never appear in an error;
 * - `refresh`: 'module' (the module refreshes once), 'transport' (the
 *   transport renews on its own), 'library' (BX24.js renews inside, with a
 *   refreshAuth per call, and the module never sees expired_token), or
 *   'none' (a webhook has no token).
 */
export function conformance(name, env) {
  const { emulator, run } = env;
  const reset = async () => {
    // A request of the previous test may still be on the wire (a transport
    // that cannot abort): let it land before clearing the log.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await emulator.reset();
    await emulator.clearRequests();
  };
  const noSecrets = (error) => {
    const text = JSON.stringify(error);
    for (const secret of env.secrets()) assert.ok(!text.includes(secret), `a secret leaked in ${text}`);
  };

  test(`${name}: set then get round trip, checked against the emulator`, async () => {
    await reset();
    const set = await run((c, id) => c.setMeetingStatus(id, 'y'), FIRST_EVENT);
    assert.deepEqual(set, { value: true });
    assert.equal((await emulator.statuses(1))[FIRST_EVENT], 'Y');
    assert.deepEqual(await run((c, id) => c.getMeetingStatus(String(id)), FIRST_EVENT), { value: 'Y' });
    assert.deepEqual(await run((c, id) => c.getMeetingStatus(id), HOSTED_EVENT), { value: 'H' });
  });

  test(`${name}: every documented validation error, with no request reaching the portal`, async () => {
    await reset();
    const cases = [
      [[undefined, 'Y'], 'eventId', `Не задан обязательный параметр "eventId" для метода "${SET}"`],
      [['0', 'Y'], 'eventId', `Не задан обязательный параметр "eventId" для метода "${SET}"`],
      [[1.5, 'Y'], 'eventId', 'Недопустимое значение параметра "eventId"'],
      [['12a', 'Y'], 'eventId', 'Недопустимое значение параметра "eventId"'],
      [[FIRST_EVENT, ''], 'status', `Не задан обязательный параметр "status" для метода "${SET}"`],
      [[FIRST_EVENT, 'maybe'], 'status', 'Недопустимое значение параметра "status"'],
    ];
    for (const [[eventId, status], param, description] of cases) {
      const { error } = await run((c, a) => c.setMeetingStatus(a[0], a[1]), [eventId, status]);
      assert.equal(error.name, 'Bx24Error');
      assert.equal(error.kind, 'validation');
      assert.equal(error.code, '');
      assert.equal(error.param, param);
      assert.equal(error.description, description);
    }
    const { error } = await run((c) => c.getMeetingStatus(0));
    assert.equal(error.description, `Не задан обязательный параметр "eventId" для метода "${GET}"`);
    assert.deepEqual(await emulator.requests(), [], 'a request reached the emulator');
  });

  test(`${name}: a 400 with an empty error code keeps the portal's description`, async () => {
    await reset();
    const { error } = await run((c) => c.getMeetingStatus(424242));
    assert.equal(error.kind, 'api');
    assert.equal(error.code, '');
    assert.equal(error.status, 400);
    assert.equal(error.description, 'При выборке статуса произошла ошибка');
    assert.equal(error.attempts, 1, 'a parameter error is not retried');
    noSecrets(error);
  });

  test(`${name}: QUERY_LIMIT_EXCEEDED is retried`, async () => {
    await reset();
    await emulator.faults({ schedule: ['query_limit'] });
    const result = await run(async (c, id) => {
      c.configure({ retries: 2, backoff: { baseMs: 20, capMs: 50 }, timeoutMs: 2000 });
      return c.setMeetingStatus(id, 'N');
    }, FIRST_EVENT + 1);
    assert.deepEqual(result, { value: true });
    const log = await emulator.requests();
    assert.deepEqual(log.map((r) => r.fault), ['query_limit', null]);
    assert.equal((await emulator.statuses(1))[FIRST_EVENT + 1], 'N');
  });

  test(`${name}: expired_token`, async () => {
    await reset();
    await run((c, id) => c.getMeetingStatus(id), FIRST_EVENT); // a token in use
    await emulator.clearRequests();
    const refreshesBefore = (await env.refreshCount?.()) ?? 0;
    await emulator.expireTokens();
    const result = await run(async (c, first) => {
      // Room for a renewal through a portal frame (the SDK waits up to 10 s).
      c.configure({ retries: 2, timeoutMs: 15000 });
      const ids = Array.from({ length: 5 }, (_, i) => first + 10 + i);
      const settled = await Promise.allSettled(ids.map((id) => c.setMeetingStatus(id, 'Y')));
      return settled.map((s) => (s.status === 'fulfilled' ? 'ok' : `${s.reason.code}`));
    }, FIRST_EVENT);
    const log = await emulator.requests();
    if (env.refresh === 'none') {
      // A webhook's secret does not expire; nothing to refresh.
      assert.deepEqual(result.value, ['ok', 'ok', 'ok', 'ok', 'ok']);
      return;
    }
    assert.deepEqual(result.value, ['ok', 'ok', 'ok', 'ok', 'ok']);
    if (env.refresh === 'module') {
      assert.equal((await env.refreshCount()) - refreshesBefore, 1, 'one refresh for five calls');
      assert.equal(log.filter((r) => r.status === 401).length, 5);
    }
    if (env.refresh === 'library') {
      assert.equal((await env.refreshCount()) - refreshesBefore, 0, 'expired_token never reached the module');
      assert.equal(log.filter((r) => r.status === 401).length, 5);
    }
    const truth = await emulator.statuses(1);
    for (let i = 0; i < 5; i++) assert.equal(truth[FIRST_EVENT + 10 + i], 'Y');
  });

  test(`${name}: a portal that answers too late times out`, async () => {
    await reset();
    await emulator.faults({ schedule: ['delay'], delayMs: 1500 });
    const late = await run(async (c, id) => {
      c.configure({ retries: 0 });
      return c.setMeetingStatus(id, 'Y', { timeoutMs: 300 });
    }, FIRST_EVENT + 3);
    assert.equal(late.error.kind, 'timeout');
    assert.equal(late.error.code, 'TIMEOUT');
    noSecrets(late.error);
    // Let the late answer land (a transport that cannot abort leaves the
    // request running), so that it is not counted in the next test's log.
    await new Promise((resolve) => setTimeout(resolve, 1700));
  });

  test(`${name}: a bulk of 120 items goes in 3 batch requests`, async () => {
    await reset();
    const results = await run(async (c, first) => {
      c.configure({ retries: 3 });
      const items = Array.from({ length: 120 }, (_, i) => ({ eventId: first + i, status: 'N' }));
      const out = await c.setMeetingStatuses(items);
      return out.map((r) => r.ok);
    }, FIRST_EVENT);
    assert.equal(results.value.length, 120);
    assert.ok(results.value.every(Boolean));
    const log = (await emulator.requests()).filter((r) => r.restMethod === 'batch');
    assert.deepEqual(log.map((r) => [r.restMethod, r.batchCommands]), [['batch', 50], ['batch', 50], ['batch', 20]]);
    const truth = await emulator.statuses(1);
    for (let i = 0; i < 120; i++) assert.equal(truth[FIRST_EVENT + i], 'N');
  });

  test(`${name}: errors never carry a secret`, async () => {
    await reset();
    // Chromium may resend a POST whose connection dropped, and the SDK
    // retries some faults itself: at least one fault must surface.
    await emulator.faults({ schedule: ['internal', 'malformed_json', 'drop'] });
    const errors = [];
    for (let i = 0; i < 3; i++) {
      const { error } = await run(async (c, id) => {
        c.configure({ retries: 0 });
        return c.setMeetingStatus(id, 'Y', { timeoutMs: 1000 });
      }, FIRST_EVENT + 4);
      if (error) errors.push(error);
    }
    assert.ok(errors.length >= 1, 'an injected fault surfaced');
    errors.forEach(noSecrets);
  });
}

/** The wrapper `run` uses where the client lives: plain-object results. */
export async function settleWith(client, fn, arg) {
  try {
    return { value: await fn(client, arg) };
  } catch (e) {
    const { name, kind, code, description, status, attempts, message, param } = e ?? {};
    return { error: { name, kind, code, description, status, attempts, message, param } };
  }
}
