//! The `bx24-emulator` binary as a process: the first stdout line, the
//! flags, and failing early on bad input.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

mod process;

use process::{emulator, start_http, Running};

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("bx24-emulator-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).expect("temp file written");
    path
}

/// One HTTP/1.1 request on a fresh connection; returns (status, body).
fn http(addr: &str, method: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout set");
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        .expect("request sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answer read");
    let status = answer
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn binary_prints_listening_line_first_and_honours_its_flags() {
    let fixture = temp_file(
        "fixture.json",
        r#"{"users":[{"id":1,"name":"Anna"},{"id":7,"name":"Greta","lastName":"Berg"}],
            "events":[{"id":501,"name":"Sync","fromOffsetMinutes":30,"host":1,"attendees":[{"id":7,"status":"Q"}]}]}"#,
    );
    let faults = temp_file("faults.json", r#"{"schedule": ["internal"]}"#);
    let mut command = emulator();
    command
        .args([
            "--listen",
            "127.0.0.1:0",
            "--admin",
            "--plan",
            "enterprise",
            "--token-ttl",
            "60",
        ])
        .args(["--webhook-user", "7", "--webhook-token", "s3cret"])
        .arg("--data")
        .arg(&fixture)
        .arg("--faults")
        .arg(format!("@{}", faults.display()));
    let (_running, addr) = start_http(command);
    assert!(
        addr.starts_with("127.0.0.1:") && !addr.ends_with(":0"),
        "{addr}"
    );

    // --faults @file: the first REST request fails as scheduled.
    assert_eq!(http(&addr, "GET", "/rest/7/s3cret/user.current").0, 500);
    // --webhook-user/--webhook-token and --data: user 7 is Greta.
    let (status, body) = http(&addr, "GET", "/rest/7/s3cret/user.current");
    assert_eq!(status, 200);
    assert!(body.contains("\"NAME\":\"Greta\""), "{body}");
    let (_, statuses) = http(&addr, "GET", "/admin/statuses?user=7");
    assert_eq!(statuses, r#"{"501":"Q"}"#);
    let (_, auth) = http(&addr, "GET", "/placement/auth?user=7");
    assert!(auth.contains("\"expires_in\":60"), "{auth}");
    let _ = std::fs::remove_file(fixture);
    let _ = std::fs::remove_file(faults);
}

#[test]
fn binary_rejects_a_bad_fixture_with_exit_code_2() {
    let fixture = temp_file(
        "bad.json",
        r#"{"users":[{"id":1,"name":"A"}],"events":[{"id":1,"name":"x","host":9,"fromOffsetMinutes":1}]}"#,
    );
    let output = Command::new(env!("CARGO_BIN_EXE_bx24-emulator"))
        .arg("--data")
        .arg(&fixture)
        .output()
        .expect("binary runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("host 9 is not a user"));
    let _ = std::fs::remove_file(fixture);
}

#[test]
fn binary_with_tls_prints_the_https_url_then_the_certificate_path() {
    let child = emulator()
        .arg("--tls")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut running = Running(child);
    let mut stdout = BufReader::new(running.0.stdout.take().expect("stdout piped"));
    let (mut first, mut second) = (String::new(), String::new());
    stdout.read_line(&mut first).expect("first line");
    stdout.read_line(&mut second).expect("second line");
    let addr = first
        .trim_end()
        .strip_prefix("listening on https://")
        .unwrap_or_else(|| panic!("first line was {first:?}"));
    let port = addr.rsplit(':').next().expect("port");
    let path = PathBuf::from(
        second
            .trim_end()
            .strip_prefix("certificate ")
            .unwrap_or_else(|| panic!("second line was {second:?}")),
    );
    // Default: the temp dir, named after the port.
    assert_eq!(
        path,
        std::env::temp_dir().join(format!("bx24-emulator-{port}.pem"))
    );
    let pem = std::fs::read_to_string(&path).expect("certificate written");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    drop(running);
    let _ = std::fs::remove_file(path);
}

#[test]
fn binary_rejects_tls_cert_out_without_tls() {
    let output = Command::new(env!("CARGO_BIN_EXE_bx24-emulator"))
        .args(["--tls-cert-out", "/tmp/x.pem"])
        .output()
        .expect("binary runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--tls"));
}
