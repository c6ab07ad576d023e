//! Error answers of the portal: HTTP status, `error` code and
//! `error_description`, each constructor one documented case.
//!
//! Method errors have an EMPTY `error` code and a Russian text, as a
//! Russian-language portal answers (`calendar-meeting-status-set.md`);
//! system errors use the codes and texts of `_includes/system-errors.md`.

use axum::http::StatusCode;
use serde_json::{json, Value};

/// One error answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {description} ({status})")]
pub struct RestError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `error` field; empty for method-level errors.
    pub code: &'static str,
    /// The `error_description` field.
    pub description: String,
}

impl RestError {
    fn new(status: StatusCode, code: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            code,
            description: description.into(),
        }
    }

    /// A required parameter is `empty()` (portal template
    /// `Не задан обязательный параметр "#PARAM_NAME#" для метода "#REST_METHOD#"`).
    pub fn missing_param(param: &str, method: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "",
            format!("Не задан обязательный параметр \"{param}\" для метода \"{method}\""),
        )
    }

    /// A parameter has a value the method does not accept
    /// (portal template `Недопустимое значение параметра "#PARAM_NAME#"`).
    pub fn invalid_value(param: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "",
            format!("Недопустимое значение параметра \"{param}\""),
        )
    }

    /// `calendar.meeting.status.get` for a missing event or a user not on it.
    pub fn status_lookup_failed() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "",
            "При выборке статуса произошла ошибка",
        )
    }

    /// "Access denied" of the calendar methods.
    pub fn access_denied() -> Self {
        Self::new(StatusCode::BAD_REQUEST, "", "Доступ запрещен")
    }

    /// 404 `ERROR_METHOD_NOT_FOUND`.
    pub fn method_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "ERROR_METHOD_NOT_FOUND",
            "Method not found!",
        )
    }

    /// 401 `NO_AUTH_FOUND`: no token, an unknown token, or a wrong webhook.
    pub fn no_auth() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "NO_AUTH_FOUND",
            "Wrong authorization data",
        )
    }

    /// 401 `expired_token`.
    pub fn expired_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "expired_token",
            "The access token provided has expired.",
        )
    }

    /// 503 `QUERY_LIMIT_EXCEEDED`: the leaky bucket is full.
    pub fn query_limit_exceeded() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "QUERY_LIMIT_EXCEEDED",
            "Too many requests",
        )
    }

    /// 503 `OVERLOAD_LIMIT`.
    pub fn overload_limit() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "OVERLOAD_LIMIT",
            "REST API is blocked due to overload",
        )
    }

    /// 500 `INTERNAL_SERVER_ERROR`.
    pub fn internal_server_error() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL_SERVER_ERROR",
            "Internal server error",
        )
    }

    /// 429 `OPERATION_TIME_LIMIT`.
    pub fn operation_time_limit() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "OPERATION_TIME_LIMIT",
            "Method is blocked due to operation time limit",
        )
    }

    /// 400 `ERROR_BATCH_LENGTH_EXCEEDED`: more than 50 commands.
    pub fn batch_length_exceeded() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "ERROR_BATCH_LENGTH_EXCEEDED",
            "Max batch length exceeded",
        )
    }

    /// 405 `ERROR_BATCH_METHOD_NOT_ALLOWED`: `batch` inside `batch`.
    pub fn batch_method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "ERROR_BATCH_METHOD_NOT_ALLOWED",
            "Method is not allowed for batch usage",
        )
    }

    /// A JSON body that does not parse. Not documented; the code is the one
    /// the system-error table uses for malformed requests.
    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "INVALID_REQUEST", description)
    }

    /// The same error with another HTTP status (a body too large, too slow).
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// `{"error": …, "error_description": …}`.
    pub fn body(&self) -> Value {
        json!({"error": self.code, "error_description": self.description})
    }
}
