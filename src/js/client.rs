//! A client: one transport, its settings, its leaky bucket, and the retry
//! loop around each request. The module-level functions use a default
//! client over `globalThis.BX24`; `new MeetingClient()` makes others.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Date, Math};
use wasm_bindgen::JsValue;

use super::timer::settle_within;
use super::transport::Transport;
use crate::config::Config;
use crate::error::Bx24Error;
use crate::limiter::LeakyBucket;
use crate::retry::{next_step, Step};

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `performance.now()`: monotonic, sub-millisecond (browsers and Node).
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Extra wait after the bucket says there is room: timers may fire a
/// little early.
const BUCKET_SLACK_MS: u32 = 10;

/// Waits `ms` milliseconds.
pub async fn sleep(ms: u32) {
    // A timer with nothing else to wait for: it can only time out.
    let _ = settle_within(ms, &|_| Ok(())).await;
}

/// A transport with its settings and its rate limit.
pub struct Client {
    /// How requests reach the portal.
    pub transport: Transport,
    config: Cell<Config>,
    bucket: RefCell<LeakyBucket>,
}

thread_local! {
    /// The client behind the module-level functions: `globalThis.BX24`, and
    /// one leaky bucket shared by every call from the page.
    static DEFAULT: Rc<Client> = Rc::new(Client::new(Transport::Bx24, Config::default()));
}

/// The module-wide default client.
pub fn default_client() -> Rc<Client> {
    DEFAULT.with(Rc::clone)
}

impl Client {
    /// A client over `transport` with `config`.
    pub fn new(transport: Transport, config: Config) -> Self {
        Client {
            transport,
            bucket: RefCell::new(LeakyBucket::new(config.rate_limit)),
            config: Cell::new(config),
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
            *self.bucket.borrow_mut() = LeakyBucket::new(config.rate_limit);
        }
    }

    /// Waits until the transport is ready and the bucket has room for one
    /// more request, and takes it: the request is counted when it leaves.
    pub async fn before_send(
        &self,
        method: &'static str,
        timeout_ms: u32,
    ) -> Result<(), Bx24Error> {
        self.transport.ready(method, timeout_ms).await?;
        loop {
            let verdict = self.bucket.borrow_mut().try_acquire(performance_now());
            match verdict {
                Ok(()) => return Ok(()),
                Err(wait_ms) => sleep(wait_ms.ceil() as u32 + BUCKET_SLACK_MS).await,
            }
        }
    }

    /// Calls `method` with the client's retry policy and rate limit.
    pub async fn call(
        &self,
        method: &'static str,
        params: &JsValue,
        timeout_ms: u32,
    ) -> Result<JsValue, Bx24Error> {
        let mut retrier = Retrier::new(self);
        loop {
            self.before_send(method, timeout_ms).await?;
            let sent_at = self.transport.refresh_generation();
            let error = match self.transport.call(method, params, timeout_ms).await {
                Ok(data) => return Ok(data),
                Err(error) => error,
            };
            let step = retrier.step(&error, sent_at);
            if step == Step::GiveUp {
                let attempts = if error.attempts == 0 {
                    0
                } else {
                    retrier.attempts()
                };
                return Err(Bx24Error { attempts, ..error });
            }
            retrier
                .follow(step, method, timeout_ms)
                .await
                .map_err(|e| Bx24Error {
                    attempts: retrier.attempts(),
                    ..e
                })?;
        }
    }
}

/// The retry loop's state for one call (or one bulk chunk).
pub struct Retrier<'a> {
    client: &'a Client,
    config: Config,
    retries: u32,
    refreshed: bool,
}

impl<'a> Retrier<'a> {
    /// A loop with `client`'s settings.
    pub fn new(client: &'a Client) -> Self {
        Retrier {
            client,
            config: client.config(),
            retries: 0,
            refreshed: false,
        }
    }

    /// The next step for `error`, for a request sent when the transport's
    /// refresh generation was `sent_at`.
    pub fn step(&self, error: &Bx24Error, sent_at: u32) -> Step {
        let step = next_step(
            &self.config.retry,
            error,
            self.retries,
            self.refreshed,
            Math::random(),
            Date::now() / 1000.0,
        );
        // Another call refreshed the token since this request left: resend
        // with the new one instead of refreshing again.
        if step == Step::Refresh && self.client.transport.refresh_generation() != sent_at {
            return Step::RetryAfter {
                wait_ms: 0,
                saturate: false,
            };
        }
        step
    }

    /// Carries out `step`: waits, fills the bucket, or refreshes the token.
    /// Errors only when the refresh fails.
    pub async fn follow(
        &mut self,
        step: Step,
        method: &'static str,
        timeout_ms: u32,
    ) -> Result<(), Bx24Error> {
        match step {
            Step::GiveUp => Ok(()),
            Step::Refresh => {
                self.refreshed = true;
                self.client.transport.refresh(method, timeout_ms).await
            }
            Step::RetryAfter { wait_ms, saturate } => {
                if saturate {
                    self.client.bucket.borrow_mut().saturate(performance_now());
                }
                self.retries += 1;
                if wait_ms > 0 {
                    sleep(wait_ms).await;
                }
                Ok(())
            }
        }
    }

    /// How many requests have been sent, for `Bx24Error::attempts`.
    pub fn attempts(&self) -> u32 {
        self.retries + 1 + u32::from(self.refreshed)
    }
}
