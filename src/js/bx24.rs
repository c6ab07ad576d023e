//! The transport over the page's `BX24` object (BX24.js).
//!
//! `globalThis.BX24` is looked up at every request, since a page may load
//! BX24.js after this module. Requests wait for `BX24.init` once per `BX24`
//! object, then call `BX24.callMethod(method, params, callback)` (or
//! `BX24.callBatch`) exactly once, with the engine's bound callback.

#[allow(unused_imports)]
use crate::prelude::*;

use core::cell::{Cell, RefCell};

use wasm_bindgen::{JsCast, JsValue};

use super::answer;
use super::client::Readiness;
use super::engine::{self, Call, Delivery, Job, Read};
use super::ffi::{self, AjaxResult, Bx24};
use super::read::{field, thrown_message};
use crate::error::Bx24Error;
use crate::text::cat;

/// Where the page's `BX24` stands with `BX24.init`.
struct Init {
    /// The `BX24` object it is about (compared by identity).
    bx24: JsValue,
    /// Names the `init` call, for its callback.
    generation: u32,
    ready: bool,
}

global! {
    static INIT: RefCell<Option<Init>> = const { RefCell::new(None) };
    static INITS: Cell<u32> = const { Cell::new(0) };
    /// A `BX24.refreshAuth` is in flight.
    static REFRESHING: Cell<bool> = const { Cell::new(false) };
    /// How many `BX24.refreshAuth` calls have called back.
    static REFRESHES: Cell<u32> = const { Cell::new(0) };
}

fn transport_error(method: &'static str, what: &str, thrown: &JsValue) -> Bx24Error {
    Bx24Error::transport(method, &cat(&[what, " threw: ", &thrown_message(thrown)]))
}

/// [`transport_error`] for a throw before anything was sent.
pub(super) fn unsent_error(method: &'static str, what: &str, thrown: &JsValue) -> Bx24Error {
    let mut error = transport_error(method, what, thrown);
    error.attempts = 0;
    error
}

/// `globalThis.BX24`, whatever it is.
fn global_bx24(method: &'static str) -> Result<JsValue, Bx24Error> {
    ffi::Global::bx24().map_err(|t| unsent_error(method, "reading BX24", &t))
}

/// The page's `BX24`, when it has one with a `callMethod` function.
fn find(method: &'static str) -> Result<Bx24, Bx24Error> {
    let bx24 = global_bx24(method)?;
    checked(method, &bx24)?;
    Ok(bx24.unchecked_into())
}

/// Whether `bx24` is an object with a `callMethod` function.
fn checked(method: &'static str, bx24: &JsValue) -> Result<(), Bx24Error> {
    if bx24.is_object() {
        let call_method = bx24
            .unchecked_ref::<Bx24>()
            .call_method_property()
            .map_err(|t| unsent_error(method, "reading BX24.callMethod", &t))?;
        if call_method.is_function() {
            return Ok(());
        }
    }
    Err(Bx24Error::bx24_not_found(method))
}

/// Whether `bx24` is the `BX24` whose init was asked for, and if so,
/// whether that init has called back.
fn known(bx24: &JsValue) -> Option<bool> {
    INIT.with_borrow(|init| match init {
        Some(i) if i.bx24 == *bx24 => Some(i.ready),
        _ => None,
    })
}

/// Whether the page's `BX24` has finished `BX24.init`; calls it (once per
/// `BX24` object) when it has not been called yet.
pub fn ready(method: &'static str) -> Result<Readiness, Bx24Error> {
    let current = global_bx24(method)?;
    // The BX24 seen before was checked then: one property read per call.
    let mut state = known(&current);
    if state.is_none() {
        start_init(method, &current)?;
        state = known(&current);
    }
    Ok(match state {
        Some(true) => Readiness::Ready(current),
        _ => Readiness::Wait,
    })
}

/// Checks `bx24`, a `BX24` not seen before, and calls its `init`, unless
/// another BX24's init is pending.
fn start_init(method: &'static str, bx24: &JsValue) -> Result<(), Bx24Error> {
    checked(method, bx24)?;
    // One `BX24.init` at a time: while another BX24's init is pending, wait
    // for it. A page whose `BX24` getter gives a new object at every read
    // then costs one init per round, not one per waiting call per round.
    if INIT.with_borrow(|init| init.as_ref().is_some_and(|i| !i.ready)) {
        return Ok(());
    }
    // A BX24 without init (a test double, or an SDK shim) is ready.
    let has_init = field(bx24, "init").is_function();
    let generation = INITS.get().wrapping_add(1);
    INITS.set(generation);
    let init = Init {
        bx24: bx24.clone(),
        generation,
        ready: !has_init,
    };
    INIT.with_borrow_mut(|slot| *slot = Some(init));
    // No borrow is held: init may call back synchronously.
    if has_init {
        if let Err(thrown) = bx24
            .unchecked_ref::<Bx24>()
            .init(&super::callback::init(generation))
        {
            INIT.with_borrow_mut(|slot| *slot = None);
            return Err(unsent_error(method, "BX24.init", &thrown));
        }
    }
    Ok(())
}

/// A call gave up waiting for `BX24.init`: forget the pending init, so
/// that the next call starts a new one (a replaced or broken BX24 must not
/// block the page for good).
pub fn init_abandoned() {
    INIT.with_borrow_mut(|init| {
        if init.as_ref().is_some_and(|i| !i.ready) {
            *init = None;
        }
    });
}

/// `BX24.init` number `generation` called back.
pub fn init_done(generation: u32) {
    INIT.with_borrow_mut(|init| {
        if let Some(i) = init {
            if i.generation == generation {
                i.ready = true;
            }
        }
    });
    // Calls waiting for an older BX24's init look again (at the current one).
    engine::wake_all(&|call| call.state == engine::State::Init, &engine::resend);
}

