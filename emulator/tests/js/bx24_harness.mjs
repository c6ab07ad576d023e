// Runs the emulated BX24.js (as served at /bx24.js) in Node against a live
// emulator started with --admin, and checks the real library's semantics.
// Usage: node bx24_harness.mjs http://127.0.0.1:PORT
import vm from 'node:vm';
import assert from 'node:assert/strict';

const base = process.argv[2];
const warnings = [];
globalThis.window = globalThis;
globalThis.location = new URL(base + '/app/index.html?user=1');
globalThis.document = {
  currentScript: { src: base + '/bx24.js' },
  readyState: 'complete',
  title: '',
  addEventListener() {}
};
console.warn = (...args) => warnings.push(args.map(String).join(' '));

const MISSING_STATUS = 'Не задан обязательный параметр "status" для метода "calendar.meeting.status.set"';

const call = (method, params) => new Promise((resolve) => BX24.callMethod(method, params, resolve));
const batch = (calls, halt) => new Promise((resolve) => BX24.callBatch(calls, resolve, halt));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const admin = (path, body) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });

async function neverCalledBack(fault, warning) {
  await admin('/admin/faults', { schedule: [fault] });
  let called = false;
  const before = warnings.length;
  BX24.callMethod('user.current', {}, () => {
    called = true;
  });
  await sleep(600);
  assert.equal(called, false, `callback must not run on ${fault}`);
  assert.ok(warnings.slice(before).some((w) => w.includes(warning)), `console.warn "${warning}" on ${fault}: ${warnings}`);
}

async function main() {
  const code = await (await fetch(base + '/bx24.js')).text();
  vm.runInThisContext(code, { filename: 'bx24.js' });

  // Before init: no auth; calls are queued; init's callback is asynchronous.
  assert.equal(BX24.getAuth(), false);
  const early = call('user.current', {});
  let initRan = false;
  const initialized = new Promise((resolve) =>
    BX24.init(() => {
      initRan = true;
      resolve();
    })
  );
  assert.equal(initRan, false, 'init callback runs asynchronously');
  await initialized;
  assert.equal((await early).data().ID, '1', 'queued call delivered after init');

  const auth = BX24.getAuth();
  assert.deepEqual(Object.keys(auth).sort(), ['access_token', 'domain', 'expires_in', 'member_id', 'refresh_token']);
  assert.ok(auth.expires_in > Date.now());
  assert.equal(auth.domain, new URL(base).host);
  assert.equal(BX24.getLang(), 'en');
  assert.deepEqual(BX24.placement.info(), { placement: 'DEFAULT', options: {} });
  assert.equal(BX24.isAdmin(), true);

  // Success.
  const ok = await call('calendar.meeting.status.set', { eventId: 201, status: 'Y' });
  assert.equal(ok.data(), true);
  assert.equal(ok.error(), undefined);
  assert.equal(ok.status, 200);
  assert.equal(typeof ok.time().start, 'number');
  assert.equal(ok.more(), false);
  assert.equal(ok.query.method, 'calendar.meeting.status.set');

  // A 400 is delivered with an ajaxError.
  const bad = await call('calendar.meeting.status.set', { eventId: 201 });
  const error = bad.error();
  assert.equal(error.status, 400);
  assert.equal(error.ex.error, '');
  assert.equal(error.ex.error_description, MISSING_STATUS);
  assert.equal(bad.error_description(), MISSING_STATUS);
  assert.equal(String(error), `: ${MISSING_STATUS} (400)`);

  // A 404 too.
  const unknown = await call('no.such.method', {});
  assert.equal(unknown.status, 404);
  assert.equal(unknown.error().ex.error, 'ERROR_METHOD_NOT_FOUND');
  assert.equal(String(unknown.error()), 'ERROR_METHOD_NOT_FOUND: Method not found! (404)');

  // callBatch, object form: results keyed like the input.
  const named = await batch({
    get: ['calendar.meeting.status.get', { eventId: 201 }],
    set: { method: 'calendar.meeting.status.set', params: { eventId: 201 } }
  });
  assert.equal(named.get.data(), 'Y');
  assert.equal(named.set.error().ex.error_description, MISSING_STATUS);

  // callBatch, array form, halting.
  const listed = await batch(
    [
      ['user.current', {}],
      ['calendar.meeting.status.set', { eventId: 201, status: 'n' }]
    ],
    true
  );
  assert.ok(Array.isArray(listed));
  assert.equal(listed[0].data().ID, '1');
  assert.equal(listed[1].data(), true);
  assert.equal((await call('calendar.meeting.status.get', { eventId: 201 })).data(), 'N');

  // 5xx, unparsable JSON, and a dropped connection never reach the callback.
  await neverCalledBack('query_limit', 'HTTP 503');
  await neverCalledBack('internal', 'HTTP 500');
  await neverCalledBack('malformed_json', 'unparsable');
  await neverCalledBack('drop', 'network error');
  await admin('/admin/faults', {});

  // An expired token's 401 goes to the callback; refreshAuth gets a new one.
  await admin('/admin/expire-tokens');
  const expired = await call('user.current', {});
  assert.equal(expired.status, 401);
  assert.equal(expired.error().ex.error, 'expired_token');
  const refreshed = await new Promise((resolve) => BX24.refreshAuth(resolve));
  assert.notEqual(refreshed.access_token, auth.access_token);
  assert.equal((await call('user.current', {})).data().ID, '1');

  console.log('bx24.js harness: all checks passed');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);
