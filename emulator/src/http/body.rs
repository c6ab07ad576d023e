//! Request parameters as the portal reads them: the query string, then the
//! body (JSON, or an urlencoded form in PHP bracket notation) on top.

use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use serde_json::Value;

use crate::php;
use crate::rest::{Params, RestError};

/// The largest body read; far above anything a batch of 50 needs.
pub(super) const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Merges the query string and the body into one parameter map; body
/// values win, as POST wins over GET in PHP's `$_REQUEST`.
pub(super) fn params(parts: &Parts, body: &[u8]) -> Result<Params, RestError> {
    let mut params = parts.uri.query().map(php::parse_query).unwrap_or_default();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(params);
    }
    let is_json = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.to_ascii_lowercase().contains("json"));
    let from_body = if is_json {
        match serde_json::from_slice(body) {
            Ok(Value::Object(fields)) => fields,
            Ok(_) => {
                return Err(RestError::invalid_request(
                    "The JSON body must be an object",
                ))
            }
            Err(error) => {
                return Err(RestError::invalid_request(format!(
                    "The body is not valid JSON: {error}"
                )))
            }
        }
    } else {
        php::parse_query(&String::from_utf8_lossy(body))
    };
    params.extend(from_body);
    Ok(params)
}
