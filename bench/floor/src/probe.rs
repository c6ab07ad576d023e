//! The per-operation probe (feature `probe`): each export repeats one
//! operation `n` times in a loop inside wasm, so that the page's call into
//! wasm is paid once per `n`; `bench/floor/run.mjs` divides the time by `n`.
//! `p_loop` is the empty loop; `p_export` is the one probe called from
//! JavaScript once per operation, for the cost of an export call.
//!
//! Every result is summed into the return value, so that the optimiser keeps
//! the operation.

use js_sys::{Function, JsString, Object, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `{ eventId, status }`, as the variants build it.
    type ProbeParams;
    #[wasm_bindgen(method, setter = eventId)]
    fn set_event_id(this: &ProbeParams, value: f64);
    #[wasm_bindgen(method, setter = status)]
    fn set_status(this: &ProbeParams, value: &JsValue);

    /// A function through its own `bind` / `call`.
    type ProbeCallable;
    #[wasm_bindgen(method, js_name = bind)]
    fn bind_f64(this: &ProbeCallable, ctx: &JsValue, id: f64) -> Function;
    #[wasm_bindgen(method, js_name = call)]
    fn call_plain(this: &ProbeCallable, ctx: &JsValue, arg: &JsValue);
    #[wasm_bindgen(method, catch, js_name = call)]
    fn call_catch(this: &ProbeCallable, ctx: &JsValue, arg: &JsValue) -> Result<(), JsValue>;

    /// An answer with `error()` / `data()`.
    type ProbeResult;
    #[wasm_bindgen(method, js_name = error)]
    fn error_plain(this: &ProbeResult) -> JsValue;
    #[wasm_bindgen(method, catch, js_name = error)]
    fn error_catch(this: &ProbeResult) -> Result<JsValue, JsValue>;

    /// The page's `BX24` stub.
    type ProbeBx24;
    #[wasm_bindgen(method, js_name = callMethod)]
    fn call_method(this: &ProbeBx24, method: &JsString, params: &JsValue, callback: &Function);

    /// `Promise`, constructed with a `&Function`.
    #[wasm_bindgen(js_name = Promise)]
    type ProbePromise;
    #[wasm_bindgen(constructor, js_class = "Promise")]
    fn new(executor: &Function) -> ProbePromise;
}

thread_local! {
    /// The method name as one JS string, made once.
    static PROBE_METHOD: JsString = JsString::from("calendar.meeting.status.set");
    /// A long-lived Rust closure `(f64, JsValue)`, like the answer callback.
    static NOOP_CALLBACK: Function = Closure::<dyn FnMut(f64, JsValue)>::new(|_: f64, _: JsValue| {})
        .into_js_value()
        .unchecked_into();
    /// A long-lived Rust executor that does nothing.
    static NOOP_EXECUTOR: Function = Closure::<dyn FnMut(Function, Function)>::new(|_: Function, _: Function| {})
        .into_js_value()
        .unchecked_into();
}

