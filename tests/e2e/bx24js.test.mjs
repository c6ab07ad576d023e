// Pins what BX24.js does, as the real library was observed to do it, in
// Chromium, framed by the
// emulator's portal page. The same checks run against any BX24.js given with
// BX24_JS=<file> (see README), so the emulated library and a real copy can be
// held to the same behaviour.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BX24_JS, EMULATOR_BIN, startEmulator } from '../support/emulator.mjs';
import { launchBrowser } from '../support/browser.mjs';

const pages = fileURLToPath(new URL('./pages', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/meetings.json', import.meta.url));
const emulator = await startEmulator(['--www', pages, '--data', fixture, '--plan', 'unlimited']);
const browser = await launchBrowser();
after(async () => {
  await browser.close();
  await emulator.stop();
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const MISSING_STATUS = 'Не задан обязательный параметр "status" для метода "calendar.meeting.status.set"';

// In the app's frame, before any script: what it posts to its parent
// (message and target origin), when each XHR is sent, and what
// window.onerror sees.
function recordFrame() {
  if (window.parent === window) return;
  const parent = window.parent;
  window.sent = [];
  window.xhrSends = [];
  window.onerrorSeen = [];
  window.addEventListener('error', (e) => window.onerrorSeen.push(String(e.message)));
  // `parent` is [Replaceable]: a recorder in front of the real one.
  window.parent = {
    postMessage(message, origin, ...rest) {
      window.sent.push({ message: String(message), origin });
      return parent.postMessage(message, origin, ...rest);
    },
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (body) {
    window.xhrSends.push({ at: performance.now(), body: body === undefined ? null : String(body) });
    return send.call(this, body);
  };
}

/**
 * A fresh context with the test page (`lib.html`: BX24.js and nothing else)
 * framed by the portal page; resolves once BX24.init has called back.
 */
async function open(portalQuery = '') {
  await emulator.reset();
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push({ name: e.name, message: e.message }));
  const requests = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/rest/')) {
      requests.push({ url: r.url(), body: r.postData(), type: r.headers()['content-type'], at: Date.now() });
    }
  });
  await page.addInitScript(recordFrame);
  const app = `${emulator.url}/lib.html`;
  await page.goto(`${emulator.url}/portal?app=${encodeURIComponent(app)}&user=1${portalQuery}`);
  let frame;
  for (let i = 0; i < 100 && !frame; i++) {
    frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(app));
    if (!frame) await sleep(50);
  }
  assert.ok(frame, 'the portal framed the page');
  await frame.waitForSelector('html[data-loaded="true"]', { state: 'attached' });
  await frame.evaluate(() => new Promise((resolve) => BX24.init(resolve)));
  const portalLog = () => page.locator('#log li').allTextContents();
  return { context, page, frame, errors, requests, portalLog };
}

/** `a=1&b%5Bc%5D=2` → [['a', '1'], ['b[c]', '2']]. */
const formPairs = (body) =>
  body.split('&').map((pair) => {
    const at = pair.indexOf('=');
    const decode = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
    return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
  });

/** Calls `method` in the frame; resolves to what the callback got, or 'no callback' after `waitMs`. */
const callIn = (frame, method, params, waitMs = 1500) =>
  frame.evaluate(
    ([method, params, waitMs]) =>
      new Promise((resolve) => {
        setTimeout(() => resolve('no callback'), waitMs);
        BX24.callMethod(method, params, (r) => {
          const error = r.error();
          resolve({
            status: r.status,
            data: r.data(),
            error: error ? { status: error.status, ex: error.ex, text: String(error) } : error,
            description: r.error_description(),
            more: r.more(),
            query: { method: r.query.method, data: r.query.data },
            hasAnswer: typeof r.answer === 'object',
          });
        });
      }),
    [method, params, waitMs],
  );

