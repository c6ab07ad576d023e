//! `--tls`: HTTPS on the same routes with a certificate made at start, URLs
//! that say https, the `drop` fault over TLS, and the official SDK's
//! `B24Hook` trusting the certificate file.

mod support;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use bx24_emulator::Config;
use serde_json::{json, Value};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName};
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

fn tls_config() -> Config {
    Config {
        tls: true,
        ..config()
    }
}

/// A TLS client that trusts exactly the emulator's certificate file.
fn connector(cert_path: &Path) -> TlsConnector {
    let pem = std::fs::read(cert_path).expect("certificate file written");
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(&pem).expect("PEM certificate"))
        .expect("certificate accepted as a root");
    let config = ClientConfig::builder_with_provider(Arc::new(ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    TlsConnector::from(Arc::new(config))
}

/// One HTTP/1.1 request over TLS on a fresh connection, by `name`; the raw
/// bytes received until the server closes, or the read error.
async fn https_raw(emu: &Emu, name: &str, request: &str) -> std::io::Result<Vec<u8>> {
    let cert = emu
        .server
        .cert_path()
        .expect("a TLS server has a certificate");
    let tcp = tokio::net::TcpStream::connect(emu.server.addr()).await?;
    let server_name = ServerName::try_from(name.to_owned()).expect("server name");
    let mut stream = connector(cert).connect(server_name, tcp).await?;
    stream.write_all(request.as_bytes()).await?;
    let mut received = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut received))
        .await
        .expect("server closes within 10 s")?;
    Ok(received)
}

/// `(status, body)` of a `Connection: close` request.
async fn https(emu: &Emu, name: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        emu.server.addr(),
        body.len()
    );
    let bytes = https_raw(emu, name, &request).await.expect("TLS exchange");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let status = text
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn tls_serves_the_same_routes_with_a_certificate_for_loopback_names() {
    let emu = Emu::start(tls_config()).await;
    assert!(
        emu.server.url().starts_with("https://127.0.0.1:"),
        "{}",
        emu.server.url()
    );
    let cert = emu.server.cert_path().expect("certificate path");
    assert_eq!(
        cert.file_name().and_then(|n| n.to_str()),
        Some(format!("bx24-emulator-{}.pem", emu.server.addr().port()).as_str())
    );
    // The certificate is valid for both loopback names a client may use.
    for name in ["localhost", "127.0.0.1"] {
        let (status, body) = https(&emu, name, "GET", "/rest/1/demo/user.current", "").await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("\"NAME\":\"Anna\""), "{body}");
    }
    let (status, body) = https(
        &emu,
        "localhost",
        "POST",
        "/rest/1/demo/calendar.meeting.status.set",
        &json!({"eventId": MEETING, "status": "Y"}).to_string(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, statuses) = https(&emu, "localhost", "GET", "/admin/statuses?user=1", "").await;
    assert_eq!(
        serde_json::from_str::<Value>(&statuses).unwrap()[MEETING.to_string()],
        "Y"
    );
    // The portal page and the scripts are served over TLS too.
    assert_eq!(
        https(&emu, "localhost", "GET", "/portal?app=x", "").await.0,
        200
    );
    assert_eq!(https(&emu, "localhost", "GET", "/bx24.js", "").await.0, 200);
}

#[tokio::test]
async fn tls_oauth_answers_carry_https_endpoints() {
    let emu = Emu::start(tls_config()).await;
    let (_, auth) = https(&emu, "localhost", "GET", "/placement/auth?user=1", "").await;
    let auth: Value = serde_json::from_str(&auth).unwrap();
    assert_eq!(auth["domain"], emu.server.addr().to_string());
    let refresh = format!(
        "/oauth/token/?grant_type=refresh_token&refresh_token={}",
        auth["refresh_token"].as_str().unwrap()
    );
    let (status, body) = https(&emu, "localhost", "GET", &refresh, "").await;
    assert_eq!(status, 200, "{body}");
    let grant: Value = serde_json::from_str(&body).unwrap();
    let rest = format!("https://{}/rest/", emu.server.addr());
    assert_eq!(grant["server_endpoint"], rest.as_str());
    assert_eq!(grant["client_endpoint"], rest.as_str());
}

#[tokio::test]
async fn tls_drop_fault_closes_the_connection_without_a_response() {
    let emu = Emu::start(tls_config()).await;
    let (status, _) = https(
        &emu,
        "localhost",
        "POST",
        "/admin/faults",
        r#"{"schedule": ["drop"]}"#,
    )
    .await;
    assert_eq!(status, 200);
    let body = format!(r#"{{"eventId":{MEETING},"status":"Y"}}"#);
    let request = format!(
        "POST /rest/1/demo/calendar.meeting.status.set HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    // The handshake succeeds; then the connection ends with no HTTP bytes
    // (rustls reports the missing close_notify as an unexpected EOF).
    match https_raw(&emu, "localhost", &request).await {
        Ok(bytes) => assert!(
            bytes.is_empty(),
            "got {:?}",
            String::from_utf8_lossy(&bytes)
        ),
        Err(error) => assert!(
            matches!(
                error.kind(),
                std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::ConnectionReset
            ),
            "{error}"
        ),
    }
    let (_, statuses) = https(&emu, "localhost", "GET", "/admin/statuses?user=1", "").await;
    assert_eq!(
        serde_json::from_str::<Value>(&statuses).unwrap()[MEETING.to_string()],
        "Q"
    );
    let (_, log) = https(&emu, "localhost", "GET", "/admin/requests", "").await;
    let log: Value = serde_json::from_str(&log).unwrap();
    assert_eq!(
        (log[0]["fault"].clone(), log[0]["status"].clone()),
        (json!("drop"), Value::Null)
    );
}

#[tokio::test]
async fn tls_certificate_goes_where_asked() {
    let path = std::env::temp_dir().join(format!("bx24-emulator-test-{}.pem", std::process::id()));
    let emu = Emu::start(Config {
        tls_cert_out: Some(path.clone()),
        ..tls_config()
    })
    .await;
    assert_eq!(emu.server.cert_path(), Some(path.as_path()));
    let pem = std::fs::read_to_string(&path).expect("written");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    assert_eq!(https(&emu, "127.0.0.1", "GET", "/bx24.js", "").await.0, 200);
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn official_sdk_b24hook_works_over_tls_with_node_extra_ca_certs() {
    if !node_available() {
        return;
    }
    let emu = Emu::start(tls_config()).await;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/hook_tls.mjs");
    let run = tokio::process::Command::new("node")
        .arg(script)
        .arg(emu.server.url())
        .env("NODE_EXTRA_CA_CERTS", emu.server.cert_path().expect("cert"))
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(30), run)
        .await
        .expect("script finishes within 30 s")
        .expect("node runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("ERR_MODULE_NOT_FOUND") {
        eprintln!("skipped: @bitrix24/b24jssdk is not installed (npm install at the repo root)");
        return;
    }
    assert!(
        output.status.success(),
        "hook_tls.mjs failed:\n{}\n{stderr}",
        String::from_utf8_lossy(&output.stdout)
    );
}