/// The names of the methods sent one by one, by [`Read`] (the method a
/// call's answer is read for), made once per client: passing a Rust `&str`
/// copies and decodes it each time.
pub fn names() -> [JsValue; 3] {
    [
        JsValue::from_str(crate::method::MEETING_STATUS_SET),
        JsValue::from_str(crate::method::MEETING_STATUS_GET),
        JsValue::from_str(crate::meeting::EVENT_GET_NEAREST),
    ]
}

/// Sends the request of `call` (row `id`) through `bx24`, the object that
/// [`ready`] found, with the client's [`names`].
pub fn dispatch(
    id: f64,
    call: &Call,
    bx24: &JsValue,
    names: &[JsValue; 3],
) -> Result<(), Bx24Error> {
    let bx24: &Bx24 = bx24.unchecked_ref();
    let callback = super::callback::answer(id, call.request);
    let sent = match &call.job {
        Job::Single(single) => {
            let [set, get, nearest] = names;
            let name = match single.read {
                Read::SetStatus => set,
                Read::GetStatus => get,
                Read::Nearest => nearest,
            };
            bx24.call_method(name, &single.params, &callback)
        }
        Job::Bulk(bulk) => match bulk.calls() {
            Ok(calls) => bx24.call_batch(&calls, &callback, false),
            Err(thrown) => return Err(super::api::unwritable(call.method, &thrown)),
        },
    };
    sent.map_err(|thrown| transport_error(call.method, "BX24", &thrown))
}

/// What BX24's callback got, as the engine reads it.
pub fn delivery(job: &Job, argument: JsValue) -> Delivery {
    match job {
        Job::Single(single) => Delivery::One(result_data(single.method, &argument)),
        Job::Bulk(bulk) => Delivery::Many(batch_results(
            crate::method::MEETING_STATUS_SET,
            &argument,
            bulk.in_flight(),
        )),
    }
}

/// Reads BX24.js's `ajaxResult`: `error()` first, then `data()`.
fn result_data(method: &'static str, result: &JsValue) -> Result<JsValue, Bx24Error> {
    let not_ajax_result = |thrown: JsValue| {
        Bx24Error::unexpected_answer(
            method,
            "an ajaxResult with error() and data()",
            &thrown_message(&thrown),
        )
    };
    let result: &AjaxResult = result.unchecked_ref();
    let read = result.error().and_then(|error| {
        if error.is_truthy() {
            Ok(Err(error))
        } else {
            result.data().map(Ok)
        }
    });
    match read {
        Ok(Ok(data)) => Ok(data),
        Ok(Err(error)) => Err(api_error(method, &error)),
        Err(thrown) => Err(not_ajax_result(thrown)),
    }
}

/// The answers of a `callBatch` of `count` calls: an array of ajaxResults,
/// or one ajaxResult whose error is the whole request's (a 401, a limit).
fn batch_results(
    method: &'static str,
    answer: &JsValue,
    count: usize,
) -> Result<Vec<Result<JsValue, Bx24Error>>, Bx24Error> {
    if ffi::is_array(answer).unwrap_or(false) {
        // `count` is the commands in flight: at most 50.
        let mut results = Vec::with_capacity(count);
        for i in 0..count {
            let item = js_sys::Reflect::get_u32(answer, i as u32).unwrap_or_default();
            results.push(result_data(method, &item));
        }
        return Ok(results);
    }
    // Not an array: the batch request itself failed (or the answer is
    // garbage, which fails every item alike).
    match result_data(method, answer) {
        Err(error) => Err(error),
        Ok(_) => Err(Bx24Error::unexpected_answer(
            method,
            "one answer per batch command",
            "a single answer",
        )),
    }
}

/// Maps BX24.js's `ajaxError` (`status`, `ex.error`, `ex.error_description`)
/// to a `Bx24Error`, keeping the portal's own text.
fn api_error(method: &'static str, error: &JsValue) -> Bx24Error {
    let status = answer::http_status(&field(error, "status"));
    let ex = field(error, "ex");
    let mut parsed = answer::error_answer(&ex, status);
    if parsed.description.is_none() {
        // Some BX24 builds keep only the text form of the error.
        parsed.description = answer::described(error);
    }
    Bx24Error::from_answer(method, parsed)
}

/// How many `BX24.refreshAuth` calls have called back on this page.
pub fn refresh_generation() -> u32 {
    REFRESHES.get()
}

/// Starts `BX24.refreshAuth` unless one is in flight; shared by every call
/// that needs it.
pub fn refresh(method: &'static str) -> Result<(), Bx24Error> {
    if REFRESHING.get() {
        return Ok(());
    }
    let bx24 = find(method)?;
    if !field(bx24.as_ref(), "refreshAuth").is_function() {
        return Err(Bx24Error::transport(
            method,
            "BX24.refreshAuth is not available",
        ));
    }
    REFRESHING.set(true);
    if let Err(thrown) = bx24.refresh_auth(&super::callback::refresh()) {
        REFRESHING.set(false);
        return Err(transport_error(method, "BX24.refreshAuth", &thrown));
    }
    Ok(())
}

/// `BX24.refreshAuth` called back.
pub fn refresh_done() {
    if !REFRESHING.replace(false) {
        // A second callback for the same refresh.
        return;
    }
    REFRESHES.set(REFRESHES.get().wrapping_add(1));
    // Every call waiting for a refresh on a client over BX24 goes on.
    engine::wake_all(
        &|call| {
            call.state == engine::State::Refresh
                && matches!(call.client.transport, super::client::Transport::Bx24)
        },
        &engine::resend,
    );
}

/// Forgets a refresh that did not call back in time.
pub fn refresh_abandoned() {
    REFRESHING.set(false);
}
