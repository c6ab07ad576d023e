//! `calendar.event.get.nearest` and `calendar.event.getbyid`, and the event
//! object both return (fields of `_include_calendar_event_fields.md`).

use serde_json::{json, Value};

use super::{Invocation, RestError};
use crate::calendar::{Calendar, Event, MeetingStatus};
use crate::{clock, php};

pub(super) const NEAREST: &str = "calendar.event.get.nearest";
pub(super) const BY_ID: &str = "calendar.event.getbyid";

/// The documented default of `days`.
const DEFAULT_DAYS: i64 = 60;

/// An integer parameter, or `None` when it is `empty()` or not a scalar.
fn int_param(call: &Invocation<'_>, name: &str) -> Option<i64> {
    let value = call.params.get(name);
    if php::is_empty(value) {
        return None;
    }
    value.and_then(php::intval)
}

/// Events of the current user (or of `ownerId` with `forCurrentUser=false`)
/// starting within `days` from now, sorted by start.
pub(super) fn nearest(calendar: &mut Calendar, call: &Invocation<'_>) -> Result<Value, RestError> {
    let days = int_param(call, "days").unwrap_or(DEFAULT_DAYS);
    let calendar_type = call
        .params
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("user");
    let owner = if php::flag(call.params.get("forCurrentUser"), true) {
        Some(call.user)
    } else if calendar_type == "user" {
        Some(
            int_param(call, "ownerId")
                .and_then(|id| u64::try_from(id).ok())
                .unwrap_or(call.user),
        )
    } else {
        // Group and company calendars exist on a portal, not in this emulator.
        None
    };
    let Some(owner) = owner else {
        return Ok(Value::Array(Vec::new()));
    };
    let mut events = calendar.nearest(owner, call.now, call.now + days * clock::DAY);
    if let Some(max) = int_param(call, "maxEventsCount").and_then(|n| usize::try_from(n).ok()) {
        events.truncate(max);
    }
    Ok(Value::Array(
        events
            .into_iter()
            .map(|e| render(calendar, e, owner))
            .collect(),
    ))
}

/// One event the current user is on.
pub(super) fn by_id(calendar: &mut Calendar, call: &Invocation<'_>) -> Result<Value, RestError> {
    let id = int_param(call, "id").ok_or_else(|| RestError::missing_param("id", BY_ID))?;
    // The docs list only "Access denied" besides the missing id; an event the
    // user cannot see (or that does not exist) gets that answer.
    let event = calendar
        .event(id)
        .filter(|e| e.status_of(call.user).is_some())
        .ok_or_else(RestError::access_denied)?;
    Ok(render(calendar, event, call.user))
}

/// The portal's event object as `viewer` sees it (their `MEETING_STATUS`,
/// their calendar as owner). Times are UTC.
fn render(calendar: &Calendar, event: &Event, viewer: u64) -> Value {
    let id = event.id.to_string();
    let host = event.host.to_string();
    let host_name = calendar
        .user(event.host)
        .map(|u| u.full_name())
        .unwrap_or_default();
    let status = event.status_of(viewer).unwrap_or(MeetingStatus::Q);
    let attendees: Vec<Value> = event
        .attendees
        .iter()
        // entryId is a string, as in the docs' example answer.
        .map(|a| json!({"id": a.user, "entryId": id, "status": a.status.as_str()}))
        .collect();
    json!({
        "ID": id,
        "PARENT_ID": id,
        "DELETED": "N",
        "CAL_TYPE": "user",
        "OWNER_ID": viewer.to_string(),
        "NAME": event.name,
        "DATE_FROM": clock::format_portal(event.from),
        "DATE_TO": clock::format_portal(event.to),
        "ORIGINAL_DATE_FROM": null,
        "TZ_FROM": "UTC",
        "TZ_TO": "UTC",
        "TZ_OFFSET_FROM": "0",
        "TZ_OFFSET_TO": "0",
        "DATE_FROM_TS_UTC": event.from.to_string(),
        "DATE_TO_TS_UTC": event.to.to_string(),
        "DT_SKIP_TIME": "N",
        "DT_LENGTH": event.to - event.from,
        "EVENT_TYPE": null,
        "CREATED_BY": host,
        "DESCRIPTION": event.description,
        "PRIVATE_EVENT": "",
        "ACCESSIBILITY": "busy",
        "IMPORTANCE": "normal",
        "IS_MEETING": event.is_meeting,
        "MEETING_STATUS": status.as_str(),
        "MEETING_HOST": host,
        "MEETING": {
            "HOST_NAME": host_name,
            "NOTIFY": true,
            "REINVITE": false,
            "ALLOW_INVITE": false,
            "HIDE_GUESTS": false,
            "MEETING_CREATOR": event.host,
            "LANGUAGE_ID": "en",
            "MAIL_FROM": "",
        },
        "LOCATION": event.location,
        "REMIND": [],
        "COLOR": "#9dcf00",
        "RRULE": "",
        "EXDATE": "",
        "ATTENDEES_CODES": event.attendees.iter().map(|a| format!("U{}", a.user)).collect::<Vec<_>>(),
        "SECTION_ID": viewer.to_string(),
        "DATE_FROM_FORMATTED": clock::format_long(event.from),
        "DATE_TO_FORMATTED": clock::format_long(event.to),
        "ATTENDEE_LIST": attendees,
        "attendeesEntityList": event.attendees.iter().map(|a| json!({"entityId": "user", "id": a.user})).collect::<Vec<_>>(),
    })
}
