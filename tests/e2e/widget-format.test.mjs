// The widget's dates and times (www/bx24-my-meetings/format.js) in Node's
// Intl: grouping by the day in the zone, today and tomorrow, ranges, and
// text that is not ISO 8601 shown as it came.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTimeZone, createFormat, zoneName } from '../../www/bx24-my-meetings/format.js';

test('days are grouped by the calendar day in the zone, not in UTC', () => {
  const utc = createFormat('en', 'UTC');
  const vladivostok = createFormat('en', 'Asia/Vladivostok'); // UTC+10
  assert.equal(utc.dayKey('2026-12-01T20:00:00Z'), '2026-12-01');
  assert.equal(vladivostok.dayKey('2026-12-01T20:00:00Z'), '2026-12-02');
});

test('today and tomorrow are relative to now, in the zone', () => {
  const f = createFormat('ru', 'Europe/Moscow'); // UTC+3
  const now = new Date('2026-11-30T22:30:00Z'); // already 1 December in Moscow
  assert.equal(f.day('2026-11-30T21:30:00Z', now).relative, 'today');
  assert.equal(f.day('2026-12-01T22:00:00Z', now).relative, 'tomorrow');
  assert.equal(f.day('2026-12-02T21:00:00Z', now).relative, null);
  assert.match(f.day('2026-11-30T21:30:00Z', now).date, /^вторник, 1 декабря$/);
});

test('a time range in the locale and zone', () => {
  const ru = createFormat('ru', 'Europe/Moscow');
  assert.match(ru.timeRange('2026-12-01T07:00:00Z', '2026-12-01T08:30:00Z'), /^10:00\s?[–-]\s?11:30$/);
  const us = createFormat('en-US', 'America/New_York');
  assert.match(us.timeRange('2026-12-01T15:00:00Z', '2026-12-01T16:00:00Z'), /^10:00\s?[–-]\s?11:00\sAM$/);
  // No end, or an end before the start: the start alone.
  assert.match(ru.timeRange('2026-12-01T07:00:00Z', ''), /^10:00$/);
});

test('text that is not ISO 8601 (the portal display text) is shown as it came', () => {
  const f = createFormat('en', 'UTC');
  assert.equal(f.timeRange('01.12.2026 10:00:00', '01.12.2026 11:00:00'), '01.12.2026 10:00:00');
  assert.equal(f.dayKey('01.12.2026 10:00:00'), '01.12.2026 10:00:00');
  assert.deepEqual(f.day('01.12.2026 10:00:00'), { relative: null, date: '01.12.2026 10:00:00' });
  assert.equal(f.datetime('01.12.2026 10:00:00'), '');
  assert.equal(f.datetime('2026-12-01T10:00:00Z'), '2026-12-01T10:00:00.000Z');
});

test('a time zone is checked: unknown ones give the browser zone', () => {
  assert.equal(checkTimeZone('Europe/Moscow'), 'Europe/Moscow');
  assert.equal(checkTimeZone('Mars/Olympus'), undefined);
  assert.equal(checkTimeZone(''), undefined);
  assert.equal(checkTimeZone(null), undefined);
});

test('with showZone a time carries its zone, for a list of meetings in more than one zone', () => {
  const tokyo = createFormat('ru', 'Asia/Tokyo', { showZone: true });
  assert.match(tokyo.timeRange('2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'), /^19:00\s?[–-]\s?20:00 GMT\+9$/);
  assert.match(createFormat('ru', 'UTC', { showZone: true }).timeRange('2026-12-01T10:00:00Z', ''), /^10:00 UTC$/);
  assert.match(createFormat('ru', 'Asia/Tokyo').timeRange('2026-12-01T10:00:00Z', ''), /^19:00$/);
});

test('zoneName: a checked zone as it is, undefined as the runtime zone', () => {
  assert.equal(zoneName('Asia/Tokyo'), 'Asia/Tokyo');
  assert.equal(zoneName(undefined), Intl.DateTimeFormat().resolvedOptions().timeZone);
});
