//! The JavaScript edge: everything that touches `JsValue` lives below here.
//!
//! - [`convert`]: `JsValue` to the pure [`Input`](crate::validate::Input) and
//!   [`Bx24Error`](crate::Bx24Error) to a JS `Error`;
//! - [`timer`]: a promise that settles on its own after a deadline;
//! - [`bx24`]: the transport over the page's `BX24` object;
//! - [`api`]: the exported functions and their TypeScript types.

pub mod api;
pub mod bulk;
pub mod bx24;
pub mod client;
pub mod convert;
pub mod timer;
mod typescript;
