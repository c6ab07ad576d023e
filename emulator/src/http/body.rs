//! Request parameters as the portal reads them: the query string, then the
//! body (JSON, multipart/form-data, or an urlencoded form in PHP bracket
//! notation) on top; and reading a body within the emulator's limits.

use axum::body::{Body, Bytes};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde_json::Value;

use crate::config::Limits;
use crate::php::{self, InputVars};
use crate::rest::{Params, RestError};

/// Why a body was not read.
#[derive(Debug)]
pub(super) enum BodyError {
    /// More bytes than `Limits::max_body_bytes`.
    TooLarge(usize),
    /// Not complete within `Limits::body_timeout`.
    TooSlow(std::time::Duration),
    /// The connection failed mid-body.
    Broken(String),
}

impl BodyError {
    /// The HTTP status that says what went wrong.
    pub(super) fn status(&self) -> StatusCode {
        match self {
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::TooSlow(_) => StatusCode::REQUEST_TIMEOUT,
            Self::Broken(_) => StatusCode::BAD_REQUEST,
        }
    }

    /// A sentence for `error_description`.
    pub(super) fn describe(&self) -> String {
        match self {
            Self::TooLarge(max) => format!("The request body is larger than {max} bytes"),
            Self::TooSlow(limit) => format!(
                "The request body did not arrive within {} s",
                limit.as_secs_f64()
            ),
            Self::Broken(why) => format!("The request body could not be read: {why}"),
        }
    }

    /// The same as a REST error answer.
    pub(super) fn to_rest(&self) -> RestError {
        RestError::invalid_request(self.describe()).with_status(self.status())
    }
}

/// Reads a whole body, at most `max_body_bytes`, all of it within
/// `body_timeout` (a trickling client is cut off, not waited for).
pub(super) async fn read(body: Body, limits: &Limits) -> Result<Bytes, BodyError> {
    let collect = axum::body::to_bytes(body, limits.max_body_bytes);
    match tokio::time::timeout(limits.body_timeout, collect).await {
        Err(_) => Err(BodyError::TooSlow(limits.body_timeout)),
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(error)) => {
            // axum wraps http-body-util's LengthLimitError; its text says so.
            let text = error.to_string();
            let source = std::error::Error::source(&error).map(ToString::to_string);
            if [Some(&text), source.as_ref()]
                .into_iter()
                .flatten()
                .any(|t| t.contains("length limit"))
            {
                Err(BodyError::TooLarge(limits.max_body_bytes))
            } else {
                Err(BodyError::Broken(text))
            }
        }
    }
}

/// The media type of a `Content-Type`, lower-case, without parameters.
fn media_type(parts: &Parts) -> Option<(String, &str)> {
    let value = parts.headers.get(CONTENT_TYPE)?.to_str().ok()?;
    let (media, params) = value.split_once(';').unwrap_or((value, ""));
    Some((media.trim().to_ascii_lowercase(), params))
}

/// Merges the query string and the body into one parameter map; body
/// values win, as POST wins over GET in PHP's `$_REQUEST`.
pub(super) fn params(parts: &Parts, body: &[u8]) -> Result<Params, RestError> {
    let mut params = parts.uri.query().map(php::parse_query).unwrap_or_default();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(params);
    }
    let content_type = media_type(parts);
    let from_body = match &content_type {
        Some((media, _)) if media.contains("json") => match serde_json::from_slice(body) {
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
        },
        Some((media, type_params)) if media == "multipart/form-data" => {
            let boundary = boundary(type_params).ok_or_else(|| {
                RestError::invalid_request(
                    "The multipart/form-data body has no boundary= in its Content-Type",
                )
            })?;
            multipart(body, &boundary)?
        }
        // urlencoded forms, and BX24.js's text/plain string, are parse_str'd.
        _ => php::parse_query(&String::from_utf8_lossy(body)),
    };
    params.extend(from_body);
    Ok(params)
}

/// The `boundary` parameter of a multipart Content-Type (RFC 2046: 1 to 70
/// characters; quotes allowed).
fn boundary(type_params: &str) -> Option<String> {
    type_params.split(';').find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        (1..=70).contains(&value.len()).then(|| value.to_owned())
    })
}

