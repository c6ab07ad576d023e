// The emulator's portal page (/portal) in Chromium, with apps on another
// origin in its frame: the emulated BX24.js and the official SDK's
// initializeB24Frame() both get their tokens through the frame protocol
// (getInitData, refreshAuth) and call calendar.meeting.status.get/set.
//
// Usage: node portal_browser.mjs EMULATOR_URL...   (each started with
// --admin and the test fixture; https ones need NODE_EXTRA_CA_CERTS set to
// their certificate, for the admin calls made from Node).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../../../tests/support/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SDK = path.resolve(here, '../../../node_modules/@bitrix24/b24jssdk/dist/umd/index.min.js');
const MEETING = 201; // Anna invited (Q) in the test fixture
const emulators = process.argv.slice(2);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The apps live on their own origin, as a real app's server is not the portal.
function startAppServer() {
  const files = {
    '/bx24-app.html': [path.join(here, 'apps/bx24-app.html'), 'text/html; charset=utf-8'],
    '/sdk-app.html': [path.join(here, 'apps/sdk-app.html'), 'text/html; charset=utf-8'],
    '/sdk/index.min.js': [SDK, 'text/javascript; charset=utf-8']
  };
  const server = http.createServer((request, response) => {
    const file = files[new URL(request.url, 'http://x').pathname];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file[1] });
    fs.createReadStream(file[0]).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function admin(emu, method, urlPath) {
  // Admin changes must say application/json (the emulator refuses others).
  const response = await fetch(emu + urlPath, { method, headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 200, `${method} ${urlPath}`);
  return response.json();
}

async function openPortal(browser, emu, app, extra) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  const placementAuth = [];
  page.on('request', (request) => {
    if (request.url().includes('/placement/auth')) placementAuth.push(request.frame() === page.mainFrame());
  });
  const url = `${emu}/portal?app=${encodeURIComponent(app)}&user=1&placement=DEFAULT${extra}`;
  await page.goto(url);
  let frame;
  for (const started = Date.now(); !frame; await sleep(25)) {
    assert.ok(Date.now() - started < 10000, `no app frame in ${url}: ${errors}`);
    frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(app));
  }
  await frame.waitForLoadState('load');
  return { page, frame, errors, placementAuth };
}

const portalLog = (page) => page.$$eval('#log li', (items) => items.map((li) => li.textContent));

async function emulatedBx24(browser, emu, appBase) {
  const { page, frame, errors, placementAuth } = await openPortal(
    browser,
    emu,
    appBase + '/bx24-app.html',
    '&options=' + encodeURIComponent('{"ID":"201"}')
  );
  const domain = new URL(emu).host;
  const protocol = emu.startsWith('https:') ? '1' : '0';

  const seen = await frame.evaluate(() => ({ name: window.name, search: location.search }));
  const [nameDomain, nameProtocol, appSid] = seen.name.split('|');
  assert.deepEqual([nameDomain, nameProtocol], [domain, protocol], `window.name ${seen.name}`);
  assert.match(appSid, /^[0-9a-f]{32}$/);
  const query = new URLSearchParams(seen.search);
  assert.deepEqual(
    ['DOMAIN', 'PROTOCOL', 'LANG', 'APP_SID'].map((k) => query.get(k)),
    [domain, protocol, 'en', appSid]
  );

  const result = await frame.evaluate(
    (eventId) =>
      new Promise((resolve) => {
        const call = (method, params) =>
          new Promise((done) => BX24.callMethod(method, params, (r) => done({ data: r.data(), error: r.error() && String(r.error()) })));
        const refresh = () => new Promise((done) => BX24.refreshAuth(done));
        const parent = (fn) => new Promise((done) => fn(done));
        BX24.init(async () => {
          const auth = BX24.getAuth();
          const before = await call('calendar.meeting.status.get', { eventId });
          const set = await call('calendar.meeting.status.set', { eventId, status: 'Y' });
          const after = await call('calendar.meeting.status.get', { eventId });
          const renewed = await refresh();
          const afterRefresh = await call('user.current', {});
          await parent((done) => BX24.setTitle('My meetings', done));
          await parent((done) => BX24.resizeWindow(640, 321, done));
          resolve({
            auth,
            renewed,
            before,
            set,
            after,
            afterRefresh: afterRefresh.data && afterRefresh.data.ID,
            lang: BX24.getLang(),
            placement: BX24.placement.info(),
            admin: BX24.isAdmin()
          });
        });
      }),
    MEETING
  );
  assert.equal(result.auth.domain, domain);
  assert.match(result.auth.access_token, /^[0-9a-f]{64}$/);
  assert.deepEqual(result.before, { data: 'Q', error: undefined });
  assert.deepEqual(result.set, { data: true, error: undefined });
  assert.deepEqual(result.after, { data: 'Y', error: undefined });
  assert.notEqual(result.renewed.access_token, result.auth.access_token, 'refreshAuth through the parent gives a new token');
  assert.equal(result.afterRefresh, '1');
  assert.equal(result.lang, 'en');
  assert.deepEqual(result.placement, { placement: 'DEFAULT', options: { ID: '201' } });
  assert.equal(result.admin, true);
  assert.equal((await admin(emu, 'GET', '/admin/statuses?user=1'))[MEETING], 'Y');

  // The portal side: the commands arrived, and their effects show.
  assert.deepEqual(await portalLog(page), ['getInitData', 'refreshAuth', 'setTitle', 'resizeWindow']);
  assert.equal(await page.textContent('#pagetitle'), 'My meetings');
  assert.equal(await page.$eval('iframe', (f) => f.style.height), '321px');
  // Tokens came through the frame: only the portal page asked /placement/auth.
  assert.deepEqual(placementAuth, [true]);

  // Messages not from the app's window are ignored, even with the right APP_SID.
  await page.evaluate((sid) => window.postMessage('getInitData:spoofed:' + sid, '*'), appSid);
  await sleep(100);
  assert.equal((await portalLog(page)).length, 4, 'a message from another window was answered');
  assert.deepEqual(errors, []);
  await page.close();
}

