// Finding and loading the built package from Node, as smoke.test.mjs does:
// the glue's initSync with the .wasm bytes. Also reads the suite's options
// from the environment. Used by node-child.mjs and browser.test.mjs.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_ATTRITION, DEFAULT_COUNT, parseSeed } from './generate.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** The package folder (BX24_PKG, default pkg/), its glue and its .wasm. */
export async function findPackage(dir = process.env.BX24_PKG) {
  const folder = path.resolve(ROOT, dir || 'pkg');
  const names = await readdir(folder);
  let glue = 'bx24_meeting.js';
  try {
    const manifest = JSON.parse(await readFile(path.join(folder, 'package.json'), 'utf8'));
    const entry = manifest.module ?? manifest.main;
    if (typeof entry === 'string' && entry.endsWith('.js')) glue = entry;
  } catch {
    // no manifest: the default name
  }
  if (!names.includes(glue)) glue = names.find((n) => n.endsWith('.js') && !n.endsWith('.d.js')) ?? glue;
  const wasm = names.find((n) => n.endsWith('_bg.wasm')) ?? names.find((n) => n.endsWith('.wasm'));
  if (!wasm) throw new Error(`no .wasm in ${folder}`);
  return { folder, glue, wasm };
}

export async function loadPackage(dir) {
  const { folder, glue, wasm } = await findPackage(dir);
  const pkg = await import(pathToFileURL(path.join(folder, glue)).href);
  pkg.initSync({ module: await readFile(path.join(folder, wasm)) });
  return { pkg, files: { folder, glue, wasm } };
}

export function options(env) {
  const seed = parseSeed(env.HOSTILE_SEED);
  const count = env.HOSTILE_COUNT ? Math.max(0, Number(env.HOSTILE_COUNT) | 0) : DEFAULT_COUNT;
  const attrition = env.HOSTILE_ATTRITION ? Math.max(0, Number(env.HOSTILE_ATTRITION) | 0) : DEFAULT_ATTRITION;
  // ids, or ranges of one kind such as a0-a1699
  const only = env.HOSTILE_ONLY
    ? env.HOSTILE_ONLY.split(/[\s,]+/).filter(Boolean).flatMap((id) => {
      const m = /^([abegh])(\d+)-\1?(\d+)$/.exec(id);
      if (!m) return [id];
      const ids = [];
      for (let i = Number(m[2]); i <= Number(m[3]); i++) ids.push(`${m[1]}${i}`);
      return ids;
    })
    : null;
  return { seed, count, attrition, only };
}

export { ROOT };
