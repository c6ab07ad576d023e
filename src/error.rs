//! The one error type every failure is reported with.
//!
//! A portal answers errors as `{"error": "<code>", "error_description": "<text>"}`
//! and the code is often the empty string (every parameter error of the
//! calendar methods). [`Bx24Error`] keeps both, plus where the failure happened,
//! so one handler serves what this crate rejects before sending and what the
//! portal rejects after.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

use crate::text::{cat, clip, uint};

/// Where a failure comes from; decides what a caller can do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A parameter was rejected before anything was sent.
    Validation,
    /// The portal answered with an error, or with something unexpected.
    Api,
    /// No answer came within the time allowed.
    Timeout,
    /// The transport failed before an answer could arrive.
    Transport,
    /// No way to reach the portal: `BX24` is not on the page.
    Unavailable,
    /// The caller aborted (an `AbortSignal`) before this was sent.
    Aborted,
}

impl ErrorKind {
    /// The name JavaScript sees in `error.kind`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Validation => "validation",
            ErrorKind::Api => "api",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Transport => "transport",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::Aborted => "aborted",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Codes this crate gives to failures the portal did not name itself.
pub mod codes {
    /// No callback within the timeout.
    pub const TIMEOUT: &str = "TIMEOUT";
    /// `BX24` (or its `callMethod`) is missing from the page.
    pub const BX24_NOT_FOUND: &str = "BX24_NOT_FOUND";
    /// The transport threw before an answer could arrive.
    pub const TRANSPORT_ERROR: &str = "TRANSPORT_ERROR";
    /// The caller's `AbortSignal` fired before the item was sent.
    pub const ABORTED: &str = "ABORTED";
    /// A later item of the same bulk call set the same event: only the last
    /// one is sent.
    pub const SUPERSEDED: &str = "SUPERSEDED";
    /// The portal answered, but not with what the method documents. The
    /// portal uses the same code for a malformed answer of its own.
    pub const ERROR_UNEXPECTED_ANSWER: &str = "ERROR_UNEXPECTED_ANSWER";
    /// The portal's request-rate limit; also what the client-side bucket
    /// reports when its wait would not fit in a call's limit.
    pub const QUERY_LIMIT_EXCEEDED: &str = "QUERY_LIMIT_EXCEEDED";
    /// Too many calls are waiting at once in this module.
    pub const TOO_MANY_CALLS: &str = "TOO_MANY_CALLS";
}

/// A failed call: what kind of failure, the portal's code and its own
/// description, the HTTP status when there was one, and the method.
///
/// `Display` gives `"<method>: <code>: <description>"` (the code left out
/// when empty), which is what JavaScript sees as `error.message`.
///
/// The fields live in one allocation ([`ErrorData`], read and changed
/// through `Deref`): the error then moves as one word, which keeps the
/// many `Result<_, Bx24Error>` of the engine small (measured: the
/// placement build 1,079 B gzip smaller than with the fields inline).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct Bx24Error(Box<ErrorData>);

impl core::ops::Deref for Bx24Error {
    type Target = ErrorData;
    fn deref(&self) -> &ErrorData {
        &self.0
    }
}

impl core::ops::DerefMut for Bx24Error {
    fn deref_mut(&mut self) -> &mut ErrorData {
        &mut self.0
    }
}

/// The fields of a [`Bx24Error`], kept behind one pointer so that the
/// error moves as a word.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorData {
    /// Where the failure comes from.
    pub kind: ErrorKind,
    /// The portal's `error` code; empty for parameter errors, as the portal
    /// sends them.
    pub code: String,
    /// The portal's `error_description`, or this crate's text in the same
    /// style. Meant for developers, not for end users.
    pub description: String,
    /// The HTTP status of the answer, when there was an answer.
    pub status: Option<u16>,
    /// The REST method that was called.
    pub method: &'static str,
    /// The parameter at fault, for validation errors.
    pub param: Option<&'static str>,
    /// How many requests were sent before giving up (0 when validation
    /// stopped the call).
    pub attempts: u32,
    /// `time.operating_reset_at` of the answer (unix seconds), when the
    /// portal said when a blocked method unblocks.
    pub operating_reset_at: Option<f64>,
}

