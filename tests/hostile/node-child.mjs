// The Node side of the hostile suite, run in a child process by
// node.test.mjs (so that a hang or a crash cannot take the test runner with
// it). Loads the package from BX24_PKG with initSync from the .wasm bytes,
// collects every uncaught exception and unhandled rejection of the process,
// runs the suite, and writes progress lines (synchronously, so they survive
// a kill) and the final report as JSON.
//
//   BX24_PKG=pkg/ HOSTILE_PROGRESS=/tmp/p.jsonl HOSTILE_REPORT=/tmp/r.json node tests/hostile/node-child.mjs
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';

import { loadPackage, options } from './node-load.mjs';
import { run } from './suite.mjs';

const buffered = [];
let handler = (type, value) => buffered.push([type, value]);
process.on('uncaughtException', (error) => handler('uncaught', error));
process.on('unhandledRejection', (reason) => handler('unhandled', reason));
process.on('warning', (warning) => handler('warning', warning));

const progressFd = process.env.HOSTILE_PROGRESS ? openSync(process.env.HOSTILE_PROGRESS, 'w') : null;
const progress = (event) => {
  if (progressFd !== null) writeSync(progressFd, `${JSON.stringify(event)}\n`);
};

const { pkg, files } = await loadPackage(process.env.BX24_PKG);
progress({ t: 'loaded', files });
const { seed, count, attrition, only } = options(process.env);
const report = await run({
  pkg,
  seed,
  count,
  attrition,
  only,
  heavy: process.env.HOSTILE_HEAVY !== '0',
  env: {
    name: `node ${process.version}`,
    progress,
    listen(h) {
      handler = h;
      for (const [type, value] of buffered.splice(0)) h(type, value);
    },
  },
});
report.pkg = files;
const json = JSON.stringify(report);
if (process.env.HOSTILE_REPORT) writeFileSync(process.env.HOSTILE_REPORT, json);
else process.stdout.write(`${json}\n`);
progress({ t: 'done' });
if (progressFd !== null) closeSync(progressFd);
// Timers the module may have left (a stalled call) must not keep us alive.
process.exit(0);
