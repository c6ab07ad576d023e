// Runs the emulated BX24.js (as served at /bx24.js) in Node against a live
// emulator started with --admin, and checks the real library's behaviour
// as it was observed. Node has no frames: each run
// gets a fresh global with a window.name, a fake parent that plays the
// emulator's portal page (getInitData and refreshAuth from
// /placement/auth), and an XMLHttpRequest over fetch whose handler runs on
// its own task, so that what it throws is an uncaught exception, as in a
// browser. tests/e2e/bx24js.test.mjs checks the same in Chromium.
// Usage: node bx24_harness.mjs http://127.0.0.1:PORT
import vm from 'node:vm';
import assert from 'node:assert/strict';

const base = process.argv[2];
const origin = new URL(base).origin;
const host = new URL(base).host;
const APP_SID = '0123456789abcdef0123456789abcdef';
const MISSING_STATUS = 'Не задан обязательный параметр "status" для метода "calendar.meeting.status.set"';

// Objects made inside the script's own global: compared as plain data.
const plain = (value) => JSON.parse(JSON.stringify(value));
const admin = (path, body) =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });

const uncaught = [];
process.on('uncaughtException', (error) => uncaught.push(error));

const code = await (await fetch(base + '/bx24.js')).text();

/** A fresh global for the script; `name` is window.name, `withParent` adds the fake portal. */
function load(name, withParent = true) {
  const listeners = [];
  const sent = []; // [message, targetOrigin]
  const sends = []; // XHR bodies
  const refreshes = { count: 0 };
  const window = {
    name,
    console,
    setTimeout,
    clearTimeout,
    alert: (text) => {
      throw new Error(`alert: ${text}`);
    },
    addEventListener: (type, fn) => type === 'message' && listeners.push(fn),
    document: { readyState: 'complete', addEventListener() {} }
  };
  const deliver = (data, from = origin) => listeners.forEach((fn) => fn({ data, origin: from, source: window.parent }));
  const placementAuth = async () => (await fetch(base + '/placement/auth?user=1')).json();
  if (withParent) {
    window.parent = {
      postMessage(message, targetOrigin) {
        sent.push([message, targetOrigin]);
        const parts = String(message).split(':');
        const [command, callback] = [parts[0], parts[parts.length - 2]];
        setTimeout(async () => {
          const tokens = await placementAuth();
          let answer;
          if (command === 'getInitData') {
            answer = {
              DOMAIN: host, PROTOCOL: 0, PATH: '/rest', LANG: 'en', AUTH_ID: tokens.access_token,
              AUTH_EXPIRES: tokens.expires_in, REFRESH_ID: tokens.refresh_token, MEMBER_ID: tokens.member_id,
              IS_ADMIN: tokens.is_admin, PLACEMENT: 'DEFAULT', PLACEMENT_OPTIONS: {}
            };
          } else if (command === 'refreshAuth') {
            refreshes.count += 1;
            answer = { AUTH_ID: tokens.access_token, AUTH_EXPIRES: tokens.expires_in, REFRESH_ID: tokens.refresh_token };
          }
          deliver(callback + ':' + (answer === undefined ? '' : JSON.stringify(answer)));
        }, 5);
      }
    };
  } else {
    window.parent = window;
  }
  window.XMLHttpRequest = class {
    open(method, url) {
      this.method = method;
      this.url = url;
      this.readyState = 1;
    }
    send(body) {
      sends.push({ url: this.url, body });
      fetch(this.url, { method: this.method, body })
        .then(async (r) => ({ status: r.status, text: await r.text() }), () => ({ status: 0, text: '' }))
        .then(({ status, text }) =>
          setTimeout(() => {
            Object.assign(this, { readyState: 4, status, responseText: text });
            this.onreadystatechange();
          }, 0)
        );
    }
  };
  window.window = window;
  const context = vm.createContext(window);
  let loadError = null;
  try {
    vm.runInContext(code, context, { filename: 'bx24.js' });
  } catch (error) {
    loadError = error;
  }
  return { window, BX24: window.BX24, loadError, sent, sends, refreshes, deliver };
}

const call = (BX24, method, params, waitMs = 1500) =>
  new Promise((resolve) => {
    setTimeout(() => resolve('no callback'), waitMs);
    BX24.callMethod(method, params, resolve);
  });

