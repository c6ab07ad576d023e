// The package as its users get it: `npm pack pkg/`, the tarball installed
// (a copy, not a symlink) into a fresh project in a temporary folder, then
// - the tarball's file list: everything the exports name, nothing stray;
// - Node ESM `import` and CJS `require` of `bx24-meeting` and
//   `bx24-meeting/client`, with no `init()`, each under the Node running
//   this file and under Node 18 (Debian 12's build, bin/node18 in the tools,
//   which scripts/bootstrap.sh installs: BX24_NODE18), against the portal emulator
//   (fixture tests/fixtures/meetings.json): MeetingClient over the
//   emulator's webhook (`<emulator>/rest/1/<token>/`), and the placement
//   build's setMeetingStatus/getMeetingStatus over a `BX24` whose callMethod
//   sends each call to that same webhook (Node has no BX24.js). Every set
//   must change the emulator's state (its admin API), and get and nearest
//   must answer what it holds;
// - TypeScript strict against the shipped .d.ts without skipLibCheck: a
//   browser project (lib ES2022 + DOM) and a Node-only one (lib ES2022 +
//   @types/node), ESM and CJS (compiled, not run).
// Nothing is written inside the repository. Run after scripts/bootstrap.sh
// and scripts/build.sh, with the emulator built (BX24_EMULATOR, see
// tests/support/emulator.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile, copyFile, readFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../support/emulator.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const LIMIT = 60_000; // ms for any one command
const fixture = join(root, 'tests/fixtures/meetings.json');
const WEBHOOK_TOKEN = 'consumerNodeT0ken';
const DAYS = 7;
// The Nodes the consumers run under: this one, and Node 18, the oldest the
// package supports (`engines`), as scripts/env.sh names it.
const NODE18 = process.env.BX24_NODE18
  ?? join(process.env.BX24_TOOLS ?? join(homedir(), '.cache/bx24-meeting/tools'), 'bin/node18');
const NODES = [
  { major: Number(process.versions.node.split('.')[0]), bin: process.execPath },
  { major: 18, bin: NODE18 },
];

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
let emulator; // the portal emulator, user 1's webhook at `${emulator.url}/rest/1/${WEBHOOK_TOKEN}/`

