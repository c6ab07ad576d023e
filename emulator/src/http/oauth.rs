//! OAuth: the refresh grant at `/oauth/token/`, and `/placement/auth`, the
//! development stand-in for the tokens a portal frame hands to its app.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::body;
use crate::auth::Grant;
use crate::php;
use crate::state::{lock, Portal, MEMBER_ID};

/// The scopes every token is issued with.
const SCOPE: &str = "calendar,user";

/// `HOST:PORT` as the client reached us; the listening address otherwise.
fn domain(portal: &Portal, request: &Request) -> String {
    request
        .headers()
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .map_or_else(|| portal.local_addr.to_string(), str::to_owned)
}

fn oauth_error(status: StatusCode, code: &str, description: &str) -> Response {
    (
        status,
        Json(json!({"error": code, "error_description": description})),
    )
        .into_response()
}

/// `GET|POST /oauth/token/?grant_type=refresh_token&refresh_token=…`
/// (`client_id` / `client_secret` are accepted unchecked).
pub(super) async fn token(State(portal): State<Arc<Portal>>, request: Request) -> Response {
    let domain = domain(&portal, &request);
    let (parts, body) = request.into_parts();
    let bytes = match body::read(body, &portal.limits).await {
        Ok(bytes) => bytes,
        Err(error) => return oauth_error(error.status(), "invalid_request", &error.describe()),
    };
    let params = match body::params(&parts, &bytes) {
        Ok(params) => params,
        Err(error) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                &error.description,
            )
        }
    };
    if params.get("grant_type").and_then(Value::as_str) != Some("refresh_token") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Only grant_type=refresh_token is supported",
        );
    }
    let refresh_token = params
        .get("refresh_token")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Some(grant) = lock(&portal.tokens).refresh(refresh_token) else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "Invalid grant");
    };
    let rest = format!("{}://{domain}/rest/", portal.scheme);
    Json(json!({
        "access_token": grant.access_token,
        "refresh_token": grant.refresh_token,
        "expires_in": grant.expires_in,
        "expires": grant.expires_at.floor() as i64,
        "scope": SCOPE,
        "domain": domain,
        "server_endpoint": rest,
        "client_endpoint": rest,
        "member_id": MEMBER_ID,
        "user_id": grant.user,
        "status": "L",
    }))
    .into_response()
}

/// `GET /placement/auth?user=ID` (default 1): a fresh token pair for that
/// user, which the emulated BX24.js uses as the frame's auth data.
pub(super) async fn placement_auth(
    State(portal): State<Arc<Portal>>,
    request: Request,
) -> Response {
    let domain = domain(&portal, &request);
    let query = request
        .uri()
        .query()
        .map(php::parse_query)
        .unwrap_or_default();
    let user = query.get("user").and_then(php::intval).unwrap_or(1);
    let known = u64::try_from(user)
        .ok()
        .and_then(|id| lock(&portal.calendar).user(id).map(|u| (u.id, u.is_admin)));
    let Some((user, is_admin)) = known else {
        return oauth_error(
            StatusCode::NOT_FOUND,
            "USER_NOT_FOUND",
            "No such user in the fixture",
        );
    };
    let Grant {
        access_token,
        refresh_token,
        expires_in,
        expires_at,
        ..
    } = lock(&portal.tokens).issue(user);
    Json(json!({
        "access_token": access_token,
        "refresh_token": refresh_token,
        "expires_in": expires_in,
        "expires": expires_at.floor() as i64,
        "domain": domain,
        "member_id": MEMBER_ID,
        "user_id": user,
        "is_admin": is_admin,
        "lang": "en",
    }))
    .into_response()
}