impl fmt::Display for Bx24Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// A portal's error answer, as any transport reads it:
/// `{"error": "<code>", "error_description": "<text>", "time": {"operating_reset_at": …}}`
/// plus the HTTP status when the transport knows it. Every transport maps
/// it through [`Bx24Error::from_answer`], so they all report alike.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorAnswer {
    /// The HTTP status, when known.
    pub status: Option<u16>,
    /// `error`; empty for the calendar methods' parameter errors.
    pub code: String,
    /// `error_description`, when the answer had one.
    pub description: Option<String>,
    /// `time.operating_reset_at` (unix seconds), when present.
    pub operating_reset_at: Option<f64>,
}

/// The longest portal description kept, in characters: a broken proxy can
/// answer megabytes.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;

impl Bx24Error {
    /// A request was sent (`attempts` 1) unless validation, a missing
    /// `BX24` or an abort stopped the call first (0).
    fn new(
        kind: ErrorKind,
        method: &'static str,
        code: &str,
        description: String,
        param: Option<&'static str>,
    ) -> Self {
        Bx24Error(crate::boxed::boxed(ErrorData {
            kind,
            code: code.to_owned(),
            description,
            status: None,
            method,
            param,
            attempts: u32::from(matches!(
                kind,
                ErrorKind::Api | ErrorKind::Timeout | ErrorKind::Transport
            )),
            operating_reset_at: None,
        }))
    }

    /// A required parameter is missing (PHP `empty()`), with the portal's text.
    pub fn missing_param(method: &'static str, param: &'static str) -> Self {
        let description = cat(&[
            "Не задан обязательный параметр \"",
            param,
            "\" для метода \"",
            method,
            "\"",
        ]);
        Bx24Error::new(ErrorKind::Validation, method, "", description, Some(param))
    }

    /// A parameter has a value the portal would refuse, with the portal's text.
    pub fn invalid_param(method: &'static str, param: &'static str) -> Self {
        let description = cat(&["Недопустимое значение параметра \"", param, "\""]);
        Bx24Error::new(ErrorKind::Validation, method, "", description, Some(param))
    }

    /// A call option (not a portal parameter) is unusable; `expected` says
    /// what would be accepted.
    pub fn invalid_option(method: &'static str, option: &'static str, expected: &str) -> Self {
        let description = cat(&["Invalid option \"", option, "\": expected ", expected]);
        Bx24Error::new(ErrorKind::Validation, method, "", description, Some(option))
    }

    /// The portal answered with an error.
    pub fn api(method: &'static str, status: Option<u16>, code: &str, description: String) -> Self {
        let mut error = Bx24Error::new(ErrorKind::Api, method, code, description, None);
        error.status = status;
        error
    }

    /// The portal answered success, but with a result the method does not
    /// document; `got` describes what came.
    pub fn unexpected_answer(method: &'static str, expected: &str, got: &str) -> Self {
        let description = cat(&["Unexpected answer: expected ", expected, ", got ", got]);
        Bx24Error::new(
            ErrorKind::Api,
            method,
            codes::ERROR_UNEXPECTED_ANSWER,
            description,
            None,
        )
    }

    /// Nothing arrived in time; `waiting_for` names what never came.
    pub fn timeout(method: &'static str, timeout_ms: u32, waiting_for: &str) -> Self {
        let description = cat(&[
            "No answer within ",
            &uint(u64::from(timeout_ms)),
            " ms (",
            waiting_for,
            "). BX24.js never calls back on a 5xx or a network error; \
             the call may or may not have reached the portal",
        ]);
        Bx24Error::new(
            ErrorKind::Timeout,
            method,
            codes::TIMEOUT,
            description,
            None,
        )
    }

    /// `BX24` is not on the page.
    pub fn bx24_not_found(method: &'static str) -> Self {
        let description = "BX24 is not available: load BX24.js with \
            <script src=\"//api.bitrix24.com/api/v1/\"></script> before calling, \
            and open the page as a Bitrix24 application"
            .to_owned();
        Bx24Error::new(
            ErrorKind::Unavailable,
            method,
            codes::BX24_NOT_FOUND,
            description,
            None,
        )
    }

    /// The caller aborted before this was sent.
    pub fn aborted(method: &'static str) -> Self {
        Bx24Error::new(
            ErrorKind::Aborted,
            method,
            codes::ABORTED,
            "Aborted before it was sent: nothing was changed".to_owned(),
            None,
        )
    }

