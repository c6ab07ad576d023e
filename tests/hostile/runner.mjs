// What node.test.mjs and browser.test.mjs share: splitting the suite into
// segments (the main run, then each expensive input alone in a fresh
// instance), a watchdog that kills a segment whose case stops making progress
// or that outlives the environment's budget, and merging the segments'
// reports into one. Node only (the runners), never loaded by the page.

import { HEAVY } from './generate.mjs';
import { ENV_CASES } from './fakes.mjs';
import { summarise } from './suite.mjs';
import { options } from './node-load.mjs';

/** Hard limit for one environment (all its segments), ms. */
export const TOTAL_LIMIT_MS = Number(process.env.HOSTILE_TIMEOUT_MS) || 110_000;
/** A case that has not finished after this long is a stall, ms. */
export const CASE_LIMIT_MS = Number(process.env.HOSTILE_CASE_LIMIT_MS) || 10_000;

/**
 * The segments to run: the main one (everything but the expensive inputs,
 * on one instance, ending with the recovery check), then every expensive
 * input alone on a fresh instance (followed by its own recovery check).
 * With HOSTILE_ONLY, one segment with just those cases.
 */
export function plan(env = process.env) {
  const opts = options(env);
  if (opts.only) return [{ name: 'only', ...opts, heavy: true }];
  return [
    { name: 'main', ...opts, heavy: false },
    ...HEAVY.map((_, i) => ({ name: `h${i}`, ...opts, only: [`h${i}`], heavy: true })),
    ...ENV_CASES.map((_, i) => ({ name: `e${i}`, ...opts, only: [`e${i}`], heavy: true })),
  ];
}

export function reproduceCommand(runner, seed, id) {
  return `HOSTILE_SEED=${seed} HOSTILE_ONLY=${id} node --test tests/hostile/${runner}`;
}

/**
 * Runs `segments` one after the other through `start(segment, onEvent)`,
 * which returns {done: Promise<report|null>, kill(): Promise, describe()}.
 * onEvent receives the suite's progress events ({t: 'start'|'end'|'fail', …}).
 */
export async function runSegments({ segments, start, envName = '?', log = () => {} }) {
  const began = Date.now();
  const reports = [];
  for (const segment of segments) {
    const left = TOTAL_LIMIT_MS - (Date.now() - began);
    if (left <= 1000) {
      reports.push(skipped(segment, `not run: the environment's budget of ${TOTAL_LIMIT_MS / 1000} s was spent`));
      continue;
    }
    const inflight = new Map();
    const fails = [];
    const started = [];
    let lastEventAt = Date.now();
    let lastEnded = null;
    const descs = new Map();
    const onEvent = (e) => {
      lastEventAt = Date.now();
      if (e.t === 'start') {
        inflight.set(e.id, { at: Date.now(), desc: e.desc });
        descs.set(e.id, e.desc);
        started.push(e.id);
      } else if (e.t === 'end') {
        inflight.delete(e.id);
        lastEnded = e.id;
      } else if (e.t === 'fail') {
        fails.push(e);
      }
    };
    const t0 = Date.now();
    const handle = await start(segment, onEvent);
    let stall = null;
    const watchdog = new Promise((resolve) => {
      const timer = setInterval(() => {
        const now = Date.now();
        for (const [id, { at, desc }] of inflight) {
          if (now - at > CASE_LIMIT_MS) {
            stall = { id, desc, why: `case ${id} started ${((now - at) / 1000).toFixed(1)} s ago and has not finished (limit ${CASE_LIMIT_MS / 1000} s per case)` };
            break;
          }
        }
        if (!stall && now - lastEventAt > CASE_LIMIT_MS) {
          const ids = [...inflight.keys()];
          const blame = ids[0] ?? lastEnded ?? '-';
          stall = {
            id: blame,
            desc: descs.get(blame) ?? '',
            why: `no progress for ${((now - lastEventAt) / 1000).toFixed(1)} s (the thread is blocked or hung); cases in flight: ${ids.length ? ids.slice(0, 10).join(', ') : 'none'}; last case to finish: ${lastEnded ?? 'none'}`,
          };
        }
        if (!stall && now - t0 > left) {
          const oldest = [...inflight.entries()].sort((a, b) => a[1].at - b[1].at)[0];
          stall = { id: oldest ? oldest[0] : '-', desc: oldest ? oldest[1].desc : '', why: `segment ${segment.name} outlived the environment's budget (${TOTAL_LIMIT_MS / 1000} s)${oldest ? `; oldest case in progress: ${oldest[0]}` : ''}` };
        }
        if (stall) {
          clearInterval(timer);
          resolve('stall');
        }
      }, 200);
      handle.done.finally(() => {
        clearInterval(timer);
        resolve('done');
      });
    });
    const how = await watchdog;
    if (how === 'stall') {
      log(`segment ${segment.name}: STALL — ${stall.why}; killing it`);
      await handle.kill();
      reports.push(partial(segment, { fails, started, stall, elapsedMs: Date.now() - t0, envName }));
      continue;
    }
    const report = await handle.done;
    if (!report) {
      reports.push(partial(segment, { fails, started, stall: { id: started[started.length - 1] ?? '-', desc: '', why: `segment ${segment.name} ended without a report: ${handle.describe()}` }, elapsedMs: Date.now() - t0, envName }));
      continue;
    }
    report.segment = segment.name;
    reports.push(report);
    log(`segment ${segment.name}: ${report.failureCount} failures, ${(report.elapsedMs / 1000).toFixed(1)} s`);
  }
  return merge(reports, Date.now() - began);
}

