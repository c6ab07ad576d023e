// A seeded generator of hostile JavaScript values, and of the generated cases
// that drive every export and option of bx24-meeting with them.
//
// Environment-neutral (Node and the browser load this same file). Nothing
// here inspects a hostile value once it is built: every case carries a
// description written while the value was made, so that reporting a failure
// can never trip over the input itself.
//
// Determinism: case `g<i>` is built from its own generator, seeded from
// (seed, i) alone, so `HOSTILE_SEED=<seed> HOSTILE_ONLY=g<i>` rebuilds exactly
// the same input without running the others.

export const DEFAULT_SEED = 20261130;
export const DEFAULT_COUNT = 5200;

// ---------------------------------------------------------------- randomness

export class Rng {
  constructor(state) {
    this.s = state >>> 0;
  }
  next() {
    // mulberry32
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n) {
    return Math.floor(this.next() * n);
  }
  pick(list) {
    return list[this.int(list.length)];
  }
  chance(p) {
    return this.next() < p;
  }
}

export function parseSeed(value) {
  if (value === undefined || value === null || value === '') return DEFAULT_SEED;
  const n = Number(value);
  if (Number.isInteger(n)) return n >>> 0;
  let h = 2166136261;
  for (const ch of String(value)) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
  return h;
}

/** The generator of one case: a function of (seed, stream, index) only. */
export function caseRng(seed, stream, index) {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const x of [stream, index, 0x9e3779b9]) {
    h = Math.imul(h ^ x, 0x01000193) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995) >>> 0;
    h ^= h >>> 15;
  }
  return new Rng(h);
}

// ------------------------------------------------------ describing, safely

/** A short text for any value, hostile ones included; never throws. */
export function describe(value) {
  try {
    if (value === null) return 'null';
    const type = typeof value;
    if (type === 'undefined') return 'undefined';
    if (type === 'symbol') return `Symbol(${value.description ?? ''})`;
    if (type === 'bigint') return `${value}n`;
    if (type === 'number') return Object.is(value, -0) ? '-0' : String(value);
    if (type === 'boolean') return String(value);
    if (type === 'string') return lit(value);
    let name;
    let message;
    try {
      name = value.name;
    } catch {
      name = undefined;
    }
    try {
      message = value.message;
    } catch {
      message = undefined;
    }
    if (typeof message === 'string') {
      return `${typeof name === 'string' ? name : 'Error'}: ${message.length > 300 ? `${message.slice(0, 300)}…` : message}`;
    }
    let hostile;
    try {
      hostile = value.hostile;
    } catch {
      hostile = undefined;
    }
    if (typeof hostile === 'string') return `{hostile: ${lit(hostile)}}`;
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return `(an unreadable ${type}: a throwing or revoked Proxy?)`;
    }
  } catch {
    return '(undescribable value)';
  }
}

/** A literal for a primitive the generator made. */
export function lit(v) {
  if (typeof v === 'string') {
    if (v.length > 40) return `${JSON.stringify(v.slice(0, 12))}… (${v.length} chars)`;
    return JSON.stringify(v);
  }
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'symbol') return v.toString();
  if (typeof v === 'function') return 'a function';
  if (v !== null && typeof v === 'object') return Array.isArray(v) ? `[${v.map(lit).join(', ')}]` : 'an object';
  return String(v);
}

const TRAP_TEXT = /RuntimeError|unreachable|memory access out of bounds|out of bounds memory access|table index is out of bounds|indirect call|integer overflow|integer divide by zero|invalid conversion to integer|call stack exhausted/i;
const BINDGEN_TEXT = /recursive use of an object detected|already (mutably )?borrowed|attempted to take ownership of Rust value|null pointer passed to rust|closure invoked (recursively|after being dropped)/i;

/** True when `value` looks like a WebAssembly trap (or a panic that became one). */
export function isTrap(value) {
  try {
    if (typeof WebAssembly !== 'undefined' && value instanceof WebAssembly.RuntimeError) return true;
  } catch {
    // a hostile value with a throwing getPrototypeOf: not a trap
  }
  return TRAP_TEXT.test(describe(value));
}

/** True when `value` is one of wasm-bindgen's own borrow / closure errors. */
export function isBindgenError(value) {
  return BINDGEN_TEXT.test(describe(value));
}

/** The case a thrown value was made for, from its tag, if it carries one. */
export function tagOf(value) {
  const m = /hostile ([abegh]\d+):/.exec(describe(value));
  return m ? m[1] : null;
}

// ------------------------------------------------------------ building blocks

const TRAPS = [
  'get', 'set', 'has', 'deleteProperty', 'ownKeys', 'getOwnPropertyDescriptor',
  'defineProperty', 'getPrototypeOf', 'setPrototypeOf', 'isExtensible', 'preventExtensions',
  'apply', 'construct',
];

/** A Proxy all of whose traps throw an Error tagged `tag`. */
export function allTrapsProxy(target, tag) {
  const handler = {};
  for (const trap of TRAPS) {
    handler[trap] = () => {
      throw new Error(`${tag} (proxy ${trap} trap)`);
    };
  }
  return new Proxy(target, handler);
}

export function revokedProxy(target) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

/** What a hostile getter, trap or function throws (made at throw time). */
export const THROWN = [
  ['an Error', (tag) => new Error(tag)],
  ['a TypeError', (tag) => new TypeError(tag)],
  ['a string', (tag) => tag],
  ['the number 7', () => 7],
  ['undefined', () => undefined],
  ['null', () => null],
  ['a Symbol', (tag) => Symbol(tag)],
  ['a BigInt', () => 7n],
  ['a plain object', (tag) => ({ hostile: tag })],
  ['a null-prototype object', (tag) => Object.assign(Object.create(null), { hostile: tag })],
  ['a throwing Proxy', (tag) => allTrapsProxy({}, tag)],
  ['a revoked Proxy', () => revokedProxy({})],
  [
    'an Error whose message getter throws',
    (tag) => {
      const e = new Error('unreadable');
      e.hostile = tag;
      Object.defineProperty(e, 'message', {
        get() {
          throw new Error(`${tag} (message getter)`);
        },
      });
      return e;
    },
  ],
  [
    'an Error whose name, toString and Symbol.toPrimitive throw',
    (tag) => {
      const e = new Error(tag);
      const boom = () => {
        throw new Error(`${tag} (conversion)`);
      };
      Object.defineProperty(e, 'name', { get: boom });
      e.toString = boom;
      e[Symbol.toPrimitive] = boom;
      return e;
    },
  ],
];

/** A function that throws one of THROWN, tagged for case `c` at `where`. */
export function thrower(c, where, kind) {
  const [what, make] = kind === undefined ? c.r.pick(THROWN) : THROWN[kind];
  const tag = `hostile ${c.id}: ${where}`;
  return {
    fn() {
      throw make(tag);
    },
    d: `throws ${what}`,
  };
}

function defGetter(object, key, get) {
  Object.defineProperty(object, key, { get, enumerable: true, configurable: true });
  return object;
}

const MB = 1 << 20;

// --------------------------------------------------------------------- atoms
// Values that are hostile wherever they are passed. Each is made fresh per
// use (some hold state or throw), from the case `c` (for tags).

function convThrowing(c, keys) {
  const o = {};
  for (const k of keys) o[k] = thrower(c, `${String(k)}()`).fn;
  return o;
}

