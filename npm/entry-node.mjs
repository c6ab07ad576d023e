// The package's Node entry (ES module): the `.wasm` is read and instantiated
// synchronously when this module loads, so no `init()` is needed. `init` and
// `initSync` stay exported and do nothing more, so browser code runs unchanged.
import { readFileSync } from 'node:fs';
import { initSync as glueInitSync } from './bx24_meeting.js';

glueInitSync({ module: readFileSync(new URL('./bx24_meeting_bg.wasm', import.meta.url)) });

export * from './bx24_meeting.js';

/** Already done when the package loaded under Node: resolves at once. */
export default async function init() {
  return glueInitSync();
}
