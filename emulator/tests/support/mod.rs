//! Shared by the integration tests: an emulator on a free loopback port,
//! a small HTTP client for it, and a fixture whose facts the tests name.
#![allow(dead_code)]

use std::time::Duration;

use bx24_emulator::{Config, Fixture, Plan, RunningServer};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::header::HeaderMap;
use hyper::Request;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Value};

/// The demo user of the test fixture.
pub const ANNA: u64 = 1;
/// Hosts 201 and 205/206.
pub const BORIS: u64 = 2;
/// Hosts 203.
pub const CLARA: u64 = 3;

/// Boris hosts; Anna invited (Q), Clara accepted (Y); in 1 hour.
pub const MEETING: u64 = 201;
/// Anna hosts; Boris invited (Q); in 2 hours.
pub const ANNAS_MEETING: u64 = 202;
/// Clara hosts; Boris declined; Anna not invited; in 3 hours.
pub const NOT_INVITED: u64 = 203;
/// Anna's personal event, not a meeting; in 4 hours.
pub const PERSONAL: u64 = 204;
/// Boris hosts; Anna accepted; in 20 days; repeats weekly on Mon and Wed.
pub const FAR: u64 = 205;
/// Boris hosts; Anna invited; 2 hours ago.
pub const PAST: u64 = 206;

/// Users and events the tests rely on, in times relative to server start.
pub fn fixture() -> Fixture {
    Fixture::from_json(
        &json!({
            "users": [
                {"id": 1, "name": "Anna", "lastName": "Smirnova", "email": "anna@example.com", "isAdmin": true},
                {"id": 2, "name": "Boris", "lastName": "Petrov", "email": "boris@example.com"},
                {"id": 3, "name": "Clara", "lastName": "Ivanova", "email": "clara@example.com"}
            ],
            "events": [
                {"id": 201, "name": "Planning", "fromOffsetMinutes": 60, "durationMinutes": 30, "location": "Room 1",
                 "host": 2, "attendees": [{"id": 1, "status": "Q"}, {"id": 3, "status": "Y"}]},
                {"id": 202, "name": "Budget", "fromOffsetMinutes": 120, "host": 1,
                 "attendees": [{"id": 1, "status": "H"}, {"id": 2, "status": "Q"}]},
                {"id": 203, "name": "Design", "fromOffsetMinutes": 180, "host": 3, "attendees": [{"id": 2, "status": "N"}]},
                {"id": 204, "name": "Focus time", "fromOffsetMinutes": 240, "host": 1, "isMeeting": false},
                {"id": 205, "name": "Offsite", "fromOffsetMinutes": 28800, "host": 2, "attendees": [{"id": 1, "status": "Y"}],
                 "rrule": {"freq": "WEEKLY", "byDay": ["WE", "MO"], "until": "2040-12-24"}},
                {"id": 206, "name": "Retro", "fromOffsetMinutes": -120, "host": 2, "attendees": [{"id": 1, "status": "Q"}]}
            ]
        })
        .to_string(),
    )
    .expect("test fixture parses")
}

/// The test fixture, admin on, no rate limit (tests of the limit pick a plan).
pub fn config() -> Config {
    Config {
        fixture: Some(fixture()),
        admin: true,
        plan: Plan::Unlimited,
        ..Config::default()
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    /// The body as JSON (panics when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// `error` and `error_description` of an error body.
    pub fn error(&self) -> (String, String) {
        let body = self.json();
        let text = |key: &str| {
            body[key]
                .as_str()
                .unwrap_or_else(|| panic!("no {key} in {body}"))
                .to_owned()
        };
        (text("error"), text("error_description"))
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }
}

/// A running emulator and a client for it.
pub struct Emu {
    pub server: RunningServer,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Emu {
    /// Starts an emulator with `config`.
    pub async fn start(config: Config) -> Self {
        let server = bx24_emulator::serve(config).await.expect("emulator starts");
        let client = Client::builder(TokioExecutor::new()).build_http();
        Self { server, client }
    }

    /// Starts an emulator with [`config`].
    pub async fn default() -> Self {
        Self::start(config()).await
    }

    /// `http://HOST:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    /// Any request; `headers` are extra `(name, value)` pairs.
    pub async fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Reply {
        let mut builder = Request::builder().method(method).uri(self.url(path));
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder
            .body(Full::new(Bytes::from(body.to_owned())))
            .expect("request builds");
        let response = tokio::time::timeout(Duration::from_secs(20), self.client.request(request))
            .await
            .expect("answer within 20 s")
            .expect("HTTP answer");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        Reply {
            status,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[], "").await
    }

    /// `POST path` with a JSON body.
    pub async fn post_json(&self, path: &str, body: &Value) -> Reply {
        self.request(
            "POST",
            path,
            &[("content-type", "application/json")],
            &body.to_string(),
        )
        .await
    }

    /// `POST path` with an urlencoded form body.
    pub async fn post_form(&self, path: &str, form: &str) -> Reply {
        self.request(
            "POST",
            path,
            &[("content-type", "application/x-www-form-urlencoded")],
            form,
        )
        .await
    }

    /// A fresh access token for `user` from `/placement/auth`.
    pub async fn token(&self, user: u64) -> String {
        self.auth(user).await["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned()
    }

    /// The whole `/placement/auth` answer for `user`.
    pub async fn auth(&self, user: u64) -> Value {
        let reply = self.get(&format!("/placement/auth?user={user}")).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json()
    }

    /// An OAuth call: JSON body with `auth` added.
    pub async fn call(&self, token: &str, method: &str, params: Value) -> Reply {
        let mut body = params;
        body["auth"] = Value::String(token.to_owned());
        self.post_json(&format!("/rest/{method}.json"), &body).await
    }

    /// A webhook call with the default user 1 / token "demo".
    pub async fn hook(&self, method: &str, params: Value) -> Reply {
        self.post_json(&format!("/rest/1/demo/{method}"), &params)
            .await
    }

    /// `/admin/statuses?user=…`.
    pub async fn statuses(&self, user: u64) -> Value {
        self.get(&format!("/admin/statuses?user={user}"))
            .await
            .json()
    }

    /// `/admin/requests`.
    pub async fn requests(&self) -> Vec<Value> {
        match self.get("/admin/requests").await.json() {
            Value::Array(items) => items,
            other => panic!("not a list: {other}"),
        }
    }

    /// `POST /admin/faults`.
    pub async fn set_faults(&self, config: Value) {
        let reply = self.post_json("/admin/faults", &config).await;
        assert_eq!(reply.status, 200, "{}", reply.text);
    }
}

/// Asserts the `time` object of an answer has every documented field.
pub fn assert_time(body: &Value) {
    let time = &body["time"];
    for field in [
        "start",
        "finish",
        "duration",
        "processing",
        "operating_reset_at",
        "operating",
    ] {
        assert!(time[field].is_number(), "time.{field} missing in {body}");
    }
    for field in ["date_start", "date_finish"] {
        assert!(time[field].is_string(), "time.{field} missing in {body}");
    }
}

/// Whether `node` can be run; tests that drive a JS client skip (and say so)
/// without it.
pub fn node_available() -> bool {
    let found = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok();
    if !found {
        eprintln!("skipped: node is not installed");
    }
    found
}
