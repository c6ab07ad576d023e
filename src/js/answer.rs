//! Reading what a portal answered, the same way for every transport: a
//! method's `result`, the list of events, and the portal's error answer
//! (`{error, error_description, time}`), which becomes a `Bx24Error`
//! through the one mapping in the pure core ([`Bx24Error::from_answer`]).

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::ffi;
use super::object;
use super::read::{field, id, length, text, MAX_TEXT_CHARS};
use crate::error::{Bx24Error, ErrorAnswer};
use crate::meeting::{self, Meeting, RawEvent};
use crate::method::Data;

/// The most events read from one `calendar.event.get.nearest` answer.
pub const MAX_EVENTS: u32 = 10_000;

/// Reduces a method's `result` to what the decoders look at.
pub fn data(value: &JsValue) -> Data {
    if let Some(b) = value.as_bool() {
        Data::Bool(b)
    } else if let Some(s) = text(value, 200) {
        Data::Text(s)
    } else if value.is_null() {
        Data::Other("null".to_owned())
    } else if ffi::is_array(value).unwrap_or(false) {
        Data::Other("an array".to_owned())
    } else {
        Data::Other(value.js_typeof().as_string().unwrap_or_default())
    }
}

/// An HTTP status as the transports report it (a number from 100 to 999).
pub fn http_status(value: &JsValue) -> Option<u16> {
    value
        .as_f64()
        .filter(|s| (100.0..=999.0).contains(s))
        .map(|s| s as u16)
}

/// Reads a portal error answer `{error, error_description, time}`.
pub fn error_answer(body: &JsValue, status: Option<u16>) -> ErrorAnswer {
    ErrorAnswer {
        status,
        code: text_at(body, "error", 200).unwrap_or_default(),
        description: text_at(body, "error_description", MAX_TEXT_CHARS),
        operating_reset_at: field(&field(body, "time"), "operating_reset_at")
            .as_f64()
            .filter(|t| t.is_finite()),
    }
}

/// The text form of an error object (`String(error)`), unless it is the
/// useless `[object Object]`.
pub fn described(error: &JsValue) -> Option<String> {
    let string = ffi::string_of(error).ok()?;
    text(&string, MAX_TEXT_CHARS).filter(|t| !t.is_empty() && t != "[object Object]")
}

/// Reads the fields of one portal event that [`Meeting`] needs.
///
/// Done field by field rather than with serde: deserializing the portal's
/// large event objects with serde-wasm-bindgen costs 18.9 KB gzip (its
/// float error texts pull in float formatting).
fn raw_event(event: &JsValue) -> RawEvent {
    let is_meeting = field(event, "IS_MEETING");
    let attendees = field(event, "ATTENDEE_LIST");
    RawEvent {
        id: id_at(event, "ID"),
        name: text_at(event, "NAME", MAX_TEXT_CHARS),
        date_from: text_at(event, "DATE_FROM", MAX_TEXT_CHARS),
        date_to: text_at(event, "DATE_TO", MAX_TEXT_CHARS),
        from_ts: id_at(event, "DATE_FROM_TS_UTC"),
        to_ts: id_at(event, "DATE_TO_TS_UTC"),
        location: text_at(event, "LOCATION", MAX_TEXT_CHARS),
        time_zone: text_at(event, "TZ_FROM", 64),
        is_meeting: is_meeting
            .as_bool()
            .unwrap_or_else(|| text(&is_meeting, 8).is_some_and(|t| meeting::flag_text(&t))),
        meeting_status: text_at(event, "MEETING_STATUS", 8),
        meeting_host: id_at(event, "MEETING_HOST"),
        attendees: if ffi::is_array(&attendees).unwrap_or(false) {
            length(&attendees, u32::MAX).unwrap_or(0) as usize
        } else {
            0
        },
    }
}

/// `text(object[key], max)`, one call for every text field of an answer.
#[inline(never)]
fn text_at(event: &JsValue, key: &str, max: u32) -> Option<String> {
    text(&field(event, key), max)
}

/// `id(event[key])`, one call for every id field of an event.
#[inline(never)]
fn id_at(event: &JsValue, key: &str) -> Option<u64> {
    id(&field(event, key))
}

/// The meetings in a `calendar.event.get.nearest` result.
pub fn meetings(method: &'static str, events: &JsValue) -> Result<JsValue, Bx24Error> {
    if !ffi::is_array(events).unwrap_or(false) {
        let got = data(events).describe();
        return Err(Bx24Error::unexpected_answer(
            method,
            "a list of events",
            &got,
        ));
    }
    let count = length(events, MAX_EVENTS)
        .map_err(|why| Bx24Error::unexpected_answer(method, "a list of events", &why))?;
    let list = Array::new();
    for i in 0..count {
        let event = js_sys::Reflect::get_u32(events, i).unwrap_or_default();
        if let Some(meeting) = Meeting::from_raw(raw_event(&event)) {
            list.push(&object::meeting(&meeting));
        }
    }
    Ok(list.into())
}
