//! # bx24-meeting
//!
//! Answer Bitrix24 meeting invitations from a placement app, safely: a
//! WebAssembly module that wraps `BX24.callMethod` for
//! `calendar.meeting.status.set` and `calendar.meeting.status.get`, checks the
//! parameters exactly as the portal would before anything is sent, and hands
//! JavaScript a promise that always settles with a result or a typed
//! `Bx24Error`.
//!
//! ```js
//! import init, { setMeetingStatus } from 'bx24-meeting';
//! await init();
//! await setMeetingStatus(651, 'Y');            // resolves to true
//! await setMeetingStatus(651, 'maybe')         // rejects before sending:
//!   .catch(e => e.description);                // 'Недопустимое значение параметра "status"'
//! ```
//!
//! The crate is split into a pure core, testable on the host
//! ([`status`], [`validate`], [`options`], [`method`], [`error`]), and the
//! JavaScript edge in `js` (the `BX24` transport and the exported functions).

#![deny(missing_docs)]
// The placement build has no `std`: panics abort without formatting, and
// `core::fmt` stays out of the `.wasm`.
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

/// What `std`'s prelude would give, for the builds without `std`.
#[allow(unused_imports)]
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod batch;
pub mod config;
pub mod endpoint;
pub mod error;
pub mod limiter;
pub mod meeting;
pub mod method;
pub mod num;
pub mod options;
pub mod retry;
pub mod status;
pub mod text;
pub mod validate;

mod js;

pub use error::{Bx24Error, ErrorKind};
pub use js::api::{
    configure, get_meeting_status, get_nearest_meetings, is_bx24_error, pending_calls,
    set_meeting_status, set_meeting_statuses,
};
pub use meeting::Meeting;
pub use options::CallOptions;
pub use status::{AttendeeStatus, MeetingStatus};

/// Without `std`, a panic (which no path from JavaScript should reach)
/// traps at once: no message is formatted, so no formatting code ships.
#[cfg(all(not(feature = "std"), target_family = "wasm"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

// Talc instead of the default dlmalloc: a smaller `.wasm` (this module is
// single-threaded: no atomics).
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
