//! How requests reach the methods: webhook and OAuth auth, token expiry and
//! refresh, batch, the leaky bucket, CORS and static files.

mod support;

use std::time::Duration;

use bx24_emulator::{Config, Plan};
use serde_json::{json, Value};
use support::*;

#[tokio::test]
async fn webhook_path_authenticates_and_wrong_token_or_user_is_no_auth_found() {
    let emu = Emu::default().await;
    let ok = emu
        .post_json("/rest/1/demo/user.current.json", &json!({}))
        .await;
    assert_eq!(
        (ok.status, ok.json()["result"]["ID"].clone()),
        (200, json!("1"))
    );
    for path in ["/rest/1/wrong/user.current", "/rest/2/demo/user.current"] {
        let reply = emu.post_json(path, &json!({})).await;
        assert_eq!(reply.status, 401, "{path}");
        assert_eq!(
            reply.error(),
            (
                "NO_AUTH_FOUND".to_owned(),
                "Wrong authorization data".to_owned()
            )
        );
    }
}

#[tokio::test]
async fn oauth_without_or_with_unknown_token_is_no_auth_found() {
    let emu = Emu::default().await;
    for body in [json!({}), json!({"auth": "not-a-token"})] {
        let reply = emu.post_json("/rest/user.current", &body).await;
        assert_eq!(reply.status, 401);
        assert_eq!(reply.error().0, "NO_AUTH_FOUND");
    }
}

