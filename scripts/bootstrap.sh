#!/usr/bin/env bash
# Installs what the build and the tests need, only what is missing, at pinned
# versions, and says what it does. Safe to run again and again.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$BX24_ROOT"
mkdir -p "$BX24_TOOLS" "$WASM_PACK_CACHE"

need_root() {
  if [ "$(id -u)" != 0 ]; then
    die "$1 is missing and installing it needs root. Run: sudo $2   then run this command again."
  fi
}

command -v cargo >/dev/null || die "cargo is missing: install Rust with rustup (https://rustup.rs), then run this again."
command -v node >/dev/null || die "node is missing: install Node.js 18 or newer, then run this again."

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION into $BX24_TOOLS (about 2 minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --root "$BX24_TOOLS"
fi

wb="$(wasm_bindgen_version)"
[ -n "$wb" ] || die "cannot read the wasm-bindgen version from Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb" ]; then
  # Not --locked: one of its locked dependency versions is gone from crates.io.
  say "installing wasm-bindgen-cli $wb (matches Cargo.lock) into $BX24_TOOLS (about 2 minutes)"
  cargo install wasm-bindgen-cli --version "$wb" --root "$BX24_TOOLS"
fi

if [ ! -x "$CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ]; then
  need_root "Chromium or ChromeDriver" "apt-get update && sudo apt-get install -y chromium chromium-driver"
  say "installing Debian's chromium and chromium-driver"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# npm ci when node_modules does not match package-lock.json (binaryen's
# wasm-opt, TypeScript, Playwright's driver: all pinned there).
stamp=node_modules/.bx24-lock-stamp
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  say "installing npm dev dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi

command -v wasm-opt >/dev/null || die "wasm-opt is missing after npm ci: check that binaryen is in package.json"
say "tools ready: $(wasm-pack --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | cut -d' ' -f3), $("$CHROMIUM" --version 2>/dev/null | cut -d' ' -f1-2)"