export const ATOMS = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['true', () => true],
  ['false', () => false],
  ['0', () => 0],
  ['-0', () => -0],
  ['1', () => 1],
  ['-1', () => -1],
  ['0.5', () => 0.5],
  ['1.5', () => 1.5],
  ['NaN', () => NaN],
  ['Infinity', () => Infinity],
  ['-Infinity', () => -Infinity],
  ['1e300', () => 1e300],
  ['-1e300', () => -1e300],
  ['5e-324', () => 5e-324],
  ['Number.MAX_VALUE', () => Number.MAX_VALUE],
  ['2**31-1', () => 2 ** 31 - 1],
  ['2**31', () => 2 ** 31],
  ['2**32-1', () => 2 ** 32 - 1],
  ['2**32', () => 2 ** 32],
  ['2**53-1', () => 2 ** 53 - 1],
  ['2**53', () => 2 ** 53],
  ['2**53+1 (evaluates to 2**53)', () => 2 ** 53 + 1],
  ['2**64', () => 2 ** 64],
  ['-(2**53)', () => -(2 ** 53)],
  ['1n', () => 1n],
  ['0n', () => 0n],
  ['-1n', () => -1n],
  ['2n**64n', () => 2n ** 64n],
  ['Symbol()', () => Symbol()],
  ['Symbol.iterator', () => Symbol.iterator],
  ["Symbol.for('Y')", () => Symbol.for('Y')],
  ['""', () => ''],
  ['" "', () => ' '],
  ['"0"', () => '0'],
  ['"00"', () => '00'],
  ['"1"', () => '1'],
  ['"01"', () => '01'],
  ['" 1"', () => ' 1'],
  ['"1 "', () => '1 '],
  ['"\\t1\\n"', () => '\t1\n'],
  ['"+1"', () => '+1'],
  ['"-1"', () => '-1'],
  ['"1e3"', () => '1e3'],
  ['"1.0"', () => '1.0'],
  ['".5"', () => '.5'],
  ['"0x10"', () => '0x10'],
  ['"0b1"', () => '0b1'],
  ['"1_000"', () => '1_000'],
  ['"１２" (fullwidth digits)', () => '１２'],
  ['"٣" (Arabic-Indic digit)', () => '٣'],
  ['"9007199254740993" (2**53+1)', () => '9007199254740993'],
  ['40 nines', () => '9'.repeat(40)],
  ['"NaN"', () => 'NaN'],
  ['"Infinity"', () => 'Infinity'],
  ['"null"', () => 'null'],
  ['"Y"', () => 'Y'],
  ['"y"', () => 'y'],
  ['"n"', () => 'n'],
  ['"Q"', () => 'Q'],
  ['"H"', () => 'H'],
  ['"YY"', () => 'YY'],
  ['" Y"', () => ' Y'],
  ['"Y\\0"', () => 'Y\0'],
  ['"\\0"', () => '\0'],
  ['"maybe"', () => 'maybe'],
  ['"ǅ" (titlecase digraph)', () => 'ǅ'],
  ['"ß" (upper-cases to SS)', () => 'ß'],
  ['"ı" (dotless i)', () => 'ı'],
  ['"ｙ" (fullwidth y)', () => 'ｙ'],
  ['"Υ" (Greek upsilon)', () => 'Υ'],
  ['"\\uD800" (lone high surrogate)', () => '\uD800'],
  ['"Y\\uDC00" (lone low surrogate)', () => 'Y\uDC00'],
  ['"1\\uD800"', () => '1\uD800'],
  ['"__proto__"', () => '__proto__'],
  ['"constructor"', () => 'constructor'],
  ['"off\\0"', () => 'off\0'],
  ['1 MB of "Y"', () => 'Y'.repeat(MB)],
  ['1 MB of digits', () => '1'.repeat(MB)],
  ['1 MB of lone surrogates', () => '\uD800'.repeat(MB)],
  ['1 MB of NULs', () => '\0'.repeat(MB)],
  ['{}', () => ({})],
  ['[]', () => []],
  ['[1]', () => [1]],
  ['["Y"]', () => ['Y']],
  ['Object.create(null)', () => Object.create(null)],
  ['null-prototype {eventId: 1, status: "Y"}', () => Object.assign(Object.create(null), { eventId: 1, status: 'Y' })],
  ['new Date()', () => new Date(1764460800000)],
  ['new Date(NaN)', () => new Date(NaN)],
  ['/Y/', () => /Y/],
  ['new Uint8Array(4)', () => new Uint8Array(4)],
  ['new Float64Array([1])', () => new Float64Array([1])],
  ['new BigInt64Array(2)', () => new BigInt64Array(2)],
  ['new ArrayBuffer(8)', () => new ArrayBuffer(8)],
  ['new DataView(…)', () => new DataView(new ArrayBuffer(4))],
  ['new Map([[1, "Y"]])', () => new Map([[1, 'Y']])],
  ['new Set([1])', () => new Set([1])],
  ['new WeakMap()', () => new WeakMap()],
  ['Promise.resolve(1)', () => Promise.resolve(1)],
  ['a never-settling Promise', () => new Promise(() => {})],
  ['a thenable calling back 1', () => ({ then: (resolve) => resolve(1) })],
  ['a thenable whose then getter throws', (c) => defGetter({}, 'then', thrower(c, 'then getter').fn)],
  ['new Number(1)', () => new Number(1)],
  ['new String("Y")', () => new String('Y')],
  ['new Boolean(false)', () => new Boolean(false)],
  ['Object(1n)', () => Object(1n)],
  ['Object(Symbol())', () => Object(Symbol())],
  ['a function', () => function hostile() {}],
  ['an arrow function', () => () => 1],
  ['a class', () => class Hostile {}],
  ['an async function', () => async () => 1],
  ['a generator object', () => (function* g() { yield 1; })()],
  ['an arguments object', () => (function args() { return arguments; })(1, 'Y')],
  ['new Error("x")', () => new Error('x')],
  ['a fake Bx24Error-shaped object', () => ({ name: 'Bx24Error', kind: 'api', code: '', description: 'x', message: 'x' })],
  ['Object.freeze({})', () => Object.freeze({})],
  ['Object.freeze([1])', () => Object.freeze([1])],
  ['Object.seal({})', () => Object.seal({})],
  ['a cyclic object', () => { const o = {}; o.self = o; o.eventId = o; return o; }],
  ['arrays nested 5000 deep', () => { let x = []; for (let i = 0; i < 5000; i++) x = [x]; return x; }],
  ['an object with 10000 keys', () => { const o = {}; for (let i = 0; i < 10000; i++) o[`k${i}`] = i; return o; }],
  ['{toString, valueOf, Symbol.toPrimitive all throwing}', (c) => convThrowing(c, ['toString', 'valueOf', Symbol.toPrimitive])],
  ['{toString throwing}', (c) => convThrowing(c, ['toString'])],
  ['{valueOf throwing}', (c) => convThrowing(c, ['valueOf'])],
  ['{Symbol.toPrimitive throwing}', (c) => convThrowing(c, [Symbol.toPrimitive])],
  ['{toJSON throwing}', (c) => convThrowing(c, ['toJSON'])],
  ['{valueOf: () => 1}', () => ({ valueOf: () => 1 })],
  ['{Symbol.toPrimitive: () => "Y"}', () => ({ [Symbol.toPrimitive]: () => 'Y' })],
  ['a Proxy of {} with every trap throwing', (c) => allTrapsProxy({}, `hostile ${c.id}: atom`)],
  ['a Proxy of [] with every trap throwing', (c) => allTrapsProxy([], `hostile ${c.id}: atom`)],
  ['a Proxy of a function with every trap throwing', (c) => allTrapsProxy(function f() {}, `hostile ${c.id}: atom`)],
  ['a revoked Proxy of {}', () => revokedProxy({})],
  ['a revoked Proxy of []', () => revokedProxy([])],
  ['a revoked Proxy of a function', () => revokedProxy(function f() {})],
  ['a Proxy whose get trap throws', (c) => new Proxy({}, { get: thrower(c, 'get trap').fn })],
  ['a Proxy whose has trap throws', (c) => new Proxy({}, { has: thrower(c, 'has trap').fn })],
  ['a Proxy whose ownKeys trap throws', (c) => new Proxy({}, { ownKeys: thrower(c, 'ownKeys trap').fn })],
  ['a Proxy whose getPrototypeOf trap throws', (c) => new Proxy({}, { getPrototypeOf: thrower(c, 'getPrototypeOf trap').fn })],
  ['a Proxy whose getOwnPropertyDescriptor trap throws', (c) => new Proxy({ a: 1 }, { getOwnPropertyDescriptor: thrower(c, 'gOPD trap').fn })],
  ['a transparent Proxy of {eventId: 1, status: "Y"}', () => new Proxy({ eventId: 1, status: 'Y' }, {})],
  ['an AbortSignal already aborted', () => AbortSignal.abort()],
];

function atom(c, index) {
  const [d, make] = index === undefined ? c.r.pick(ATOMS) : ATOMS[index];
  return { v: make(c), d };
}

// ------------------------------------------------------- per-slot generators

