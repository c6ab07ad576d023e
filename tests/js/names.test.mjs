// The builds ship with short names between the .wasm and its glue
// (npm/short-names.mjs, run by scripts/build.sh), and the rewriting keeps
// them a working pair: every import the .wasm asks for is one the glue
// provides, the API keeps its names, and a call goes through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp, cp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shortenNames } from '../../npm/short-names.mjs';

const builds = ['../../pkg/', '../../pkg/client/'].map((p) => new URL(p, import.meta.url));
const API = ['configure', 'getMeetingStatus', 'getNearestMeetings', 'isBx24Error', 'pendingCalls', 'setMeetingStatus', 'setMeetingStatuses'];

for (const dir of builds) {
  const label = dir.pathname.split('/').slice(-2, -1)[0];

  test(`${label} build: imports and wasm-bindgen's exports have short names, the API keeps its own`, async () => {
    const module = new WebAssembly.Module(await readFile(new URL('bx24_meeting_bg.wasm', dir)));
    const imports = WebAssembly.Module.imports(module);
    assert.ok(imports.length > 20, `${imports.length} imports`);
    for (const { module, name } of imports) {
      assert.equal(module, '$', `import ${name}'s module`);
      assert.match(name, /^\$[0-9a-z]+$/, `import ${name}`);
    }
    const exports = WebAssembly.Module.exports(module).map((e) => e.name);
    for (const name of API) assert.ok(exports.includes(name), `export ${name} kept`);
    assert.ok(exports.includes('memory'));
    const glue = await readFile(new URL('bx24_meeting.js', dir), 'utf8');
    assert.doesNotMatch(glue, /__wbg_\w+_[0-9a-f]{16}\b/, 'no hashed __wbg_ import name left in the glue');
    assert.doesNotMatch(glue, /bx24_meeting_bg\.js/, 'the import object is keyed by the short module name');
    // The module's callback entry keeps its name: the module looks it up.
    assert.ok(exports.includes('__bx24_event'), 'export __bx24_event kept');
    // wasm-bindgen's exports keep their names only where the glue never uses them.
    const long = exports.filter((n) => /^(__(?!bx24_)|wasm_bindgen__)/.test(n));
    assert.deepEqual(long.filter((n) => glue.includes(n)), [], `a long internal export the glue calls: ${long}`);
  });

  test(`${label} build: the shortened pair instantiates and answers a call`, async () => {
    const mod = await import(new URL('bx24_meeting.js', dir));
    mod.initSync({ module: await readFile(new URL('bx24_meeting_bg.wasm', dir)) });
    mod.configure({ rateLimit: 'off', retries: 0 });
    const sent = [];
    globalThis.BX24 = { callMethod: (method, params, cb) => { sent.push([method, params]); cb({ error: () => undefined, data: () => true }); } };
    try {
      assert.equal(await mod.setMeetingStatus('651', 'n'), true);
      assert.deepEqual(sent, [['calendar.meeting.status.set', { eventId: 651, status: 'N' }]]);
      const error = await mod.setMeetingStatus(651, 'maybe').catch((e) => e);
      assert.ok(mod.isBx24Error(error) && error.param === 'status', 'a validation error crosses back as a Bx24Error');
    } finally {
      delete globalThis.BX24;
    }
  });
}

test('short-names refuses a glue that lacks one of the .wasm\'s imports, and writes nothing', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'bx24-names-'));
  try {
    // A fresh pair whose names are long again is not at hand after a build,
    // so take the shipped pair and drop one of its (short) import keys from
    // the glue: renaming must notice the .wasm asks for a name the glue lacks.
    await cp(new URL('../../pkg/', import.meta.url), tmp, { recursive: true });
    const wasm = await readFile(join(tmp, 'bx24_meeting_bg.wasm'));
    const [first] = WebAssembly.Module.imports(new WebAssembly.Module(wasm));
    const gluePath = join(tmp, 'bx24_meeting.js');
    const glue = await readFile(gluePath, 'utf8');
    await writeFile(gluePath, glue.replace(new RegExp(`(?<![\\w$])\\${first.name}(?![\\w$])`, 'g'), 'gone'));
    await assert.rejects(shortenNames(tmp), /is not in/);
    assert.deepEqual(await readFile(join(tmp, 'bx24_meeting_bg.wasm')), wasm, 'the .wasm is unchanged');
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
