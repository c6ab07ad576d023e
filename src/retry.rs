//! Which failures are worth another try, and how long to wait before it.
//!
//! Decided from the portal's `error` code, not from the HTTP status: the
//! statuses changed between documentation versions (`QUERY_LIMIT_EXCEEDED`
//! was 429, is 503 now; older portals answered some errors with 200).

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::{Bx24Error, ErrorKind};

/// The default number of retries after the first attempt.
pub const DEFAULT_RETRIES: u32 = 3;
/// The default first backoff step, in milliseconds.
pub const DEFAULT_BASE_MS: u32 = 1_000;
/// The default longest backoff, in milliseconds.
pub const DEFAULT_CAP_MS: u32 = 30_000;
/// How long to wait after `OPERATION_TIME_LIMIT` when the portal did not
/// say when the method unblocks.
pub const OPERATION_TIME_LIMIT_WAIT_MS: u32 = 10_000;

/// How often and how patiently to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 turns retrying off).
    pub retries: u32,
    /// The first backoff step; each next one doubles.
    pub base_ms: u32,
    /// No backoff step is longer than this.
    pub cap_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            retries: DEFAULT_RETRIES,
            base_ms: DEFAULT_BASE_MS,
            cap_ms: DEFAULT_CAP_MS,
        }
    }
}

/// What to do about a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Give up: trying again cannot help (bad parameters, no rights, …).
    Stop,
    /// Try again after an exponential backoff with jitter.
    Backoff,
    /// The request-rate limit was hit: back off, and fill the local bucket
    /// so that other calls wait too.
    RateLimited,
    /// Try again once the method unblocks (`OPERATION_TIME_LIMIT`), after
    /// this many milliseconds.
    WaitFor(u32),
    /// The access token expired: refresh it, then resend once.
    RefreshToken,
}

/// Decides about `error`. `operating_reset_in_ms` is how far away
/// `time.operating_reset_at` is, when the transport knows it.
pub fn decide(error: &Bx24Error, operating_reset_in_ms: Option<u32>) -> Decision {
    match error.kind {
        ErrorKind::Validation | ErrorKind::Unavailable | ErrorKind::Aborted => {
            return Decision::Stop
        }
        // Nothing was sent (e.g. BX24.init never called back): resending
        // cannot help.
        ErrorKind::Timeout | ErrorKind::Transport if error.attempts == 0 => return Decision::Stop,
        // Setting a status is idempotent: resending after a lost answer is safe.
        ErrorKind::Timeout | ErrorKind::Transport => return Decision::Backoff,
        ErrorKind::Api => {}
    }
    match error.code.as_str() {
        "QUERY_LIMIT_EXCEEDED" => Decision::RateLimited,
        "OVERLOAD_LIMIT" | "INTERNAL_SERVER_ERROR" => Decision::Backoff,
        "OPERATION_TIME_LIMIT" => {
            Decision::WaitFor(operating_reset_in_ms.unwrap_or(OPERATION_TIME_LIMIT_WAIT_MS))
        }
        "expired_token" => Decision::RefreshToken,
        // Anything else the portal named is a verdict on this request
        // (ACCESS_DENIED, insufficient_scope, NO_AUTH_FOUND,
        // ERROR_METHOD_NOT_FOUND, parameter errors with an empty code …),
        // unless the server itself failed.
        _ if error.status.is_some_and(|s| s >= 500) => Decision::Backoff,
        _ => Decision::Stop,
    }
}

/// The next step after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Report the error.
    GiveUp,
    /// Send again after `wait_ms`; `saturate` says the portal's bucket is
    /// full, so the local one should be filled too.
    RetryAfter {
        /// Milliseconds to wait.
        wait_ms: u32,
        /// Fill the local leaky bucket.
        saturate: bool,
    },
    /// Refresh the access token, then send again at once. Does not count
    /// as a retry, and happens at most once per call.
    Refresh,
}

/// Decides the next step for `error`, after `retries_done` retries.
/// `random` is in `[0, 1)`, for the jitter; `now_s` is the unix time, to
/// read `operating_reset_at`.
pub fn next_step(
    policy: &RetryPolicy,
    error: &Bx24Error,
    retries_done: u32,
    refreshed: bool,
    random: f64,
    now_s: f64,
) -> Step {
    let reset_in_ms = error
        .operating_reset_at
        .map(|at| ((at - now_s) * 1000.0).clamp(0.0, f64::from(u32::MAX)) as u32);
    let decision = decide(error, reset_in_ms);
    match decision {
        Decision::Stop => Step::GiveUp,
        Decision::RefreshToken if refreshed => Step::GiveUp,
        Decision::RefreshToken => Step::Refresh,
        _ if retries_done >= policy.retries => Step::GiveUp,
        Decision::Backoff | Decision::RateLimited => Step::RetryAfter {
            wait_ms: backoff_ms(policy, retries_done + 1, random),
            saturate: decision == Decision::RateLimited,
        },
        Decision::WaitFor(wait_ms) => Step::RetryAfter {
            wait_ms,
            saturate: false,
        },
    }
}

