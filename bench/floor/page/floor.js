// The page side of bench/floor (driven by run.mjs through page.evaluate):
// loads one build from target/floor/out/ and times its setMeetingStatus
// against the plain wrapper (bench/contenders/plain.js) over the instant
// in-page portal (bench/pages/bx24-stub.js), counts the crossings between
// JavaScript and wasm in one call, or runs the per-operation probe.
import { setMeetingStatus as plain } from '../../contenders/plain.js';

const OUT = '../../../target/floor/out';
const STATUSES = ['Y', 'N', 'Q'];

let rust = null;
let probe = null;
const counts = { on: false, imports: {}, exports: {} };

// Wraps every function of `object` so that a call adds 1 to `bag[name]`
// while counting is on.
function counted(object, bag) {
  const out = {};
  for (const [name, value] of Object.entries(object)) {
    out[name] =
      typeof value !== 'function'
        ? value
        : function (...args) {
            if (counts.on) bag[name] = (bag[name] ?? 0) + 1;
            return value.apply(this, args);
          };
  }
  return out;
}

// Makes the next instantiation count its import and export calls: every
// import namespace and the instance's exports are wrapped (memory and tables
// pass through as they are).
function countCrossings() {
  const wrapImports = (imports) =>
    Object.fromEntries(Object.entries(imports).map(([module, names]) => [module, counted(names, counts.imports)]));
  const wrapResult = ({ instance, module }) => ({ module, instance: { exports: counted(instance.exports, counts.exports) } });
  const { instantiateStreaming, instantiate } = WebAssembly;
  WebAssembly.instantiateStreaming = async (source, imports) => wrapResult(await instantiateStreaming(source, wrapImports(imports)));
  WebAssembly.instantiate = async (bytes, imports) => {
    const result = await instantiate(bytes, wrapImports(imports));
    return result.instance ? wrapResult(result) : result;
  };
}

// The variants reject invalid input with a TypeError, the shipped module
// (`module`) with its validation Bx24Error.
async function expectRejection(promise, what, shipped) {
  try {
    await promise;
  } catch (error) {
    const expected = shipped ? error?.name === 'Bx24Error' && error.kind === 'validation' : error instanceof TypeError;
    if (!expected) throw new Error(`${what}: rejected with ${error}, not a ${shipped ? 'validation Bx24Error' : 'TypeError'}`);
    return;
  }
  throw new Error(`${what}: resolved`);
}

// The two timing loops are the same code written twice, so that each call
// site sees one callee only (a shared loop would make both polymorphic).
async function loopPlain(f, n) {
  const start = performance.now();
  for (let i = 0; i < n; i++) await f(1 + (i % 1000), STATUSES[i % 3]);
  return ((performance.now() - start) * 1e6) / n;
}

async function loopRust(f, n) {
  const start = performance.now();
  for (let i = 0; i < n; i++) await f(1 + (i % 1000), STATUSES[i % 3]);
  return ((performance.now() - start) * 1e6) / n;
}

