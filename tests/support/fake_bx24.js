// A stand-in for BX24.js with the real library's callback semantics:
// - init(cb) runs cb asynchronously, once the (pretend) parent frame answered;
// - callMethod answers asynchronously with an ajaxResult (data(), error(),
//   answer, query, status); error() gives an ajaxError {status, ex} whose
//   toString() is "error: description (status)";
// - 2xx and 4xx are answers, but on a 5xx or a network error the real library
//   throws inside its XHR handler and never calls back: so does this one.
// Each test installs a fresh one as globalThis.BX24 and scripts its replies.

export class AjaxError {
  constructor(status, ex) {
    this.status = status;
    this.ex = ex;
  }
  toString() {
    return `${this.ex.error}: ${this.ex.error_description} (${this.status})`;
  }
}

export class AjaxResult {
  constructor(answer, query, status) {
    this.answer = answer;
    this.query = query;
    this.status = status;
  }
  data() {
    return this.answer.result;
  }
  error() {
    return this.answer.error !== undefined ? new AjaxError(this.status, this.answer) : undefined;
  }
  error_description() {
    return this.answer.error_description;
  }
  more() {
    return false;
  }
  total() {
    return 0;
  }
}

export class FakeBx24 {
  constructor(initDelayMs) {
    this.initDelayMs = initDelayMs;
    this.initCalls = 0;
    this.ready = false;
    this.log = [];
    this.callsBeforeInit = 0;
    this.lateDeliveries = 0;
    this.callbackErrors = 0;
    this.consoleErrors = 0;
    this.batches = [];
    this.refreshes = 0;
    this.expired = false;
    this.bucket = null; // {burst, perSecond, level, at, overflows}
    // Default: every call succeeds with `true`.
    this.reply = () => ({ status: 200, answer: { result: true } });
  }

  init(callback) {
    this.initCalls += 1;
    if (this.initDelayMs < 0) return; // a page outside a portal frame: never ready
    setTimeout(() => {
      this.ready = true;
      callback();
    }, this.initDelayMs);
  }

  // The portal's own leaky bucket, when a test sets one: over the limit the
  // portal answers 503 QUERY_LIMIT_EXCEEDED, to which BX24.js stays silent.
  overLimit() {
    const b = this.bucket;
    if (!b) return false;
    const now = performance.now();
    b.level = Math.max(0, b.level - ((now - b.at) / 1000) * b.perSecond);
    b.at = now;
    if (b.level + 1 > b.burst) {
      b.overflows += 1;
      return true;
    }
    b.level += 1;
    return false;
  }

  answerFor(method, params) {
    if (this.expired) {
      return { status: 401, answer: { error: 'expired_token', error_description: 'The access token provided has expired.' } };
    }
    return this.reply(method, params, this.log.length - 1);
  }

  callBatch(calls, callback, haltOnError) {
    const list = calls.map(([method, params]) => ({ method, params: JSON.parse(JSON.stringify(params)) }));
    this.batches.push({ calls: list, haltOnError });
    if (this.overLimit()) return;
    const replies = list.map(({ method, params }) => {
      this.log.push({ method, params });
      return this.answerFor(method, params);
    });
    if (replies.some((r) => r.throws)) throw new Error(replies.find((r) => r.throws).throws);
    // A batch is one HTTP request: a 5xx for it means silence for all.
    if (replies.some((r) => r.status === undefined || r.status >= 500)) return;
    setTimeout(() => {
      callback(replies.map((r, i) => new AjaxResult(r.answer, { method: list[i].method, data: list[i].params }, r.status)));
    }, Math.max(0, ...replies.map((r) => r.delayMs ?? 0)));
  }

  refreshAuth(callback) {
    this.refreshes += 1;
    setTimeout(() => {
      this.expired = false;
      callback({ access_token: `token-${this.refreshes}` });
    }, 5);
  }

  callMethod(method, params, callback) {
    this.log.push({ method, params: JSON.parse(JSON.stringify(params)) });
    if (!this.ready) this.callsBeforeInit += 1;
    if (this.overLimit()) return;
    const reply = this.answerFor(method, params);
    if (reply.throws) throw new Error(reply.throws);
    const deliver = () => {
      if (reply.status >= 500 || reply.status === undefined) return; // BX24.js stays silent
      if (reply.late) this.lateDeliveries += 1;
      try {
        callback(new AjaxResult(reply.answer, { method, data: params }, reply.status));
      } catch (e) {
        this.callbackErrors += 1;
      }
    };
    // `sync: true` answers from inside callMethod, as some BX24 builds and
    // wrappers do for cached or refused requests.
    if (reply.sync) deliver();
    else setTimeout(deliver, reply.delayMs ?? 0);
  }

  // --- scripting, used by the Rust tests ---
  replyAlways(status, answerJson) {
    const answer = JSON.parse(answerJson);
    this.reply = () => ({ status, answer });
  }
  replyLate(delayMs, status, answerJson) {
    const answer = JSON.parse(answerJson);
    this.reply = () => ({ status, answer, delayMs, late: true });
  }
  replyThrowing(message) {
    this.reply = () => ({ throws: message });
  }
  // Reply to set calls by event id: multiples of 3 get a 400, the rest `true`,
  // each after a pseudo-random delay so that answers arrive out of order.
  replyMixedByEventId() {
    this.reply = (_method, params, n) => {
      const delayMs = (n * 7919) % 11;
      return params.eventId % 3 === 0
        ? { status: 400, delayMs, answer: { error: '', error_description: `refused ${params.eventId}` } }
        : { status: 200, delayMs, answer: { result: true } };
    };
  }
  // Replies in order from a JSON array of {status, answer}; the last repeats.
  replySequence(json) {
    const replies = JSON.parse(json);
    let n = 0;
    this.reply = () => replies[Math.min(n++, replies.length - 1)];
  }
  // Fails some events of a bulk: `failing` maps eventId to how many times it
  // fails with `error` (then succeeds); unknown ids succeed.
  replyFailingEvents(json, status, error) {
    const failing = JSON.parse(json);
    this.reply = (_method, params) => {
      const left = failing[params.eventId] ?? 0;
      if (left > 0) {
        failing[params.eventId] = left - 1;
        return { status, answer: { error, error_description: `${error} for ${params.eventId}` } };
      }
      return { status: 200, answer: { result: true } };
    };
  }
  setBucket(burst, perSecond) {
    this.bucket = { burst, perSecond, level: 0, at: performance.now(), overflows: 0 };
  }
  overflows() {
    return this.bucket ? this.bucket.overflows : 0;
  }
  expire() {
    this.expired = true;
  }
  batchSizesJson() {
    return JSON.stringify(this.batches.map((b) => b.calls.length));
  }
  batchHaltFlagsJson() {
    return JSON.stringify(this.batches.map((b) => b.haltOnError));
  }
  calls() {
    return this.log.length;
  }
  lastParamsJson() {
    const last = this.log[this.log.length - 1];
    return last ? JSON.stringify(last.params) : '';
  }
}

export function installFakeBx24(initDelayMs) {
  const fake = new FakeBx24(initDelayMs);
  globalThis.BX24 = fake;
  if (!globalThis.__bx24ConsoleWrapped) {
    const original = console.error;
    console.error = (...args) => {
      if (globalThis.BX24 instanceof FakeBx24) globalThis.BX24.consoleErrors += 1;
      original.apply(console, args);
    };
    globalThis.__bx24ConsoleWrapped = true;
  }
  return fake;
}

export function removeBx24() {
  delete globalThis.BX24;
}

export function installObject(value) {
  globalThis.BX24 = value;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
