// `npm run bench` (after scripts/bench.sh has built pkg/ and the emulator):
// runs every measurement against this module, a plain BX24.callMethod wrapper
// and @bitrix24/b24jssdk, prints one table and writes bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { openSession, BENCH, ROOT } from './lib/session.mjs';
import { describeMachine } from './lib/machine.mjs';
import { markdownTable, renderResults, tableRows, targets } from './lib/report.mjs';
import { measureSize } from './measure/size.mjs';
import { measureColdStart } from './measure/cold-start.mjs';
import { measurePerCall } from './measure/per-call.mjs';
import { measureMemory } from './measure/memory.mjs';
import { measureBulk } from './measure/bulk.mjs';

/** The full run. The smoke test passes tiny numbers through the same code. */
export const FULL = {
  runs: 5,
  perCall: { calls: 100_000, invalidCalls: 10_000, warmRounds: 6 },
  memory: { warmCalls: 1_000, calls: 100_000 },
  // 1,000 single calls take ~8 minutes at 2/s after the burst: the sequential
  // plain wrapper sends only the first 100 and is extrapolated.
  bulk: { items: 1_000, sequentialItems: 100, timeoutMs: 10_000 },
};

const say = (text) => process.stderr.write(`[bench] ${text}\n`);

/** Runs every measurement with `config` in `session`; returns the results. */
export async function runAll(config, session, log = say) {
  const results = { config };
  const step = async (name, fn) => {
    const start = Date.now();
    log(`${name}…`);
    const value = await fn();
    log(`${name}: ${((Date.now() - start) / 1000).toFixed(1)} s`);
    return value;
  };
  const { runs } = config;
  results.size = await step('1. shipped size', () => measureSize({ session }));
  results.coldStart = await step('2. cold start', () => measureColdStart({ runs, session }));
  results.perCall = await step('3. per-call overhead', () => measurePerCall({ runs, ...config.perCall, session }));
  results.memory = await step('4. memory', () => measureMemory({ runs, ...config.memory, session }));
  results.bulk = await step('5. bulk against the emulator', () =>
    measureBulk({ runs, sequentialRuns: runs, ...config.bulk, session }),
  );
  return results;
}

export async function sdkVersion() {
  return JSON.parse(await readFile(`${ROOT}node_modules/@bitrix24/b24jssdk/package.json`, 'utf8')).version;
}

// Which source pkg/ was built from (read-only git commands), or null.
function sourceVersion() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    let clean = true;
    try {
      execFileSync('git', ['diff', '--quiet', 'HEAD', '--', 'src', 'Cargo.toml', 'Cargo.lock'], { cwd: ROOT });
    } catch {
      clean = false;
    }
    return clean ? `commit ${commit}` : `commit ${commit} with uncommitted changes in src/ or Cargo.*`;
  } catch {
    return null;
  }
}

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg()[0];
  const source = sourceVersion();
  const session = await openSession({ bulkItems: FULL.bulk.items });
  try {
    const machine = await describeMachine(session.browser);
    const results = await runAll(FULL, session);
    const elapsedMs = Date.now() - started;
    // Other work on the machine shows in the timings: say how busy it was.
    machine.load = `${loadBefore.toFixed(2)} at the start, ${os.loadavg()[0].toFixed(2)} at the end`;
    // Measured by hand (see the files; bench:floor for the second): carried
    // into every report.
    const appendix = (await Promise.all(['packages.md', 'floor.md'].map((f) => readFile(`${BENCH}data/${f}`, 'utf8'))))
      .map((text) => text.trim())
      .join('\n\n');
    const text = renderResults(results, { machine, date: new Date().toISOString(), elapsedMs, sdkVersion: await sdkVersion(), source, appendix });
    await writeFile(`${BENCH}RESULTS.md`, text);
    // The raw figures, every run, for a closer look (not committed).
    await mkdir(`${BENCH}build`, { recursive: true });
    await writeFile(`${BENCH}build/results.json`, JSON.stringify(results, null, 2));
    console.log(markdownTable(tableRows(results)));
    console.log('');
    for (const t of targets(results)) console.log(`${t.met ? 'met   ' : 'MISSED'}  ${t.name} (${t.detail})`);
    console.log(`\nwritten: bench/RESULTS.md (${(elapsedMs / 60_000).toFixed(1)} minutes)`);
  } finally {
    await session.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
