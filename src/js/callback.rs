//! The one JavaScript function through which everything calls back into
//! the module: answers from `BX24`, `BX24.init` and `BX24.refreshAuth`
//! calling back, the shared timer, and the executor of every promise the
//! module makes.
//!
//! It is the module's own export `__bx24_event`, taken from the instance's
//! exports object (not the glue's wrapper of it: JavaScript calls straight
//! into wasm). Every callback handed to JavaScript is this function bound
//! (`Function.prototype.bind`) to a kind and an id, so no Rust closure is
//! made per call and nothing in wasm memory outlives a call. (A
//! wasm-bindgen `Closure` served before: its glue wrapper counted
//! references and spread its arguments on every call, and it cost about
//! 0.5 KB gzip more.)

use core::cell::Cell;

use js_sys::Function;
use wasm_bindgen::prelude::*;

use super::ffi;

/// The kinds of event the callback carries (the three low bits of its
/// first bound argument; an answer carries its request number above them).
mod kind {
    pub const ANSWER: u32 = 0;
    pub const INIT: u32 = 1;
    pub const REFRESH: u32 = 2;
    pub const TICK: u32 = 3;
    pub const EXECUTOR: u32 = 4;
}

global! {
    /// `(kind, id, argument, second) => …`: the export `__bx24_event`,
    /// read from the instance's exports (a frozen object: reading it
    /// cannot throw). Every build has it: `scripts/build.sh` fails without
    /// it and tests/js/names.test.mjs checks that it keeps its name.
    static DISPATCH: Function = js_sys::Reflect::get(&wasm_bindgen::exports(), &JsValue::from_str(EXPORT))
        .unwrap_or_default()
        .unchecked_into();

    /// Numbers every request sent, so that an answer finds its request.
    static REQUESTS: Cell<u32> = const { Cell::new(0) };
}

// JavaScript calls the export directly, with any values: wasm-bindgen
// passes them as they are only when it uses reference types (externref),
// which it does when the target has them (the default from Rust 1.82).
// Without, they would arrive as numbers and every answer as `undefined`.
#[cfg(all(target_arch = "wasm32", not(target_feature = "reference-types")))]
compile_error!(
    "bx24-meeting needs the wasm reference-types feature (Rust >= 1.82, no -Ctarget-cpu=mvp)"
);

/// The export's name; `npm/short-names.mjs` keeps it as it is.
const EXPORT: &str = "__bx24_event";

/// Where every callback of the module enters wasm; called only through the
/// functions [`bound`] makes.
#[doc(hidden)]
#[wasm_bindgen(js_name = "__bx24_event", skip_typescript)]
pub fn on_event(kind: u32, id: f64, argument: JsValue, second: JsValue) {
    event(kind, id, argument, second);
}

/// [`on_event`]'s body, kept out of the wrapper wasm-bindgen makes for the
/// export: inlined there, it cost 116 B gzip more.
#[inline(never)]
fn event(kind: u32, id: f64, argument: JsValue, second: JsValue) {
    match kind & 7 {
        kind::ANSWER => super::engine::answer(id, kind >> 3, argument),
        kind::INIT => super::bx24::init_done(id as u32),
        kind::REFRESH => super::bx24::refresh_done(),
        kind::TICK => super::timer::fired(),
        _ => super::engine::executed(argument.unchecked_into(), second.unchecked_into()),
    }
}

/// The callback for an event of `kind` about `id`.
fn bound(kind: u32, id: f64) -> Function {
    DISPATCH.with(|dispatch| {
        dispatch
            .unchecked_ref::<ffi::Own>()
            .bind(&JsValue::NULL, kind, id)
    })
}

/// A new request number.
pub fn next_request() -> u32 {
    let request = crate::request::next(REQUESTS.get());
    REQUESTS.set(request);
    request
}

/// The callback BX24 calls with the answer to request `request` of call `id`.
pub fn answer(id: f64, request: u32) -> Function {
    bound(kind::ANSWER | (request << 3), id)
}

/// The callback `BX24.init` calls; `generation` names the init.
pub fn init(generation: u32) -> Function {
    bound(kind::INIT, f64::from(generation))
}

/// The callback `BX24.refreshAuth` calls.
pub fn refresh() -> Function {
    bound(kind::REFRESH, 0.0)
}

global! {
    /// The executor of every promise the module makes, bound once.
    static EXECUTOR: Function = bound(kind::EXECUTOR, 0.0);
}

/// A new promise, whose executor hands its `resolve` and `reject` to the
/// engine ([`super::engine::executed`]) before this returns.
pub fn promise() -> js_sys::Promise {
    EXECUTOR.with(|executor| ffi::Made::new(executor).unchecked_into())
}

/// The shared timer's handler.
pub fn tick() -> Function {
    bound(kind::TICK, 0.0)
}
