//! `calendar.event.get.nearest` and `calendar.event.getbyid`, and the event
//! object both return (fields of `_include_calendar_event_fields.md`).

use serde_json::{json, Map, Value};

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

/// `RRULE` and `~RRULE_DESCRIPTION` of an event. The docs show `RRULE`
/// only for a recurring event (an object, `#rrule`); for a single event they
/// say nothing, and this emulator answers `null`, which is how the docs'
/// own example writes a typed field that has no value (`ORIGINAL_DATE_FROM`,
/// `SYNC_STATUS`, `COLLAB_ID`).
fn recurrence(event: &Event) -> (Value, String) {
    let Some(rule) = &event.recurrence else {
        return (Value::Null, String::new());
    };
    // No end: the portal's "forever", 01/01/2038.
    let until = rule.until.unwrap_or(2_145_916_800);
    let by_day: Map<String, Value> = rule
        .by_day
        .iter()
        .map(|day| (day.clone(), Value::String(day.clone())))
        .collect();
    let object = json!({
        "FREQ": rule.freq,
        "BYDAY": by_day,
        "INTERVAL": rule.interval,
        "UNTIL": clock::format_portal_date(until),
        "~UNTIL": clock::format_portal_date(until),
        "UNTIL_TS": until,
    });
    let unit = match rule.freq.as_str() {
        "DAILY" => "day",
        "WEEKLY" => "week",
        "MONTHLY" => "month",
        _ => "year",
    };
    let every = if rule.interval == 1 {
        format!("every {unit}")
    } else {
        format!("every {} {unit}s", rule.interval)
    };
    const NAMES: [(&str, &str); 7] = [
        ("MO", "Mon"),
        ("TU", "Tue"),
        ("WE", "Wed"),
        ("TH", "Thu"),
        ("FR", "Fri"),
        ("SA", "Sat"),
        ("SU", "Sun"),
    ];
    let days: Vec<&str> = NAMES
        .iter()
        .filter(|(code, _)| rule.by_day.iter().any(|d| d == code))
        .map(|(_, name)| *name)
        .collect();
    let on = if days.is_empty() {
        String::new()
    } else {
        format!(" on: {}", days.join(", "))
    };
    let description = format!(
        "{every}{on}, from {} to {}",
        clock::format_portal_date(event.from),
        clock::format_portal_date(until)
    );
    (object, description)
}

