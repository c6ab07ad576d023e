// Every string <bx24-my-meetings> shows or announces: one table per
// language, the same keys in each (a test checks it). `{name}`-style
// placeholders are filled by `fill`. An entry that is an object keyed by
// Intl.PluralRules categories (`one`, `few`, `many`, `other`) is a plural:
// `{n}` picks the form. Error lines are short and say what to do; the
// portal's own description is for developers and goes to the console.

/** The Bx24Error codes and kinds that get a line of their own. */
export const ERROR_CODES = [
  'TIMEOUT',
  'TRANSPORT_ERROR',
  'BX24_NOT_FOUND',
  'NOT_INITIALIZED',
  'TOO_MANY_CALLS',
  'QUERY_LIMIT_EXCEEDED',
  'OVERLOAD_LIMIT',
  'OPERATION_TIME_LIMIT',
  'INTERNAL_SERVER_ERROR',
  'ERROR_UNEXPECTED_ANSWER',
  'expired_token',
  'NO_AUTH_FOUND',
  'ACCESS_DENIED',
  'insufficient_scope',
  'ERROR_METHOD_NOT_FOUND',
  'ABORTED',
  'SUPERSEDED',
];
export const ERROR_KINDS = ['validation', 'api', 'timeout', 'transport', 'unavailable', 'aborted'];

