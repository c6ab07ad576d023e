// The package's browser and bundler entries (pkg/index.js, pkg/client/index.js:
// `bx24-meeting` and `bx24-meeting/client` outside Node) used before `init()`
// has finished: every call fails with a Bx24Error that says to `await init()`,
// never a TypeError from inside the glue; after init they are the glue's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const pkg = new URL('../../pkg/', import.meta.url);

function notInitialized(method) {
  return (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'Bx24Error');
    assert.equal(e.kind, 'unavailable');
    assert.equal(e.code, 'NOT_INITIALIZED');
    assert.equal(e.method, method);
    assert.equal(e.attempts, 0);
    assert.match(e.description, /await init\(\)/);
    assert.equal(e.message, `${method}: NOT_INITIALIZED: ${e.description}`);
    return true;
  };
}

for (const [dir, client] of [['', false], ['client/', true]]) {
  test(`${client ? 'bx24-meeting/client' : 'bx24-meeting'} before and after init`, async () => {
    const mod = await import(new URL(`${dir}index.js`, pkg));
    const glue = await import(new URL(`${dir}bx24_meeting.js`, pkg));
    assert.deepEqual(Object.keys(mod).sort(), Object.keys(glue).sort(), 'the entry exports what the glue does');

    await assert.rejects(mod.setMeetingStatus(651, 'Y'), notInitialized('calendar.meeting.status.set'));
    await assert.rejects(mod.getMeetingStatus(651), notInitialized('calendar.meeting.status.get'));
    await assert.rejects(mod.getNearestMeetings(), notInitialized('calendar.event.get.nearest'));
    await assert.rejects(mod.setMeetingStatuses([]), notInitialized('batch'));
    assert.throws(() => mod.configure({ retries: 0 }), notInitialized('configure'));
    if (client) assert.throws(() => new mod.MeetingClient(), notInitialized('MeetingClient'));
    assert.equal(mod.pendingCalls(), 0);
    const early = await mod.setMeetingStatus(651, 'Y').catch((e) => e);
    assert.equal(mod.isBx24Error(early), true);
    assert.equal(mod.isBx24Error(new TypeError('x')), false);
    assert.equal(mod.isBx24Error(new Proxy({}, { getPrototypeOf() { throw new Error('hostile'); } })), false);

    // A failed init leaves the entry uninitialised and says why.
    await assert.rejects(mod.default({ module_or_path: new Uint8Array([0, 1, 2]) }));
    await assert.rejects(mod.setMeetingStatus(651, 'Y'), notInitialized('calendar.meeting.status.set'));

    const bytes = await readFile(new URL(`${dir}bx24_meeting_bg.wasm`, pkg));
    if (client) mod.initSync({ module: bytes });
    else await mod.default({ module_or_path: bytes });
    assert.equal(typeof (await mod.default()), 'object', 'init() again resolves at once');
    mod.configure({ rateLimit: 'off', retries: 0 });
    globalThis.BX24 = {
      init: (cb) => setTimeout(cb, 0),
      callMethod: (method, params, cb) => setTimeout(() => cb({ data: () => true, error: () => undefined }), 0),
    };
    try {
      assert.equal(await mod.setMeetingStatus(651, 'y'), true);
      await assert.rejects(mod.setMeetingStatus(651, 'maybe'), (e) => mod.isBx24Error(e) && e.kind === 'validation');
      if (client) {
        const c = new mod.MeetingClient();
        assert.ok(c instanceof glue.MeetingClient);
        assert.equal(await c.setMeetingStatus(652, 'N'), true);
        c.free();
      }
    } finally {
      delete globalThis.BX24;
    }
  });
}
