//! The transport over the page's `BX24` object (BX24.js).
//!
//! `globalThis.BX24` is looked up at every call, since a page may load
//! BX24.js after this module. Calls wait for `BX24.init` once per `BX24`
//! object, then call `BX24.callMethod(method, params, callback)` exactly once.

use std::cell::RefCell;

use js_sys::{Date, Function, Object, Promise};
use wasm_bindgen::prelude::*;

use crate::error::Bx24Error;
use crate::js::convert::{get, thrown_message};
use crate::js::keys;
use crate::js::timer::settle_within;

#[wasm_bindgen]
extern "C" {
    /// The `BX24` object of BX24.js (or anything shaped like it).
    pub type Bx24;

    /// `globalThis`, seen only through the property read below.
    type Global;

    // Plain property reads (no `Reflect`, no string passing): this runs on
    // every call.
    #[wasm_bindgen(method, getter, js_name = BX24)]
    fn bx24(this: &Global) -> JsValue;

    #[wasm_bindgen(method, getter, js_name = callMethod)]
    fn call_method_property(this: &Bx24) -> JsValue;

    #[wasm_bindgen(method, catch, js_name = callMethod)]
    fn call_method(
        this: &Bx24,
        method: &JsValue,
        params: &JsValue,
        callback: &Function,
    ) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = callBatch)]
    fn call_batch(
        this: &Bx24,
        calls: &js_sys::Array,
        callback: &Function,
        halt_on_error: bool,
    ) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = refreshAuth)]
    fn refresh_auth(this: &Bx24, callback: &Function) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn init(this: &Bx24, callback: &Function) -> Result<JsValue, JsValue>;

    /// BX24.js's `ajaxResult`, handed to the callback.
    type AjaxResult;

    #[wasm_bindgen(method, catch)]
    fn error(this: &AjaxResult) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn data(this: &AjaxResult) -> Result<JsValue, JsValue>;

    /// A promise seen only through its `then`, to hand it a plain function.
    type Thenable;

    #[wasm_bindgen(method, js_name = then)]
    fn then_call(this: &Thenable, callback: &Function);
}

/// Where the page's `BX24` stands with `BX24.init`.
enum InitState {
    /// `BX24.init` was called; the promise resolves when its callback runs.
    Pending(Promise),
    /// `BX24.init` has called back (or this `BX24` has no `init`).
    Ready,
}

thread_local! {
    /// The `BX24` object last seen and its init state. Keyed by identity, so a
    /// page that replaces `BX24` waits for the new one's init.
    static INIT: RefCell<Option<(JsValue, InitState)>> = const { RefCell::new(None) };
}

/// The page's `BX24`, if it has one with a `callMethod` function.
fn find() -> Option<Bx24> {
    let bx24 = js_sys::global().unchecked_into::<Global>().bx24();
    if !bx24.is_object() {
        return None;
    }
    let bx24: Bx24 = bx24.unchecked_into();
    bx24.call_method_property().is_function().then_some(bx24)
}

/// What the caller should wait on before the first `callMethod`.
fn init_state(bx24: &Bx24, method: &'static str) -> Result<Option<Promise>, Bx24Error> {
    let value: &JsValue = bx24.as_ref();
    let known = INIT.with_borrow(|state| match state {
        Some((seen, InitState::Ready)) if seen == value => Some(None),
        Some((seen, InitState::Pending(p))) if seen == value => Some(Some(p.clone())),
        _ => None,
    });
    if let Some(known) = known {
        return Ok(known);
    }
    let state = if get(value, "init").is_function() {
        let mut init_error = None;
        let promise = Promise::new(&mut |resolve, _reject| {
            init_error = bx24.init(&resolve).err();
        });
        if let Some(thrown) = init_error {
            return Err(Bx24Error::transport(
                method,
                &format!("BX24.init threw: {}", thrown_message(&thrown)),
            ));
        }
        InitState::Pending(promise)
    } else {
        InitState::Ready
    };
    let pending = match &state {
        InitState::Pending(p) => Some(p.clone()),
        InitState::Ready => None,
    };
    INIT.with_borrow_mut(|slot| *slot = Some((value.clone(), state)));
    Ok(pending)
}

fn mark_ready(bx24: &Bx24) {
    let value: &JsValue = bx24.as_ref();
    INIT.with_borrow_mut(|slot| {
        if let Some((seen, state)) = slot {
            if seen == value {
                *state = InitState::Ready;
            }
        }
    });
}

