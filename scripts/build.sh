#!/usr/bin/env bash
# Builds the npm package into pkg/ (release profile, wasm-opt -Oz) and prints its size.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$BX24_ROOT"
say "building pkg/ with wasm-pack (release, --target web)"
wasm-pack --log-level warn build --target web --out-dir pkg --release
# Minify the JS glue: pages that import pkg/ directly get no bundler to do it.
# esbuild keeps the exports and the `new URL('…wasm', import.meta.url)` that
# bundlers such as Vite look for.
esbuild pkg/bx24_meeting.js --minify --format=esm --log-level=warning --outfile=pkg/bx24_meeting.min.js
mv pkg/bx24_meeting.min.js pkg/bx24_meeting.js
wasm=$(stat -c %s pkg/bx24_meeting_bg.wasm)
glue=$(stat -c %s pkg/bx24_meeting.js)
wasm_gz=$(gzip -9c pkg/bx24_meeting_bg.wasm | wc -c)
glue_gz=$(gzip -9c pkg/bx24_meeting.js | wc -c)
say "size: .wasm $wasm B ($wasm_gz B gzip -9), JS glue $glue B ($glue_gz B gzip -9), together $((wasm_gz + glue_gz)) B gzip"
