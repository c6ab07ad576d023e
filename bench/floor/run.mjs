// `npm run bench:floor`: the per-call floor of dispatching BX24.callMethod
// from Rust through wasm-bindgen. Builds every variant of bench/floor (see
// src/lib.rs) and its per-operation probe into target/floor/, times each
// variant against the plain wrapper in headless Chromium, counts the
// crossings of one call, and prints a Markdown section for bench/RESULTS.md
// (also written to target/floor/results.md, the raw figures to
// target/floor/results.json).
//
//   node bench/floor/run.mjs [--sessions=5] [--calls=200000] [--runs=5]
//                            [--first-calls=100000]
//                            [--only=V1,X4] [--no-build]
//
// The tools are those of scripts/build.sh (PATH from scripts/env.sh): cargo,
// the wasm-bindgen CLI at the version bench/floor/Cargo.lock pins, wasm-opt
// from node_modules/.bin with the arguments of the root Cargo.toml's
// [package.metadata.wasm-pack.profile.release], esbuild for the glue, then
// npm/short-names.mjs.
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shortenNames } from '../../npm/short-names.mjs';
import { directCatch } from '../../npm/direct-catch.mjs';
import { launchBrowser, openPage } from '../lib/browser.mjs';
import { describeMachine } from '../lib/machine.mjs';
import { summarize } from '../lib/stats.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CRATE = path.join(ROOT, 'bench/floor');
const TARGET = path.join(ROOT, 'target/floor');
const OUT = path.join(TARGET, 'out');

/** The variants: name, Cargo features, what it changes against V1. */
const VARIANTS = [
  { name: 'V1', features: [], what: 'baseline: `catch` on every throwing import and `Promise::new` with a stack closure (both as in the module), `bind1` + `JsValue::from_f64`' },
  { name: 'V2', features: ['nocatch'], what: 'V1 without `catch` on any import' },
  { name: 'V3a', features: ['resolvers'], what: 'V1 with `Promise.withResolvers()` instead of `Promise::new`' },
  { name: 'V3b', features: ['executor'], what: 'V1 with `new Promise(EXECUTOR)`, one long-lived executor closure' },
  { name: 'V4', features: ['cachedparams'], what: 'V1 sending one params object built once, never set (a bound: params for free)' },
  { name: 'V5', features: ['numbind'], what: 'V1 with `bind(null, id)` taking `id: f64`' },
  { name: 'F', features: ['nocatch', 'executor', 'numbind'], what: 'V2 + V3b + V5' },
  { name: 'F4', features: ['nocatch', 'executor', 'numbind', 'cachedparams'], what: 'F + V4' },
  { name: 'X', features: ['nocatch', 'numbind', 'tricks'], what: 'V2 + V5 + `Number.isSafeInteger`, `Map.get` for the status, the promise made by a bound `Array.prototype.push`' },
  { name: 'X4', features: ['nocatch', 'numbind', 'tricks', 'cachedparams'], what: 'X + V4' },
  {
    name: 'module',
    shipped: true,
    what: 'not a variant: this module as shipped (pkg/, the placement build), with its full validation, timeout, retries and refresh; the bucket off (`configure({ rateLimit: \'off\' })`), as in the main benchmark',
  },
];

/** The files of a build in target/floor/out/<name>: the variants', or pkg/'s. */
const FILES = {
  variant: { wasm: 'floor_bg.wasm', glue: 'floor.js' },
  shipped: { wasm: 'bx24_meeting_bg.wasm', glue: 'bx24_meeting.js' },
};
const filesOf = (v) => (v.shipped ? FILES.shipped : FILES.variant);

// The page loads every build as `floor.js` with `default()` (init) and
// `setMeetingStatus`: for the shipped module, this adapter.
const SHIPPED_ADAPTER = `import init, { configure, setMeetingStatus } from './bx24_meeting.js';
export default async function () {
  await init();
  configure({ rateLimit: 'off' });
}
export { setMeetingStatus };
`;

