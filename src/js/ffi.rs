//! Every JavaScript function and property this module touches, declared
//! once. Each one that can throw is declared with `catch`: a throw becomes
//! an `Err` the caller maps to a `Bx24Error`, never an exception unwinding
//! through wasm (which would leave the instance in a broken state).
//!
//! What a call returns is declared only where the module reads it: a
//! returned value the module does not want would still take a slot in
//! wasm-bindgen's table of JavaScript values, to be freed at once.
//!
//! What cannot throw is left without `catch`: `typeof` checks, `instanceof`
//! (wasm-bindgen's shim catches), creating plain objects and arrays,
//! `Function.prototype.bind` on this module's own functions.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `globalThis`, seen through the one property read below.
    #[wasm_bindgen(js_name = globalThis)]
    pub type Global;

    /// `globalThis.BX24`, read at each call: a page may define it as a
    /// throwing getter.
    #[wasm_bindgen(static_method_of = Global, catch, getter, js_name = BX24)]
    pub fn bx24() -> Result<JsValue, JsValue>;

    /// The `BX24` object of BX24.js, or anything a page put there.
    pub type Bx24;

    /// `BX24.callMethod`, read to check that it is a function.
    #[wasm_bindgen(method, catch, getter, js_name = callMethod)]
    pub fn call_method_property(this: &Bx24) -> Result<JsValue, JsValue>;

    /// `BX24.callMethod(method, params, callback)`.
    #[wasm_bindgen(method, catch, js_name = callMethod)]
    pub fn call_method(
        this: &Bx24,
        method: &JsValue,
        params: &JsValue,
        callback: &Function,
    ) -> Result<(), JsValue>;

    /// `BX24.callBatch(calls, callback, halt)`.
    #[wasm_bindgen(method, catch, js_name = callBatch)]
    pub fn call_batch(
        this: &Bx24,
        calls: &Array,
        callback: &Function,
        halt: bool,
    ) -> Result<(), JsValue>;

    /// `BX24.refreshAuth(callback)`.
    #[wasm_bindgen(method, catch, js_name = refreshAuth)]
    pub fn refresh_auth(this: &Bx24, callback: &Function) -> Result<(), JsValue>;

    /// `BX24.init(callback)`.
    #[wasm_bindgen(method, catch)]
    pub fn init(this: &Bx24, callback: &Function) -> Result<(), JsValue>;

    /// BX24.js's `ajaxResult`, as its callback receives it.
    pub type AjaxResult;

    /// `ajaxResult.error()`: an `ajaxError`, or a falsy value.
    #[wasm_bindgen(method, catch)]
    pub fn error(this: &AjaxResult) -> Result<JsValue, JsValue>;

    /// `ajaxResult.data()`: the answer's `result`.
    #[wasm_bindgen(method, catch)]
    pub fn data(this: &AjaxResult) -> Result<JsValue, JsValue>;

    /// `Array.isArray(value)`: throws for a revoked Proxy.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    pub fn is_array(value: &JsValue) -> Result<bool, JsValue>;

    /// Anything with a `length`.
    pub type Sized;

    /// `value.length`: a Proxy or a getter may throw.
    #[wasm_bindgen(method, catch, getter)]
    pub fn length(this: &Sized) -> Result<JsValue, JsValue>;

    /// `performance.now()`: monotonic (browsers and Node).
    #[wasm_bindgen(catch, js_namespace = performance, js_name = now)]
    pub fn performance_now() -> Result<f64, JsValue>;

    /// `Date.now()`, the fallback clock.
    #[wasm_bindgen(catch, js_namespace = Date, js_name = now)]
    pub fn date_now() -> Result<f64, JsValue>;

    /// `setTimeout(handler, ms)`; the handle is a number in browsers and an
    /// object in Node.
    #[wasm_bindgen(catch, js_name = setTimeout)]
    pub fn set_timeout(handler: &Function, ms: f64) -> Result<JsValue, JsValue>;

    /// `clearTimeout(handle)`.
    #[wasm_bindgen(catch, js_name = clearTimeout)]
    pub fn clear_timeout(handle: &JsValue) -> Result<JsValue, JsValue>;

    /// `String(value)`: throws when `toString` does, or for a Symbol's
    /// `Symbol.toPrimitive`.
    #[wasm_bindgen(catch, js_name = String)]
    pub fn string_of(value: &JsValue) -> Result<JsValue, JsValue>;

    /// A promise this module makes.
    #[wasm_bindgen(js_name = Promise)]
    pub type Made;

    /// `new Promise(executor)`, with this module's own executor (which
    /// does not throw).
    #[wasm_bindgen(constructor, js_class = "Promise")]
    pub fn new(executor: &Function) -> Made;

    /// One of this module's own functions, or the `resolve`/`reject` of a
    /// promise it made: neither throws.
    pub type Own;

    /// `function.call(context, value)`.
    #[wasm_bindgen(method, js_name = call)]
    pub fn call(this: &Own, context: &JsValue, value: &JsValue);

    /// `function.bind(context, a, b)`, the two arguments numbers: passed
    /// as numbers, with no JS value made for them.
    #[wasm_bindgen(method, js_name = bind)]
    pub fn bind(this: &Own, context: &JsValue, a: u32, b: f64) -> Function;

    /// `Math.random()`, for the backoff's jitter.
    #[wasm_bindgen(catch, js_namespace = Math, js_name = random)]
    pub fn random() -> Result<f64, JsValue>;

    /// The params object of the meeting-status methods: a fresh object,
    /// whose property writes throw only if the page put a throwing setter
    /// for `eventId` or `status` on `Object.prototype`.
    pub type Params;

    /// `params.eventId = value`.
    #[wasm_bindgen(method, catch, setter, js_name = eventId)]
    pub fn set_event_id(this: &Params, value: f64) -> Result<(), JsValue>;

    /// `params.status = value`.
    #[wasm_bindgen(method, catch, setter, js_name = status)]
    pub fn set_status(this: &Params, value: &JsValue) -> Result<(), JsValue>;
}
