// Bulk harness: one contender (?contender=module|plain|sdk|floor) against the
// portal emulator over loopback HTTP. `window.bench.bulk(items, options)`
// sends every {eventId, status} and reports the wall time and the errors that
// reached the caller; start-up (module init, BX24.init, SDK frame init) is done
// before the clock starts.
import { loadContender } from './contenders.js';

const name = new URLSearchParams(window.location.search).get('contender');
const contender = name === 'floor' ? null : await loadContender(name, 'emulator');
await new Promise((resolve) => BX24.init(resolve));

const BATCH = 50;
const METHOD = 'calendar.meeting.status.set';
const chunks = (items) => Array.from({ length: Math.ceil(items.length / BATCH) }, (_, i) => items.slice(i * BATCH, (i + 1) * BATCH));

// BX24.js never calls back on a 5xx, so a hand-written caller needs its own
// timeout; one that expires counts as an error that reached the caller.
function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'TIMEOUT' })), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });
}

// What a caller sees as the error code, whoever raised it.
function codeOf(error) {
  if (error?.ex) return error.ex.error || `HTTP ${error.status}`; // BX24.js ajaxError
  return error?.code || error?.message || String(error);
}

const runners = {
  // This module: one call, it batches, limits and retries itself.
  async module(items) {
    const results = await contender.bulk(items);
    return { errors: results.filter((r) => !r.ok).map((r) => codeOf(r.error)) };
  },
  // The plain wrapper, one change after another.
  // Also says when the first error came, to extrapolate past the burst.
  async 'plain-sequential'(items, { timeoutMs }) {
    const errors = [];
    let firstError = null;
    const start = performance.now();
    for (const [index, item] of items.entries()) {
      const startedAt = performance.now() - start;
      try {
        await withTimeout(contender.call(item.eventId, item.status), timeoutMs);
      } catch (error) {
        errors.push(codeOf(error));
        firstError ??= { index, startedAt };
      }
    }
    return { errors, firstError };
  },
  // The plain wrapper, every change at once.
  async 'plain-all'(items, { timeoutMs }) {
    const settled = await Promise.allSettled(items.map((item) => withTimeout(contender.call(item.eventId, item.status), timeoutMs)));
    return { errors: settled.filter((s) => s.status === 'rejected').map((s) => codeOf(s.reason)) };
  },
  // The physical floor: ceil(n/50) BX24.callBatch requests of 50, all at once.
  async floor(items, { timeoutMs }) {
    const requests = chunks(items).map(async (chunk) => {
      const cmd = chunk.map((item) => [METHOD, { eventId: item.eventId, status: item.status }]);
      try {
        const answers = await withTimeout(new Promise((resolve) => BX24.callBatch(cmd, resolve, false)), timeoutMs);
        // A refused batch answers with one ajaxResult instead of one per command.
        if (!Array.isArray(answers)) return chunk.map(() => codeOf(answers.error()));
        return answers.map((answer) => answer.error()).filter(Boolean).map(codeOf);
      } catch (error) {
        return chunk.map(() => codeOf(error));
      }
    });
    return { errors: (await Promise.all(requests)).flat() };
  },
  // The SDK's chunking helper: batches of 50, one after another, halt off.
  async sdk(items) {
    const calls = items.map((item) => [METHOD, { eventId: item.eventId, status: item.status }]);
    let result;
    try {
      result = await contender.b24.actions.v2.batchByChunk.make({ calls, options: { isHaltOnError: false } });
    } catch (error) {
      return { errors: Array(items.length).fill(codeOf(error)) };
    }
    // batchByChunk returns the results of the commands that succeeded only.
    const failed = items.length - result.getData().length;
    const messages = result.getErrorMessages();
    return { errors: Array.from({ length: failed }, (_, i) => messages[i] ?? 'FAILED') };
  },
};

/** `options.runner`: a key of `runners` (default: the contender's name); `options.timeoutMs` for hand-written callers. */
async function bulk(items, { runner = name, timeoutMs = 10_000 } = {}) {
  const start = performance.now();
  const outcome = await runners[runner](items, { timeoutMs });
  return { ms: performance.now() - start, ...outcome };
}

/** One call with status 'maybe' (the portal answers 400, error ""): what reaches the caller. */
async function invalidProbe(eventId) {
  try {
    await withTimeout(contender.call(eventId, 'maybe'), 10_000);
    return { rejected: false };
  } catch (e) {
    if (e?.ex) return { rejected: true, code: e.ex.error, description: e.ex.error_description, status: e.status };
    return { rejected: true, code: e?.code, description: e?.description ?? e?.message, status: e?.status };
  }
}

window.bench = { bulk, invalidProbe };
document.body.dataset.ready = 'true';
