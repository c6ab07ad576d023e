// Refreshes the README's screenshots of the widget; run by hand, never by
// `npm test` (tests leave the working tree as they found it):
//
//   npm run screenshots   (scripts/screenshots.sh builds, then runs this)
//
// Writes docs/demo.png (English), docs/demo-ru.png (Russian): the app's
// frame alone, and docs/portal.png: the whole emulator portal page around
// it. The app is opened as a portal opens it (BX24.js runs only in a portal
// frame), from the test fixture, with one answer given so that every badge
// colour shows.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../tests/support/emulator.mjs';
import { launchBrowser } from '../tests/support/browser.mjs';

const fixture = fileURLToPath(new URL('../tests/fixtures/meetings.json', import.meta.url));
const docs = fileURLToPath(new URL('../docs/', import.meta.url));

const emulator = await startEmulator(['--data', fixture, '--plan', 'unlimited']);
const browser = await launchBrowser();

/** The widget in the portal page, in `lang`, its frame fitted to the list. */
async function openInPortal(lang, locale, viewport) {
  const context = await browser.newContext({ locale, viewport, timezoneId: 'Europe/Moscow' });
  const page = await context.newPage();
  const app = encodeURIComponent(`${emulator.url}/`);
  await page.goto(`${emulator.url}/portal?app=${app}&user=1&lang=${lang}`);
  const frame = page.frameLocator('#app iframe');
  await frame.locator('li.meeting').last().waitFor({ timeout: 10_000 });
  // Until the portal has given the frame the height the widget asked for.
  const iframe = page.locator('#app iframe');
  for (let i = 0; i < 50; i++) {
    const outer = await iframe.evaluate((f) => f.getBoundingClientRect().height);
    const inner = await frame.locator('html').evaluate((html) => Math.ceil(html.getBoundingClientRect().height));
    if (Math.abs(outer - inner) <= 1) break;
    await page.waitForTimeout(100);
  }
  return { context, page, frame, iframe };
}

try {
  await mkdir(docs, { recursive: true });
  await emulator.faults({});
  await emulator.reset();

  // One answer given through the widget, as a person would.
  const first = await openInPortal('en', 'en-US', { width: 452, height: 800 });
  await first.frame.locator('li[data-event-id="101"]').getByRole('button', { name: 'Accept' }).click();
  await first.frame.locator('li[data-event-id="101"][aria-busy="false"]').waitFor();
  await first.context.close();

  for (const [name, lang, locale] of [
    ['demo.png', 'en', 'en-US'],
    ['demo-ru.png', 'ru', 'ru-RU'],
  ]) {
    const { context, iframe } = await openInPortal(lang, locale, { width: 452, height: 800 });
    await iframe.screenshot({ path: `${docs}${name}` });
    console.log(`wrote docs/${name}`);
    await context.close();
  }
  const { context, page } = await openInPortal('en', 'en-US', { width: 760, height: 700 });
  await page.screenshot({ path: `${docs}portal.png`, fullPage: true });
  console.log('wrote docs/portal.png');
  await context.close();
} finally {
  await browser.close();
  await emulator.stop();
}
