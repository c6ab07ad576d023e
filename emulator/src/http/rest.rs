//! `/rest/*`: one request's path through the portal.
//!
//! In order: number it and decide its fault; answer the fault (or drop the
//! connection); check the leaky bucket; read parameters; authenticate; run
//! the method; log; hold the answer if the fault is `delay`.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Path, Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::body;
use super::server::DropConnection;
use crate::auth::TokenProblem;
use crate::clock;
use crate::faults::FaultKind;
use crate::request_log::{RequestRecord, Transport};
use crate::rest::{self, batch, Invocation, Params, RestError};
use crate::state::{lock, Portal};
use crate::timing::{Operating, Stopwatch};

/// What `operation_time` puts in `operating_reset_at`: a few seconds ahead.
const OPERATION_TIME_BLOCK_SECONDS: i64 = 5;

/// The operating-time account of every method the portal does not have.
const UNKNOWN_METHOD_ACCOUNT: &str = "";

/// Who the request says it is, from its path.
enum Route {
    Oauth,
    Webhook { user: String, token: String },
}

/// `/rest/<method>` (OAuth, `auth=` parameter).
pub(super) async fn oauth_call(
    State(portal): State<Arc<Portal>>,
    Path(method): Path<String>,
    request: Request,
) -> Response {
    handle(portal, Route::Oauth, &method, request).await
}

/// `/rest/<user>/<token>/<method>` (webhook).
pub(super) async fn webhook_call(
    State(portal): State<Arc<Portal>>,
    Path((user, token, method)): Path<(String, String, String)>,
    request: Request,
) -> Response {
    handle(portal, Route::Webhook { user, token }, &method, request).await
}

async fn handle(portal: Arc<Portal>, route: Route, raw_method: &str, request: Request) -> Response {
    let watch = Stopwatch::start();
    let method = rest::method_name(raw_method);
    let (parts, body) = request.into_parts();
    let arrival = portal.arrive();
    let mut record = RequestRecord {
        seq: arrival.seq,
        http_method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        rest_method: method.clone(),
        transport: match route {
            Route::Oauth => Transport::Oauth,
            Route::Webhook { .. } => Transport::Webhook,
        },
        status: None,
        fault: arrival.fault,
        batch_commands: None,
    };
    // Every answer carries the full `time` object; rejected requests add no work.
    // Unknown methods share one account: a client inventing names (up to
    // 64 KiB each) must not grow the operating-time table.
    let account = if rest::is_known(&method) {
        method.as_str()
    } else {
        UNKNOWN_METHOD_ACCOUNT
    };
    let time = |spent: f64| watch.time_with(lock(&portal.operating).record(account, spent));
    let response = match arrival.fault {
        Some(FaultKind::Drop) => {
            portal.record(record);
            let mut response = StatusCode::OK.into_response();
            response.extensions_mut().insert(DropConnection);
            return response;
        }
        Some(FaultKind::MalformedJson) => malformed_json(),
        Some(FaultKind::QueryLimit) => error_answer(RestError::query_limit_exceeded(), time(0.0)),
        Some(FaultKind::Overload) => error_answer(RestError::overload_limit(), time(0.0)),
        Some(FaultKind::Internal) => error_answer(RestError::internal_server_error(), time(0.0)),
        Some(FaultKind::OperationTime) => error_answer(
            RestError::operation_time_limit(),
            watch.time_with(Operating::blocked_for(OPERATION_TIME_BLOCK_SECONDS)),
        ),
        // Faults come first; a request the bucket rejects adds nothing to it.
        Some(FaultKind::Delay) | None if !lock(&portal.limiter).try_acquire(Instant::now()) => {
            error_answer(RestError::query_limit_exceeded(), time(0.0))
        }
        Some(FaultKind::Delay) | None => {
            let (answer, batch_commands) = process(&portal, &route, &method, parts, body).await;
            record.batch_commands = batch_commands;
            // An outer batch is not accounted in `operating` (performance limits docs).
            let spent = if method == rest::BATCH {
                0.0
            } else {
                watch.elapsed()
            };
            match answer {
                Ok(result) => {
                    let body = json!({"result": result, "time": time(spent)});
                    (StatusCode::OK, Json(body)).into_response()
                }
                Err(error) => error_answer(error, time(spent)),
            }
        }
    };
    record.status = Some(response.status().as_u16());
    portal.record(record);
    if arrival.fault == Some(FaultKind::Delay) {
        tokio::time::sleep(arrival.delay).await;
    }
    response
}

/// Reads the body and parameters, authenticates and runs the method; also
/// returns the number of batch commands for the log.
async fn process(
    portal: &Portal,
    route: &Route,
    method: &str,
    parts: Parts,
    body: axum::body::Body,
) -> (Result<Value, RestError>, Option<usize>) {
    let bytes = match body::read(body, &portal.limits).await {
        Ok(bytes) => bytes,
        Err(error) => return (Err(error.to_rest()), None),
    };
    let params = match body::params(&parts, &bytes) {
        Ok(params) => params,
        Err(error) => return (Err(error), None),
    };
    let batch_commands = (method == rest::BATCH).then(|| batch::commands(&params).len());
    let bearer = bearer_token(&parts);
    let answer = authenticate(portal, route, &params, bearer).and_then(|user| {
        let now = clock::now_unix();
        let mut calendar = lock(&portal.calendar);
        if method == rest::BATCH {
            batch::run(&mut calendar, user, now, &params)
        } else {
            let invocation = Invocation {
                user,
                now,
                params: &params,
            };
            rest::call(&mut calendar, method, &invocation)
        }
    });
    (answer, batch_commands)
}

/// The token of an `Authorization: Bearer <token>` header, which a portal
/// accepts in place of `auth=` (the scheme name is case-insensitive, RFC 6750).
fn bearer_token(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

/// The current user: the webhook's, or the access token's (`auth=` first,
/// then an `Authorization: Bearer` header).
fn authenticate(
    portal: &Portal,
    route: &Route,
    params: &Params,
    bearer: Option<String>,
) -> Result<u64, RestError> {
    match route {
        Route::Webhook { user, token } => {
            if portal.is_webhook(user, token) {
                Ok(portal.webhook_user)
            } else {
                Err(RestError::no_auth())
            }
        }
        Route::Oauth => {
            let token = params
                .get("auth")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or(bearer)
                .ok_or_else(RestError::no_auth)?;
            lock(&portal.tokens)
                .check(&token)
                .map_err(|problem| match problem {
                    TokenProblem::Unknown => RestError::no_auth(),
                    TokenProblem::Expired => RestError::expired_token(),
                })
        }
    }
}

/// `{"error", "error_description", "time"}` with the error's status.
fn error_answer(error: RestError, time: Value) -> Response {
    let mut body = error.body();
    if let Value::Object(fields) = &mut body {
        fields.insert("time".into(), time);
    }
    (error.status, Json(body)).into_response()
}

/// A 200 whose JSON stops mid-value, like an answer cut off by a proxy.
fn malformed_json() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        r#"{"result":tr"#,
    )
        .into_response()
}