/** What each probe times, per operation, for the report. */
const PROBES = {
  loop: 'the empty loop in wasm',
  is_string: '`JsValue::is_string`',
  is_truthy: '`JsValue::is_truthy`',
  as_f64: '`JsValue::as_f64`',
  validate: 'the V1 checks: `as_f64`, `is_string`, `length`, `charCodeAt`',
  object_new: '`Object::new()`',
  object_new_2_setters: '`Object::new()` + 2 setters (the params)',
  promise_new_stack_closure: '`Promise::new` with a stack closure (V1)',
  with_resolvers_3_getters: '`Promise.withResolvers()` + 3 getters (V3a)',
  promise_long_lived_executor: '`new Promise(EXECUTOR)`, long-lived executor (V3b)',
  bind1_from_f64: '`bind1(null, JsValue::from_f64(id))` (V1)',
  bind_f64: '`bind(null, id)`, `id: f64` (V5)',
  call_plain: '`f.call(null, v)` of a JS no-op, no `catch`',
  call_catch: 'the same with `catch`',
  error_plain: '`result.error()`, no `catch`',
  error_catch: 'the same with `catch`',
  call_method_long_lived_callback: '`BX24.callMethod` + its call back into a long-lived Rust closure',
  call_method_bound_callback: 'the same with the callback bound per call',
  export_call: 'one export call from JS (2 `JsValue` arguments, JS loop included)',
};

const say = (text) => process.stderr.write(`[floor] ${text}\n`);

function options(argv) {
  const value = (name, fallback) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
  const only = value('only', null)?.split(',');
  const unknown = only?.filter((n) => !VARIANTS.some((v) => v.name === n)) ?? [];
  if (unknown.length) throw new Error(`unknown variant(s): ${unknown.join(', ')}`);
  return {
    sessions: Number(value('sessions', 5)),
    calls: Number(value('calls', 200_000)),
    runs: Number(value('runs', 5)),
    warmups: 2,
    // The main benchmark's per-call round (bench/run.mjs): its first one on
    // a fresh page is the figure its targets use.
    firstCalls: Number(value('first-calls', 100_000)),
    probeOps: 200_000,
    variants: only ? VARIANTS.filter((v) => only.includes(v.name)) : VARIANTS,
    build: !argv.includes('--no-build'),
  };
}

// ------------------------------------------------------------------- build

/** PATH as scripts/env.sh sets it (the pinned tools, node_modules/.bin). */
function toolsEnv() {
  const PATH = execFileSync('bash', ['-c', 'source scripts/env.sh && printf %s "$PATH"'], { cwd: ROOT, encoding: 'utf8' });
  return { ...process.env, PATH };
}

/** The version of `name` that `lockfile` pins. */
async function lockedVersion(lockfile, name) {
  const text = await readFile(lockfile, 'utf8');
  const match = new RegExp(`^name = "${name}"\\nversion = "([^"]+)"`, 'm').exec(text);
  if (!match) throw new Error(`${lockfile}: no ${name}`);
  return match[1];
}