export const MESSAGES = {
  en: {
    title: 'My meetings',
    refresh: 'Refresh',
    loading: 'Loading…',
    empty: { one: 'No meetings in the next day.', other: 'No meetings in the next {n} days.' },
    meetings: { one: '{n} meeting', other: '{n} meetings' },
    today: 'Today, {date}',
    tomorrow: 'Tomorrow, {date}',
    untitled: '(no title)',
    status: { Y: 'Accepted', N: 'Declined', Q: 'No answer yet', H: 'You organise' },
    answer: { Y: 'Accept', N: 'Decline', Q: 'Maybe' },
    answerGroup: 'Your answer to “{name}”',
    all: { Y: 'Accept all', N: 'Decline all' },
    allGroup: 'Every meeting of {day}',
    progress: 'Answers sent',
    saved: 'Saved',
    notSaved: 'Not saved: {reason}',
    // Announced through the polite live region.
    loaded: { one: '{n} meeting loaded.', other: '{n} meetings loaded.' },
    changed: '“{name}”: {status}.',
    rolledBack: '“{name}”: not saved, back to “{status}”. {reason}',
    bulkStart: {
      one: '{day}: sending your answer to {n} meeting…',
      other: '{day}: sending your answers to {n} meetings…',
    },
    bulkProgress: '{done} of {total} sent.',
    bulkDone: { one: '{day}: {n} answer saved.', other: '{day}: {n} answers saved.' },
    // The error line. A load failure and a save failure read differently.
    loadFailed: 'Could not load your meetings. {reason}',
    saveFailed: 'Your answer to “{name}” was not saved. {reason}',
    bulkFailed: {
      one: '{n} of {total} answers was not saved. {reason}',
      other: '{n} of {total} answers were not saved. {reason}',
    },
    errors: {
      TIMEOUT: 'The portal did not answer in time. Try again.',
      TRANSPORT_ERROR: 'Could not reach the portal. Check your connection and try again.',
      BX24_NOT_FOUND: 'Open this page from your Bitrix24 portal.',
      NOT_INITIALIZED: 'The page has not finished loading. Reload it.',
      TOO_MANY_CALLS: 'Too many requests are waiting. Try again in a moment.',
      QUERY_LIMIT_EXCEEDED: 'The portal is busy right now. Try again in a few seconds.',
      OVERLOAD_LIMIT: 'The portal is busy right now. Try again in a few seconds.',
      OPERATION_TIME_LIMIT: 'The portal has paused this app for a while. Try again in a minute.',
      INTERNAL_SERVER_ERROR: 'The portal had an internal error. Try again.',
      ERROR_UNEXPECTED_ANSWER: 'The portal gave an answer this page does not understand.',
      expired_token: 'Your session has expired. Reload the page.',
      NO_AUTH_FOUND: 'Your session has expired. Reload the page.',
      ACCESS_DENIED: 'The portal does not allow you to do this.',
      insufficient_scope: 'This app has no access to your calendar. Ask your administrator.',
      ERROR_METHOD_NOT_FOUND: 'This portal does not offer meeting answers to apps.',
      ABORTED: 'Not sent: the change was stopped.',
      SUPERSEDED: 'A later answer to the same meeting took its place.',
      validation: 'This request cannot be sent from here.',
      api: 'The portal refused the request.',
      timeout: 'The portal did not answer in time. Try again.',
      transport: 'Could not reach the portal. Check your connection and try again.',
      unavailable: 'Open this page from your Bitrix24 portal.',
      aborted: 'Not sent: the change was stopped.',
      other: 'Something went wrong. Try again.',
    },
  },
  ru: {
    title: 'Мои встречи',
    refresh: 'Обновить',
    loading: 'Загрузка…',
    empty: {
      one: 'Встреч нет на {n} день вперёд.',
      few: 'Встреч нет на {n} дня вперёд.',
      many: 'Встреч нет на {n} дней вперёд.',
      other: 'Встреч нет на {n} дня вперёд.',
    },
    meetings: { one: '{n} встреча', few: '{n} встречи', many: '{n} встреч', other: '{n} встречи' },
    today: 'Сегодня, {date}',
    tomorrow: 'Завтра, {date}',
    untitled: '(без названия)',
    status: { Y: 'Принято', N: 'Отклонено', Q: 'Нет ответа', H: 'Вы организатор' },
    answer: { Y: 'Принять', N: 'Отклонить', Q: 'Возможно' },
    answerGroup: 'Ваш ответ на «{name}»',
    all: { Y: 'Принять все', N: 'Отклонить все' },
    allGroup: 'Все встречи: {day}',
    progress: 'Отправлено ответов',
    saved: 'Сохранено',
    notSaved: 'Не сохранено: {reason}',
    loaded: {
      one: 'Загружена {n} встреча.',
      few: 'Загружено {n} встречи.',
      many: 'Загружено {n} встреч.',
      other: 'Загружено {n} встречи.',
    },
    changed: '«{name}»: {status}.',
    rolledBack: '«{name}»: не сохранено, снова «{status}». {reason}',
    bulkStart: {
      one: '{day}: отправляем ответ на {n} встречу…',
      few: '{day}: отправляем ответы на {n} встречи…',
      many: '{day}: отправляем ответы на {n} встреч…',
      other: '{day}: отправляем ответы на {n} встречи…',
    },
    bulkProgress: 'Отправлено {done} из {total}.',
    bulkDone: {
      one: '{day}: сохранён {n} ответ.',
      few: '{day}: сохранено {n} ответа.',
      many: '{day}: сохранено {n} ответов.',
      other: '{day}: сохранено {n} ответа.',
    },
    loadFailed: 'Не удалось загрузить ваши встречи. {reason}',
    saveFailed: 'Ваш ответ на «{name}» не сохранён. {reason}',
    bulkFailed: {
      one: 'Не сохранён {n} ответ из {total}. {reason}',
      few: 'Не сохранены {n} ответа из {total}. {reason}',
      many: 'Не сохранено {n} ответов из {total}. {reason}',
      other: 'Не сохранено {n} ответа из {total}. {reason}',
    },
    errors: {
      TIMEOUT: 'Портал не ответил вовремя. Попробуйте ещё раз.',
      TRANSPORT_ERROR: 'Не удалось связаться с порталом. Проверьте подключение и попробуйте ещё раз.',
      BX24_NOT_FOUND: 'Откройте эту страницу из своего портала Битрикс24.',
      NOT_INITIALIZED: 'Страница ещё не загрузилась. Перезагрузите её.',
      TOO_MANY_CALLS: 'Слишком много запросов в очереди. Попробуйте чуть позже.',
      QUERY_LIMIT_EXCEEDED: 'Портал сейчас перегружен. Попробуйте через несколько секунд.',
      OVERLOAD_LIMIT: 'Портал сейчас перегружен. Попробуйте через несколько секунд.',
      OPERATION_TIME_LIMIT: 'Портал временно ограничил это приложение. Попробуйте через минуту.',
      INTERNAL_SERVER_ERROR: 'Внутренняя ошибка портала. Попробуйте ещё раз.',
      ERROR_UNEXPECTED_ANSWER: 'Портал ответил так, как эта страница не понимает.',
      expired_token: 'Сеанс истёк. Перезагрузите страницу.',
      NO_AUTH_FOUND: 'Сеанс истёк. Перезагрузите страницу.',
      ACCESS_DENIED: 'Портал не разрешает вам это действие.',
      insufficient_scope: 'У приложения нет доступа к календарю. Обратитесь к администратору.',
      ERROR_METHOD_NOT_FOUND: 'Этот портал не даёт приложениям отвечать на приглашения.',
      ABORTED: 'Не отправлено: изменение остановлено.',
      SUPERSEDED: 'Его заменил более поздний ответ на ту же встречу.',
      validation: 'Этот запрос нельзя отправить отсюда.',
      api: 'Портал отклонил запрос.',
      timeout: 'Портал не ответил вовремя. Попробуйте ещё раз.',
      transport: 'Не удалось связаться с порталом. Проверьте подключение и попробуйте ещё раз.',
      unavailable: 'Откройте эту страницу из своего портала Битрикс24.',
      aborted: 'Не отправлено: изменение остановлено.',
      other: 'Что-то пошло не так. Попробуйте ещё раз.',
    },
  },
  de: {
    title: 'Meine Termine',
    refresh: 'Aktualisieren',
    loading: 'Wird geladen…',
    empty: { one: 'Keine Termine am nächsten Tag.', other: 'Keine Termine in den nächsten {n} Tagen.' },
    meetings: { one: '{n} Termin', other: '{n} Termine' },
    today: 'Heute, {date}',
    tomorrow: 'Morgen, {date}',
    untitled: '(ohne Titel)',
    status: { Y: 'Zugesagt', N: 'Abgesagt', Q: 'Noch keine Antwort', H: 'Sie organisieren' },
    answer: { Y: 'Zusagen', N: 'Absagen', Q: 'Vielleicht' },
    answerGroup: 'Ihre Antwort auf „{name}“',
    all: { Y: 'Alle zusagen', N: 'Alle absagen' },
    allGroup: 'Alle Termine: {day}',
    progress: 'Gesendete Antworten',
    saved: 'Gespeichert',
    notSaved: 'Nicht gespeichert: {reason}',
    loaded: { one: '{n} Termin geladen.', other: '{n} Termine geladen.' },
    changed: '„{name}“: {status}.',
    rolledBack: '„{name}“: nicht gespeichert, wieder „{status}“. {reason}',
    bulkStart: {
      one: '{day}: Ihre Antwort auf {n} Termin wird gesendet…',
      other: '{day}: Ihre Antworten auf {n} Termine werden gesendet…',
    },
    bulkProgress: '{done} von {total} gesendet.',
    bulkDone: { one: '{day}: {n} Antwort gespeichert.', other: '{day}: {n} Antworten gespeichert.' },
    loadFailed: 'Ihre Termine konnten nicht geladen werden. {reason}',
    saveFailed: 'Ihre Antwort auf „{name}“ wurde nicht gespeichert. {reason}',
    bulkFailed: {
      one: '{n} von {total} Antworten wurde nicht gespeichert. {reason}',
      other: '{n} von {total} Antworten wurden nicht gespeichert. {reason}',
    },
    errors: {
      TIMEOUT: 'Das Portal hat nicht rechtzeitig geantwortet. Versuchen Sie es noch einmal.',
      TRANSPORT_ERROR: 'Das Portal ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es noch einmal.',
      BX24_NOT_FOUND: 'Öffnen Sie diese Seite aus Ihrem Bitrix24-Portal.',
      NOT_INITIALIZED: 'Die Seite ist noch nicht fertig geladen. Laden Sie sie neu.',
      TOO_MANY_CALLS: 'Zu viele Anfragen warten. Versuchen Sie es gleich noch einmal.',
      QUERY_LIMIT_EXCEEDED: 'Das Portal ist gerade ausgelastet. Versuchen Sie es in ein paar Sekunden noch einmal.',
      OVERLOAD_LIMIT: 'Das Portal ist gerade ausgelastet. Versuchen Sie es in ein paar Sekunden noch einmal.',
      OPERATION_TIME_LIMIT: 'Das Portal hat diese App vorübergehend gebremst. Versuchen Sie es in einer Minute noch einmal.',
      INTERNAL_SERVER_ERROR: 'Im Portal ist ein interner Fehler aufgetreten. Versuchen Sie es noch einmal.',
      ERROR_UNEXPECTED_ANSWER: 'Das Portal hat eine Antwort gegeben, die diese Seite nicht versteht.',
      expired_token: 'Ihre Sitzung ist abgelaufen. Laden Sie die Seite neu.',
      NO_AUTH_FOUND: 'Ihre Sitzung ist abgelaufen. Laden Sie die Seite neu.',
      ACCESS_DENIED: 'Das Portal erlaubt Ihnen das nicht.',
      insufficient_scope: 'Diese App hat keinen Zugriff auf Ihren Kalender. Wenden Sie sich an Ihre Administration.',
      ERROR_METHOD_NOT_FOUND: 'Dieses Portal lässt Apps nicht auf Einladungen antworten.',
      ABORTED: 'Nicht gesendet: Die Änderung wurde abgebrochen.',
      SUPERSEDED: 'Eine spätere Antwort auf denselben Termin hat sie ersetzt.',
      validation: 'Diese Anfrage kann von hier aus nicht gesendet werden.',
      api: 'Das Portal hat die Anfrage abgelehnt.',
      timeout: 'Das Portal hat nicht rechtzeitig geantwortet. Versuchen Sie es noch einmal.',
      transport: 'Das Portal ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es noch einmal.',
      unavailable: 'Öffnen Sie diese Seite aus Ihrem Bitrix24-Portal.',
      aborted: 'Nicht gesendet: Die Änderung wurde abgebrochen.',
      other: 'Etwas ist schiefgegangen. Versuchen Sie es noch einmal.',
    },
  },
};

