// Fakes for the hostile suite: a well-behaved BX24 (BX24.js callback
// semantics, after tests/support/fake_bx24.js), a fake `fetch` that answers
// like a portal, well-behaved SDK clients, and the misbehaving-BX24 cases.
//
// Design rule: a fake never throws on its own from a timer or a callback it
// scheduled. Everything a fake does asynchronously goes through a Harness,
// which catches what the *module's* callback throws and reports it against
// the case, so only the module's behaviour is measured.

import { THROWN, allTrapsProxy, describe, revokedProxy } from './generate.mjs';
import { AjaxResult } from '../support/fake_bx24.js';

const now = () => performance.now();


export const SAMPLE_EVENT = {
  ID: '1001',
  NAME: 'Planning',
  DATE_FROM: '01.12.2026 10:00:00',
  DATE_TO: '01.12.2026 11:00:00',
  DATE_FROM_TS_UTC: '1795941600',
  DATE_TO_TS_UTC: '1795945200',
  LOCATION: '',
  IS_MEETING: true,
  MEETING_STATUS: 'Y',
  MEETING_HOST: '1',
  ATTENDEE_LIST: [{ id: 1, entryId: 1001, status: 'H' }, { id: 2, entryId: 1002, status: 'Y' }],
};

/** What a healthy portal answers to `method`: {status, answer}. */
export function goodAnswer(method) {
  switch (method) {
    case 'calendar.meeting.status.set':
      return { status: 200, answer: { result: true } };
    case 'calendar.meeting.status.get':
      return { status: 200, answer: { result: 'Y' } };
    case 'calendar.event.get.nearest':
      return { status: 200, answer: { result: [SAMPLE_EVENT] } };
    default:
      return { status: 404, answer: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } };
  }
}

const EXPIRED = { status: 401, answer: { error: 'expired_token', error_description: 'The access token provided has expired.' } };

/**
 * Schedules fake work, delivers to the module's callbacks, and reports what
 * the module does wrong there (`report(category, detail)`).
 */
export class Harness {
  constructor(report) {
    this.report = report;
    this.pending = 0;
  }
  later(fn, ms = 0) {
    this.pending += 1;
    setTimeout(() => {
      this.pending -= 1;
      try {
        fn();
      } catch (e) {
        this.report('suite-bug', `a fake threw on its own: ${describe(e)}`);
      }
    }, ms);
  }
  /** Calls the module's callback `cb` as BX24.js would; reports if it throws. */
  deliver(what, cb, ...args) {
    if (typeof cb !== 'function') {
      this.report('bad-callback', `the module passed ${describe(cb)} as the ${what} callback`);
      return;
    }
    try {
      cb(...args);
    } catch (e) {
      this.report('callback-threw', `the module's ${what} callback threw when BX24 called it: ${describe(e)}`);
    }
  }
  /** Resolves once nothing the fakes scheduled is left, or after maxMs. */
  idle(maxMs) {
    const start = now();
    return new Promise((resolve) => {
      const tick = () => {
        if (this.pending === 0 || now() - start > maxMs) resolve();
        else setTimeout(tick, 5);
      };
      tick();
    });
  }
}

function batchEntries(calls) {
  // [method, params] or {method, params}, in an array or an object
  const keys = Array.isArray(calls) ? calls.map((_, i) => i) : Object.keys(calls ?? {});
  return keys.map((k) => {
    const call = calls[k];
    const method = Array.isArray(call) ? call[0] : call?.method;
    return [k, method];
  });
}

/**
 * A BX24 that behaves like BX24.js on a healthy portal. `state.expired`
 * makes it answer 401 expired_token until refreshAuth calls back.
 */
