//! The per-call floor of dispatching `BX24.callMethod` from Rust through
//! wasm-bindgen.
//!
//! Every variant exports the same `setMeetingStatus(eventId, status)`: check
//! the arguments (a positive safe integer; one of `"Y"`, `"N"`, `"Q"`), build
//! `{ eventId, status }`, call
//! `BX24.callMethod('calendar.meeting.status.set', params, callback)` and
//! settle a promise from the answer's `error()` / `data()`. That is the work of
//! the plain JavaScript wrapper (`bench/contenders/plain.js`) plus the
//! argument checks, and nothing else of the module: no timeout, no rate
//! limit, no retries, no error mapping. What a variant costs per call is
//! therefore the least a Rust-side dispatch costs in that shape, and its ratio
//! to the plain wrapper is a floor for the module's. V1 keeps the module's
//! two constraints, `catch` on every import that can throw and the promise
//! made by `Promise::new`; the other variants lift one or more of them.
//!
//! The variants are Cargo features; `bench/floor/run.mjs` builds each
//! combination below and measures it against the plain wrapper:
//!
//! | variant | features | what it changes |
//! |---|---|---|
//! | V1 | (none) | the baseline: every throwing import declared with `catch` (as the module declares them), `Promise::new` with a stack closure (as the module makes its promise), `bind1(null, JsValue::from_f64(id))` |
//! | V2 | `nocatch` | V1 with no `catch` on any import |
//! | V3a | `resolvers` | V1 with `Promise.withResolvers()` instead of `Promise::new` |
//! | V3b | `executor` | V1 with `new Promise(EXECUTOR)`, one long-lived executor closure |
//! | V4 | `cachedparams` | V1 with one params object built once and never set (a bound) |
//! | V5 | `numbind` | V1 with `bind(null, id)` taking `id: f64` |
//! | F | `nocatch,executor,numbind` | V2 + V3b + V5 |
//! | F4 | `nocatch,executor,numbind,cachedparams` | F + V4 |
//! | X | `nocatch,numbind,tricks` | V2 + V5 + JS built-ins doing several steps per crossing |
//! | X4 | `nocatch,numbind,tricks,cachedparams` | X + V4 |
//!
//! The `probe` feature adds the exports of [`probe`], which time single
//! operations in a loop inside wasm; it is built on its own.
//!
//! The 19 crossings between JavaScript and wasm of one valid call in V1, as
//! `run.mjs` counts them: the export itself; `as_f64`, `is_string`, `length`,
//! `charCodeAt` (the checks); `new Promise` and the executor's call back into
//! wasm; `Object::new` and two setters (params); the `BX24` getter;
//! `JsValue::from_f64` and `bind`; `callMethod` and the answer callback's call
//! back into wasm; `error()`, `is_truthy`, `data()`; `resolve.call`. `catch`
//! adds none on the way where nothing throws: the glue wraps the same call in
//! a `try`.

#![warn(missing_docs)]

#[cfg(any(
    all(feature = "resolvers", feature = "executor"),
    all(feature = "resolvers", feature = "tricks"),
    all(feature = "executor", feature = "tricks"),
))]
compile_error!(
    "`resolvers`, `executor` and `tricks` each replace how the promise is made: choose one"
);

#[cfg(feature = "probe")]
pub mod probe;

use std::cell::RefCell;

use js_sys::{Function, JsString, Object, Promise};
use wasm_bindgen::prelude::*;

// ------------------------------------------------------------------ imports

#[wasm_bindgen]
extern "C" {
    /// The `{ eventId, status }` object sent to `callMethod`.
    type Params;
    #[wasm_bindgen(method, setter = eventId)]
    fn set_event_id(this: &Params, value: f64);
    #[wasm_bindgen(method, setter = status)]
    fn set_status(this: &Params, value: &JsValue);

    /// `globalThis`, read once (wasm-bindgen caches a `thread_local_v2`).
    type Global;
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL_THIS: Global;

    /// The portal's `BX24` object.
    type Bx24;
    /// What `callMethod` passes to its callback: `error()`, `data()`.
    type CallResult;

    /// A function seen through its own `bind` / `call` (typed arguments).
    type Callable;
    /// `Function.prototype.bind(ctx, id)` with `id` as a plain `f64` (V5):
    /// no `JsValue::from_f64` crossing before it.
    #[wasm_bindgen(method, js_name = bind)]
    fn bind_f64(this: &Callable, ctx: &JsValue, id: f64) -> Function;
}