/// The portal's event object as `viewer` sees it (their `MEETING_STATUS`,
/// their calendar as owner), with every field of the docs' example answer
/// (`calendar-event-get-by-id.md`) in its order and with the types of
/// `_include_calendar_event_fields.md`. Times are UTC. Fields that have no
/// value for an emulated event are `null`, as in the docs' example.
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
    let (rrule, rrule_description) = recurrence(event);
    let mut fields = Map::new();
    let mut put = |name: &str, value: Value| {
        fields.insert(name.to_owned(), value);
    };
    put("ID", json!(id));
    put("PARENT_ID", json!(id));
    put("DELETED", json!("N"));
    put("CAL_TYPE", json!("user"));
    put("OWNER_ID", json!(viewer.to_string()));
    put("NAME", json!(event.name));
    // The event's zone (UTC unless the fixture names one) and its offsets at
    // the start and the end, seconds east of UTC as strings. DATE_FROM and
    // DATE_TO are the wall clock in that zone, as in the docs' example
    // (DATE_FROM_TS_UTC 1733932740 is 15:59 UTC; DATE_FROM says 05:59 pm
    // with TZ_OFFSET_FROM "7200"); the *_TS_UTC fields stay UTC.
    let offset_from = event.zone.offset_at(event.from);
    let offset_to = event.zone.offset_at(event.to);
    put(
        "DATE_FROM",
        json!(clock::format_portal(event.from + offset_from)),
    );
    put("DATE_TO", json!(clock::format_portal(event.to + offset_to)));
    put("ORIGINAL_DATE_FROM", Value::Null);
    put("TZ_FROM", json!(event.zone.name()));
    put("TZ_TO", json!(event.zone.name()));
    put("TZ_OFFSET_FROM", json!(offset_from.to_string()));
    put("TZ_OFFSET_TO", json!(offset_to.to_string()));
    put("DATE_FROM_TS_UTC", json!(event.from.to_string()));
    put("DATE_TO_TS_UTC", json!(event.to.to_string()));
    put("DT_SKIP_TIME", json!("N"));
    put("DT_LENGTH", json!(event.to - event.from));
    put("EVENT_TYPE", Value::Null);
    put("CREATED_BY", json!(host));
    put("DATE_CREATE", json!(clock::format_portal(event.created)));
    put("TIMESTAMP_X", json!(clock::format_portal(event.created)));
    put("DESCRIPTION", json!(event.description));
    put("PRIVATE_EVENT", json!(""));
    put("ACCESSIBILITY", json!("busy"));
    put("IMPORTANCE", json!("normal"));
    put("IS_MEETING", json!(event.is_meeting));
    put("MEETING_STATUS", json!(status.as_str()));
    put("MEETING_HOST", json!(host));
    put(
        "MEETING",
        json!({
            "HOST_NAME": host_name,
            "NOTIFY": true,
            "REINVITE": false,
            "ALLOW_INVITE": false,
            "HIDE_GUESTS": false,
            "MEETING_CREATOR": event.host,
            "LANGUAGE_ID": "en",
            "MAIL_FROM": "",
        }),
    );
    put("LOCATION", json!(event.location));
    put("REMIND", json!([]));
    put("COLOR", json!("#9dcf00"));
    put("RRULE", rrule);
    put("EXDATE", json!(""));
    put(
        "DAV_XML_ID",
        json!(format!(
            "{}-{:032x}@bx24-emulator",
            clock::format_rfc3339(event.from)
                .replace(['-', ':'], "")
                .replace("+0000", "Z"),
            event.id
        )),
    );
    put("G_EVENT_ID", json!(""));
    put("DAV_EXCH_LABEL", json!(""));
    put("CAL_DAV_LABEL", json!(""));
    put("VERSION", json!("1"));
    put(
        "ATTENDEES_CODES",
        json!(event
            .attendees
            .iter()
            .map(|a| format!("U{}", a.user))
            .collect::<Vec<_>>()),
    );
    put("RECURRENCE_ID", Value::Null);
    put("RELATIONS", Value::Null);
    put("SECTION_ID", json!(viewer.to_string()));
    put("SYNC_STATUS", Value::Null);
    put("UF_CRM_CAL_EVENT", json!([]));
    // The docs' example has `false` here; the field table says array.
    put("UF_WEBDAV_CAL_EVENT", json!([]));
    put("SECTION_DAV_XML_ID", Value::Null);
    put(
        "DATE_FROM_FORMATTED",
        json!(clock::format_long(event.from + offset_from)),
    );
    put(
        "DATE_TO_FORMATTED",
        json!(clock::format_long(event.to + offset_to)),
    );
    put("SECT_ID", json!(viewer.to_string()));
    put("ATTENDEE_LIST", json!(attendees));
    put("COLLAB_ID", Value::Null);
    put("~RRULE_DESCRIPTION", json!(rrule_description));
    put(
        "attendeesEntityList",
        json!(event
            .attendees
            .iter()
            .map(|a| json!({"entityId": "user", "id": a.user}))
            .collect::<Vec<_>>()),
    );
    put("~DESCRIPTION", json!(event.description));
    // The docs do not say what the user's offset is measured against; their
    // example has it equal to TZ_OFFSET_FROM/TO (7200), as here.
    put("~USER_OFFSET_FROM", json!(offset_from));
    put("~USER_OFFSET_TO", json!(offset_to));
    Value::Object(fields)
}
