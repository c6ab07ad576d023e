//! Everything the emulator is started with.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use crate::faults::FaultConfig;
use crate::fixture::Fixture;

/// The portal's tariff plan, which sets its request-rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Plan {
    /// 50 requests burst, drains 2 per second.
    #[default]
    Standard,
    /// 250 requests burst, drains 5 per second.
    Enterprise,
    /// No rate limit.
    Unlimited,
}

impl Plan {
    /// `(burst, drained per second)`, or `None` without a limit.
    pub fn bucket(self) -> Option<(f64, f64)> {
        match self {
            Self::Standard => Some((50.0, 2.0)),
            Self::Enterprise => Some((250.0, 5.0)),
            Self::Unlimited => None,
        }
    }
}

/// What the emulator accepts from one client, so that no request can
/// exhaust its memory or hold it up (README, "Limits").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A request's line and headers must arrive within this (also the most
    /// an idle keep-alive connection is kept open).
    pub header_timeout: Duration,
    /// A request body must arrive whole within this.
    pub body_timeout: Duration,
    /// The largest request body read.
    pub max_body_bytes: usize,
    /// The largest request line plus headers (longer: HTTP 431).
    pub max_head_bytes: usize,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// Entries kept by the request log (`/admin/requests`), oldest dropped first.
    pub request_log_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
            max_body_bytes: 1024 * 1024,
            max_head_bytes: 64 * 1024,
            max_connections: 256,
            request_log_size: 10_000,
        }
    }
}

/// How to run the emulated portal. `Config::default()` is what the binary
/// does without flags: loopback, a free port, standard plan, the demo data.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on; port 0 picks a free one.
    pub listen: SocketAddr,
    /// Rate-limit plan.
    pub plan: Plan,
    /// The user id in webhook paths `/rest/<user>/<token>/…`.
    pub webhook_user: u64,
    /// The secret in webhook paths.
    pub webhook_token: String,
    /// Lifetime of OAuth access tokens.
    pub token_ttl: Duration,
    /// Users and events; `None` for the built-in demo set.
    pub fixture: Option<Fixture>,
    /// Directory served at `/`.
    pub www: Option<PathBuf>,
    /// Directory served at `/pkg/`.
    pub pkg: Option<PathBuf>,
    /// Fault injection from the first request on.
    pub faults: FaultConfig,
    /// Whether `/admin/*` is served.
    pub admin: bool,
    /// Serve HTTPS with a self-signed certificate made at start, instead of HTTP.
    pub tls: bool,
    /// Where to write that certificate (PEM); `None` for
    /// `<temp dir>/bx24-emulator-<port>.pem`. Ignored without `tls`.
    pub tls_cert_out: Option<PathBuf>,
    /// Time, size and count limits on requests.
    pub limits: Limits,
    /// A BX24.js to serve at `/bx24.js` instead of the emulated one (the
    /// script's text), e.g. a copy of the library a portal serves.
    pub bx24_js: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            plan: Plan::Standard,
            webhook_user: 1,
            webhook_token: "demo".into(),
            token_ttl: Duration::from_secs(3600),
            fixture: None,
            www: None,
            pkg: None,
            faults: FaultConfig::default(),
            admin: false,
            tls: false,
            tls_cert_out: None,
            limits: Limits::default(),
            bx24_js: None,
        }
    }
}
