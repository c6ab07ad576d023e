// The hostile-input suite in headless Chromium (Debian's, through
// playwright-core; never downloads a browser): the same suite.mjs, generator
// and fakes, loaded into a page next to the built package (BX24_PKG, default
// pkg/), served by a tiny static server on 127.0.0.1. Uncaught exceptions and
// unhandled rejections are collected by the page's own 'error' and
// 'unhandledrejection' listeners (and Playwright's 'pageerror' is counted as
// a cross-check). Progress events are drained from the page by polling. Each
// segment runs in a fresh page, under the same watchdog as in Node.
//
//   node --test tests/hostile/browser.test.mjs
//   HOSTILE_SEED=20261130 HOSTILE_ONLY=g123 node --test tests/hostile/browser.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../support/browser.mjs';
import { findPackage } from './node-load.mjs';
import { TOTAL_LIMIT_MS, plan, runSegments, summary } from './runner.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json' };

function page(glue, wasm) {
  return `<!doctype html>
<meta charset="utf-8">
<title>bx24-meeting hostile suite</title>
<script>
  // Installed before the module loads: every uncaught exception and
  // unhandled rejection of the page goes to the suite.
  window.__hostile = { buffered: [], handler: null };
  const deliver = (type, value) => {
    const h = window.__hostile;
    if (h.handler) h.handler(type, value); else h.buffered.push([type, value]);
  };
  // e.error is the thrown value itself, undefined and null included
  addEventListener('error', (e) => deliver('uncaught', e.error != null || /^Uncaught (undefined|null)$/.test(e.message) ? e.error : e.message));
  addEventListener('unhandledrejection', (e) => { e.preventDefault(); deliver('unhandled', e.reason); });
</script>
<script type="module">
  import init, * as pkg from '/pkg/${glue}';
  import { run } from '/hostile/suite.mjs';
  await init({ module_or_path: '/pkg/${wasm}' });
  // progress events, drained by the runner (in order, and never lost)
  const events = [];
  window.__hostileDrain = () => events.splice(0);
  window.__hostileRun = async (options) => {
    const report = await run({
      pkg,
      ...options,
      env: {
        name: 'chromium ' + (navigator.userAgent.match(/Chrome\\/([\\d.]+)/)?.[1] ?? ''),
        progress: (event) => { events.push(event); },
        listen(handler) {
          window.__hostile.handler = handler;
          for (const [type, value] of window.__hostile.buffered.splice(0)) handler(type, value);
        },
      },
    });
    return JSON.stringify(report);
  };
  window.__hostileReady = true;
</script>
`;
}

// Like tests/support/browser.mjs, but through a browser server, so that a
// page stuck in a loop can be ended by killing the browser we started.
async function launch() {
  const server = await chromium.launchServer({
    executablePath: process.env.CHROMIUM ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const browser = await chromium.connect(server.wsEndpoint());
  return { server, browser };
}

async function serve(pkgFolder, glue, wasm) {
  const html = page(glue, wasm);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = null;
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    if (url.pathname.startsWith('/pkg/')) file = path.join(pkgFolder, path.basename(url.pathname));
    else if (url.pathname.startsWith('/hostile/')) file = path.join(here, path.basename(url.pathname));
    // The ajaxResult double the hostile fakes share with the wasm suites.
    else if (url.pathname === '/support/fake_bx24.js') file = path.join(here, '..', 'support', 'fake_bx24.js');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

test('hostile inputs and misbehaving BX24 objects, in Chromium', { timeout: TOTAL_LIMIT_MS + 60_000 }, async (t) => {
  const { folder, glue, wasm } = await findPackage();
  const server = await serve(folder, glue, wasm);
  const base = `http://127.0.0.1:${server.address().port}`;
  let chrome = await launch();
  let pageErrors = 0;
  try {
    const start = async (segment, onEvent) => {
      if (!chrome.browser.isConnected()) chrome = await launch();
      const context = await chrome.browser.newContext();
      const p = await context.newPage();
      p.on('pageerror', () => {
        pageErrors += 1;
      });
      await p.goto(`${base}/`);
      await p.waitForFunction(() => window.__hostileReady === true, null, { timeout: 30_000 });
      const options = { seed: segment.seed, count: segment.count, attrition: segment.attrition, only: segment.only, heavy: segment.heavy };
      let error = null;
      let finished = false;
      const run = p.evaluate((o) => window.__hostileRun(o), options).then(JSON.parse, (e) => {
        error = e;
        return null;
      });
      // Drain the page's progress events, one poll at a time; a poll that
      // gets no answer (the page's thread is blocked) just delivers nothing.
      const drain = async () => {
        const events = await Promise.race([
          p.evaluate(() => window.__hostileDrain()).catch(() => []),
          new Promise((r) => setTimeout(() => r([]), 2000)),
        ]);
        for (const e of events) onEvent(e);
      };
      const poller = (async () => {
        while (!finished) {
          await drain();
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      const done = run.then(async (report) => {
        finished = true;
        await poller;
        await drain();
        return report;
      });
      return {
        done,
        async kill() {
          finished = true;
          // a page blocked in a loop may not close politely: then the browser goes
          const closed = await Promise.race([context.close().then(() => true, () => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
          if (!closed) {
            chrome.server.process().kill('SIGKILL');
            await chrome.server.close().catch(() => {});
            chrome = await launch();
          }
        },
        describe: () => String(error?.message ?? error),
      };
    };
    const report = await runSegments({ segments: plan(), start, envName: 'chromium', log: (m) => t.diagnostic(m) });
    report.pageErrors = pageErrors;
    const out = path.join(tmpdir(), 'bx24-hostile-chromium.json');
    await writeFile(out, JSON.stringify(report, null, 1));
    const text = summary(report, 'browser.test.mjs');
    console.log(`${text}\nPlaywright 'pageerror' events: ${pageErrors}\nfull report: ${out}`);
    assert.equal(report.failureCount, 0, `the module failed the hostile suite in Chromium (seed ${report.seed}):\n${text}`);
    assert.ok(!report.stall, report.stall);
  } finally {
    await chrome.browser.close().catch(() => {});
    await chrome.server.close().catch(() => {});
    server.close();
  }
});
