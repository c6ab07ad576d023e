// The transport conformance suite in Chromium: the page's BX24 (the
// emulated BX24.js), a webhook and OAuth over the page's fetch.
import { after } from 'node:test';
import { copyFile, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../support/emulator.mjs';
import { launchBrowser } from '../support/browser.mjs';
import { conformance, settleWith } from './conformance.mjs';

const fixture = fileURLToPath(new URL('../fixtures/transports.json', import.meta.url));
// The harness pages, plus the official SDK's browser build next to them.
const source = fileURLToPath(new URL('./pages', import.meta.url));
const pages = await mkdtemp(join(tmpdir(), 'bx24-pages-'));
for (const file of await readdir(source)) await copyFile(join(source, file), join(pages, file));
const sdkBuild = fileURLToPath(new URL('../../node_modules/@bitrix24/b24jssdk/dist/umd/index.min.js', import.meta.url));
await copyFile(sdkBuild, join(pages, 'b24jssdk.min.js'));
const WEBHOOK_TOKEN = 's3cr3tWebhookT0ken';
const emulator = await startEmulator([
  '--data', fixture, '--plan', 'unlimited', '--webhook-token', WEBHOOK_TOKEN, '--www', pages,
]);
const browser = await launchBrowser();
after(async () => {
  await browser.close();
  await emulator.stop();
});

async function pageFor(transport) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`${transport} page error:`, e.message));
  await page.goto(`${emulator.url}/client.html?transport=${transport}&token=${WEBHOOK_TOKEN}`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 15_000 });
  return page;
}

// Runs `fn(client, arg)` inside the page (or frame); the function travels as source.
const runIn = (page) => (fn, arg) =>
  page.evaluate(`(${settleWith.toString()})(window.client, ${fn.toString()}, ${JSON.stringify(arg)})`);

// The official SDK's B24Frame, inside the emulator's portal page.
async function portalFrame() {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('sdk frame page error:', e.message));
  const app = `${emulator.url}/sdk-frame.html`;
  await page.goto(`${emulator.url}/portal?app=${encodeURIComponent(app)}&user=1`);
  let frame;
  for (let i = 0; i < 150 && !frame; i++) {
    frame = page.frames().find((f) => f.url().startsWith(app));
    if (!frame) await new Promise((r) => setTimeout(r, 100));
  }
  await frame.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 15_000 });
  return frame;
}

{
  const frame = await portalFrame();
  conformance('chromium sdk B24Frame', {
    emulator,
    run: runIn(frame),
    secrets: () => [],
    refresh: 'transport',
  });
}

for (const [transport, refresh] of [['bx24', 'module'], ['webhook', 'none'], ['oauth', 'module']]) {
  const page = await pageFor(transport);
  let secrets = [];
  conformance(`chromium ${transport}`, {
    emulator,
    run: async (fn, arg) => {
      const result = await runIn(page)(fn, arg);
      secrets = await page.evaluate(() => window.seenSecrets);
      return result;
    },
    secrets: () => secrets,
    refresh,
    refreshCount: () => page.evaluate(() => window.refreshCalls),
  });
}
