//! Issue 11, part 4: no request can crush the emulator. The binary runs as
//! its own process on loopback; hostile requests (deep brackets, many
//! appends, huge paths, trickled bodies and headers, cross-origin admin
//! changes) are sent in bounded loops; afterwards it must still answer
//! correctly, its memory must have stayed bounded, and the request log must
//! be short and free of secrets.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::Value;

mod process;

use process::{emulator, start_http, Running};

const LOG_SIZE: usize = 50;
const TOKEN: &str = "hook-secret-123";

fn start() -> (Running, String) {
    let mut command = emulator();
    command.args([
        "--listen",
        "127.0.0.1:0",
        "--admin",
        "--plan",
        "unlimited",
        "--webhook-token",
        TOKEN,
        "--request-log-size",
        &LOG_SIZE.to_string(),
        "--header-timeout",
        "1",
        "--body-timeout",
        "1",
    ]);
    start_http(command)
}

/// Resident memory of a process in KiB (Linux `/proc`), if readable.
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }
}

fn connect(addr: &str) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout set");
    stream
}

fn read_answer(mut stream: TcpStream) -> Answer {
    let mut raw = Vec::new();
    // Connection: close, so the answer ends with EOF (or a reset after it).
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {:?}", &text[..text.len().min(200)]));
    Answer {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

/// One request on a fresh connection.
fn send(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut stream = connect(addr);
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("head sent");
    // The server may answer (and close) before reading a refused body.
    let _ = stream.write_all(body);
    read_answer(stream)
}

const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");
const JSON: (&str, &str) = ("content-type", "application/json");

fn hook(method: &str) -> String {
    format!("/rest/1/{TOKEN}/{method}")
}

/// The emulator still does its job: auth, methods, state.
fn assert_still_correct(addr: &str) {
    let me = send(addr, "POST", &hook("user.current"), &[JSON], b"{}");
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(me.json()["result"]["ID"], "1");
    let set = send(
        addr,
        "POST",
        &hook("calendar.meeting.status.set"),
        &[FORM],
        b"eventId=0&status=Y",
    );
    assert_eq!(set.status, 400);
    assert!(set.json()["error_description"]
        .as_str()
        .is_some_and(|d| d.contains("eventId")));
    let wrong = send(addr, "POST", "/rest/1/wrong/user.current", &[JSON], b"{}");
    assert_eq!(wrong.status, 401);
}

#[test]
fn hostile_requests_leave_the_emulator_correct_and_its_memory_bounded() {
    let (running, addr) = start();
    let pid = running.0.id();
    let started = Instant::now();
    assert_still_correct(&addr);
    let rss_before = rss_kib(pid);

    // 1. Deep nesting: the stack overflow of issue 11, in the query and in a body.
    let deep = format!("a{}=1", "[a]".repeat(10_000));
    let auth = send(&addr, "GET", &format!("/placement/auth?{deep}"), &[], b"");
    assert_eq!(auth.status, 200, "{}", auth.body);
    let nested = send(
        &addr,
        "POST",
        &hook("user.current"),
        &[FORM],
        deep.as_bytes(),
    );
    assert_eq!(nested.status, 200, "{}", nested.body);
    let multipart = format!(
        "--b\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\nx\r\n--b--\r\n",
        &deep[..deep.len() - 2]
    );
    let nested = send(
        &addr,
        "POST",
        &hook("user.current"),
        &[("content-type", "multipart/form-data; boundary=b")],
        multipart.as_bytes(),
    );
    assert_eq!(nested.status, 200, "{}", nested.body);

    // 2. Many appends (40,000 took 5.8 s before): quick, and only 1000 kept.
    let appends = "a[]=x&".repeat(40_000);
    let timer = Instant::now();
    let many = send(
        &addr,
        "POST",
        &hook("user.current"),
        &[FORM],
        appends.as_bytes(),
    );
    let appends_took = timer.elapsed();
    assert_eq!(many.status, 200, "{}", many.body);
    assert!(appends_took < Duration::from_secs(5), "{appends_took:?}");
    // A body past the limit is refused, and says so.
    let big = vec![b'a'; 2 * 1024 * 1024];
    let too_big = send(&addr, "POST", &hook("user.current"), &[FORM], &big);
    assert_eq!(too_big.status, 413, "{}", too_big.body);
    assert!(too_big.json()["error_description"]
        .as_str()
        .is_some_and(|d| d.contains("larger than")));

    // 3. Huge paths: 1000 of 60 KB each (issue 11: 3000 took +177 MB, never freed), all answered; past the head limit, 414 / 431.
    // Each a different method name, so no per-method table can grow with them.
    let long_method = "m".repeat(60_000);
    for i in 0..1000 {
        let answer = send(
            &addr,
            "POST",
            &hook(&format!("{i}{long_method}")),
            &[JSON],
            b"{}",
        );
        assert_eq!(answer.status, 404, "{}", answer.body);
    }
    let too_long = send(
        &addr,
        "GET",
        &format!("/rest/{}", "x".repeat(100_000)),
        &[],
        b"",
    );
    assert_eq!(too_long.status, 414);
    let padding = "p".repeat(140_000);
    let huge_header = send(&addr, "GET", "/bx24.js", &[("x-padding", &padding)], b"");
    assert_eq!(huge_header.status, 431);

    // 4. Slow bodies and slow headers are cut off (1 s limits here).
    let mut slow = connect(&addr);
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{{",
        hook("user.current")
    );
    slow.write_all(head.as_bytes()).expect("head sent");
    let timer = Instant::now();
    let trickle = std::thread::spawn({
        let mut stream = slow.try_clone().expect("clone");
        move || {
            for _ in 0..40 {
                std::thread::sleep(Duration::from_millis(100));
                if stream.write_all(b" ").is_err() {
                    break;
                }
            }
        }
    });
    let cut = read_answer(slow);
    let slow_body_took = timer.elapsed();
    let _ = trickle.join();
    assert_eq!(cut.status, 408, "{}", cut.body);
    assert!(cut.json()["error_description"]
        .as_str()
        .is_some_and(|d| d.contains("did not arrive within 1 s")));
    assert!(
        slow_body_took < Duration::from_secs(10),
        "{slow_body_took:?}"
    );
    let mut stalled = connect(&addr);
    stalled
        .write_all(b"GET /bx24.js HTTP/1.1\r\nHost: x\r\n")
        .expect("partial head sent");
    let timer = Instant::now();
    let mut rest = Vec::new();
    let _ = stalled.read_to_end(&mut rest);
    let slow_head_took = timer.elapsed();
    assert!(
        slow_head_took < Duration::from_secs(10),
        "a stalled head was kept {slow_head_took:?}"
    );
    // Many stalled connections at once do not block a normal request.
    let idle: Vec<TcpStream> = (0..100).map(|_| connect(&addr)).collect();
    assert_still_correct(&addr);
    drop(idle);

    // 5. Cross-origin admin changes, as a web page would send them.
    let evil = ("origin", "http://evil.example");
    let text_plain = ("content-type", "text/plain;charset=UTF-8");
    for path in ["/admin/faults", "/admin/expire-tokens", "/admin/reset"] {
        let body: &[u8] = br#"{"rate": 1, "kinds": ["internal"]}"#;
        let refused = send(&addr, "POST", path, &[evil, text_plain], body);
        assert_eq!(refused.status, 415, "{path}: {}", refused.body);
        assert_eq!(refused.header("access-control-allow-origin"), None);
        let form = send(&addr, "POST", path, &[evil, FORM], body);
        assert_eq!(form.status, 415, "{path}");
        let preflight = send(
            &addr,
            "OPTIONS",
            path,
            &[evil, ("access-control-request-method", "POST")],
            b"",
        );
        assert_eq!(
            preflight.header("access-control-allow-origin"),
            None,
            "{path}"
        );
    }
    let faults = send(&addr, "GET", "/admin/faults", &[], b"").json();
    assert_eq!(faults["rate"], 0.0, "{faults}");
    // Tokens: not for a page on another origin, and never with `*`.
    let foreign = send(&addr, "GET", "/placement/auth", &[evil], b"");
    assert_eq!(foreign.header("access-control-allow-origin"), None);
    let local = send(
        &addr,
        "GET",
        "/placement/auth",
        &[("origin", "http://127.0.0.1:5173")],
        b"",
    );
    assert_eq!(
        local.header("access-control-allow-origin").as_deref(),
        Some("http://127.0.0.1:5173")
    );
    let token = local.json()["access_token"]
        .as_str()
        .expect("token")
        .to_owned();
    let still_valid = send(
        &addr,
        "POST",
        "/rest/user.current",
        &[FORM],
        format!("auth={token}").as_bytes(),
    );
    assert_eq!(
        still_valid.status, 200,
        "tokens were expired by a foreign POST"
    );

    // 6. Afterwards: still correct, log bounded and without secrets, memory bounded.
    assert_still_correct(&addr);
    let log = send(&addr, "GET", "/admin/requests", &[], b"");
    let entries = log.json().as_array().map_or(0, Vec::len);
    assert_eq!(entries, LOG_SIZE);
    assert!(
        !log.body.contains(TOKEN),
        "the webhook secret is in the log"
    );
    assert!(!log.body.contains(&token), "an access token is in the log");
    assert!(
        log.body.len() < LOG_SIZE * 1024,
        "log of {} bytes",
        log.body.len()
    );
    let rss_after = rss_kib(pid);
    eprintln!(
        "adversarial run: {:.1} s; appends {:?}; slow body cut after {:?}, stalled head after {:?}; RSS {:?} KiB -> {:?} KiB",
        started.elapsed().as_secs_f64(),
        appends_took,
        slow_body_took,
        slow_head_took,
        rss_before,
        rss_after
    );
    if let (Some(before), Some(after)) = (rss_before, rss_after) {
        assert!(
            after < before + 32 * 1024,
            "memory grew from {before} KiB to {after} KiB"
        );
    }
    assert!(started.elapsed() < Duration::from_secs(60));
}