before(async () => {
  emulator = await startEmulator(['--data', fixture, '--webhook-token', WEBHOOK_TOKEN]);
  tmp = await mkdtemp(join(tmpdir(), 'bx24-consumers-'));
  [packed] = JSON.parse(await run('npm', ['pack', join(root, 'pkg'), '--pack-destination', tmp, '--json'], tmp));
  app = join(tmp, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', join(tmp, packed.filename)], app);
});

after(async () => {
  await emulator?.stop();
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

// One consumer script, in ESM or CJS form, given user 1's webhook URL as
// its argument: the placement build over a BX24 that sends each call to the
// webhook (as BX24.js would to the portal), the full build's MeetingClient
// over the webhook, init() last (a no-op under Node). Prints what it saw as
// JSON.
function consumer(kind) {
  const load = kind === 'esm'
    ? `import init, { setMeetingStatus, getMeetingStatus, isBx24Error } from 'bx24-meeting';
import clientInit, { MeetingClient } from 'bx24-meeting/client';
const resolved = [import.meta.resolve?.('bx24-meeting'), import.meta.resolve?.('bx24-meeting/client')];
const main = async (f) => f();`
    : `const { default: init, setMeetingStatus, getMeetingStatus, isBx24Error } = require('bx24-meeting');
const { default: clientInit, MeetingClient } = require('bx24-meeting/client');
const resolved = [require.resolve('bx24-meeting'), require.resolve('bx24-meeting/client')];
const main = (f) => f().catch((e) => { console.error(e); process.exitCode = 1; });`;
  return `${load}
const webhookUrl = process.argv[2];
main(async () => {
  const out = { node: process.version, resolved };
  const calls = [];
  // BX24's callMethod and ajaxResult (data(), error() with status and ex),
  // answered by the emulator through the webhook.
  globalThis.BX24 = {
    init: (cb) => setTimeout(cb, 0),
    callMethod(method, params, cb) {
      calls.push({ method, params });
      fetch(webhookUrl + method + '.json', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params),
      })
        .then(async (response) => ({ status: response.status, body: await response.json() }))
        .then(
          ({ status, body }) => cb({ data: () => body.result, error: () => (body.error === undefined ? undefined : { status, ex: body }) }),
          (e) => cb({ data: () => undefined, error: () => ({ status: 0, ex: { error: 'NETWORK_ERROR', error_description: String(e) } }) }),
        );
    },
  };
  out.placementSet = await setMeetingStatus('${EVENTS.placement}', 'y');
  out.placementGet = await getMeetingStatus(${EVENTS.placement});
  out.invalid = await setMeetingStatus(${EVENTS.placement}, 'maybe').then(() => 'resolved', (e) => ({ isBx24Error: isBx24Error(e), kind: e.kind, param: e.param }));

  const client = new MeetingClient({ transport: { webhookUrl }, retries: 0, timeoutMs: 5000 });
  out.webhookSet = await client.setMeetingStatus(${EVENTS.webhook}, 'N');
  out.webhookGet = await client.getMeetingStatus(${EVENTS.webhook});
  out.webhookNearest = (await client.getNearestMeetings({ days: ${DAYS} })).map((m) => [m.id, m.myStatus]);

  out.init = [typeof (await init()), typeof (await clientInit())];
  out.afterInit = await setMeetingStatus(${EVENTS.afterInit}, 'Q');
  out.bx24Calls = calls;
  console.log(JSON.stringify(out));
});
`;
}

// User 1's events in the fixture, each answered differently: 103 from 'Q'
// to 'Y' (placement build), 102 from 'Y' to 'N' (webhook), 105 from 'N' to
// 'Q' (placement build after init()).
const EVENTS = { placement: 103, webhook: 102, afterInit: 105 };

/** Runs a consumer script under `node` against the reset emulator; resolves what it printed, the state before and the REST calls it made. */
async function runConsumer(node, flags, script) {
  await emulator.reset();
  const initial = await emulator.statuses(1);
  const out = JSON.parse(await run(node, [...flags, script, `${emulator.url}/rest/1/${WEBHOOK_TOKEN}/`], app));
  return { out, initial, requests: await emulator.requests() };
}

async function checkConsumer({ out, initial, requests }, entry, major) {
  assert.equal(out.node.split('.')[0], `v${major}`, 'the Node it ran under');
  assert.deepEqual(out.bx24Calls, [
    { method: 'calendar.meeting.status.set', params: { eventId: EVENTS.placement, status: 'Y' } },
    { method: 'calendar.meeting.status.get', params: { eventId: EVENTS.placement } },
    { method: 'calendar.meeting.status.set', params: { eventId: EVENTS.afterInit, status: 'Q' } },
  ]);
  assert.deepEqual(out.invalid, { isBx24Error: true, kind: 'validation', param: 'status' });
  assert.deepEqual(out.init, ['object', 'object'], 'init() resolves (a no-op) under Node');
  // Every call reached the emulator's webhook, the secret kept out of its log.
  assert.deepEqual(
    requests.map((r) => [r.restMethod, r.status, r.transport, r.path]),
    [
      'calendar.meeting.status.set', 'calendar.meeting.status.get', // placement build
      'calendar.meeting.status.set', 'calendar.meeting.status.get', 'calendar.event.get.nearest', // MeetingClient
      'calendar.meeting.status.set', // placement build after init()
    ].map((m) => [m, 200, 'webhook', `/rest/1/[redacted]/${m}.json`]),
  );
  // Each set changed the emulator's state; gets and nearest answer what it holds.
  const held = await emulator.statuses(1);
  assert.deepEqual([initial[EVENTS.placement], initial[EVENTS.webhook], initial[EVENTS.afterInit]], ['Q', 'Y', 'N'], 'the fixture as expected');
  assert.equal(out.placementSet, true);
  assert.equal(out.webhookSet, true);
  assert.equal(out.afterInit, true);
  assert.deepEqual(held, { ...initial, [EVENTS.placement]: 'Y', [EVENTS.webhook]: 'N', [EVENTS.afterInit]: 'Q' });
  assert.equal(out.placementGet, 'Y', 'the placement get saw its own set');
  assert.equal(out.webhookGet, held[EVENTS.webhook]);
  const answer = await emulator.request(`/rest/1/${WEBHOOK_TOKEN}/calendar.event.get.nearest.json?days=${DAYS}&forCurrentUser=true`);
  assert.equal(answer.status, 200, answer.text);
  const nearest = JSON.parse(answer.text).result.filter((e) => e.IS_MEETING).map((e) => [Number(e.ID), e.MEETING_STATUS]);
  assert.ok(nearest.length >= 3, `the fixture gives meetings: ${JSON.stringify(nearest)}`);
  // Listed before the last set: the event set after init() still shows its old answer.
  assert.deepEqual(out.webhookNearest, nearest.map(([id, status]) => [id, id === EVENTS.afterInit ? initial[id] : status]));
  for (const [id, status] of out.webhookNearest) assert.equal(status, id === EVENTS.afterInit ? initial[id] : held[id], `meeting ${id}`);
  const [placement, client] = out.resolved;
  if (placement !== undefined) {
    assert.match(placement, new RegExp(`node_modules/bx24-meeting/${entry}$`));
    assert.match(client, new RegExp(`node_modules/bx24-meeting/client/${entry}$`));
  }
}

for (const { major, bin } of NODES) {
  test(`Node ${major} ESM: import both entry points, no init, BX24 and webhook calls against the emulator`, async () => {
    await writeFile(join(app, 'esm.mjs'), consumer('esm'));
    await checkConsumer(await runConsumer(bin, [], 'esm.mjs'), 'node.mjs', major);
  });

  test(`Node ${major} CJS: require both entry points (without require(esm)), no init, BX24 and webhook calls against the emulator`, async () => {
    await writeFile(join(app, 'cjs.cjs'), consumer('cjs'));
    // Node 18 and Node 20 before 20.19 cannot require() an ES module: prove
    // the CommonJS entries need no such support where the flag exists.
    const flag = await run(bin, ['--no-experimental-require-module', '-e', '0'], app).then(() => ['--no-experimental-require-module'], () => []);
    await checkConsumer(await runConsumer(bin, flag, 'cjs.cjs'), 'node.cjs', major);
  });
}

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
