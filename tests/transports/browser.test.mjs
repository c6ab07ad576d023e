// The transport conformance suite in Chromium: the page's BX24 (the
// emulated BX24.js), a webhook and OAuth over the page's fetch.
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../support/emulator.mjs';
import { launchBrowser } from '../support/browser.mjs';
import { conformance, settleWith } from './conformance.mjs';

const fixture = fileURLToPath(new URL('../fixtures/transports.json', import.meta.url));
const pages = fileURLToPath(new URL('./pages', import.meta.url));
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

// Runs `fn(client, arg)` inside the page; the function travels as source.
const runIn = (page) => (fn, arg) =>
  page.evaluate(`(${settleWith.toString()})(window.client, ${fn.toString()}, ${JSON.stringify(arg)})`);

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
