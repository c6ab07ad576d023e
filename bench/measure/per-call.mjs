// 3. Per-call overhead: `calls` sequential setMeetingStatus calls against an
// in-page portal that answers synchronously, then `invalidCalls` calls with
// status 'maybe' (time to reject, and how many reached the portal).
import { summarize } from '../lib/stats.mjs';

export const CONTENDERS = ['module', 'sdk', 'plain'];

/**
 * `{ [contender]: { nsPerCall, nsPerInvalid, invalid: {rejected, dispatched} } }`;
 * nsPer* are summaries of `runs` runs, each on a fresh page.
 */
export async function measurePerCall({ runs, calls, invalidCalls, session }) {
  const samples = Object.fromEntries(CONTENDERS.map((c) => [c, { valid: [], invalid: [], rejected: [], dispatched: [], failed: [] }]));
  for (let run = 0; run < runs; run++) {
    for (const contender of CONTENDERS) {
      const { page, close } = await session.open(`/pages/stub.html?contender=${contender}`);
      const valid = await page.evaluate((n) => window.bench.calls(n), calls);
      const invalid = await page.evaluate((n) => window.bench.invalidCalls(n), invalidCalls);
      await close();
      const s = samples[contender];
      s.valid.push((valid.ms * 1e6) / calls);
      s.failed.push(valid.rejected);
      s.invalid.push((invalid.ms * 1e6) / invalidCalls);
      s.rejected.push(invalid.rejected);
      s.dispatched.push(invalid.dispatched);
    }
  }
  return Object.fromEntries(
    CONTENDERS.map((c) => {
      const s = samples[c];
      return [
        c,
        {
          calls,
          invalidCalls,
          nsPerCall: summarize(s.valid),
          nsPerInvalid: summarize(s.invalid),
          // Worst run: any valid call that failed, any invalid one that resolved or was sent.
          validFailed: Math.max(...s.failed),
          invalidRejected: Math.min(...s.rejected),
          invalidDispatched: Math.max(...s.dispatched),
        },
      ];
    }),
  );
}
