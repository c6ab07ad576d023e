// 1. Shipped size: the bytes a page must load to make one setMeetingStatus
// call, raw and gzip -9 (the gzip CLI, as scripts/build.sh measures), from
// the session's snapshot.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

const gzip9 = (bytes) => execFileSync('gzip', ['-9c'], { input: bytes, maxBuffer: 64 << 20 }).length;

async function measured(parts) {
  const each = await Promise.all(
    Object.entries(parts).map(async ([label, path]) => {
      const bytes = await readFile(path);
      return { label, raw: bytes.length, gzip: gzip9(bytes) };
    }),
  );
  const sum = (key) => each.reduce((total, part) => total + part[key], 0);
  return { raw: sum('raw'), gzip: sum('gzip'), parts: each };
}

/**
 * Sizes per contender: `{ module, moduleFull, sdk, plain }` (`module` is the
 * placement build a placement page loads, `moduleFull` the full build with
 * MeetingClient and every transport), each `{raw, gzip, parts}`.
 * The SDK is the esbuild bundle of bench/contenders/sdk.js (initializeB24Frame
 * + actions.v2.call.make); `sdkHarness` is the bundle the timing pages load.
 */
export async function measureSize({ session }) {
  const { files } = session;
  return {
    module: await measured({ '.wasm': files.moduleWasm, 'JS glue': files.moduleGlue }),
    moduleFull: await measured({ '.wasm': files.moduleFullWasm, 'JS glue': files.moduleFullGlue }),
    sdk: await measured({ bundle: files.sdk }),
    sdkHarness: await measured({ bundle: files.sdkHarness }),
    plain: await measured({ 'plain.js': files.plain }),
  };
}
