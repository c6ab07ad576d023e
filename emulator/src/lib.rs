//! A local Bitrix24 portal emulator for testing `calendar.meeting.status.set`
//! clients: the calendar meeting REST methods with the portal's own error
//! texts and PHP quirks, OAuth and webhook auth, `batch`, the leaky-bucket
//! rate limit, reproducible fault injection, an emulated `BX24.js`, a portal
//! page that frames an app over the portal's postMessage protocol, and
//! optional HTTPS with a self-signed certificate.
//!
//! ```no_run
//! # async fn demo() -> Result<(), bx24_emulator::Error> {
//! let server = bx24_emulator::serve(bx24_emulator::Config::default()).await?;
//! println!("portal at {}", server.url());
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod auth;
mod calendar;
mod clock;
mod config;
mod error;
mod faults;
mod fixture;
mod http;
mod limiter;
mod php;
mod request_log;
mod rest;
mod state;
mod timing;
mod zone;

pub use config::{Config, Limits, Plan};
pub use error::Error;
pub use faults::{FaultConfig, FaultKind, Step};
pub use fixture::{Fixture, FixtureAttendee, FixtureEvent, FixtureRrule, FixtureUser};
pub use http::server::{serve, RunningServer};
