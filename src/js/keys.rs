//! JavaScript strings that every call sends (method names, status codes),
//! made once.
//!
//! Passing a Rust `&str` to JavaScript copies and decodes it each time; for
//! the property names and method names used on every call that was a
//! measurable share of the per-call cost.

use wasm_bindgen::JsValue;

use crate::method::{MEETING_STATUS_GET, MEETING_STATUS_SET};

/// The cached strings.
pub struct Keys {
    /// `"calendar.meeting.status.set"`.
    pub set: JsValue,
    /// `"calendar.meeting.status.get"`.
    pub get: JsValue,
    /// `"Y"`, `"N"`, `"Q"`.
    pub statuses: [JsValue; 3],
}

thread_local! {
    static KEYS: Keys = Keys {
        set: MEETING_STATUS_SET.into(),
        get: MEETING_STATUS_GET.into(),
        statuses: ["Y".into(), "N".into(), "Q".into()],
    };
}

/// Runs `f` with the cached strings.
pub fn with<R>(f: impl FnOnce(&Keys) -> R) -> R {
    KEYS.with(f)
}

/// `method` as a JavaScript string, cached for the methods called most.
pub fn method(method: &str) -> JsValue {
    with(|k| match method {
        MEETING_STATUS_SET => k.set.clone(),
        MEETING_STATUS_GET => k.get.clone(),
        other => other.into(),
    })
}

/// A status code (`Y`, `N`, `Q`) as a JavaScript string.
pub fn status(code: &str) -> JsValue {
    with(|k| match code {
        "Y" => k.statuses[0].clone(),
        "N" => k.statuses[1].clone(),
        "Q" => k.statuses[2].clone(),
        other => other.into(),
    })
}
