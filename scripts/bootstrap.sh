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

# Node 18 for the consumer tests, beside the system's Node: Debian 12's own
# build (nodejs, libnode108, and the libraries and JavaScript it loads),
# unpacked with dpkg-deb into $BX24_TOOLS/node18, not installed. Debian's
# libnode reads undici, cjs-module-lexer and acorn from /usr/share/nodejs at
# every start, so bin/node18 bind-mounts its own copy there, read-only, in a
# mount namespace of its own (unshare): the system's /usr/share/nodejs only
# has to exist. The nodejs version is pinned; when apt no longer offers it,
# the newest 18.x apt offers is taken.
node18_works() {
  case "$("$BX24_NODE18" -p process.versions.node 2>/dev/null)" in 18.*) return 0 ;; *) return 1 ;; esac
}
node18_deb_version() {
  local offered
  offered="$(apt-cache madison nodejs 2>/dev/null | awk '$3 ~ /^18\./ { print $3 }')"
  if grep -qxF "$NODE18_DEB_VERSION" <<<"$offered"; then echo "$NODE18_DEB_VERSION"; else head -n1 <<<"$offered"; fi
}
node18_fetch() { # $1: the nodejs version; into the current folder
  local as_root=()
  [ "$(id -u)" != 0 ] || as_root=(-o APT::Sandbox::User=root) # the tools folder is not _apt's to write
  apt-get download -qq "${as_root[@]}" "nodejs=$1" "libnode108=$1" libuv1 libc-ares2 node-undici node-cjs-module-lexer node-acorn
}
node18="$BX24_TOOLS/node18"
if ! node18_works || { [ "$(cat "$node18/deb-version" 2>/dev/null)" != "$NODE18_DEB_VERSION" ] && [ "$(node18_deb_version)" = "$NODE18_DEB_VERSION" ]; }; then
  if [ ! -d /usr/share/nodejs ]; then
    need_root "The folder /usr/share/nodejs (Node 18 mounts its own copy on it)" "mkdir /usr/share/nodejs"
    mkdir /usr/share/nodejs
  fi
  rm -rf "$node18.new" && mkdir -p "$node18.new/debs" && cd "$node18.new/debs"
  ver="$(node18_deb_version)"
  if [ -z "$ver" ] || ! node18_fetch "$ver" 2>/dev/null; then
    need_root "Node 18 (Debian's nodejs 18.x)" "apt-get update"
    say "refreshing apt's package lists for Node 18"
    apt-get update -qq
    ver="$(node18_deb_version)"
    [ -n "$ver" ] || die "apt offers no nodejs 18.x (Debian 12's bookworm and bookworm-security carry it): check the apt sources, then run this again."
    node18_fetch "$ver" || die "apt-get download of nodejs $ver and the packages it loads failed (above)"
  fi
  [ "$ver" = "$NODE18_DEB_VERSION" ] || say "apt no longer offers nodejs $NODE18_DEB_VERSION: taking $ver"
  say "unpacking Debian's Node 18 (nodejs $ver) into $node18"
  for deb in ./*.deb; do dpkg-deb -x "$deb" "$node18.new"; done
  cd "$BX24_ROOT"
  rm -rf "$node18.new/debs" "$node18" && mv "$node18.new" "$node18"
  lib="$(echo "$node18"/usr/lib/*-linux-gnu*)"
  [ -f "$lib/libnode.so.108" ] || die "libnode.so.108 is missing from the unpacked nodejs $ver"
  missing="$(LD_LIBRARY_PATH="$lib" ldd "$node18/usr/bin/node" 2>&1 | grep 'not found' || true)"
  if [ -n "$missing" ]; then
    need_root "A library Node 18 links against ($(echo $missing))" "apt-get install -y libbrotli1 libicu72 libnghttp2-14 libssl3 zlib1g"
    say "installing the libraries Node 18 links against: $(echo $missing)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libbrotli1 libicu72 libnghttp2-14 libssl3 zlib1g >/dev/null
  fi
  mkdir -p "$(dirname "$BX24_NODE18")"
  cat > "$BX24_NODE18" <<EOF
#!/bin/sh
# Node 18: Debian's nodejs $ver, unpacked into $node18 by scripts/bootstrap.sh.
# Its libnode reads undici, cjs-module-lexer and acorn from /usr/share/nodejs
# when it starts: their copy is bind-mounted there, read-only, in a mount
# namespace of this process's own (inside a user namespace when not root).
export LD_LIBRARY_PATH="$lib\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
if [ "\$(id -u)" = 0 ]; then ns=--mount; else ns='--mount --map-root-user'; fi
exec unshare \$ns sh -c 'mount --bind -o ro "\$1" /usr/share/nodejs && shift && exec "\$@"' node18 "$node18/usr/share/nodejs" "$node18/usr/bin/node" "\$@"
EOF
  chmod +x "$BX24_NODE18"
  echo "$ver" > "$node18/deb-version"
  node18_works || die "Node 18 does not start: $("$BX24_NODE18" -p process.version 2>&1 | head -n3). bin/node18 needs unshare --mount: root with CAP_SYS_ADMIN, or unprivileged user namespaces."
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
say "tools ready: $(wasm-pack --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | cut -d' ' -f3), $("$CHROMIUM" --version 2>/dev/null | cut -d' ' -f1-2), Node $("$BX24_NODE18" -p process.versions.node) (bin/node18: Debian's nodejs $(cat "$node18/deb-version"))"
