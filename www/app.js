// "My meetings": the current user's upcoming meetings, with Accept /
// Decline / Maybe. Every portal call goes through the bx24-meeting module;
// this file only renders and reacts.
import init, { configure, getNearestMeetings, setMeetingStatus, setMeetingStatuses } from './pkg/bx24_meeting.js';
import { loadBx24 } from './bx24-loader.js';
import { readableError, STATUS_LABELS } from './messages.js';

const DAYS_AHEAD = 14;
// Knobs for trying failure handling (the tests use them): `?timeoutMs=`
// shortens the wait for an answer (default 30 s), `?retries=` changes how
// often a failed call is retried (default 3).
const query = new URLSearchParams(window.location.search);
const timeoutMs = Number(query.get('timeoutMs')) || undefined;
const $ = (id) => document.getElementById(id);
const dayTemplate = $('day-template');
const meetingTemplate = $('meeting-template');

function showError(text) {
  $('error').textContent = text;
  $('error').hidden = !text;
}

function dayKey(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toDateString();
}

function dayTitle(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const today = new Date();
  const tomorrow = new Date(today.getTime() + 86_400_000);
  if (d.toDateString() === today.toDateString()) return 'Today';
  if (d.toDateString() === tomorrow.toDateString()) return 'Tomorrow';
  return d.toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
}

function timeRange(meeting) {
  const from = new Date(meeting.from);
  const to = new Date(meeting.to);
  if (Number.isNaN(from.getTime())) return meeting.from;
  const hm = { hour: '2-digit', minute: '2-digit' };
  return `${from.toLocaleTimeString(undefined, hm)}–${to.toLocaleTimeString(undefined, hm)}`;
}

// Draws one meeting's badge and buttons from its current state.
function paint(item, meeting, busy) {
  const badge = item.querySelector('.badge');
  badge.dataset.status = meeting.myStatus;
  badge.textContent = STATUS_LABELS[meeting.myStatus] ?? meeting.myStatus;
  item.classList.toggle('meeting--busy', busy);
  const actions = item.querySelector('.meeting__actions');
  actions.hidden = meeting.myStatus === 'H';
  for (const button of actions.querySelectorAll('button')) {
    button.disabled = busy;
    button.setAttribute('aria-pressed', String(button.dataset.status === meeting.myStatus));
  }
}

async function answer(item, meeting, status) {
  if (item.dataset.busy === 'true' || meeting.myStatus === status) return;
  const previous = meeting.myStatus;
  item.dataset.busy = 'true';
  meeting.myStatus = status; // optimistic
  paint(item, meeting, true);
  showError('');
  try {
    await setMeetingStatus(meeting.id, status, { timeoutMs });
  } catch (error) {
    meeting.myStatus = previous; // roll back
    showError(`“${meeting.name}”: ${readableError(error)}`);
    console.warn('setMeetingStatus failed', error);
  } finally {
    item.dataset.busy = 'false';
    paint(item, meeting, false);
  }
}

function showResult(item, ok, text) {
  const line = item.querySelector('.meeting__result');
  line.hidden = false;
  line.dataset.ok = String(ok);
  line.textContent = text;
}

// "Accept all" / "Decline all" for one day: one bulk call (50 per request),
// a progress bar, and a result line per meeting.
async function answerDay(section, group, status) {
  const targets = group.filter((m) => m.myStatus !== 'H' && m.item.dataset.busy !== 'true');
  if (!targets.length) return;
  const progress = section.querySelector('.day__progress');
  const dayButtons = section.querySelectorAll('.day__actions button');
  dayButtons.forEach((b) => (b.disabled = true));
  progress.hidden = false;
  progress.value = 0;
  showError('');
  for (const m of targets) {
    m.item.dataset.busy = 'true';
    m.item.querySelector('.meeting__result').hidden = true;
    paint(m.item, m, true);
  }
  try {
    const results = await setMeetingStatuses(
      targets.map((m) => ({ eventId: m.id, status })),
      { timeoutMs, onProgress: ({ done, total }) => (progress.value = done / total) },
    );
    results.forEach((result, i) => {
      const m = targets[i];
      if (result.ok) {
        m.myStatus = status;
        showResult(m.item, true, 'Saved');
      } else {
        showResult(m.item, false, `Not saved: ${readableError(result.error)}`);
        console.warn('not saved', m.id, result.error);
      }
    });
    const failed = results.filter((r) => !r.ok).length;
    if (failed) showError(`${failed} of ${results.length} answers were not saved.`);
  } catch (error) {
    showError(readableError(error));
  } finally {
    for (const m of targets) {
      m.item.dataset.busy = 'false';
      paint(m.item, m, false);
    }
    dayButtons.forEach((b) => (b.disabled = false));
    progress.hidden = true;
  }
}

function renderMeeting(meeting) {
  const item = meetingTemplate.content.firstElementChild.cloneNode(true);
  item.dataset.eventId = String(meeting.id);
  // textContent only: titles and locations come from users and are never HTML.
  item.querySelector('.meeting__time').textContent = timeRange(meeting);
  item.querySelector('.meeting__name').textContent = meeting.name;
  item.querySelector('.meeting__location').textContent = meeting.location;
  for (const button of item.querySelectorAll('.meeting__actions button')) {
    button.addEventListener('click', () => answer(item, meeting, button.dataset.status));
  }
  paint(item, meeting, false);
  meeting.item = item;
  return item;
}

function render(meetings) {
  const days = new Map();
  for (const meeting of meetings) {
    const key = dayKey(meeting.from);
    if (!days.has(key)) days.set(key, []);
    days.get(key).push(meeting);
  }
  const sections = [...days.values()].map((group) => {
    const section = dayTemplate.content.firstElementChild.cloneNode(true);
    section.querySelector('.day__title').textContent = dayTitle(group[0].from);
    section.querySelector('.day__list').append(...group.map(renderMeeting));
    const answerable = group.some((m) => m.myStatus !== 'H');
    for (const button of section.querySelectorAll('.day__actions button')) {
      button.hidden = !answerable;
      button.addEventListener('click', () => answerDay(section, group, button.dataset.bulk));
    }
    return section;
  });
  $('days').replaceChildren(...sections);
  $('status').textContent = meetings.length ? '' : `No meetings in the next ${DAYS_AHEAD} days.`;
  $('status').hidden = meetings.length > 0;
}

async function load() {
  $('status').hidden = false;
  $('status').textContent = 'Loading…';
  showError('');
  try {
    render(await getNearestMeetings({ days: DAYS_AHEAD, timeoutMs }));
  } catch (error) {
    $('status').textContent = '';
    showError(readableError(error));
    console.warn('getNearestMeetings failed', error);
  }
}

$('reload').addEventListener('click', load);
try {
  await Promise.all([init(), loadBx24()]);
  if (query.has('retries')) configure({ retries: Number(query.get('retries')) });
  await load();
  document.body.dataset.ready = 'true';
} catch (error) {
  showError(readableError(error));
  console.warn(error);
}