window.floor = {
  /**
   * Loads variant `name` (its glue and .wasm) and checks it: a valid call
   * resolves with the stub's `true`, an invalid one rejects with a TypeError
   * without reaching the portal, and the portal's error answer rejects.
   * With `count`, its import and export calls are counted from then on.
   */
  async load(name, { count = false } = {}) {
    if (count) countCrossings();
    const module = await import(`${OUT}/${name}/floor.js`);
    await module.default();
    rust = module.setMeetingStatus;
    if ((await rust(5, 'Y')) !== true) throw new Error(`${name}: a valid call did not resolve with true`);
    const shipped = name === 'module';
    const before = window.portal.dispatches;
    await expectRejection(rust(5, 'maybe'), `${name}, status 'maybe'`, shipped);
    await expectRejection(rust(0, 'Y'), `${name}, eventId 0`, shipped);
    // A digit string is a valid id for the module (the portal takes it too).
    if (!shipped) await expectRejection(rust('5', 'Y'), `${name}, eventId '5'`, shipped);
    if (window.portal.dispatches !== before) throw new Error(`${name}: an invalid call reached the portal`);
    window.portal.answer = 'invalid';
    try {
      const error = await rust(5, 'Y').then(
        () => null,
        (e) => e,
      );
      if (!error || error.status !== 400) throw new Error(`${name}: the portal's error answer did not reject with it`);
    } finally {
      window.portal.answer = 'ok';
    }
  },

  /**
   * `runs` timed runs of `calls` sequential calls each, the plain wrapper and
   * the variant taking turns (the order alternates), after `warmups` untimed
   * rounds: `{ plain: [ns per call…], rust: [ns per call…] }`.
   */
  async time({ calls, runs, warmups }) {
    const loops = { plain: () => loopPlain(plain, calls), rust: () => loopRust(rust, calls) };
    for (let w = 0; w < warmups; w++) for (const k of ['plain', 'rust']) await loops[k]();
    const out = { plain: [], rust: [] };
    for (let r = 0; r < runs; r++) {
      for (const k of r % 2 ? ['rust', 'plain'] : ['plain', 'rust']) out[k].push(await loops[k]());
    }
    return out;
  },

  /**
   * One round of `calls` sequential calls of the plain wrapper (`who:
   * 'plain'`) or the variant (`'rust'`), untimed rounds none: on a fresh page
   * this is the main benchmark's per-call figure, V8 warming up meanwhile.
   * Gives ns per call.
   */
  async first({ calls, who }) {
    return who === 'plain' ? loopPlain(plain, calls) : loopRust(rust, calls);
  },

  /** The import and export calls of one valid call, after `warm` calls. */
  async count({ warm = 100 } = {}) {
    for (let i = 0; i < warm; i++) await rust(1 + i, STATUSES[i % 3]);
    // The wrappers hold these two objects: empty them in place.
    for (const bag of [counts.imports, counts.exports]) for (const name of Object.keys(bag)) delete bag[name];
    counts.on = true;
    await rust(7, 'Q');
    counts.on = false;
    const total = (bag) => Object.values(bag).reduce((a, b) => a + b, 0);
    return { imports: counts.imports, exports: counts.exports, total: total(counts.imports) + total(counts.exports) };
  },

  /** Loads the probe build (target/floor/out/probe). */
  async loadProbe() {
    probe = await import(`${OUT}/probe/floor.js`);
    await probe.default();
  },

  /**
   * Each probe's cost per operation in ns: the median of `runs` timed runs of
   * `n` operations, after two untimed ones.
   */
  probe({ n, runs }) {
    const m = probe;
    const noop = () => {};
    const params = { eventId: 1, status: 'Y' };
    const answer = { data: () => true, error: () => undefined };
    // A BX24 whose callMethod calls back at once, like the stub, but counts nothing.
    const bx24 = { callMethod: (method, p, callback) => callback(answer) };
    const probes = {
      loop: () => m.p_loop(n),
      is_string: () => m.p_is_string(n, 'Y'),
      is_truthy: () => m.p_is_truthy(n, undefined),
      as_f64: () => m.p_as_f64(n, 5),
      validate: () => m.p_validate(n, 5, 'Y'),
      object_new: () => m.p_object_new(n),
      object_new_2_setters: () => m.p_object(n, 'Y'),
      promise_new_stack_closure: () => m.p_promise_new(n),
      with_resolvers_3_getters: () => m.p_with_resolvers(n),
      promise_long_lived_executor: () => m.p_exec_promise(n),
      bind1_from_f64: () => m.p_bind1(n),
      bind_f64: () => m.p_bind_num(n),
      call_plain: () => m.p_call_nc(n, noop, 1),
      call_catch: () => m.p_call_c(n, noop, 1),
      error_plain: () => m.p_error_nc(n, answer),
      error_catch: () => m.p_error_c(n, answer),
      call_method_long_lived_callback: () => m.p_call_method(n, bx24, params),
      call_method_bound_callback: () => m.p_call_method_bound(n, bx24, params),
      export_call: () => {
        for (let i = 0; i < n; i++) m.p_export(i, 'Y');
      },
    };
    const out = {};
    for (const [name, run] of Object.entries(probes)) {
      run();
      run();
      const times = [];
      for (let r = 0; r < runs; r++) {
        const start = performance.now();
        run();
        times.push(((performance.now() - start) * 1e6) / n);
      }
      times.sort((a, b) => a - b);
      out[name] = times[times.length >> 1];
    }
    return out;
  },
};

document.body.dataset.ready = 'true';
