// The package in browser apps, as its users build them: `npm pack pkg/`
// installed from the tarball into a fresh temporary project, then
// - a Vite build, a webpack 5 build, and a plain ES module page (no bundler)
//   importing `bx24-meeting`;
// - each page opened in headless Chromium over a fake BX24: a call before
//   `init()` rejects with NOT_INITIALIZED, then set, get, nearest and a
//   validation error work.
// Vite and webpack are the versions pinned in package-lock.json. Nothing is
// written inside the repository. Run after scripts/build.sh.
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

const root = fileURLToPath(new URL('../../', import.meta.url));
const LIMIT = 120_000; // ms for any one test

function run(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, timeout: 60_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${cmd} ${args.join(' ')} failed (${error.code ?? error.signal}):\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

// The page's BX24: answers like BX24.js (asynchronous callbacks, ajaxResult).
const FAKE_BX24 = `<script>
  window.BX24 = {
    init: (cb) => setTimeout(cb, 0),
    callMethod(method, params, cb) {
      const event = { ID: '7', NAME: 'Plan', DATE_FROM_TS_UTC: '1767261600', DATE_TO_TS_UTC: '1767265200', LOCATION: '',
        IS_MEETING: true, MEETING_STATUS: 'Q', MEETING_HOST: '2', ATTENDEE_LIST: [{}, {}] };
      const data = method === 'calendar.event.get.nearest' ? [event] : method === 'calendar.meeting.status.get' ? 'Y' : true;
      setTimeout(() => cb({ data: () => data, error: () => undefined }), 0);
    },
  };
</script>`;

// The app: what a placement page does with the package.
const MAIN = (from) => `import init, { setMeetingStatus, getMeetingStatus, getNearestMeetings, isBx24Error } from '${from}';
async function main() {
  const out = {};
  try {
    out.early = await setMeetingStatus(651, 'Y').then(() => 'resolved', (e) => isBx24Error(e) && e.code);
    await init();
    out.set = await setMeetingStatus(651, 'y');
    out.get = await getMeetingStatus(651);
    out.nearest = (await getNearestMeetings({ days: 7 })).map((m) => [m.id, m.myStatus]);
    out.invalid = await setMeetingStatus(651, 'maybe').then(() => 'resolved', (e) => isBx24Error(e) && e.param);
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

before(async () => {
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
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Opens `path` from a server of `dir` in Chromium; resolves what the app reported. */
async function openApp(dir, path) {
  const server = await serve(dir);
  const page = await browser.newPage();
  const failed = [];
  page.on('pageerror', (e) => failed.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}${path}`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 20_000 });
    return { result: await page.evaluate(() => window.__result), failed };
  } finally {
    await page.close();
    server.closeAllConnections?.();
    server.close();
  }
}

function checkApp({ result, failed }) {
  assert.deepEqual(failed, [], 'no page error, no failed request');
  assert.deepEqual(result, {
    early: 'NOT_INITIALIZED', set: true, get: 'Y', nearest: [[7, 'Q']], invalid: 'status',
  });
}

test('Vite build: the page loads the .wasm and calls BX24', { timeout: LIMIT }, async () => {
  const dir = join(app, 'vite');
  await mkdir(dir);
  await writeFile(join(dir, 'index.html'), `<!doctype html><html><head><meta charset="utf-8">${FAKE_BX24}</head>
<body><script type="module" src="./main.js"></script></body></html>`);
  await writeFile(join(dir, 'main.js'), MAIN('bx24-meeting'));
  await viteBuild({ root: dir, configFile: false, logLevel: 'error', build: { outDir: join(dir, 'dist') } });
  const assets = await readdir(join(dir, 'dist/assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `the .wasm is in the build: ${assets}`);
  checkApp(await openApp(join(dir, 'dist'), '/'));
});

test('webpack 5 build: the page loads the .wasm and calls BX24', { timeout: LIMIT }, async () => {
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
  await writeFile(join(dist, 'index.html'), `<!doctype html><html><head><meta charset="utf-8">${FAKE_BX24}</head>
<body><script src="./main.js"></script></body></html>`);
  checkApp(await openApp(dist, '/'));
});

test('plain ES module page, no bundler: imports the installed package\'s index.js', { timeout: LIMIT }, async () => {
  await writeFile(join(app, 'plain.html'), `<!doctype html><html><head><meta charset="utf-8">${FAKE_BX24}</head>
<body><script type="module">${MAIN('/node_modules/bx24-meeting/index.js')}</script></body></html>`);
  checkApp(await openApp(app, '/plain.html'));
});
