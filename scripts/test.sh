#!/usr/bin/env bash
# Every test of the project, as CI runs it (`npm test`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$BX24_ROOT"

# What git sees before the tests (empty outside a git checkout): compared
# at the end, so that a test that writes a tracked file fails the run.
tree_state() { git -C "$BX24_ROOT" status --porcelain && git -C "$BX24_ROOT" diff --binary | sha256sum; }
tree_before="$(git -C "$BX24_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1 && tree_state || true)"

say "format and lints (host and wasm32)"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --tests --quiet -- -D warnings
# The placement build (no std, BX24 only) is linted on its own.
cargo clippy --target wasm32-unknown-unknown --lib --no-default-features --quiet -- -D warnings

say "host tests: pure Rust logic, property tests"
cargo test --workspace --quiet

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
# The same suites (tests/suites/) compiled twice: tests/node.rs and
# tests/web.rs (configured for the browser), as wasm-pack test runs them.
say "wasm-bindgen tests in Node"
cargo test --target wasm32-unknown-unknown --test node
say "wasm-bindgen tests in headless Chromium"
cargo test --target wasm32-unknown-unknown --test web

bash scripts/build.sh

say "TypeScript: the generated .d.ts as a TS user sees it"
tsc --noEmit -p tests/types

say "JavaScript: the built package, imported as an app imports it"
node --test tests/js/

# The portal emulator, which the consumer, end-to-end and transport tests run against.
cargo build --quiet -p bx24-emulator
export BX24_EMULATOR="$BX24_ROOT/target/debug/bx24-emulator"

say "consumers: the npm pack tarball installed into fresh projects (Node ESM and CJS, TypeScript strict for browsers and Node, Vite, webpack 5, a plain page in Chromium; Node 20 and 18), against the portal emulator"
node --test tests/consumers/

say "hostile input: generated values and misbehaving BX24 objects, in Node and Chromium, on both builds"
node --test --test-concurrency=1 tests/hostile/
BX24_PKG=pkg/client node --test tests/hostile/node.test.mjs

say "end to end: the widget and the module in Chromium against the portal emulator"
node --test --test-concurrency=1 tests/e2e/

say "benchmark harness smoke test (every measurement once, on tiny inputs)"
node --test tests/bench-smoke.test.mjs

say "transports: one conformance suite for BX24, webhook, OAuth and the official SDK, in Node and Chromium"
node --test --test-concurrency=1 tests/transports/

say "the working tree is as the tests found it"
if [ -n "$tree_before" ] && [ "$(tree_state)" != "$tree_before" ]; then
  git -C "$BX24_ROOT" status --porcelain
  die "npm test changed or added files in the repository (git status above): tests must write only to ignored or temporary folders"
fi
say "git status: as before the tests ($(git -C "$BX24_ROOT" status --porcelain | wc -l) entries, none added by them)"
