#!/usr/bin/env bash
# Builds the module and the portal emulator, then serves the demo widget.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$BX24_ROOT"
bash scripts/build.sh
say "building the portal emulator"
cargo build --quiet --release -p bx24-emulator
port="${PORT:-8024}"
say "starting the emulator; open the URL below (Ctrl+C stops it)"
exec target/release/bx24-emulator --listen "127.0.0.1:$port" --www www --pkg pkg --admin "$@"
