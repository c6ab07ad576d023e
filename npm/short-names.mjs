// Shortens the names by which a wasm-bindgen build's .wasm and its JS glue
// find each other: `__wbg_callMethod_44f978105a27db74`, the closure shims'
// `wasm_bindgen__convert__closures_____invoke__h…` and the like. Each name
// is stored in the .wasm and again in the glue, and their hashes do not
// compress, so they cost about 1.5 KB gzip in a build of this size.
//
//   node npm/short-names.mjs <dir>   (<dir>/bx24_meeting_bg.wasm and bx24_meeting.js)
//
// Renamed: the glue module's name (`./bx24_meeting_bg.js`, stored with every
// import), every import of the glue module, and every export that is not
// part of the API (wasm-bindgen's own `__wbindgen_*`, `__externref_*`,
// `wasm_bindgen__*` and `__*` exports that the glue calls). The API's exports (`configure`,
// `setMeetingStatus`, …), `memory` and `__bx24_event` (which the module
// looks up by that name: src/js/callback.rs) keep their names. The new names are
// `$0`, `$1`, …, used only as object keys and property names in the glue,
// where they cannot clash with its variables. Each old name is replaced as
// a whole word and must occur in the glue. Runs on the minified glue; the
// .wasm's other sections are copied byte for byte.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Reads an unsigned LEB128 at `pos`; returns [value, next position]. */
function leb(bytes, pos) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, pos];
    shift += 7;
  }
}

/** Encodes `value` as unsigned LEB128. */
function toLeb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const name = (s) => Buffer.concat([toLeb(Buffer.byteLength(s)), Buffer.from(s)]);

/** Reads a name at `pos`: [string, next position]. */
function readName(bytes, pos) {
  const [length, start] = leb(bytes, pos);
  return [utf8.decode(bytes.subarray(start, start + length)), start + length];
}

/** Skips an import's description (function, table, memory or global type). */
function skipImportDesc(bytes, pos) {
  const kind = bytes[pos++];
  const limits = (p) => {
    const flags = bytes[p++];
    [, p] = leb(bytes, p);
    if (flags & 1) [, p] = leb(bytes, p);
    return p;
  };
  switch (kind) {
    case 0: return leb(bytes, pos)[1]; // function: type index
    case 1: return limits(pos + 1); // table: element type, limits
    case 2: return limits(pos); // memory: limits
    case 3: return pos + 2; // global: value type, mutability
    default: throw new Error(`short-names: unknown import kind ${kind}`);
  }
}

/**
 * The import section (id 2), names renamed through `rename(module, field)`
 * and module names through `renameModule(module)`.
 */
function rewriteImports(body, rename, renameModule) {
  let [count, pos] = leb(body, 0);
  const parts = [toLeb(count)];
  while (count--) {
    let module, field;
    [module, pos] = readName(body, pos);
    [field, pos] = readName(body, pos);
    const end = skipImportDesc(body, pos);
    parts.push(name(renameModule(module)), name(rename(module, field)), body.subarray(pos, end));
    pos = end;
  }
  return Buffer.concat(parts);
}

/** The export section (id 7), names renamed through `rename(name)`. */
function rewriteExports(body, rename) {
  let [count, pos] = leb(body, 0);
  const parts = [toLeb(count)];
  while (count--) {
    let field;
    [field, pos] = readName(body, pos);
    const [, end] = leb(body, pos + 1); // kind byte, then an index
    parts.push(name(rename(field)), body.subarray(pos, end));
    pos = end;
  }
  return Buffer.concat(parts);
}

/**
 * The glue's module name as the .wasm imports it (`./bx24_meeting_bg.js`,
 * stored once per import): one character instead.
 */
const MODULE = '$';

/** wasm-bindgen's own exports, which only the glue calls. */
const INTERNAL_EXPORT = /^(__(?!bx24_)|wasm_bindgen__)/;

/** A name as a whole word: not part of a longer identifier. */
const word = (old) => new RegExp(`(?<![\\w$])${old.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
const usedBy = (glue, old) => word(old).test(glue);

/**
 * Shortens the names in `dir`'s .wasm and glue, in place; resolves how many
 * names were renamed and the .wasm's size before and after.
 */
export async function shortenNames(dir, { wasmFile = 'bx24_meeting_bg.wasm', glueFile = 'bx24_meeting.js' } = {}) {
  const wasmPath = join(dir, wasmFile);
  const gluePath = join(dir, glueFile);
  const bytes = await readFile(wasmPath);
  let glue = await readFile(gluePath, 'utf8');
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`short-names: ${wasmPath} is not a .wasm`);
  const module = `./${wasmFile.replace(/\.wasm$/, '.js')}`;
  const renames = new Map();
  const short = (old) => {
    if (!renames.has(old)) renames.set(old, `$${renames.size.toString(36)}`);
    return renames.get(old);
  };
  let renamedModule = false;
  const parts = [bytes.subarray(0, 8)];
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, start] = leb(bytes, pos + 1);
    const body = bytes.subarray(start, start + size);
    let out = null;
    if (id === 2) {
      // A pair shortened before has the module named `MODULE` already.
      const glueModule = (m) => m === module || m === MODULE;
      out = rewriteImports(body, (m, field) => (glueModule(m) ? short(field) : field), (m) => {
        if (m === module) renamedModule = true;
        return glueModule(m) ? MODULE : m;
      });
    }
    if (id === 7) out = rewriteExports(body, (field) => (INTERNAL_EXPORT.test(field) && usedBy(glue, field) ? short(field) : field));
    parts.push(out ? Buffer.concat([Buffer.from([id]), toLeb(out.length), out]) : bytes.subarray(pos, start + size));
    pos = start + size;
  }
  // The import object's key for that module: exactly one in the glue.
  if (renamedModule) {
    const key = `${JSON.stringify(module)}:`;
    if (glue.split(key).length !== 2) throw new Error(`short-names: the key ${key} is not in ${gluePath} exactly once`);
    glue = glue.replace(key, `${JSON.stringify(MODULE)}:`);
  }
  for (const [old, renamed] of renames) {
    if (!usedBy(glue, old)) throw new Error(`short-names: ${old} is not in ${gluePath}`);
    glue = glue.replace(word(old), renamed);
  }
  const wasm = Buffer.concat(parts);
  // The result must still be a module, with the imports the glue provides.
  new WebAssembly.Module(wasm);
  await writeFile(wasmPath, wasm);
  await writeFile(gluePath, glue);
  return { renamed: renames.size, before: bytes.length, after: wasm.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node npm/short-names.mjs <dir with bx24_meeting_bg.wasm and bx24_meeting.js>');
    process.exit(2);
  }
  const { renamed, before, after } = await shortenNames(dir);
  console.log(`short-names: ${renamed} names shortened in ${dir}: .wasm ${before} → ${after} B`);
}