export function goodBx24(h, state = {}) {
  const answer = (method) => (state.expired ? EXPIRED : goodAnswer(method));
  return {
    init(cb) {
      h.later(() => h.deliver('init', cb), 0);
    },
    callMethod(method, params, cb) {
      const { status, answer: a } = answer(method);
      h.later(() => h.deliver('callMethod', cb, new AjaxResult(a, { method, data: params }, status)), 0);
    },
    callBatch(calls, cb) {
      let results;
      try {
        const entries = batchEntries(calls);
        results = Array.isArray(calls) ? [] : {};
        for (const [k, method] of entries) {
          const { status, answer: a } = answer(method);
          results[k] = new AjaxResult(a, { method }, status);
        }
      } catch (e) {
        h.report('suite-bug', `the good BX24 could not read the batch: ${describe(e)}`);
        return;
      }
      h.later(() => h.deliver('callBatch', cb, results), 0);
    },
    refreshAuth(cb) {
      h.later(() => {
        state.expired = false;
        h.deliver('refreshAuth', cb, { access_token: 'fresh' });
      }, 1);
    },
    getAuth() {
      return { access_token: 'token', domain: 'portal.example' };
    },
  };
}

/** A `fetch` that answers like a portal, for the webhook and OAuth transports. */
export function makeFetch(h) {
  return function fetch(input, init) {
    return new Promise((resolve, reject) => {
      let url = '';
      let body = {};
      try {
        url = typeof input === 'string' ? input : String(input?.url ?? input);
        const text = init?.body;
        body = typeof text === 'string' && text ? JSON.parse(text) : {};
      } catch {
        body = null;
      }
      const signal = init?.signal;
      const abort = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
      if (signal?.aborted) {
        abort();
        return;
      }
      signal?.addEventListener?.('abort', abort);
      const m = /\/([^/?#]+)\.json(?:[?#]|$)/.exec(url);
      const method = m ? decodeURIComponent(m[1]) : '';
      let status;
      let answer;
      if (body === null || typeof body !== 'object') {
        status = 400;
        answer = { error: 'INVALID_REQUEST', error_description: 'Bad body' };
      } else if (body.auth === 'expired-token') {
        ({ status, answer } = EXPIRED);
      } else if (method === 'batch') {
        const result = {};
        for (const [key, cmd] of Object.entries(body.cmd ?? {})) {
          const name = String(cmd).split('?')[0];
          result[key] = goodAnswer(name).answer.result;
        }
        status = 200;
        answer = { result: { result, result_error: [], result_total: [], result_next: [], result_time: {} }, time: {} };
      } else {
        ({ status, answer } = goodAnswer(method));
      }
      h.later(() => {
        signal?.removeEventListener?.('abort', abort);
        resolve(new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } }));
      }, 0);
    });
  };
}

class SdkResult {
  constructor(method) {
    this.method = method;
  }
  get isSuccess() {
    return true;
  }
  getData() {
    return { result: goodAnswer(this.method).answer.result, time: {} };
  }
  getErrors() {
    return [];
  }
  getStatus() {
    return 200;
  }
}

/** A well-behaved official-SDK-like client: 'v2' (actions.v2) or 'legacy'. */
export function goodSdk(h, api) {
  const later = (value) => new Promise((resolve) => h.later(() => resolve(value), 0));
  const batch = (calls) => {
    const methods = batchEntries(calls).map(([, m]) => m);
    return later({
      isSuccess: true,
      getData: () => methods.map((m) => new SdkResult(m)),
      getErrorsByKey: () => [],
    });
  };
  if (api === 'legacy') {
    return {
      callMethod: (method) => later(new SdkResult(method)),
      callBatch: (calls) => batch(calls),
    };
  }
  return {
    actions: {
      v2: {
        call: { make: ({ method }) => later(new SdkResult(method)) },
        batch: { make: ({ calls }) => batch(calls) },
      },
    },
  };
}

// ------------------------------------------------ the misbehaving-BX24 cases
// Each case: [name, make(h, c) → {bx24} | {getter}, opts?]. `c.id` tags what
// it throws. The suite installs the result as globalThis.BX24, makes four
// calls (set, get, nearest, a bulk of 3) and checks each.

function throwing(c, where, kind) {
  const [what, make] = THROWN[kind];
  return [what, () => {
    throw make(`hostile ${c.id}: ${where}`);
  }];
}