/** The module's wasm-opt arguments (root Cargo.toml, wasm-pack's release profile). */
async function wasmOptArgs() {
  const toml = await readFile(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const match = /\[package\.metadata\.wasm-pack\.profile\.release\][^[]*?wasm-opt\s*=\s*\[([^\]]*)\]/.exec(toml);
  if (!match) throw new Error('Cargo.toml: no wasm-opt arguments in [package.metadata.wasm-pack.profile.release]');
  return [...match[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

const gzip9 = (bytes) => execFileSync('gzip', ['-9c'], { input: bytes, maxBuffer: 64 << 20 }).length;

/** Sizes of a build: `.wasm` and minified glue, raw and gzip -9. */
async function sizes(dir, files = FILES.variant) {
  const wasm = await readFile(path.join(dir, files.wasm));
  const glue = await readFile(path.join(dir, files.glue));
  return { wasm: wasm.length, wasmGzip: gzip9(wasm), glue: glue.length, glueGzip: gzip9(glue) };
}

/**
 * Builds `name` with `features` into target/floor/out/<name>: cargo (the
 * crate's release profile, the module's), wasm-bindgen --target web, wasm-opt
 * with the module's arguments, each `catch` import given its own try/catch
 * (npm/direct-catch.mjs), esbuild --minify for the glue, the names between
 * the two shortened (the steps of scripts/build.sh after wasm-pack).
 */
async function buildOne(name, features, { env, optArgs }) {
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const out = path.join(OUT, name);
  run('cargo', [
    'build', '--quiet', '--release', '--locked', '--target', 'wasm32-unknown-unknown',
    '--manifest-path', path.join(CRATE, 'Cargo.toml'), '--target-dir', path.join(TARGET, 'cargo'),
    '--features', features.join(','),
  ]);
  const wasm = path.join(TARGET, 'cargo/wasm32-unknown-unknown/release/bx24_floor.wasm');
  run('wasm-bindgen', ['--target', 'web', '--out-dir', out, '--out-name', 'floor', wasm]);
  const bg = path.join(out, 'floor_bg.wasm');
  run('wasm-opt', [...optArgs, bg, '-o', bg]);
  const glue = path.join(out, 'floor.js');
  await writeFile(glue, directCatch(await readFile(glue, 'utf8')).glue);
  run('esbuild', [glue, '--minify', '--format=esm', '--log-level=warning', `--outfile=${glue}.min`]);
  run('mv', [`${glue}.min`, glue]);
  await shortenNames(out, { wasmFile: 'floor_bg.wasm', glueFile: 'floor.js' });
}

/** Copies pkg/'s placement build into target/floor/out/<name>, with the adapter. */
async function copyShipped(name) {
  const out = path.join(OUT, name);
  await mkdir(out, { recursive: true });
  for (const file of Object.values(FILES.shipped)) {
    const from = path.join(ROOT, 'pkg', file);
    if (!(await stat(from).catch(() => null))) throw new Error(`${from} is missing: build the module first (scripts/build.sh)`);
    await writeFile(path.join(out, file), await readFile(from));
  }
  await writeFile(path.join(out, 'floor.js'), SHIPPED_ADAPTER);
  say(`copied the shipped placement build (pkg/) as ${name}`);
}

async function buildAll(variants) {
  const env = toolsEnv();
  const pinned = await lockedVersion(path.join(CRATE, 'Cargo.lock'), 'wasm-bindgen');
  const cli = execFileSync('wasm-bindgen', ['--version'], { env, encoding: 'utf8' }).trim();
  if (cli !== `wasm-bindgen ${pinned}`) {
    throw new Error(`the wasm-bindgen CLI is "${cli}", bench/floor/Cargo.lock pins ${pinned}: run scripts/bootstrap.sh`);
  }
  const optArgs = await wasmOptArgs();
  await rm(OUT, { recursive: true, force: true });
  for (const { name } of variants.filter((v) => v.shipped)) await copyShipped(name);
  for (const { name, features } of [...variants.filter((v) => !v.shipped), { name: 'probe', features: ['probe'] }]) {
    const start = Date.now();
    await buildOne(name, features, { env, optArgs });
    say(`built ${name} (${features.join(',') || 'no features'}) in ${((Date.now() - start) / 1000).toFixed(1)} s`);
  }
  return { optArgs, wasmBindgen: pinned };
}

// ------------------------------------------------------------------ measure

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const SERVED = ['bench/floor/page/', 'bench/pages/', 'bench/contenders/', 'target/floor/out/'];

/** Serves the page, the stub, the plain wrapper and the builds on loopback. */
async function serve() {
  const server = http.createServer(async (req, res) => {
    const relative = path.posix.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
    const file = path.join(ROOT, relative);
    const ok = SERVED.some((prefix) => relative.startsWith(prefix)) && (await stat(file).catch(() => null))?.isFile();
    if (!ok) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/bench/floor/page/index.html`, close: () => server.close() };
}

/** Per variant: timings of every session (a fresh context each), crossings. */
async function measureVariants(browser, url, config) {
  const { variants, sessions, calls, runs, warmups } = config;
  const samples = Object.fromEntries(variants.map((v) => [v.name, []]));
  const crossings = {};
  for (const { name } of variants) {
    const { page, close } = await openPage(browser, url);
    try {
      await page.evaluate((n) => window.floor.load(n, { count: true }), name);
      crossings[name] = await page.evaluate(() => window.floor.count());
    } finally {
      await close();
    }
  }
  for (let session = 0; session < sessions; session++) {
    // The order alternates between sessions, so no variant always runs first.
    for (const { name } of session % 2 ? [...variants].reverse() : variants) {
      const { page, close } = await openPage(browser, url);
      try {
        await page.evaluate((n) => window.floor.load(n), name);
        const times = await page.evaluate((c) => window.floor.time(c), { calls, runs, warmups });
        const plain = summarize(times.plain).median;
        const rust = summarize(times.rust).median;
        samples[name].push({ plain, rust, ratio: rust / plain, runs: times });
      } finally {
        await close();
      }
    }
    say(`session ${session + 1}/${sessions} done`);
  }
  return { samples, crossings };
}

/**
 * The main benchmark's way: each contender's first round of `firstCalls`
 * calls on a fresh page (the plain wrapper on a page of its own), once per
 * session. `{ plain: [ns…], [variant]: [ns…] }`.
 */
async function measureFirstRounds(browser, url, { variants, sessions, firstCalls }) {
  const samples = { plain: [], ...Object.fromEntries(variants.map((v) => [v.name, []])) };
  for (let session = 0; session < sessions; session++) {
    const names = ['plain', ...variants.map((v) => v.name)];
    for (const name of session % 2 ? names.reverse() : names) {
      const { page, close } = await openPage(browser, url);
      try {
        if (name !== 'plain') await page.evaluate((n) => window.floor.load(n), name);
        const who = name === 'plain' ? 'plain' : 'rust';
        samples[name].push(await page.evaluate((c) => window.floor.first(c), { calls: firstCalls, who }));
      } finally {
        await close();
      }
    }
  }
  return samples;
}

/** Per probe: the median over sessions of each session's median. */
async function measureProbe(browser, url, { sessions, probeOps, runs }) {
  const all = {};
  for (let session = 0; session < sessions; session++) {
    const { page, close } = await openPage(browser, url);
    try {
      await page.evaluate(() => window.floor.loadProbe());
      const result = await page.evaluate((c) => window.floor.probe(c), { n: probeOps, runs });
      for (const [name, ns] of Object.entries(result)) (all[name] ??= []).push(ns);
    } finally {
      await close();
    }
  }
  return all;
}

// ------------------------------------------------------------------- report

const int = (n) => Math.round(n).toLocaleString('en-US');
const ns = (n) => `${n < 100 ? n.toFixed(1) : int(n)} ns`;

function report({ config, build, machine, date, elapsedMs, load, variants, first, sizesByVariant, probe }) {
  const lines = [];
  lines.push('## Per-call floor of Rust-side dispatch (bench/floor)', '');
  lines.push(
    `Measured by \`npm run bench:floor\` (bench/floor/run.mjs) on ${date}; the whole run (builds included) took ${(elapsedMs / 60_000).toFixed(1)} minutes.`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory} memory; ${machine.os}; Node ${machine.node}; Chromium ${machine.chromium} (headless, playwright-core). Load average (1 min): ${load}.`,
    '',
  );
  lines.push(
    `Each variant is a minimal \`setMeetingStatus\` in Rust (bench/floor/src/lib.rs): the module's argument checks, \`{eventId, status}\`, \`BX24.callMethod\`, a promise settled from \`error()\` / \`data()\`; no timeout, rate limit or retries. It runs against the plain wrapper (bench/contenders/plain.js) in the same page.`,
    '',
  );
  lines.push('| variant | what it changes | ns/call | plain ns/call | ratio to plain (min – max) | crossings per call | gzip -9 (.wasm + glue) |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const v of config.variants) {
    const s = variants.samples[v.name];
    const rust = summarize(s.map((x) => x.rust));
    const plain = summarize(s.map((x) => x.plain));
    const ratio = summarize(s.map((x) => x.ratio));
    const c = variants.crossings[v.name];
    const z = sizesByVariant[v.name];
    lines.push(
      `| ${v.name} | ${v.what} | ${int(rust.median)} | ${int(plain.median)} | **${ratio.median.toFixed(2)}×** (${ratio.min.toFixed(2)} – ${ratio.max.toFixed(2)}) | ${c.total} | ${int(z.wasmGzip + z.glueGzip)} B (${int(z.wasmGzip)} + ${int(z.glueGzip)}) |`,
    );
  }
  const plainFirst = summarize(first.plain).median;
  lines.push(
    '',
    `The same builds timed the main benchmark's way (its per-call figure, which its targets use): the first round of ${int(config.firstCalls)} calls on a fresh page, V8 still warming up; the plain wrapper on a page of its own, where it took ${int(plainFirst)} ns a call (medians over sessions):`,
    '',
  );
  lines.push('| variant | ns/call, first round | ratio to the plain wrapper\'s first round (min – max) |', '| --- | --- | --- |');
  for (const v of config.variants) {
    const rust = summarize(first[v.name]);
    lines.push(`| ${v.name} | ${int(rust.median)} (${int(rust.min)} – ${int(rust.max)}) | **${(rust.median / plainFirst).toFixed(2)}×** (${(rust.min / plainFirst).toFixed(2)} – ${(rust.max / plainFirst).toFixed(2)}) |`);
  }
  lines.push('', 'Per operation (the probe build, bench/floor/src/probe.rs; each operation repeated in a loop inside wasm):', '');
  lines.push('| operation | ns per operation |', '| --- | --- |');
  const med = (name) => summarize(probe[name]).median;
  for (const [name, what] of Object.entries(PROBES)) lines.push(`| ${what} | ${ns(med(name))} |`);
  lines.push(
    `| derived: what \`catch\` adds to one import (\`call\`, \`error()\`) | ${ns(med('call_catch') - med('call_plain'))}, ${ns(med('error_catch') - med('error_plain'))} |`,
  );
  lines.push('', 'How it was measured:', '');
  lines.push(
    `- Timing: ${config.sessions} sessions, each a fresh page in a fresh browser context per variant (the variant order alternates between sessions). In a page, the plain wrapper and the variant take turns: ${config.warmups} untimed rounds, then ${config.runs} timed runs of ${int(config.calls)} sequential awaited calls each (order alternating); a session's figure is the median of its runs, its ratio that of the two medians. The table gives the medians over sessions (the ratio's min – max over sessions beside it). The in-page portal is the main benchmark's (bench/pages/bx24-stub.js: \`callMethod\` answers synchronously with \`{data: () => true, error: () => undefined}\`).`,
    '- Before timing, each build is checked: a valid call resolves with `true`; `status: \'maybe\'`, `eventId: 0` and `eventId: \'5\'` reject with a TypeError without reaching the portal (the shipped module: `maybe` and `0` reject with its validation `Bx24Error`, and `\'5\'` is a valid id for it); the portal\'s error answer rejects with it.',
    '- Crossings: every import and export of the instance wrapped with a counter (a separate page), for one valid call after 100 warm ones: the export call itself, each import, each call back into wasm (the executor, the answer callback).',
    `- Probe: ${config.sessions} sessions; per operation, 2 untimed and ${config.runs} timed runs of ${int(config.probeOps)} operations, the median per session, the median of those. The figures include the loop (first row).`,
    `- Builds: bench/floor's release profile (the module's: \`opt-level = "z"\`, LTO, one codegen unit, \`panic = "abort"\`), wasm-bindgen ${build.wasmBindgen} (\`--target web\`), \`wasm-opt ${build.optArgs.join(' ')}\` (the module's arguments, root Cargo.toml), each \`catch\` import given its own try/catch in the glue by npm/direct-catch.mjs, the glue minified by esbuild, the names between the two shortened by npm/short-names.mjs (as scripts/build.sh builds the module); sizes are gzip -9 of the \`.wasm\` and of the glue.`,
  );
  return lines.join('\n');
}

async function main() {
  const started = Date.now();
  const config = options(process.argv.slice(2));
  const loadBefore = os.loadavg()[0];
  let build;
  if (config.build) {
    say(`building ${config.variants.length} variants and the probe into target/floor/`);
    build = await buildAll(config.variants);
  } else {
    build = { optArgs: await wasmOptArgs(), wasmBindgen: await lockedVersion(path.join(CRATE, 'Cargo.lock'), 'wasm-bindgen') };
  }
  const sizesByVariant = {};
  for (const v of config.variants) sizesByVariant[v.name] = await sizes(path.join(OUT, v.name), filesOf(v));

  const server = await serve();
  const browser = await launchBrowser();
  try {
    const machine = await describeMachine(browser);
    say(`timing ${config.variants.length} variants against the plain wrapper, ${config.sessions} sessions`);
    const variants = await measureVariants(browser, server.url, config);
    say(`first rounds of ${config.firstCalls} calls on fresh pages, ${config.sessions} sessions`);
    const first = await measureFirstRounds(browser, server.url, config);
    say('per-operation probe');
    const probe = await measureProbe(browser, server.url, config);
    const elapsedMs = Date.now() - started;
    const load = `${loadBefore.toFixed(2)} at the start, ${os.loadavg()[0].toFixed(2)} at the end`;
    const text = report({ config, build, machine, date: new Date().toISOString(), elapsedMs, load, variants, first, sizesByVariant, probe });
    await mkdir(TARGET, { recursive: true });
    await writeFile(path.join(TARGET, 'results.md'), `${text}\n`);
    await writeFile(
      path.join(TARGET, 'results.json'),
      JSON.stringify({ config: { ...config, variants: config.variants.map((v) => v.name) }, build, machine, variants, first, sizesByVariant, probe }, null, 2),
    );
    console.log(text);
    say(`written: target/floor/results.md, target/floor/results.json (${(elapsedMs / 60_000).toFixed(1)} minutes)`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
