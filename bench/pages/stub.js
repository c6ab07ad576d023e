// Cold start, per-call and memory harness: one contender (?contender=) over
// the instant in-page portal of bx24-stub.js / frame-stub.js.
import { loadContender } from './contenders.js';

const name = new URLSearchParams(window.location.search).get('contender');
const STATUSES = ['Y', 'N', 'Q'];

// Cold start: from here (this script running) to the first call being ready.
const t0 = performance.now();
const contender = await loadContender(name, 'stub');
const ready = performance.now() - t0;
await contender.call(1, 'Y');
const firstCall = performance.now() - t0;

// Without this the module's default leaky bucket (50 at once, 2/s) would
// throttle the loop to 2 calls a second.
contender.configure?.({ rateLimit: 'off' });

/**
 * `n` sequential calls, each awaited; `status` defaults to Y, N, Q in turn.
 * Returns the elapsed ms, how many rejected, and how many reached the portal.
 */
async function calls(n, status) {
  const call = contender.call;
  const dispatchedBefore = window.portal.dispatches;
  let rejected = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    try {
      await call(1 + (i % 1000), status ?? STATUSES[i % 3]);
    } catch {
      rejected += 1;
    }
  }
  const ms = performance.now() - start;
  return { ms, rejected, dispatched: window.portal.dispatches - dispatchedBefore };
}

/** `n` calls with an invalid status; the portal stub answers as a portal would (400, error ""). */
async function invalidCalls(n) {
  window.portal.answer = 'invalid';
  try {
    return await calls(n, 'maybe');
  } finally {
    window.portal.answer = 'ok';
  }
}

window.bench = {
  coldStart: { ready, firstCall },
  calls,
  invalidCalls,
  wasmMemoryBytes: () => contender.wasmMemoryBytes?.() ?? null,
};
document.body.dataset.ready = 'true';