function skipped(segment, why) {
  return { segment: segment.name, seed: segment.seed, skipped: why, cases: {}, calls: { total: 0, byLabel: {} }, failureCount: 0, failures: [], groups: [], phasesMs: {}, elapsedMs: 0 };
}

/** A report rebuilt from the progress events of a segment that was killed. */
function partial(segment, { fails, started, stall, elapsedMs, envName }) {
  const stallRecord = {
    id: stall.id,
    phase: 'runner',
    desc: stall.desc,
    call: '(runner)',
    category: 'stall',
    detail: `${stall.why}; the segment was killed`,
    key: `stall | ${segment.name}`,
  };
  const all = [...fails, stallRecord];
  const groups = new Map();
  for (const f of all) {
    const key = f.key ?? `${f.category} | ${f.call} | ${f.detail}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, category: f.category, call: f.call, count: 0, cases: [], example: f };
      groups.set(key, g);
    }
    g.count += 1;
    if (g.cases.length < 8 && !g.cases.includes(f.id)) g.cases.push(f.id);
  }
  const kinds = { b: 'bx24', g: 'generated', h: 'heavy', a: 'attrition', e: 'environment' };
  const cases = {};
  for (const id of started) if (kinds[id[0]]) cases[kinds[id[0]]] = (cases[kinds[id[0]]] ?? 0) + 1;
  return {
    env: envName,
    segment: segment.name,
    seed: segment.seed,
    stall: stallRecord.detail,
    cases,
    calls: { total: 0, byLabel: {} },
    failureCount: all.length,
    failures: all.slice(0, 3000),
    groups: [...groups.values()],
    phasesMs: {},
    recovery: null,
    elapsedMs,
  };
}

export function merge(reports, elapsedMs) {
  const out = {
    env: reports.find((r) => r.env && r.env !== '?')?.env ?? reports[0]?.env ?? '?',
    seed: reports[0]?.seed,
    segments: reports.map((r) => ({ name: r.segment, failures: r.failureCount, elapsedMs: r.elapsedMs, stall: r.stall ?? null, skipped: r.skipped ?? null, recovery: r.recovery ?? null })),
    cases: {},
    calls: { total: 0, byLabel: {}, byPhase: {} },
    failureCount: 0,
    failures: [],
    groups: [],
    phasesMs: {},
    recovery: reports.find((r) => r.segment === 'main' || r.segment === 'only')?.recovery ?? null,
    warnings: reports.flatMap((r) => r.warnings ?? []),
    exports: reports.find((r) => r.exports)?.exports,
    meetingClient: reports.find((r) => r.exports)?.meetingClient,
    elapsedMs,
  };
  const stalls = [];
  const groups = new Map();
  for (const r of reports) {
    for (const [k, v] of Object.entries(r.cases ?? {})) out.cases[k] = (out.cases[k] ?? 0) + v;
    out.calls.total += r.calls?.total ?? 0;
    for (const [k, v] of Object.entries(r.calls?.byLabel ?? {})) out.calls.byLabel[k] = (out.calls.byLabel[k] ?? 0) + v;
    for (const [k, v] of Object.entries(r.calls?.byPhase ?? {})) out.calls.byPhase[k] = (out.calls.byPhase[k] ?? 0) + v;
    out.failureCount += r.failureCount;
    out.failures.push(...r.failures.slice(0, 3000 - out.failures.length));
    for (const [k, v] of Object.entries(r.phasesMs ?? {})) out.phasesMs[`${r.segment}.${k}`] = v;
    if (r.stall) out.failures.push(...r.failures.filter((f) => f.category === 'stall' && !out.failures.includes(f)));
    if (r.stall) stalls.push(`${r.segment}: ${r.stall}`);
    for (const g of r.groups) {
      const key = g.key;
      const have = groups.get(key);
      if (!have) {
        groups.set(key, { ...g, cases: [...g.cases] });
      } else {
        have.count += g.count;
        for (const id of g.cases) if (have.cases.length < 8 && !have.cases.includes(id)) have.cases.push(id);
      }
    }
    // a segment's recovery check failing is already one of its failures
  }
  out.cases.bx24 ??= 0;
  out.cases.generated ??= 0;
  out.cases.heavy ??= 0;
  out.cases.attrition ??= 0;
  out.cases.environment ??= 0;
  out.groups = [...groups.values()].sort((a, b) => b.count - a.count);
  if (stalls.length) out.stall = stalls.join(' | ');
  return out;
}

export function summary(report, runner) {
  return summarise(report, (id) => reproduceCommand(runner, report.seed, id));
}