async function officialSdk(browser, emu, appBase) {
  const { page, frame, errors } = await openPortal(browser, emu, appBase + '/sdk-app.html', '');
  const result = await frame.evaluate(async (eventId) => {
    const b24 = await B24Js.initializeB24Frame();
    const call = async (method, params) => {
      const response = await b24.actions.v2.call.make({ method, params });
      return response.isSuccess ? response.getData().result : { errors: response.getErrorMessages() };
    };
    const first = b24.auth.getAuthData();
    const before = await call('calendar.meeting.status.get', { eventId });
    const set = await call('calendar.meeting.status.set', { eventId, status: 'N' });
    const after = await call('calendar.meeting.status.get', { eventId });
    return {
      before,
      set,
      after,
      token: first.access_token,
      domain: first.domain,
      origin: b24.getTargetOrigin(),
      placement: b24.placement.placement,
      lang: b24.getLang(),
      isAdmin: b24.auth.isAdmin
    };
  }, MEETING);
  assert.deepEqual([result.before, result.set, result.after], ['Q', true, 'N'], JSON.stringify(result));
  assert.equal(result.origin, emu);
  assert.equal(result.domain, emu);
  assert.equal(result.placement, 'DEFAULT');
  assert.equal(result.lang, 'en');
  assert.equal(result.isAdmin, true);
  assert.equal((await admin(emu, 'GET', '/admin/statuses?user=1'))[MEETING], 'N');

  // The portal revokes every token: the SDK's 401 refresh goes through the
  // parent's refreshAuth, and the call is retried with the new token.
  await admin(emu, 'POST', '/admin/expire-tokens');
  const retried = await frame.evaluate(async (eventId) => {
    const b24 = await B24Js.initializeB24Frame();
    const response = await b24.actions.v2.call.make({ method: 'calendar.meeting.status.get', params: { eventId } });
    return { data: response.isSuccess ? response.getData().result : response.getErrorMessages(), token: b24.auth.getAuthData().access_token };
  }, MEETING);
  assert.equal(retried.data, 'N');
  assert.notEqual(retried.token, result.token);
  const log = await portalLog(page);
  assert.equal(log[0], 'getInitData');
  assert.ok(log.includes('refreshAuth'), `portal log: ${log}`);
  assert.deepEqual(errors, []);
  await page.close();
}

async function main() {
  assert.ok(emulators.length > 0, 'usage: node portal_browser.mjs EMULATOR_URL...');
  const appServer = await startAppServer();
  const appBase = `http://127.0.0.1:${appServer.address().port}`;
  // The emulator's --tls certificate is self-signed.
  const browser = await launchBrowser(['--ignore-certificate-errors']);
  try {
    for (const emu of emulators) {
      for (const [name, scenario] of [
        ['emulated BX24.js', emulatedBx24],
        ['official SDK', officialSdk]
      ]) {
        const started = Date.now();
        await admin(emu, 'POST', '/admin/reset');
        // A command the portal leaves unanswered would hang the app forever.
        let timer;
        const timeout = new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${name} on ${emu}: no result within 15 s`)), 15000);
        });
        await Promise.race([scenario(browser, emu, appBase), timeout]).finally(() => clearTimeout(timer));
        console.log(`ok ${emu} ${name} (${Date.now() - started} ms)`);
      }
    }
  } finally {
    await browser.close();
    appServer.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
