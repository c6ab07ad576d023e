//! The REST methods the emulated portal answers, as plain functions over
//! the calendar: no HTTP here, so each rule is testable on its own.
//!
//! A method is one row of [`METHODS`]; `batch` (in [`batch`]) runs rows in
//! sequence.

pub(crate) mod batch;
pub(crate) mod error;
mod event;
mod meeting;
mod user;

use serde_json::{Map, Value};

use crate::calendar::Calendar;
pub(crate) use error::RestError;

/// Parameters of one call: JSON as sent, or the nested maps of strings that
/// PHP makes of a query string or form.
pub(crate) type Params = Map<String, Value>;

/// One method call: who calls, when, with what.
pub(crate) struct Invocation<'a> {
    /// The current user (the token's or the webhook's).
    pub user: u64,
    /// Now, unix seconds.
    pub now: i64,
    /// The call's parameters.
    pub params: &'a Params,
}

type Handler = fn(&mut Calendar, &Invocation<'_>) -> Result<Value, RestError>;

/// Every method the portal knows, by its REST name.
const METHODS: &[(&str, Handler)] = &[
    (meeting::SET, meeting::set),
    (meeting::GET, meeting::get),
    (event::NEAREST, event::nearest),
    (event::BY_ID, event::by_id),
    (user::CURRENT, user::current),
];

/// The name `batch` is registered under.
pub(crate) const BATCH: &str = "batch";

/// Whether the portal has `method` (`batch` included).
pub(crate) fn is_known(method: &str) -> bool {
    method == BATCH || METHODS.iter().any(|(name, _)| *name == method)
}

/// Answers one call of `method` (already normalized, see [`method_name`]).
pub(crate) fn call(
    calendar: &mut Calendar,
    method: &str,
    invocation: &Invocation<'_>,
) -> Result<Value, RestError> {
    let (_, handler) = METHODS
        .iter()
        .find(|(name, _)| *name == method)
        .ok_or_else(RestError::method_not_found)?;
    handler(calendar, invocation)
}

/// The method name as the portal matches it: case-insensitive, with an
/// optional `.json` suffix (the answer format, always JSON here).
pub(crate) fn method_name(raw: &str) -> String {
    let lower = raw.trim().to_ascii_lowercase();
    match lower.strip_suffix(".json") {
        Some(stripped) => stripped.to_owned(),
        None => lower,
    }
}
