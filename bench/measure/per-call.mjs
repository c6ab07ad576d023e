// 3. Per-call overhead: `calls` sequential setMeetingStatus calls against an
// in-page portal that answers synchronously, then `invalidCalls` calls with
// status 'maybe' (time to reject, and how many reached the portal).
//
// The first `calls` on a fresh page is the headline figure (the one the
// targets use): it includes the engines warming up, as a page's first calls
// do. For the module and the plain wrapper, `warmRounds` more rounds of
// `calls` follow on the same page, and the median of the last three is the
// warm figure: the steady cost once V8 has optimized both (the plain
// wrapper's drops about 4×, the module's about 2×).
import { summarize } from '../lib/stats.mjs';

export const CONTENDERS = ['module', 'sdk', 'plain'];
/** The contenders timed warm too (the SDK's 50 µs a call would take minutes). */
export const WARM = ['module', 'plain'];

/**
 * `{ [contender]: { nsPerCall, nsPerCallWarm, nsPerInvalid, invalid… } }`;
 * nsPer* are summaries of `runs` runs, each on a fresh page (nsPerCallWarm:
 * `null` for the contenders not in WARM, or when `warmRounds` is 0).
 */
export async function measurePerCall({ runs, calls, invalidCalls, warmRounds = 0, session }) {
  const samples = Object.fromEntries(CONTENDERS.map((c) => [c, { valid: [], warm: [], invalid: [], rejected: [], dispatched: [], failed: [] }]));
  for (let run = 0; run < runs; run++) {
    for (const contender of CONTENDERS) {
      const { page, close } = await session.open(`/pages/stub.html?contender=${contender}`);
      const valid = await page.evaluate((n) => window.bench.calls(n), calls);
      const rounds = WARM.includes(contender) ? warmRounds : 0;
      const warm = [];
      for (let i = 0; i < rounds; i++) {
        const round = await page.evaluate((n) => window.bench.calls(n), calls);
        warm.push((round.ms * 1e6) / calls);
        valid.rejected += round.rejected;
      }
      const invalid = await page.evaluate((n) => window.bench.invalidCalls(n), invalidCalls);
      await close();
      const s = samples[contender];
      s.valid.push((valid.ms * 1e6) / calls);
      if (warm.length > 0) s.warm.push(summarize(warm.slice(-3)).median);
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
          warmRounds: s.warm.length > 0 ? warmRounds : 0,
          nsPerCall: summarize(s.valid),
          nsPerCallWarm: s.warm.length > 0 ? summarize(s.warm) : null,
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