async function main() {
  // Outside a portal frame: BX24 = null and an error at load.
  for (const name of ['', 'just-a-name', `${host}|0|`]) {
    const bare = load(name, false);
    assert.equal(bare.window.BX24, null, `window.name ${JSON.stringify(name)}`);
    assert.equal(bare.loadError?.message, 'Unable to initialize Bitrix24 JS library!');
  }

  const app = load(`${host}|0|${APP_SID}`);
  const { BX24 } = app;
  assert.equal(app.loadError, null);
  // At load: `getInitData:params:callbackId:APP_SID` to http://DOMAIN.
  assert.equal(app.sent.length, 1);
  assert.match(app.sent[0][0], new RegExp(`^getInitData:[^:]*:[^:]+:${APP_SID}$`));
  assert.equal(app.sent[0][1], origin);
  assert.equal(BX24.getAuth(), false, 'no auth before the init data');

  // A call before init is queued; init callbacks are deferred.
  const early = call(BX24, 'user.current', {}, 5000);
  let initRan = false;
  const initialized = new Promise((resolve) =>
    BX24.init(() => {
      initRan = true;
      resolve();
    })
  );
  assert.equal(initRan, false);
  await initialized;
  assert.equal((await early).data().ID, '1', 'queued call delivered after init');
  const started = Date.now();
  await new Promise((resolve) => BX24.init(resolve));
  assert.ok(Date.now() - started >= 8, 'init after the data still waits about 10 ms');

  const auth = BX24.getAuth();
  assert.deepEqual(plain(Object.keys(auth).sort()), ['access_token', 'domain', 'expires_in', 'member_id', 'refresh_token']);
  assert.equal(auth.domain, host);
  assert.equal(BX24.getLang(), 'en');
  assert.deepEqual(plain(BX24.placement.info()), { placement: 'DEFAULT', options: {} });
  assert.equal(BX24.isAdmin(), true);

  // Answers from another origin are ignored.
  const refreshed = new Promise((resolve) => BX24.refreshAuth(resolve));
  const id = app.sent.at(-1)[0].split(':').at(-2);
  app.deliver(`${id}:${JSON.stringify({ AUTH_ID: 'forged', AUTH_EXPIRES: 3600, REFRESH_ID: 'forged' })}`, 'http://attacker.example');
  assert.notEqual((await refreshed).access_token, 'forged');

  // The wire: `auth=…&eventId=201&status=Y`, strings, PHP brackets.
  const ok = await call(BX24, 'calendar.meeting.status.set', { eventId: 201, status: 'Y', a: { b: [1] } });
  assert.equal(ok.data(), true);
  assert.equal(ok.error(), undefined);
  assert.equal(ok.status, 200);
  const sent = app.sends.at(-1);
  assert.equal(sent.url, `${origin}/rest/calendar.meeting.status.set.json`);
  assert.equal(typeof sent.body, 'string');
  assert.match(sent.body, /^auth=[0-9a-f]+&eventId=201&status=Y&a\[b\]\[0\]=1$/);

  // A 400 and a 404 are answers, with an ajaxError.
  const bad = await call(BX24, 'calendar.meeting.status.set', { eventId: 201 });
  assert.equal(bad.error().status, 400);
  assert.equal(bad.error().ex.error, '');
  assert.equal(bad.error_description(), MISSING_STATUS);
  assert.equal(String(bad.error()), `: ${MISSING_STATUS} (400)`);
  const unknown = await call(BX24, 'no.such.method', {});
  assert.equal(String(unknown.error()), 'ERROR_METHOD_NOT_FOUND: Method not found! (404)');

  // callBatch: results keyed like the input.
  const named = await new Promise((resolve) =>
    BX24.callBatch(
      { get: ['calendar.meeting.status.get', { eventId: 201 }], set: { method: 'calendar.meeting.status.set', params: { eventId: 201 } } },
      resolve
    )
  );
  assert.equal(named.get.data(), 'Y');
  assert.equal(named.set.error().ex.error_description, MISSING_STATUS);

  // 5xx, an unparsable body, a dropped connection: 'Query error!' thrown, no callback.
  for (const fault of ['query_limit', 'internal', 'malformed_json', 'drop']) {
    await admin('/admin/faults', { schedule: [fault] });
    const before = uncaught.length;
    assert.equal(await call(BX24, 'user.current', {}, 600), 'no callback', fault);
    assert.deepEqual(uncaught.slice(before), ['Query error!'], fault);
  }

  // A batch answered 429 as a whole: a TypeError, no callback.
  await admin('/admin/faults', { schedule: ['operation_time'] });
  const before = uncaught.length;
  const batch = await new Promise((resolve) => {
    setTimeout(() => resolve('no callback'), 600);
    BX24.callBatch([['user.current', {}]], () => resolve('called back'));
  });
  assert.equal(batch, 'no callback');
  assert.equal(uncaught.length, before + 1);
  assert.equal(uncaught.at(-1).name, 'TypeError');
  await admin('/admin/faults', {});

  // expired_token: a refreshAuth per waiting call, then the call again; the caller never sees it.
  await admin('/admin/expire-tokens');
  const refreshesBefore = app.refreshes.count;
  const [one, two] = await Promise.all([call(BX24, 'user.current', {}), call(BX24, 'user.current', {})]);
  assert.equal(one.status, 200);
  assert.equal(two.data().ID, '1');
  assert.equal(app.refreshes.count - refreshesBefore, 2);

  console.log('bx24.js harness: all checks passed');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);
