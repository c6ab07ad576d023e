// 5. Bulk against the emulator: `items` status changes (user 1 invited to
// every meeting of the fixture) on a standard plan (50 at once, 2/s), through
// the emulated BX24.js or the SDK's own HTTP client, over loopback.
import { summarize } from '../lib/stats.mjs';
import { FIRST_EVENT } from '../lib/session.mjs';

const BATCH = 50;

/** Who runs, on which harness page. `capped`: only the first `sequentialItems` changes. */
export const CONTENDERS = [
  { key: 'floor', page: 'floor', runner: 'floor' },
  { key: 'module', page: 'module', runner: 'module' },
  { key: 'sdk', page: 'sdk', runner: 'sdk' },
  { key: 'plain-all', page: 'plain', runner: 'plain-all' },
  { key: 'plain-sequential', page: 'plain', runner: 'plain-sequential', capped: true },
];

/** `n` changes; every one differs from the fixture's Q. */
export const wantedChanges = (n) => Array.from({ length: n }, (_, i) => ({ eventId: FIRST_EVENT + i, status: 'YN'[i % 2] }));

async function runOnce(session, contender, items, timeoutMs) {
  const { emulator } = session;
  await emulator.reset(); // fixture statuses, empty log, empty bucket
  const { page, close } = await session.open(`/pages/emulator.html?contender=${contender.page}`);
  let outcome;
  try {
    outcome = await page.evaluate(([items, options]) => window.bench.bulk(items, options), [items, { runner: contender.runner, timeoutMs }]);
  } finally {
    await close();
  }
  const log = await emulator.requests();
  const truth = await emulator.statuses(1);
  const byStatus = {};
  for (const entry of log) byStatus[entry.status ?? 'dropped'] = (byStatus[entry.status ?? 'dropped'] ?? 0) + 1;
  const stored = items.filter((item) => truth[item.eventId] === item.status).length;
  return {
    ms: outcome.ms,
    requests: log.length,
    commands: log.reduce((n, entry) => n + (entry.batchCommands ?? 1), 0),
    byStatus,
    errors: outcome.errors.length,
    errorCodes: [...new Set(outcome.errors)].slice(0, 3),
    stored,
    items: items.length,
    firstError: outcome.firstError ?? null,
  };
}

// For a capped sequential run: what the whole `total` would take, assuming the
// part after the first error repeats at the same pace (the portal drains 2/s).
function extrapolate(run, total) {
  const { firstError, items } = run;
  if (!firstError) {
    const k = total / items;
    return { ms: run.ms * k, requests: run.requests * k, errors: 0, basis: 'no error in the capped run: linear' };
  }
  const burst = firstError.index;
  const k = (total - burst) / (items - burst);
  return {
    ms: firstError.startedAt + (run.ms - firstError.startedAt) * k,
    requests: burst + (run.requests - burst) * k,
    errors: run.errors * k,
    basis: `first ${burst} in the burst, the other ${items - burst} repeated to ${total - burst}`,
  };
}

// The median of the per-run extrapolations.
function extrapolateRuns(runs, total) {
  const each = runs.map((run) => extrapolate(run, total));
  const median = (key) => summarize(each.map((e) => e[key])).median;
  const basis = [...new Set(each.map((e) => e.basis))].join('; ');
  return { ms: median('ms'), requests: median('requests'), errors: median('errors'), basis };
}

/** A call with status 'maybe' (the portal: HTTP 400, error ""), what reaches the caller, and what was sent. */
async function invalidProbe(session, page) {
  await session.emulator.reset();
  const { page: tab, close } = await session.open(`/pages/emulator.html?contender=${page}`);
  try {
    const seen = await tab.evaluate((eventId) => window.bench.invalidProbe(eventId), FIRST_EVENT);
    return { ...seen, requests: (await session.emulator.requests()).length };
  } finally {
    await close();
  }
}

/**
 * `{ floor, module, sdk, 'plain-all', 'plain-sequential', probes }`: per
 * contender the wall time (summary over runs), requests, errors that reached
 * the caller and whether the final state is complete (worst run), plus the
 * raw runs. `plain-sequential` sends only the first `sequentialItems` changes
 * for `sequentialRuns` runs, and is extrapolated to `items`.
 */
export async function measureBulk({ runs, items, sequentialItems, sequentialRuns, timeoutMs, session }) {
  if (items > session.bulkItems) throw new Error(`bulk: the fixture has ${session.bulkItems} meetings, not ${items}`);
  const all = wantedChanges(items);
  const result = {};
  for (const contender of CONTENDERS) {
    const changes = contender.capped ? all.slice(0, sequentialItems) : all;
    const runsHere = contender.capped ? sequentialRuns : runs;
    const done = [];
    for (let run = 0; run < runsHere; run++) done.push(await runOnce(session, contender, changes, timeoutMs));
    const worst = (key) => Math.max(...done.map((r) => r[key]));
    result[contender.key] = {
      items: changes.length,
      floorRequests: Math.ceil(changes.length / BATCH),
      ms: summarize(done.map((r) => r.ms)),
      requests: summarize(done.map((r) => r.requests)),
      errors: summarize(done.map((r) => r.errors)),
      complete: done.every((r) => r.stored === r.items),
      storedMin: Math.min(...done.map((r) => r.stored)),
      maxErrors: worst('errors'),
      runs: done,
      ...(contender.capped ? { total: items, extrapolatedSummary: extrapolateRuns(done, items) } : {}),
    };
  }
  result.probes = {
    module: await invalidProbe(session, 'module'),
    sdk: await invalidProbe(session, 'sdk'),
    plain: await invalidProbe(session, 'plain'),
  };
  return result;
}
