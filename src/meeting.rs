//! Meetings as `calendar.event.get.nearest` lists them, reduced to what a
//! widget shows.
//!
//! The portal's event objects are large, mix strings and numbers for ids,
//! and format dates for display in the portal's locale. [`Meeting`] keeps the
//! few fields a meeting list needs, with numeric ids and ISO 8601 UTC times.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::{Deserialize, Deserializer, Serialize};

use crate::status::AttendeeStatus;

/// `calendar.event.get.nearest`: events of the current user in the coming days.
pub const EVENT_GET_NEAREST: &str = "calendar.event.get.nearest";

/// The portal's default look-ahead for `calendar.event.get.nearest`.
pub const DEFAULT_DAYS: u32 = 60;

/// The longest look-ahead accepted (ten years).
pub const MAX_DAYS: u32 = 3650;

/// One event as the portal sends it (only the fields used here).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct RawEvent {
    /// `ID`, a string or a number.
    #[serde(rename = "ID", deserialize_with = "id_like")]
    pub id: Option<u64>,
    /// `NAME`.
    #[serde(rename = "NAME", default)]
    pub name: Option<String>,
    /// `DATE_FROM`, formatted for display in the portal's locale.
    #[serde(rename = "DATE_FROM", default)]
    pub date_from: Option<String>,
    /// `DATE_TO`, formatted for display.
    #[serde(rename = "DATE_TO", default)]
    pub date_to: Option<String>,
    /// `DATE_FROM_TS_UTC`: unix seconds, as a string or a number.
    #[serde(rename = "DATE_FROM_TS_UTC", default, deserialize_with = "id_like")]
    pub from_ts: Option<u64>,
    /// `DATE_TO_TS_UTC`: unix seconds.
    #[serde(rename = "DATE_TO_TS_UTC", default, deserialize_with = "id_like")]
    pub to_ts: Option<u64>,
    /// `LOCATION`.
    #[serde(rename = "LOCATION", default)]
    pub location: Option<String>,
    /// `TZ_FROM`: the IANA time zone the portal states for the event.
    #[serde(rename = "TZ_FROM", default)]
    pub time_zone: Option<String>,
    /// `IS_MEETING`: `true`, or `"Y"` on some portals.
    #[serde(rename = "IS_MEETING", default, deserialize_with = "flag")]
    pub is_meeting: bool,
    /// `MEETING_STATUS`: the current user's Y/N/Q/H.
    #[serde(rename = "MEETING_STATUS", default)]
    pub meeting_status: Option<String>,
    /// `MEETING_HOST`: the host's user id.
    #[serde(rename = "MEETING_HOST", default, deserialize_with = "id_like")]
    pub meeting_host: Option<u64>,
    /// How many entries `ATTENDEE_LIST` has.
    #[serde(rename = "ATTENDEE_LIST", default, deserialize_with = "count")]
    pub attendees: usize,
}

/// A meeting the current user hosts or is invited to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Meeting {
    /// The event id, to pass to `setMeetingStatus`.
    pub id: u64,
    /// The event's title. Plain text: render it as text, never as HTML.
    pub name: String,
    /// Start, ISO 8601 UTC (`2026-12-01T10:00:00Z`) when the portal sent a
    /// timestamp, else the portal's display text.
    pub from: String,
    /// End, in the same form as `from`.
    pub to: String,
    /// Where, as the host typed it (may be empty).
    pub location: String,
    /// The IANA time zone the portal states for the event (`TZ_FROM`, e.g.
    /// `Europe/Berlin`), to show its times in; empty when the portal sent
    /// none.
    pub time_zone: String,
    /// The host's user id.
    pub host_id: u64,
    /// The current user's status: `Y`, `N`, `Q`, or `H` when hosting.
    pub my_status: &'static str,
    /// How many people are invited, the host included.
    pub attendees: usize,
}

impl Meeting {
    /// Reduces a portal event to a meeting; `None` for events that are not
    /// meetings or lack an id or a status.
    pub fn from_raw(raw: RawEvent) -> Option<Meeting> {
        if !raw.is_meeting {
            return None;
        }
        let my_status = AttendeeStatus::parse(raw.meeting_status.as_deref()?)?.code();
        let when = |ts: Option<u64>, text: Option<String>| match ts {
            Some(ts) => iso_utc(ts),
            None => text.unwrap_or_default(),
        };
        Some(Meeting {
            id: raw.id?,
            name: raw.name.unwrap_or_default(),
            from: when(raw.from_ts, raw.date_from),
            to: when(raw.to_ts, raw.date_to),
            location: raw.location.unwrap_or_default(),
            time_zone: raw.time_zone.unwrap_or_default(),
            host_id: raw.meeting_host.unwrap_or_default(),
            my_status,
            attendees: raw.attendees,
        })
    }
}