const VALID_IDS = [1, 7, 651, 1001, 2 ** 31 - 1, 2 ** 53 - 1, '651', '1', '42'];
const VALID_STATUSES = ['Y', 'N', 'Q', 'y', 'n', 'q'];
const ODD_NUMERIC = [' 651', '651 ', '+651', '-651', '6.51e2', '651.0', '0651', '651\0', '6\uD80051', '0', '-0', '1e21', '0x28B'];
const ODD_STATUS = ['Y ', ' y', 'YES', 'yes', 'H', 'h', 'A', 'Y\0', '\uD800', 'ｙ', 'Ｙ', 'Ν' /* Greek Nu */, '0', 'null'];

function validItem(c) {
  return { eventId: 1 + c.r.int(500), status: c.r.pick(['Y', 'N', 'Q']) };
}

/** A valid value (30 %), an almost-valid one (15 %), or any atom. */
function argumentV(c, valid, odd) {
  const x = c.r.next();
  if (x < 0.45) {
    const v = c.r.pick(x < 0.3 ? valid : odd);
    return { v, d: lit(v) };
  }
  return atom(c);
}

const eventIdV = (c) => argumentV(c, VALID_IDS, ODD_NUMERIC);
const statusV = (c) => argumentV(c, VALID_STATUSES, ODD_STATUS);

/** A getter that calls back into the module while the module reads it. */
function reentrant(c, value) {
  const pkg = c.env.pkg;
  const base = c.env.base;
  const kinds = [
    ['configure(base)', 'sync', () => pkg.configure(base())],
    ['setMeetingStatus(1, "Y")', 'async', () => pkg.setMeetingStatus(1, 'Y')],
    ['getMeetingStatus(1)', 'async', () => pkg.getMeetingStatus(1)],
    ['setMeetingStatuses([{eventId: 1, status: "Y"}])', 'async', () => pkg.setMeetingStatuses([{ eventId: 1, status: 'Y' }])],
    ['isBx24Error({})', 'guard', () => pkg.isBx24Error({})],
  ];
  if (c.env.hasClient) kinds.push(['new MeetingClient(base)', 'sync', () => new pkg.MeetingClient(base())]);
  const [what, kind, thunk] = c.r.pick(kinds);
  let calls = 0;
  return {
    get() {
      if (calls++ < 3) c.sub(`re-entrant ${what}`, kind, thunk);
      return value;
    },
    d: `get→re-enters ${what}, then ${lit(value)}`,
  };
}

/** A getter that gives a valid value first, then something else. */
function toctou(c, value) {
  let reads = 0;
  const later = atom(c);
  return {
    get() {
      return reads++ === 0 ? value : later.v;
    },
    d: `get→${lit(value)} then ${later.d}`,
  };
}

/**
 * An options-like object with `fields`: {name: {valid: () => [v, d], hostile: () => {v, d}}}.
 * Returns {v, d, meta} where meta.fields holds the plain data values set.
 */
