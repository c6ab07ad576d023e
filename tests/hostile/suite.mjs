// The hostile-input suite, shared by the Node and the Chromium runners.
//
//   run({ pkg, seed, count, only, env }) → report
//
// `pkg` is the initialised package (its exports). `env` is what the runner
// provides: { name, listen(handler) } where handler(type, value) is to be
// called for every uncaught exception ('uncaught') and unhandled rejection
// ('unhandled') in the environment, and an optional progress(event) that the
// runner persists as it goes (so a hard-killed run still tells what ran).
//
// Phases:
//   A. misbehaving BX24 (one case at a time, globalThis.BX24 replaced per case);
//   B. generated hostile inputs over every export and option (a pool of
//      concurrent cases; the expensive ones alone, at the end);
//   C. recovery: 1,000 valid calls on the same instance, and configure().
//
// Assertions, per call: async exports return a promise and never throw
// synchronously; configure / new MeetingClient throw nothing but a Bx24Error;
// isBx24Error never throws (and returns a boolean); every promise settles
// within its documented bound; every rejection is a Bx24Error with a
// non-empty description; no uncaught exception, no unhandled rejection; no
// wasm trap anywhere.

import {
  DEFAULT_ATTRITION, DEFAULT_COUNT, DEFAULT_SEED, HEAVY, buildAttrition, buildGenerated, buildHeavy,
  caseRng, describe, isBindgenError, isTrap, tagOf,
} from './generate.mjs';
import { ENV_CASES, Harness, bx24Cases, goodBx24, goodSdk, makeFetch } from './fakes.mjs';

const now = () => performance.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Yields to the event loop for one task (no timer clamping). */
const nextTask = typeof setImmediate === 'function'
  ? () => new Promise((resolve) => setImmediate(resolve))
  : (() => {
    const channel = new MessageChannel();
    const waiting = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    return () => new Promise((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });
  })();

/** The settings in force during the suite: small, so that bounds are short. */
export const BASE = Object.freeze({ timeoutMs: 100, retries: 1, backoff: Object.freeze({ baseMs: 1, capMs: 5 }), rateLimit: 'off' });
const base = () => ({ timeoutMs: BASE.timeoutMs, retries: BASE.retries, backoff: { ...BASE.backoff }, rateLimit: BASE.rateLimit });

/** Scheduling slack added to every documented bound. */
export const SLACK_MS = 250;
/** The longest the suite waits for one call whose documented bound is longer. */
export const WAIT_CAP_MS = 3000;
/** The most a call's wait is extended for time the thread spent on other cases. */
const EXTENSION_MS = 2000;
/** Concurrent generated cases. */
const POOL = 16;
const MAX_RECORDS = 3000;

/**
 * The documented bound: a call settles within
 * timeoutMs × (retries + 2) + backoff.capMs × retries, a bulk call within
 * that times its number of chunks of 50; plus the scheduling slack.
 */
export function boundFor(timeoutMs = BASE.timeoutMs, chunks = 1) {
  return (timeoutMs * (BASE.retries + 2) + BASE.backoff.capMs * BASE.retries) * chunks + SLACK_MS;
}