/// The imports that can throw: `BX24` (a getter, absent outside a portal),
/// `callMethod`, the answer's `error()` / `data()`, and `resolve` / `reject`.
///
/// The module declares each of them with `catch`, so that a throw becomes an
/// `Err` instead of unwinding through wasm; V1 does the same. The glue then
/// wraps every such call in a `try` and, on a throw, stores the exception in
/// the externref table. `nocatch` (V2) declares them plain, to measure what
/// `catch` costs: a throw would then escape as a JS exception. Both versions
/// expose the same `Result` API, so the code below does not change.
#[cfg(not(feature = "nocatch"))]
mod ffi {
    use super::{Bx24, CallResult, Callable, Global};
    use js_sys::{Function, JsString};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(method, catch, getter = BX24)]
        fn bx24_(this: &Global) -> Result<Bx24, JsValue>;
        #[wasm_bindgen(method, catch, js_name = callMethod)]
        fn call_method_(
            this: &Bx24,
            method: &JsString,
            params: &JsValue,
            callback: &Function,
        ) -> Result<(), JsValue>;
        #[wasm_bindgen(method, catch, js_name = error)]
        fn error_(this: &CallResult) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(method, catch, js_name = data)]
        fn data_(this: &CallResult) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(method, catch, js_name = call)]
        fn call1_(this: &Callable, ctx: &JsValue, arg: &JsValue) -> Result<(), JsValue>;
    }

    /// `globalThis.BX24`.
    #[inline(always)]
    pub fn bx24(global: &Global) -> Result<Bx24, JsValue> {
        global.bx24_()
    }

    /// `bx24.callMethod(method, params, callback)`.
    #[inline(always)]
    pub fn call_method(
        bx24: &Bx24,
        method: &JsString,
        params: &JsValue,
        callback: &Function,
    ) -> Result<(), JsValue> {
        bx24.call_method_(method, params, callback)
    }

    /// `result.error()`.
    #[inline(always)]
    pub fn error(result: &CallResult) -> Result<JsValue, JsValue> {
        result.error_()
    }

    /// `result.data()`.
    #[inline(always)]
    pub fn data(result: &CallResult) -> Result<JsValue, JsValue> {
        result.data_()
    }

    /// `f.call(ctx, arg)`.
    #[inline(always)]
    pub fn call1(f: &Function, ctx: &JsValue, arg: &JsValue) -> Result<(), JsValue> {
        f.unchecked_ref::<Callable>().call1_(ctx, arg)
    }
}

/// The same imports as the `catch` version, declared without `catch` (V2).
#[cfg(feature = "nocatch")]
mod ffi {
    use super::{Bx24, CallResult, Callable, Global};
    use js_sys::{Function, JsString};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(method, getter = BX24)]
        fn bx24_(this: &Global) -> Bx24;
        #[wasm_bindgen(method, js_name = callMethod)]
        fn call_method_(this: &Bx24, method: &JsString, params: &JsValue, callback: &Function);
        #[wasm_bindgen(method, js_name = error)]
        fn error_(this: &CallResult) -> JsValue;
        #[wasm_bindgen(method, js_name = data)]
        fn data_(this: &CallResult) -> JsValue;
        #[wasm_bindgen(method, js_name = call)]
        fn call1_(this: &Callable, ctx: &JsValue, arg: &JsValue);
    }

    /// `globalThis.BX24`; a throw escapes as a JS exception.
    #[inline(always)]
    pub fn bx24(global: &Global) -> Result<Bx24, JsValue> {
        Ok(global.bx24_())
    }

    /// `bx24.callMethod(method, params, callback)`; a throw escapes.
    #[inline(always)]
    pub fn call_method(
        bx24: &Bx24,
        method: &JsString,
        params: &JsValue,
        callback: &Function,
    ) -> Result<(), JsValue> {
        bx24.call_method_(method, params, callback);
        Ok(())
    }

    /// `result.error()`; a throw escapes.
    #[inline(always)]
    pub fn error(result: &CallResult) -> Result<JsValue, JsValue> {
        Ok(result.error_())
    }

    /// `result.data()`; a throw escapes.
    #[inline(always)]
    pub fn data(result: &CallResult) -> Result<JsValue, JsValue> {
        Ok(result.data_())
    }

    /// `f.call(ctx, arg)`; a throw escapes.
    #[inline(always)]
    pub fn call1(f: &Function, ctx: &JsValue, arg: &JsValue) -> Result<(), JsValue> {
        f.unchecked_ref::<Callable>().call1_(ctx, arg);
        Ok(())
    }
}