function garbageResults(c) {
  const tag = (w) => `hostile ${c.id}: ${w}`;
  const ajax = (o) => Object.assign(Object.create({ answer: {}, query: {}, status: 200 }), o);
  return [
    ['undefined', () => undefined],
    ['null', () => null],
    ['0', () => 0],
    ['a string', () => 'garbage'],
    ['{} (no error(), no data())', () => ({})],
    ['a function', () => function f() {}],
    ['[]', () => []],
    ['a throwing Proxy', () => allTrapsProxy({}, tag('result proxy'))],
    ['a revoked Proxy', () => revokedProxy({})],
    ['{error: 5, data: 5}', () => ({ error: 5, data: 5 })],
    ['error() returning Object.create(null)', () => ajax({ error: () => Object.create(null), data: () => true })],
    ['error() returning a throwing Proxy', () => ajax({ error: () => allTrapsProxy({}, tag('error() proxy')), data: () => true })],
    ['error() throwing an Error', () => ajax({ error: () => { throw new Error(tag('error()')); }, data: () => true })],
    ['error() throwing a string', () => ajax({ error: () => { throw tag('error()'); }, data: () => true })],
    ['data() throwing', () => ajax({ error: () => undefined, data: () => { throw new Error(tag('data()')); } })],
    ['data() throwing a throwing Proxy', () => ajax({ error: () => undefined, data: () => { throw allTrapsProxy({}, tag('data() thrown proxy')); } })],
    ['error() returning {status: get→throws}', () => ajax({ error: () => Object.defineProperty({}, 'status', { get() { throw new Error(tag('status getter')); } }), data: () => true })],
    ['error() returning {status: 400, ex: throwing Proxy}', () => ajax({ error: () => ({ status: 400, ex: allTrapsProxy({}, tag('ex proxy')) }), data: () => true })],
    ['error() returning {status: 400, ex: {error: 7, error_description: Symbol()}}', () => ajax({ error: () => ({ status: 400, ex: { error: 7, error_description: Symbol('d') } }), data: () => true })],
    ['error() returning an object whose toString throws (no ex)', () => ajax({ error: () => ({ status: 400, toString() { throw new Error(tag('toString')); } }), data: () => true })],
    ['error() returning a revoked Proxy', () => ajax({ error: () => revokedProxy({}), data: () => true })],
    ['error() returning {status: 1e300, ex: {error: "X", error_description: 1 MB}}', () => ajax({ error: () => ({ status: 1e300, ex: { error: 'X', error_description: 'd'.repeat(1 << 20) } }), data: () => true })],
    ['error() returning a non-empty string', () => ajax({ error: () => 'broken', data: () => true })],
    ['data() returning a throwing Proxy', () => ajax({ error: () => undefined, data: () => allTrapsProxy({}, tag('data proxy')) })],
    ['data() returning a thenable whose then getter throws', () => ajax({ error: () => undefined, data: () => Object.defineProperty({}, 'then', { get() { throw new Error(tag('then getter')); } }) })],
    ['data() returning a 1 MB string', () => ajax({ error: () => undefined, data: () => 'Y'.repeat(1 << 20) })],
    ['data() returning a Symbol', () => ajax({ error: () => undefined, data: () => Symbol('data') })],
    ['data() returning {length: 2**32-1}', () => ajax({ error: () => undefined, data: () => ({ length: 2 ** 32 - 1 }) })],
    ['data() returning an array of throwing Proxies', () => ajax({ error: () => undefined, data: () => [allTrapsProxy({}, tag('event proxy')), allTrapsProxy({}, tag('event proxy'))] })],
    ['data() returning an event with throwing getters', () => ajax({ error: () => undefined, data: () => [Object.defineProperty({ ID: 1 }, 'NAME', { get() { throw new Error(tag('NAME getter')); }, enumerable: true })] })],
  ];
}

