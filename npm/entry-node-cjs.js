// Source of the package's Node entry for `require` (node.cjs, bundled by
// esbuild with the glue into one CommonJS file that needs no require(esm)):
// the `.wasm` is read synchronously next to this file, so no `init()` is
// needed; `init` stays exported and does nothing more.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initSync as glueInitSync } from './bx24_meeting.js';

glueInitSync({ module: readFileSync(join(__dirname, 'bx24_meeting_bg.wasm')) });

export * from './bx24_meeting.js';

/** Already done when the package loaded under Node: resolves at once. */
export default async function init() {
  return glueInitSync();
}
