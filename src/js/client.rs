//! The page's client: settings from `configure()`, the leaky bucket shared by
//! every call, and the retry loop around each request.

use std::cell::{Cell, RefCell};

use js_sys::{Date, Math};
use wasm_bindgen::JsValue;

use super::bx24;
use super::timer::settle_within;
use crate::config::Config;
use crate::error::Bx24Error;
use crate::limiter::LeakyBucket;
use crate::retry::{next_step, Step};

thread_local! {
    static CONFIG: Cell<Config> = Cell::new(Config::default());
    static BUCKET: RefCell<LeakyBucket> = RefCell::new(LeakyBucket::new(Config::default().rate_limit));
}

/// The settings in force.
pub fn config() -> Config {
    CONFIG.get()
}

/// Replaces the settings; a new rate limit starts with an empty bucket.
pub fn set_config(config: Config) {
    let previous = CONFIG.replace(config);
    if previous.rate_limit != config.rate_limit {
        BUCKET.set(LeakyBucket::new(config.rate_limit));
    }
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: u32) {
    // A timer with nothing else to wait for: it can only time out.
    let _ = settle_within(ms, &|_| Ok(())).await;
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `performance.now()`: monotonic, sub-millisecond (browsers and Node).
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Extra wait after the bucket says there is room: the portal counts a
/// request when it arrives, and timers may fire a little early.
const BUCKET_SLACK_MS: u32 = 10;

/// Waits until the leaky bucket has room for one more request, and takes it.
pub async fn acquire() {
    loop {
        match BUCKET.with_borrow_mut(|b| b.try_acquire(performance_now())) {
            Ok(()) => return,
            Err(wait_ms) => sleep(wait_ms.ceil() as u32 + BUCKET_SLACK_MS).await,
        }
    }
}

/// What the retry loop does with a failed request.
pub struct Retrier {
    config: Config,
    /// Retries done so far.
    pub retries: u32,
    refreshed: bool,
}

impl Retrier {
    /// A loop with the page's settings.
    pub fn new() -> Self {
        Retrier {
            config: config(),
            retries: 0,
            refreshed: false,
        }
    }

    /// The next step for `error`, for a request sent when
    /// `refresh_generation()` was `sent_at`.
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
        if step == Step::Refresh && bx24::refresh_generation() != sent_at {
            return Step::RetryAfter {
                wait_ms: 0,
                saturate: false,
            };
        }
        step
    }

    /// Carries out `step` (not `GiveUp`): waits, fills the bucket, or
    /// refreshes the token. Errors only when the refresh fails.
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
                bx24::refresh_auth(method, timeout_ms).await
            }
            Step::RetryAfter { wait_ms, saturate } => {
                if saturate {
                    BUCKET.with_borrow_mut(|b| b.saturate(performance_now()));
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

/// Calls `method` with the page's retry policy and rate limit.
pub async fn call(
    method: &'static str,
    params: &JsValue,
    timeout_ms: u32,
) -> Result<JsValue, Bx24Error> {
    let mut retrier = Retrier::new();
    loop {
        // Count the request in the bucket when it really leaves: after init.
        bx24::ready(method, timeout_ms).await?;
        acquire().await;
        let sent_at = bx24::refresh_generation();
        let error = match bx24::call(method, params, timeout_ms).await {
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
