// <bx24-my-meetings days="14">: the current user's upcoming meetings by day,
// with Accept / Decline / Maybe for each and Accept all / Decline all for a
// day. Every portal call goes through the bx24-meeting module (its only
// dependency); this element renders, reacts, speaks the user's language,
// announces changes to screen readers and sizes the portal frame.
//
// Attributes:
//   days           how many days ahead to list (1–3650, default 14)
//   lang           the language to speak; default: the portal's
//                  (BX24.getLang()) inside a portal frame, else the browser's
//   time-zone      an IANA time zone to show every time in (default: the
//                  zone the portal states for each meeting, else the browser's)
//   heading-level  the level of the widget's heading, 1–6 (default 2)
// Events (bubbling, composed): `meetings-load` (detail: {count}) after each
// list load, `meetings-error` (detail: {error}) when a load fails.
//
// The page needs BX24.js before the element's first call (a plain
// <script src="//api.bitrix24.com/api/v1/">, or any script that has run by
// the window's load event). A page that calls the module's init() itself
// must let it finish before it imports this file.
import init, { getNearestMeetings, setMeetingStatus, setMeetingStatuses } from '../pkg/bx24_meeting.js';
import { chooseLanguage, errorReason, fill, MESSAGES } from './messages.js';
import { checkTimeZone, createFormat, zoneName } from './format.js';
import { styles } from './styles.js';

const DEFAULT_DAYS = 14;
const MAX_DAYS = 3650;
const ANSWERS = ['Y', 'N', 'Q'];
const framed = window.parent !== window;

let moduleReady = null;
/** One init() for every element of the page. */
function loadModule() {
  return (moduleReady ??= init());
}

/** The page's BX24, once a script that loads it has had its chance to run. */
async function portalLibrary() {
  if (!globalThis.BX24 && document.readyState !== 'complete') {
    await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  }
  return globalThis.BX24 ?? null;
}

// Frame height last asked of the portal, shared by every element of the page;
// asked only once BX24.init has called back inside a portal frame.
let frameHeight = 0;
let fitScheduled = false;
let portalReady = false;

/**
 * Asks the portal frame for the page's height. BX24.fitWindow() can only
 * grow a frame (it sends the document's scrollHeight, never below the
 * frame's own height), so the exact height goes with resizeWindow(); that
 * one fixes the width in pixels, so fitWindow() follows to hand the width
 * back to the portal's layout ('100%'), at the height just set.
 */
function fitFrame() {
  if (fitScheduled) return;
  fitScheduled = true;
  requestAnimationFrame(() => {
    fitScheduled = false;
    const bx24 = globalThis.BX24;
    if (!portalReady || typeof bx24?.resizeWindow !== 'function') return;
    const root = document.documentElement;
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height <= 0 || height === frameHeight) return;
    frameHeight = height;
    bx24.resizeWindow(root.clientWidth, height, () => {
      if (typeof bx24.fitWindow === 'function') bx24.fitWindow();
    });
  });
}

/** `h('button', {type: 'button'}, 'text', child)`: attributes, then children (text is text). */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children);
  return element;
}

