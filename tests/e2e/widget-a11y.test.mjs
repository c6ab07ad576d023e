// <bx24-my-meetings> for keyboard and screen-reader users: axe-core finds
// no violation on the list, on an error and during a bulk change; every
// action works from the keyboard alone with a visible focus; focus survives
// a re-render; changes, rollbacks and bulk progress reach the live region.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../support/emulator.mjs';
import {
  announcements,
  appView,
  badge,
  focusedControl,
  item,
  openFramed,
  recordAnnouncements,
  settled,
  waitForAnnouncement,
  widgetHarness,
} from './widget-helpers.mjs';

const h = widgetHarness();
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the whole page (it enters open shadow roots), with its
 * default rules: WCAG 2.x A and AA, contrast included, and best practices.
 * Injected through the DevTools protocol, so the page's CSP stays as it is.
 */
async function assertNoViolations(page, state) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `axe-core on ${state}`);
}

const day = (page, id) => page.locator('section.day').filter({ has: item(page, id) });

test('axe-core: no violation on the list, in English and in Russian', async () => {
  await assertNoViolations(await h.open('', { locale: 'en-US' }), 'the list (en)');
  await assertNoViolations(await h.open('', { locale: 'ru-RU' }), 'the list (ru)');
});

test('axe-core: no violation on a load error and on a save error', async () => {
  await h.emulator.faults({ schedule: ['query_limit'] });
  const failed = await h.open('?timeoutMs=1000&retries=0');
  await failed.locator('bx24-my-meetings .error').waitFor();
  await assertNoViolations(failed, 'a load error');

  const page = await h.open('?timeoutMs=1000&retries=0');
  await h.emulator.faults({ schedule: ['query_limit'] });
  await item(page, '101').getByRole('button', { name: 'Accept' }).click();
  await page.locator('bx24-my-meetings .error').waitFor({ timeout: 5_000 });
  await assertNoViolations(page, 'a save error after a rollback');
});

test('axe-core: no violation during a bulk change', async () => {
  const page = await h.open();
  await h.emulator.faults({ schedule: ['delay'], delayMs: 5000 });
  const target = day(page, '101');
  await target.getByRole('button', { name: 'Accept all' }).click();
  await target.locator('progress').waitFor();
  assert.equal(await item(page, '101').getAttribute('aria-busy'), 'true');
  await assertNoViolations(page, 'a bulk change in flight');
  assert.equal(await item(page, '101').getAttribute('aria-busy'), 'true', 'axe ran while the change was in flight');
  await settled(page, '101');
});

/** Presses Tab until the focused control's `data-focus` matches, at most `max` times. */
async function tabTo(page, pattern, max = 20) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await focusedControl(page);
    if (focused && pattern.test(focused)) return focused;
  }
  throw new Error(`no control matching ${pattern} within ${max} Tabs`);
}

const focusOutline = (page) =>
  page.evaluate(() => {
    const el = document.querySelector('bx24-my-meetings').shadowRoot.activeElement;
    const style = getComputedStyle(el);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });

test('keyboard only: accept, then decline, every meeting of a day, with a visible focus throughout', async () => {
  const page = await h.open();
  const ids = await day(page, '101').locator('li.meeting').evaluateAll((lis) => lis.map((li) => li.dataset.eventId));
  const acceptAll = await tabTo(page, /^all:.*:Y$/);
  const dayKey = acceptAll.split(':')[1];
  assert.ok(ids.length >= 1);
  let outline = await focusOutline(page);
  assert.ok(outline.style !== 'none' && outline.width >= 2, `visible focus: ${JSON.stringify(outline)}`);

  await page.keyboard.press('Enter');
  assert.match(await waitForAnnouncement(page, /answers? saved/), /answers? saved\.$/);
  for (const id of ids) await settled(page, id);
  assert.equal(await focusedControl(page), acceptAll, 'focus stays on the button');
  const accepted = await h.emulator.statuses(1);
  for (const id of ids) {
    assert.equal(accepted[id], 'Y');
    assert.equal(await badge(page, id).textContent(), 'Accepted');
  }

  await page.keyboard.press('Tab');
  assert.equal(await focusedControl(page), `all:${dayKey}:N`);
  outline = await focusOutline(page);
  assert.ok(outline.style !== 'none' && outline.width >= 2, `visible focus: ${JSON.stringify(outline)}`);
  await page.keyboard.press('Space');
  await waitForAnnouncement(page, /answers? saved/);
  for (const id of ids) await settled(page, id);
  const declined = await h.emulator.statuses(1);
  for (const id of ids) {
    assert.equal(declined[id], 'N');
    assert.equal(await badge(page, id).textContent(), 'Declined');
  }
  assert.equal(await focusedControl(page), `all:${dayKey}:N`);
});

