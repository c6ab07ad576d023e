#!/usr/bin/env bash
# Refreshes the README's screenshots in docs/ (npm run screenshots). npm test
# never writes them: tests leave the working tree as they found it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$BX24_ROOT"
bash scripts/build.sh
cargo build --quiet -p bx24-emulator
BX24_EMULATOR="$BX24_ROOT/target/debug/bx24-emulator" node scripts/screenshots.mjs
