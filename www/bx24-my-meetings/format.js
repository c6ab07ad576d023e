// Dates, times and plurals for one locale and one time zone, with Intl only.

/** A time zone Intl accepts, or `undefined` (the browser's own). */
export function checkTimeZone(zone) {
  if (!zone) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * A meeting's `from`/`to` as a Date, or null. Only ISO 8601 is read: without
 * a timestamp the module passes the portal's display text through (e.g.
 * `01.12.2026 10:00:00`), which Date would misread as January 12.
 */
function parse(text) {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The name of the zone `timeZone` (from checkTimeZone) stands for: `undefined` is the browser's. */
export function zoneName(timeZone) {
  return timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Formatters for `locale` in `timeZone` (`undefined`: the browser's zone).
 * Meetings arrive with ISO 8601 UTC times; everything shown is in the zone.
 * Text that is not ISO 8601 is shown as it came. With `showZone` a time
 * carries the zone's short name (`10:00 – 11:00 AM GMT+9`), for a list whose
 * meetings are shown in more than one zone.
 */
export function createFormat(locale, timeZone, { showZone = false } = {}) {
  const dayName = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone });
  const clock = new Intl.DateTimeFormat(locale, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    ...(showZone ? { timeZoneName: 'short' } : {}),
  });
  // A sortable calendar day in the zone (`2026-11-30`): the grouping key.
  const dayParts = new Intl.DateTimeFormat('en', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
  const ymd = {
    format(date) {
      const part = Object.fromEntries(dayParts.formatToParts(date).map((p) => [p.type, p.value]));
      return `${part.year}-${part.month}-${part.day}`;
    },
  };
  const plural = new Intl.PluralRules(locale);

  return {
    plural,
    /** `2026-11-30` in the zone; the text itself when it is not a date. */
    dayKey(iso) {
      const date = parse(iso);
      return date ? ymd.format(date) : String(iso);
    },
    /** `{relative: 'today' | 'tomorrow' | null, date: 'Monday 30 November'}` for the day of `iso`. */
    day(iso, now = new Date()) {
      const date = parse(iso);
      if (!date) return { relative: null, date: String(iso) };
      const key = ymd.format(date);
      const relative =
        key === ymd.format(now) ? 'today' : key === ymd.format(new Date(now.getTime() + 86_400_000)) ? 'tomorrow' : null;
      return { relative, date: dayName.format(date) };
    },
    /** `10:00–11:00` (or `10:00 – 11:00 AM`), as the locale writes a range. */
    timeRange(fromIso, toIso) {
      const from = parse(fromIso);
      const to = parse(toIso);
      if (!from) return String(fromIso);
      if (!to || to < from) return clock.format(from);
      return clock.formatRange(from, to);
    },
    /** The machine-readable start, for `<time datetime>`. */
    datetime(iso) {
      return parse(iso)?.toISOString() ?? '';
    },
  };
}
