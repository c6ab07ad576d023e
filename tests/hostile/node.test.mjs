// The hostile-input suite in Node: the built package (BX24_PKG, default
// pkg/) loaded with initSync from its .wasm bytes, driven by suite.mjs in a
// child process per segment, under a watchdog (a case that makes no progress
// for HOSTILE_CASE_LIMIT_MS, or a run past HOSTILE_TIMEOUT_MS, is killed
// and reported as a stall).
//
//   node --test tests/hostile/node.test.mjs
//   BX24_PKG=/path/to/pkg HOSTILE_SEED=7 node --test tests/hostile/node.test.mjs
//   HOSTILE_SEED=20261130 HOSTILE_ONLY=g123,b12 node --test tests/hostile/node.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, readSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOTAL_LIMIT_MS, plan, runSegments, summary } from './runner.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, 'node-child.mjs');

/** Starts one segment in a child process; progress comes from a file it writes synchronously. */
function start(segment, onEvent) {
  const stamp = `${process.pid}-${segment.name}`;
  const progressPath = path.join(tmpdir(), `bx24-hostile-${stamp}.jsonl`);
  const reportPath = path.join(tmpdir(), `bx24-hostile-${stamp}.json`);
  rmSync(reportPath, { force: true });
  writeFileSync(progressPath, '');
  const env = {
    ...process.env,
    HOSTILE_SEED: String(segment.seed),
    HOSTILE_COUNT: String(segment.count),
    HOSTILE_ATTRITION: String(segment.attrition),
    HOSTILE_ONLY: segment.only ? segment.only.join(',') : '',
    HOSTILE_HEAVY: segment.heavy ? '1' : '0',
    HOSTILE_PROGRESS: progressPath,
    HOSTILE_REPORT: reportPath,
  };
  const proc = spawn(process.execPath, ['--max-old-space-size=4096', child], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  // follow the progress file
  const fd = openSync(progressPath, 'r');
  let offset = 0;
  let rest = '';
  const buf = Buffer.alloc(1 << 16);
  const pump = () => {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, offset);
      if (n <= 0) break;
      offset += n;
      rest += buf.toString('utf8', 0, n);
    }
    const lines = rest.split('\n');
    rest = lines.pop();
    for (const line of lines) {
      if (!line) continue;
      try {
        onEvent(JSON.parse(line));
      } catch {
        // a torn line: ignore
      }
    }
  };
  const poll = setInterval(pump, 100);
  let exit = null;
  const done = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      exit = { code, signal };
      clearInterval(poll);
      pump();
      closeSync(fd);
      resolve(existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : null);
    });
  });
  return {
    done,
    async kill() {
      proc.kill('SIGKILL');
      await done;
    },
    describe: () => `exit ${JSON.stringify(exit)}; stderr: ${stderr.slice(-1500)}`,
  };
}

test('hostile inputs and misbehaving BX24 objects, in Node', { timeout: TOTAL_LIMIT_MS + 30_000 }, async (t) => {
  const report = await runSegments({ segments: plan(), start, envName: `node ${process.version}`, log: (m) => t.diagnostic(m) });
  const out = path.join(tmpdir(), 'bx24-hostile-node.json');
  writeFileSync(out, JSON.stringify(report, null, 1));
  const text = summary(report, 'node.test.mjs');
  console.log(`${text}\nfull report: ${out}`);
  assert.equal(report.failureCount, 0, `the module failed the hostile suite in Node (seed ${report.seed}):\n${text}`);
  assert.ok(!report.stall, report.stall);
});
