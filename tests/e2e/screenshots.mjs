// Refreshes the README's screenshots of the widget; run by hand, never by
// `npm test` (tests leave the working tree as they found it):
//
//   source scripts/env.sh && cargo build -q -p bx24-emulator && bash scripts/build.sh
//   BX24_EMULATOR=$PWD/target/debug/bx24-emulator node tests/e2e/screenshots.mjs
//
// Writes docs/demo.png (English), docs/demo-ru.png (Russian) and
// docs/portal.png (framed by the emulator's portal page), from the test
// fixture, with one answer given so that every badge colour shows.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../support/emulator.mjs';
import { launchBrowser } from '../support/browser.mjs';

const fixture = fileURLToPath(new URL('../fixtures/meetings.json', import.meta.url));
const docs = fileURLToPath(new URL('../../docs/', import.meta.url));

const emulator = await startEmulator(['--data', fixture, '--plan', 'unlimited']);
const browser = await launchBrowser();
try {
  await mkdir(docs, { recursive: true });
  await emulator.faults({});
  await emulator.reset();

  const shoot = async (name, locale, url, size = { width: 420, height: 760 }) => {
    const context = await browser.newContext({ locale, viewport: size, timezoneId: 'Europe/Moscow' });
    const page = await context.newPage();
    await page.goto(url);
    const app = url.includes('/portal?') ? page.frameLocator('#app iframe') : page;
    await app.locator('li.meeting').last().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(300); // the portal frame takes its new height
    await page.screenshot({ path: `${docs}${name}`, fullPage: true });
    console.log(`wrote docs/${name}`);
    await context.close();
  };

  // One answer given through the widget, as a person would.
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${emulator.url}/`);
  await page.locator('li[data-event-id="101"]').getByRole('button', { name: 'Accept' }).click();
  await page.locator('li[data-event-id="101"][aria-busy="false"]').waitFor();
  await context.close();

  await shoot('demo.png', 'en-US', `${emulator.url}/`);
  await shoot('demo-ru.png', 'ru-RU', `${emulator.url}/`);
  const app = encodeURIComponent(`${emulator.url}/`);
  await shoot('portal.png', 'en-US', `${emulator.url}/portal?app=${app}&user=1&lang=en`, { width: 760, height: 700 });
} finally {
  await browser.close();
  await emulator.stop();
}
