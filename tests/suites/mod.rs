//! The wasm suites, compiled twice: into `tests/node.rs` (run in Node) and
//! into `tests/web.rs` (run in headless Chromium), so that
//! `wasm-pack test --node` and `wasm-pack test --headless --chrome` each run
//! every test, and neither skips silently.

mod bounds;
mod bx24;
mod resilience;
