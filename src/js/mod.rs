//! The JavaScript edge: everything that touches `JsValue` lives below here.
//!
//! - [`ffi`] — every JavaScript import, each that can throw with `catch`;
//! - [`read`] — bounded, caught reads of what JavaScript hands over;
//! - [`object`] — the objects JavaScript gets, `Bx24Error` as an `Error`;
//! - [`answer`] — reading portal answers, the same for every transport;
//! - [`engine`] — the table of pending calls and the driver of each call;
//! - [`callback`] — the one function JavaScript calls back, bound per use;
//! - [`timer`] — the clock and the one timer all pending calls share;
//! - [`client`] — a transport with its settings, bucket and refresh state;
//! - [`bx24`] — the `BX24` transport;
//! - [`bulk`] — `setMeetingStatuses`;
//! - [`options`] — reading `configure()` (and `MeetingClient`) options;
//! - [`api`] — the exported functions and their TypeScript types.
//!
//! The full build (feature `full`) adds `MeetingClient` and the fetch
//! (webhook, OAuth) and official-SDK transports, which run on
//! `wasm-bindgen-futures` ([`remote`]).

#[allow(unused_imports)]
use crate::prelude::*;

#[macro_use]
pub mod global;

pub mod answer;
pub mod api;
pub mod bulk;
pub mod bx24;
pub mod callback;
pub mod client;
pub mod engine;
pub mod ffi;
pub mod object;
pub mod options;
pub mod read;
pub mod timer;
mod typescript;

#[cfg(feature = "full")]
pub mod fetch;
#[cfg(feature = "full")]
pub mod meeting_client;
#[cfg(feature = "full")]
pub mod remote;
#[cfg(feature = "full")]
pub mod sdk;
