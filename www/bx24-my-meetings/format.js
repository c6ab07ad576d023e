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
 * Formatters for `locale` in `timeZone` (`undefined`: the browser's zone).
 * Meetings arrive with ISO 8601 UTC times; everything shown is in the zone.
 */
export function createFormat(locale, timeZone) {
  const dayName = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone });
  const clock = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone });
  // A sortable calendar day in the zone: the grouping key.
  const ymd = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
  const plural = new Intl.PluralRules(locale);
  const valid = (date) => !Number.isNaN(date.getTime());

  return {
    plural,
    /** `2026-11-30` in the zone; the text itself when it is not a date. */
    dayKey(iso) {
      const date = new Date(iso);
      return valid(date) ? ymd.format(date) : String(iso);
    },
    /** `{relative: 'today' | 'tomorrow' | null, date: 'Monday 30 November'}` for the day of `iso`. */
    day(iso, now = new Date()) {
      const date = new Date(iso);
      if (!valid(date)) return { relative: null, date: String(iso) };
      const key = ymd.format(date);
      const relative =
        key === ymd.format(now) ? 'today' : key === ymd.format(new Date(now.getTime() + 86_400_000)) ? 'tomorrow' : null;
      return { relative, date: dayName.format(date) };
    },
    /** `10:00–11:00` (or `10:00 – 11:00 AM`), as the locale writes a range. */
    timeRange(fromIso, toIso) {
      const from = new Date(fromIso);
      const to = new Date(toIso);
      if (!valid(from)) return String(fromIso);
      if (!valid(to) || to < from) return clock.format(from);
      return clock.formatRange(from, to);
    },
    /** The machine-readable start, for `<time datetime>`. */
    datetime(iso) {
      const date = new Date(iso);
      return valid(date) ? date.toISOString() : '';
    },
  };
}
