//! Reading what a portal answered, the same way for every transport: a
//! method's `result`, the list of events, and the portal's error answer
//! (`{error, error_description, time}`), which becomes a `Bx24Error`
//! through the one mapping in the pure core ([`Bx24Error::from_answer`]).

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Array, JsString};
use wasm_bindgen::{JsCast, JsValue};

use super::ffi;
use super::object;
use super::read::{field, id, length, text, MAX_TEXT_CHARS};
use crate::error::{Bx24Error, ErrorAnswer};
use crate::meeting;
use crate::method::Data;
use crate::status::AttendeeStatus;

/// The most events read from one `calendar.event.get.nearest` answer.
pub const MAX_EVENTS: u32 = 10_000;

/// Reduces a method's `result` to what the decoders look at.
pub fn data(value: &JsValue) -> Data {
    if let Some(b) = value.as_bool() {
        Data::Bool(b)
    } else if let Some(s) = text(value, 200) {
        Data::Text(s)
    } else {
        // The two fixed descriptions share one copy into a `String`.
        let kind = if value.is_null() {
            "null"
        } else if ffi::is_array(value).unwrap_or(false) {
            "an array"
        } else {
            return Data::Other(text(&value.js_typeof(), 20).unwrap_or_default());
        };
        Data::Other(String::from(kind))
    }
}

/// An HTTP status as the transports report it (a number from 100 to 999).
pub fn http_status(value: &JsValue) -> Option<u16> {
    super::read::as_number(value)
        .filter(|s| (100.0..=999.0).contains(s))
        .map(|s| s as u16)
}

/// Reads a portal error answer `{error, error_description, time}`.
pub fn error_answer(body: &JsValue, status: Option<u16>) -> ErrorAnswer {
    ErrorAnswer {
        status,
        code: text_at(body, "error", 200).unwrap_or_default(),
        description: text_at(body, "error_description", MAX_TEXT_CHARS),
        operating_reset_at: super::read::as_number(&field(
            &field(body, "time"),
            "operating_reset_at",
        ))
        .filter(|t| t.is_finite()),
    }
}

/// The text form of an error object (`String(error)`), unless it is the
/// useless `[object Object]`.
pub fn described(error: &JsValue) -> Option<String> {
    let string = ffi::string_of(error).ok()?;
    text(&string, MAX_TEXT_CHARS).filter(|t| !t.is_empty() && t != "[object Object]")
}

/// The texts of a meeting stay JavaScript strings: read from the event
/// and put in the meeting object as they are, never copied into wasm.
impl meeting::Text for JsValue {
    fn empty() -> JsValue {
        JsValue::from_str("")
    }
    fn utc(seconds: u64) -> JsValue {
        JsValue::from_str(meeting::iso_utc_text(seconds).as_str())
    }
}

/// A portal event as [`meeting::read`] reads it: field by field, as it
/// asks, rather than with serde (deserializing the portal's large event
/// objects with serde-wasm-bindgen costs 18.9 KB gzip: its float error
/// texts pull in float formatting).
impl meeting::Event for JsValue {
    type Text = JsValue;
    fn id(&self, key: &str) -> Option<u64> {
        id_at(self, key)
    }
    fn text(&self, key: &str, max: u32) -> Option<JsValue> {
        string_at(self, key, max)
    }
    fn flag(&self, key: &str) -> bool {
        let flag = field(self, key);
        flag.as_bool().unwrap_or_else(|| letter(&flag) == Some('Y'))
    }
    fn status(&self, key: &str) -> Option<AttendeeStatus> {
        AttendeeStatus::parse(letter(&field(self, key))?.encode_utf8(&mut [0; 4]))
    }
    fn count(&self, key: &str) -> usize {
        let list = field(self, key);
        if ffi::is_array(&list).unwrap_or(false) {
            length(&list, u32::MAX).unwrap_or(0) as usize
        } else {
            0
        }
    }
}

/// The character of a one-character string (the flags and statuses of an
/// event), read without copying the string into wasm.
fn letter(value: &JsValue) -> Option<char> {
    let string = value.dyn_ref::<JsString>()?;
    if string.length() != 1 {
        return None;
    }
    char::from_u32(string.char_code_at(0) as u32)
}

/// `event[key]` when it is a string, cut to its first `max` UTF-16 units
/// (never copied whole): the JavaScript string itself, as the portal sent
/// it, never copied into wasm.
#[inline(never)]
fn string_at(event: &JsValue, key: &str, max: u32) -> Option<JsValue> {
    let string = field(event, key).dyn_into::<JsString>().ok()?;
    Some(if string.length() > max {
        string.slice(0, max).into()
    } else {
        string.into()
    })
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
    // Not an array, or one whose length cannot be read: one error, with
    // what was got.
    let count = if ffi::is_array(events).unwrap_or(false) {
        length(events, MAX_EVENTS)
    } else {
        Err(data(events).describe())
    }
    .map_err(|got| Bx24Error::unexpected_answer(method, "a list of events", &got))?;
    let list = Array::new();
    for i in 0..count {
        let event = js_sys::Reflect::get_u32(events, i).unwrap_or_default();
        if let Some(meeting) = meeting::read(&event) {
            list.push(&object::meeting(&meeting));
        }
    }
    Ok(list.into())
}