// -------------------------------------------------------------------- state

/// The `resolve` / `reject` pairs of the calls waiting for an answer, by id.
/// Freed ids are reused, so a long run does not grow it.
struct Pending {
    slots: Vec<Option<(Function, Function)>>,
    free: Vec<u32>,
}

thread_local! {
    /// The method name as one JS string, made once.
    static METHOD: JsString = JsString::from("calendar.meeting.status.set");
    static PENDING: RefCell<Pending> = const { RefCell::new(Pending { slots: Vec::new(), free: Vec::new() }) };
    /// The one long-lived answer callback, `(id, result)`; each call binds its
    /// id to it, as the module does (no closure per call).
    static CALLBACK: Function = Closure::<dyn FnMut(f64, JsValue)>::new(on_answer)
        .into_js_value()
        .unchecked_into();
}

#[cfg(feature = "cachedparams")]
thread_local! {
    /// V4 (`cachedparams`): one params object, built once and sent as is.
    ///
    /// It is never set, so the stub answers the same whatever the arguments:
    /// this variant is not a correct implementation but a bound, "what if
    /// building params cost nothing" (no `Object::new`, no setters: 3
    /// crossings fewer).
    static PARAMS: Params = Object::new().unchecked_into();
}

/// Remembers `resolve` / `reject` and returns their id.
fn insert(resolve: Function, reject: Function) -> u32 {
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        match p.free.pop() {
            Some(id) => {
                p.slots[id as usize] = Some((resolve, reject));
                id
            }
            None => {
                p.slots.push(Some((resolve, reject)));
                (p.slots.len() - 1) as u32
            }
        }
    })
}

/// Takes the pair stored under `id`, if it is still there.
fn take(id: u32) -> Option<(Function, Function)> {
    PENDING.with(|p| {
        let mut p = p.borrow_mut();
        let entry = p.slots.get_mut(id as usize)?.take();
        if entry.is_some() {
            p.free.push(id);
        }
        entry
    })
}

/// The answer callback: `error()` if truthy rejects, else `data()` resolves.
fn on_answer(id: f64, result: JsValue) {
    let Some((resolve, reject)) = take(id as u32) else {
        return;
    };
    let result: &CallResult = result.unchecked_ref();
    let outcome = match ffi::error(result) {
        Err(thrown) => Err(thrown),
        Ok(error) if error.is_truthy() => Err(error),
        Ok(_) => ffi::data(result),
    };
    // `resolve` and `reject` do not throw; a throw would have nowhere to go.
    let _ = match outcome {
        Ok(value) => ffi::call1(&resolve, &JsValue::NULL, &value),
        Err(error) => ffi::call1(&reject, &JsValue::NULL, &error),
    };
}

/// The answer callback with `id` bound as its first argument.
fn bound_callback(id: u32) -> Function {
    CALLBACK.with(|callback| {
        // V5: `bind(null, id)` with `id: f64` straight from wasm.
        #[cfg(feature = "numbind")]
        {
            callback
                .unchecked_ref::<Callable>()
                .bind_f64(&JsValue::NULL, f64::from(id))
        }
        // V1: js-sys's `bind1`, which takes a `&JsValue`: one more crossing.
        #[cfg(not(feature = "numbind"))]
        {
            callback
                .bind1(&JsValue::NULL, &JsValue::from_f64(f64::from(id)))
                .unchecked_into()
        }
    })
}

