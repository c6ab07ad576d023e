//! The clock and the one timer every pending call shares.
//!
//! BX24.js never calls back on a 5xx or a network error, so every request
//! has a deadline; instead of a `setTimeout` per call, one timer is armed
//! for the earliest deadline of all calls, and cleared when no call is
//! left (so that a page, or Node, can go idle).

use core::cell::{Cell, RefCell};

use wasm_bindgen::JsValue;

use super::ffi;

/// The longest delay a JavaScript timer holds (2^31 − 1 ms); a longer one
/// fires at once, so a longer wait is taken in steps.
const MAX_TIMER_MS: f64 = 2_147_483_647.0;

struct Timer {
    /// When the armed timer fires (infinite: none armed).
    at: f64,
    /// The armed timer's handle (`None`: none armed). An `Option` rather
    /// than `undefined`: telling them apart then needs no call into
    /// JavaScript, on the path every settled call takes.
    handle: Option<JsValue>,
}

global! {
    static TIMER: RefCell<Timer> = const {
        RefCell::new(Timer {
            at: f64::INFINITY,
            handle: None,
        })
    };

    /// The last clock reading, so that time never runs backwards.
    static LAST_NOW: Cell<f64> = const { Cell::new(0.0) };
}

/// The time in ms on a monotonic clock: `performance.now()`, else
/// `Date.now()`; `None` when neither can be read.
fn clock() -> Option<f64> {
    let read = ffi::performance_now()
        .ok()
        .or_else(|| ffi::date_now().ok())
        .filter(|t| t.is_finite())?;
    let now = read.max(LAST_NOW.get());
    LAST_NOW.set(now);
    Some(now)
}

/// The time now (the last reading when the clock cannot be read).
// One copy for its callers in the engine (25 B gzip less than inlined).
#[inline(never)]
pub fn now() -> f64 {
    clock().unwrap_or_else(|| LAST_NOW.get())
}

/// Makes sure the timer fires by `wake`.
pub fn arm(wake: f64) {
    let previous = TIMER.with_borrow_mut(|t| {
        // Never for an infinite (or NaN) wake.
        if wake < t.at {
            t.at = wake;
            Some(t.handle.take())
        } else {
            None
        }
    });
    let Some(previous) = previous else { return };
    if let Some(previous) = previous {
        let _ = ffi::clear_timeout(&previous);
    }
    let delay = (wake - now()).clamp(0.0, MAX_TIMER_MS);
    match ffi::set_timeout(&super::callback::tick(), crate::num::ceil(delay)) {
        Ok(handle) => TIMER.with_borrow_mut(|t| t.handle = Some(handle)),
        // No timer can be set: the next call that waits tries again.
        Err(_) => TIMER.with_borrow_mut(|t| t.at = f64::INFINITY),
    }
}

/// Clears the timer: no call is waiting.
pub fn disarm() {
    let handle = TIMER.with_borrow_mut(|t| {
        t.at = f64::INFINITY;
        t.handle.take()
    });
    if let Some(handle) = handle {
        let _ = ffi::clear_timeout(&handle);
    }
}

/// The timer fired: the engine looks at every call whose time has come.
pub fn fired() {
    TIMER.with_borrow_mut(|t| {
        t.at = f64::INFINITY;
        t.handle = None;
    });
    // A clock that cannot be read makes every waiting call due: they time
    // out rather than hang.
    super::engine::tick(clock().unwrap_or(f64::INFINITY));
}
