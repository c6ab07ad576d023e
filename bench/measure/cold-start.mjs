// 2. Cold start: from the harness script starting to the first call being
// ready (module fetch + compile + instantiate for us; bundle evaluation +
// B24Frame init for the SDK), in a fresh browser context per run (empty
// cache), over loopback HTTP, with an instant in-page portal.
import { summarize } from '../lib/stats.mjs';

export const CONTENDERS = ['module', 'sdk', 'plain'];

/**
 * `{ [contender]: { ready, firstCall } }`, each a summary of `runs` runs in ms.
 * One untimed round first: the browser's own first-use costs (a renderer's
 * first start, its disk reads) are not the contenders'.
 */
export async function measureColdStart({ runs, session }) {
  const samples = Object.fromEntries(CONTENDERS.map((c) => [c, { ready: [], firstCall: [] }]));
  for (const contender of CONTENDERS) await (await session.open(`/pages/stub.html?contender=${contender}`)).close();
  for (let run = 0; run < runs; run++) {
    // Contenders take turns within a run, so drift hits them alike.
    for (const contender of CONTENDERS) {
      const { page, close } = await session.open(`/pages/stub.html?contender=${contender}`);
      const { ready, firstCall } = await page.evaluate(() => window.bench.coldStart);
      await close();
      samples[contender].ready.push(ready);
      samples[contender].firstCall.push(firstCall);
    }
  }
  return Object.fromEntries(
    CONTENDERS.map((c) => [c, { ready: summarize(samples[c].ready), firstCall: summarize(samples[c].firstCall) }]),
  );
}
