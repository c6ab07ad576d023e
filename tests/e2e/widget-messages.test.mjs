// The widget's message tables (www/bx24-my-meetings/messages.js) in Node:
// every language has every key, every plural the forms its language needs,
// every Bx24Error kind and code a line; the language choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ERROR_CODES,
  ERROR_KINDS,
  MESSAGES,
  chooseLanguage,
  errorReason,
  fill,
  toLocaleTag,
} from '../../www/bx24-my-meetings/messages.js';

/** Every key path of a table, plural forms and error entries included. */
function paths(value, prefix = '') {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => paths(inner, prefix ? `${prefix}.${key}` : key));
}

const CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'];
const isPlural = (entry) => typeof entry === 'object' && Object.keys(entry).every((k) => CATEGORIES.includes(k));

test('every language has the same keys as English (plural forms aside)', () => {
  const shape = (table) =>
    paths(Object.fromEntries(Object.entries(table).map(([k, v]) => [k, isPlural(v) ? 'plural' : v]))).sort();
  for (const [language, table] of Object.entries(MESSAGES)) {
    assert.deepEqual(shape(table), shape(MESSAGES.en), language);
  }
});

test('every plural has every form its language uses', () => {
  for (const [language, table] of Object.entries(MESSAGES)) {
    const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    for (const [key, entry] of Object.entries(table)) {
      if (!isPlural(entry)) continue;
      for (const category of categories) assert.ok(entry[category], `${language}.${key}.${category}`);
    }
  }
});

test('every Bx24Error kind and code has its own line in every language', () => {
  for (const [language, table] of Object.entries(MESSAGES)) {
    for (const id of [...ERROR_CODES, ...ERROR_KINDS, 'other']) assert.ok(table.errors[id], `${language}: ${id}`);
    assert.deepEqual(Object.keys(table.errors).sort(), [...ERROR_CODES, ...ERROR_KINDS, 'other'].sort(), language);
  }
});

test('an error line is chosen by code, then by kind, then a general one', () => {
  const { en } = MESSAGES;
  assert.equal(errorReason(en, { kind: 'timeout', code: 'TIMEOUT' }), en.errors.TIMEOUT);
  assert.equal(errorReason(en, { kind: 'api', code: 'QUERY_LIMIT_EXCEEDED' }), en.errors.QUERY_LIMIT_EXCEEDED);
  // The portal's parameter errors come with code "".
  assert.equal(errorReason(en, { kind: 'api', code: '' }), en.errors.api);
  assert.equal(errorReason(en, { kind: 'validation', code: '' }), en.errors.validation);
  assert.equal(errorReason(en, { kind: 'api', code: 'SOMETHING_NEW', status: 403 }), en.errors.ACCESS_DENIED);
  assert.equal(errorReason(en, { kind: 'api', code: 'SOMETHING_NEW' }), en.errors.api);
  assert.equal(errorReason(en, new TypeError('x')), en.errors.other);
  assert.equal(errorReason(en, undefined), en.errors.other);
});

test('plurals with Intl.PluralRules: 1 встреча, 3 встречи, 5 встреч, 21 встреча', () => {
  const ru = new Intl.PluralRules('ru');
  const en = new Intl.PluralRules('en');
  const say = (n) => fill(MESSAGES.ru.meetings, { n }, ru);
  assert.deepEqual([1, 3, 5, 11, 21, 22].map(say), ['1 встреча', '3 встречи', '5 встреч', '11 встреч', '21 встреча', '22 встречи']);
  assert.deepEqual([1, 3].map((n) => fill(MESSAGES.en.meetings, { n }, en)), ['1 meeting', '3 meetings']);
  assert.equal(fill(MESSAGES.ru.bulkFailed, { n: 2, total: 5, reason: 'R' }, ru), 'Не сохранены 2 ответа из 5. R');
  assert.equal(fill(MESSAGES.en.saveFailed, { name: 'X', reason: 'R' }, en), 'Your answer to “X” was not saved. R');
});

test('the language: the first wanted one with a table, with its region for the locale', () => {
  assert.deepEqual(chooseLanguage(['ru']), { language: 'ru', locale: 'ru' });
  assert.deepEqual(chooseLanguage(['en-GB', 'ru']), { language: 'en', locale: 'en-GB' });
  assert.deepEqual(chooseLanguage(['de-AT', 'ru-RU']), { language: 'de', locale: 'de-AT' });
  assert.deepEqual(chooseLanguage(['pl-PL', 'ru-RU']), { language: 'ru', locale: 'ru-RU' });
  assert.deepEqual(chooseLanguage(['xx-invalid-!!', 'ua']), { language: 'en', locale: 'en' });
  assert.deepEqual(chooseLanguage([]), { language: 'en', locale: 'en' });
  // The portal's own ids.
  assert.equal(toLocaleTag('ua'), 'uk');
  assert.equal(toLocaleTag('br'), 'pt-BR');
  assert.equal(toLocaleTag('la'), 'es');
  assert.equal(toLocaleTag('ru_RU'), 'ru-RU');
  assert.equal(toLocaleTag(''), null);
});
