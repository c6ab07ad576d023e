// The package in browser apps, as its users build them: `npm pack pkg/`
// installed from the tarball into a fresh temporary project, then
// - a Vite build, a webpack 5 build, and a plain ES module page (no bundler)
//   importing `bx24-meeting`, each page loading the portal emulator's BX24.js
//   (`<script src="<emulator>/bx24.js">`);
// - each page served from a small static server of its own (another origin,
//   as an app's host is) and opened in headless Chromium framed by the
//   emulator's portal page (`/portal?app=…&user=1`), with the fixture
//   tests/fixtures/meetings.json: a call before `init()` rejects with
//   NOT_INITIALIZED, then set, get, nearest and a validation error. The set
//   must change the emulator's state (its admin API), and get and nearest
//   must answer what the emulator holds.
// Vite and webpack are the versions pinned in package-lock.json. Nothing is
// written inside the repository. Run after scripts/build.sh and with the
// emulator built (BX24_EMULATOR, see tests/support/emulator.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtemp, mkdir, rm, writeFile, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import webpack from 'webpack';
import { launchBrowser } from '../support/browser.mjs';
import { startEmulator } from '../support/emulator.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const LIMIT = 120_000; // ms for any one test
const fixture = join(root, 'tests/fixtures/meetings.json');
// The webhook the test itself reads the emulator's answers through.
const WEBHOOK_TOKEN = 'consumerBundlersT0ken';
// The app answers for user 1 (the portal frame's user): event 101, which the
// fixture has as 'Q' for that user, and the meetings of the next 7 days.
const EVENT = 101;
const DAYS = 7;

