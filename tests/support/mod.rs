//! Shared by the wasm-bindgen test suites: the BX24.js-like fake and helpers.
#![allow(dead_code)]

use bx24_meeting::{configure, is_bx24_error};
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/tests/support/fake_bx24.js")]
extern "C" {
    pub type FakeBx24;

    #[wasm_bindgen(js_name = installFakeBx24)]
    pub fn install_fake_bx24(init_delay_ms: i32) -> FakeBx24;
    #[wasm_bindgen(js_name = removeBx24)]
    pub fn remove_bx24();
    #[wasm_bindgen(js_name = installObject)]
    pub fn install_object(value: &JsValue);
    pub fn sleep(ms: u32) -> Promise;

    #[wasm_bindgen(method, js_name = replySequence)]
    pub fn reply_sequence(this: &FakeBx24, json: &str);
    #[wasm_bindgen(method, js_name = replyFailingEvents)]
    pub fn reply_failing_events(this: &FakeBx24, json: &str, status: u16, error: &str);
    #[wasm_bindgen(method, js_name = setBucket)]
    pub fn set_bucket(this: &FakeBx24, burst: u32, per_second: u32);
    #[wasm_bindgen(method)]
    pub fn overflows(this: &FakeBx24) -> u32;
    #[wasm_bindgen(method)]
    pub fn expire(this: &FakeBx24);
    #[wasm_bindgen(method, js_name = batchSizesJson)]
    pub fn batch_sizes_json(this: &FakeBx24) -> String;
    #[wasm_bindgen(method, js_name = batchHaltFlagsJson)]
    pub fn batch_halt_flags_json(this: &FakeBx24) -> String;
    #[wasm_bindgen(method, getter)]
    pub fn refreshes(this: &FakeBx24) -> u32;
    #[wasm_bindgen(method, js_name = replyAlways)]
    pub fn reply_always(this: &FakeBx24, status: u16, answer_json: &str);
    #[wasm_bindgen(method, js_name = replyLate)]
    pub fn reply_late(this: &FakeBx24, delay_ms: u32, status: u16, answer_json: &str);
    #[wasm_bindgen(method, js_name = replyThrowing)]
    pub fn reply_throwing(this: &FakeBx24, message: &str);
    #[wasm_bindgen(method, js_name = replyMixedByEventId)]
    pub fn reply_mixed_by_event_id(this: &FakeBx24);
    #[wasm_bindgen(method)]
    pub fn calls(this: &FakeBx24) -> u32;
    #[wasm_bindgen(method, js_name = lastParamsJson)]
    pub fn last_params_json(this: &FakeBx24) -> String;
    #[wasm_bindgen(method, getter, js_name = initCalls)]
    pub fn init_calls(this: &FakeBx24) -> u32;
    #[wasm_bindgen(method, getter, js_name = callsBeforeInit)]
    pub fn calls_before_init(this: &FakeBx24) -> u32;
    #[wasm_bindgen(method, getter, js_name = lateDeliveries)]
    pub fn late_deliveries(this: &FakeBx24) -> u32;
    #[wasm_bindgen(method, getter, js_name = callbackErrors)]
    pub fn callback_errors(this: &FakeBx24) -> u32;
    #[wasm_bindgen(method, getter, js_name = consoleErrors)]
    pub fn console_errors(this: &FakeBx24) -> u32;
}

pub const SET: &str = "calendar.meeting.status.set";
pub const GET: &str = "calendar.meeting.status.get";

pub fn field(error: &JsValue, key: &str) -> JsValue {
    Reflect::get(error, &key.into()).unwrap()
}

pub fn text(error: &JsValue, key: &str) -> String {
    field(error, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

pub fn opts(timeout_ms: f64) -> JsValue {
    let o = Object::new();
    Reflect::set(&o, &"timeoutMs".into(), &timeout_ms.into()).unwrap();
    o.into()
}

pub async fn settle(p: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

pub async fn wait(ms: u32) {
    JsFuture::from(sleep(ms)).await.unwrap();
}

/// Asserts the shape every rejection shares, and returns the error.
pub fn assert_bx24_error(
    result: Result<JsValue, JsValue>,
    kind: &str,
    code: &str,
    method: &str,
) -> JsValue {
    let error = result.expect_err("the promise resolved");
    assert!(error.is_instance_of::<js_sys::Error>(), "not an Error");
    assert!(is_bx24_error(&error));
    assert_eq!(text(&error, "name"), "Bx24Error");
    assert_eq!(text(&error, "kind"), kind);
    assert_eq!(text(&error, "code"), code);
    assert_eq!(text(&error, "method"), method);
    let description = text(&error, "description");
    assert!(
        text(&error, "message").contains(&description),
        "message does not contain the description"
    );
    error
}

/// Installs a fresh fake BX24 and resets the page's settings to: no
/// retries, no client-side rate limit, the default timeout.
pub fn fresh(init_delay_ms: i32) -> FakeBx24 {
    let fake = install_fake_bx24(init_delay_ms);
    set_config(
        r#"{"retries":0,"rateLimit":"off","timeoutMs":30000,"backoff":{"baseMs":1000,"capMs":30000}}"#,
    );
    fake
}

/// `configure(JSON.parse(json))`, which must succeed.
pub fn set_config(json: &str) {
    let options = js_sys::JSON::parse(json).expect("valid JSON");
    configure(options).expect("configure accepts the settings");
}