/// The wait before retry number `retry` (1 for the first retry):
/// "equal jitter" — half of the exponential step, plus a random share
/// (`random` in `[0, 1)`) of the other half, never above `cap_ms`.
pub fn backoff_ms(policy: &RetryPolicy, retry: u32, random: f64) -> u32 {
    let exponent = retry.saturating_sub(1).min(31);
    // In f64: a product past 2^53 rounds, but stays above `cap_ms`, so
    // the step is exact.
    let step = (f64::from(policy.base_ms) * f64::from(1u32 << exponent))
        .min(f64::from(policy.cap_ms)) as u32;
    let half = step / 2;
    let jitter = (f64::from(half) * random.clamp(0.0, 1.0)) as u32;
    // step <= cap_ms <= u32::MAX, so the sum fits.
    step - half + jitter.min(half)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(code: &str, status: u16) -> Bx24Error {
        Bx24Error::api("m", Some(status), code, "d".into())
    }

    #[test]
    fn decisions_follow_the_code_not_the_status() {
        assert_eq!(
            decide(&api("QUERY_LIMIT_EXCEEDED", 503), None),
            Decision::RateLimited
        );
        assert_eq!(
            decide(&api("QUERY_LIMIT_EXCEEDED", 429), None),
            Decision::RateLimited
        );
        assert_eq!(
            decide(&api("QUERY_LIMIT_EXCEEDED", 200), None),
            Decision::RateLimited
        );
        assert_eq!(decide(&api("OVERLOAD_LIMIT", 503), None), Decision::Backoff);
        assert_eq!(
            decide(&api("INTERNAL_SERVER_ERROR", 500), None),
            Decision::Backoff
        );
        assert_eq!(decide(&api("", 502), None), Decision::Backoff);
        assert_eq!(
            decide(&api("expired_token", 401), None),
            Decision::RefreshToken
        );
        for never in [
            "ACCESS_DENIED",
            "insufficient_scope",
            "NO_AUTH_FOUND",
            "ERROR_METHOD_NOT_FOUND",
            "",
        ] {
            assert_eq!(decide(&api(never, 400), None), Decision::Stop, "{never}");
        }
        assert_eq!(decide(&api("ACCESS_DENIED", 403), None), Decision::Stop);
    }

    #[test]
    fn kinds_decide_before_codes() {
        let validation = Bx24Error::invalid_param("m", "status");
        assert_eq!(decide(&validation, None), Decision::Stop);
        assert_eq!(
            decide(&Bx24Error::bx24_not_found("m"), None),
            Decision::Stop
        );
        assert_eq!(
            decide(&Bx24Error::timeout("m", 5, "x"), None),
            Decision::Backoff
        );
        assert_eq!(
            decide(&Bx24Error::transport("m", "x"), None),
            Decision::Backoff
        );
    }

    #[test]
    fn operation_time_limit_waits_for_the_reset_or_ten_seconds() {
        assert_eq!(
            decide(&api("OPERATION_TIME_LIMIT", 429), None),
            Decision::WaitFor(10_000)
        );
        assert_eq!(
            decide(&api("OPERATION_TIME_LIMIT", 429), Some(42_000)),
            Decision::WaitFor(42_000)
        );
        assert_eq!(
            decide(&api("OPERATION_TIME_LIMIT", 429), Some(3_000)),
            Decision::WaitFor(3_000)
        );
    }

    #[test]
    fn steps_stop_after_the_retries_and_refresh_once() {
        let p = RetryPolicy::default();
        let limit = api("QUERY_LIMIT_EXCEEDED", 503);
        assert_eq!(
            next_step(&p, &limit, 0, false, 0.0, 0.0),
            Step::RetryAfter {
                wait_ms: 500,
                saturate: true
            }
        );
        assert_eq!(next_step(&p, &limit, 3, false, 0.0, 0.0), Step::GiveUp);
        let expired = api("expired_token", 401);
        assert_eq!(next_step(&p, &expired, 3, false, 0.0, 0.0), Step::Refresh);
        assert_eq!(next_step(&p, &expired, 0, true, 0.0, 0.0), Step::GiveUp);
        let mut blocked = api("OPERATION_TIME_LIMIT", 429);
        blocked.operating_reset_at = Some(1_000.5);
        assert_eq!(
            next_step(&p, &blocked, 0, false, 0.0, 990.0),
            Step::RetryAfter {
                wait_ms: 10_500,
                saturate: false
            }
        );
        assert_eq!(
            next_step(&p, &api("ACCESS_DENIED", 403), 0, false, 0.0, 0.0),
            Step::GiveUp
        );
    }

    #[test]
    fn default_backoff_steps() {
        let p = RetryPolicy::default();
        assert_eq!(backoff_ms(&p, 1, 0.0), 500);
        assert_eq!(backoff_ms(&p, 1, 0.999_999), 999);
        assert_eq!(backoff_ms(&p, 2, 0.0), 1_000);
        assert_eq!(backoff_ms(&p, 3, 1.0), 4_000);
        assert_eq!(backoff_ms(&p, 10, 1.0), 30_000);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn backoff_stays_within_half_step_and_cap(
                base in 1u32..100_000, cap in 1u32..1_000_000, retry in 1u32..100, random in 0.0f64..1.0
            ) {
                let p = RetryPolicy { retries: 3, base_ms: base, cap_ms: cap };
                let d = backoff_ms(&p, retry, random);
                let step = (u64::from(base) << (retry - 1).min(31)).min(u64::from(cap));
                prop_assert!(u64::from(d) <= step);
                prop_assert!(u64::from(d) >= step - step / 2);
                prop_assert!(d <= cap);
            }

            #[test]
            fn backoff_grows_with_the_retry_number(base in 1u32..10_000, retry in 1u32..40, random in 0.0f64..1.0) {
                let p = RetryPolicy { retries: 3, base_ms: base, cap_ms: u32::MAX };
                prop_assert!(backoff_ms(&p, retry + 1, random) >= backoff_ms(&p, retry, random));
            }
        }
    }
}