test('outside a portal frame: BX24 = null and an error at load', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${emulator.url}/lib.html`);
  await page.waitForSelector('html[data-loaded="true"]', { state: 'attached' });
  assert.equal(await page.evaluate(() => window.BX24), null);
  assert.deepEqual(errors, ['Unable to initialize Bitrix24 JS library!']);
  // A window name without DOMAIN and APP_SID is no better.
  await page.evaluate(() => (window.name = 'just-a-name'));
  await page.reload();
  await page.waitForSelector('html[data-loaded="true"]', { state: 'attached' });
  assert.equal(await page.evaluate(() => window.BX24), null);
  assert.equal(errors.length, 2);
  await context.close();
});

test('postMessage: `command:params:callbackId:APP_SID` to http://DOMAIN; init callbacks 10 ms after the data', async () => {
  const { context, page, frame } = await open('&lang=de&placement=CALENDAR_GRIDVIEW&options=%7B%22ID%22%3A%22101%22%7D');
  const appSid = await page.evaluate(() => window.bx24Portal.appSid);
  const sent = await frame.evaluate(() => window.sent);
  assert.ok(sent.length >= 1);
  const first = sent[0];
  assert.match(first.message, new RegExp(`^getInitData:(.*:)?[^:]+:${appSid}$`));
  assert.equal(first.origin, emulator.url, 'target origin http://DOMAIN from window.name');
  // What the portal's init data said.
  const seen = await frame.evaluate(() => ({
    lang: BX24.getLang(),
    placement: BX24.placement.info(),
    auth: BX24.getAuth(),
    admin: BX24.isAdmin(),
  }));
  assert.equal(seen.lang, 'de');
  assert.deepEqual(seen.placement, { placement: 'CALENDAR_GRIDVIEW', options: { ID: '101' } });
  assert.deepEqual(Object.keys(seen.auth).sort(), ['access_token', 'domain', 'expires_in', 'member_id', 'refresh_token']);
  assert.equal(typeof seen.admin, 'boolean');
  // BX24.init after the data came: still deferred, by about 10 ms.
  const init = await frame.evaluate(
    () =>
      new Promise((resolve) => {
        let sync = true;
        const start = performance.now();
        BX24.init(() => resolve({ sync, ms: performance.now() - start }));
        sync = false;
      }),
  );
  assert.equal(init.sync, false);
  assert.ok(init.ms >= 8, `init callback after ${init.ms} ms`);
  await context.close();
});

test('postMessage answers from another origin are ignored', async () => {
  const { context, frame } = await open();
  const outcome = await frame.evaluate(
    () =>
      new Promise((resolve) => {
        const got = [];
        BX24.refreshAuth((auth) => got.push(auth.access_token));
        const sent = window.sent.at(-1).message;
        const id = sent.split(':').at(-2);
        // A forged answer with the right callback id, from a foreign origin.
        window.dispatchEvent(
          new MessageEvent('message', {
            data: `${id}:${JSON.stringify({ AUTH_ID: 'forged', AUTH_EXPIRES: 3600, REFRESH_ID: 'forged' })}`,
            origin: 'http://attacker.example',
            source: window,
          }),
        );
        setTimeout(() => resolve(got), 1000);
      }),
  );
  assert.equal(outcome.length, 1, 'the real answer came');
  assert.notEqual(outcome[0], 'forged');
  await context.close();
});

test('the wire: a text/plain POST of `auth=…&eventId=…&status=…`, sent 10 ms after the call, strings and PHP brackets', async () => {
  const { context, frame, requests } = await open();
  const timing = await frame.evaluate(
    () =>
      new Promise((resolve) => {
        const start = performance.now();
        const before = window.xhrSends.length;
        BX24.callMethod('calendar.meeting.status.set', { eventId: 101, status: 'Y' }, () =>
          resolve({ sentAfter: window.xhrSends[before].at - start }),
        );
        // Nothing is sent synchronously.
        if (window.xhrSends.length !== before) resolve({ sentAfter: 0 });
      }),
  );
  assert.ok(timing.sentAfter >= 8, `sent after ${timing.sentAfter} ms`);
  const set = requests.find((r) => r.url.includes('calendar.meeting.status.set'));
  assert.equal(new URL(set.url).pathname, '/rest/calendar.meeting.status.set.json');
  assert.equal(set.type, 'text/plain;charset=UTF-8');
  const pairs = formPairs(set.body);
  assert.equal(pairs[0][0], 'auth');
  assert.deepEqual(pairs.slice(1), [['eventId', '101'], ['status', 'Y']]);
  assert.equal((await emulator.statuses(1))['101'], 'Y', 'the emulator reads the string body');

  // Nested values in PHP brackets, a Date as toJSON(), an empty array as `name=`.
  const answer = await callIn(frame, 'user.current', {
    a: { b: { c: 1 } },
    list: [],
    ids: [5, 6],
    when: new Date(0),
  });
  assert.equal(answer.status, 200);
  const current = requests.find((r) => r.url.includes('user.current'));
  assert.deepEqual(formPairs(current.body).slice(1), [
    ['a[b][c]', '1'],
    ['list', ''],
    ['ids[0]', '5'],
    ['ids[1]', '6'],
    ['when', '1970-01-01T00:00:00.000Z'],
  ]);
  await context.close();
});

test('ajaxResult: data(), error(), error_description(), more(), answer, query, status', async () => {
  const { context, frame } = await open();
  const ok = await callIn(frame, 'calendar.meeting.status.get', { eventId: 101 });
  assert.equal(ok.status, 200);
  assert.equal(ok.data, 'Q');
  assert.equal(ok.error, undefined);
  assert.equal(ok.more, false);
  assert.equal(ok.hasAnswer, true);
  assert.deepEqual(ok.query, { method: 'calendar.meeting.status.get', data: { eventId: 101 } });

  const bad = await callIn(frame, 'calendar.meeting.status.set', { eventId: 101 });
  assert.equal(bad.status, 400);
  assert.equal(bad.error.status, 400);
  assert.equal(bad.error.ex.error, '');
  assert.equal(bad.error.ex.error_description, MISSING_STATUS);
  assert.equal(bad.description, MISSING_STATUS);
  assert.equal(bad.error.text, `: ${MISSING_STATUS} (400)`);

  const unknown = await callIn(frame, 'no.such.method', {});
  assert.equal(unknown.status, 404);
  assert.equal(unknown.error.text, 'ERROR_METHOD_NOT_FOUND: Method not found! (404)');

  // callBatch: ajaxResults keyed like the input, object and array forms.
  const batches = await frame.evaluate(
    () =>
      new Promise((resolve) => {
        BX24.callBatch(
          {
            get: ['calendar.meeting.status.get', { eventId: 101 }],
            set: { method: 'calendar.meeting.status.set', params: { eventId: 101 } },
          },
          (named) =>
            BX24.callBatch(
              [
                ['user.current', {}],
                ['calendar.meeting.status.set', { eventId: 102, status: 'n' }],
              ],
              (listed) =>
                resolve({
                  get: named.get.data(),
                  setError: named.set.error().ex.error_description,
                  array: Array.isArray(listed),
                  user: listed[0].data().ID,
                  set: listed[1].data(),
                }),
              true,
            ),
        );
      }),
  );
  assert.deepEqual(batches, { get: 'Q', setError: MISSING_STATUS, array: true, user: '1', set: true });
  assert.equal((await emulator.statuses(1))['102'], 'N');
  await context.close();
});

test('expired_token never reaches the callback: a refreshAuth message per waiting call, then the call again', async () => {
  const { context, frame, portalLog, errors } = await open();
  await emulator.clearRequests();
  const before = (await portalLog()).filter((c) => c === 'refreshAuth').length;
  await emulator.expireTokens();
  const answers = await frame.evaluate(() =>
    Promise.all(
      [103, 105].map(
        (eventId) =>
          new Promise((resolve) => BX24.callMethod('calendar.meeting.status.set', { eventId, status: 'Y' }, (r) => resolve(r.status))),
      ),
    ),
  );
  assert.deepEqual(answers, [200, 200]);
  const refreshes = (await portalLog()).filter((c) => c === 'refreshAuth').length - before;
  assert.equal(refreshes, 2, 'one refreshAuth per waiting call, not shared');
  const log = await emulator.requests();
  assert.deepEqual(log.map((r) => r.status).sort(), [200, 200, 401, 401]);
  const truth = await emulator.statuses(1);
  assert.equal(truth['103'], 'Y');
  assert.equal(truth['105'], 'Y');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a refreshAuth answer without a token: an alert, and the call is never answered', async () => {
  // Official docs (BX24.refreshAuth): "Unable to get new token! Reload page,
  // please!" in an alert, and the callback does not run.
  const { context, page, frame } = await open();
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss();
  });
  const outcome = await frame.evaluate(
    () =>
      new Promise((resolve) => {
        setTimeout(() => resolve('no callback'), 1000);
        BX24.refreshAuth(() => resolve('called back'));
        const id = window.sent.at(-1).message.split(':').at(-2);
        // The portal's answer, empty, before the real one.
        window.dispatchEvent(new MessageEvent('message', { data: `${id}:{}`, origin: window.location.origin, source: window }));
      }),
  );
  assert.equal(outcome, 'no callback');
  assert.deepEqual(dialogs, ['Unable to get new token! Reload page, please!']);
  await context.close();
});

test("5xx, an unparsable body, a dropped connection: 'Query error!' thrown from the XHR handler, no callback", async () => {
  const { context, frame, errors } = await open();
  // Chromium may send a POST again once when its connection dropped.
  for (const schedule of [['query_limit'], ['internal'], ['malformed_json'], ['drop', 'drop']]) {
    await emulator.faults({ schedule });
    const before = errors.length;
    const seenBefore = await frame.evaluate(() => window.onerrorSeen.length);
    assert.equal(await callIn(frame, 'user.current', {}, 1500), 'no callback', schedule[0]);
    assert.deepEqual(errors.slice(before).map((e) => e.message), ['Query error!'], schedule[0]);
    const seen = await frame.evaluate((n) => window.onerrorSeen.slice(n), seenBefore);
    assert.equal(seen.length, 1, `window.onerror saw it (${schedule[0]})`);
    assert.match(seen[0], /Query error!/);
  }
  await emulator.faults({});
  await context.close();
});

test('a batch whose whole answer is an error (429): a TypeError, no callback', async () => {
  const { context, frame, errors } = await open();
  await emulator.faults({ schedule: ['operation_time'] });
  const outcome = await frame.evaluate(
    () =>
      new Promise((resolve) => {
        setTimeout(() => resolve('no callback'), 1500);
        BX24.callBatch([['user.current', {}]], () => resolve('called back'));
      }),
  );
  assert.equal(outcome, 'no callback');
  assert.equal(errors.length, 1);
  assert.equal(errors[0].name, 'TypeError', JSON.stringify(errors));
  // A single call answered 429 is an answer like any 4xx.
  await emulator.faults({ schedule: ['operation_time'] });
  const single = await callIn(frame, 'user.current', {});
  assert.equal(single.status, 429);
  assert.equal(single.error.ex.error, 'OPERATION_TIME_LIMIT');
  await emulator.faults({});
  await context.close();
});

test('its own limiter: 90 requests at once, then 2 a second, re-checked every second', async () => {
  const { context, frame } = await open();
  const sends = await frame.evaluate(async () => {
    const start = performance.now();
    const before = window.xhrSends.length;
    await Promise.all(
      Array.from({ length: 95 }, () => new Promise((resolve) => BX24.callMethod('user.current', {}, resolve))),
    );
    return window.xhrSends.slice(before).map((s) => s.at - start);
  });
  assert.equal(sends.length, 95);
  const early = sends.filter((ms) => ms < 800).length;
  assert.equal(early, 90, `sent in the first 800 ms: ${early}`);
  const late = sends.slice(90).sort((a, b) => a - b);
  assert.ok(late[0] >= 900, `the 91st went after ${late[0]} ms`);
  assert.ok(late.at(-1) >= 1900, `the 95th went after ${late.at(-1)} ms`);
  await context.close();
});

test('BX24_JS=<file>: the emulator serves that file at /bx24.js (--bx24-js), else its emulated library', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'bx24-js-')), 'bx24-copy.js');
  await writeFile(file, 'window.copyOfBx24 = true;\n');
  const custom = await startEmulator(['--bx24-js', file]);
  try {
    assert.deepEqual(await custom.request('/bx24.js'), { status: 200, text: 'window.copyOfBx24 = true;\n' });
  } finally {
    await custom.stop();
  }
  const served = (await emulator.request('/bx24.js')).text;
  if (BX24_JS) assert.equal(served, await readFile(BX24_JS, 'utf8'));
  else assert.match(served, /^\/\*\n \* Emulated BX24\.js/);
  // A file that cannot be read stops the emulator at start, as a usage error.
  const missing = spawnSync(EMULATOR_BIN, ['--bx24-js', join(tmpdir(), 'no-such-bx24.js')], { encoding: 'utf8', timeout: 10_000 });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read .*no-such-bx24\.js/);
});
