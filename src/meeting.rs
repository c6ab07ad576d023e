//! Meetings as `calendar.event.get.nearest` lists them, reduced to what a
//! widget shows.
//!
//! The portal's event objects are large, mix strings and numbers for ids,
//! and format dates for display in the portal's locale. [`Meeting`] keeps the
//! few fields a meeting list needs, with numeric ids and ISO 8601 UTC times.

#[allow(unused_imports)]
use crate::prelude::*;

use serde::Serialize;

use crate::status::AttendeeStatus;
use crate::text::Backwards;

/// `calendar.event.get.nearest`: events of the current user in the coming days.
pub const EVENT_GET_NEAREST: &str = "calendar.event.get.nearest";

/// The portal's default look-ahead for `calendar.event.get.nearest`.
pub const DEFAULT_DAYS: u32 = 60;

/// The longest look-ahead accepted (ten years).
pub const MAX_DAYS: u32 = 3650;

/// The most UTF-16 units kept of a meeting's name, location or display
/// time.
pub const MAX_TEXT_UNITS: u32 = 4_096;

/// The most UTF-16 units kept of a time zone name.
pub const MAX_ZONE_UNITS: u32 = 64;

/// A portal event, read one field at a time, as [`read`] asks: the
/// portal's JSON in the host tests, the JavaScript object itself at the JS
/// edge (`js/answer.rs`), which so reads only the fields a meeting needs and
/// keeps its texts as JavaScript strings, never copied into wasm and back.
///
/// The portal's event objects are large, mix strings and numbers for ids,
/// and send `IS_MEETING` as `true` or `"Y"`.
pub trait Event {
    /// How the event's texts are kept.
    type Text: Text;
    /// Field `key` as an id: a whole number, or a string of digits
    /// ([`number_id`], [`parse_id`]).
    fn id(&self, key: &str) -> Option<u64>;
    /// Field `key` when it is a string, cut to its first `max` UTF-16 units.
    fn text(&self, key: &str, max: u32) -> Option<Self::Text>;
    /// Whether field `key` is `true` or `"Y"` ([`flag_text`]).
    fn flag(&self, key: &str) -> bool;
    /// Field `key` as an attendee status ([`AttendeeStatus::parse`]).
    fn status(&self, key: &str) -> Option<AttendeeStatus>;
    /// How many entries the list in field `key` has (0 when it is not a
    /// list).
    fn count(&self, key: &str) -> usize;
}

/// Reduces a portal event to a meeting; `None` for events that are not
/// meetings (`IS_MEETING`) or lack a status (`MEETING_STATUS`) or an id
/// (`ID`). Reads the fields in that order, the others only for a meeting,
/// and each display time (`DATE_FROM`, `DATE_TO`) only without its
/// timestamp (`DATE_FROM_TS_UTC`, `DATE_TO_TS_UTC`).
pub fn read<E: Event>(event: &E) -> Option<Meeting<E::Text>> {
    if !event.flag("IS_MEETING") {
        return None;
    }
    let my_status = event.status("MEETING_STATUS")?.code();
    Some(Meeting {
        id: event.id("ID")?,
        name: text_or_empty(event, "NAME", MAX_TEXT_UNITS),
        from: time(event, "DATE_FROM_TS_UTC", "DATE_FROM"),
        to: time(event, "DATE_TO_TS_UTC", "DATE_TO"),
        location: text_or_empty(event, "LOCATION", MAX_TEXT_UNITS),
        time_zone: text_or_empty(event, "TZ_FROM", MAX_ZONE_UNITS),
        host_id: event.id("MEETING_HOST").unwrap_or_default(),
        my_status,
        attendees: event.count("ATTENDEE_LIST"),
    })
}

/// Field `key`'s text, or the empty text.
fn text_or_empty<E: Event>(event: &E, key: &str, max: u32) -> E::Text {
    event.text(key, max).unwrap_or_else(E::Text::empty)
}

/// A time as ISO 8601 UTC from its timestamp field `ts` when there is one,
/// else the display text of field `display`.
fn time<E: Event>(event: &E, ts: &str, display: &str) -> E::Text {
    match event.id(ts) {
        Some(seconds) => E::Text::utc(seconds),
        None => text_or_empty(event, display, MAX_TEXT_UNITS),
    }
}

