//! # bx24-meeting
//!
//! Answer Bitrix24 meeting invitations from a placement app, safely: a
//! WebAssembly module that wraps `BX24.callMethod` / `BX24.callBatch` for
//! `calendar.meeting.status.set` (and `.get`, `calendar.event.get.nearest`),
//! checks the parameters exactly as the portal would before anything is
//! sent, and hands JavaScript a promise that always settles, within a bound
//! computed from its settings, with a result or a typed `Bx24Error`.
//!
//! ```js
//! import init, { setMeetingStatus } from 'bx24-meeting';
//! await init();
//! await setMeetingStatus(651, 'Y');            // resolves to true
//! await setMeetingStatus(651, 'maybe')         // rejects before sending:
//!   .catch(e => e.description);                // 'Недопустимое значение параметра "status"'
//! ```
//!
//! The crate is split into a pure core, testable on the host ([`status`],
//! [`validate`], [`options`], [`config`], [`method`], [`error`], [`retry`],
//! [`limiter`], [`batch`], [`endpoint`], [`text`], [`num`]), and the
//! JavaScript edge in `js`: one table of pending calls driven by one
//! callback and one shared timer, every JavaScript import declared with
//! `catch`.
//!
//! Two builds come from this crate. Without default features, the
//! placement build: the `BX24` transport only, and no `std` (a panic, which
//! no path from JavaScript should reach, traps without formatting). With
//! the default feature `full`: `MeetingClient` and the webhook, OAuth and
//! official-SDK transports too.

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
mod boxed;
pub mod config;
pub mod endpoint;
pub mod error;
pub mod limiter;
pub mod meeting;
pub mod method;
pub mod num;
pub mod options;
pub mod request;
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

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod heap;

// A small allocator of our own instead of the default dlmalloc: a smaller
// `.wasm` (this module is single-threaded: no atomics).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static HEAP: heap::Heap = heap::Heap::new();
