// The benchmark harness (bench/) on tiny inputs, so that `npm run bench`
// cannot rot: every measurement once, through the same functions the full run
// uses, and the report rendered from what they produced. Needs pkg/ built and
// the emulator binary (BX24_EMULATOR, else target/release/bx24-emulator).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openSession } from '../bench/lib/session.mjs';
import { renderResults, targets } from '../bench/lib/report.mjs';
import { measureSize } from '../bench/measure/size.mjs';
import { measureColdStart } from '../bench/measure/cold-start.mjs';
import { measurePerCall } from '../bench/measure/per-call.mjs';
import { measureMemory } from '../bench/measure/memory.mjs';
import { measureBulk } from '../bench/measure/bulk.mjs';

const BULK = 20;
const session = await openSession({ bulkItems: BULK });
after(() => session.close());

const config = {
  runs: 1,
  perCall: { calls: 100, invalidCalls: 100, warmRounds: 3 },
  memory: { warmCalls: 10, calls: 100 },
  bulk: { items: BULK, sequentialItems: 5, timeoutMs: 5_000 },
};
const results = { config };
const CONTENDERS = ['module', 'sdk', 'plain'];

const isPositive = (x, what) => assert.ok(Number.isFinite(x) && x > 0, `${what}: ${x}`);
const isSummary = (s, what, check = isPositive) => {
  for (const key of ['median', 'min', 'max']) check(s[key], `${what}.${key}`);
  assert.ok(s.min <= s.median && s.median <= s.max, `${what}: min ≤ median ≤ max`);
};
// A page's clock is coarsened (100 µs in Chromium without cross-origin
// isolation), and 100 calls of a plain wrapper can take less than one tick: a
// per-call time of 0 is a real reading on these tiny inputs, not a failure.
const isTiming = (x, what) => assert.ok(Number.isFinite(x) && x >= 0, `${what}: ${x}`);

test('size: bytes for every contender, the SDK bundled by esbuild', async () => {
  results.size = await measureSize({ session });
  for (const c of [...CONTENDERS, 'sdkHarness']) {
    isPositive(results.size[c].raw, `${c} raw`);
    isPositive(results.size[c].gzip, `${c} gzip`);
  }
  assert.ok(results.size.sdk.raw > 10_000, 'the SDK bundle holds the SDK');
});

test('cold start: ready and first call, in ms, for every contender', async () => {
  results.coldStart = await measureColdStart({ runs: 1, session });
  for (const c of CONTENDERS) {
    isSummary(results.coldStart[c].ready, `${c} ready`);
    assert.ok(results.coldStart[c].firstCall.median >= results.coldStart[c].ready.median);
  }
});

test('per call: ns per call; invalid input is rejected, and the module sends none of it', async () => {
  results.perCall = await measurePerCall({ runs: 1, ...config.perCall, session });
  for (const c of CONTENDERS) {
    const r = results.perCall[c];
    isSummary(r.nsPerCall, `${c} ns/call`, isTiming);
    isSummary(r.nsPerInvalid, `${c} ns/invalid`, isTiming);
    assert.equal(r.validFailed, 0, `${c}: every valid call resolved`);
    assert.equal(r.invalidRejected, 100, `${c}: every invalid call rejected`);
  }
  for (const c of ['module', 'plain']) isSummary(results.perCall[c].nsPerCallWarm, `${c} warm ns/call`, isTiming);
  assert.equal(results.perCall.sdk.nsPerCallWarm, null, 'the SDK is not timed warm');
  assert.equal(results.perCall.module.invalidDispatched, 0);
  assert.equal(results.perCall.plain.invalidDispatched, 100);
});

test('memory: JS heap for every contender, wasm linear memory for the module', async () => {
  results.memory = await measureMemory({ runs: 1, ...config.memory, session });
  for (const c of CONTENDERS) {
    isSummary(results.memory[c].heap.early, `${c} heap`);
    isSummary(results.memory[c].heap.late, `${c} heap`);
  }
  isSummary(results.memory.module.wasm.late, 'wasm memory');
  assert.equal(results.memory.sdk.wasm, null);
});

test('bulk: every contender against the emulator; the batching ones complete in one request', async () => {
  results.bulk = await measureBulk({ runs: 1, sequentialRuns: 1, ...config.bulk, session });
  const b = results.bulk;
  for (const key of ['floor', 'module', 'sdk', 'plain-all', 'plain-sequential']) {
    isSummary(b[key].ms, `${key} ms`);
    assert.ok(b[key].complete, `${key}: final state complete (${b[key].storedMin}/${b[key].items})`);
    assert.equal(b[key].maxErrors, 0, `${key}: no error reached the caller`);
  }
  for (const key of ['floor', 'module', 'sdk']) assert.equal(b[key].requests.max, 1, `${key}: one batch request`);
  assert.equal(b['plain-all'].requests.max, BULK);
  isPositive(b['plain-sequential'].extrapolatedSummary.ms, 'extrapolated ms');
  assert.equal(b.probes.module.requests, 0, 'an invalid status is not sent');
  assert.equal(b.probes.module.code, '');
  assert.equal(b.probes.sdk.requests, 1);
});

test('report: one table with every measurement, and a verdict for every target', () => {
  const text = renderResults(results, {
    machine: { cpu: 'cpu', cores: '2', memory: '1 GiB', os: 'os', node: process.version, chromium: 'x' },
    date: new Date().toISOString(),
    elapsedMs: 1,
    sdkVersion: '2.2.0',
  });
  for (const heading of ['1. Shipped size', '2. Cold start', '3. Per call', '3. Per call, warm', '3. Invalid status', '4. wasm linear memory', '4. JS heap', '5. Bulk']) {
    assert.ok(text.includes(heading), `the table has "${heading}"`);
  }
  // (The notes quote the stub's `error: () => undefined`.)
  assert.ok(!/NaN|undefined/.test(text.replaceAll('error: () => undefined', '')), 'no NaN or undefined in the report');
  assert.equal(targets(results).length, 10);
});