function objectWith(c, fields, where) {
  const names = Object.keys(fields);
  const plain = {};
  const parts = [];
  const meta = {};
  const getters = [];
  for (const name of names) {
    const x = c.r.next();
    if (x < 0.25) continue; // absent
    if (x < 0.5) {
      const [v, d] = fields[name].valid(c);
      plain[name] = v;
      meta[name] = v;
      parts.push(`${name}: ${d}`);
    } else if (x < 0.75) {
      const h = fields[name].hostile(c);
      plain[name] = h.v;
      meta[name] = h.v;
      parts.push(`${name}: ${h.d}`);
    } else if (x < 0.87) {
      const t = thrower(c, `${where}.${name} getter`);
      getters.push([name, t.fn]);
      parts.push(`${name}: get→${t.d}`);
    } else if (x < 0.94) {
      const [v] = fields[name].valid(c);
      const g = toctou(c, v);
      getters.push([name, g.get]);
      parts.push(`${name}: ${g.d}`);
    } else {
      const [v] = fields[name].valid(c);
      const g = reentrant(c, v);
      getters.push([name, g.get]);
      parts.push(`${name}: ${g.d}`);
    }
  }
  // then a wrapper: plain, null-prototype, frozen, Proxy with a throwing trap, revoked
  const w = c.r.next();
  let object = Object.assign({}, plain);
  for (const [name, get] of getters) defGetter(object, name, get);
  let shape = '';
  if (w < 0.6) {
    // plain
  } else if (w < 0.7) {
    object = Object.create(null);
    Object.assign(object, plain);
    for (const [name, get] of getters) defGetter(object, name, get);
    shape = 'null-prototype ';
  } else if (w < 0.78) {
    Object.freeze(object);
    shape = 'frozen ';
  } else if (w < 0.95) {
    const trap = c.r.pick(['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'all']);
    if (trap === 'all') {
      object = allTrapsProxy(object, `hostile ${c.id}: ${where} proxy`);
      shape = 'Proxy(every trap throws) of ';
    } else {
      const t = thrower(c, `${where} ${trap} trap`);
      object = new Proxy(object, { [trap]: t.fn });
      shape = `Proxy(${trap} ${t.d}) of `;
    }
    for (const k of Object.keys(meta)) delete meta[k]; // unreadable: do not trust for bounds
  } else {
    object = revokedProxy(object);
    shape = 'revoked Proxy of ';
    for (const k of Object.keys(meta)) delete meta[k];
  }
  return { v: object, d: `${shape}{${parts.join(', ')}}`, meta };
}

const timeoutField = {
  valid: (c) => {
    const v = c.r.pick([1, 5, 50, 100, 0.5, 99.5, null, undefined]);
    return [v, lit(v)];
  },
  hostile: (c) => {
    if (c.r.chance(0.4)) {
      const v = c.r.pick([0, -1, -0, 2 ** 31 - 1, 2 ** 31, 1e300, Infinity, NaN, '50', 1e-300, 2 ** 53, -(2 ** 31)]);
      return { v, d: lit(v) };
    }
    return atom(c);
  },
};

const daysField = {
  valid: (c) => {
    const v = c.r.pick([1, 7, 60, 3650, null, undefined]);
    return [v, lit(v)];
  },
  hostile: (c) => {
    if (c.r.chance(0.4)) {
      const v = c.r.pick([0, 3651, 1.5, -1, '7', 1e300, Infinity, NaN, 2 ** 32 + 7, 2 ** 53]);
      return { v, d: lit(v) };
    }
    return atom(c);
  },
};

function progressField(c) {
  return {
    valid: () => {
      const f = () => {};
      return [f, 'a no-op function'];
    },
    hostile: (c2) => {
      const x = c2.r.next();
      if (x < 0.3) {
        const t = thrower(c2, 'onProgress');
        return { v: t.fn, d: `a function that ${t.d}` };
      }
      if (x < 0.4) {
        const t = thrower(c2, 'onProgress apply trap');
        return { v: new Proxy(function p() {}, { apply: t.fn }), d: `a Proxy function whose apply trap ${t.d}` };
      }
      if (x < 0.45) return { v: revokedProxy(function p() {}), d: 'a revoked Proxy of a function' };
      if (x < 0.5) return { v: class P {}, d: 'a class (calling it throws)' };
      if (x < 0.6) {
        const ctl = c.abortController ?? (c.abortController = new AbortController());
        return { v: () => ctl.abort(), d: 'a function that aborts the signal' };
      }
      if (x < 0.7) {
        const g = reentrant(c2, undefined);
        return { v: () => g.get(), d: `a function that ${g.d.replace('get→', '')}` };
      }
      if (x < 0.78 && c.items) {
        const items = c.items;
        return {
          v: () => {
            items.length = 0;
            items.push(allTrapsProxy({}, `hostile ${c.id}: pushed by onProgress`));
          },
          d: 'a function that empties the items array and pushes a throwing Proxy',
        };
      }
      return atom(c2);
    },
  };
}

function signalField(c) {
  return {
    valid: () => {
      const ctl = c.abortController ?? (c.abortController = new AbortController());
      return [ctl.signal, 'an AbortController signal'];
    },
    hostile: (c2) => {
      const x = c2.r.next();
      if (x < 0.1) return { v: AbortSignal.abort(), d: 'an aborted AbortSignal' };
      if (x < 0.2) return { v: { aborted: true }, d: '{aborted: true}' };
      if (x < 0.25) return { v: { aborted: false }, d: '{aborted: false}' };
      if (x < 0.4) {
        const t = thrower(c2, 'signal.aborted getter');
        return { v: defGetter({}, 'aborted', t.fn), d: `{aborted: get→${t.d}}` };
      }
      if (x < 0.5) {
        let n = 0;
        return { v: defGetter({}, 'aborted', () => n++ > 0), d: '{aborted: get→false, then true}' };
      }
      if (x < 0.6) {
        const ctl = new AbortController();
        const t = thrower(c2, 'signal.addEventListener');
        const sig = ctl.signal;
        try {
          Object.defineProperty(sig, 'addEventListener', { value: t.fn });
        } catch {
          // keep the plain signal
        }
        return { v: sig, d: `an AbortSignal whose addEventListener ${t.d}` };
      }
      if (x < 0.7) return { v: allTrapsProxy({}, `hostile ${c2.id}: signal proxy`), d: 'a Proxy whose traps all throw' };
      if (x < 0.75) return { v: AbortSignal.timeout(1), d: 'AbortSignal.timeout(1)' };
      return atom(c2);
    },
  };
}

function callOptionsV(c, where) {
  const x = c.r.next();
  if (x < 0.2) return { v: undefined, d: 'undefined', meta: {} };
  if (x < 0.3) return atomWithMeta(c);
  return objectWith(c, { timeoutMs: timeoutField }, where);
}

function nearestOptionsV(c) {
  const x = c.r.next();
  if (x < 0.15) return { v: undefined, d: 'undefined', meta: {} };
  if (x < 0.25) return atomWithMeta(c);
  return objectWith(c, { days: daysField, timeoutMs: timeoutField }, 'options');
}

function bulkOptionsV(c) {
  const x = c.r.next();
  if (x < 0.15) return { v: undefined, d: 'undefined', meta: {} };
  if (x < 0.25) return atomWithMeta(c);
  return objectWith(c, { timeoutMs: timeoutField, onProgress: progressField(c), signal: signalField(c) }, 'options');
}

function atomWithMeta(c, index) {
  const a = atom(c, index);
  return { ...a, meta: {} };
}

// items of setMeetingStatuses

function itemV(c, items) {
  const x = c.r.next();
  if (x < 0.45) {
    const v = validItem(c);
    return { v, d: `{${v.eventId}, ${v.status}}` };
  }
  if (x < 0.65) {
    const id = eventIdV(c);
    const st = statusV(c);
    return { v: { eventId: id.v, status: st.v }, d: `{eventId: ${id.d}, status: ${st.d}}` };
  }
  if (x < 0.75) {
    const key = c.r.pick(['eventId', 'status']);
    const t = thrower(c, `item.${key} getter`);
    const v = validItem(c);
    defGetter(v, key, t.fn);
    return { v, d: `{${key}: get→${t.d}}` };
  }
  if (x < 0.8) {
    const trap = c.r.pick(['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf']);
    const t = thrower(c, `item ${trap} trap`);
    return { v: new Proxy(validItem(c), { [trap]: t.fn }), d: `Proxy(${trap} ${t.d}) of a valid item` };
  }
  if (x < 0.84) {
    const v = Object.assign(Object.create(null), validItem(c));
    return { v, d: 'a null-prototype valid item' };
  }
  if (x < 0.87) return { v: Object.freeze(validItem(c)), d: 'a frozen valid item' };
  if (x < 0.9) {
    const g = toctou(c, 'Y');
    return { v: defGetter({ eventId: 5 }, 'status', g.get), d: `{eventId: 5, status: ${g.d}}` };
  }
  if (x < 0.93 && items) {
    const v = { eventId: 9 };
    let reads = 0;
    defGetter(v, 'status', () => {
      if (reads++ === 0) {
        items.length = 0;
        for (let i = 0; i < 60; i++) items.push(validItem(c));
      }
      return 'Y';
    });
    return { v, d: '{eventId: 9, status: get→empties the array and pushes 60 items, then "Y"}', grows: 60 };
  }
  if (x < 0.95) {
    const g = reentrant(c, 'N');
    return { v: defGetter({ eventId: 11 }, 'status', g.get), d: `{eventId: 11, status: ${g.d}}` };
  }
  return atom(c);
}

function denseItems(c, n) {
  const items = [];
  const ds = [];
  let grows = 0;
  c.items = items;
  for (let i = 0; i < n; i++) {
    const it = itemV(c, items);
    items.push(it.v);
    grows += it.grows ?? 0;
    if (ds.length < 4) ds.push(it.d);
  }
  return { v: items, d: `[${ds.join(', ')}${n > 4 ? `, … ${n} items` : ''}]`, n: n + grows };
}

function itemsV(c) {
  const x = c.r.next();
  if (x < 0.08) return { ...atom(c), n: 1 };
  if (x < 0.45) {
    const n = c.r.chance(0.85) ? c.r.int(8) : 45 + c.r.int(110);
    return denseItems(c, n);
  }
  if (x < 0.52) {
    const a = new Array(3 + c.r.int(10));
    for (let i = 0; i < a.length; i += 1 + c.r.int(3)) a[i] = validItem(c);
    c.items = a;
    return { v: a, d: `an array of ${a.length} with holes`, n: a.length };
  }
  if (x < 0.57) {
    const at = c.r.pick([50, 100, 1000, 5000]); // larger ones are in HEAVY
    const a = [validItem(c)];
    a[at] = validItem(c);
    c.items = a;
    return { v: a, d: `a sparse array: a[0] and a[${at}]`, n: 2 };
  }
  if (x < 0.63) {
    const a = denseItems(c, 2 + c.r.int(4));
    const at = c.r.int(a.v.length);
    const t = thrower(c, `items[${at}] getter`);
    defGetter(a.v, at, t.fn);
    return { v: a.v, d: `${a.d} whose index ${at} getter ${t.d}`, n: a.n };
  }
  if (x < 0.69) {
    const a = [validItem(c), validItem(c), validItem(c)];
    c.items = a;
    const which = c.r.int(4);
    let reads = 0;
    const once = (f) => () => {
      if (reads++ === 0) f();
      return validItem(c);
    };
    const variants = [
      ['empties the array', once(() => { a.length = 0; })],
      ['pushes 60 items', once(() => { for (let i = 0; i < 60; i++) a.push(validItem(c)); })],
      ['sets a[5000]', once(() => { a[5000] = validItem(c); })],
      ['replaces the rest with throwing Proxies', once(() => { for (let i = 1; i < a.length; i++) a[i] = allTrapsProxy({}, `hostile ${c.id}: item proxy`); })],
    ];
    const [what, get] = variants[which];
    defGetter(a, 0, get);
    return { v: a, d: `[3 valid items] whose index 0 getter ${what} while it is read`, n: 63 };
  }
  if (x < 0.78) {
    const target = [validItem(c), validItem(c)];
    const y = c.r.next();
    if (y < 0.2) {
      const t = thrower(c, 'items length');
      return { v: new Proxy(target, { get: (o, k, r) => (k === 'length' ? t.fn() : Reflect.get(o, k, r)) }), d: `Proxy of [2 items] whose length read ${t.d}`, n: 2 };
    }
    if (y < 0.4) {
      const t = thrower(c, 'items[0]');
      return { v: new Proxy(target, { get: (o, k, r) => (k === '0' ? t.fn() : Reflect.get(o, k, r)) }), d: `Proxy of [2 items] whose items[0] read ${t.d}`, n: 2 };
    }
    if (y < 0.7) {
      const len = c.r.pick(['2', -1, NaN, 2 ** 32, 1e300, 2 ** 53, 1.5, Symbol('len'), 2 ** 31, 7n, undefined]);
      return { v: new Proxy(target, { get: (o, k, r) => (k === 'length' ? len : Reflect.get(o, k, r)) }), d: `Proxy of [2 items] whose length is ${lit(len)}`, n: 2 };
    }
    const trap = c.r.pick(['has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'all']);
    if (trap === 'all') return { v: allTrapsProxy(target, `hostile ${c.id}: items proxy`), d: 'Proxy of [2 items], every trap throws', n: 2 };
    const t = thrower(c, `items ${trap} trap`);
    return { v: new Proxy(target, { [trap]: t.fn }), d: `Proxy of [2 items] whose ${trap} trap ${t.d}`, n: 2 };
  }
  if (x < 0.81) return { v: revokedProxy([validItem(c)]), d: 'a revoked Proxy of [1 item]', n: 1 };
  if (x < 0.87) {
    const variants = [
      ['{length: 2, 0: item, 1: item}', () => ({ length: 2, 0: validItem(c), 1: validItem(c) })],
      ['{length: 2**32-1}', () => ({ length: 2 ** 32 - 1 })],
      ['{length: 1e300}', () => ({ length: 1e300 })],
      ['"YN"', () => 'YN'],
      ['new Set([item])', () => new Set([validItem(c)])],
      ['new Map([[0, item]])', () => new Map([[0, validItem(c)]])],
      ['an arguments object of items', () => (function args() { return arguments; })(validItem(c), validItem(c))],
      ['a generator of items', () => (function* g() { yield validItem(c); })()],
      ['new Uint8Array(3)', () => new Uint8Array(3)],
    ];
    const [d, make] = c.r.pick(variants);
    return { v: make(), d, n: 2 };
  }
  if (x < 0.93) {
    const a = [validItem(c), validItem(c)];
    c.items = a;
    const y = c.r.int(6);
    if (y === 0) {
      const t = thrower(c, 'items[Symbol.iterator]');
      a[Symbol.iterator] = t.fn;
      return { v: a, d: `[2 items] whose Symbol.iterator ${t.d}`, n: 2 };
    }
    if (y === 1) {
      class Sub extends Array {}
      const s = Sub.from(a);
      const t = thrower(c, 'subclass iterator');
      Sub.prototype[Symbol.iterator] = t.fn;
      return { v: s, d: `an Array subclass of 2 items whose iterator ${t.d}`, n: 2 };
    }
    if (y === 2) return { v: Object.freeze(a), d: 'a frozen array of 2 items', n: 2 };
    if (y === 3) {
      Object.setPrototypeOf(a, null);
      return { v: a, d: 'an array of 2 items with a null prototype', n: 2 };
    }
    if (y === 4) {
      const b = [validItem(c), , validItem(c)]; // eslint-disable-line no-sparse-arrays
      Object.setPrototypeOf(b, allTrapsProxy(Array.prototype, `hostile ${c.id}: items prototype`));
      c.items = b;
      return { v: b, d: '[item, hole, item] whose prototype is a throwing Proxy', n: 2 };
    }
    a.push(a);
    return { v: a, d: 'an array that contains itself', n: 3 };
  }
  if (x < 0.97) {
    const a = [];
    const n = 2 + c.r.int(120);
    for (let i = 0; i < n; i++) a.push({ eventId: 77, status: c.r.pick(VALID_STATUSES) });
    return { v: a, d: `${n} changes to the same event`, n };
  }
  const a = denseItems(c, 1 + c.r.int(3));
  return { ...a, v: Object.assign(a.v, { extra: allTrapsProxy({}, `hostile ${c.id}: extra prop`) }), d: `${a.d} with an extra own property holding a throwing Proxy` };
}

// settings for configure() and new MeetingClient()

const retriesField = {
  valid: (c) => { const v = c.r.pick([0, 1]); return [v, lit(v)]; },
  hostile: (c) => {
    if (c.r.chance(0.4)) {
      const v = c.r.pick([11, -1, 1.5, NaN, Infinity, '1', 1e300, 2 ** 32 + 1, null, 10, 2 ** 53]);
      return { v, d: lit(v) };
    }
    return atom(c);
  },
};

function msField(validList, hostileList) {
  return {
    valid: (c) => { const v = c.r.pick(validList); return [v, lit(v)]; },
    hostile: (c) => {
      if (c.r.chance(0.4)) {
        const v = c.r.pick(hostileList);
        return { v, d: lit(v) };
      }
      return atom(c);
    },
  };
}

const baseMsField = msField([1], [0, -1, 1.5, 600001, NaN, Infinity, '1', 2 ** 32 + 1, null, 1e300]);
const capMsField = msField([5], [0, -1, 5.5, 600001, NaN, Infinity, '5', 2 ** 32 + 5, null, 1e-300]);

const backoffField = {
  valid: () => [{ baseMs: 1, capMs: 5 }, '{baseMs: 1, capMs: 5}'],
  hostile: (c) => {
    if (c.r.chance(0.7)) {
      const o = objectWith(c, { baseMs: baseMsField, capMs: capMsField }, 'backoff');
      return { v: o.v, d: o.d };
    }
    return atom(c);
  },
};

const RATE_STRINGS = ['off', 'OFF', 'Off', ' off', 'off ', 'standard', 'enterprise', 'Standard', '', 'unlimited', 'off\0', '\uD800', 'standard\uDC00', 'ｏｆｆ', 'ENTERPRISE'];

const rateLimitField = {
  valid: () => ['off', '"off"'],
  hostile: (c) => {
    const x = c.r.next();
    if (x < 0.3) {
      const v = c.r.pick(RATE_STRINGS);
      return { v, d: lit(v) };
    }
    if (x < 0.7) {
      const o = objectWith(c, {
        burst: msField([1000, 100000], [0, -1, 1.5, 100001, NaN, Infinity, '10', 2 ** 32 + 1, null]),
        perSecond: msField([1000, 100000], [0, -1, 100001, NaN, Infinity, '1', 1e-300, 5e-324, null]),
      }, 'rateLimit');
      return { v: o.v, d: o.d };
    }
    return atom(c);
  },
};

const settingsFields = {
  retries: retriesField,
  backoff: backoffField,
  rateLimit: rateLimitField,
  timeoutMs: msField([100, 50], [0, -1, 2 ** 31, NaN, Infinity, '100', 1e300, null, 2 ** 53, 0.5]),
};

function settingsV(c, where) {
  if (c.r.chance(0.12)) return atom(c);
  return objectWith(c, settingsFields, where);
}

// transports for new MeetingClient()

const WEBHOOKS = [
  'https://portal.example/rest/1/tok3nAbc/',
  'https://portal.example/rest/1/a/',
  'http://127.0.0.1:9/rest/1/tok3nAbc/',
  'http://localhost:9/rest/1/tok3nAbc/',
  'http://[::1]:9/rest/1/tok3nAbc/',
  'http://127.attacker.example/rest/1/tok3nAbc/',
  'http://localhost.attacker.example/rest/1/tok3nAbc/',
  'http://127.0.0.1:1@attacker.example/rest/1/tok3nAbc/',
  'http://127.0.0.1:99999/rest/1/tok3nAbc/',
  'https://portal.example:0/rest/1/tok3nAbc/',
  'https://portal.example/rest//tok3nAbc/',
  'https://portal.example/rest/1/tok3nAbc/?x=1#y',
  'https://user:pass@portal.example/rest/1/tok3nAbc/',
  'https://portal.example/hooks/tok3nAbc',
  'javascript:alert(1)//rest/1/t/',
  'file:///rest/1/tok3nAbc/',
  'https://p\0.example/rest/1/tok3nAbc/',
  'https://\uD800.example/rest/1/tok3nAbc/',
  'https://portal.example/rest/1/tok\uD800/',
  'HTTPS://PORTAL.EXAMPLE/REST/1/TOK/',
  '',
];

const DOMAINS = ['portal.example', 'localhost', '127.0.0.1', '127.attacker.example', '127.0.0.1:1@attacker.example', 'portal.example:99999', 'https://portal.example', 'portal.example/path', '', ' ', 'p\0.example', '\uD800', '[::1]', 'PORTAL.EXAMPLE'];

function refreshV(c) {
  const x = c.r.next();
  const t = thrower(c, 'oauth.refresh');
  const variants = [
    ['returns {accessToken: "good"}', () => ({ accessToken: 'good' })],
    ['resolves {accessToken: "good", refreshToken: "r2"}', async () => ({ accessToken: 'good', refreshToken: 'r2' })],
    [t.d, t.fn],
    ['an async function that rejects', async () => t.fn()],
    ['returns undefined', () => undefined],
    ['returns 5', () => 5],
    ['returns a never-settling Promise', () => new Promise(() => {})],
    ['returns a thenable whose then getter throws', () => defGetter({}, 'then', thrower(c, 'refresh result then').fn)],
    ['resolves to a throwing Proxy', async () => allTrapsProxy({}, `hostile ${c.id}: refresh result`)],
    ['returns {accessToken: "expired-token"} (still expired)', () => ({ accessToken: 'expired-token' })],
    ['returns {accessToken: 1 MB string}', () => ({ accessToken: 'x'.repeat(MB) })],
    ['returns {accessToken: get→throws}', () => defGetter({}, 'accessToken', thrower(c, 'refresh accessToken getter').fn)],
    ['returns {accessToken: 7}', () => ({ accessToken: 7 })],
    ['a Proxy function whose apply trap throws', new Proxy(function r() {}, { apply: t.fn })],
    ['a revoked Proxy of a function', revokedProxy(function r() {})],
  ];
  if (x < 0.1) return atom(c);
  const [d, v] = c.r.pick(variants);
  return { v, d: `refresh ${d}` };
}

function sdkV(c) {
  const h = c.env.harness;
  const good = (api) => c.env.goodSdk(h, api);
  const x = c.r.next();
  const t = thrower(c, 'sdk');
  const reply = (value) => {
    const sdk = good('v2');
    sdk.actions.v2.call.make = () => value();
    sdk.actions.v2.batch.make = () => value();
    return sdk;
  };
  const variants = [
    ['a good SDK (v2)', () => good('v2')],
    ['a good SDK (legacy callMethod)', () => good('legacy')],
    ['{actions: throwing Proxy}', () => ({ actions: allTrapsProxy({}, `hostile ${c.id}: sdk.actions`) })],
    [`make ${t.d}`, () => reply(t.fn)],
    ['make returns undefined', () => reply(() => undefined)],
    ['make returns 5', () => reply(() => 5)],
    ['make returns a never-settling Promise', () => reply(() => new Promise(() => {}))],
    ['make rejects with a throwing Proxy', () => reply(() => Promise.reject(allTrapsProxy({}, `hostile ${c.id}: sdk rejection`)))],
    ['make rejects with undefined', () => reply(() => Promise.reject(undefined))],
    ['make resolves {} (no isSuccess)', () => reply(async () => ({}))],
    ['make resolves an object whose isSuccess getter throws', () => reply(async () => defGetter({}, 'isSuccess', thrower(c, 'isSuccess').fn))],
    ['make resolves a success whose getData throws', () => reply(async () => ({ isSuccess: true, getData: thrower(c, 'getData').fn }))],
    ['make resolves a success whose getData returns a throwing Proxy', () => reply(async () => ({ isSuccess: true, getData: () => allTrapsProxy({}, `hostile ${c.id}: getData`) }))],
    ['make resolves a failure whose getErrors returns a throwing Proxy', () => reply(async () => ({ isSuccess: false, getErrors: () => allTrapsProxy([], `hostile ${c.id}: getErrors`) }))],
    ['make resolves a failure whose error has a throwing originalError', () => reply(async () => ({ isSuccess: false, getErrors: () => [defGetter({ status: 400 }, 'originalError', thrower(c, 'originalError').fn)] }))],
    ['make resolves a thenable whose then getter throws', () => reply(() => defGetter({}, 'then', thrower(c, 'sdk then').fn))],
    ['make returns a thenable that calls back twice', () => reply(() => ({ then: (ok) => { ok({}); ok({}); } }))],
    ['make returns a thenable that calls back synchronously with a throwing Proxy', () => reply(() => ({ then: (ok) => ok(allTrapsProxy({}, `hostile ${c.id}: sdk value`)) }))],
    ['{callMethod: get→throws}', () => defGetter({}, 'callMethod', t.fn)],
    ['{callMethod: a revoked Proxy}', () => ({ callMethod: revokedProxy(function m() {}) })],
    ['a good SDK behind a Proxy whose get throws after the first read', () => { let n = 0; const s = good('v2'); return new Proxy(s, { get: (o, k, r) => (n++ > 0 ? t.fn() : Reflect.get(o, k, r)) }); }],
    ['a v2 SDK without batch', () => { const s = good('v2'); delete s.actions.v2.batch; return s; }],
  ];
  if (x < 0.08) return atom(c);
  const [d, make] = c.r.pick(variants);
  return { v: make(), d: `an SDK: ${d}` };
}

function transportV(c) {
  const x = c.r.next();
  if (x < 0.06) {
    const v = c.r.pick(['bx24', 'BX24', 'fetch', 'webhook', '', 'bx24\0', undefined]);
    return { v, d: lit(v), usable: v === 'bx24' || v === undefined };
  }
  if (x < 0.15) return { ...atom(c), usable: false };
  if (x < 0.4) {
    const url = c.r.chance(0.75) ? (() => { const v = c.r.pick(WEBHOOKS); return { v, d: lit(v) }; })() : atom(c);
    if (c.r.chance(0.15)) {
      const t = thrower(c, 'transport.webhookUrl getter');
      return { v: defGetter({}, 'webhookUrl', t.fn), d: `{webhookUrl: get→${t.d}}` };
    }
    return { v: { webhookUrl: url.v }, d: `{webhookUrl: ${url.d}}`, usable: true };
  }
  if (x < 0.7) {
    const o = objectWith(c, {
      domain: { valid: () => ['portal.example', '"portal.example"'], hostile: (c2) => (c2.r.chance(0.6) ? (() => { const v = c2.r.pick(DOMAINS); return { v, d: lit(v) }; })() : atom(c2)) },
      accessToken: { valid: (c2) => { const v = c2.r.pick(['good', 'expired-token']); return [v, lit(v)]; }, hostile: atom },
      refreshToken: { valid: () => ['r1', '"r1"'], hostile: atom },
      refresh: { valid: () => [async () => ({ accessToken: 'good' }), 'an async function resolving {accessToken: "good"}'], hostile: refreshV },
    }, 'oauth');
    if (c.r.chance(0.1)) {
      const t = thrower(c, 'transport.oauth getter');
      return { v: defGetter({}, 'oauth', t.fn), d: `{oauth: get→${t.d}}` };
    }
    return { v: { oauth: o.v }, d: `{oauth: ${o.d}}`, usable: true };
  }
  if (x < 0.9) {
    const s = sdkV(c);
    return { v: { sdk: s.v }, d: `{sdk: ${s.d}}`, usable: true };
  }
  const y = c.r.int(4);
  if (y === 0) return { v: { webhookUrl: WEBHOOKS[0], oauth: { domain: 'portal.example', accessToken: 'good' } }, d: '{webhookUrl, oauth} (two transports)' };
  if (y === 1) return { v: { sdk: c.env.goodSdk(c.env.harness, 'v2'), webhookUrl: WEBHOOKS[0] }, d: '{sdk, webhookUrl} (two transports)' };
  if (y === 2) return { v: {}, d: '{} (no transport)' };
  const t = thrower(c, 'transport proxy');
  return { v: new Proxy({ webhookUrl: WEBHOOKS[0] }, { get: t.fn }), d: `Proxy of {webhookUrl} whose get trap ${t.d}` };
}

// ------------------------------------------------------------------- cases
// A case is {desc, steps, heavy}. A step is {label, kind, run(prev), bound,
// restore, usePrev, expect}:
//   kind 'async': must return a promise that settles within `bound` ms;
//   kind 'sync':  may return, or throw a Bx24Error (configure, constructor);
//   kind 'guard': isBx24Error, must return a boolean and never throw.
// `restore` names what to reset right after a configure call (synchronously,
// so no other call ever runs under hostile settings).

function timeoutOf(meta) {
  const t = meta && meta.timeoutMs;
  return typeof t === 'number' && t > 0 && t <= 2 ** 31 - 1 ? Math.ceil(t) : undefined;
}

function callSet(c, e, s, o, on = 'module') {
  const target = on === 'module' ? c.env.pkg : c.env.clients[on];
  return {
    label: on === 'module' ? 'setMeetingStatus' : `client(${on}).setMeetingStatus`,
    kind: 'async',
    bound: c.env.bound(timeoutOf(o.meta), 1),
    run: () => target.setMeetingStatus(e.v, s.v, o.v),
    d: `${on === 'module' ? '' : `client(${on}).`}setMeetingStatus(${e.d}, ${s.d}, ${o.d})`,
  };
}

function callGet(c, e, o, on = 'module') {
  const target = on === 'module' ? c.env.pkg : c.env.clients[on];
  return {
    label: on === 'module' ? 'getMeetingStatus' : `client(${on}).getMeetingStatus`,
    kind: 'async',
    bound: c.env.bound(timeoutOf(o.meta), 1),
    run: () => target.getMeetingStatus(e.v, o.v),
    d: `${on === 'module' ? '' : `client(${on}).`}getMeetingStatus(${e.d}, ${o.d})`,
  };
}

function callNearest(c, o, on = 'module') {
  const target = on === 'module' ? c.env.pkg : c.env.clients[on];
  return {
    label: on === 'module' ? 'getNearestMeetings' : `client(${on}).getNearestMeetings`,
    kind: 'async',
    bound: c.env.bound(timeoutOf(o.meta), 1),
    run: () => target.getNearestMeetings(o.v),
    d: `${on === 'module' ? '' : `client(${on}).`}getNearestMeetings(${o.d})`,
  };
}

function bulkExpect(pkg) {
  return (value) => {
    if (!Array.isArray(value)) return `resolved with ${describe(value)}, not an array`;
    for (let i = 0; i < value.length; i++) {
      const r = value[i];
      if (r && r.ok === false) {
        let ok = false;
        try {
          ok = pkg.isBx24Error(r.error);
        } catch {
          ok = false;
        }
        if (!ok) return `result ${i} has ok: false and an error that is not a Bx24Error: ${describe(r.error)}`;
      }
    }
    return null;
  };
}

function callBulk(c, items, o, on = 'module') {
  const target = on === 'module' ? c.env.pkg : c.env.clients[on];
  const chunks = Math.max(1, Math.ceil((items.n ?? 1) / 50));
  return {
    label: on === 'module' ? 'setMeetingStatuses' : `client(${on}).setMeetingStatuses`,
    kind: 'async',
    bound: c.env.bound(timeoutOf(o.meta), chunks),
    run: () => target.setMeetingStatuses(items.v, o.v),
    expect: bulkExpect(c.env.pkg),
    d: `${on === 'module' ? '' : `client(${on}).`}setMeetingStatuses(${items.d}, ${o.d})`,
  };
}

function callConfigure(c, s, on = 'module') {
  if (on === 'module') {
    return { label: 'configure', kind: 'sync', restore: 'module', run: () => c.env.pkg.configure(s.v), d: `configure(${s.d})` };
  }
  return { label: 'client.configure', kind: 'sync', restore: 'scratch', run: () => c.env.scratch.configure(s.v), d: `client.configure(${s.d})` };
}

function callGuard(c, a) {
  return { label: 'isBx24Error', kind: 'guard', run: () => c.env.pkg.isBx24Error(a.v), d: `isBx24Error(${a.d})` };
}

function callConstruct(c, o) {
  return { label: 'new MeetingClient', kind: 'sync', run: () => new c.env.pkg.MeetingClient(o.v), d: `new MeetingClient(${o.d})` };
}

function valid(c) {
  const v = validItem(c);
  return { id: { v: v.eventId, d: lit(v.eventId) }, st: { v: v.status, d: lit(v.status) } };
}

const NONE = { v: undefined, d: 'undefined', meta: {} };

function someClient(c) {
  const names = Object.keys(c.env.clients);
  return names.length ? c.r.pick(names) : null;
}

/** A client method called with the given hostile value in one argument. */
function clientCall(c, a) {
  const on = someClient(c);
  if (!on) return callSet(c, a, { v: 'Y', d: '"Y"' }, NONE);
  const which = c.r.int(5);
  if (which === 0) return callSet(c, a, { v: 'Y', d: '"Y"' }, NONE, on);
  if (which === 1) return callSet(c, { v: 651, d: '651' }, a, NONE, on);
  if (which === 2) return callGet(c, { v: 651, d: '651' }, { ...a, meta: {} }, on);
  if (which === 3) return callNearest(c, { ...a, meta: {} }, on);
  return callBulk(c, { ...a, n: 1 }, NONE, on);
}

/** Building a client from a hostile transport, then one valid call on it. */
function clientWithTransport(c, t) {
  const opts = { transport: t.v, ...c.env.base() };
  const construct = { ...callConstruct(c, { v: opts, d: `{transport: ${t.d}, …small settings}` }) };
  const { id, st } = valid(c);
  const method = c.r.int(4);
  const follow = {
    label: ['client.setMeetingStatus', 'client.getMeetingStatus', 'client.getNearestMeetings', 'client.setMeetingStatuses'][method],
    kind: 'async',
    usePrev: true,
    bound: c.env.bound(undefined, 1),
    run: (client) => {
      if (method === 0) return client.setMeetingStatus(id.v, st.v);
      if (method === 1) return client.getMeetingStatus(id.v);
      if (method === 2) return client.getNearestMeetings({ days: 7 });
      return client.setMeetingStatuses([{ eventId: id.v, status: st.v }, { eventId: 2, status: 'N' }]);
    },
    expect: method === 3 ? bulkExpect(c.env.pkg) : undefined,
    d: 'then one valid call on it',
  };
  return [construct, follow];
}

/** Slot `s` of the systematic cases, with atom `a` in it. */
function slotCase(c, s, a) {
  const { id, st } = valid(c);
  const itemsOne = () => ({ v: [validItem(c)], d: '[one valid item]', n: 1 });
  switch (s) {
    case 0: return [callSet(c, a, st, NONE)];
    case 1: return [callSet(c, id, a, NONE)];
    case 2: return [callSet(c, id, st, { ...a, meta: {} })];
    case 3: return [callSet(c, id, st, { v: { timeoutMs: a.v }, d: `{timeoutMs: ${a.d}}`, meta: { timeoutMs: a.v } })];
    case 4: return [callGet(c, a, NONE)];
    case 5: return [callGet(c, id, { v: { timeoutMs: a.v }, d: `{timeoutMs: ${a.d}}`, meta: { timeoutMs: a.v } })];
    case 6: return [callNearest(c, { ...a, meta: {} })];
    case 7: return [callNearest(c, { v: { days: a.v }, d: `{days: ${a.d}}`, meta: {} })];
    case 8: return [callBulk(c, { ...a, n: 1 }, NONE)];
    case 9: return [callBulk(c, { v: [a.v, validItem(c)], d: `[${a.d}, a valid item]`, n: 2 }, NONE)];
    case 10: return [callBulk(c, { v: [{ eventId: a.v, status: 'Y' }], d: `[{eventId: ${a.d}, status: "Y"}]`, n: 1 }, NONE)];
    case 11: return [callBulk(c, { v: [{ eventId: 1, status: a.v }], d: `[{eventId: 1, status: ${a.d}}]`, n: 1 }, NONE)];
    case 12: return [callBulk(c, itemsOne(), { ...a, meta: {} })];
    case 13: return [callBulk(c, itemsOne(), { v: { onProgress: a.v }, d: `{onProgress: ${a.d}}`, meta: {} })];
    case 14: return [callBulk(c, itemsOne(), { v: { signal: a.v }, d: `{signal: ${a.d}}`, meta: {} })];
    case 15: return [callConfigure(c, a)];
    case 16: {
      const key = c.r.pick(['retries', 'timeoutMs']);
      return [callConfigure(c, { v: { [key]: a.v }, d: `{${key}: ${a.d}}` })];
    }
    case 17: return c.r.chance(0.5)
      ? [callConfigure(c, { v: { backoff: a.v }, d: `{backoff: ${a.d}}` })]
      : [callConfigure(c, { v: { backoff: { baseMs: a.v, capMs: 5 } }, d: `{backoff: {baseMs: ${a.d}, capMs: 5}}` })];
    case 18: return c.r.chance(0.5)
      ? [callConfigure(c, { v: { rateLimit: a.v }, d: `{rateLimit: ${a.d}}` })]
      : [callConfigure(c, { v: { rateLimit: { burst: a.v, perSecond: 1000 } }, d: `{rateLimit: {burst: ${a.d}, perSecond: 1000}}` })];
    case 19: return [callGuard(c, a)];
    case 20: return c.env.hasClient ? [callConstruct(c, a)] : [callGuard(c, a)];
    case 21: return c.env.hasClient ? [callConstruct(c, { v: { transport: a.v }, d: `{transport: ${a.d}}` })] : [callSet(c, a, st, NONE)];
    case 22: {
      if (!c.env.hasClient) return [callBulk(c, { ...a, n: 1 }, NONE)];
      const k = c.r.int(5);
      const t = [
        [{ webhookUrl: a.v }, `{webhookUrl: ${a.d}}`],
        [{ oauth: { domain: a.v, accessToken: 'good' } }, `{oauth: {domain: ${a.d}, accessToken: "good"}}`],
        [{ oauth: { domain: 'portal.example', accessToken: a.v } }, `{oauth: {domain: "portal.example", accessToken: ${a.d}}}`],
        [{ oauth: { domain: 'portal.example', accessToken: 'expired-token', refresh: () => a.v } }, `{oauth: {…expired token, refresh: () => ${a.d}}}`],
        [{ sdk: a.v }, `{sdk: ${a.d}}`],
      ][k];
      if (k === 3) return clientWithTransport(c, { v: t[0], d: t[1] });
      return [callConstruct(c, { v: { transport: t[0], ...c.env.base() }, d: `{transport: ${t[1]}, …small settings}` })];
    }
    case 23: return c.env.hasClient ? [c.r.chance(0.8) ? clientCall(c, a) : callConfigure(c, a, 'scratch')] : [callGet(c, a, NONE)];
    default: return [callGuard(c, a)];
  }
}
export const SLOTS = 24;

/** A case built from scratch by the generator: every argument generated. */
function randomCase(c) {
  const x = c.r.next();
  const on = c.env.hasClient && c.r.chance(0.15) ? someClient(c) : 'module';
  if (x < 0.22) return [callSet(c, eventIdV(c), statusV(c), callOptionsV(c, 'options'), on ?? 'module')];
  if (x < 0.33) return [callGet(c, eventIdV(c), callOptionsV(c, 'options'), on ?? 'module')];
  if (x < 0.41) return [callNearest(c, nearestOptionsV(c), on ?? 'module')];
  if (x < 0.62) {
    const items = itemsV(c);
    return [callBulk(c, items, bulkOptionsV(c), on ?? 'module')];
  }
  if (x < 0.74) return [callConfigure(c, settingsV(c, 'settings'))];
  if (x < 0.79) return [callGuard(c, c.r.chance(0.8) ? atom(c) : { v: new Error('x'), d: 'an Error' })];
  if (!c.env.hasClient) return [callSet(c, eventIdV(c), statusV(c), NONE)];
  if (x < 0.86) {
    const opts = settingsV(c, 'options');
    if (c.r.chance(0.6) && opts.v && typeof opts.v === 'object') {
      const t = transportV(c);
      try {
        Object.defineProperty(opts.v, 'transport', { value: t.v, enumerable: true, configurable: true });
        return [callConstruct(c, { v: opts.v, d: `${opts.d} + transport ${t.d}` })];
      } catch {
        // frozen, or a Proxy: keep it as is
      }
    }
    return [callConstruct(c, opts)];
  }
  if (x < 0.97) return clientWithTransport(c, transportV(c));
  return [callConfigure(c, settingsV(c, 'settings'), 'scratch')];
}

/**
 * Builds generated case `index` of `count` into `c` ({id, r, env, sub}).
 * Indices [0, SLOTS × ATOMS.length) are systematic (every atom in every
 * argument slot once), in a seeded order; the rest are random.
 */
export function buildGenerated(c, index, count) {
  const systematic = Math.min(count, SLOTS * ATOMS.length);
  let steps;
  if (index < systematic) {
    const total = SLOTS * ATOMS.length;
    // a fixed permutation of [0, total): stride coprime with total
    let stride = 7919;
    while (gcd(stride, total) !== 1) stride += 2;
    const j = (index * stride + (c.seed % total)) % total;
    const slot = j % SLOTS;
    const a = atom(c, Math.floor(j / SLOTS));
    steps = slotCase(c, slot, a);
  } else {
    steps = randomCase(c);
  }
  c.steps = steps;
  c.desc = steps.map((s) => s.d).join('; ');
  c.heavy = false;
  return c;
}

function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The few inputs that are expensive by design: run alone, at the end. */
export const HEAVY = [
  ['setMeetingStatuses(a) with a = []; a[3e8] = item', (c) => { const a = []; a[3e8] = validItem(c); return a; }],
  ['setMeetingStatuses(a) with a = []; a[1e6] = item', (c) => { const a = []; a[1e6] = validItem(c); return a; }],
  ['setMeetingStatuses(a) with a = [item]; a[65535] = item', (c) => { const a = [validItem(c)]; a[65535] = validItem(c); return a; }],
  ['setMeetingStatuses(a) with a = [item]; a[10000] = item', (c) => { const a = [validItem(c)]; a[10000] = validItem(c); return a; }],
  ['setMeetingStatuses(a) with a = []; a.length = 2**32-1', () => { const a = []; a.length = 2 ** 32 - 1; return a; }],
  ['setMeetingStatuses(a) with a = []; a[2**32-2] = item', (c) => { const a = []; a[2 ** 32 - 2] = validItem(c); return a; }],
  ['setMeetingStatuses(Proxy of [] whose length is 2**32-1)', () => new Proxy([], { get: (o, k, r) => (k === 'length' ? 2 ** 32 - 1 : Reflect.get(o, k, r)) })],
  ['setMeetingStatuses({length: 2**32-1})', () => ({ length: 2 ** 32 - 1 })],
  ['setMeetingStatuses(5,000 valid items)', (c) => Array.from({ length: 5000 }, () => validItem(c))],
  ['setMeetingStatuses(2,000 items whose eventId getters throw)', (c) => Array.from({ length: 2000 }, () => defGetter({ status: 'Y' }, 'eventId', thrower(c, 'eventId getter').fn))],
];

export function buildHeavy(c, index) {
  const [d, make] = HEAVY[index];
  const v = make(c);
  const n = /5,000 valid/.test(d) ? 5000 : /^setMeetingStatuses\(a\) with a = \[item\]/.test(d) ? 2 : 1;
  const step = callBulk(c, { v, d, n }, NONE);
  step.d = d;
  c.steps = [step];
  c.desc = d;
  c.heavy = true;
  return c;
}

// ----------------------------------------------------------------- attrition
// Inputs whose getters or traps throw while the module reads them, many
// times over, each launched in its own task: no number of such failures may
// wear the instance down (the recovery phase checks it afterwards).

export const DEFAULT_ATTRITION = 2500;

export function buildAttrition(c, index) {
  // reads of the items array itself (kinds 0, 1, 3) are 60% of the cases
  const kind = [0, 1, 3, 0, 1, 3, 2, 4, 5, 6, 7, 0, 1, 3, 0][index % 15];
  const t = thrower(c, `attrition ${kind}`);
  const item = () => validItem(c);
  const NONE_ = NONE; // eslint-disable-line
  let step;
  switch (kind) {
    case 0: {
      const k = String(c.r.int(3));
      const v = new Proxy([item(), item(), item()], { get: (o, key, r) => (key === k ? t.fn() : Reflect.get(o, key, r)) });
      step = callBulk(c, { v, d: `Proxy of [3 items] whose items[${k}] read ${t.d}`, n: 3 }, NONE_);
      break;
    }
    case 1: {
      const a = [item(), item()];
      defGetter(a, 1, t.fn);
      step = callBulk(c, { v: a, d: `[2 items] whose index 1 getter ${t.d}`, n: 2 }, NONE_);
      break;
    }
    case 2: {
      const key = c.r.pick(['eventId', 'status']);
      const it = defGetter(item(), key, t.fn);
      step = callBulk(c, { v: [item(), it], d: `[a valid item, {${key}: get→${t.d}}]`, n: 2 }, NONE_);
      break;
    }
    case 3: {
      const v = new Proxy([item()], { get: (o, key, r) => (key === 'length' ? t.fn() : Reflect.get(o, key, r)) });
      step = callBulk(c, { v, d: `Proxy of [1 item] whose length read ${t.d}`, n: 1 }, NONE_);
      break;
    }
    case 4: {
      const v = [new Proxy(item(), { get: t.fn })];
      step = callBulk(c, { v, d: `[Proxy of an item whose get trap ${t.d}]`, n: 1 }, NONE_);
      break;
    }
    case 5: {
      const key = c.r.pick(['timeoutMs', 'onProgress', 'signal']);
      step = callBulk(c, { v: [item()], d: '[a valid item]', n: 1 }, { v: defGetter({}, key, t.fn), d: `{${key}: get→${t.d}}`, meta: {} });
      break;
    }
    case 6: {
      const o = { v: defGetter({}, 'timeoutMs', t.fn), d: `{timeoutMs: get→${t.d}}`, meta: {} };
      step = c.r.chance(0.5) ? callSet(c, { v: 651, d: '651' }, { v: 'Y', d: '"Y"' }, o) : callGet(c, { v: 651, d: '651' }, o);
      break;
    }
    default: {
      const key = c.r.pick(['days', 'timeoutMs']);
      step = callNearest(c, { v: defGetter({}, key, t.fn), d: `{${key}: get→${t.d}}`, meta: {} });
    }
  }
  c.steps = [step];
  c.desc = step.d;
  c.heavy = false;
  return c;
}
