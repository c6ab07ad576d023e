#!/usr/bin/env bash
# The benchmark (`npm run bench`): builds the module and the portal emulator,
# then measures this module against a plain BX24.callMethod wrapper and
# @bitrix24/b24jssdk in headless Chromium; prints one table and writes it to
# bench/RESULTS.md. Not part of `npm test` (tests/bench-smoke.test.mjs is).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$BX24_ROOT"
bash scripts/bootstrap.sh
bash scripts/build.sh
say "building the portal emulator (release)"
cargo build --quiet --release -p bx24-emulator
say "measuring (about 6 minutes); the table goes to bench/RESULTS.md"
# Timings need the optimised emulator, whatever the caller's environment says.
BX24_EMULATOR="$BX24_ROOT/target/release/bx24-emulator" node bench/run.mjs