/// What to ask of `BX24` once it is ready.
pub enum Request<'a> {
    /// `BX24.callMethod(method, params, cb)`.
    Method(&'a JsValue),
    /// `BX24.callBatch(calls, cb, false)`: `calls` is an array of
    /// `[method, params]`.
    Batch(&'a js_sys::Array),
}

/// Calls `method` through the page's `BX24` with already-checked `params`,
/// waiting at most `timeout_ms` in all (init included), and gives back the
/// answer's `result` (`ajaxResult.data()`), or the portal's error.
///
/// Not generic over the method, so that this async state machine is in the
/// `.wasm` once; callers decode the result.
pub async fn call(
    method: &'static str,
    params: &JsValue,
    timeout_ms: u32,
) -> Result<JsValue, Bx24Error> {
    let result = answer(method, Request::Method(params), timeout_ms).await?;
    result_data(method, result)
}

/// Sends `calls` in one `batch` request (`halt: false`) and gives back one
/// `result` or error per call, in order. `method` names the calls' method in
/// errors.
pub async fn call_batch(
    method: &'static str,
    calls: &js_sys::Array,
    timeout_ms: u32,
) -> Result<Vec<Result<JsValue, Bx24Error>>, Bx24Error> {
    let results = answer(method, Request::Batch(calls), timeout_ms).await?;
    Ok((0..calls.length())
        .map(|i| {
            result_data(
                method,
                js_sys::Reflect::get_u32(&results, i).unwrap_or_default(),
            )
        })
        .collect())
}

/// Waits, at most `timeout_ms`, until the page's `BX24` has finished
/// `BX24.init` (once per page), and gives it back.
pub async fn ready(method: &'static str, timeout_ms: u32) -> Result<Bx24, Bx24Error> {
    let bx24 = find().ok_or_else(|| Bx24Error::bx24_not_found(method))?;
    if let Some(init) = init_state(&bx24, method)? {
        let ready = settle_within(timeout_ms, &|resolve| {
            init.unchecked_ref::<Thenable>().then_call(resolve);
            Ok(())
        })
        .await
        .map_err(|thrown| Bx24Error::transport(method, &thrown_message(&thrown)))?;
        if ready.is_none() {
            return Err(Bx24Error {
                attempts: 0,
                ..Bx24Error::timeout(method, timeout_ms, "BX24.init did not call back")
            });
        }
        mark_ready(&bx24);
    }
    Ok(bx24)
}

/// Waits for `BX24.init` once, then for the callback of `request`.
async fn answer(
    method: &'static str,
    request: Request<'_>,
    timeout_ms: u32,
) -> Result<JsValue, Bx24Error> {
    let started = Date::now();
    let bx24 = ready(method, timeout_ms).await?;
    let name = keys::method(method);

    // Whatever init took comes out of the same budget.
    let elapsed = (Date::now() - started).max(0.0) as u32;
    let remaining = timeout_ms.saturating_sub(elapsed).max(1);
    let answer = settle_within(remaining, &|resolve| match request {
        Request::Method(params) => bx24.call_method(&name, params, resolve).map(drop),
        Request::Batch(calls) => bx24.call_batch(calls, resolve, false).map(drop),
    })
    .await
    .map_err(|thrown| Bx24Error::transport(method, &thrown_message(&thrown)))?;

    answer.ok_or_else(|| Bx24Error::timeout(method, timeout_ms, "BX24 did not call back"))
}

thread_local! {
    /// The token refresh in flight, shared by every call that needs it.
    static REFRESHING: RefCell<Option<Promise>> = const { RefCell::new(None) };
    /// How many refreshes have completed: a call whose request went out
    /// before the latest refresh resends without refreshing again.
    static REFRESHES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// How many token refreshes have completed on this page.
pub fn refresh_generation() -> u32 {
    REFRESHES.get()
}

/// Gets a fresh access token through `BX24.refreshAuth`, once for every
/// call that is waiting for one: concurrent callers share the refresh.
pub async fn refresh_auth(method: &'static str, timeout_ms: u32) -> Result<(), Bx24Error> {
    let bx24 = find().ok_or_else(|| Bx24Error::bx24_not_found(method))?;
    let pending = REFRESHING.with_borrow(Clone::clone);
    let (refresh, mine) = match pending {
        Some(p) => (p, false),
        None => {
            if !get(bx24.as_ref(), "refreshAuth").is_function() {
                return Err(Bx24Error::transport(
                    method,
                    "BX24.refreshAuth is not available",
                ));
            }
            let mut thrown = None;
            let p = Promise::new(&mut |resolve, _| thrown = bx24.refresh_auth(&resolve).err());
            if let Some(thrown) = thrown {
                return Err(Bx24Error::transport(method, &thrown_message(&thrown)));
            }
            REFRESHING.with_borrow_mut(|slot| *slot = Some(p.clone()));
            (p, true)
        }
    };
    let done = settle_within(timeout_ms, &|resolve| {
        refresh.unchecked_ref::<Thenable>().then_call(resolve);
        Ok(())
    })
    .await;
    if mine {
        REFRESHING.with_borrow_mut(|slot| *slot = None);
        if matches!(done, Ok(Some(_))) {
            REFRESHES.set(REFRESHES.get().wrapping_add(1));
        }
    }
    match done {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(Bx24Error::timeout(
            method,
            timeout_ms,
            "BX24.refreshAuth did not call back",
        )),
        Err(thrown) => Err(Bx24Error::transport(method, &thrown_message(&thrown))),
    }
}

/// Reads BX24.js's `ajaxResult`: `error()` first, then `data()`.
fn result_data(method: &'static str, result: JsValue) -> Result<JsValue, Bx24Error> {
    let not_ajax_result = |thrown: JsValue| {
        let expected = "an ajaxResult with error() and data()";
        Bx24Error::unexpected_answer(method, expected, &thrown_message(&thrown))
    };
    let result: AjaxResult = result.unchecked_into();
    let error = result.error().map_err(not_ajax_result)?;
    if error.is_truthy() {
        return Err(api_error(method, &error));
    }
    result.data().map_err(not_ajax_result)
}

/// Maps BX24.js's `ajaxError` (`status`, `ex.error`, `ex.error_description`)
/// to a `Bx24Error`, keeping the portal's own text.
fn api_error(method: &'static str, error: &JsValue) -> Bx24Error {
    let status = get(error, "status")
        .as_f64()
        .filter(|s| (0.0..=999.0).contains(s))
        .map(|s| s as u16);
    let ex = get(error, "ex");
    let code = get(&ex, "error").as_string().unwrap_or_default();
    let description = get(&ex, "error_description")
        .as_string()
        .unwrap_or_else(|| String::from(error.unchecked_ref::<Object>().to_string()));
    let reset_at = get(&get(&ex, "time"), "operating_reset_at").as_f64();
    Bx24Error {
        operating_reset_at: reset_at,
        ..Bx24Error::api(method, status, &code, description)
    }
}
