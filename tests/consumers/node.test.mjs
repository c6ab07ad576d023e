// The package as its users get it: `npm pack pkg/`, the tarball installed
// (a copy, not a symlink) into a fresh project in a temporary folder, then
// - the tarball's file list: everything the exports name, nothing stray;
// - Node ESM `import` and CJS `require` of `bx24-meeting` and
//   `bx24-meeting/client`, with no `init()`: setMeetingStatus over a fake
//   BX24, MeetingClient over a webhook served by node:http on 127.0.0.1;
// - TypeScript strict against the shipped .d.ts without skipLibCheck: a
//   browser project (lib ES2022 + DOM) and a Node-only one (lib ES2022 +
//   @types/node), ESM and CJS.
// Nothing is written inside the repository. Run after scripts/build.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile, copyFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const LIMIT = 60_000; // ms for any one command

/** Runs a command; resolves its stdout, rejects with its output on failure or after LIMIT. */
function run(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, timeout: LIMIT, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${cmd} ${args.join(' ')} failed (${error.code ?? error.signal}):\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

let tmp; // the temporary folder: the tarball and the consumer project
let app; // the consumer project, with bx24-meeting installed from the tarball
let packed; // npm pack's report: name, size, files

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'bx24-consumers-'));
  [packed] = JSON.parse(await run('npm', ['pack', join(root, 'pkg'), '--pack-destination', tmp, '--json'], tmp));
  app = join(tmp, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', join(tmp, packed.filename)], app);
});

after(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('the tarball holds the two builds, their entries and types, README and LICENSE, and nothing else', async () => {
  const build = ['bx24_meeting.js', 'bx24_meeting_bg.wasm', 'bx24_meeting.d.ts', 'bx24_meeting.d.cts', 'index.js', 'node.mjs', 'node.cjs'];
  const expected = ['LICENSE', 'README.md', 'package.json', ...build, ...build.map((f) => `client/${f}`)].sort();
  assert.deepEqual(packed.files.map((f) => f.path).sort(), expected);
  const manifest = JSON.parse(await readFile(join(app, 'node_modules/bx24-meeting/package.json'), 'utf8'));
  const cargo = await readFile(join(root, 'Cargo.toml'), 'utf8');
  assert.equal(manifest.name, 'bx24-meeting');
  assert.equal(manifest.version, cargo.match(/^version = "(.*)"$/m)[1]);
  assert.equal(manifest.license, 'MIT');
  for (const field of ['repository', 'homepage', 'engines', 'sideEffects']) assert.ok(manifest[field], field);
  // Every path the exports map names is in the tarball.
  const named = JSON.stringify(manifest.exports).match(/"\.\/[^"]*"/g).map((p) => p.slice(3, -1)).filter((p) => p.includes('.'));
  for (const path of named) assert.ok(expected.includes(path), `${path} is exported but not packed`);
  const readme = await readFile(join(app, 'node_modules/bx24-meeting/README.md'), 'utf8');
  assert.doesNotMatch(readme, /npm (start|test)|cargo |wasm-pack|\]\((?!https:)[^)#]*\)/, 'the package README is for users: no dev commands, no relative links');
  assert.match(await readFile(join(app, 'node_modules/bx24-meeting/LICENSE'), 'utf8'), /MIT License[\s\S]*bx24-meeting contributors/);
});

// One consumer script, in ESM or CJS form: the placement build over a fake
// BX24, the full build over a webhook served by node:http, init() last
// (a no-op under Node). Prints what it saw as JSON.
function consumer(kind) {
  const load = kind === 'esm'
    ? `import init, { setMeetingStatus, getMeetingStatus, isBx24Error } from 'bx24-meeting';
import clientInit, { MeetingClient } from 'bx24-meeting/client';
import { createServer } from 'node:http';
const resolved = [import.meta.resolve?.('bx24-meeting'), import.meta.resolve?.('bx24-meeting/client')];
const main = async (f) => f();`
    : `const { default: init, setMeetingStatus, getMeetingStatus, isBx24Error } = require('bx24-meeting');
const { default: clientInit, MeetingClient } = require('bx24-meeting/client');
const { createServer } = require('node:http');
const resolved = [require.resolve('bx24-meeting'), require.resolve('bx24-meeting/client')];
const main = (f) => f().catch((e) => { console.error(e); process.exitCode = 1; });`;
  return `${load}
main(async () => {
  const out = { resolved };
  const calls = [];
  globalThis.BX24 = {
    init: (cb) => setTimeout(cb, 0),
    callMethod(method, params, cb) {
      calls.push({ method, params });
      setTimeout(() => cb({ data: () => (method === 'calendar.meeting.status.get' ? 'N' : true), error: () => undefined }), 0);
    },
  };
  out.placementSet = await setMeetingStatus('651', 'y');
  out.placementGet = await getMeetingStatus(651);
  out.invalid = await setMeetingStatus(651, 'maybe').then(() => 'resolved', (e) => ({ isBx24Error: isBx24Error(e), kind: e.kind, param: e.param }));
  out.bx24Calls = calls;

  const requests = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, body: JSON.parse(body || 'null') });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ result: true, time: { start: 1, finish: 1, duration: 0, processing: 0 } }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const client = new MeetingClient({
      transport: { webhookUrl: 'http://127.0.0.1:' + server.address().port + '/rest/1/abc123def456/' },
      retries: 0, timeoutMs: 5000,
    });
    out.webhookSet = await client.setMeetingStatus(652, 'N');
    out.requests = requests;
  } finally {
    server.closeAllConnections?.();
    server.close();
  }
  out.init = [typeof (await init()), typeof (await clientInit())];
  out.afterInit = await setMeetingStatus(653, 'Q');
  console.log(JSON.stringify(out));
});
`;
}

function checkConsumer(out, entry) {
  assert.equal(out.placementSet, true);
  assert.equal(out.placementGet, 'N');
  assert.deepEqual(out.invalid, { isBx24Error: true, kind: 'validation', param: 'status' });
  assert.deepEqual(out.bx24Calls, [
    { method: 'calendar.meeting.status.set', params: { eventId: 651, status: 'Y' } },
    { method: 'calendar.meeting.status.get', params: { eventId: 651 } },
    { method: 'calendar.meeting.status.set', params: { eventId: 653, status: 'Q' } },
  ]);
  assert.equal(out.webhookSet, true);
  assert.deepEqual(out.requests, [
    { method: 'POST', url: '/rest/1/abc123def456/calendar.meeting.status.set.json', body: { eventId: 652, status: 'N' } },
  ]);
  assert.deepEqual(out.init, ['object', 'object'], 'init() resolves (a no-op) under Node');
  assert.equal(out.afterInit, true);
  const [placement, client] = out.resolved;
  if (placement !== undefined) {
    assert.match(placement, new RegExp(`node_modules/bx24-meeting/${entry}$`));
    assert.match(client, new RegExp(`node_modules/bx24-meeting/client/${entry}$`));
  }
}

test('Node ESM: import both entry points, no init, BX24 and webhook calls', async () => {
  await writeFile(join(app, 'esm.mjs'), consumer('esm'));
  checkConsumer(JSON.parse(await run(process.execPath, ['esm.mjs'], app)), 'node.mjs');
});

test('Node CJS: require both entry points (without require(esm)), no init, BX24 and webhook calls', async () => {
  await writeFile(join(app, 'cjs.cjs'), consumer('cjs'));
  // Node 18 and Node 20 before 20.19 cannot require() an ES module: prove
  // the CommonJS entries need no such support where the flag exists.
  const flag = await run(process.execPath, ['--no-experimental-require-module', '-e', '0'], app).then(() => ['--no-experimental-require-module'], () => []);
  checkConsumer(JSON.parse(await run(process.execPath, [...flag, 'cjs.cjs'], app)), 'node.cjs');
});

test('TypeScript strict, browser (lib ES2022 + DOM, bundler resolution), no skipLibCheck', async () => {
  const dir = join(app, 'ts-browser');
  await mkdir(dir);
  for (const file of ['usage.ts', 'transports.ts']) await copyFile(join(root, 'tests/types', file), join(dir, file));
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, noEmit: true,
      lib: ['ES2022', 'DOM'], types: [],
    },
    files: ['usage.ts', 'transports.ts'],
  }));
  await run(process.execPath, [tsc, '-p', dir], dir);
});