/// Builds the params (unless V4) and sends; the body of every executor.
fn send(event_id: f64, status: &JsValue, resolve: Function, reject: Function) {
    #[cfg(feature = "cachedparams")]
    {
        let _ = (event_id, status);
        PARAMS.with(|params| send_with(params, resolve, reject))
    }
    #[cfg(not(feature = "cachedparams"))]
    {
        let params: Params = Object::new().unchecked_into();
        params.set_event_id(event_id);
        params.set_status(status);
        send_with(&params, resolve, reject)
    }
}

/// `BX24.callMethod(METHOD, params, callback bound to a new id)`; a throw
/// from the `BX24` lookup or from `callMethod` rejects the promise.
fn send_with(params: &JsValue, resolve: Function, reject: Function) {
    let bx24 = match GLOBAL_THIS.with(ffi::bx24) {
        Ok(bx24) => bx24,
        Err(error) => {
            let _ = ffi::call1(&reject, &JsValue::NULL, &error);
            return;
        }
    };
    let id = insert(resolve, reject);
    let callback = bound_callback(id);
    if let Err(error) = METHOD.with(|method| ffi::call_method(&bx24, method, params, &callback)) {
        if let Some((_, reject)) = take(id) {
            let _ = ffi::call1(&reject, &JsValue::NULL, &error);
        }
    }
}

/// A promise rejected with a `TypeError(message)`: invalid arguments.
fn invalid(message: &str) -> Promise {
    Promise::reject(&js_sys::TypeError::new(message))
}

// -------------------------------------------------- promise: V3b executor

#[cfg(feature = "executor")]
#[wasm_bindgen]
extern "C" {
    /// `Promise`, to call its constructor with a `&Function` (js-sys's
    /// `Promise::new` takes a Rust closure and wraps it per call).
    #[wasm_bindgen(js_name = Promise)]
    type PromiseCtor;
    #[wasm_bindgen(constructor, js_class = "Promise")]
    fn new(executor: &Function) -> PromiseCtor;
}

#[cfg(feature = "executor")]
thread_local! {
    /// The arguments of the call being made, for [`EXECUTOR`] to pick up
    /// (`new Promise` runs its executor synchronously).
    static ARGS: RefCell<Option<(f64, JsValue)>> = const { RefCell::new(None) };
    /// V3b: one executor for every call, made once: `Promise::new` builds a
    /// JS function around a stack closure on every call instead.
    static EXECUTOR: Function = Closure::<dyn FnMut(Function, Function)>::new(run_executor)
        .into_js_value()
        .unchecked_into();
}

/// The long-lived executor: sends the call [`ARGS`] holds.
#[cfg(feature = "executor")]
fn run_executor(resolve: Function, reject: Function) {
    let Some((event_id, status)) = ARGS.with(|a| a.borrow_mut().take()) else {
        return;
    };
    send(event_id, &status, resolve, reject);
}

// ------------------------------------------- X: JS built-ins, fewer crossings

#[cfg(feature = "tricks")]
#[wasm_bindgen]
extern "C" {
    /// `Number.isSafeInteger(v)`: the type and integer checks in one crossing.
    #[wasm_bindgen(js_namespace = Number, js_name = isSafeInteger)]
    fn is_safe_integer(value: &JsValue) -> bool;

    /// A `Map` from `"Y"` / `"N"` / `"Q"` to a number.
    type StatusCodes;
    /// `map.get(status)`: `undefined` (read as NaN) for anything else; the
    /// status check in one crossing, whatever the argument's type.
    #[wasm_bindgen(method, js_name = get)]
    fn code(this: &StatusCodes, status: &JsValue) -> f64;

    /// `Promise`, to call its constructor with a `&Function`.
    #[wasm_bindgen(js_name = Promise)]
    type PromiseCtor;
    #[wasm_bindgen(constructor, js_class = "Promise")]
    fn new(executor: &Function) -> PromiseCtor;

    /// An array that receives `[resolve, reject]`.
    type Stash;
    #[wasm_bindgen(method)]
    fn pop(this: &Stash) -> Function;
    /// `array.push`, read once.
    #[wasm_bindgen(method, getter = push)]
    fn push_fn(this: &Stash) -> Function;
}