/// What [`Meeting`] needs of a text type besides moving it: the empty
/// text, and a unix time as ISO 8601 UTC ([`iso_utc`]).
pub trait Text {
    /// The empty text, for a field the portal left out.
    fn empty() -> Self;
    /// `seconds` as `YYYY-MM-DDTHH:MM:SSZ`.
    fn utc(seconds: u64) -> Self;
}

impl Text for String {
    fn empty() -> String {
        String::new()
    }
    fn utc(seconds: u64) -> String {
        iso_utc(seconds)
    }
}

/// A meeting the current user hosts or is invited to, with its texts as
/// `T`: `String`, or JavaScript strings at the JS edge (see [`Event`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Meeting<T = String> {
    /// The event id, to pass to `setMeetingStatus`.
    pub id: u64,
    /// The event's title. Plain text: render it as text, never as HTML.
    pub name: T,
    /// Start, ISO 8601 UTC (`2026-12-01T10:00:00Z`) when the portal sent a
    /// timestamp, else the portal's display text.
    pub from: T,
    /// End, in the same form as `from`.
    pub to: T,
    /// Where, as the host typed it (may be empty).
    pub location: T,
    /// The IANA time zone the portal states for the event (`TZ_FROM`, e.g.
    /// `Europe/Berlin`), to show its times in; empty when the portal sent
    /// none.
    pub time_zone: T,
    /// The host's user id.
    pub host_id: u64,
    /// The current user's status: `Y`, `N`, `Q`, or `H` when hosting.
    pub my_status: &'static str,
    /// How many people are invited, the host included.
    pub attendees: usize,
}

/// A unix time in seconds as `YYYY-MM-DDTHH:MM:SSZ`.
///
/// ```
/// assert_eq!(bx24_meeting::meeting::iso_utc(1_733_932_740), "2024-12-11T15:59:00Z");
/// ```
pub fn iso_utc(seconds: u64) -> String {
    String::from(iso_utc_text(seconds).as_str())
}

/// [`iso_utc`] without allocating. Its longest text, for the largest
/// `u64`, has a year of 12 digits: 28 bytes, as many as [`Backwards`]
/// holds.
pub fn iso_utc_text(seconds: u64) -> Backwards {
    let days = seconds / 86_400;
    let rest = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    // Written backwards from the end: each number after what follows it.
    let mut text = Backwards::new();
    put_number(&mut text, rest % 60, 2, b'Z');
    put_number(&mut text, rest % 3600 / 60, 2, b':');
    put_number(&mut text, rest / 3600, 2, b':');
    put_number(&mut text, day, 2, b'T');
    put_number(&mut text, month, 2, b'-');
    put_number(&mut text, year, 4, b'-');
    text
}

