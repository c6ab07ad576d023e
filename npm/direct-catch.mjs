// Gives each import that wasm-bindgen declares with `catch` its own
// try/catch in the JS glue, instead of wasm-bindgen's shared wrapper:
//
//   f: function() { return handleError(function (arg0) { … }, arguments); },
//
// becomes
//
//   f: function (arg0) { try { … } catch (e) { storeException(e); } },
//
// where `storeException` is the catch block of wasm-bindgen's `handleError`,
// taken from the same glue (what it does with the exception — store it for
// the `.wasm` to pick up as an `Err` — is unchanged). The shared wrapper
// makes an `arguments` object and calls through `Function.prototype.apply`
// on every call of every such import, throwing or not: about a tenth of a
// valid `setMeetingStatus` call's time, which makes six of them.
//
//   node npm/direct-catch.mjs <glue.js>   (wasm-bindgen's output, before minifying)
//
// Written for the glue of wasm-bindgen 0.2.130 (pinned in Cargo.toml). If
// the glue does not have the expected shape, nothing is changed and a
// warning says so: the result is then only slower, never different.
import { readFile, writeFile } from 'node:fs/promises';

/** wasm-bindgen's shared wrapper; group 1 is its catch block. */
const HANDLE_ERROR =
  /\nfunction handleError\(f, args\) \{\n\s*try \{\n\s*return f\.apply\(this, args\);\n\s*\} catch \(e\) \{\n([\s\S]*?)\n\s*\}\n\}\n/;

/** An import through the wrapper; groups: its parameters, its body. */
const WRAPPED = /function\(\) \{ return handleError\(function \(([\w, ]*)\) \{\n([\s\S]*?)\n\s*\}, arguments\); \}/g;

/**
 * Rewrites the glue's text; gives the new text and how many imports were
 * rewritten (0 and the text as it was if the glue has another shape).
 */
export function directCatch(glue) {
  const wrapper = glue.match(HANDLE_ERROR);
  if (!wrapper) return { glue, rewritten: 0 };
  let rewritten = 0;
  const out = glue.replace(WRAPPED, (whole, params, body) => {
    // A body is a few statements over its parameters: one that nests a
    // function or mentions the wrapper is left as it is.
    if (/\bfunction\b|=>|\bhandleError\b|\barguments\b/.test(body)) return whole;
    rewritten += 1;
    return `function (${params}) { try {\n${body}\n} catch (e) { storeException(e); } }`;
  });
  if (rewritten === 0) return { glue, rewritten: 0 };
  const store = `\nfunction storeException(e) {\n${wrapper[1]}\n}\n`;
  return { glue: out.replace(HANDLE_ERROR, (w) => w + store), rewritten };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = process.argv[2];
  if (!path) {
    console.error('usage: node npm/direct-catch.mjs <bx24_meeting.js as wasm-bindgen wrote it>');
    process.exit(2);
  }
  const { glue, rewritten } = directCatch(await readFile(path, 'utf8'));
  if (rewritten === 0) {
    console.warn(`direct-catch: ${path} does not have the expected shape (wasm-bindgen upgraded?): left as it is`);
  } else {
    await writeFile(path, glue);
    console.log(`direct-catch: ${rewritten} imports rewritten in ${path}`);
  }
}
