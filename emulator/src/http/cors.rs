//! CORS as a portal sends it, and none where a wildcard would hand out secrets.
//!
//! A portal's REST answers carry exactly the headers of the rest module's
//! `CRestUtil::sendHeaders()`: `Access-Control-Allow-Origin: *`,
//! `Access-Control-Allow-Headers: origin, content-type, accept` and
//! `X-Content-Type-Options: nosniff`, and no `Access-Control-Allow-Methods`
//! (GET and POST need none). So a browser app that adds any other header
//! (`Authorization`, `X-Requested-With`, …) fails its preflight here as it
//! does on a portal.

use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The request headers a portal allows (`CRestUtil::sendHeaders()`).
pub(crate) const PORTAL_ALLOW_HEADERS: &str = "origin, content-type, accept";

fn is_preflight(request: &Request) -> bool {
    request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// `/rest/*` and `/oauth/token`: the portal's headers on every answer, and
/// preflights answered with them.
pub(super) async fn portal(request: Request, next: Next) -> Response {
    let mut response = if is_preflight(&request) {
        StatusCode::OK.into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(PORTAL_ALLOW_HEADERS),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Whether `origin` is a page served from this machine:
/// `http(s)://localhost`, `127.x.x.x` or `[::1]`, any port.
pub(crate) fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    let host = if let Some(v6) = rest.strip_prefix('[') {
        match v6.split_once(']') {
            Some((addr, port)) if port.is_empty() || port.starts_with(':') => addr,
            _ => return false,
        }
    } else {
        match rest.split_once(':') {
            Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
                host
            }
            Some(_) => return false,
            None => rest,
        }
    };
    let v4_loopback = host
        .parse::<std::net::Ipv4Addr>()
        .is_ok_and(|ip| ip.is_loopback());
    host.eq_ignore_ascii_case("localhost") || v4_loopback || host == "::1"
}

/// `/placement/auth`: CORS only for loopback origins (echoed, never `*`);
/// a page from anywhere else cannot read the tokens.
pub(super) async fn loopback_only(request: Request, next: Next) -> Response {
    let allowed = request
        .headers()
        .get(header::ORIGIN)
        .filter(|origin| origin.to_str().is_ok_and(is_loopback_origin))
        .cloned();
    let mut response = if is_preflight(&request) {
        if allowed.is_some() {
            StatusCode::NO_CONTENT.into_response()
        } else {
            (
                StatusCode::FORBIDDEN,
                "/placement/auth is only shared with pages on loopback origins",
            )
                .into_response()
        }
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("origin"));
    if let Some(origin) = allowed {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(PORTAL_ALLOW_HEADERS),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_origins_count() {
        for origin in [
            "http://127.0.0.1:8080",
            "http://localhost",
            "https://LOCALHOST:1",
            "http://[::1]:9",
            "http://127.1.2.3",
        ] {
            assert!(is_loopback_origin(origin), "{origin}");
        }
        for origin in [
            "null",
            "http://evil.example",
            "http://127.0.0.1.evil.example",
            "http://localhost.evil.example:80",
            "http://localhost:80@evil.example",
            "file://",
            "http://[::2]:1",
            "http://10.0.0.1",
        ] {
            assert!(!is_loopback_origin(origin), "{origin}");
        }
    }
}