test('keyboard only: one answer with Enter; the pressed state and the live region say what happened', async () => {
  const page = await h.open();
  await tabTo(page, /^answer:101:Y$/);
  await page.keyboard.press('Enter');
  await settled(page, '101');
  assert.equal(await item(page, '101').getByRole('button', { name: 'Accept' }).getAttribute('aria-pressed'), 'true');
  assert.equal(await waitForAnnouncement(page, /Sprint planning/), '“Sprint planning”: Accepted.');
  assert.equal(await focusedControl(page), 'answer:101:Y');
  assert.equal((await h.emulator.statuses(1))['101'], 'Y');
});

test('a rollback and a bulk change of a day are announced politely', async () => {
  const page = await h.open('?timeoutMs=1000&retries=0');
  const live = page.locator('bx24-my-meetings [role="status"]');
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  await h.emulator.faults({ schedule: ['query_limit'] });
  await item(page, '101').getByRole('button', { name: 'Accept' }).click();
  assert.match(
    await waitForAnnouncement(page, /not saved/),
    /^“Sprint planning”: not saved, back to “No answer yet”\. The portal did not answer in time/,
  );
  await h.emulator.faults({ schedule: ['delay'], delayMs: 1500 });
  await page.setDefaultTimeout(10_000);
  const target = day(page, '101');
  const n = await target.locator('li.meeting').count();
  await target.getByRole('button', { name: 'Decline all' }).click();
  // The delayed answer is past the 1 s timeout: no retries here, so the items fail, and that is announced too.
  assert.match(await waitForAnnouncement(page, /sending your answers? to/), new RegExp(`sending your answers? to ${n} meetings?…$`));
  assert.match(await waitForAnnouncement(page, /saved\./), /answers? saved\./);
});

test('focus is kept when the list re-renders (refresh, language switch)', async () => {
  const page = await h.open();
  await tabTo(page, /^answer:102:N$/);
  await page.locator('bx24-my-meetings').evaluate((el) => el.reload());
  await waitForAnnouncement(page, /meetings loaded/);
  assert.equal(await focusedControl(page), 'answer:102:N', 'the same control in the new list');
  await page.locator('bx24-my-meetings').evaluate((el) => el.setAttribute('lang', 'ru'));
  assert.equal(await focusedControl(page), 'answer:102:N');
  assert.equal(await item(page, '102').getByRole('button', { name: 'Отклонить' }).evaluate((b) => b.matches(':focus')), true);
});

test('a bulk change of 120 meetings in one day announces its progress batch by batch', async () => {
  // 120 meetings tomorrow (UTC), invited by user 2: three batch requests of up to 50.
  const now = new Date();
  const minutesToMidnight = 24 * 60 - (now.getUTCHours() * 60 + now.getUTCMinutes());
  const events = Array.from({ length: 120 }, (_, i) => ({
    id: 5000 + i,
    name: `Stand-up ${i}`,
    fromOffsetMinutes: minutesToMidnight + 60 + i,
    durationMinutes: 15,
    location: '',
    host: 2,
    attendees: [{ id: 1, status: 'Q' }],
  }));
  const file = join(await mkdtemp(join(tmpdir(), 'bx24-fixture-')), 'meetings.json');
  await writeFile(file, JSON.stringify({ users: [{ id: 1, name: 'Anna' }, { id: 2, name: 'Boris' }], events }));
  const emulator = await startEmulator(['--data', file, '--plan', 'unlimited']);
  try {
    const portal = await h.newPage({ timezoneId: 'UTC' });
    const page = appView(portal, await openFramed(portal, emulator.url));
    assert.equal(await page.locator('section.day').count(), 1);
    await recordAnnouncements(page);
    await page.locator('bx24-my-meetings').getByRole('button', { name: 'Accept all' }).click();
    await waitForAnnouncement(page, /120 answers saved\./, 20_000);
    const said = await announcements(page);
    assert.match(said[0], /^Tomorrow, .*: sending your answers to 120 meetings…$/);
    assert.ok(said.includes('50 of 120 sent.'), said.join(' | '));
    assert.ok(said.includes('100 of 120 sent.'), said.join(' | '));
    assert.match(said.at(-1), /: 120 answers saved\.$/);
    assert.equal((await emulator.requests()).filter((r) => r.restMethod === 'batch').length, 3);
  } finally {
    await emulator.stop();
  }
});
