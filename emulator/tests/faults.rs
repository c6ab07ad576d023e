//! Fault injection and the admin endpoints tests rely on.

mod support;

use std::time::{Duration, Instant};

use bx24_emulator::{Config, FaultConfig};
use serde_json::{json, Value};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Status and error code of each of `n` identical calls.
async fn outcomes(emu: &Emu, n: usize) -> Vec<(u16, String)> {
    let mut seen = Vec::new();
    for _ in 0..n {
        let reply = emu.hook("user.current", json!({})).await;
        let code = serde_json::from_str::<Value>(&reply.text)
            .ok()
            .and_then(|body| body["error"].as_str().map(str::to_owned))
            .unwrap_or_default();
        seen.push((reply.status, code));
    }
    seen
}

#[tokio::test]
async fn same_seed_gives_the_same_fault_sequence() {
    let faults = r#"{"seed": 7, "rate": 0.5, "kinds": ["internal", "query_limit", "overload", "operation_time"]}"#;
    let start = || async {
        Emu::start(Config {
            faults: FaultConfig::from_json(faults).expect("valid faults"),
            ..config()
        })
        .await
    };
    let (first, second) = (start().await, start().await);
    let a = outcomes(&first, 30).await;
    let b = outcomes(&second, 30).await;
    assert_eq!(a, b);
    assert!(
        a.iter().any(|(status, _)| *status == 200) && a.iter().any(|(status, _)| *status != 200)
    );
    let logged = |log: Vec<Value>| {
        log.into_iter()
            .map(|r| r["fault"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        logged(first.requests().await),
        logged(second.requests().await)
    );
}

#[tokio::test]
async fn schedule_is_applied_in_order_with_the_documented_answers() {
    let emu = Emu::default().await;
    emu.set_faults(
        json!({"schedule": ["ok", "query_limit", "internal", "overload", "operation_time"]}),
    )
    .await;
    let seen = outcomes(&emu, 6).await;
    let expected = [
        (200, ""),
        (503, "QUERY_LIMIT_EXCEEDED"),
        (500, "INTERNAL_SERVER_ERROR"),
        (503, "OVERLOAD_LIMIT"),
        (429, "OPERATION_TIME_LIMIT"),
        (200, ""),
    ];
    let expected: Vec<(u16, String)> = expected
        .iter()
        .map(|(s, c)| (*s, (*c).to_owned()))
        .collect();
    assert_eq!(seen, expected);
    let faults: Vec<Value> = emu
        .requests()
        .await
        .into_iter()
        .map(|r| r["fault"].clone())
        .collect();
    assert_eq!(
        faults,
        [
            json!(null),
            json!("query_limit"),
            json!("internal"),
            json!("overload"),
            json!("operation_time"),
            json!(null)
        ]
    );
}

#[tokio::test]
async fn operation_time_fault_sets_operating_reset_at_a_few_seconds_ahead() {
    let emu = Emu::default().await;
    emu.set_faults(json!({"schedule": ["operation_time"]}))
        .await;
    let reply = emu.hook("user.current", json!({})).await;
    let body = reply.json();
    let now = body["time"]["start"].as_f64().expect("start");
    let reset = body["time"]["operating_reset_at"]
        .as_f64()
        .expect("operating_reset_at");
    assert!(
        reset > now && reset < now + 30.0,
        "reset {reset}, now {now}"
    );
}

#[tokio::test]
async fn faults_leave_the_state_unchanged() {
    let emu = Emu::default().await;
    emu.set_faults(json!({"schedule": ["query_limit", "internal", "overload", "operation_time", "malformed_json"]}))
        .await;
    for _ in 0..5 {
        emu.hook(
            "calendar.meeting.status.set",
            json!({"eventId": MEETING, "status": "Y"}),
        )
        .await;
    }
    assert_eq!(emu.statuses(ANNA).await[MEETING.to_string()], "Q");
}

#[tokio::test]
async fn malformed_json_fault_answers_200_with_a_truncated_body() {
    let emu = Emu::default().await;
    emu.set_faults(json!({"schedule": ["malformed_json"]}))
        .await;
    let reply = emu.hook("user.current", json!({})).await;
    assert_eq!(reply.status, 200);
    assert!(
        serde_json::from_str::<Value>(&reply.text).is_err(),
        "{}",
        reply.text
    );
    assert!(reply.text.starts_with("{\"result\""));
}

#[tokio::test]
async fn drop_fault_closes_the_connection_without_a_response_and_changes_nothing() {
    let emu = Emu::default().await;
    emu.set_faults(json!({"schedule": ["drop"]})).await;
    let mut stream = tokio::net::TcpStream::connect(emu.server.addr())
        .await
        .expect("connects");
    let body = format!(r#"{{"eventId":{MEETING},"status":"Y"}}"#);
    let request = format!(
        "POST /rest/1/demo/calendar.meeting.status.set HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .await
        .expect("request sent");
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut received))
        .await
        .expect("connection closed within 5 s");
    // A clean close reads 0 bytes; a reset is an error. Either way: no answer.
    assert!(
        received.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(&received)
    );
    if let Ok(n) = read {
        assert_eq!(n, 0);
    }
    assert_eq!(emu.statuses(ANNA).await[MEETING.to_string()], "Q");
    let log = emu.requests().await;
    assert_eq!(
        (log[0]["fault"].clone(), log[0]["status"].clone()),
        (json!("drop"), Value::Null)
    );
}

#[tokio::test]
async fn delay_fault_answers_late_but_stores_the_change_at_once() {
    let emu = std::sync::Arc::new(Emu::default().await);
    emu.set_faults(json!({"schedule": ["delay"], "delayMs": 1000}))
        .await;
    let started = Instant::now();
    let pending = {
        let emu = emu.clone();
        tokio::spawn(async move {
            emu.hook(
                "calendar.meeting.status.set",
                json!({"eventId": MEETING, "status": "N"}),
            )
            .await
        })
    };
    // The change shows up while the answer is still held back.
    while emu.statuses(ANNA).await[MEETING.to_string()] != "N" {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "change never stored"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!pending.is_finished(), "answered before the delay");
    let reply = pending.await.expect("task");
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        (reply.status, reply.json()["result"].clone()),
        (200, json!(true))
    );
}

#[tokio::test]
async fn admin_faults_round_trip_and_empty_config_turns_faults_off() {
    let emu = Emu::default().await;
    emu.set_faults(
        json!({"seed": 3, "rate": 0.25, "kinds": ["internal"], "schedule": ["drop", "ok"]}),
    )
    .await;
    let shown = emu.get("/admin/faults").await.json();
    assert_eq!(shown["seed"], 3);
    assert_eq!(shown["kinds"], json!(["internal"]));
    assert_eq!(shown["schedule"], json!(["drop", "ok"]));
    let bad = emu
        .post_json("/admin/faults", &json!({"kinds": ["meteor"]}))
        .await;
    assert_eq!(bad.status, 400);
    emu.set_faults(json!({})).await;
    assert!(outcomes(&emu, 10)
        .await
        .iter()
        .all(|(status, _)| *status == 200));
}

#[tokio::test]
async fn admin_requests_logs_every_rest_request_and_delete_clears_it() {
    let emu = Emu::default().await;
    let token = emu.token(ANNA).await;
    emu.call(
        &token,
        "calendar.meeting.status.get",
        json!({"eventId": MEETING}),
    )
    .await;
    emu.hook("batch", json!({"cmd": ["user.current", "user.current"]}))
        .await;
    emu.post_json("/rest/1/bad/user.current", &json!({})).await;
    let log = emu.requests().await;
    assert_eq!(
        log[0],
        json!({"seq": 1, "httpMethod": "POST", "path": "/rest/calendar.meeting.status.get.json",
               "restMethod": "calendar.meeting.status.get", "transport": "oauth", "status": 200,
               "fault": null, "batchCommands": null})
    );
    assert_eq!(
        (
            log[1]["restMethod"].clone(),
            log[1]["batchCommands"].clone()
        ),
        (json!("batch"), json!(2))
    );
    assert_eq!(
        (log[2]["transport"].clone(), log[2]["status"].clone()),
        (json!("webhook"), json!(401))
    );
    // The webhook secret never shows in the log, right or wrong.
    assert_eq!(log[2]["path"], "/rest/1/[redacted]/user.current");
    assert_eq!(log[1]["path"], "/rest/1/[redacted]/batch");
    // Admin changes need a JSON content type (no web page can send one cross-origin).
    let refused = emu.request("DELETE", "/admin/requests", &[], "").await;
    assert_eq!(refused.status, 415, "{}", refused.text);
    assert!(refused.json()["error"]
        .as_str()
        .is_some_and(|e| e.contains("application/json")));
    assert_eq!(emu.requests().await.len(), 3);
    assert_eq!(
        emu.request(
            "DELETE",
            "/admin/requests",
            &[("content-type", "application/json")],
            ""
        )
        .await
        .status,
        200
    );
    assert!(emu.requests().await.is_empty());
}

#[tokio::test]
async fn admin_reset_restores_the_fixture_and_clears_log_and_faults() {
    let emu = Emu::default().await;
    emu.hook(
        "calendar.meeting.status.set",
        json!({"eventId": MEETING, "status": "Y"}),
    )
    .await;
    emu.set_faults(json!({"rate": 1.0, "kinds": ["internal"]}))
        .await;
    assert_eq!(emu.post_json("/admin/reset", &json!({})).await.status, 200);
    assert_eq!(emu.statuses(ANNA).await[MEETING.to_string()], "Q");
    assert!(emu.requests().await.is_empty());
    assert_eq!(emu.hook("user.current", json!({})).await.status, 200);
}

#[tokio::test]
async fn admin_endpoints_are_404_without_admin_flag() {
    let emu = Emu::start(Config {
        admin: false,
        ..config()
    })
    .await;
    for (method, path) in [
        ("GET", "/admin/statuses?user=1"),
        ("GET", "/admin/requests"),
        ("DELETE", "/admin/requests"),
        ("GET", "/admin/faults"),
        ("POST", "/admin/faults"),
        ("POST", "/admin/reset"),
        ("POST", "/admin/expire-tokens"),
    ] {
        assert_eq!(
            emu.request(method, path, &[], "").await.status,
            404,
            "{method} {path}"
        );
    }
}

#[tokio::test]
async fn fault_answers_carry_the_time_object() {
    let emu = Emu::default().await;
    emu.set_faults(json!({"schedule": ["query_limit", "internal", "overload", "operation_time"]}))
        .await;
    for _ in 0..4 {
        let reply = emu.hook("user.current", json!({})).await;
        assert_ne!(reply.status, 200);
        assert_time(&reply.json());
    }
}