    /// A later item for the same event replaced this one in a bulk call.
    pub fn superseded(method: &'static str, by_index: usize) -> Self {
        let description = cat(&[
            "Not sent: item ",
            &uint(by_index as u64),
            " sets the same eventId later in the list, and the last one wins",
        ]);
        Bx24Error::new(
            ErrorKind::Validation,
            method,
            codes::SUPERSEDED,
            description,
            Some("eventId"),
        )
    }

    /// The transport threw; `message` is what it threw.
    pub fn transport(method: &'static str, message: &str) -> Self {
        let description = cat(&["The transport failed: ", message]);
        Bx24Error::new(
            ErrorKind::Transport,
            method,
            codes::TRANSPORT_ERROR,
            description,
            None,
        )
    }

    /// The portal's error answer, keeping its code and its own description.
    /// An answer without a description gets one that says so, with the code.
    pub fn from_answer(method: &'static str, answer: ErrorAnswer) -> Self {
        let code = clip(&answer.code, 200);
        let description = match answer.description {
            Some(text) => clip(&text, MAX_DESCRIPTION_CHARS),
            None => cat(&[
                "The portal answered the error \"",
                &code,
                "\" without a description",
            ]),
        };
        let mut error = Bx24Error::api(method, answer.status, &code, description);
        error.operating_reset_at = answer.operating_reset_at;
        error
    }

    /// A wait the call would need (for the rate limit, or until a blocked
    /// method unblocks) ends after the call's own limit, so the call gives
    /// up now instead of hanging. Keeps `code` (the portal's, or
    /// `QUERY_LIMIT_EXCEEDED` for the client-side bucket).
    pub fn wait_too_long(
        method: &'static str,
        code: &str,
        wait_ms: f64,
        left_ms: f64,
        attempts: u32,
    ) -> Self {
        let ms = |v: f64| uint(crate::num::ceil(v.clamp(0.0, 9.0e15)) as u64);
        let description = cat(&[
            "Would have to wait ",
            &ms(wait_ms),
            " ms before sending again (",
            if code == codes::QUERY_LIMIT_EXCEEDED {
                "the request-rate limit"
            } else {
                "until the portal unblocks the method"
            },
            "), but only ",
            &ms(left_ms),
            " ms are left of this call's limit, timeoutMs × (retries + 2) + backoff.capMs × retries. \
             Try again later, or raise timeoutMs",
        ]);
        let mut error = Bx24Error::new(ErrorKind::Api, method, code, description, None);
        error.attempts = attempts;
        error
    }

    /// A value the caller passed could not be read: reading it threw (a
    /// Proxy, a getter), or it is larger than accepted.
    pub fn unreadable(method: &'static str, param: &'static str, why: &str) -> Self {
        let description = cat(&["Could not read \"", param, "\": ", why]);
        Bx24Error::new(ErrorKind::Validation, method, "", description, Some(param))
    }

    /// `"<method>: <code>: <description>"`, the code left out when empty:
    /// what JavaScript sees as `error.message`.
    pub fn message(&self) -> String {
        let after_code = if self.code.is_empty() { "" } else { ": " };
        cat(&[self.method, ": ", &self.code, after_code, &self.description])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_param_has_the_portal_text_and_an_empty_code() {
        let e = Bx24Error::missing_param("calendar.meeting.status.set", "status");
        assert_eq!(
            e.description,
            "Не задан обязательный параметр \"status\" для метода \"calendar.meeting.status.set\""
        );
        assert_eq!(e.code, "");
        assert_eq!(e.kind, ErrorKind::Validation);
        assert_eq!(e.param, Some("status"));
        assert_eq!(e.attempts, 0);
    }

    #[test]
    fn display_leaves_out_an_empty_code() {
        let e = Bx24Error::invalid_param("calendar.meeting.status.set", "status");
        assert_eq!(
            e.to_string(),
            "calendar.meeting.status.set: Недопустимое значение параметра \"status\""
        );
        let e = Bx24Error::api(
            "m",
            Some(503),
            "QUERY_LIMIT_EXCEEDED",
            "Too many requests".into(),
        );
        assert_eq!(e.to_string(), "m: QUERY_LIMIT_EXCEEDED: Too many requests");
    }
}
