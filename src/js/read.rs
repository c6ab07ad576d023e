//! Reading values that JavaScript handed over: a caller's arguments, and
//! what a `BX24`, an SDK or `fetch` answered. Every read is bounded and
//! every throw is caught.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{JsString, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::ffi;
use crate::error::Bx24Error;
use crate::text::{cat, clip};
use crate::validate::Input;

/// The longest string argument read: no eventId, status or option is
/// longer, and a longer one is refused without being copied into wasm.
pub const MAX_ARGUMENT_CHARS: u32 = 256;

/// The longest text kept from an answer or a thrown value.
pub const MAX_TEXT_CHARS: u32 = 4_096;

/// `object[key]`: `undefined` when `object` is not an object. `Err` holds
/// what a getter or a Proxy threw.
pub fn get(object: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    if !object.is_object() {
        return Ok(JsValue::UNDEFINED);
    }
    Reflect::get(object, &JsValue::from_str(key))
}

/// `object[key]` for an answer's fields: a throw reads as `undefined`
/// (an answer that cannot be read is as good as one without the field).
pub fn field(object: &JsValue, key: &str) -> JsValue {
    get(object, key).unwrap_or(JsValue::UNDEFINED)
}

global! {
    /// `"number"`, made once: what `typeof` gives for a number.
    static NUMBER: JsValue = JsValue::from_str("number");
}

/// `value` if it is a number (`typeof value === "number"`), read without
/// wasm-bindgen's `as_f64`, which hands its answer over through wasm
/// memory and needs a `DataView` in the glue for that.
pub fn as_number(value: &JsValue) -> Option<f64> {
    NUMBER
        .with(|number| value.js_typeof() == *number)
        .then(|| value.unchecked_into_f64())
}

/// A string of at most `max` UTF-16 units, cut (never copied whole) when
/// longer; `None` for anything that is not a string.
pub fn text(value: &JsValue, max: u32) -> Option<String> {
    let string = value.dyn_ref::<JsString>()?;
    Some(copy(string, string.length().min(max)))
}

