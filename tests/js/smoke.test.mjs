// Imports the built package the way an app does, and checks the contract a
// JavaScript caller sees. Run with `node --test` after `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';

// The placement build (pkg/) and the full build (pkg/client/).
const pkg = new URL('../../pkg/', import.meta.url);
const mod = await import(new URL('bx24_meeting.js', pkg));
await mod.default({ module_or_path: await readFile(new URL('bx24_meeting_bg.wasm', pkg)) });
const fullPkg = new URL('client/', pkg);
const full = await import(new URL('bx24_meeting.js', fullPkg));
await full.default({ module_or_path: await readFile(new URL('bx24_meeting_bg.wasm', fullPkg)) });

// The smallest BX24 that answers like BX24.js: async callbacks, ajaxResult.
function fakeBx24(answer) {
  const calls = [];
  globalThis.BX24 = {
    init: (cb) => setTimeout(cb, 0),
    callMethod(method, params, cb) {
      calls.push({ method, params });
      const error = answer.error !== undefined ? { status: answer.status, ex: answer } : undefined;
      setTimeout(() => cb({ data: () => answer.result, error: () => error }), 0);
    },
  };
  return calls;
}

test('both builds export the documented API; only the full build has MeetingClient', () => {
  const api = ['default', 'initSync', 'setMeetingStatus', 'getMeetingStatus', 'getNearestMeetings',
    'setMeetingStatuses', 'configure', 'isBx24Error', 'pendingCalls'];
  for (const build of [mod, full]) {
    for (const name of api) assert.equal(typeof build[name], 'function', name);
  }
  assert.equal(mod.MeetingClient, undefined);
  assert.equal(typeof full.MeetingClient, 'function');
});

test('setMeetingStatus resolves true and sends the normalised params', async () => {
  const calls = fakeBx24({ result: true });
  assert.equal(await mod.setMeetingStatus('651', 'y'), true);
  assert.deepEqual(calls, [{ method: 'calendar.meeting.status.set', params: { eventId: 651, status: 'Y' } }]);
});

test('getMeetingStatus resolves the host status', async () => {
  fakeBx24({ result: 'H' });
  assert.equal(await mod.getMeetingStatus(5), 'H');
});

test('invalid input rejects with a Bx24Error and sends nothing', async () => {
  const calls = fakeBx24({ result: true });
  await assert.rejects(mod.setMeetingStatus(5, 'maybe'), (e) => {
    assert.ok(e instanceof Error);
    assert.ok(mod.isBx24Error(e));
    assert.equal(e.name, 'Bx24Error');
    assert.equal(e.kind, 'validation');
    assert.equal(e.code, '');
    assert.equal(e.param, 'status');
    assert.equal(e.method, 'calendar.meeting.status.set');
    assert.equal(e.description, 'Недопустимое значение параметра "status"');
    assert.match(e.message, /Недопустимое значение параметра "status"/);
    return true;
  });
  assert.equal(calls.length, 0);
});

test('a portal error keeps its code, description and HTTP status', async () => {
  fakeBx24({ status: 403, error: 'ACCESS_DENIED', error_description: 'Access denied' });
  await assert.rejects(mod.setMeetingStatus(5, 'N'), {
    name: 'Bx24Error', kind: 'api', code: 'ACCESS_DENIED', description: 'Access denied', status: 403,
  });
});

test('the JS glue uses neither eval nor new Function (CSP with only wasm-unsafe-eval)', async () => {
  for (const dir of [pkg, fullPkg]) {
    for (const file of await readdir(dir)) {
      if (!file.endsWith('.js')) continue;
      const source = await readFile(new URL(file, dir), 'utf8');
      assert.doesNotMatch(source, /\beval\s*\(|new\s+Function\b|\bFunction\s*\(/, file);
    }
  }
});

test('MeetingClient refuses a bad configuration at construction, saying why', () => {
  const cases = [
    [{ transport: { webhookUrl: 'https://p.bitrix24.com/rest/1/tok3nAbc/', oauth: { domain: 'p.bitrix24.com', accessToken: 'x' } } }, /exactly one transport/],
    [{ transport: { webhookUrl: 'https://p.bitrix24.com/hooks/tok3nAbc' } }, /looks like https:\/\/<portal>\/rest\/<user id>\/<token>\//],
    [{ transport: { webhookUrl: 'http://p.bitrix24.com/rest/1/tok3nAbc/' } }, /http is allowed only for a loopback host/],
    [{ transport: { oauth: { domain: 'p.bitrix24.com' } } }, /accessToken/],
    [{ transport: { sdk: {} } }, /official SDK client/],
    [{ transport: 'fetch' }, /one of 'bx24'/],
    [{ retries: 99 }, /retries/],
  ];
  for (const [options, pattern] of cases) {
    assert.throws(() => new full.MeetingClient(options), (e) => {
      assert.equal(e.name, 'Bx24Error');
      assert.equal(e.kind, 'validation');
      assert.match(e.description, pattern);
      assert.doesNotMatch(e.message, /tok3nAbc/, 'the webhook token leaked');
      return true;
    });
  }
  assert.ok(new full.MeetingClient({ transport: { webhookUrl: 'http://127.0.0.1:9/rest/1/tok3nAbc/' } }));
  assert.ok(new full.MeetingClient());
});

test('the SDK transport is detected from either SDK API', () => {
  assert.ok(new full.MeetingClient({ transport: { sdk: { actions: { v2: { call: { make() {} } } } } } }));
  assert.ok(new full.MeetingClient({ transport: { sdk: { callMethod() {} } } }));
});
