// The shipped glue gives each `catch` import its own try/catch
// (npm/direct-catch.mjs, run by scripts/build.sh), and a throw inside one
// still reaches the module as an error it reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { directCatch } from '../../npm/direct-catch.mjs';

const builds = ['../../pkg/', '../../pkg/client/'].map((p) => new URL(p, import.meta.url));

for (const dir of builds) {
  const label = dir.pathname.split('/').slice(-2, -1)[0];

  test(`${label} build: no import goes through an arguments object and apply`, async () => {
    const glue = await readFile(new URL('bx24_meeting.js', dir), 'utf8');
    assert.doesNotMatch(glue, /\barguments\b/);
    assert.doesNotMatch(glue, /\.apply\(this,/);
  });

  test(`${label} build: a throwing BX24.callMethod and ajaxResult.error() reject with the thrown text`, async () => {
    const mod = await import(new URL('bx24_meeting.js', dir));
    mod.initSync({ module: await readFile(new URL('bx24_meeting_bg.wasm', dir)) });
    mod.configure({ rateLimit: 'off', retries: 0 });
    try {
      globalThis.BX24 = { callMethod: () => { throw new Error('callMethod broke'); } };
      const sent = await mod.setMeetingStatus(651, 'Y').catch((e) => e);
      assert.ok(mod.isBx24Error(sent), String(sent));
      assert.match(sent.description, /callMethod broke/);
      globalThis.BX24 = { callMethod: (m, p, cb) => cb({ error: () => { throw new TypeError('error() broke'); }, data: () => true }) };
      const read = await mod.setMeetingStatus(651, 'Y').catch((e) => e);
      assert.ok(mod.isBx24Error(read), String(read));
      assert.match(read.description, /error\(\) broke/);
      globalThis.BX24 = { callMethod: (m, p, cb) => cb({ error: () => undefined, data: () => true }) };
      assert.equal(await mod.setMeetingStatus(651, 'Y'), true, 'the instance still works');
    } finally {
      delete globalThis.BX24;
    }
  });
}

test('direct-catch rewrites wasm-bindgen\'s wrapped imports and keeps the catch block', () => {
  const glue = [
    'function getImports() {',
    '    const import0 = {',
    '        __wbg_data_1: function() { return handleError(function (arg0) {',
    '            const ret = arg0.data();',
    '            return ret;',
    '        }, arguments); },',
    '        __wbg_plain_2: function(arg0) {',
    '            return arg0.x;',
    '        },',
    '    };',
    '    return import0;',
    '}',
    'function handleError(f, args) {',
    '    try {',
    '        return f.apply(this, args);',
    '    } catch (e) {',
    '        const idx = addToExternrefTable0(e);',
    '        wasm.__wbindgen_exn_store(idx);',
    '    }',
    '}',
    '',
  ].join('\n');
  const { glue: out, rewritten } = directCatch(glue);
  assert.equal(rewritten, 1);
  assert.match(out, /__wbg_data_1: function \(arg0\) \{ try \{\n\s*const ret = arg0\.data\(\);\n\s*return ret;\n\} catch \(e\) \{ storeException\(e\); \} \}/);
  assert.match(out, /function storeException\(e\) \{\n\s*const idx = addToExternrefTable0\(e\);\n\s*wasm\.__wbindgen_exn_store\(idx\);\n\}/);
  assert.match(out, /__wbg_plain_2: function\(arg0\) \{\n\s*return arg0\.x;/, 'an import without catch is left as it is');
  // Run it: a value passes through, a throw is stored for the module.
  const stored = [];
  const make = new Function('wasm', 'addToExternrefTable0', `${out}\nreturn getImports;`);
  const imports = make({ __wbindgen_exn_store: (i) => stored.push(i) }, (e) => e.message)();
  assert.equal(imports.__wbg_data_1({ data: () => 5 }), 5);
  assert.equal(imports.__wbg_data_1({ data: () => { throw new Error('broke'); } }), undefined);
  assert.deepEqual(stored, ['broke']);
});

test('direct-catch leaves a glue of another shape as it is', () => {
  const glue = 'function handleError(f, args) { return f(...args); }\nconst x = { a: function() { return handleError(function (arg0) {\n  return arg0;\n}, arguments); } };\n';
  assert.deepEqual(directCatch(glue), { glue, rewritten: 0 });
});