export const DEFAULT_LANGUAGE = 'en';

// BX24.getLang() gives the portal's own language ids; a few differ from BCP 47.
const PORTAL_LANGUAGES = { ua: 'uk', by: 'be', kz: 'kk', la: 'es', br: 'pt-BR', sc: 'zh-Hans', tc: 'zh-Hant', vn: 'vi' };

/** A portal language id (`ru`, `ua`, `br`…) or a BCP 47 tag, as a BCP 47 tag. */
export function toLocaleTag(lang) {
  const id = String(lang ?? '').trim().replace('_', '-');
  if (!id) return null;
  const mapped = PORTAL_LANGUAGES[id.toLowerCase()] ?? id;
  try {
    return Intl.getCanonicalLocales(mapped)[0];
  } catch {
    return null;
  }
}

/**
 * The language to speak and the locale to format dates in. `wanted` are
 * BCP 47 tags, best first (the element's `lang`, the portal's, the
 * browser's). The first one with a message table wins; its locale keeps
 * the region of the first wanted tag in that language (`en-GB` → a 24-hour
 * clock). No table for any of them: English.
 */
export function chooseLanguage(wanted) {
  const tags = wanted.map(toLocaleTag).filter(Boolean);
  for (const tag of tags) {
    const language = new Intl.Locale(tag).language;
    if (Object.hasOwn(MESSAGES, language)) return { language, locale: tag };
  }
  return { language: DEFAULT_LANGUAGE, locale: DEFAULT_LANGUAGE };
}

/** Fills `{key}` placeholders; a plural entry picks its form from `values.n`. */
export function fill(entry, values, plural) {
  const text = typeof entry === 'string' ? entry : (entry[plural.select(values.n)] ?? entry.other);
  return text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));
}

/** The line a person reads for a `Bx24Error` (or anything thrown): by code, then by kind. */
export function errorReason(table, error) {
  const code = typeof error?.code === 'string' ? error.code : '';
  if (code && Object.hasOwn(table.errors, code)) return table.errors[code];
  if (error?.status === 403) return table.errors.ACCESS_DENIED;
  if (typeof error?.kind === 'string' && Object.hasOwn(table.errors, error.kind)) return table.errors[error.kind];
  return table.errors.other;
}