/// `#[wasm_bindgen] pub fn $name(n, args…) -> f64`: `$body` (an `f64`) summed
/// over `n` iterations.
macro_rules! probe {
    ($(#[$doc:meta])* $name:ident, |$($arg:ident: $ty:ty),*| $body:expr) => {
        $(#[$doc])*
        #[wasm_bindgen]
        pub fn $name(n: u32, $($arg: $ty),*) -> f64 {
            let mut sum = 0.0f64;
            for _ in 0..n {
                sum += $body;
            }
            sum
        }
    };
}

probe!(
    /// The empty loop.
    p_loop,
    | | 0.0
);
probe!(
    /// `JsValue::is_string`: one intrinsic import.
    p_is_string,
    |value: JsValue| f64::from(u8::from(value.is_string()))
);
probe!(
    /// `JsValue::is_truthy`: one intrinsic import.
    p_is_truthy,
    |value: JsValue| f64::from(u8::from(value.is_truthy()))
);
probe!(
    /// `JsValue::as_f64`: a type check and a read.
    p_as_f64,
    |value: JsValue| value.as_f64().unwrap_or(0.0)
);
probe!(
    /// The variants' argument checks: `as_f64`, `is_string`, `length`,
    /// `charCodeAt`.
    p_validate,
    |event_id: JsValue, status: JsValue| {
        let id = event_id.as_f64().unwrap_or(0.0);
        let ok = status.is_string() && {
            let text: &JsString = status.unchecked_ref();
            text.length() == 1 && text.char_code_at(0) == 89.0
        };
        id + f64::from(u8::from(ok))
    }
);
probe!(
    /// `Object::new()`.
    p_object_new,
    | | {
        let _object = Object::new();
        1.0
    }
);
probe!(
    /// `Object::new()` and two setters: the variants' params.
    p_object,
    |status: JsValue| {
        let params: ProbeParams = Object::new().unchecked_into();
        params.set_event_id(1.0);
        params.set_status(&status);
        1.0
    }
);
probe!(
    /// `Promise::new` with a stack closure (V1): a JS function made around
    /// the closure and invoked as the executor.
    p_promise_new,
    | | {
        let _promise = Promise::new(&mut |_resolve, _reject| {});
        1.0
    }
);
probe!(
    /// `Promise.withResolvers()` and its three getters (V3a).
    p_with_resolvers,
    | | {
        let with = Promise::<JsValue, JsValue>::with_resolvers::<JsValue, JsValue>();
        let _ = (with.promise(), with.resolve(), with.reject());
        1.0
    }
);
probe!(
    /// `new Promise(EXECUTOR)` with a long-lived Rust executor (V3b).
    p_exec_promise,
    | | {
        let _promise = NOOP_EXECUTOR.with(ProbePromise::new);
        1.0
    }
);
probe!(
    /// `bind1(null, JsValue::from_f64(3))` (V1).
    p_bind1,
    | | {
        let _bound = NOOP_CALLBACK.with(|f| f.bind1(&JsValue::NULL, &JsValue::from_f64(3.0)));
        1.0
    }
);
probe!(
    /// `bind(null, 3)` with an `f64` argument (V5).
    p_bind_num,
    | | {
        let _bound = NOOP_CALLBACK.with(|f| f.unchecked_ref::<ProbeCallable>().bind_f64(&JsValue::NULL, 3.0));
        1.0
    }
);
probe!(
    /// `f.call(null, v)` of a JS no-op, declared without `catch`.
    p_call_nc,
    |f: Function, value: JsValue| {
        f.unchecked_ref::<ProbeCallable>().call_plain(&JsValue::NULL, &value);
        1.0
    }
);
probe!(
    /// `f.call(null, v)` of a JS no-op, declared with `catch`.
    p_call_c,
    |f: Function, value: JsValue| {
        let _ = f.unchecked_ref::<ProbeCallable>().call_catch(&JsValue::NULL, &value);
        1.0
    }
);
probe!(
    /// `result.error()` (a JS method returning `undefined`), without `catch`.
    p_error_nc,
    |result: JsValue| {
        let _ = result.unchecked_ref::<ProbeResult>().error_plain();
        1.0
    }
);
probe!(
    /// `result.error()`, with `catch`.
    p_error_c,
    |result: JsValue| {
        let _ = result.unchecked_ref::<ProbeResult>().error_catch();
        1.0
    }
);
probe!(
    /// `BX24.callMethod(METHOD, params, callback)` with a long-lived Rust
    /// callback: the import, the stub, and the callback's call back into wasm.
    p_call_method,
    |bx24: JsValue, params: JsValue| {
        NOOP_CALLBACK.with(|callback| {
            PROBE_METHOD.with(|method| bx24.unchecked_ref::<ProbeBx24>().call_method(method, &params, callback))
        });
        1.0
    }
);
probe!(
    /// The same with the callback bound per call (`bind(null, 3)` first).
    p_call_method_bound,
    |bx24: JsValue, params: JsValue| {
        let callback = NOOP_CALLBACK.with(|f| f.unchecked_ref::<ProbeCallable>().bind_f64(&JsValue::NULL, 3.0));
        PROBE_METHOD.with(|method| bx24.unchecked_ref::<ProbeBx24>().call_method(method, &params, &callback));
        1.0
    }
);

/// An export that does nothing with its two `JsValue` arguments: called from
/// JavaScript once per operation, it times one export call.
#[wasm_bindgen]
pub fn p_export(_event_id: JsValue, _status: JsValue) -> f64 {
    1.0
}
