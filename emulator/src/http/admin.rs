//! `/admin/*` (only with `--admin`): the truth tests check against, and
//! switches for faults, tokens and a fresh start.

use std::sync::Arc;

use axum::extract::{Query, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::faults::FaultConfig;
use crate::state::{lock, Portal};

/// `?user=ID`, default 1.
#[derive(Debug, Deserialize)]
pub(super) struct UserQuery {
    user: Option<u64>,
}

/// `GET /admin/statuses?user=ID` → `{"<eventId>": "Y|N|Q|H", …}`.
pub(super) async fn statuses(
    State(portal): State<Arc<Portal>>,
    Query(query): Query<UserQuery>,
) -> Json<Value> {
    let user = query.user.unwrap_or(1);
    let statuses: Map<String, Value> = lock(&portal.calendar)
        .statuses_of(user)
        .into_iter()
        .map(|(event, status)| (event.to_string(), Value::String(status.as_str().to_owned())))
        .collect();
    Json(Value::Object(statuses))
}

/// `GET /admin/requests` → every `/rest/*` request so far.
pub(super) async fn requests(State(portal): State<Arc<Portal>>) -> Response {
    Json(portal.requests()).into_response()
}

/// `DELETE /admin/requests`.
pub(super) async fn clear_requests(State(portal): State<Arc<Portal>>) -> Json<Value> {
    portal.clear_requests();
    Json(json!({"ok": true}))
}

/// `GET /admin/faults` → the config, with the schedule entries not used yet.
pub(super) async fn faults(State(portal): State<Arc<Portal>>) -> Json<FaultConfig> {
    Json(portal.faults())
}

/// Every admin change (POST, DELETE) must say `Content-Type: application/json`:
/// a page on another origin cannot send that without a CORS preflight, and
/// admin routes answer no preflight, so no web page can flip faults or
/// expire tokens behind a developer's back.
pub(super) async fn json_only(request: Request, next: Next) -> Response {
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"));
    if changes && !is_json {
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Json(json!({"error": format!(
                "{} {} needs Content-Type: application/json (admin changes refuse other types, so that no web page can send them)",
                request.method(),
                request.uri().path()
            )})),
        )
            .into_response();
    }
    next.run(request).await
}

/// `POST /admin/faults` with a fault config; `{}` (or no body) turns faults off.
pub(super) async fn set_faults(State(portal): State<Arc<Portal>>, request: Request) -> Response {
    let body = match super::body::read(request.into_body(), &portal.limits).await {
        Ok(body) => body,
        Err(error) => {
            return (error.status(), Json(json!({"error": error.describe()}))).into_response()
        }
    };
    let text = String::from_utf8_lossy(&body);
    let text = if text.trim().is_empty() {
        "{}"
    } else {
        text.trim()
    };
    match FaultConfig::from_json(text) {
        Ok(config) => {
            portal.set_faults(config);
            Json(portal.faults()).into_response()
        }
        Err(error) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": error.to_string()})),
        )
            .into_response(),
    }
}

/// `POST /admin/reset`: fixture state, empty log, no faults, empty bucket.
pub(super) async fn reset(State(portal): State<Arc<Portal>>) -> Json<Value> {
    portal.reset();
    Json(json!({"ok": true}))
}

/// `POST /admin/expire-tokens`: every access token issued so far expires now.
pub(super) async fn expire_tokens(State(portal): State<Arc<Portal>>) -> Json<Value> {
    lock(&portal.tokens).expire_all();
    Json(json!({"ok": true}))
}
