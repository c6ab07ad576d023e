//! `calendar.meeting.status.set` and `calendar.meeting.status.get`.
//!
//! Checks in the portal's order: `eventId` with `empty()`, then `status`
//! with `empty()`, then `status` upper-cased against Y/N/Q.

use serde_json::Value;

use super::{Invocation, Params, RestError};
use crate::calendar::{Calendar, MeetingStatus};
use crate::php;

pub(super) const SET: &str = "calendar.meeting.status.set";
pub(super) const GET: &str = "calendar.meeting.status.get";

/// `eventId` as the portal reads it: required by `empty()`, then `(int)`.
fn event_id(params: &Params, method: &str) -> Result<Option<i64>, RestError> {
    let value = params.get("eventId");
    if php::is_empty(value) {
        return Err(RestError::missing_param("eventId", method));
    }
    Ok(value.and_then(php::intval).filter(|id| *id != 0))
}

/// Sets the current user's answer; `true` also when nothing changes.
pub(super) fn set(calendar: &mut Calendar, call: &Invocation<'_>) -> Result<Value, RestError> {
    let event_id = event_id(call.params, SET)?;
    let status = call.params.get("status");
    if php::is_empty(status) {
        return Err(RestError::missing_param("status", SET));
    }
    // The portal upper-cases before checking, so "y" is accepted.
    let status = match status {
        Some(Value::String(code)) => {
            MeetingStatus::parse(&code.to_ascii_uppercase()).filter(|s| s.is_reply())
        }
        _ => None,
    }
    .ok_or_else(|| RestError::invalid_value("status"))?;
    // Not documented: a non-numeric eventId becomes 0 under PHP's (int); we
    // answer it as an invalid value rather than a silent `true`.
    let event_id = event_id.ok_or_else(|| RestError::invalid_value("eventId"))?;
    // Unknown event, non-meeting, not invited, host: the portal's silent no-op.
    calendar.set_status(call.user, event_id, status);
    Ok(Value::Bool(true))
}

/// The current user's status: Y, N, Q, or H for the host.
pub(super) fn get(calendar: &mut Calendar, call: &Invocation<'_>) -> Result<Value, RestError> {
    let event_id = event_id(call.params, GET)?;
    event_id
        .and_then(|id| calendar.meeting_status(call.user, id))
        .map(|status| Value::String(status.as_str().to_owned()))
        .ok_or_else(RestError::status_lookup_failed)
}