function garbageBatches(c) {
  const tag = (w) => `hostile ${c.id}: ${w}`;
  const good = (m = 'calendar.meeting.status.set') => new AjaxResult(goodAnswer(m).answer, { method: m }, 200);
  return [
    ['undefined', () => undefined],
    ['null', () => null],
    ['[]', () => []],
    ['a string', () => 'garbage'],
    ['{}', () => ({})],
    ['one result for three calls', () => [good()]],
    ['results with holes', () => [good(), , good()]], // eslint-disable-line no-sparse-arrays
    ['results keyed as an object', () => ({ 0: good(), 1: good(), 2: good() })],
    ['a Proxy array whose length throws', () => new Proxy([good(), good(), good()], { get: (o, k, r) => { if (k === 'length') throw new Error(tag('length')); return Reflect.get(o, k, r); } })],
    ['a Proxy array whose every trap throws', () => allTrapsProxy([good(), good(), good()], tag('batch proxy'))],
    ['[null, 5, {}]', () => [null, 5, {}]],
    ['results whose error() returns Object.create(null)', () => [0, 1, 2].map(() => Object.assign(good(), { error: () => Object.create(null) }))],
    ['results whose data() throws', () => [0, 1, 2].map(() => Object.assign(good(), { data: () => { throw new Error(tag('batch data()')); } }))],
    ['results whose error() returns a throwing Proxy', () => [0, 1, 2].map(() => Object.assign(good(), { error: () => allTrapsProxy({}, tag('batch error proxy')) }))],
    ['a sparse array: r[100000] = result', () => { const r = [good()]; r[100000] = good(); return r; }],
  ];
}

