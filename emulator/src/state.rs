//! The portal's shared state: one value behind an `Arc`, each part behind
//! its own lock so concurrent requests only wait for what they touch.

use std::net::SocketAddr;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::auth::Tokens;
use crate::calendar::Calendar;
use crate::config::{Config, Limits, Plan};
use crate::faults::{FaultConfig, FaultKind, Faults};
use crate::limiter::LeakyBucket;
use crate::request_log::{RequestLog, RequestRecord};
use crate::timing::OperatingClock;

/// Stable across runs, so clients that cache the portal's identity can.
pub(crate) const MEMBER_ID: &str = "5c0d2b7a1e9f4c3d8a6b0e2f7d1c9a4b";

/// Locks a mutex; a panic in another request must not wedge the portal, so
/// a poisoned lock is used as it is (every update here is a single step).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What a REST request learns when it arrives.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Arrival {
    /// Arrival order, from 1.
    pub seq: u64,
    /// The fault to inject, if any.
    pub fault: Option<FaultKind>,
    /// How long a `delay` fault holds the answer.
    pub delay: Duration,
}

/// Arrival counter and fault decider, under one lock so that the fault
/// sequence follows arrival order exactly.
#[derive(Debug)]
struct Intake {
    next_seq: u64,
    faults: Faults,
}

/// Everything the emulated portal knows.
#[derive(Debug)]
pub(crate) struct Portal {
    /// Webhook path user.
    pub webhook_user: u64,
    /// Webhook path secret; compare it with [`Portal::is_webhook`] only.
    webhook_token: String,
    /// Where the server listens (the `domain` when a request has no Host).
    pub local_addr: SocketAddr,
    /// `https` with `--tls`, else `http`: the scheme of every URL the portal hands out.
    pub scheme: &'static str,
    /// Limits on what one request may send.
    pub limits: Limits,
    plan: Plan,
    initial: Calendar,
    /// Users, events, statuses.
    pub calendar: Mutex<Calendar>,
    /// Issued OAuth tokens.
    pub tokens: Mutex<Tokens>,
    /// The portal-wide request-rate limit.
    pub limiter: Mutex<LeakyBucket>,
    /// Per-method operating time for the `time` object.
    pub operating: Mutex<OperatingClock>,
    intake: Mutex<Intake>,
    log: Mutex<RequestLog>,
}

impl Portal {
    /// A portal in its initial state.
    pub fn new(config: &Config, calendar: Calendar, local_addr: SocketAddr) -> Self {
        Self {
            webhook_user: config.webhook_user,
            webhook_token: config.webhook_token.clone(),
            local_addr,
            scheme: if config.tls { "https" } else { "http" },
            limits: config.limits,
            plan: config.plan,
            initial: calendar.clone(),
            calendar: Mutex::new(calendar),
            tokens: Mutex::new(Tokens::new(config.token_ttl)),
            limiter: Mutex::new(LeakyBucket::new(config.plan)),
            operating: Mutex::new(OperatingClock::default()),
            intake: Mutex::new(Intake {
                next_seq: 1,
                faults: Faults::new(config.faults.clone()),
            }),
            log: Mutex::new(RequestLog::new(config.limits.request_log_size)),
        }
    }

    /// Whether `user`/`token` of a webhook path are the configured ones. The
    /// secret is compared in constant time (its length is not secret).
    pub fn is_webhook(&self, user: &str, token: &str) -> bool {
        use subtle::ConstantTimeEq;
        let user_matches = user.parse::<u64>() == Ok(self.webhook_user);
        let token_matches: bool = token.as_bytes().ct_eq(self.webhook_token.as_bytes()).into();
        user_matches & token_matches
    }

    /// Numbers an arriving REST request and decides its fault.
    pub fn arrive(&self) -> Arrival {
        let mut intake = lock(&self.intake);
        let seq = intake.next_seq;
        intake.next_seq += 1;
        let fault = intake.faults.next_fault();
        Arrival {
            seq,
            fault,
            delay: intake.faults.delay(),
        }
    }

    /// Adds a finished request to the log.
    pub fn record(&self, record: RequestRecord) {
        lock(&self.log).push(record);
    }

    /// The request log so far.
    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.log).records()
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        lock(&self.log).clear();
    }

    /// Replaces the fault config (the schedule starts over).
    pub fn set_faults(&self, config: FaultConfig) {
        lock(&self.intake).faults = Faults::new(config);
    }

    /// The fault config, with only the schedule entries not used yet.
    pub fn faults(&self) -> FaultConfig {
        lock(&self.intake).faults.remaining()
    }

    /// Back to the fixture: statuses, log, faults (off), rate limit, operating
    /// time. Issued tokens stay valid.
    pub fn reset(&self) {
        *lock(&self.calendar) = self.initial.clone();
        *lock(&self.limiter) = LeakyBucket::new(self.plan);
        lock(&self.operating).clear();
        self.set_faults(FaultConfig::default());
        self.clear_requests();
    }
}
