// What every measurement shares: a snapshot of what is measured, one
// emulator serving it, and one Chromium.
//
// The snapshot (a temporary folder) holds a copy of pkg/, the SDK bundles, the
// harness pages and the plain wrapper, so that a rebuild of pkg/ or an edit in
// bench/ while a run is going on cannot change what the run measures. The
// emulator serves it at `/` (`/module/` is the copy of pkg/) together with the
// REST API, the emulated BX24.js and the admin endpoints.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { startEmulator } from '../../tests/support/emulator.mjs';
import { launchBrowser, openPage } from './browser.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BENCH = fileURLToPath(new URL('../', import.meta.url));
/** The first event id of the bulk fixture. */
export const FIRST_EVENT = 1000;

/**
 * Bundles `bench/contenders/<name>.js` with @bitrix24/b24jssdk the way an app
 * would ship it: esbuild, minified, ESM, browser. Returns the output path.
 */
async function bundleSdk(name, outdir) {
  const outfile = join(outdir, `${name}.js`);
  await build({
    entryPoints: [`${BENCH}contenders/${name}.js`],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** A fixture of `count` meetings hosted by user 2, user 1 invited (Q). */
async function writeFixture(file, count) {
  const events = Array.from({ length: count }, (_, i) => ({
    id: FIRST_EVENT + i,
    name: `Meeting ${i}`,
    fromOffsetMinutes: 60 + i,
    durationMinutes: 30,
    host: 2,
    attendees: [{ id: 1, status: 'Q' }],
  }));
  await writeFile(file, JSON.stringify({ users: [{ id: 1, name: 'Anna' }, { id: 2, name: 'Boris' }], events }));
  return file;
}

/**
 * Takes the snapshot and starts everything; `bulkItems` is the size of the
 * meeting fixture. `session.files` names the snapshot's files,
 * `session.open(path)` opens a harness page in a fresh browser context.
 */
export async function openSession({ bulkItems }) {
  const dir = await mkdtemp(join(tmpdir(), 'bx24-bench-'));
  const www = join(dir, 'www');
  await cp(`${ROOT}pkg`, join(www, 'module'), { recursive: true });
  await cp(`${BENCH}pages`, join(www, 'pages'), { recursive: true });
  await cp(`${BENCH}contenders`, join(www, 'contenders'), { recursive: true });
  await mkdir(join(www, 'build'));
  const files = {
    moduleWasm: join(www, 'module', 'bx24_meeting_bg.wasm'),
    moduleGlue: join(www, 'module', 'bx24_meeting.js'),
    moduleFullWasm: join(www, 'module', 'client', 'bx24_meeting_bg.wasm'),
    moduleFullGlue: join(www, 'module', 'client', 'bx24_meeting.js'),
    sdk: await bundleSdk('sdk', join(www, 'build')),
    sdkHarness: await bundleSdk('sdk-harness', join(www, 'build')),
    plain: join(www, 'contenders', 'plain.js'),
  };
  const fixture = await writeFixture(join(dir, 'fixture.json'), bulkItems);
  let emulator;
  let browser;
  try {
    emulator = await startEmulator(['--www', www, '--data', fixture, '--plan', 'standard']);
    browser = await launchBrowser();
  } catch (error) {
    await emulator?.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    emulator,
    browser,
    bulkItems,
    files,
    open: (path) => openPage(browser, `${emulator.url}${path}`),
    close: async () => {
      await browser.close();
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