export function bx24Cases() {
  const cases = [];
  const add = (name, make, opts, settings) => cases.push({ name, make, opts, settings });

  // callMethod / callBatch throw every kind of value
  for (const target of ['callMethod', 'callBatch']) {
    for (let k = 0; k < THROWN.length; k++) {
      add(`${target} throws ${THROWN[k][0]}`, (h, c) => {
        const b = goodBx24(h);
        b[target] = throwing(c, target, k)[1];
        return { bx24: b };
      });
    }
  }

  // how often and when they call back
  const timing = [
    ['calls back twice', (h, what, cb, r) => h.later(() => { h.deliver(what, cb, r()); h.deliver(what, cb, r()); })],
    ['calls back twice, 20 ms apart', (h, what, cb, r) => { h.later(() => h.deliver(what, cb, r())); h.later(() => h.deliver(what, cb, r()), 20); }],
    ['calls back synchronously', (h, what, cb, r) => h.deliver(what, cb, r())],
    ['calls back synchronously twice', (h, what, cb, r) => { h.deliver(what, cb, r()); h.deliver(what, cb, r()); }],
    ['calls back synchronously, then throws', (h, what, cb, r, c) => { h.deliver(what, cb, r()); throw new Error(`hostile ${c.id}: after the callback`); }],
    ['never calls back', () => {}],
    ['calls back 400 ms later (after the timeout)', (h, what, cb, r) => h.later(() => h.deliver(what, cb, r()), 400)],
  ];
  for (const [name, schedule] of timing) {
    add(`callMethod ${name}`, (h, c) => {
      const b = goodBx24(h);
      b.callMethod = (method, params, cb) => schedule(h, 'callMethod', cb, () => new AjaxResult(goodAnswer(method).answer, { method }, 200), c);
      return { bx24: b };
    });
    add(`callBatch ${name}`, (h, c) => {
      const b = goodBx24(h);
      b.callBatch = (calls, cb) => {
        const methods = batchEntries(calls).map(([, m]) => m);
        schedule(h, 'callBatch', cb, () => methods.map((m) => new AjaxResult(goodAnswer(m).answer, { method: m }, 200)), c);
      };
      return { bx24: b };
    });
  }

  // garbage answers
  for (let i = 0; i < garbageResults({ id: 'x' }).length; i++) {
    add(`callMethod calls back with ${garbageResults({ id: 'x' })[i][0]}`, (h, c) => {
      const b = goodBx24(h);
      const make = garbageResults(c)[i][1];
      b.callMethod = (method, params, cb) => h.later(() => h.deliver('callMethod', cb, make()));
      return { bx24: b };
    });
  }
  for (let i = 0; i < garbageBatches({ id: 'x' }).length; i++) {
    add(`callBatch calls back with ${garbageBatches({ id: 'x' })[i][0]}`, (h, c) => {
      const b = goodBx24(h);
      const make = garbageBatches(c)[i][1];
      b.callBatch = (calls, cb) => h.later(() => h.deliver('callBatch', cb, make()));
      return { bx24: b };
    });
  }

  // accessors and shapes of BX24 itself
  const getterThrows = (key) => (h, c) => {
    const b = goodBx24(h, { expired: key === 'refreshAuth' });
    Object.defineProperty(b, key, { get() { throw new Error(`hostile ${c.id}: ${key} getter`); }, configurable: true });
    return { bx24: b };
  };
  add('a callMethod getter that throws', getterThrows('callMethod'));
  add('a callBatch getter that throws', getterThrows('callBatch'));
  add('an init getter that throws', getterThrows('init'));
  add('a refreshAuth getter that throws (tokens expired)', getterThrows('refreshAuth'));
  add('a callMethod getter that works once, then throws', (h, c) => {
    const b = goodBx24(h);
    const real = b.callMethod;
    let n = 0;
    Object.defineProperty(b, 'callMethod', { get() { if (n++ > 0) throw new Error(`hostile ${c.id}: callMethod getter`); return real; } });
    return { bx24: b };
  });
  add('callMethod is 5', (h) => ({ bx24: Object.assign(goodBx24(h), { callMethod: 5 }) }));
  add('callBatch is missing', (h) => { const b = goodBx24(h); delete b.callBatch; return { bx24: b }; });
  add('init is 5', (h) => ({ bx24: Object.assign(goodBx24(h), { init: 5 }) }));
  add('refreshAuth is missing (tokens expired)', (h) => { const b = goodBx24(h, { expired: true }); delete b.refreshAuth; return { bx24: b }; });
  add('BX24 is a Proxy whose every trap throws', (h, c) => ({ bx24: allTrapsProxy(goodBx24(h), `hostile ${c.id}: BX24 proxy`) }));
  add('BX24 is a revoked Proxy', () => ({ bx24: revokedProxy({}) }));
  add('BX24 is a Proxy whose get trap throws', (h, c) => ({ bx24: new Proxy(goodBx24(h), { get() { throw new Error(`hostile ${c.id}: BX24 get trap`); } }) }));
  add('BX24 is a Proxy whose getPrototypeOf and has traps throw', (h, c) => ({ bx24: new Proxy(goodBx24(h), { getPrototypeOf() { throw new Error(`hostile ${c.id}: BX24 getPrototypeOf`); }, has() { throw new Error(`hostile ${c.id}: BX24 has`); } }) }));
  add('BX24 is 5', () => ({ bx24: 5 }));
  add('BX24 is a string', () => ({ bx24: 'BX24' }));
  add('BX24 is a function carrying good methods', (h) => ({ bx24: Object.assign(function BX24() {}, goodBx24(h)) }));
  add('BX24 has a null prototype', (h) => ({ bx24: Object.assign(Object.create(null), goodBx24(h)) }));
  add('BX24 is frozen', (h) => ({ bx24: Object.freeze(goodBx24(h)) }));
  add('globalThis.BX24 is a getter that throws', (h, c) => ({ getter() { throw new Error(`hostile ${c.id}: globalThis.BX24 getter`); } }));
  add('globalThis.BX24 is a getter giving a new BX24 each read', (h) => ({ getter: () => goodBx24(h) }));
  add('globalThis.BX24 is a getter that throws a throwing Proxy', (h, c) => ({ getter() { throw allTrapsProxy({}, `hostile ${c.id}: thrown by the BX24 getter`); } }));

  // init
  const initCase = (name, init) => add(`init ${name}`, (h, c) => {
    const b = goodBx24(h);
    b.init = (cb) => init(h, cb, c);
    return { bx24: b };
  });
  initCase('never calls back', () => {});
  initCase('calls back twice', (h, cb) => h.later(() => { h.deliver('init', cb); h.deliver('init', cb); }));
  initCase('calls back synchronously', (h, cb) => h.deliver('init', cb));
  initCase('calls back synchronously twice', (h, cb) => { h.deliver('init', cb); h.deliver('init', cb); });
  initCase('throws an Error', (h, cb, c) => { throw new Error(`hostile ${c.id}: init`); });
  initCase('throws a string', (h, cb, c) => { throw `hostile ${c.id}: init`; }); // eslint-disable-line no-throw-literal
  initCase('throws a throwing Proxy', (h, cb, c) => { throw allTrapsProxy({}, `hostile ${c.id}: init thrown proxy`); });
  initCase('calls back 400 ms later', (h, cb) => h.later(() => h.deliver('init', cb), 400));
  initCase('deletes BX24, then calls back', (h, cb) => h.later(() => { delete globalThis.BX24; h.deliver('init', cb); }));
  initCase('replaces BX24 by a throwing Proxy, then calls back', (h, cb, c) => h.later(() => { globalThis.BX24 = allTrapsProxy({}, `hostile ${c.id}: replacement`); h.deliver('init', cb); }));

  // refreshAuth, reached through expired_token answers
  const refreshCase = (name, refresh) => add(`tokens expired; refreshAuth ${name}`, (h, c) => {
    const state = { expired: true };
    const b = goodBx24(h, state);
    b.refreshAuth = (cb) => refresh(h, cb, c, state);
    return { bx24: b };
  });
  refreshCase('throws an Error', (h, cb, c) => { throw new Error(`hostile ${c.id}: refreshAuth`); });
  refreshCase('throws a string', (h, cb, c) => { throw `hostile ${c.id}: refreshAuth`; }); // eslint-disable-line no-throw-literal
  refreshCase('throws a throwing Proxy', (h, cb, c) => { throw allTrapsProxy({}, `hostile ${c.id}: refreshAuth thrown proxy`); });
  refreshCase('never calls back', () => {});
  refreshCase('calls back twice', (h, cb, c, s) => h.later(() => { s.expired = false; h.deliver('refreshAuth', cb, {}); h.deliver('refreshAuth', cb, {}); }));
  refreshCase('calls back synchronously', (h, cb, c, s) => { s.expired = false; h.deliver('refreshAuth', cb, {}); });
  refreshCase('calls back, but the tokens stay expired', (h, cb) => h.later(() => h.deliver('refreshAuth', cb, {})));
  refreshCase('calls back with a throwing Proxy', (h, cb, c, s) => h.later(() => { s.expired = false; h.deliver('refreshAuth', cb, allTrapsProxy({}, `hostile ${c.id}: auth proxy`)); }));

  // BX24 replaced or deleted mid-flight
  const midFlight = (name, act, callBack = true) => add(`callMethod ${name}`, (h, c) => {
    const b = goodBx24(h);
    b.callMethod = (method, params, cb) => h.later(() => {
      act(h, c);
      if (callBack) h.deliver('callMethod', cb, new AjaxResult(goodAnswer(method).answer, { method }, 200));
    });
    return { bx24: b };
  });
  midFlight('deletes BX24, then calls back', () => { delete globalThis.BX24; });
  midFlight('deletes BX24 and never calls back', () => { delete globalThis.BX24; }, false);
  midFlight('replaces BX24 by a good one, then calls back', (h) => { globalThis.BX24 = goodBx24(h); });
  midFlight('replaces BX24 by a throwing Proxy, then calls back', (h, c) => { globalThis.BX24 = allTrapsProxy({}, `hostile ${c.id}: replacement`); });
  midFlight('replaces BX24 by a throwing getter, then calls back', (h, c) => {
    Object.defineProperty(globalThis, 'BX24', { get() { throw new Error(`hostile ${c.id}: BX24 getter`); }, configurable: true });
  });
  add('callBatch deletes BX24, then calls back', (h) => {
    const b = goodBx24(h);
    b.callBatch = (calls, cb) => {
      const methods = batchEntries(calls).map(([, m]) => m);
      h.later(() => {
        delete globalThis.BX24;
        h.deliver('callBatch', cb, methods.map((m) => new AjaxResult(goodAnswer(m).answer, { method: m }, 200)));
      });
    };
    return { bx24: b };
  });

  // answers that ask for long waits: every wait must stay within the bound
  const answering = (name, reply, opts) => add(name, (h) => {
    const b = goodBx24(h);
    const batchReply = (calls) => batchEntries(calls).map(() => { const r = reply(); return new AjaxResult(r.answer, {}, r.status); });
    b.callMethod = (method, params, cb) => { const r = reply(method); h.later(() => h.deliver('callMethod', cb, new AjaxResult(r.answer, { method }, r.status))); };
    b.callBatch = (calls, cb) => { const rs = batchReply(calls); h.later(() => h.deliver('callBatch', cb, rs)); };
    return { bx24: b };
  }, opts);
  const limit = (seconds) => () => ({ status: 429, answer: { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.', time: { operating_reset_at: Date.now() / 1000 + seconds } } });
  answering('answers OPERATION_TIME_LIMIT with a reset 30 days ahead', limit(30 * 86400));
  answering('answers OPERATION_TIME_LIMIT with a reset 1 hour ahead', limit(3600));
  answering('answers OPERATION_TIME_LIMIT with a reset in the past', limit(-3600));
  answering('answers OPERATION_TIME_LIMIT with operating_reset_at NaN-like', () => ({ status: 429, answer: { error: 'OPERATION_TIME_LIMIT', error_description: 'x', time: { operating_reset_at: 'soon' } } }));
  answering('answers QUERY_LIMIT_EXCEEDED (503) and calls back every time', () => ({ status: 503, answer: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' } }));
  answering('answers 500 INTERNAL_SERVER_ERROR every time', () => ({ status: 500, answer: { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' } }));
  answering('answers expired_token forever (refreshAuth works)', () => EXPIRED);
  add('callMethod and callBatch never call back', (h) => {
    const b = goodBx24(h);
    b.callMethod = () => {};
    b.callBatch = () => {};
    return { bx24: b };
  }, { timeoutMs: null });
  add('init never calls back', (h) => {
    const b = goodBx24(h);
    b.init = () => {};
    return { bx24: b };
  }, { timeoutMs: null });
  add('no BX24 at all', () => ({ remove: true }));

  // valid settings whose waits cannot fit the bound: they must reject at once
  add('a good BX24; configure({rateLimit: {burst: 2, perSecond: 0.001}})', (h) => ({ bx24: goodBx24(h) }), undefined, { rateLimit: { burst: 2, perSecond: 0.001 } });
  add('a good BX24; configure({rateLimit: {burst: 1, perSecond: 0.01}})', (h) => ({ bx24: goodBx24(h) }), undefined, { rateLimit: { burst: 1, perSecond: 0.01 } });

  return cases;
}

// ----------------------------------------- a hostile environment, once each
// A global the module relies on throws once when the module calls it (told
// apart from the suite's own calls by the glue in the stack). Each runs in
// its own segment (a fresh instance), followed by that segment's recovery check.

const fromModule = () => /bx24_meeting|wasm/.test(new Error().stack ?? '');

function throwOnce(object, key, c) {
  const original = object[key];
  let armed = true;
  const replacement = function hostileGlobal(...args) {
    if (armed && fromModule()) {
      armed = false;
      throw new Error(`hostile ${c.id}: ${key} threw`);
    }
    return original.apply(this, args);
  };
  object[key] = replacement;
  return {
    uninstall() {
      if (object[key] === replacement) object[key] = original;
    },
    fired: () => !armed,
  };
}

export const ENV_CASES = [
  ['performance.now throws once, when the module calls it', (c) => throwOnce(performance, 'now', c)],
  ['Date.now throws once, when the module calls it', (c) => throwOnce(Date, 'now', c)],
  ['setTimeout throws once, when the module calls it', (c) => throwOnce(globalThis, 'setTimeout', c)],
  ['clearTimeout throws once, when the module calls it', (c) => throwOnce(globalThis, 'clearTimeout', c)],
  ['queueMicrotask throws once, when the module calls it', (c) => throwOnce(globalThis, 'queueMicrotask', c)],
];
