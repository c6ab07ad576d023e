// Turns wasm-pack's two builds (pkg/ and pkg/client/) into the publishable
// npm package `bx24-meeting`. Run by scripts/build.sh after both builds:
// - entries: index.js (browsers, bundlers: a guard around the glue that
//   rejects calls made before `init()` with a Bx24Error), node.mjs and
//   node.cjs (Node: the `.wasm` loaded synchronously, `init` a no-op);
// - types: the generated .d.ts made to compile without `skipLibCheck` in
//   strict projects with lib ["ES2022","DOM"] and in Node-only ones, plus a
//   .d.cts copy for `require`;
// - package.json with conditional exports, README.md for npm users, LICENSE.
import { readFile, writeFile, copyFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const here = (p) => join(root, 'npm', p);
const pkg = join(root, 'pkg');

/** A `key = "value"` of Cargo.toml's [package] section, or undefined. */
async function cargoField(name) {
  const toml = await readFile(join(root, 'Cargo.toml'), 'utf8');
  const section = toml.split(/^\[package\]$/m)[1]?.split(/^\[/m)[0] ?? '';
  return section.match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, 'm'))?.[1];
}

// The DOM types wasm-bindgen's init signatures name, declared for this file
// only when the consumer's program has no DOM lib (a Node-only project). With
// DOM they are the DOM's own (the conditional picks `globalThis`'s).
const DOM_STANDINS = `
/** Byte sources \`initSync\` accepts (the DOM's BufferSource, without needing lib "dom"). */
type Bx24BufferSource = ArrayBufferView | ArrayBuffer;
/** \`WebAssembly.Module\` when the program declares it (lib "dom" or @types/node), else \`object\`. */
type Bx24WasmModule = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: any) => infer M } } ? M : object;
/** \`WebAssembly.Memory\` when declared, else \`object\`. */
type Bx24WasmMemory = typeof globalThis extends { WebAssembly: { Memory: abstract new (...args: any) => infer M } } ? M : object;
/** \`WebAssembly.Table\` when declared, else \`object\`. */
type Bx24WasmTable = typeof globalThis extends { WebAssembly: { Table: abstract new (...args: any) => infer T } } ? T : object;
/** \`Request\` when declared (lib "dom" or @types/node), else never. */
type Bx24Request = typeof globalThis extends { Request: abstract new (...args: any) => infer R } ? R : never;
/** \`Response\` when declared (lib "dom" or @types/node), else never. */
type Bx24Response = typeof globalThis extends { Response: abstract new (...args: any) => infer R } ? R : never;
`;

const PREAMBLE = '/// <reference lib="esnext.disposable" />\n';