/// A unix time in seconds as `YYYY-MM-DDTHH:MM:SSZ`.
///
/// ```
/// assert_eq!(bx24_meeting::meeting::iso_utc(1_733_932_740), "2024-12-11T15:59:00Z");
/// ```
pub fn iso_utc(seconds: u64) -> String {
    let days = seconds / 86_400;
    let rest = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    let mut out = String::new();
    for (n, width, after) in [
        (year, 4, '-'),
        (month, 2, '-'),
        (day, 2, 'T'),
        (rest / 3600, 2, ':'),
        (rest % 3600 / 60, 2, ':'),
        (rest % 60, 2, 'Z'),
    ] {
        crate::text::push_padded(&mut out, n, width);
        out.push(after);
    }
    out
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
/// `civil_from_days`, for non-negative days).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// The length of a list (`0` when absent or `null`).
fn count<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    Ok(Option::<Vec<serde::de::IgnoredAny>>::deserialize(d)?.map_or(0, |list| list.len()))
}

/// Reads an id the way the portal sends them: a whole number, or a string
/// of digits. Accepts what `str::parse::<u64>` accepts (digits, with an
/// optional leading `+`), without its code for every integer type.
pub fn parse_id(text: &str) -> Option<u64> {
    crate::validate::parse_digits(text.strip_prefix('+').unwrap_or(text))
}

/// A whole, non-negative number as an id.
pub fn number_id(n: f64) -> Option<u64> {
    (crate::num::is_whole(n) && n >= 0.0 && n <= crate::validate::MAX_SAFE_INTEGER as f64)
        .then_some(n as u64)
}

/// A number, or a string of digits (the portal sends ids both ways).
fn id_like<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum IdLike {
        Number(f64),
        Text(String),
    }
    Ok(match Option::<IdLike>::deserialize(d)? {
        Some(IdLike::Number(n)) => number_id(n),
        Some(IdLike::Text(t)) => parse_id(&t),
        _ => None,
    })
}

/// `true`/`false`, or the portal's `"Y"`/`"N"`.
pub fn flag_text(text: &str) -> bool {
    text == "Y"
}

/// `true`/`false`, or the portal's `"Y"`/`"N"`.
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
    }
    Ok(match Option::<Flag>::deserialize(d)? {
        Some(Flag::Bool(b)) => b,
        Some(Flag::Text(t)) => flag_text(&t),
        None => false,
    })
}

// serde_json is a host-only dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn raw(json: &str) -> RawEvent {
        serde_json::from_str(json).expect("valid RawEvent JSON")
    }

    #[test]
    fn the_documented_example_becomes_a_meeting() {
        let event = raw(
            r#"{"ID":"1265","NAME":"Event Name","DATE_FROM":"12/11/2024 05:59:00 pm",
            "DATE_TO":"12/11/2024 06:59:00 pm","DATE_FROM_TS_UTC":"1733932740","DATE_TO_TS_UTC":"1733936340",
            "IS_MEETING":true,"MEETING_STATUS":"H","MEETING_HOST":"1","LOCATION":"test location",
            "TZ_FROM":"Europe/Berlin","ATTENDEE_LIST":[{"id":1,"entryId":"1265","status":"H"}]}"#,
        );
        assert_eq!(
            Meeting::from_raw(event),
            Some(Meeting {
                id: 1265,
                name: "Event Name".into(),
                from: "2024-12-11T15:59:00Z".into(),
                to: "2024-12-11T16:59:00Z".into(),
                location: "test location".into(),
                time_zone: "Europe/Berlin".into(),
                host_id: 1,
                my_status: "H",
                attendees: 1,
            })
        );
    }

    #[test]
    fn non_meetings_and_broken_items_are_left_out() {
        assert_eq!(
            Meeting::from_raw(raw(r#"{"ID":"1","IS_MEETING":false,"MEETING_STATUS":"Y"}"#)),
            None
        );
        assert_eq!(
            Meeting::from_raw(raw(r#"{"ID":"1","IS_MEETING":true}"#)),
            None
        );
        assert_eq!(
            Meeting::from_raw(raw(r#"{"ID":"x","IS_MEETING":true,"MEETING_STATUS":"Y"}"#)),
            None
        );
        let numeric = raw(
            r#"{"ID":7,"IS_MEETING":"Y","MEETING_STATUS":"Q","DATE_FROM":"01.12.2026 10:00:00"}"#,
        );
        let meeting = Meeting::from_raw(numeric).expect("a meeting");
        assert_eq!((meeting.id, meeting.my_status), (7, "Q"));
        assert_eq!(
            meeting.from, "01.12.2026 10:00:00",
            "display text kept without a timestamp"
        );
    }

    proptest::proptest! {
        #[test]
        fn parse_id_accepts_what_str_parse_accepts(text in "[+-]?[0-9a+]{0,22}") {
            proptest::prop_assert_eq!(parse_id(&text), text.parse::<u64>().ok());
        }
    }

    #[test]
    fn iso_utc_handles_epoch_leap_days_and_far_dates() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(1_798_761_599), "2026-12-31T23:59:59Z");
        assert_eq!(iso_utc(4_102_444_800), "2100-01-01T00:00:00Z");
    }
}