test('TypeScript strict, Node only (lib ES2022 + @types/node, NodeNext), ESM and CJS, no skipLibCheck', async () => {
  const dir = join(app, 'ts-node');
  await mkdir(dir);
  await writeFile(join(dir, 'esm.mts'), `import init, { setMeetingStatus, isBx24Error, initSync } from 'bx24-meeting';
import type { Bx24Error } from 'bx24-meeting';
import { MeetingClient } from 'bx24-meeting/client';
import type { MeetingStatusResult } from 'bx24-meeting/client';
import { readFileSync } from 'node:fs';

export async function answer(webhookUrl: string): Promise<MeetingStatusResult[]> {
  await init();
  initSync({ module: readFileSync('bx24_meeting_bg.wasm') });
  const done: true = await setMeetingStatus(651, 'Y');
  const client = new MeetingClient({ transport: { webhookUrl }, retries: 2 });
  try {
    return await client.setMeetingStatuses([{ eventId: 651, status: 'n' }], { signal: AbortSignal.timeout(done ? 1000 : 0) });
  } catch (e: unknown) {
    if (isBx24Error(e)) {
      const err: Bx24Error = e;
      throw new Error(err.code + ' ' + err.description);
    }
    throw e;
  } finally {
    client[Symbol.dispose]();
  }
}
`);
  await writeFile(join(dir, 'cjs.cts'), `import bx24 = require('bx24-meeting');
import full = require('bx24-meeting/client');

export async function answer(webhookUrl: string): Promise<true> {
  await bx24.default();
  await bx24.setMeetingStatus('651', 'q');
  return new full.MeetingClient({ transport: { webhookUrl } }).setMeetingStatus(651, 'N');
}
`);
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true,
      lib: ['ES2022'], types: ['node'], typeRoots: [join(root, 'node_modules/@types')],
    },
    files: ['esm.mts', 'cjs.cts'],
  }));
  await run(process.execPath, [tsc, '-p', dir], dir);
});
