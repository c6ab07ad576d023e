// A page that put a throwing `eventId` or `status` setter on
// Object.prototype: writing the request's params throws, and the call
// rejects with a Bx24Error saying so, before anything is sent. The
// instance keeps working once the page stops doing that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const builds = ['../../pkg/', '../../pkg/client/'].map((p) => new URL(p, import.meta.url));

for (const dir of builds) {
  const label = dir.pathname.split('/').slice(-2, -1)[0];

  test(`${label} build: a throwing Object.prototype setter rejects the call, nothing sent`, async () => {
    const mod = await import(new URL('bx24_meeting.js', dir));
    mod.initSync({ module: await readFile(new URL('bx24_meeting_bg.wasm', dir)) });
    mod.configure({ rateLimit: 'off', retries: 2 });
    const sent = [];
    globalThis.BX24 = {
      callMethod: (method, params, cb) => { sent.push(method); cb({ error: () => undefined, data: () => true }); },
      callBatch: (calls, cb) => { sent.push('batch'); cb(calls.map(() => ({ error: () => undefined, data: () => true }))); },
    };
    try {
      for (const key of ['eventId', 'status']) {
        Object.defineProperty(Object.prototype, key, { set() { throw new Error(`${key} is not yours`); }, configurable: true });
        try {
          const single = await mod.setMeetingStatus(651, 'Y').catch((e) => e);
          assert.ok(mod.isBx24Error(single), String(single));
          assert.equal(single.kind, 'transport');
          assert.equal(single.attempts, 0);
          assert.match(single.description, new RegExp(`writing the request's params threw: ${key} is not yours`));
          const bulk = await mod.setMeetingStatuses([{ eventId: 1, status: 'Y' }, { eventId: 2, status: 'N' }]);
          assert.equal(bulk.length, 2);
          for (const r of bulk) {
            assert.equal(r.ok, false);
            assert.match(r.error.description, /writing the request's params threw/);
          }
        } finally {
          delete Object.prototype[key];
        }
      }
      assert.deepEqual(sent, [], 'nothing reached BX24');
      assert.equal(await mod.setMeetingStatus(651, 'Y'), true, 'the instance still works');
      assert.equal(mod.pendingCalls(), 0);
    } finally {
      delete globalThis.BX24;
    }
  });
}
