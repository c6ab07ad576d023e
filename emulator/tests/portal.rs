//! `/portal`: the page that frames an app as a Bitrix24 portal does. Served
//! without `--admin`; in Chromium, the emulated BX24.js and the official
//! SDK's `initializeB24Frame()` get their tokens through its postMessage
//! protocol and call the calendar methods (over http and https).

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bx24_emulator::Config;
use support::*;

#[tokio::test]
async fn portal_page_and_script_are_served_without_admin() {
    let emu = Emu::start(Config {
        admin: false,
        ..config()
    })
    .await;
    let page = emu
        .get("/portal?app=http%3A%2F%2F127.0.0.1%3A1%2F&user=1")
        .await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(page.text.contains("bx24-emulator portal"), "{}", page.text);
    assert!(page.text.contains(r#"<script src="/portal.js"></script>"#));
    // Only its own script runs: no inline code, no eval.
    let csp = page.header("content-security-policy").expect("CSP");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    let script = emu.get("/portal.js").await;
    assert_eq!(script.status, 200);
    assert!(script.text.contains("getInitData") && script.text.contains("refreshAuth"));
    assert!(!script.text.contains("eval("));
    assert_eq!(emu.get("/admin/statuses").await.status, 404);
}

/// What the browser test needs, or why it cannot run here.
fn browser_setup() -> Result<PathBuf, String> {
    let node = std::process::Command::new("node").arg("--version").output();
    if node.is_err() {
        return Err("node is not installed".into());
    }
    let chromium = std::env::var_os("CHROMIUM_PATH")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if !chromium.exists() {
        return Err(format!(
            "no Chromium at {} (set CHROMIUM_PATH)",
            chromium.display()
        ));
    }
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../node_modules");
    for package in ["playwright-core", "@bitrix24/b24jssdk"] {
        if !modules.join(package).exists() {
            return Err(format!(
                "{package} is not installed (npm install at the repo root)"
            ));
        }
    }
    Ok(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/portal_browser.mjs"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bx24_js_and_the_official_sdk_run_inside_the_portal_frame() {
    let script = match browser_setup() {
        Ok(script) => script,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let plain = Emu::default().await;
    let tls = Emu::start(Config {
        tls: true,
        ..config()
    })
    .await;
    let started = Instant::now();
    let run = tokio::process::Command::new("node")
        .arg(script)
        .arg(plain.server.url())
        .arg(tls.server.url())
        // For the script's own /admin calls to the https emulator.
        .env("NODE_EXTRA_CA_CERTS", tls.server.cert_path().expect("cert"))
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(45), run)
        .await
        .expect("browser test finishes within 45 s")
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "portal_browser.mjs failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!(
        "{stdout}browser test: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
