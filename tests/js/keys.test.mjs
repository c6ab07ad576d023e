// The objects the module hands out have exactly the own keys their `.d.ts`
// interfaces declare: a real Bx24Error, Meeting and bulk result from each
// build, compared with the interfaces parsed from that build's .d.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const builds = ['../../pkg/', '../../pkg/client/'].map((p) => new URL(p, import.meta.url));

/** `{ name: optional }` for each field of the `{ … }` body that starts at `open`. */
function fields(text, open) {
  let depth = 0;
  let end = open;
  for (; end < text.length; end++) {
    if (text[end] === '{') depth++;
    if (text[end] === '}' && --depth === 0) break;
  }
  const body = text.slice(open + 1, end).replace(/\/\*\*[\s\S]*?\*\//g, '');
  const out = {};
  // Top-level `name?: type;` entries only (nested braces skipped).
  let level = 0;
  for (const part of body.split(/([{};])/)) {
    if (part === '{') level++;
    else if (part === '}') level--;
    else if (level === 0) {
      const m = part.match(/^\s*(\w+)(\?)?\s*:/);
      if (m) out[m[1]] = Boolean(m[2]);
    }
  }
  return out;
}

function iface(dts, name) {
  const at = dts.indexOf(`export interface ${name}`);
  assert.ok(at >= 0, `${name} is declared`);
  return fields(dts, dts.indexOf('{', at));
}

/** The object members of `export type name = | {…} | {…}`. */
function unionMembers(dts, name) {
  const at = dts.indexOf(`export type ${name} =`);
  assert.ok(at >= 0, `${name} is declared`);
  const end = dts.indexOf(';\n', dts.indexOf('}', at));
  const members = [];
  for (let i = dts.indexOf('{', at); i >= 0 && i < end; i = dts.indexOf('{', dts.indexOf('}', i))) {
    members.push(fields(dts, i));
  }
  return members;
}

function assertKeys(object, declared, what, extra = []) {
  const own = Object.getOwnPropertyNames(object).filter((k) => !extra.includes(k)).sort();
  const allowed = Object.keys(declared);
  for (const key of own) assert.ok(allowed.includes(key), `${what}: own key "${key}" is not in the .d.ts`);
  for (const [key, optional] of Object.entries(declared)) {
    if (!optional) assert.ok(own.includes(key), `${what}: required "${key}" is missing`);
  }
}

for (const dir of builds) {
  test(`own keys match the .d.ts (${dir.pathname.split('/').slice(-2, -1)[0]} build)`, async () => {
    const dts = await readFile(new URL('bx24_meeting.d.ts', dir), 'utf8');
    const mod = await import(new URL('bx24_meeting.js', dir));
    mod.initSync({ module: await readFile(new URL('bx24_meeting_bg.wasm', dir)) });
    mod.configure({ rateLimit: 'off', retries: 0 });
    const event = {
      ID: '7', NAME: 'Plan', DATE_FROM_TS_UTC: '1767261600', DATE_TO_TS_UTC: '1767265200',
      LOCATION: '', IS_MEETING: true, MEETING_STATUS: 'Q', MEETING_HOST: '2', ATTENDEE_LIST: [{}, {}],
    };
    globalThis.BX24 = {
      callMethod(method, params, cb) {
        const failed = params.eventId === 403;
        const error = failed ? { status: 403, ex: { error: 'ACCESS_DENIED', error_description: 'Access denied' } } : undefined;
        cb({ error: () => error, data: () => (method === 'calendar.event.get.nearest' ? [event] : true) });
      },
      callBatch(calls, cb) {
        cb(calls.map(([, params]) => ({ error: () => undefined, data: () => params.eventId !== 403 })));
      },
    };
    try {
      // Errors: a validation error (with param) and a portal error (with status).
      const validation = await mod.setMeetingStatus(1, 'maybe').catch((e) => e);
      const portal = await mod.setMeetingStatus(403, 'Y').catch((e) => e);
      const bx24Error = iface(dts, 'Bx24Error');
      bx24Error.message = false; // from Error
      assertKeys(validation, bx24Error, 'validation Bx24Error', ['stack']);
      assertKeys(portal, bx24Error, 'portal Bx24Error', ['stack']);
      assert.equal(validation.param, 'status');
      assert.equal(portal.status, 403);
      assert.ok(!('status' in validation) && !('param' in portal), 'absent optional fields are absent');

      const [meeting] = await mod.getNearestMeetings();
      assertKeys(meeting, iface(dts, 'Meeting'), 'Meeting');

      const [ok, failed] = await mod.setMeetingStatuses([{ eventId: 1, status: 'Y' }, { eventId: 2, status: 'nope' }]);
      const [okShape, failedShape] = unionMembers(dts, 'MeetingStatusResult');
      assertKeys(ok, okShape, 'MeetingStatusResult (ok)');
      assertKeys(failed, failedShape, 'MeetingStatusResult (failed)');
      assert.equal(ok.ok, true);
      assert.equal(failed.ok, false);
    } finally {
      delete globalThis.BX24;
    }
  });
}

for (const dir of builds) {
  test(`the .d.ts documentation reads as written (${dir.pathname.split('/').slice(-2, -1)[0]} build)`, async () => {
    const dts = await readFile(new URL('bx24_meeting.d.ts', dir), 'utf8');
    // The operations' docs pass through a macro, which once left `r"` at the
    // start of every JSDoc line an editor shows.
    const raw = dts.split('\n').filter((line) => /^\s*\*\s*r"/.test(line));
    assert.deepEqual(raw, [], 'no JSDoc line starts with r"');
    assert.match(dts, /^ \* Sets the current user's answer to a meeting invitation$/m);
  });
}