#[cfg(feature = "tricks")]
thread_local! {
    static STATUS_CODES: StatusCodes = {
        let map = js_sys::Map::new();
        for (i, status) in ["Y", "N", "Q"].into_iter().enumerate() {
            map.set(&JsValue::from_str(status), &JsValue::from_f64(i as f64 + 1.0));
        }
        map.unchecked_into()
    };
    static STASH: Stash = js_sys::Array::new().unchecked_into();
    /// `STASH.push` bound to `STASH`: `new Promise(PUSH)` leaves
    /// `[resolve, reject]` in it with no wasm executor at all.
    static PUSH: Function = STASH.with(|stash| stash.push_fn().bind0(stash));
}

/// X: `Number.isSafeInteger`, `Map.get` and a promise made by a bound
/// `Array.prototype.push`: 2 crossings for the checks instead of 4, and 3 for
/// the promise (constructor, two `pop`s) with no call back into wasm.
#[cfg(feature = "tricks")]
#[wasm_bindgen(js_name = setMeetingStatus)]
pub fn set_meeting_status(event_id: JsValue, status: JsValue) -> Promise {
    if !is_safe_integer(&event_id) {
        return invalid("eventId: not an integer");
    }
    let event_id = event_id.unchecked_into_f64();
    if event_id < 1.0 {
        return invalid("eventId: not a positive integer");
    }
    if STATUS_CODES.with(|codes| codes.code(&status)).is_nan() {
        return invalid("status: not Y, N or Q");
    }
    let promise: Promise = PUSH.with(PromiseCtor::new).unchecked_into();
    let (reject, resolve) = STASH.with(|stash| (stash.pop(), stash.pop()));
    send(event_id, &status, resolve, reject);
    promise
}

// ------------------------------------------- V1 .. V5, F, F4: the module's shape

/// The checks as the module makes them (`as_f64`, `is_string`, `length`,
/// `charCodeAt`: one crossing each), then a promise made one of three ways:
/// `Promise::new` with a stack closure (V1), `Promise.withResolvers()`
/// (`resolvers`, V3a) or a long-lived executor (`executor`, V3b).
#[cfg(not(feature = "tricks"))]
#[wasm_bindgen(js_name = setMeetingStatus)]
pub fn set_meeting_status(event_id: JsValue, status: JsValue) -> Promise {
    const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
    let Some(event_id) = event_id.as_f64() else {
        return invalid("eventId: not a number");
    };
    // NaN fails `contains`.
    if !(1.0..=MAX_SAFE_INTEGER).contains(&event_id) || event_id != event_id.trunc() {
        return invalid("eventId: not a positive integer");
    }
    if !status.is_string() {
        return invalid("status: not a string");
    }
    let text: &JsString = status.unchecked_ref();
    if text.length() != 1 || !matches!(text.char_code_at(0) as u32, 0x59 | 0x4E | 0x51) {
        return invalid("status: not Y, N or Q");
    }

    // V3a: `Promise.withResolvers()` and three getters, no executor at all.
    #[cfg(feature = "resolvers")]
    {
        let with = Promise::<JsValue, JsValue>::with_resolvers::<JsValue, JsValue>();
        let promise = with.promise();
        send(
            event_id,
            &status,
            with.resolve().unchecked_into(),
            with.reject().unchecked_into(),
        );
        promise.unchecked_into()
    }
    // V3b: the arguments go through `ARGS` to the long-lived executor.
    #[cfg(feature = "executor")]
    {
        ARGS.with(|a| *a.borrow_mut() = Some((event_id, status)));
        EXECUTOR.with(PromiseCtor::new).unchecked_into()
    }
    // V1: js-sys's `Promise::new`, a JS function around this stack closure.
    #[cfg(not(any(feature = "resolvers", feature = "executor")))]
    {
        let mut status = Some(status);
        Promise::new(&mut |resolve, reject| {
            if let Some(status) = status.take() {
                send(event_id, &status, resolve, reject);
            }
        })
    }
}
