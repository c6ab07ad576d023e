// <bx24-my-meetings> speaks the user's language and shows the user's clock:
// the portal's language (BX24.getLang()) inside a portal frame, the
// browser's outside one; dates and times with Intl in that locale and zone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MINE, announced, badge, item, waitForAnnouncement, widgetHarness } from './widget-helpers.mjs';

const h = widgetHarness();

const widgetLang = (scope) => scope.locator('bx24-my-meetings .widget').getAttribute('lang');
const times = (scope) => scope.locator('.meeting__time').allTextContents();
const dayCounts = (scope) => scope.locator('.day__count').allTextContents();

test('in English: texts, a 12-hour clock for en-US, plurals', async () => {
  const page = await h.open('', { locale: 'en-US' });
  assert.equal(await widgetLang(page), 'en');
  assert.equal(await page.locator('bx24-my-meetings h1').textContent(), 'My meetings');
  assert.equal(await badge(page, '101').textContent(), 'No answer yet');
  for (const time of await times(page)) assert.match(time, /^\d{1,2}:\d\d\D+\d{1,2}:\d\d\s[AP]M$/, time);
  for (const count of await dayCounts(page)) assert.match(count, /^(1 meeting|[2-9] meetings)$/);
  const titles = await page.locator('.day__title').allTextContents();
  assert.ok(titles.every((t) => /^(Today, |Tomorrow, )?[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}$/.test(t)), titles.join(' | '));
});

test('in Russian from the browser outside a portal: texts, a 24-hour clock, Russian plurals', async () => {
  const page = await h.open('', { locale: 'ru-RU' });
  assert.equal(await widgetLang(page), 'ru');
  assert.equal(await page.locator('bx24-my-meetings h1').textContent(), 'Мои встречи');
  assert.equal(await badge(page, '101').textContent(), 'Нет ответа');
  assert.equal(await badge(page, '104').textContent(), 'Вы организатор');
  assert.deepEqual(await item(page, '101').getByRole('button').allTextContents(), ['Принять', 'Отклонить', 'Возможно']);
  for (const time of await times(page)) assert.match(time, /^\d{2}:\d{2}\s?[–-]\s?\d{2}:\d{2}$/, time);
  const titles = await page.locator('.day__title').allTextContents();
  assert.ok(titles.every((t) => /^((Сегодня|Завтра), )?[а-я]+, \d{1,2} [а-я]+$/.test(t)), titles.join(' | '));
  for (const count of await dayCounts(page)) assert.match(count, /^(1 встреча|[234] встречи)$/);
  // "5 встреч": the many form, announced after a refresh.
  await page.locator('bx24-my-meetings').getByRole('button', { name: 'Обновить' }).click();
  assert.equal(await waitForAnnouncement(page, /встреч/), 'Загружено 5 встреч.');
});

test('inside a portal frame the portal language wins over the browser', async () => {
  const ru = await h.openInPortal('', '&lang=ru', { locale: 'en-US' });
  assert.equal(await widgetLang(ru.frame), 'ru');
  assert.equal(await badge(ru.frame, '101').textContent(), 'Нет ответа');
  const ids = await ru.frame.locator('li.meeting').evaluateAll((items) => items.map((li) => li.dataset.eventId));
  assert.deepEqual(ids, MINE);

  const en = await h.openInPortal('', '&lang=en', { locale: 'ru-RU' });
  assert.equal(await widgetLang(en.frame), 'en');
  assert.equal(await badge(en.frame, '101').textContent(), 'No answer yet');
  const de = await h.openInPortal('', '&lang=de', { locale: 'ru-RU' });
  assert.equal(await widgetLang(de.frame), 'de');
  assert.equal(await badge(de.frame, '101').textContent(), 'Noch keine Antwort');
  // A portal language without a table (here Polish): the browser's next, as in content negotiation.
  const pl = await h.openInPortal('', '&lang=pl', { locale: 'ru-RU' });
  assert.equal(await widgetLang(pl.frame), 'ru');
});

test('a save failure in Russian reads as a save failure, with the reason by error code', async () => {
  const page = await h.open('?timeoutMs=1000&retries=0', { locale: 'ru-RU' });
  await h.emulator.faults({ schedule: ['query_limit'] });
  await item(page, '101').getByRole('button', { name: 'Принять' }).click();
  const error = page.locator('bx24-my-meetings .error');
  await error.waitFor({ timeout: 5_000 });
  assert.equal(await error.textContent(), 'Ваш ответ на «Sprint planning» не сохранён. Портал не ответил вовремя. Попробуйте ещё раз.');
  assert.match(await waitForAnnouncement(page, /не сохранено/), /^«Sprint planning»: не сохранено, снова «Нет ответа»\./);
});

test('times follow the time-zone attribute; lang and time-zone can change at run time', async () => {
  const page = await h.open('', { locale: 'en-GB', timezoneId: 'UTC' });
  const before = await item(page, '101').locator('.meeting__time').textContent();
  const start = new Date(await item(page, '101').locator('time').getAttribute('datetime'));
  // In the portal frame the portal's language (en) wins over the browser's
  // en-GB, and may bring a 12-hour clock: read 1:02 PM as 13:02.
  const clock = (text) => {
    const [hours, minutes] = text.match(/(\d{1,2}):(\d\d)/).slice(1).map(Number);
    const period = /\b(AM|PM)\b/i.exec(text)?.[1]?.toUpperCase();
    return [period ? (hours % 12) + (period === 'PM' ? 12 : 0) : hours, minutes];
  };
  assert.deepEqual(clock(before), [start.getUTCHours(), start.getUTCMinutes()], `${before} in UTC`);
  // Vladivostok is UTC+10 all year.
  await page.locator('bx24-my-meetings').evaluate((el) => el.setAttribute('time-zone', 'Asia/Vladivostok'));
  const after = await item(page, '101').locator('.meeting__time').textContent();
  assert.deepEqual(clock(after), [(start.getUTCHours() + 10) % 24, start.getUTCMinutes()], `${after} in Vladivostok`);
  assert.notEqual(after, before);
  await page.locator('bx24-my-meetings').evaluate((el) => el.setAttribute('lang', 'ru'));
  assert.equal(await widgetLang(page), 'ru');
  assert.equal(await badge(page, '101').textContent(), 'Нет ответа');
  assert.equal(await announced(page), '', 'a language switch is not news');
});