/// The first `units` UTF-16 units of `string`, read one `charCodeAt` at a
/// time (lone surrogates become U+FFFD: the text is for messages and
/// checks only). Reading them so keeps wasm-bindgen's string copying, and
/// the encoder it needs in the glue, out of the module.
fn copy(string: &JsString, units: u32) -> String {
    let mut text = String::new();
    let mut i = 0;
    while i < units {
        let unit = u32::from(string.char_code_at(i) as u16);
        i += 1;
        let code = match unit {
            // A high surrogate followed by a low one: one character.
            0xD800..=0xDBFF if i < units => match u32::from(string.char_code_at(i) as u16) {
                low @ 0xDC00..=0xDFFF => {
                    i += 1;
                    0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                }
                _ => 0xFFFD,
            },
            0xD800..=0xDFFF => 0xFFFD,
            _ => unit,
        };
        text.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    text
}

/// A caller's value reduced to what validation looks at. Strings longer
/// than [`MAX_ARGUMENT_CHARS`] are not copied: they count as `Other`, which
/// every check refuses. Numbers are looked for first (an `eventId`).
pub fn input(value: &JsValue) -> Input {
    // A whole number (the usual eventId) is read as two calls that return
    // plain numbers; `as_f64` hands its answer over through wasm memory,
    // which took a tenth of a valid call's time.
    if js_sys::Number::is_safe_integer(value) {
        // `+value` of a number: cannot throw.
        Input::Number(value.unchecked_into_f64())
    } else if let Some(n) = as_number(value) {
        Input::Number(n)
    } else if let Some(s) = value.dyn_ref::<JsString>() {
        input_string(s)
    } else if value.is_undefined() {
        Input::Undefined
    } else if value.is_null() {
        Input::Null
    } else if let Some(b) = value.as_bool() {
        Input::Bool(b)
    } else {
        Input::Other
    }
}

/// [`input`] for a value that is most likely a string (a `status`):
/// strings are looked for first. Every check is a call into JavaScript.
pub fn input_text_first(value: &JsValue) -> Input {
    match value.dyn_ref::<JsString>() {
        Some(s) => input_string(s),
        None => input(value),
    }
}

fn input_string(s: &JsString) -> Input {
    match s.length() {
        // A status is one letter: read its code instead of copying the
        // string into wasm.
        1 => match s.char_code_at(0) as u32 {
            unit @ 0..=0x7F => {
                let mut text = String::new();
                text.push(char::from(unit as u8));
                Input::Text(text)
            }
            // A lone surrogate: as the empty string.
            0xD800..=0xDFFF => Input::Text(String::new()),
            _ => Input::Text(copy(s, 1)),
        },
        n if n > MAX_ARGUMENT_CHARS => Input::Other,
        n => Input::Text(copy(s, n)),
    }
}

/// Reads `object[key]` of a caller's options; a throw is a validation
/// error naming `param`.
pub fn option(
    method: &'static str,
    object: &JsValue,
    key: &str,
    param: &'static str,
) -> Result<JsValue, Bx24Error> {
    get(object, key).map_err(|thrown| unreadable(method, param, &thrown))
}

/// Whether an option is absent: `undefined` or `null`.
#[inline(never)]
pub fn absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// A number option's value: `None` when absent (`undefined` or `null`),
/// NaN when it is not a number (no check accepts NaN).
pub fn number(value: &JsValue) -> Option<f64> {
    if absent(value) {
        None
    } else {
        Some(as_number(value).unwrap_or(f64::NAN))
    }
}

/// The validation error for a value whose reading threw.
pub fn unreadable(method: &'static str, param: &'static str, thrown: &JsValue) -> Bx24Error {
    Bx24Error::unreadable(
        method,
        param,
        &cat(&["reading it threw ", &thrown_message(thrown)]),
    )
}

/// `value.length` as a whole number no larger than `max`; `Err` with a
/// short reason otherwise.
pub fn length(value: &JsValue, max: u32) -> Result<u32, String> {
    // The reason's three parts, made into one text at the end.
    let (why, detail, end) = match value.unchecked_ref::<ffi::Sized>().length() {
        Err(thrown) => ("reading its length threw ", thrown_message(&thrown), ""),
        Ok(length) => match as_number(&length) {
            Some(n) if n > f64::from(max) => (
                "it has more than ",
                crate::text::uint(u64::from(max)),
                " entries",
            ),
            // At most `max` here: whole exactly when the cast (which
            // saturates below 0 and sends NaN to 0) gives it back; -0
            // reads as 0.
            Some(n) if f64::from(n as u32) == n => return Ok(n as u32),
            _ => ("its length is not a whole number", String::new(), ""),
        },
    };
    Err(cat(&[why, &detail, end]))
}

/// The text of a thrown value, for messages: an `Error`'s message, else its
/// string form, cut to a few hundred characters. Never throws.
pub fn thrown_message(thrown: &JsValue) -> String {
    let message = if thrown.is_instance_of::<js_sys::Error>() {
        field(thrown, "message")
    } else {
        thrown.clone()
    };
    // `String(message)`: a string as it is, anything else as JavaScript
    // shows it (which may throw).
    match ffi::string_of(&message) {
        // 300 characters and whether a 301st follows: at most 602 units.
        Ok(string) => clip(&text(&string, 602).unwrap_or_default(), 300),
        Err(_) => "a value that cannot be shown as text".to_owned(),
    }
}

/// An id-like value: a whole number, or a string of digits.
pub fn id(value: &JsValue) -> Option<u64> {
    match as_number(value) {
        Some(n) => crate::meeting::number_id(n),
        None => text(value, 32)
            .as_deref()
            .and_then(crate::meeting::parse_id),
    }
}
