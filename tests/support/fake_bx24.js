// A stand-in for BX24.js with the real library's callback semantics:
// - init(cb) runs cb asynchronously, once the (pretend) parent frame answered;
// - callMethod answers asynchronously with an ajaxResult (data(), error(),
//   answer, query, status); error() gives an ajaxError {status, ex} whose
//   toString() is "error: description (status)";
// - 2xx and 4xx are answers, but on a 5xx or a network error the real library
//   throws inside its XHR handler and never calls back: so does this one.
// Each test installs a fresh one as globalThis.BX24 and scripts its replies.

class AjaxError {
  constructor(status, ex) {
    this.status = status;
    this.ex = ex;
  }
  toString() {
    return `${this.ex.error}: ${this.ex.error_description} (${this.status})`;
  }
}

class AjaxResult {
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

  callMethod(method, params, callback) {
    this.log.push({ method, params: JSON.parse(JSON.stringify(params)) });
    if (!this.ready) this.callsBeforeInit += 1;
    const reply = this.reply(method, params, this.log.length - 1);
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
    setTimeout(deliver, reply.delayMs ?? 0);
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