#[tokio::test]
async fn oauth_token_expires_after_ttl_and_refresh_consumes_the_old_refresh_token() {
    let emu = Emu::start(Config {
        token_ttl: Duration::from_secs(1),
        ..config()
    })
    .await;
    let auth = emu.auth(ANNA).await;
    assert_eq!(auth["expires_in"], 1);
    let token = auth["access_token"].as_str().expect("token").to_owned();
    assert_eq!(
        emu.call(&token, "user.current", json!({})).await.status,
        200
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let expired = emu.call(&token, "user.current", json!({})).await;
    assert_eq!(expired.status, 401);
    assert_eq!(
        expired.error(),
        (
            "expired_token".to_owned(),
            "The access token provided has expired.".to_owned()
        )
    );

    let refresh = auth["refresh_token"].as_str().expect("refresh token");
    let path = format!("/oauth/token/?grant_type=refresh_token&refresh_token={refresh}&client_id=app&client_secret=s");
    let renewed = emu.get(&path).await;
    assert_eq!(renewed.status, 200);
    let renewed = renewed.json();
    for field in [
        "access_token",
        "refresh_token",
        "scope",
        "domain",
        "server_endpoint",
        "client_endpoint",
        "member_id",
        "status",
    ] {
        assert!(renewed[field].is_string(), "{field} in {renewed}");
    }
    assert_eq!(
        (renewed["user_id"].clone(), renewed["expires_in"].clone()),
        (json!(1), json!(1))
    );
    assert!(renewed["expires"].is_i64());
    assert_eq!(renewed["member_id"], auth["member_id"]);
    let new_token = renewed["access_token"].as_str().expect("token");
    assert_eq!(
        emu.call(new_token, "user.current", json!({})).await.status,
        200
    );

    let again = emu.get(&path).await;
    assert_eq!(
        (again.status, again.error().0),
        (400, "invalid_grant".to_owned())
    );
    let bogus = emu
        .post_form(
            "/oauth/token/",
            "grant_type=refresh_token&refresh_token=bogus",
        )
        .await;
    assert_eq!(
        (bogus.status, bogus.error().0),
        (400, "invalid_grant".to_owned())
    );
}

#[tokio::test]
async fn admin_expire_tokens_expires_every_access_token() {
    let emu = Emu::default().await;
    let token = emu.token(ANNA).await;
    assert_eq!(
        emu.post_json("/admin/expire-tokens", &json!({}))
            .await
            .status,
        200
    );
    let reply = emu.call(&token, "user.current", json!({})).await;
    assert_eq!(
        (reply.status, reply.error().0),
        (401, "expired_token".to_owned())
    );
}

#[tokio::test]
async fn batch_with_array_cmd_answers_a_list_keyed_by_index() {
    let emu = Emu::default().await;
    let reply = emu
        .hook(
            "batch",
            json!({"cmd": ["calendar.meeting.status.set?eventId=201&status=Y", "calendar.meeting.status.get?eventId=201"]}),
        )
        .await;
    assert_eq!(reply.status, 200);
    let result = reply.json()["result"].clone();
    assert_eq!(result["result"], json!([true, "Y"]));
    assert_eq!(result["result_error"], json!([]));
    assert_eq!(result["result_total"], json!([]));
    assert_eq!(result["result_next"], json!([]));
    assert!(result["result_time"][1]["duration"].is_number());
}

#[tokio::test]
async fn batch_with_object_cmd_collects_errors_without_halt() {
    let emu = Emu::default().await;
    let reply = emu
        .hook(
            "batch",
            json!({"halt": false, "cmd": {
                "bad": "calendar.meeting.status.set?eventId=201",
                "nested": "batch?cmd[0]=user.current",
                "good": "calendar.meeting.status.get?eventId=201",
                "unknown": "no.such.method"
            }}),
        )
        .await;
    assert_eq!(reply.status, 200);
    let result = reply.json()["result"].clone();
    assert_eq!(result["result"], json!({"good": "Q"}));
    let errors = &result["result_error"];
    assert_eq!(errors["bad"]["error"], "");
    assert_eq!(
        errors["bad"]["error_description"],
        "Не задан обязательный параметр \"status\" для метода \"calendar.meeting.status.set\""
    );
    assert_eq!(errors["nested"]["error"], "ERROR_BATCH_METHOD_NOT_ALLOWED");
    assert_eq!(errors["unknown"]["error"], "ERROR_METHOD_NOT_FOUND");
    assert_eq!(result["result_time"].as_object().map(|t| t.len()), Some(1));
}

#[tokio::test]
async fn batch_with_halt_stops_at_the_first_error() {
    let emu = Emu::default().await;
    for halt in [json!(true), json!(1), json!("1")] {
        let reply = emu
            .hook(
                "batch",
                json!({"halt": halt, "cmd": {
                    "a": "user.current",
                    "b": "calendar.meeting.status.get?eventId=9999",
                    "c": "calendar.meeting.status.set?eventId=201&status=N"
                }}),
            )
            .await;
        let result = reply.json()["result"].clone();
        assert!(result["result"]["a"].is_object(), "halt {halt}");
        assert!(result["result_error"]["b"].is_object(), "halt {halt}");
        assert!(
            result["result"].get("c").is_none(),
            "halt {halt}: c must not run"
        );
    }
    assert_eq!(emu.statuses(ANNA).await[MEETING.to_string()], "Q");
}

/// `settings/batch.md`: "The number of requests in a batch is limited to
/// 50. If this limit is exceeded, subqueries beyond the limit will end with
/// an error ERROR_BATCH_LENGTH_EXCEEDED." The page's error table lists the
/// code with HTTP 400; the text wins (issue 11), so the batch answers 200
/// and only the commands past the 50th fail.
#[tokio::test]
async fn batch_commands_past_the_50th_fail_with_error_batch_length_exceeded() {
    let emu = Emu::default().await;
    let cmd: Vec<Value> = (0..53).map(|_| json!("user.current")).collect();
    let reply = emu.hook("batch", json!({"cmd": cmd})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let result = reply.json()["result"].clone();
    assert_eq!(result["result"].as_array().map(Vec::len), Some(50));
    let errors = result["result_error"]
        .as_object()
        .expect("errors keyed by command");
    assert_eq!(
        errors.keys().collect::<Vec<_>>(),
        ["50", "51", "52"].iter().collect::<Vec<_>>()
    );
    assert_eq!(
        errors["50"],
        json!({"error": "ERROR_BATCH_LENGTH_EXCEEDED", "error_description": "Max batch length exceeded"})
    );
    // With halt, the first command past the limit ends the batch.
    let cmd: Vec<Value> = (0..53).map(|_| json!("user.current")).collect();
    let halted = emu.hook("batch", json!({"halt": 1, "cmd": cmd})).await;
    let errors = halted.json()["result"]["result_error"].clone();
    assert_eq!(errors.as_object().map(|e| e.len()), Some(1), "{errors}");
    let fifty: Vec<Value> = (0..50).map(|_| json!("user.current")).collect();
    let full = emu.hook("batch", json!({"cmd": fifty})).await;
    assert_eq!(full.json()["result"]["result_error"], json!([]));
}

/// `settings/batch.md`, "Linked Calls": `$result[request_id][response_field]`
/// passes an earlier answer into a later command, with an index for list
/// methods (`$result[user_by_name][0][ID]`).
#[tokio::test]
async fn batch_result_references_chain_commands() {
    let emu = Emu::default().await;
    let reply = emu
        .hook(
            "batch",
            json!({"halt": 0, "cmd": {
                "list": "calendar.event.get.nearest?forCurrentUser=true",
                "first": "calendar.event.getbyid?id=$result[list][0][ID]",
                "me": "user.current",
                "mine": "calendar.event.get.nearest?ownerId=$result[me][ID]&forCurrentUser=false",
                "set": "calendar.meeting.status.set?eventId=$result[first][ID]&status=Y",
                "status": "calendar.meeting.status.get?eventId=$result[list][0][ID]"
            }}),
        )
        .await;
    assert_eq!(reply.status, 200);
    let result = reply.json()["result"].clone();
    assert_eq!(result["result_error"], json!([]), "{result}");
    assert_eq!(result["result"]["first"]["ID"], MEETING.to_string());
    assert_eq!(result["result"]["mine"][0]["ID"], MEETING.to_string());
    assert_eq!(result["result"]["status"], "Y");
    assert_eq!(emu.statuses(ANNA).await[MEETING.to_string()], "Y");
}

/// `$error[key][…]` reads an earlier command's error (the portal's
/// `CRestUtil::processBatchElement` knows `result`, `next`, `total`, `time`
/// and `error`). The docs do not describe `$result_error`; to the portal's
/// expression it is `$result` followed by `_error`, so it reads `result`.
#[tokio::test]
async fn batch_error_references_read_earlier_errors() {
    let emu = Emu::default().await;
    let reply = emu
        .hook(
            "batch",
            json!({"cmd": {
                "bad": "calendar.meeting.status.get?eventId=9999",
                "me": "user.current",
                "why": "calendar.meeting.status.set?eventId=$result_error[me][ID]&status=$error[bad][error]",
            }}),
        )
        .await;
    let result = reply.json()["result"].clone();
    // `$error[bad][error]` is "" (method errors have an empty code): status missing.
    assert_eq!(
        result["result_error"]["why"]["error_description"],
        "Не задан обязательный параметр \"status\" для метода \"calendar.meeting.status.set\""
    );
}

#[tokio::test]
async fn leaky_bucket_standard_rejects_the_51st_then_drains_two_per_second() {
    let emu = Emu::start(Config {
        plan: Plan::Standard,
        ..config()
    })
    .await;
    for n in 1..=50 {
        assert_eq!(
            emu.hook("user.current", json!({})).await.status,
            200,
            "request {n}"
        );
    }
    let rejected = emu.hook("user.current", json!({})).await;
    assert_eq!(rejected.status, 503);
    assert_eq!(
        rejected.error(),
        (
            "QUERY_LIMIT_EXCEEDED".to_owned(),
            "Too many requests".to_owned()
        )
    );
    tokio::time::sleep(Duration::from_millis(1050)).await;
    assert_eq!(emu.hook("user.current", json!({})).await.status, 200);
    assert_eq!(emu.hook("user.current", json!({})).await.status, 200);
    let log = emu.requests().await;
    assert_eq!(log.iter().filter(|r| r["status"] == 503).count(), 1);
}

#[tokio::test]
async fn leaky_bucket_counts_a_batch_once() {
    let emu = Emu::start(Config {
        plan: Plan::Standard,
        ..config()
    })
    .await;
    let fifty: Vec<Value> = (0..50).map(|_| json!("user.current")).collect();
    assert_eq!(emu.hook("batch", json!({"cmd": fifty})).await.status, 200);
    for n in 2..=50 {
        assert_eq!(
            emu.hook("user.current", json!({})).await.status,
            200,
            "request {n}"
        );
    }
    assert_eq!(emu.hook("user.current", json!({})).await.status, 503);
}

/// CORS as a portal sends it: the rest module's `CRestUtil::sendHeaders()`
/// answers every REST call with `Access-Control-Allow-Origin: *` and
/// `Access-Control-Allow-Headers: origin, content-type, accept` (and no
/// allowed methods: GET and POST need none). FACTS.md, issue 11.
#[tokio::test]
async fn cors_preflight_and_headers_on_rest_and_oauth() {
    let emu = Emu::default().await;
    for path in [
        "/rest/user.current.json",
        "/oauth/token/",
        "/rest/1/demo/batch",
    ] {
        let preflight = emu
            .request(
                "OPTIONS",
                path,
                &[
                    ("origin", "http://widget.example"),
                    ("access-control-request-method", "POST"),
                    ("access-control-request-headers", "content-type"),
                ],
                "",
            )
            .await;
        assert!(preflight.status < 300, "{path}: {}", preflight.status);
        assert_eq!(
            preflight.header("access-control-allow-origin").as_deref(),
            Some("*"),
            "{path}"
        );
        // Only these: a browser app adding `Authorization` fails here as on a portal.
        assert_eq!(
            preflight.header("access-control-allow-headers").as_deref(),
            Some("origin, content-type, accept"),
            "{path}"
        );
        assert_eq!(preflight.header("access-control-allow-methods"), None);
    }
    let reply = emu
        .request(
            "POST",
            "/rest/1/demo/user.current",
            &[("origin", "http://widget.example")],
            "",
        )
        .await;
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert_eq!(
        reply.header("access-control-allow-headers").as_deref(),
        Some("origin, content-type, accept")
    );
    assert_eq!(
        reply.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
}

/// `/placement/auth` hands out tokens without credentials, so it is never
/// shared with `*` (issue 11): only pages on loopback origins may read it.
#[tokio::test]
async fn placement_auth_is_shared_with_loopback_origins_only() {
    let emu = Emu::default().await;
    let foreign = emu
        .request(
            "GET",
            "/placement/auth",
            &[("origin", "https://evil.example")],
            "",
        )
        .await;
    assert_eq!(foreign.header("access-control-allow-origin"), None);
    let preflight = emu
        .request(
            "OPTIONS",
            "/placement/auth",
            &[
                ("origin", "https://evil.example"),
                ("access-control-request-method", "GET"),
            ],
            "",
        )
        .await;
    assert_eq!(preflight.status, 403);
    assert_eq!(preflight.header("access-control-allow-origin"), None);
    let local = emu
        .request(
            "GET",
            "/placement/auth",
            &[("origin", "http://localhost:5173")],
            "",
        )
        .await;
    assert_eq!(
        local.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:5173")
    );
    assert_eq!(local.header("vary").as_deref(), Some("origin"));
}

/// A portal takes the OAuth token from `Authorization: Bearer` as well as
/// from `auth=` (issue 11). `auth=` wins when both are sent.
#[tokio::test]
async fn oauth_token_in_an_authorization_bearer_header() {
    let emu = Emu::default().await;
    let token = emu.token(CLARA).await;
    let bearer = format!("Bearer {token}");
    let reply = emu
        .request(
            "POST",
            "/rest/user.current.json",
            &[
                ("authorization", &bearer),
                ("content-type", "application/json"),
            ],
            "{}",
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.json()["result"]["ID"], "3");
    let lower = format!("bearer {token}");
    let get = emu
        .request(
            "GET",
            "/rest/user.current",
            &[("authorization", &lower)],
            "",
        )
        .await;
    assert_eq!(get.status, 200, "{}", get.text);
    let anna = emu.token(ANNA).await;
    let both = emu
        .request(
            "POST",
            "/rest/user.current",
            &[
                ("authorization", &bearer),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            &format!("auth={anna}"),
        )
        .await;
    assert_eq!(both.json()["result"]["ID"], "1");
    for header in ["Bearer not-a-token", "Basic abc", "Bearer"] {
        let refused = emu
            .request(
                "GET",
                "/rest/user.current",
                &[("authorization", header)],
                "",
            )
            .await;
        assert_eq!(refused.status, 401, "{header}");
        assert_eq!(refused.error().0, "NO_AUTH_FOUND", "{header}");
    }
}

#[tokio::test]
async fn static_dirs_and_bx24_js_have_correct_content_types() {
    let root = std::env::temp_dir().join(format!("bx24-emulator-static-{}", std::process::id()));
    let (www, pkg) = (root.join("www"), root.join("pkg"));
    std::fs::create_dir_all(&www).expect("www dir");
    std::fs::create_dir_all(&pkg).expect("pkg dir");
    std::fs::write(www.join("index.html"), "<!doctype html><title>demo</title>").expect("index");
    std::fs::write(pkg.join("glue.js"), "export {};").expect("js");
    std::fs::write(pkg.join("module_bg.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
    let emu = Emu::start(Config {
        www: Some(www),
        pkg: Some(pkg),
        ..config()
    })
    .await;
    let index = emu.get("/").await;
    assert_eq!(index.status, 200);
    assert!(index.text.contains("<title>demo</title>"));
    let js = emu.get("/pkg/glue.js").await;
    assert!(
        js.header("content-type")
            .is_some_and(|t| t.starts_with("text/javascript")),
        "{:?}",
        js.headers
    );
    let wasm = emu.get("/pkg/module_bg.wasm").await;
    assert_eq!(
        wasm.header("content-type").as_deref(),
        Some("application/wasm")
    );
    let bx24 = emu.get("/bx24.js").await;
    assert!(bx24
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/javascript")));
    assert!(bx24.text.contains("window.BX24"));
    assert_eq!(emu.get("/missing.txt").await.status, 404);
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test]
async fn placement_auth_issues_tokens_for_fixture_users_only() {
    let emu = Emu::default().await;
    let auth = emu.auth(CLARA).await;
    assert_eq!(auth["user_id"], 3);
    assert_eq!(auth["domain"], emu.server.addr().to_string());
    assert_eq!(emu.get("/placement/auth?user=99").await.status, 404);
    let default = emu.get("/placement/auth").await.json();
    assert_eq!(default["user_id"], 1);
}