/// Where `needle` first occurs in `haystack` at or after `from`. The needle
/// is a boundary line (at most 76 bytes), so this is linear in practice.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut at = from;
    while at + needle.len() <= haystack.len() {
        let offset = haystack[at..].iter().position(|&b| b == first)?;
        at += offset;
        if haystack.get(at..at + needle.len()) == Some(needle) {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// The form fields of a multipart/form-data body, registered as PHP
/// registers `$_POST` (brackets, `max_input_vars`, nesting limit). File
/// parts go to PHP's `$_FILES`, not to the parameters, so they are skipped.
fn multipart(body: &[u8], boundary: &str) -> Result<Params, RestError> {
    let malformed = |what: &str| {
        RestError::invalid_request(format!("The multipart/form-data body is malformed: {what}"))
    };
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut at = find(body, delimiter, 0).ok_or_else(|| malformed("no boundary line"))?;
    let mut vars = InputVars::default();
    loop {
        at += delimiter.len();
        if body[at..].starts_with(b"--") {
            break;
        }
        // The rest of the boundary line (transport padding), then CRLF.
        let line_end = find(body, b"\r\n", at).ok_or_else(|| malformed("a part has no headers"))?;
        let head_start = line_end + 2;
        let head_end = find(body, b"\r\n\r\n", head_start)
            .ok_or_else(|| malformed("a part's headers do not end with an empty line"))?;
        let content_start = head_end + 4;
        let closing = [b"\r\n", delimiter].concat();
        let content_end = find(body, &closing, content_start)
            .ok_or_else(|| malformed("a part is not closed by the boundary"))?;
        let head = String::from_utf8_lossy(&body[head_start..head_end]);
        if let Some(name) = field_name(&head) {
            let value = String::from_utf8_lossy(&body[content_start..content_end]).into_owned();
            if !vars.register(&name, value) {
                break;
            }
        }
        at = content_end + 2;
    }
    Ok(vars.finish())
}

/// The `name` of a `Content-Disposition: form-data` part that is a field,
/// not a file (a file part has `filename`).
fn field_name(head: &str) -> Option<String> {
    let disposition = head.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-disposition")
            .then_some(value)
    })?;
    let mut name = None;
    for param in disposition.split(';').skip(1) {
        let Some((key, value)) = param.split_once('=') else {
            continue;
        };
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value)
            .replace("\\\"", "\"");
        match key.trim().to_ascii_lowercase().as_str() {
            "filename" | "filename*" => return None,
            "name" => name = Some(value),
            _ => {}
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parts(content_type: &str) -> Parts {
        let (parts, ()) = axum::http::Request::builder()
            .uri("/rest/x?q=1")
            .header(CONTENT_TYPE, content_type)
            .body(())
            .map(axum::http::Request::into_parts)
            .expect("request builds");
        parts
    }

    #[test]
    fn multipart_fields_are_registered_like_post_and_files_skipped() {
        let body = "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"eventId\"\r\n\r\n201\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"cmd[a]\"\r\n\r\nuser.current\r\n\
                    --XyZ\r\nContent-Disposition: form-data; name=\"up\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nfile\r\n\
                    --XyZ\r\ncontent-disposition: form-data; name=\"multi\"\r\n\r\nline 1\r\nline 2\r\n--XyZ--\r\n";
        let params = params(
            &parts("multipart/form-data; boundary=\"XyZ\""),
            body.as_bytes(),
        )
        .expect("parses");
        assert_eq!(
            Value::Object(params),
            json!({"q": "1", "eventId": "201", "cmd": {"a": "user.current"}, "multi": "line 1\r\nline 2"})
        );
    }

    #[test]
    fn malformed_multipart_says_what_is_wrong() {
        let no_boundary = params(&parts("multipart/form-data"), b"x");
        assert!(no_boundary
            .err()
            .is_some_and(|e| e.description.contains("no boundary=")));
        let unclosed = params(
            &parts("multipart/form-data; boundary=b"),
            b"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue",
        );
        assert!(unclosed
            .err()
            .is_some_and(|e| e.description.contains("not closed")));
    }
}