/// Puts `n` with at least `width` digits, then `after`, before `text`.
#[inline(never)]
fn put_number(text: &mut Backwards, n: u64, width: usize, after: u8) {
    text.put(after);
    text.number(n, width);
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

/// `true`/`false`, or the portal's `"Y"`/`"N"`.
pub fn flag_text(text: &str) -> bool {
    text == "Y"
}

// serde_json is a host-only dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The portal's JSON, read as the JS edge reads a JavaScript object.
    struct Json(Value);

    impl Event for Json {
        type Text = String;
        fn id(&self, key: &str) -> Option<u64> {
            match &self.0[key] {
                Value::Number(n) => n.as_f64().and_then(number_id),
                Value::String(s) => parse_id(s),
                _ => None,
            }
        }
        fn text(&self, key: &str, max: u32) -> Option<String> {
            let s = self.0[key].as_str()?;
            let units: Vec<u16> = s.encode_utf16().take(max as usize).collect();
            Some(String::from_utf16_lossy(&units))
        }
        fn flag(&self, key: &str) -> bool {
            match &self.0[key] {
                Value::Bool(b) => *b,
                Value::String(s) => flag_text(s),
                _ => false,
            }
        }
        fn status(&self, key: &str) -> Option<AttendeeStatus> {
            AttendeeStatus::parse(self.0[key].as_str()?)
        }
        fn count(&self, key: &str) -> usize {
            self.0[key].as_array().map_or(0, Vec::len)
        }
    }

    fn meeting(json: &str) -> Option<Meeting> {
        read(&Json(serde_json::from_str(json).expect("valid JSON")))
    }

    #[test]
    fn the_documented_example_becomes_a_meeting() {
        let event = r#"{"ID":"1265","NAME":"Event Name","DATE_FROM":"12/11/2024 05:59:00 pm",
            "DATE_TO":"12/11/2024 06:59:00 pm","DATE_FROM_TS_UTC":"1733932740","DATE_TO_TS_UTC":"1733936340",
            "IS_MEETING":true,"MEETING_STATUS":"H","MEETING_HOST":"1","LOCATION":"test location",
            "TZ_FROM":"Europe/Berlin","ATTENDEE_LIST":[{"id":1,"entryId":"1265","status":"H"}]}"#;
        assert_eq!(
            meeting(event),
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
            meeting(r#"{"ID":"1","IS_MEETING":false,"MEETING_STATUS":"Y"}"#),
            None
        );
        assert_eq!(
            meeting(r#"{"ID":"1","IS_MEETING":"N","MEETING_STATUS":"Y"}"#),
            None
        );
        assert_eq!(meeting(r#"{"ID":"1","IS_MEETING":true}"#), None);
        assert_eq!(
            meeting(r#"{"ID":"1","IS_MEETING":true,"MEETING_STATUS":"y"}"#),
            None
        );
        assert_eq!(
            meeting(r#"{"ID":"x","IS_MEETING":true,"MEETING_STATUS":"Y"}"#),
            None
        );
        assert_eq!(meeting(r#"{"IS_MEETING":true,"MEETING_STATUS":"Y"}"#), None);
        let meeting = meeting(
            r#"{"ID":7,"IS_MEETING":"Y","MEETING_STATUS":"Q","DATE_FROM":"01.12.2026 10:00:00"}"#,
        )
        .expect("a meeting");
        assert_eq!((meeting.id, meeting.my_status), (7, "Q"));
        assert_eq!(
            meeting.from, "01.12.2026 10:00:00",
            "display text kept without a timestamp"
        );
        assert_eq!(
            (
                meeting.to,
                meeting.name,
                meeting.location,
                meeting.time_zone
            ),
            (String::new(), String::new(), String::new(), String::new()),
            "missing texts are empty"
        );
        assert_eq!((meeting.host_id, meeting.attendees), (0, 0));
    }

    #[test]
    fn texts_are_cut_and_non_texts_left_out() {
        let long = "й".repeat(5000);
        let event = format!(
            r#"{{"ID":1,"IS_MEETING":true,"MEETING_STATUS":"N","NAME":"{long}","LOCATION":5,
            "TZ_FROM":"{long}","DATE_FROM_TS_UTC":"x","DATE_FROM":"{long}","DATE_TO_TS_UTC":0,
            "MEETING_HOST":-1,"ATTENDEE_LIST":{{"length":3}}}}"#
        );
        let meeting = meeting(&event).expect("a meeting");
        assert_eq!(meeting.name.chars().count(), MAX_TEXT_UNITS as usize);
        assert_eq!(meeting.from.chars().count(), MAX_TEXT_UNITS as usize);
        assert_eq!(meeting.time_zone.chars().count(), MAX_ZONE_UNITS as usize);
        assert_eq!(meeting.location, "");
        assert_eq!(meeting.to, "1970-01-01T00:00:00Z");
        assert_eq!((meeting.host_id, meeting.attendees), (0, 0));
    }

    proptest::proptest! {
        #[test]
        fn parse_id_accepts_what_str_parse_accepts(text in "[+-]?[0-9a+]{0,22}") {
            proptest::prop_assert_eq!(parse_id(&text), text.parse::<u64>().ok());
        }

        #[test]
        fn iso_utc_is_what_the_civil_date_gives(seconds: u64) {
            let (year, month, day) = civil_from_days(seconds / 86_400);
            let rest = seconds % 86_400;
            let expected = format!(
                "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
                rest / 3600,
                rest % 3600 / 60,
                rest % 60
            );
            proptest::prop_assert_eq!(iso_utc(seconds), expected);
        }
    }

    #[test]
    fn iso_utc_handles_epoch_leap_days_and_far_dates() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(1_798_761_599), "2026-12-31T23:59:59Z");
        assert_eq!(iso_utc(4_102_444_800), "2100-01-01T00:00:00Z");
        assert_eq!(iso_utc(253_402_300_800), "10000-01-01T00:00:00Z");
        assert_eq!(iso_utc(u64::MAX).len(), Backwards::MAX);
    }
}
