//! Conversions between JavaScript values and the pure core's types.

use js_sys::{Error, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::Bx24Error;
use crate::meeting::{self, Meeting, RawEvent};
use crate::method::Data;
use crate::validate::Input;

/// Reduces a caller's value to what validation looks at.
pub fn input(value: &JsValue) -> Input {
    if value.is_undefined() {
        Input::Undefined
    } else if value.is_null() {
        Input::Null
    } else if let Some(b) = value.as_bool() {
        Input::Bool(b)
    } else if let Some(n) = value.as_f64() {
        Input::Number(n)
    } else if let Some(s) = value.as_string() {
        Input::Text(s)
    } else {
        Input::Other
    }
}

/// Reduces a method's `result` to what the decoders look at.
pub fn data(value: &JsValue) -> Data {
    if let Some(b) = value.as_bool() {
        Data::Bool(b)
    } else if let Some(s) = value.as_string() {
        Data::Text(s)
    } else if value.is_null() {
        Data::Other("null".to_owned())
    } else if js_sys::Array::is_array(value) {
        Data::Other("an array".to_owned())
    } else {
        Data::Other(value.js_typeof().as_string().unwrap_or_default())
    }
}

/// Reads `object[key]`; `undefined` when `object` is not an object or the
/// getter throws.
pub fn get(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The text of a thrown value: an `Error`'s message, else its string form.
pub fn thrown_message(thrown: &JsValue) -> String {
    if let Some(error) = thrown.dyn_ref::<Error>() {
        return String::from(error.message());
    }
    thrown
        .as_string()
        .or_else(|| string_of(thrown).ok())
        .unwrap_or_else(|| "a value that cannot be shown as text".to_owned())
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// JavaScript's `String(value)`; throws for a value whose `toString` throws.
    #[wasm_bindgen(catch, js_name = String)]
    fn string_of(value: &JsValue) -> Result<String, JsValue>;
}

/// Builds the JS `Error` a promise rejects with: `name === 'Bx24Error'`,
/// `message` from `Display`, and one property per field.
pub fn error_to_js(error: &Bx24Error) -> JsValue {
    let js = Error::new(&error.to_string());
    js.set_name("Bx24Error");
    let status = error
        .status
        .map_or(JsValue::UNDEFINED, |s| JsValue::from(f64::from(s)));
    let fields: [(&str, JsValue); 6] = [
        ("kind", error.kind.as_str().into()),
        ("code", error.code.as_str().into()),
        ("description", error.description.as_str().into()),
        ("status", status),
        ("method", error.method.into()),
        ("attempts", f64::from(error.attempts).into()),
    ];
    let object: &Object = js.as_ref();
    for (key, value) in fields {
        // Setting a data property on a fresh Error object cannot fail.
        let _ = Reflect::set(object, &key.into(), &value);
    }
    if let Some(param) = error.param {
        let _ = Reflect::set(object, &"param".into(), &param.into());
    }
    js.into()
}

/// An id-like value: a whole number or a string of digits.
fn id_of(value: &JsValue) -> Option<u64> {
    match value.as_f64() {
        Some(n) => meeting::number_id(n),
        None => value.as_string().as_deref().and_then(meeting::parse_id),
    }
}

/// Reads the fields of one portal event that [`Meeting`] needs.
///
/// Done with `Reflect` rather than serde-wasm-bindgen: deserializing the
/// portal's large event objects with serde doubled the `.wasm` (measured
/// 100 KB against 40 KB).
pub fn raw_event(event: &JsValue) -> RawEvent {
    let text = |key| get(event, key).as_string();
    let is_meeting = get(event, "IS_MEETING");
    let attendees = get(event, "ATTENDEE_LIST");
    RawEvent {
        id: id_of(&get(event, "ID")),
        name: text("NAME"),
        date_from: text("DATE_FROM"),
        date_to: text("DATE_TO"),
        from_ts: id_of(&get(event, "DATE_FROM_TS_UTC")),
        to_ts: id_of(&get(event, "DATE_TO_TS_UTC")),
        location: text("LOCATION"),
        is_meeting: is_meeting.as_bool().unwrap_or_else(|| {
            is_meeting
                .as_string()
                .is_some_and(|t| meeting::flag_text(&t))
        }),
        meeting_status: text("MEETING_STATUS"),
        meeting_host: id_of(&get(event, "MEETING_HOST")),
        attendees: attendees
            .dyn_ref::<js_sys::Array>()
            .map_or(0, |list| list.length() as usize),
    }
}

/// The plain object JavaScript gets for a [`Meeting`].
pub fn meeting_to_js(meeting: &Meeting) -> JsValue {
    let object = Object::new();
    let fields: [(&str, JsValue); 8] = [
        ("id", (meeting.id as f64).into()),
        ("name", meeting.name.as_str().into()),
        ("from", meeting.from.as_str().into()),
        ("to", meeting.to.as_str().into()),
        ("location", meeting.location.as_str().into()),
        ("hostId", (meeting.host_id as f64).into()),
        ("myStatus", meeting.my_status.into()),
        ("attendees", (meeting.attendees as f64).into()),
    ];
    for (key, value) in fields {
        let _ = Reflect::set(&object, &key.into(), &value);
    }
    object.into()
}
