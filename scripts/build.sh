#!/usr/bin/env bash
# Builds the npm package into pkg/ (release profile, wasm-opt -Oz) and prints
# the sizes of its two builds:
# - pkg/         the placement build (BX24 transport only): `bx24-meeting`;
# - pkg/client/  the full build (MeetingClient, webhook, OAuth, SDK):
#                `bx24-meeting/client`.
# npm/make-package.mjs then adds the package's entry points beside the glue
# (index.js for browsers and bundlers, node.mjs / node.cjs for Node), fixes
# the .d.ts for every TypeScript setup, and writes package.json, README.md
# (from npm/README.md) and LICENSE: `npm pack pkg/` gives the package.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$BX24_ROOT"

# One build: wasm-pack into $1 with the cargo arguments after it, then the
# JS glue's `catch` imports given a try/catch each (npm/direct-catch.mjs),
# the glue minified (pages that import pkg/ directly get no bundler to do it;
# esbuild keeps the exports and the `new URL('…wasm', import.meta.url)` that
# bundlers such as Vite look for), then the names between the two shortened
# (npm/short-names.mjs).
build() {
  local out="$1"; shift
  wasm-pack --log-level warn build --target web --out-dir "$out" --release -- "$@"
  # Each `catch` import with its own try/catch (npm/direct-catch.mjs).
  node npm/direct-catch.mjs "$out/bx24_meeting.js" >/dev/null
  # The module's callback entry (src/js/callback.rs) is called only from
  # wasm-bound functions, never through the glue: not part of the API.
  grep -q '^export function __bx24_event(' "$out/bx24_meeting.js"
  sed -i 's/^export function __bx24_event(/function __bx24_event(/' "$out/bx24_meeting.js"
  esbuild "$out/bx24_meeting.js" --minify --tree-shaking=true --format=esm --log-level=warning --outfile="$out/bx24_meeting.min.js"
  mv "$out/bx24_meeting.min.js" "$out/bx24_meeting.js"
  # The names by which the .wasm and the glue find each other, shortened
  # (about 2 KB gzip of hashes such as __wbg_callMethod_44f978105a27db74).
  node npm/short-names.mjs "$out" >/dev/null
}

size() {
  local out="$1" label="$2"
  local wasm glue wasm_gz glue_gz
  wasm=$(stat -c %s "$out/bx24_meeting_bg.wasm")
  glue=$(stat -c %s "$out/bx24_meeting.js")
  wasm_gz=$(gzip -9c "$out/bx24_meeting_bg.wasm" | wc -c)
  glue_gz=$(gzip -9c "$out/bx24_meeting.js" | wc -c)
  say "$label: .wasm $wasm B ($wasm_gz B gzip -9), JS glue $glue B ($glue_gz B gzip -9), together $((wasm_gz + glue_gz)) B gzip"
}

say "building the full build with wasm-pack (release, --target web)"
build target/pkg-full
say "building the placement build into pkg/ (release, --target web, --no-default-features)"
build pkg --no-default-features
rm -rf pkg/client
mkdir -p pkg/client
cp target/pkg-full/bx24_meeting.js target/pkg-full/bx24_meeting_bg.wasm target/pkg-full/bx24_meeting.d.ts \
   pkg/client/
say "writing the npm package: entries, types, package.json, README, LICENSE (npm/make-package.mjs)"
node npm/make-package.mjs
size pkg "placement build (pkg/)"
size pkg/client "full build (pkg/client/)"