function fixTypes(dts) {
  // Already fixed (make-package run again on its own output): as it is.
  if (dts.startsWith(PREAMBLE)) return dts;
  let out = dts
    .replace(/\bRequestInfo \| URL \| Response \| BufferSource \| WebAssembly\.Module\b/g,
      'Bx24Request | string | URL | Bx24Response | Bx24BufferSource | Bx24WasmModule')
    .replace(/\bBufferSource \| WebAssembly\.Module\b/g, 'Bx24BufferSource | Bx24WasmModule')
    .replace(/\bWebAssembly\.Memory\b/g, 'Bx24WasmMemory')
    .replace(/\bWebAssembly\.Table\b/g, 'Bx24WasmTable')
    .replace(/\bisBx24Error\(value: any\)/g, 'isBx24Error(value: unknown)')
    // The operations are declared through a macro (src/js/api.rs), where
    // rustc hands their doc comments on as raw strings, and wasm-bindgen
    // copies the `r"` prefix into every JSDoc line: drop it.
    .replace(/^( *\*) r"/gm, '$1');
  for (const left of [/\bRequestInfo\b/, /(?<!Bx24)BufferSource\b/, /\bWebAssembly\./, /<Response>/]) {
    // Only in comments from here on; a type use would break Node-only projects.
    const uses = out.split('\n').filter((l) => left.test(l) && !/^\s*(\*|\/\/|\/\*)/.test(l));
    if (uses.length) throw new Error(`make-package: unhandled DOM type ${left} in the .d.ts:\n${uses.join('\n')}`);
  }
  // `[Symbol.dispose]` on the generated classes needs the ES2022+ disposable lib.
  return `${PREAMBLE}${out.replace(/^(\/\* eslint-disable \*\/\n)/m, `$1${DOM_STANDINS}`)}`;
}

async function entries(dir, { client }) {
  const out = join(pkg, dir);
  const dts = fixTypes(await readFile(join(out, 'bx24_meeting.d.ts'), 'utf8'));
  await writeFile(join(out, 'bx24_meeting.d.ts'), dts);
  await writeFile(join(out, 'bx24_meeting.d.cts'), dts);
  await rm(join(out, 'bx24_meeting_bg.wasm.d.ts'), { force: true });

  const browser = (await readFile(here('entry-browser.js.in'), 'utf8'))
    .replace('%CLIENT_PATH%', client ? '/client' : '')
    .replace('%CLIENT%', client ? await readFile(here('entry-browser-client.js.in'), 'utf8') : '');
  await writeFile(join(out, 'index.js'), browser);
  await copyFile(here('entry-node.mjs'), join(out, 'node.mjs'));
  await build({
    stdin: { contents: await readFile(here('entry-node-cjs.js'), 'utf8'), resolveDir: out, sourcefile: 'node-cjs.js' },
    bundle: true, format: 'cjs', platform: 'node', target: 'node18', outfile: join(out, 'node.cjs'),
    // The glue's `new URL(…, import.meta.url)` is on the fetch path, which the CJS entry never takes.
    logLevel: 'error', legalComments: 'none',
  });
}

await entries('.', { client: false });
await entries('client', { client: true });

const version = await cargoField('version');
const repository = (await cargoField('repository')) ?? process.env.BX24_REPOSITORY_URL
  ?? 'https://example.invalid/bx24-meeting'; // set `repository` in Cargo.toml before publishing
const homepage = (await cargoField('homepage')) ?? repository;
const entry = (d) => ({
  import: { types: `./${d}bx24_meeting.d.ts`, node: `./${d}node.mjs`, default: `./${d}index.js` },
  require: { types: `./${d}bx24_meeting.d.cts`, default: `./${d}node.cjs` },
});
const files = ['bx24_meeting.js', 'bx24_meeting_bg.wasm', 'bx24_meeting.d.ts', 'bx24_meeting.d.cts', 'index.js', 'node.mjs', 'node.cjs'];
const manifest = {
  name: 'bx24-meeting',
  version,
  description: await cargoField('description'),
  keywords: ['bitrix24', 'wasm', 'calendar', 'rest', 'meeting'],
  license: await cargoField('license'),
  repository: { type: 'git', url: repository.startsWith('http') ? `git+${repository}.git`.replace(/\.git\.git$/, '.git') : repository },
  homepage,
  type: 'module',
  engines: { node: '>=18' },
  main: './node.cjs',
  module: './index.js',
  types: './bx24_meeting.d.ts',
  exports: {
    '.': entry(''),
    './client': entry('client/'),
    './bx24_meeting_bg.wasm': './bx24_meeting_bg.wasm',
    './client/bx24_meeting_bg.wasm': './client/bx24_meeting_bg.wasm',
    './package.json': './package.json',
  },
  // Only the Node entries do something on load (they instantiate the .wasm).
  sideEffects: ['./node.mjs', './node.cjs', './client/node.mjs', './client/node.cjs'],
  files: [...files, ...files.map((f) => `client/${f}`), 'README.md', 'LICENSE'],
};
await writeFile(join(pkg, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
await copyFile(here('README.md'), join(pkg, 'README.md'));
await copyFile(join(root, 'LICENSE'), join(pkg, 'LICENSE'));
await rm(join(pkg, '.gitignore'), { force: true });
