//! The wasm suites (`tests/suites/`) in headless Chromium:
//! `wasm-pack test --headless --chrome --chromedriver <path>`, or
//! `cargo test --target wasm32-unknown-unknown --test web` with
//! `wasm-bindgen-test-runner` as the runner and `CHROMEDRIVER` set.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod suites;
mod support;
