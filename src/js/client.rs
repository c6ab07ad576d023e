//! A client: one transport, its settings, its leaky bucket and its token
//! refresh state. The module-level functions use a default client over
//! `globalThis.BX24`; `new MeetingClient()` (full build) makes others.

#[allow(unused_imports)]
use crate::prelude::*;

#[cfg(feature = "full")]
use alloc::rc::Rc;
use core::cell::{Cell, RefCell};

use wasm_bindgen::JsValue;

use super::bx24;
use super::engine::Call;
use crate::config::Config;
use crate::error::Bx24Error;
use crate::limiter::{LeakyBucket, RateLimit};

/// One way to reach a portal.
pub enum Transport {
    /// `globalThis.BX24`, looked up at each request.
    Bx24,
    /// A webhook or OAuth endpoint over `fetch`.
    #[cfg(feature = "full")]
    Fetch(super::fetch::Fetch),
    /// An official SDK client.
    #[cfg(feature = "full")]
    Sdk(super::sdk::Sdk),
}

/// Whether a transport can send now.
pub enum Readiness {
    /// It can, through this handle (the `BX24` object; `undefined` for the
    /// other transports).
    Ready(JsValue),
    /// Not yet: `BX24.init` has not called back.
    Wait,
}

/// A transport with its settings and its rate limit.
pub struct Client {
    /// How requests reach the portal.
    pub transport: Transport,
    config: Cell<Config>,
    bucket: RefCell<LeakyBucket>,
    /// The method names BX24 is called with ([`bx24::names`]).
    names: [JsValue; 3],
    /// A refresh is in flight (fetch transports; BX24's is the page's).
    #[cfg(feature = "full")]
    refreshing: Cell<bool>,
    /// Refreshes completed (fetch transports).
    #[cfg(feature = "full")]
    refreshes: Cell<u32>,
}

/// How calls hold their client: counted in the full build, where a
/// `MeetingClient` can be dropped while its calls run; the default client,
/// the placement build's only one, lives as long as the instance.
#[cfg(feature = "full")]
pub type Shared = Rc<Client>;
/// How calls hold their client (see the full build's).
#[cfg(not(feature = "full"))]
pub type Shared = &'static Client;

global! {
    /// The client behind the module-level functions: `globalThis.BX24`, and
    /// one leaky bucket shared by every call from the page.
    static DEFAULT: Shared = shared(Client::new(Transport::Bx24, Config::default()));
}

/// `client` as calls hold it.
#[cfg(feature = "full")]
pub fn shared(client: Client) -> Shared {
    Rc::new(client)
}

/// `client` as calls hold it: never freed, like the instance.
#[cfg(not(feature = "full"))]
fn shared(client: Client) -> Shared {
    alloc::boxed::Box::leak(crate::boxed::boxed(client))
}

/// The module-wide default client.
pub fn default_client() -> Shared {
    DEFAULT.with(Clone::clone)
}

impl Client {
    /// A client over `transport` with `config`.
    pub fn new(transport: Transport, config: Config) -> Self {
        Client {
            transport,
            bucket: RefCell::new(LeakyBucket::new(config.rate_limit)),
            config: Cell::new(config),
            names: bx24::names(),
            #[cfg(feature = "full")]
            refreshing: Cell::new(false),
            #[cfg(feature = "full")]
            refreshes: Cell::new(0),
        }
    }

    /// The settings in force.
    pub fn config(&self) -> Config {
        self.config.get()
    }

    /// Replaces the settings; a new rate limit starts with an empty bucket.
    pub fn set_config(&self, config: Config) {
        let previous = self.config.replace(config);
        if previous.rate_limit != config.rate_limit {
            if let Ok(mut bucket) = self.bucket.try_borrow_mut() {
                *bucket = LeakyBucket::new(config.rate_limit);
            }
        }
    }

    /// The longest a call with per-request `timeout_ms` may take, under the
    /// settings in force: `timeoutMs × (retries + 2) + backoff.capMs × retries`.
    pub fn budget_ms(&self, timeout_ms: u32) -> f64 {
        crate::config::budget_ms(&self.config(), timeout_ms)
    }

    /// Whether requests go through the bucket.
    pub fn is_rate_limited(&self) -> bool {
        self.config().rate_limit != RateLimit::Off
    }

    /// Takes room for one request at `now`, or says how long to wait.
    pub fn acquire(&self, now: f64) -> Result<(), f64> {
        match self.bucket.try_borrow_mut() {
            Ok(mut bucket) => bucket.try_acquire(now),
            Err(_) => Ok(()),
        }
    }

    /// The portal said its bucket is full: fill this one too.
    pub fn saturate(&self, now: f64) {
        if let Ok(mut bucket) = self.bucket.try_borrow_mut() {
            bucket.saturate(now);
        }
    }

    /// Whether the transport can send now.
    pub fn ready(&self, method: &'static str) -> Result<Readiness, Bx24Error> {
        match &self.transport {
            Transport::Bx24 => bx24::ready(method),
            #[cfg(feature = "full")]
            _ => Ok(Readiness::Ready(JsValue::UNDEFINED)),
        }
    }

    /// Sends the request of `call` (row `id`).
    pub fn dispatch(&self, id: f64, call: &Call, handle: &JsValue) -> Result<(), Bx24Error> {
        match &self.transport {
            Transport::Bx24 => bx24::dispatch(id, call, handle, &self.names),
            #[cfg(feature = "full")]
            Transport::Fetch(_) | Transport::Sdk(_) => super::remote::dispatch(id, call),
        }
    }

    /// What a request that times out was waiting for.
    pub fn silent_what(&self) -> &'static str {
        match &self.transport {
            Transport::Bx24 => "BX24 did not call back",
            #[cfg(feature = "full")]
            _ => "the portal did not answer",
        }
    }

    /// How many token refreshes have completed.
    pub fn refresh_generation(&self) -> u32 {
        match &self.transport {
            // BX24 is the page's: its refreshes are shared by every client over it.
            Transport::Bx24 => bx24::refresh_generation(),
            #[cfg(feature = "full")]
            _ => self.refreshes.get(),
        }
    }

    /// The refresh in flight ended (fetch and SDK transports).
    #[cfg(feature = "full")]
    pub fn refresh_ended(&self, ok: bool) {
        if self.refreshing.replace(false) && ok {
            self.refreshes.set(self.refreshes.get().wrapping_add(1));
        }
    }

    /// Forgets a refresh that did not finish in time, so that the next
    /// call that needs one starts a new one.
    pub fn refresh_abandoned(&self) {
        match &self.transport {
            Transport::Bx24 => bx24::refresh_abandoned(),
            #[cfg(feature = "full")]
            _ => self.refreshing.set(false),
        }
    }
}

/// Starts a token refresh on `client`, or joins the one in flight.
/// `Ok(true)` when it already finished (a synchronous callback).
pub fn refresh(client: &Shared, method: &'static str) -> Result<bool, Bx24Error> {
    let before = client.refresh_generation();
    match &client.transport {
        Transport::Bx24 => bx24::refresh(method)?,
        #[cfg(feature = "full")]
        _ => {
            if !client.refreshing.replace(true) {
                if let Err(error) = super::remote::refresh(method, client) {
                    client.refreshing.set(false);
                    return Err(error);
                }
            }
        }
    }
    Ok(client.refresh_generation() != before)
}
