//! The emulated BX24.js, run in Node against a live emulator, with a fake
//! portal frame: the throw at load outside a frame, the postMessage format and
//! origin check, queued calls and deferred init, the text/plain wire format,
//! ajaxResult/ajaxError shapes, callBatch, 'Query error!' on 5xx, bad JSON and
//! network errors, the TypeError of a batch refused as a whole, and
//! expired_token renewed inside (tests/js/bx24_harness.mjs).

mod support;

use std::path::Path;
use std::time::Duration;

use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emulated_bx24_js_has_the_real_callback_semantics() {
    if !node_available() {
        return;
    }
    let emu = Emu::default().await;
    let harness = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/bx24_harness.mjs");
    let run = tokio::process::Command::new("node")
        .arg(harness)
        .arg(emu.server.url())
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(30), run)
        .await
        .expect("harness finishes within 30 s")
        .expect("node runs");
    assert!(
        output.status.success(),
        "harness failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
