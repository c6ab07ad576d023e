# Sourced by the other scripts: where the pinned tools live, and PATH.
# Tools go to a per-user cache, so a fresh clone on the same machine reuses them.
BX24_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BX24_TOOLS="${BX24_TOOLS:-$HOME/.cache/bx24-meeting/tools}"
export WASM_PACK_CACHE="${WASM_PACK_CACHE:-$HOME/.cache/bx24-meeting/wasm-pack}"
export PATH="$BX24_TOOLS/bin:$BX24_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

WASM_PACK_VERSION=0.15.1
# Node 18, the oldest Node the package supports, which the consumer tests also
# run: Debian 12's build, unpacked by bootstrap.sh into the tools (bin/node18).
NODE18_DEB_VERSION=18.20.4+dfsg-1~deb12u3
export BX24_NODE18="$BX24_TOOLS/bin/node18"

say() { printf '\033[1m[bx24]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[bx24] %s\033[0m\n' "$*" >&2; exit 1; }

# The wasm-bindgen version Cargo.lock pins: the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$BX24_ROOT/Cargo.lock"
}
