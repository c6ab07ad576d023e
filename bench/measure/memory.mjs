// 4. Memory: wasm linear memory (the module's WebAssembly.Memory) and the
// page's JS heap after a full GC (CDP), after `warmCalls` calls and again
// after `calls` in all, on a fresh page per run.
import { summarize } from '../lib/stats.mjs';

export const CONTENDERS = ['module', 'sdk', 'plain'];

async function snapshot(page, cdp) {
  // Twice: the first pass can leave garbage that finalizers freed.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.bench.wasmMemoryBytes());
  return { heap: usedSize, wasm };
}

/**
 * `{ [contender]: { heap: {early, late, growth}, wasm: {...} | null } }`,
 * each a summary of `runs` runs, in bytes.
 */
export async function measureMemory({ runs, warmCalls, calls, session }) {
  if (calls <= warmCalls) throw new Error('memory: calls must exceed warmCalls');
  const samples = Object.fromEntries(CONTENDERS.map((c) => [c, []]));
  for (let run = 0; run < runs; run++) {
    for (const contender of CONTENDERS) {
      const { page, context, close } = await session.open(`/pages/stub.html?contender=${contender}`);
      const cdp = await context.newCDPSession(page);
      await page.evaluate((n) => window.bench.calls(n), warmCalls);
      const early = await snapshot(page, cdp);
      await page.evaluate((n) => window.bench.calls(n), calls - warmCalls);
      const late = await snapshot(page, cdp);
      await close();
      samples[contender].push({ early, late });
    }
  }
  const of = (list, key) => {
    if (list[0].early[key] === null) return null;
    return {
      early: summarize(list.map((s) => s.early[key])),
      late: summarize(list.map((s) => s.late[key])),
      growth: summarize(list.map((s) => s.late[key] - s.early[key])),
    };
  };
  return Object.fromEntries(
    CONTENDERS.map((c) => [c, { warmCalls, calls, heap: of(samples[c], 'heap'), wasm: of(samples[c], 'wasm') }]),
  );
}