function clampInteger(text, min, max, fallback) {
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

class MyMeetings extends HTMLElement {
  static observedAttributes = ['days', 'lang', 'time-zone', 'heading-level'];

  #root;
  #parts; // {widget, heading, refresh, error, note, days, live}
  #portal = null; // the page's BX24 once its init has called back inside a portal frame
  #text = MESSAGES.en;
  #locale = 'en';
  #zone = undefined; // the time-zone attribute's zone, if it names one
  #format = createFormat('en'); // plurals, and the time-zone attribute's zone
  #formats = new Map(); // display zone → formats, for the list shown (see #formatOf)
  #showZone = false; // whether the list shows meetings in more than one zone
  #meetings = null; // null until the first load; then the list shown, each with {busy, result}
  #state = 'loading'; // then 'ready' or 'failed'
  #error = null; // what the error line says, as data: {type, error, name?, failed?, total?}
  #loads = 0;
  #days = new Map(); // day key → {title, group, actions, progress} of the list shown
  #bulk = new Map(); // day key → share done, for each day with a bulk change in flight
  #started = false;
  #observer = null;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = [styles()];
    const refresh = h('button', { type: 'button', class: 'link', 'data-focus': 'refresh' });
    refresh.addEventListener('click', () => this.reload());
    const head = h('header', { class: 'head' }, refresh);
    const live = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    const parts = {
      head,
      heading: null,
      refresh,
      error: h('p', { class: 'error', hidden: true }),
      note: h('p', { class: 'note' }),
      days: h('div', { class: 'days' }),
      live,
    };
    parts.widget = h('div', { class: 'widget' }, head, parts.error, parts.note, parts.days, live);
    this.#parts = parts;
    this.#root.append(parts.widget);
  }

  connectedCallback() {
    this.#observer ??= new ResizeObserver(fitFrame);
    this.#observer.observe(document.documentElement);
    if (this.#started) return;
    this.#started = true;
    this.#localize();
    this.#start();
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
  }

  attributeChangedCallback(name, before, after) {
    if (!this.#started || before === after) return;
    if (name === 'days') this.reload();
    else this.#localize();
  }

  /** How many days ahead the list goes. */
  get days() {
    return clampInteger(this.getAttribute('days'), 1, MAX_DAYS, DEFAULT_DAYS);
  }

  /** Loads the list again (what the Refresh button does). */
  reload() {
    return this.#load();
  }

  async #start() {
    try {
      await loadModule();
    } catch (error) {
      this.#fail(error);
      return;
    }
    const bx24 = await portalLibrary();
    // Inside a portal frame the portal's language wins, and the frame can be
    // sized; BX24.getLang() is known once BX24.init has called back.
    if (framed && typeof bx24?.init === 'function') {
      bx24.init(() => {
        portalReady = true;
        this.#portal = bx24;
        this.#localize(); // sizes the frame too
      });
    }
    await this.#load();
  }

  // Language, formats and every text of the element, from the current state.

  #localize() {
    const wanted = [this.getAttribute('lang'), this.#portal?.getLang?.(), ...(navigator.languages ?? [navigator.language])];
    const { language, locale } = chooseLanguage(wanted.filter(Boolean));
    this.#text = MESSAGES[language];
    this.#locale = locale;
    this.#zone = checkTimeZone(this.getAttribute('time-zone'));
    this.#format = createFormat(locale, this.#zone);
    this.#formats.clear();
    const { widget, head, refresh } = this.#parts;
    widget.lang = language;
    const tag = `H${clampInteger(this.getAttribute('heading-level'), 1, 6, 2)}`;
    if (this.#parts.heading?.tagName !== tag) {
      const heading = h(tag.toLowerCase(), { class: 'title', tabindex: '-1' });
      if (this.#parts.heading) this.#parts.heading.replaceWith(heading);
      else head.prepend(heading);
      this.#parts.heading = heading;
    }
    this.#parts.heading.textContent = this.#text.title;
    refresh.textContent = this.#text.refresh;
    this.#renderNote();
    this.#renderError();
    if (this.#meetings) this.#renderList();
    fitFrame();
  }

  #t(key, values = {}) {
    return fill(this.#text[key], values, this.#format.plural);
  }

  #announce(text) {
    const { live } = this.#parts;
    // Emptied first, so that the same words twice are announced twice.
    live.textContent = '';
    setTimeout(() => (live.textContent = text), 50);
  }

  #renderNote() {
    const { note } = this.#parts;
    if (this.#state === 'loading' && !this.#meetings) note.textContent = this.#text.loading;
    else if (this.#state === 'ready' && this.#meetings.length === 0) note.textContent = this.#t('empty', { n: this.days });
    else note.textContent = '';
    note.hidden = !note.textContent;
  }

  #errorText() {
    const e = this.#error;
    if (!e) return '';
    const reason = errorReason(this.#text, e.error);
    if (e.type === 'load') return this.#t('loadFailed', { reason });
    if (e.type === 'save') return this.#t('saveFailed', { name: e.name || this.#text.untitled, reason });
    return this.#t('bulkFailed', { n: e.failed, total: e.total, reason });
  }

  #renderError() {
    const { error } = this.#parts;
    error.textContent = this.#errorText();
    error.hidden = !error.textContent;
  }

  #setError(value) {
    this.#error = value;
    this.#renderError();
  }

  #fail(error) {
    this.#state = 'failed';
    this.#setError({ type: 'load', error });
    this.#renderNote();
    this.#announce(this.#errorText());
    console.warn('bx24-my-meetings: could not load the meetings', error);
    this.dispatchEvent(new CustomEvent('meetings-error', { bubbles: true, composed: true, detail: { error } }));
    fitFrame();
  }

  async #load() {
    const load = ++this.#loads;
    this.#state = 'loading';
    this.#parts.days.setAttribute('aria-busy', 'true');
    this.#renderNote();
    let meetings;
    try {
      await loadModule();
      if (!globalThis.BX24) await portalLibrary();
      meetings = await getNearestMeetings({ days: this.days });
    } catch (error) {
      if (load === this.#loads) {
        this.#parts.days.removeAttribute('aria-busy');
        this.#fail(error);
      }
      return;
    }
    if (load !== this.#loads) return; // a newer load is on its way
    // A meeting with a call in flight keeps its object (and its optimistic
    // answer) in the new list: the call's end paints it there.
    const inFlight = new Map((this.#meetings ?? []).filter((m) => m.busy).map((m) => [m.id, m]));
    this.#meetings = meetings.map((m) => inFlight.get(m.id) ?? { ...m, busy: false, result: null });
    this.#state = 'ready';
    this.#parts.days.removeAttribute('aria-busy');
    if (this.#error?.type === 'load') this.#setError(null);
    this.#renderNote();
    this.#renderList();
    // The first list comes with the page; a reload is news.
    if (load > 1) this.#announce(this.#t('loaded', { n: meetings.length }));
    this.dispatchEvent(new CustomEvent('meetings-load', { bubbles: true, composed: true, detail: { count: meetings.length } }));
  }

  // Time zones. A meeting's times are shown in the time-zone attribute's
  // zone when it names one (it wins), else in the zone the portal states
  // for the meeting (its `timeZone`, the event's TZ_FROM) when that is a
  // zone Intl knows, else in the browser's. Each meeting is put under the
  // day its own start falls on in its display zone, so a meeting's time and
  // its day heading always agree; days are listed in date order. A portal
  // normally states one zone for all of a user's meetings, and then this is
  // simply that zone. When the list shows meetings in more than one zone,
  // every time carries its zone's short name (`GMT+9`), so that times of
  // different zones are never mistaken for one another.

  /** The zone meeting `m` is shown in (`undefined`: the browser's). */
  #zoneOf(m) {
    return this.#zone ?? checkTimeZone(m.timeZone);
  }

  /** The formats for meeting `m`, in its display zone. */
  #formatOf(m) {
    const zone = this.#zoneOf(m);
    let format = this.#formats.get(zone);
    if (!format) {
      format = createFormat(this.#locale, zone, { showZone: this.#showZone });
      this.#formats.set(zone, format);
    }
    return format;
  }

  // The list. Built once per load or language; answers repaint in place, so
  // focus stays where it is. A rebuild puts focus back on the same control.

  #renderList() {
    const focused = this.#root.activeElement;
    const focusKey = focused?.dataset.focus ?? null;
    const zones = new Set(this.#meetings.filter((m) => this.#format.datetime(m.from)).map((m) => zoneName(this.#zoneOf(m))));
    this.#showZone = zones.size > 1;
    this.#formats.clear();
    const groups = new Map();
    for (const meeting of this.#meetings) {
      const key = this.#formatOf(meeting).dayKey(meeting.from);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(meeting);
    }
    // Days in date order (`2026-11-30` keys sort as text); a day the portal
    // sent only as display text, which cannot be placed, comes last.
    const dated = (key) => /^\d{4}-\d{2}-\d{2}$/.test(key);
    const days = [...groups].sort(([a], [b]) => (dated(a) && dated(b) ? (a < b ? -1 : a > b ? 1 : 0) : dated(b) - dated(a)));
    this.#days.clear();
    const sections = days.map(([key, group], index) => this.#renderDay(key, group, index));
    this.#parts.days.replaceChildren(...sections);
    if (focused && !focused.isConnected) {
      const again = focusKey ? this.#root.querySelector(`[data-focus="${CSS.escape(focusKey)}"]`) : null;
      (again ?? this.#parts.heading).focus();
    }
    fitFrame();
  }

  /** The title of the day meeting `m` is listed under, in its display zone. */
  #dayTitle(m) {
    const { relative, date } = this.#formatOf(m).day(m.from);
    return relative ? this.#t(relative, { date }) : date;
  }

  #renderDay(key, group, index) {
    const id = `day-${index}`;
    const title = this.#dayTitle(group[0]);
    const dayLevel = Math.min(6, Number(this.#parts.heading.tagName.slice(1)) + 1);
    const heading = h(`h${dayLevel}`, { class: 'day__title', id }, title);
    const count = h('span', { class: 'day__count' }, this.#t('meetings', { n: group.length }));
    const actions = h('div', { class: 'day__actions', role: 'group', 'aria-label': this.#t('allGroup', { day: title }) });
    const progress = h('progress', { class: 'day__progress', max: '1', value: '0', hidden: true, 'aria-label': this.#text.progress });
    const section = h(
      'section',
      { class: 'day', 'aria-labelledby': id },
      h('div', { class: 'day__head' }, heading, count, actions),
      progress,
      h('ul', { class: 'day__list' }, ...group.map((m) => this.#renderMeeting(m))),
    );
    this.#days.set(key, { title, group, actions, progress });
    if (group.some((m) => m.myStatus !== 'H')) {
      for (const status of ['Y', 'N']) {
        const button = h('button', { type: 'button', class: 'link', 'data-bulk': status, 'data-focus': `all:${key}:${status}` }, this.#text.all[status]);
        button.addEventListener('click', () => this.#answerDay(key, status));
        actions.append(button);
      }
    }
    this.#paintDay(key);
    return section;
  }

  #renderMeeting(meeting) {
    const name = meeting.name || this.#text.untitled;
    // Text only: titles and locations come from users and are never HTML.
    const item = h(
      'li',
      { class: 'meeting', 'data-event-id': String(meeting.id) },
      h(
        'div',
        { class: 'meeting__main' },
        h(
          'time',
          { class: 'meeting__time', datetime: this.#format.datetime(meeting.from) || null },
          this.#formatOf(meeting).timeRange(meeting.from, meeting.to),
        ),
        h('span', { class: 'meeting__name' }, name),
        h('span', { class: 'meeting__location', hidden: !meeting.location }, meeting.location),
      ),
      h('span', { class: 'badge' }),
      h('span', { class: 'meeting__result', hidden: true }),
    );
    if (meeting.myStatus !== 'H') {
      const actions = h('div', { class: 'meeting__actions', role: 'group', 'aria-label': this.#t('answerGroup', { name }) });
      for (const status of ANSWERS) {
        const button = h('button', { type: 'button', 'data-status': status, 'data-focus': `answer:${meeting.id}:${status}` }, this.#text.answer[status]);
        button.addEventListener('click', () => this.#answer(meeting, status));
        actions.append(button);
      }
      item.append(actions);
    }
    meeting.item = item;
    this.#paintMeeting(meeting);
    return item;
  }

  /** Badge, pressed button, busy state and result line of one meeting, from its data. */
  #paintMeeting(meeting) {
    const { item } = meeting;
    item.setAttribute('aria-busy', String(meeting.busy));
    const badge = item.querySelector('.badge');
    badge.dataset.status = meeting.myStatus;
    badge.textContent = this.#text.status[meeting.myStatus] ?? meeting.myStatus;
    for (const button of item.querySelectorAll('.meeting__actions button')) {
      button.setAttribute('aria-pressed', String(button.dataset.status === meeting.myStatus));
      // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
      button.setAttribute('aria-disabled', String(meeting.busy));
    }
    const line = item.querySelector('.meeting__result');
    line.hidden = !meeting.result;
    if (meeting.result) {
      line.dataset.ok = String(meeting.result.ok);
      line.textContent = meeting.result.ok
        ? this.#text.saved
        : this.#t('notSaved', { reason: errorReason(this.#text, meeting.result.error) });
    }
  }

  /** The bulk buttons and progress bar of the day shown under `key` (if it still is). */
  #paintDay(key) {
    const day = this.#days.get(key);
    if (!day) return;
    const busy = this.#bulk.has(key);
    for (const button of day.actions.querySelectorAll('button')) button.setAttribute('aria-disabled', String(busy));
    day.progress.hidden = !busy;
    day.progress.value = this.#bulk.get(key) ?? 0;
  }

  async #answer(meeting, status) {
    if (meeting.busy || meeting.myStatus === status) return;
    const previous = meeting.myStatus;
    const name = meeting.name || this.#text.untitled;
    meeting.busy = true;
    meeting.myStatus = status; // optimistic
    meeting.result = null;
    this.#paintMeeting(meeting);
    if (this.#error?.type !== 'load') this.#setError(null);
    try {
      await setMeetingStatus(meeting.id, status);
      this.#announce(this.#t('changed', { name, status: this.#text.status[status] }));
    } catch (error) {
      meeting.myStatus = previous; // roll back
      this.#setError({ type: 'save', error, name: meeting.name });
      const reason = errorReason(this.#text, error);
      this.#announce(this.#t('rolledBack', { name, status: this.#text.status[previous], reason }));
      console.warn('bx24-my-meetings: setMeetingStatus failed', error);
    } finally {
      meeting.busy = false;
      this.#paintMeeting(meeting);
    }
  }

  // One bulk call for the day (the module sends 50 a request), a progress
  // bar, and a result line per meeting.
  async #answerDay(key, status) {
    const day = this.#days.get(key);
    if (!day || this.#bulk.has(key)) return;
    const targets = day.group.filter((m) => m.myStatus !== 'H' && !m.busy);
    if (!targets.length) return;
    this.#bulk.set(key, 0);
    this.#paintDay(key);
    if (this.#error?.type !== 'load') this.#setError(null);
    for (const m of targets) {
      m.busy = true;
      m.result = null;
      this.#paintMeeting(m);
    }
    this.#announce(this.#t('bulkStart', { day: day.title, n: targets.length }));
    try {
      const results = await setMeetingStatuses(
        targets.map((m) => ({ eventId: m.id, status })),
        {
          onProgress: ({ done, total }) => {
            this.#bulk.set(key, total ? done / total : 1);
            this.#paintDay(key);
            if (done < total) this.#announce(this.#t('bulkProgress', { done, total }));
          },
        },
      );
      let firstError = null;
      results.forEach((result, i) => {
        const m = targets[i];
        if (result.ok) m.myStatus = status;
        else {
          firstError ??= result.error;
          console.warn('bx24-my-meetings: not saved', m.id, result.error);
        }
        m.result = { ok: result.ok, error: result.error };
      });
      const saved = results.filter((r) => r.ok).length;
      const failed = results.length - saved;
      if (failed) this.#setError({ type: 'bulk', error: firstError, failed, total: results.length });
      const done = this.#t('bulkDone', { day: day.title, n: saved });
      this.#announce(failed ? `${done} ${this.#errorText()}` : done);
    } catch (error) {
      // setMeetingStatuses resolves even when items fail; this is a bad call.
      this.#setError({ type: 'bulk', error, failed: targets.length, total: targets.length });
      this.#announce(this.#errorText());
      console.warn('bx24-my-meetings: setMeetingStatuses failed', error);
    } finally {
      for (const m of targets) {
        m.busy = false;
        this.#paintMeeting(m);
      }
      this.#bulk.delete(key);
      this.#paintDay(key);
    }
  }
}

if (!customElements.get('bx24-my-meetings')) customElements.define('bx24-my-meetings', MyMeetings);
