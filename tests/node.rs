//! The wasm suites (`tests/suites/`) in Node: `wasm-pack test --node`, or
//! `cargo test --target wasm32-unknown-unknown --test node` with
//! `wasm-bindgen-test-runner` as the runner.
#![cfg(target_arch = "wasm32")]

mod suites;
mod support;
