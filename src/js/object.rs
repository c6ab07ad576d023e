//! Building the objects JavaScript gets: plain data objects through one
//! small builder whose setter cannot fail, and `Bx24Error` as a real
//! `Error` (`impl From<Bx24Error> for JsValue`).

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use crate::error::Bx24Error;
use crate::meeting::Meeting;

/// A fresh plain object, filled field by field.
pub struct Builder(Object);

impl Builder {
    /// An empty object.
    pub fn new() -> Self {
        Builder(Object::new())
    }

    /// Builds on an existing object (one this module created).
    pub fn on(object: Object) -> Self {
        Builder(object)
    }

    /// Sets a data property. On an object this module created, with no
    /// setters and not frozen, defining a property cannot fail.
    pub fn set(self, key: &str, value: &JsValue) -> Self {
        let _ = Reflect::set(&self.0, &JsValue::from_str(key), value);
        self
    }

    /// Sets a string property.
    pub fn text(self, key: &str, value: &str) -> Self {
        self.set(key, &JsValue::from_str(value))
    }

    /// Sets a number property.
    pub fn number(self, key: &str, value: f64) -> Self {
        self.set(key, &JsValue::from_f64(value))
    }

    /// The object.
    pub fn build(self) -> JsValue {
        self.0.into()
    }
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

impl From<Bx24Error> for JsValue {
    /// See [`error`].
    fn from(error: Bx24Error) -> JsValue {
        self::error(&error)
    }
}

/// The `Error` a promise rejects with: `name === 'Bx24Error'`, `message`
/// `"<method>: <code>: <description>"`, and one property per field. A
/// fresh object on every call.
pub fn error(error: &Bx24Error) -> JsValue {
    let object: Object = js_sys::Error::new(&error.message()).into();
    let mut b = Builder::on(object)
        .text("name", "Bx24Error")
        .text("kind", error.kind.as_str())
        .text("code", &error.code)
        .text("description", &error.description)
        .text("method", error.method)
        .number("attempts", f64::from(error.attempts));
    // Optional fields are absent, not `undefined`, as the `.d.ts` says.
    if let Some(status) = error.status {
        b = b.number("status", f64::from(status));
    }
    if let Some(param) = error.param {
        b = b.text("param", param);
    }
    b.build()
}

/// The plain object JavaScript gets for a [`Meeting`].
pub fn meeting(meeting: &Meeting<JsValue>) -> JsValue {
    Builder::new()
        .number("id", meeting.id as f64)
        .set("name", &meeting.name)
        .set("from", &meeting.from)
        .set("to", &meeting.to)
        .set("location", &meeting.location)
        .set("timeZone", &meeting.time_zone)
        .number("hostId", meeting.host_id as f64)
        .text("myStatus", meeting.my_status)
        .number("attendees", meeting.attendees as f64)
        .build()
}
