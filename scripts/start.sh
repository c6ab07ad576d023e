#!/usr/bin/env bash
# Builds the module and the portal emulator, then serves the demo widget.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$BX24_ROOT"
bash scripts/build.sh
say "building the portal emulator"
cargo build --quiet --release -p bx24-emulator
port="${PORT:-8024}"
# BX24.js (the emulated one, like the real library) runs only inside a portal
# frame: the demo is opened through the emulator's portal page.
say "starting the emulator; open http://127.0.0.1:$port/portal?app=http://127.0.0.1:$port/ (Ctrl+C stops it)"
exec target/release/bx24-emulator --listen "127.0.0.1:$port" --www www --pkg pkg --admin "$@"