function normalise(text) {
  return text
    .replace(/hostile [abegh]\d+:[^"'\n)\]]*/g, 'hostile <tag>')
    .replace(/\b\d+(\.\d+)?(e[+-]?\d+)?\b/g, 'N')
    .slice(0, 220);
}

export async function run({ pkg, seed = DEFAULT_SEED, count = DEFAULT_COUNT, attrition = DEFAULT_ATTRITION, only = null, heavy = true, env }) {
  const started = now();
  const progress = env.progress ?? (() => {});
  const onlySet = only && only.length ? new Set(only) : null;
  const want = (id) => !onlySet || onlySet.has(id);
  const hasClient = typeof pkg.MeetingClient === 'function';

  const report = {
    env: env.name,
    seed,
    count,
    only: onlySet ? [...onlySet] : null,
    exports: Object.keys(pkg).filter((k) => typeof pkg[k] === 'function').sort(),
    meetingClient: hasClient,
    settings: base(),
    slackMs: SLACK_MS,
    cases: { bx24: 0, generated: 0, heavy: 0, attrition: 0 },
    calls: { total: 0, byLabel: {}, byPhase: {} },
    outcomes: {},
    failureCount: 0,
    failures: [],
    groups: [],
    phasesMs: {},
    recovery: null,
    elapsedMs: 0,
  };
  const groups = new Map();

  // ------------------------------------------------------------- failures

  function fail(c, call, category, detail, note = '', groupAs = null) {
    report.failureCount += 1;
    if (c) c.failed = (c.failed ?? 0) + 1;
    const record = { id: c ? c.id : '-', phase: c ? c.phase : '-', desc: c ? c.desc : '', call, category, detail: detail + note };
    if (report.failures.length < MAX_RECORDS) report.failures.push(record);
    const key = `${category} | ${c ? c.phase : '-'} | ${call} | ${groupAs ?? normalise(detail)}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, category, call, count: 0, cases: [], example: record };
      groups.set(key, g);
    }
    g.count += 1;
    if (g.cases.length < 8 && !g.cases.includes(record.id)) g.cases.push(record.id);
    progress({ t: 'fail', ...record, key });
  }

  // ---------------------------------------------- event-loop lag monitor
  // Notes, on a late or pending call, whether the thread was blocked
  // meanwhile (by whichever case was running then).

  const blocks = [];
  let lastTick = now();
  let beats = 0;
  const TICK = 10;
  const lagTimer = setInterval(() => {
    const t = now();
    if (t - lastTick > 4 * TICK) blocks.push([lastTick + TICK, t]);
    if (blocks.length > 20000) blocks.splice(0, 10000);
    lastTick = t;
    // a heartbeat for the runner's watchdog: it stops when the thread is blocked
    if (++beats % 50 === 0) progress({ t: 'beat' });
  }, TICK);
  /** How long the thread was busy elsewhere (gaps in the ticks) between from and to. */
  const blockedMs = (from, to) => {
    let ms = 0;
    for (let i = blocks.length - 1; i >= 0; i--) {
      const [a, b] = blocks[i];
      if (b <= from) break;
      if (a < to) ms += Math.max(0, Math.min(b, to) - Math.max(a, from));
    }
    return ms;
  };
  const blockedNote = (ms) => (ms > 100 ? ` (the thread was busy elsewhere for ${Math.round(ms)} ms meanwhile)` : '');

  // -------------------------------------------- uncaught / unhandled events

  const inflight = new Map(); // id → case
  const recent = []; // the last cases to finish
  const byId = new Map();
  let currentPhaseCase = null; // phase A and C: the case in progress
  let events = 0;
  env.listen((type, value) => {
    if (type === 'warning') {
      // Node only: a timer armed past 2^31-1 ms fires after 1 ms instead
      const text = describe(value);
      if (/TimeoutOverflowWarning/.test(text)) {
        const c = currentPhaseCase ?? (inflight.size ? [...inflight.values()][0] : recent[recent.length - 1]) ?? null;
        fail(c, '(environment)', 'timer-overflow', `the module armed a timer past 2**31-1 ms, which Node fires after 1 ms: ${text}`);
      }
      return;
    }
    events += 1;
    const what = type === 'uncaught' ? 'uncaught exception' : 'unhandled rejection';
    const category = isTrap(value) ? 'trap' : type === 'uncaught' ? 'uncaught' : 'unhandled-rejection';
    const d = describe(value);
    const tag = tagOf(value);
    let c = tag ? byId.get(tag) : null;
    let note = '';
    if (!c) {
      const candidates = currentPhaseCase ? [currentPhaseCase] : inflight.size ? [...inflight.values()] : recent.slice(-4);
      c = candidates[0] ?? null;
      if (candidates.length > 1) note = ` (not tagged: one of the cases in flight, ${candidates.slice(0, 20).map((x) => x.id).join(', ')}${candidates.length > 20 ? ', …' : ''}; run them one by one with HOSTILE_ONLY)`;
    }
    // A value the hostile input threw (tagged, or one of its untaggable
    // primitives and Proxies), escaping the module: one failure, whatever the value.
    const fromInput = tag || ['7', '7n', 'null', 'undefined'].includes(d) || d.startsWith('(an unreadable') || d === '[object Error]';
    fail(c, '(environment)', category, `${what}: ${d}`, note, fromInput && category !== 'trap' ? `${what}: a value the hostile input threw` : null);
  });

  // A report for what the harness sees inside the module's callbacks.
  const harnessReport = (category, detail) => {
    const c = currentPhaseCase ?? (inflight.size === 1 ? [...inflight.values()][0] : null);
    const note = !c && inflight.size ? ` (cases in flight: ${[...inflight.keys()].slice(0, 10).join(', ')})` : '';
    fail(c ?? [...inflight.values()][0] ?? null, '(BX24 callback)', category, detail, note);
  };

  // ------------------------------------------------------- calling, checking

  function count1(label, phase) {
    report.calls.total += 1;
    report.calls.byLabel[label] = (report.calls.byLabel[label] ?? 0) + 1;
    report.calls.byPhase[phase] = (report.calls.byPhase[phase] ?? 0) + 1;
  }

  function invoke(thunk, prev) {
    const t0 = now();
    try {
      const ret = thunk(prev);
      return { ret, t0, syncMs: now() - t0 };
    } catch (err) {
      return { threw: true, err, t0, syncMs: now() - t0 };
    }
  }

  function safeIsBx24(c, label, value) {
    try {
      return pkg.isBx24Error(value) === true;
    } catch (e) {
      fail(c, 'isBx24Error', isTrap(e) ? 'trap' : 'isBx24Error-threw', `isBx24Error threw on what ${label} gave: ${describe(e)}`);
      try {
        return value instanceof Error && value.name === 'Bx24Error';
      } catch {
        return false;
      }
    }
  }

  function description(value) {
    try {
      return value.description;
    } catch {
      return undefined;
    }
  }

  function checkError(c, label, how, e) {
    if (isTrap(e)) {
      fail(c, label, 'trap', `${how} ${describe(e)}`);
      return;
    }
    if (!safeIsBx24(c, label, e)) {
      fail(c, label, isBindgenError(e) ? 'wasm-bindgen-error' : how.startsWith('rejected') ? 'bad-rejection' : 'sync-api-threw', `${how} ${describe(e)}, which is not a Bx24Error`);
      return;
    }
    const d = description(e);
    if (typeof d !== 'string' || d.length === 0) fail(c, label, 'empty-description', `${how} a Bx24Error whose description is ${describe(d)}`);
  }

  async function check(c, step, rec) {
    count1(step.label, c.phase);
    if (step.kind === 'guard') {
      if (rec.threw) fail(c, step.label, isTrap(rec.err) ? 'trap' : 'isBx24Error-threw', `isBx24Error threw ${describe(rec.err)}`);
      else if (typeof rec.ret !== 'boolean') fail(c, step.label, 'isBx24Error-not-boolean', `isBx24Error returned ${describe(rec.ret)}`);
      return;
    }
    if (step.kind === 'sync') {
      if (rec.threw) checkError(c, step.label, 'threw', rec.err);
      return;
    }
    // async
    if (rec.syncMs > step.bound) {
      fail(c, step.label, 'blocked', `${step.label} ran synchronously for ${Math.round(rec.syncMs)} ms, past its whole bound of ${step.bound} ms`);
    }
    if (rec.threw) {
      if (isTrap(rec.err)) fail(c, step.label, 'trap', `${step.label} threw synchronously: ${describe(rec.err)}`);
      else fail(c, step.label, isBindgenError(rec.err) ? 'wasm-bindgen-error' : 'sync-throw', `${step.label} threw synchronously instead of rejecting: ${describe(rec.err)}`);
      return;
    }
    if (!(rec.ret instanceof Promise)) {
      fail(c, step.label, 'not-a-promise', `${step.label} returned ${describe(rec.ret)}, not a promise`);
      return;
    }
    // Time the thread spent on other cases in the pool does not count against
    // this call (it does for a case that runs alone: then it is its own).
    const alone = c.alone || c.heavy || c.phase === 'bx24';
    // (at most EXTENSION_MS: a thread that is never free is a failure too)
    const elsewhere = (from, to) => (alone ? 0 : Math.min(EXTENSION_MS, blockedMs(from, to)));
    const wait = Math.min(step.bound, WAIT_CAP_MS);
    const outcome = await new Promise((resolve) => {
      let timer;
      const arm = () => {
        const due = rec.t0 + wait + elsewhere(rec.t0, now());
        if (now() >= due) resolve({ pending: true });
        else timer = setTimeout(arm, due - now());
      };
      timer = setTimeout(arm, Math.max(0, rec.t0 + wait - now()));
      rec.ret.then(
        (value) => { clearTimeout(timer); resolve({ value, at: now() }); },
        (error) => { clearTimeout(timer); resolve({ rejected: true, error, at: now() }); },
      );
    });
    if (outcome.pending) {
      const note = blockedNote(blockedMs(rec.t0, now()));
      if (wait < step.bound) fail(c, step.label, 'no-settle', `${step.label} still pending after ${wait} ms, though BX24 answers at once (documented bound ${step.bound} ms)`, note);
      else fail(c, step.label, 'no-settle', `${step.label} did not settle within its bound of ${step.bound} ms`, note);
      return;
    }
    const took = outcome.at - rec.t0;
    if (took - elsewhere(rec.t0, outcome.at) > step.bound) {
      const busy = blockedMs(rec.t0, outcome.at);
      const args = [c, step.label, 'late', `${step.label} settled after ${Math.round(took)} ms, past its bound of ${step.bound} ms`, blockedNote(busy)];
      // Late, and maybe only because the thread was busy (other cases, other
      // processes, GC)? Then the case is run once more, alone, before it counts.
      if (c.attempt === 1 && (c.phase === 'generated' || took - busy <= step.bound)) c.soft.push(args);
      else fail(...args);
    }
    const o = (report.outcomes[step.label.replace(/^\(re-entrant\) .*/, '(re-entrant)')] ??= { resolved: 0, rejected: {} });
    if (outcome.rejected) {
      let code = '?';
      try {
        code = `${outcome.error.kind}:${outcome.error.code}`;
      } catch {
        // not an error of the module's: checkError says so
      }
      o.rejected[code] = (o.rejected[code] ?? 0) + 1;
      checkError(c, step.label, 'rejected with', outcome.error);
    } else if ((o.resolved += 1) && step.expect) {
      let problem;
      try {
        problem = step.expect(outcome.value);
      } catch (e) {
        problem = `reading the result threw ${describe(e)}`;
      }
      if (problem) fail(c, step.label, step.expectCategory ?? 'bad-result', `${step.label} ${problem}`);
    }
  }

  function restore(c, step) {
    try {
      if (step.restore === 'module') pkg.configure(base());
      else if (step.restore === 'scratch') env.scratch?.configure(base());
    } catch (e) {
      fail(c, 'configure', isTrap(e) ? 'trap' : 'configure-broken', `restoring the small settings with configure() threw ${describe(e)}`);
    }
  }

  function newCase(id, phase, rng) {
    const c = {
      id,
      phase,
      seed,
      r: rng,
      env: null,
      desc: '',
      steps: [],
      subs: [],
      finished: false,
      late: [],
      sub(label, kind, thunk) {
        const rec = invoke(thunk);
        const step = { label: `(re-entrant) ${label}`, kind, bound: boundFor(), restore: label.startsWith('configure') ? 'module' : null };
        if (step.restore) restore(c, step);
        const p = check(c, step, rec);
        if (c.finished) lateChecks.push(p);
        else c.subs.push(p);
      },
    };
    byId.set(id, c);
    return c;
  }
  const lateChecks = [];

  async function runSteps(c) {
    const checks = [];
    let prev;
    let prevOk = true;
    for (const step of c.steps) {
      if (step.usePrev && !(prevOk && prev && typeof prev === 'object')) continue;
      const rec = invoke(step.run, prev);
      if (step.restore) restore(c, step);
      prevOk = !rec.threw;
      prev = rec.ret;
      checks.push(check(c, step, rec));
    }
    await Promise.all(checks);
    // getters the module read during those calls may have added checks
    while (c.subs.length) await Promise.all(c.subs.splice(0));
    c.finished = true;
  }

  // ------------------------------------------------------------- setup

  const setupCase = { id: 'setup', phase: 'setup', desc: 'suite setup' };
  const originalFetch = globalThis.fetch;
  const hPhaseB = new Harness(harnessReport);
  globalThis.fetch = makeFetch(hPhaseB);
  try {
    pkg.configure(base());
  } catch (e) {
    fail(setupCase, 'configure', isTrap(e) ? 'trap' : 'setup', `configure(small settings) threw ${describe(e)}`);
  }
  const clients = {};
  let scratch = null;
  if (hasClient) {
    const specs = {
      bx24: 'bx24',
      webhook: { webhookUrl: 'https://portal.example/rest/1/tok3nAbc/' },
      oauth: { oauth: { domain: 'portal.example', accessToken: 'good', refreshToken: 'r1', refresh: async () => ({ accessToken: 'good' }) } },
      sdkV2: { sdk: goodSdk(hPhaseB, 'v2') },
      sdkLegacy: { sdk: goodSdk(hPhaseB, 'legacy') },
    };
    for (const [name, transport] of Object.entries(specs)) {
      try {
        clients[name] = new pkg.MeetingClient({ transport, ...base() });
      } catch (e) {
        fail(setupCase, 'new MeetingClient', 'setup', `new MeetingClient({transport: ${name}, …small settings}) threw ${describe(e)}`);
      }
    }
    try {
      scratch = new pkg.MeetingClient({ transport: 'bx24', ...base() });
    } catch (e) {
      fail(setupCase, 'new MeetingClient', 'setup', `new MeetingClient(small settings) threw ${describe(e)}`);
    }
  }
  env.scratch = scratch;
  const caseEnv = (h) => ({
    pkg, base, bound: boundFor, clients, scratch, hasClient, harness: h, goodSdk,
  });

  const installBx24 = (value) => {
    Object.defineProperty(globalThis, 'BX24', { value, writable: true, configurable: true, enumerable: true });
  };

  // ------------------------------------------------- phase A: misbehaving BX24

  report.warnings = [];
  let t = now();
  const aCases = bx24Cases();
  const runBx24Case = async (i, attempt) => {
    const id = `b${i}`;
    const spec = aCases[i];
    const c = newCase(id, 'bx24', caseRng(seed, 2, i));
    c.attempt = attempt;
    c.soft = [];
    c.desc = `BX24: ${spec.name}${spec.opts ? `; options ${JSON.stringify(spec.opts)}` : ''}`;
    currentPhaseCase = c;
    if (spec.settings) {
      try {
        pkg.configure({ ...base(), ...spec.settings });
      } catch (e) {
        fail(c, 'configure', isTrap(e) ? 'trap' : 'configure-broken', `configure(${JSON.stringify(spec.settings)}) threw ${describe(e)}`);
      }
    }
    progress({ t: 'start', id, desc: c.desc });
    const h = new Harness(harnessReport);
    let made;
    try {
      made = spec.make(h, c);
    } catch (e) {
      fail(c, '(fake)', 'suite-bug', `building the fake threw ${describe(e)}`);
      currentPhaseCase = null;
      return c;
    }
    if (made.remove) delete globalThis.BX24;
    else if (made.getter) Object.defineProperty(globalThis, 'BX24', { get: made.getter, configurable: true });
    else installBx24(made.bx24);
    const opts = spec.opts ? { ...spec.opts } : undefined;
    const items = [{ eventId: 1, status: 'Y' }, { eventId: 2, status: 'N' }, { eventId: 3, status: 'Q' }];
    const expectArray = (v) => (Array.isArray(v) ? null : `resolved with ${describe(v)}, not an array`);
    c.steps = [
      { label: 'setMeetingStatus', kind: 'async', bound: boundFor(), run: () => pkg.setMeetingStatus(1, 'Y', opts) },
      { label: 'getMeetingStatus', kind: 'async', bound: boundFor(), run: () => pkg.getMeetingStatus(2, opts) },
      { label: 'getNearestMeetings', kind: 'async', bound: boundFor(), run: () => pkg.getNearestMeetings(opts) },
      { label: 'setMeetingStatuses', kind: 'async', bound: boundFor(), run: () => pkg.setMeetingStatuses(items, opts), expect: expectArray },
    ];
    await runSteps(c);
    if (spec.settings) restore(c, { restore: 'module' });
    await h.idle(600);
    await sleep(2);
    currentPhaseCase = null;
    recent.push(c);
    progress({ t: 'end', id });
    c.hard = (c.failed ?? 0) > 0;
    return c;
  };
  for (let i = 0; i < aCases.length; i++) {
    if (!want(`b${i}`)) continue;
    report.cases.bx24 += 1;
    const c = await runBx24Case(i, 1);
    if (!c.soft.length) continue;
    if (c.hard) {
      for (const args of c.soft) fail(...args);
      continue;
    }
    const again = await runBx24Case(i, 2);
    if (!again.hard) report.warnings.push(`${c.id}: ${c.soft.map((a) => `${a[3]}${a[4]}`).join('; ')}; passed when run again`);
  }
  report.phasesMs.bx24 = Math.round(now() - t);

  // ------------------------------------------------- phase B: generated inputs

  t = now();
  installBx24(goodBx24(hPhaseB));
  const settle = async (c) => {
    inflight.set(c.id, c);
    c.t0 = now();
    progress({ t: 'start', id: c.id, desc: c.desc });
    try {
      await runSteps(c);
    } catch (e) {
      fail(c, '(suite)', 'suite-bug', `running the case threw ${describe(e)}`);
    }
    inflight.delete(c.id);
    recent.push(c);
    if (recent.length > 32) recent.shift();
    progress({ t: 'end', id: c.id, ms: Math.round(now() - c.t0) });
  };
  const running = new Set();
  const again = [];
  const launch = (c) => {
    const p = settle(c)
      .then(() => {
        if (!c.soft?.length) return;
        if (c.failed) for (const args of c.soft) fail(...args);
        else again.push(c);
      })
      .finally(() => running.delete(p));
    running.add(p);
  };
  for (let i = 0; i < count; i++) {
    const id = `g${i}`;
    if (!want(id)) continue;
    const c = newCase(id, 'generated', caseRng(seed, 1, i));
    c.attempt = 1;
    c.soft = [];
    c.index = i;
    c.env = caseEnv(hPhaseB);
    try {
      buildGenerated(c, i, count);
    } catch (e) {
      fail(c, '(generator)', 'suite-bug', `building the case threw ${describe(e)}`);
      continue;
    }
    report.cases.generated += 1;
    if (c.alone) {
      await Promise.all(running);
      launch(c);
      await Promise.all(running);
      continue;
    }
    while (running.size >= POOL) await Promise.race(running);
    launch(c);
  }
  await Promise.all(running);
  for (const first of again) {
    const c = newCase(first.id, 'generated', caseRng(seed, 1, first.index));
    c.attempt = 2;
    c.alone = true;
    c.env = caseEnv(hPhaseB);
    buildGenerated(c, first.index, count);
    launch(c);
    await Promise.all(running);
    if (!c.failed) report.warnings.push(`${c.id}: among other cases, ${first.soft.map((a) => `${a[3]}${a[4]}`).join('; ')}; passed when run again alone`);
  }
  for (let i = 0; i < HEAVY.length; i++) {
    const id = `h${i}`;
    if (!want(id) || (!heavy && !onlySet)) continue;
    const c = newCase(id, 'heavy', caseRng(seed, 3, i));
    c.env = caseEnv(hPhaseB);
    buildHeavy(c, i);
    report.cases.heavy += 1;
    launch(c);
    await Promise.all(running); // alone: its synchronous cost is its own
  }
  for (let i = 0; i < ENV_CASES.length; i++) {
    const id = `e${i}`;
    if (!want(id) || (!heavy && !onlySet)) continue;
    const [name, install] = ENV_CASES[i];
    const c = newCase(id, 'environment', caseRng(seed, 6, i));
    c.desc = `a good BX24; ${name}; then four calls`;
    c.alone = true;
    report.cases.environment = (report.cases.environment ?? 0) + 1;
    c.steps = [
      { label: 'setMeetingStatus', kind: 'async', bound: boundFor(), run: () => pkg.setMeetingStatus(1, 'Y') },
      { label: 'getMeetingStatus', kind: 'async', bound: boundFor(), run: () => pkg.getMeetingStatus(2) },
      { label: 'getNearestMeetings', kind: 'async', bound: boundFor(), run: () => pkg.getNearestMeetings() },
      { label: 'setMeetingStatuses', kind: 'async', bound: boundFor(), run: () => pkg.setMeetingStatuses([{ eventId: 1, status: 'Y' }]) },
    ];
    const fault = install(c);
    try {
      await settle(c);
    } finally {
      fault.uninstall();
    }
    if (!fault.fired()) report.warnings.push(`${id}: the module never called what "${name}" replaces, so that fault was not exercised`);
  }
  await Promise.all(lateChecks);
  await hPhaseB.idle(600);
  await sleep(5);
  report.phasesMs.generated = Math.round(now() - t);

  // ------------------------------------------- attrition: one failure per task

  t = now();
  for (let i = 0; i < attrition; i++) {
    const id = `a${i}`;
    if (!want(id)) continue;
    const c = newCase(id, 'attrition', caseRng(seed, 5, i));
    c.env = caseEnv(hPhaseB);
    buildAttrition(c, i);
    report.cases.attrition += 1;
    while (running.size >= 128) await Promise.race(running);
    launch(c);
    await nextTask();
  }
  await Promise.all(running);
  await hPhaseB.idle(600);
  report.phasesMs.attrition = Math.round(now() - t);

  // ------------------------------------------------------- phase C: recovery

  t = now();
  const rc = newCase('recovery', 'recovery', caseRng(seed, 4, 0));
  rc.desc = 'after the run: 1,000 valid calls against a well-behaved BX24 on the same instance, then configure()';
  currentPhaseCase = rc;
  progress({ t: 'start', id: rc.id, desc: rc.desc });
  const hC = new Harness(harnessReport);
  installBx24(goodBx24(hC));
  const recovery = { attempted: 0, succeeded: 0, configureOk: true, clientOk: null, firstProblems: [] };
  const problem = (text) => {
    if (recovery.firstProblems.length < 10) recovery.firstProblems.push(text);
  };
  try {
    pkg.configure(base());
  } catch (e) {
    recovery.configureOk = false;
    problem(`configure(small settings) threw ${describe(e)}`);
  }
  const expectations = [
    ['setMeetingStatus', () => pkg.setMeetingStatus(1 + (recovery.attempted % 997), 'Y'), (v) => v === true],
    ['getMeetingStatus', () => pkg.getMeetingStatus(651), (v) => v === 'Y'],
    ['getNearestMeetings', () => pkg.getNearestMeetings({ days: 7 }), (v) => Array.isArray(v)],
    ['setMeetingStatuses', () => pkg.setMeetingStatuses([{ eventId: 1, status: 'Y' }, { eventId: 2, status: 'n' }]), (v) => Array.isArray(v) && v.length === 2 && v.every((r) => r && r.ok === true)],
  ];
  for (let wave = 0; wave < 10; wave++) {
    const waveCalls = [];
    for (let k = 0; k < 100; k++) {
      const [label, call, ok] = expectations[k % 4];
      recovery.attempted += 1;
      count1(label, 'recovery');
      const rec = invoke(call);
      if (rec.threw) {
        problem(`${label} threw synchronously: ${describe(rec.err)}`);
        continue;
      }
      if (!(rec.ret instanceof Promise)) {
        problem(`${label} returned ${describe(rec.ret)}`);
        continue;
      }
      waveCalls.push(new Promise((resolve) => {
        const timer = setTimeout(() => { problem(`${label} did not settle within ${boundFor()} ms`); resolve(); }, boundFor());
        rec.ret.then(
          (v) => { clearTimeout(timer); if (ok(v)) recovery.succeeded += 1; else problem(`${label} resolved with ${describe(v)}`); resolve(); },
          (e) => { clearTimeout(timer); problem(`${label} rejected with ${describe(e)}`); resolve(); },
        );
      }));
    }
    await Promise.all(waveCalls);
  }
  try {
    pkg.configure({ retries: 2, timeoutMs: 200 });
    pkg.configure(base());
  } catch (e) {
    recovery.configureOk = false;
    problem(`configure() threw ${describe(e)}`);
  }
  if (hasClient) {
    try {
      const client = new pkg.MeetingClient({ transport: 'bx24', ...base() });
      recovery.clientOk = (await Promise.race([client.setMeetingStatus(1, 'Y'), sleep(boundFor()).then(() => 'timeout')])) === true;
      if (!recovery.clientOk) problem('new MeetingClient().setMeetingStatus(1, "Y") did not resolve true');
    } catch (e) {
      recovery.clientOk = false;
      problem(`new MeetingClient() / its call failed: ${describe(e)}`);
    }
  }
  await hC.idle(300);
  report.recovery = recovery;
  if (recovery.succeeded < recovery.attempted || !recovery.configureOk || recovery.clientOk === false) {
    fail(rc, '(recovery)', 'recovery', `${recovery.succeeded} of ${recovery.attempted} valid calls succeeded after the run; configure ${recovery.configureOk ? 'works' : 'is broken'}${recovery.clientOk === false ? '; new MeetingClient is broken' : ''}; first problem: ${recovery.firstProblems[0] ?? 'none'}`);
  }
  currentPhaseCase = null;
  progress({ t: 'end', id: rc.id });
  report.phasesMs.recovery = Math.round(now() - t);

  // ------------------------------------------------------------- teardown

  clearInterval(lagTimer);
  globalThis.fetch = originalFetch;
  installBx24(goodBx24(new Harness(() => {})));
  report.events = events;
  report.groups = [...groups.values()].sort((a, b) => b.count - a.count);
  report.elapsedMs = Math.round(now() - started);
  return report;
}

/** A human summary of a report, naming a reproducer for every distinct failure. */
export function summarise(report, reproduce) {
  const lines = [];
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  lines.push(`hostile suite (${report.env}): seed ${report.seed}, ${report.cases.bx24} misbehaving-BX24 cases, ${report.cases.generated} generated + ${report.cases.heavy} heavy + ${report.cases.attrition} attrition + ${report.cases.environment ?? 0} hostile-environment cases; ${report.calls.total} calls (${Object.entries(report.calls.byPhase ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}); ${s(report.elapsedMs)}`);
  const phases = Object.entries(report.phasesMs).filter(([k]) => !/^[he]\d/.test(k));
  if (phases.length) lines.push(`phases: ${phases.map(([k, v]) => `${k} ${s(v)}`).join(', ')}`);
  if (report.segments) lines.push(`segments: ${report.segments.map((g) => `${g.name} ${s(g.elapsedMs)}${g.stall ? ' (STALLED, killed)' : ''}${g.skipped ? ' (not run)' : ''}`).join(', ')}`);
  if (report.recovery) lines.push(`recovery: ${report.recovery.succeeded}/${report.recovery.attempted} valid calls succeeded; configure ${report.recovery.configureOk ? 'ok' : 'BROKEN'}${report.recovery.clientOk === null ? '' : `; MeetingClient ${report.recovery.clientOk ? 'ok' : 'BROKEN'}`}`);
  if (report.stall) lines.push(`STALL: ${report.stall}`);
  for (const w of report.warnings ?? []) lines.push(`warning: ${w}`);
  if (!report.failureCount) {
    lines.push('no failures');
    return lines.join('\n');
  }
  lines.push(`${report.failureCount} failures in ${report.groups.length} distinct groups (seed ${report.seed}):`);
  lines.push('(a case reproduces alone with HOSTILE_ONLY, except collateral failures: calls stalled by another case in the same tick, and traps once the instance has died, which need the cases before them, e.g. HOSTILE_ONLY=a0-a1999)');
  for (const g of report.groups) {
    lines.push(`- [${g.category}] ×${g.count} ${g.call}: ${g.example.detail.slice(0, 400)}`);
    lines.push(`    e.g. ${g.example.id}: ${g.example.desc.slice(0, 300)}`);
    lines.push(`    cases: ${g.cases.join(', ')}${g.count > g.cases.length ? ', …' : ''}; reproduce: ${reproduce(g.example.id)}`);
  }
  return lines.join('\n');
}
