//! The JavaScript edge: everything that touches `JsValue` lives below here.
//!
//! - [`convert`]: `JsValue` to the pure [`Input`](crate::validate::Input) and
//!   [`Bx24Error`](crate::Bx24Error) to a JS `Error`;
//! - [`keys`]: strings sent on every call, made once;
//! - [`timer`]: promises that settle on their own after a deadline;
//! - [`transport`]: BX24, fetch (webhook, OAuth) and the official SDK;
//! - [`client`]: settings, the leaky bucket and the retry loop over a transport;
//! - [`bulk`]: the bulk call, `setMeetingStatuses`;
//! - [`options`]: reading a `MeetingClient`'s options;
//! - [`api`]: the exported functions, the `MeetingClient` class and their
//!   TypeScript types.

pub mod api;
pub mod bulk;
pub mod client;
pub mod convert;
pub mod keys;
pub mod options;
pub mod timer;
pub mod transport;
mod typescript;