function run(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, timeout: 60_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${cmd} ${args.join(' ')} failed (${error.code ?? error.signal}):\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

// The app: what a placement page does with the package.
const MAIN = (from) => `import init, { setMeetingStatus, getMeetingStatus, getNearestMeetings, isBx24Error } from '${from}';
async function main() {
  const out = {};
  try {
    out.early = await setMeetingStatus(${EVENT}, 'Y').then(() => 'resolved', (e) => isBx24Error(e) && e.code);
    await init();
    out.set = await setMeetingStatus(${EVENT}, 'y');
    out.get = await getMeetingStatus(${EVENT});
    out.nearest = (await getNearestMeetings({ days: ${DAYS} })).map((m) => [m.id, m.myStatus]);
    out.invalid = await setMeetingStatus(${EVENT}, 'maybe').then(() => 'resolved', (e) => isBx24Error(e) && e.param);
  } catch (e) {
    out.error = String((e && e.stack) || e);
  }
  window.__result = out;
}
main();
`;

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** Serves `dir` on 127.0.0.1; resolves the server. */
async function serve(dir) {
  const server = createServer(async (req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    if (path.endsWith('/')) path += 'index.html';
    try {
      const body = await readFile(join(dir, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

let tmp;
let app;
let browser;
let emulator;
let BX24_SCRIPT; // the emulator's BX24.js, as a placement page loads it

before(async () => {
  emulator = await startEmulator(['--data', fixture, '--webhook-token', WEBHOOK_TOKEN]);
  BX24_SCRIPT = `<script src="${emulator.url}/bx24.js"></script>`;
  tmp = await mkdtemp(join(tmpdir(), 'bx24-bundlers-'));
  const [packed] = JSON.parse(await run('npm', ['pack', join(root, 'pkg'), '--pack-destination', tmp, '--json'], tmp));
  app = join(tmp, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', join(tmp, packed.filename)], app);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await emulator?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Serves `dir`, opens `path` from it framed by the emulator's portal page
 * (the emulated BX24.js works only there) and resolves what the app
 * reported, with the emulator's state before and the REST calls it took.
 */
async function openApp(dir, path) {
  await emulator.reset();
  const initial = await emulator.statuses(1);
  const server = await serve(dir);
  const context = await browser.newContext();
  const page = await context.newPage();
  const failed = [];
  page.on('pageerror', (e) => failed.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => failed.push(`${r.failure()?.errorText} ${r.url()}`));
  const appUrl = `http://127.0.0.1:${server.address().port}${path}`;
  try {
    await page.goto(`${emulator.url}/portal?app=${encodeURIComponent(appUrl)}&user=1`);
    let frame;
    for (let i = 0; i < 200 && !frame; i++) {
      frame = page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(appUrl));
      if (!frame) await sleep(50);
    }
    assert.ok(frame, `the portal framed ${appUrl}`);
    await frame.waitForFunction(() => window.__result !== undefined, null, { timeout: 20_000 });
    const result = await frame.evaluate(() => window.__result);
    return { result, failed, initial, requests: await emulator.requests() };
  } finally {
    await context.close();
    server.closeAllConnections?.();
    server.close();
  }
}

/** What the emulator answers for user 1's nearest meetings, as [id, MEETING_STATUS]. */
async function nearestInEmulator() {
  const query = `days=${DAYS}&forCurrentUser=true`;
  const answer = await emulator.request(`/rest/1/${WEBHOOK_TOKEN}/calendar.event.get.nearest.json?${query}`);
  assert.equal(answer.status, 200, answer.text);
  return JSON.parse(answer.text).result.filter((e) => e.IS_MEETING).map((e) => [Number(e.ID), e.MEETING_STATUS]);
}

async function checkApp({ result, failed, initial, requests }) {
  assert.deepEqual(failed, [], 'no page error, no failed request');
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.early, 'NOT_INITIALIZED');
  assert.equal(result.invalid, 'status', 'the invalid status is refused before any request');
  // The page's calls reached the emulator through its BX24.js (auth=…, not a webhook).
  assert.deepEqual(
    requests.map((r) => [r.restMethod, r.status, r.transport]),
    ['calendar.meeting.status.set', 'calendar.meeting.status.get', 'calendar.event.get.nearest'].map((m) => [m, 200, 'oauth']),
  );
  // The set changed the emulator's state; get and nearest answer what it holds.
  const held = await emulator.statuses(1);
  assert.equal(initial[EVENT], 'Q', 'the fixture has the event undecided');
  assert.equal(result.set, true);
  assert.equal(held[EVENT], 'Y', 'the emulator holds the answer the page set');
  assert.deepEqual({ ...held, [EVENT]: initial[EVENT] }, initial, 'nothing else changed');
  assert.equal(result.get, held[EVENT]);
  const nearest = await nearestInEmulator();
  assert.ok(nearest.length >= 2 && nearest.some(([id]) => id === EVENT), `the fixture gives meetings: ${JSON.stringify(nearest)}`);
  assert.deepEqual(result.nearest, nearest);
  for (const [id, status] of result.nearest) assert.equal(status, held[id], `meeting ${id}`);
}

test('Vite build: the page loads the .wasm and calls the emulator through its BX24.js, framed by its portal', { timeout: LIMIT }, async () => {
  const dir = join(app, 'vite');
  await mkdir(dir);
  await writeFile(join(dir, 'index.html'), `<!doctype html><html><head><meta charset="utf-8">${BX24_SCRIPT}</head>
<body><script type="module" src="./main.js"></script></body></html>`);
  await writeFile(join(dir, 'main.js'), MAIN('bx24-meeting'));
  await viteBuild({ root: dir, configFile: false, logLevel: 'error', build: { outDir: join(dir, 'dist') } });
  const assets = await readdir(join(dir, 'dist/assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `the .wasm is in the build: ${assets}`);
  await checkApp(await openApp(join(dir, 'dist'), '/'));
});

test('webpack 5 build: the page loads the .wasm and calls the emulator through its BX24.js, framed by its portal', { timeout: LIMIT }, async () => {
  const dir = join(app, 'webpack');
  await mkdir(dir);
  await writeFile(join(dir, 'main.js'), MAIN('bx24-meeting'));
  const dist = join(dir, 'dist');
  const stats = await new Promise((resolve, reject) => {
    webpack({
      mode: 'production', context: dir, entry: './main.js', target: 'web',
      output: { path: dist, filename: 'main.js' }, infrastructureLogging: { level: 'error' },
    }, (error, result) => (error ? reject(error) : resolve(result)));
  });
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  assert.ok((await readdir(dist)).some((f) => f.endsWith('.wasm')), 'the .wasm is in the build');
  await writeFile(join(dist, 'index.html'), `<!doctype html><html><head><meta charset="utf-8">${BX24_SCRIPT}</head>
<body><script src="./main.js"></script></body></html>`);
  await checkApp(await openApp(dist, '/'));
});

test('plain ES module page, no bundler: imports the installed package\'s index.js, calls the emulator framed by its portal', { timeout: LIMIT }, async () => {
  await writeFile(join(app, 'plain.html'), `<!doctype html><html><head><meta charset="utf-8">${BX24_SCRIPT}</head>
<body><script type="module">${MAIN('/node_modules/bx24-meeting/index.js')}</script></body></html>`);
  await checkApp(await openApp(app, '/plain.html'));
});
