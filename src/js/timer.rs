//! Waiting for a callback that may never come.
//!
//! BX24.js never calls back on a 5xx or a network error, so every wait has a
//! deadline. The same `resolve` function is given to the callback and to a
//! timer: whichever runs first settles the promise, and a late callback is a
//! harmless no-op on an already-settled promise (nothing throws, nothing is
//! logged). No Rust closure is created per call, so nothing in wasm memory
//! outlives a call.

use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// `setTimeout(handler, ms, arg)`: calls `handler(arg)` after `ms`. The
    /// returned handle is a number in browsers and an object in Node.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: u32, arg: &JsValue) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

thread_local! {
    /// What the timer resolves with: an object nothing else can produce.
    static TIMED_OUT: JsValue = Object::new().into();
}

/// Calls `start` with a `resolve` function and waits until it is called, or
/// until `ms` have passed.
///
/// Returns `Ok(Some(value))` with what `resolve` got, `Ok(None)` on timeout,
/// and `Err(thrown)` when `start` itself failed (the timer is then cleared).
///
/// `start` is a trait object so that this future exists once in the `.wasm`,
/// whatever calls it.
pub async fn settle_within(
    ms: u32,
    start: &dyn Fn(&Function) -> Result<(), JsValue>,
) -> Result<Option<JsValue>, JsValue> {
    let mut resolve = None;
    let promise = Promise::new(&mut |res, _reject| resolve = Some(res));
    let resolve = resolve.ok_or_else(|| JsValue::from_str("Promise executor did not run"))?;
    let timer = TIMED_OUT.with(|marker| set_timeout(&resolve, ms, marker));
    if let Err(thrown) = start(&resolve) {
        clear_timeout(&timer);
        return Err(thrown);
    }
    // `resolve` never rejects, so the future cannot fail.
    let value = JsFuture::from(promise).await.unwrap_or(JsValue::UNDEFINED);
    clear_timeout(&timer);
    Ok(TIMED_OUT.with(|marker| if value == *marker { None } else { Some(value) }))
}

/// Calls `handler()` after `ms`; the handle is for [`cancel`].
pub fn schedule(ms: u32, handler: &Function) -> JsValue {
    set_timeout(handler, ms, &JsValue::UNDEFINED)
}

/// Cancels a [`schedule`]d call (a no-op once it ran).
pub fn cancel(handle: &JsValue) {
    clear_timeout(handle);
}

/// Waits for `promise`, at most `ms`: `Ok(Some(value))`, `Ok(None)` on
/// timeout, `Err(reason)` when it rejects.
pub async fn with_timeout(promise: &Promise, ms: u32) -> Result<Option<JsValue>, JsValue> {
    let mut handle = JsValue::UNDEFINED;
    let timer = TIMED_OUT.with(|marker| {
        Promise::new(&mut |resolve, _reject| handle = set_timeout(&resolve, ms, marker))
    });
    let winner = JsFuture::from(Promise::race(&js_sys::Array::of2(promise, &timer))).await;
    clear_timeout(&handle);
    let value = winner?;
    Ok(TIMED_OUT.with(|marker| if value == *marker { None } else { Some(value) }))
}
