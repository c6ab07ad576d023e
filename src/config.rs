//! Module-wide settings (`configure()`), checked like parameters.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::Bx24Error;
use crate::limiter::RateLimit;
use crate::options::{self, DEFAULT_TIMEOUT_MS};
use crate::retry::RetryPolicy;
use crate::validate::Input;

/// What `configure()` reports errors against.
pub const CONFIGURE: &str = "configure";

/// The most retries accepted.
pub const MAX_RETRIES: u32 = 10;

/// The longest backoff step accepted (10 minutes).
pub const MAX_BACKOFF_MS: u32 = 600_000;

/// Settings shared by every call from the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Retries and backoff.
    pub retry: RetryPolicy,
    /// The client-side leaky bucket.
    pub rate_limit: RateLimit,
    /// The default per-call timeout.
    pub timeout_ms: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            retry: RetryPolicy::default(),
            rate_limit: RateLimit::STANDARD,
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

/// The fields of a `configure()` argument, as JavaScript gave them.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigInput {
    /// `retries`.
    pub retries: Input,
    /// `backoff.baseMs`.
    pub base_ms: Input,
    /// `backoff.capMs`.
    pub cap_ms: Input,
    /// `rateLimit` when it is a string (a preset name); `Other` when it is
    /// an object, whose fields are below.
    pub rate_limit: Input,
    /// `rateLimit.burst`.
    pub burst: Input,
    /// `rateLimit.perSecond`.
    pub per_second: Input,
    /// `timeoutMs`.
    pub timeout_ms: Input,
}

/// The longest a call may take, in ms, for per-request `timeout_ms` under
/// `config`: `timeoutMs × (retries + 2) + backoff.capMs × retries` — every
/// request and the one `BX24.init` or token refresh wait at most
/// `timeoutMs`, every backoff at most `capMs`. A wait that would end later
/// (a rate limit, a blocked method) fails the call at once instead.
/// A bulk call has this budget for each chunk of 50. Time the host adds by
/// running timers late (a busy page) is not counted against it.
///
/// ```
/// use bx24_meeting::config::{budget_ms, Config};
/// assert_eq!(budget_ms(&Config::default(), 30_000), 30_000.0 * 5.0 + 30_000.0 * 3.0);
/// ```
pub fn budget_ms(config: &Config, timeout_ms: u32) -> f64 {
    let retries = f64::from(config.retry.retries);
    f64::from(timeout_ms) * (retries + 2.0) + f64::from(config.retry.cap_ms) * retries
}

fn whole(value: &Input, min: u32, max: u32) -> Option<u32> {
    match value {
        Input::Number(n)
            if crate::num::is_whole(*n) && *n >= f64::from(min) && *n <= f64::from(max) =>
        {
            Some(*n as u32)
        }
        _ => None,
    }
}

/// Applies `input` on top of `current`: absent fields keep their value.
pub fn apply(current: Config, input: &ConfigInput) -> Result<Config, Bx24Error> {
    let bad = |option, expected| Bx24Error::invalid_option(CONFIGURE, option, expected);
    // `null` means "not given", for every option alike.
    let absent = |v: &Input| matches!(v, Input::Undefined | Input::Null);
    let mut config = current;
    if !absent(&input.retries) {
        config.retry.retries = whole(&input.retries, 0, MAX_RETRIES)
            .ok_or_else(|| bad("retries", "a whole number from 0 to 10"))?;
    }
    if !absent(&input.base_ms) {
        config.retry.base_ms = whole(&input.base_ms, 1, MAX_BACKOFF_MS)
            .ok_or_else(|| bad("backoff.baseMs", "milliseconds from 1 to 600000"))?;
    }
    if !absent(&input.cap_ms) {
        config.retry.cap_ms = whole(&input.cap_ms, 1, MAX_BACKOFF_MS)
            .ok_or_else(|| bad("backoff.capMs", "milliseconds from 1 to 600000"))?;
    }
    if config.retry.cap_ms < config.retry.base_ms {
        return Err(bad("backoff.capMs", "at least backoff.baseMs"));
    }
    config.rate_limit = match &input.rate_limit {
        Input::Undefined | Input::Null => config.rate_limit,
        Input::Text(name) => RateLimit::preset(name).ok_or_else(|| {
            bad(
                "rateLimit",
                "'standard', 'enterprise', 'off', or { burst, perSecond }",
            )
        })?,
        Input::Other => {
            let burst = whole(&input.burst, 1, 100_000)
                .ok_or_else(|| bad("rateLimit.burst", "a whole number of requests from 1"))?;
            let per_second = match input.per_second {
                Input::Number(n) if n > 0.0 && n <= 100_000.0 => n,
                _ => {
                    return Err(bad(
                        "rateLimit.perSecond",
                        "a number of requests per second above 0",
                    ))
                }
            };
            RateLimit::Bucket {
                burst: f64::from(burst),
                per_second,
            }
        }
        _ => {
            return Err(bad(
                "rateLimit",
                "'standard', 'enterprise', 'off', or { burst, perSecond }",
            ))
        }
    };
    if !absent(&input.timeout_ms) {
        config.timeout_ms = options::timeout_ms(CONFIGURE, &input.timeout_ms)?;
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> ConfigInput {
        ConfigInput {
            retries: Input::Undefined,
            base_ms: Input::Undefined,
            cap_ms: Input::Undefined,
            rate_limit: Input::Undefined,
            burst: Input::Undefined,
            per_second: Input::Undefined,
            timeout_ms: Input::Undefined,
        }
    }

    #[test]
    fn defaults_are_documented_values() {
        let c = Config::default();
        assert_eq!(
            (c.retry.retries, c.retry.base_ms, c.retry.cap_ms),
            (3, 1000, 30_000)
        );
        assert_eq!(c.rate_limit, RateLimit::STANDARD);
        assert_eq!(c.timeout_ms, 30_000);
        assert_eq!(apply(c, &empty()), Ok(c));
    }

    #[test]
    fn fields_apply_and_are_checked() {
        let input = ConfigInput {
            retries: Input::Number(0.0),
            rate_limit: Input::Text("off".into()),
            timeout_ms: Input::Number(500.0),
            ..empty()
        };
        let c = apply(Config::default(), &input).unwrap();
        assert_eq!(
            (c.retry.retries, c.rate_limit, c.timeout_ms),
            (0, RateLimit::Off, 500)
        );

        let custom = ConfigInput {
            rate_limit: Input::Other,
            burst: Input::Number(10.0),
            per_second: Input::Number(0.5),
            ..empty()
        };
        let c = apply(Config::default(), &custom).unwrap();
        assert_eq!(
            c.rate_limit,
            RateLimit::Bucket {
                burst: 10.0,
                per_second: 0.5
            }
        );

        for (bad, option) in [
            (
                ConfigInput {
                    retries: Input::Number(11.0),
                    ..empty()
                },
                "retries",
            ),
            (
                ConfigInput {
                    retries: Input::Number(1.5),
                    ..empty()
                },
                "retries",
            ),
            (
                ConfigInput {
                    base_ms: Input::Number(0.0),
                    ..empty()
                },
                "backoff.baseMs",
            ),
            (
                ConfigInput {
                    cap_ms: Input::Number(10.0),
                    ..empty()
                },
                "backoff.capMs",
            ),
            (
                ConfigInput {
                    rate_limit: Input::Text("fast".into()),
                    ..empty()
                },
                "rateLimit",
            ),
            (
                ConfigInput {
                    rate_limit: Input::Other,
                    burst: Input::Number(5.0),
                    ..empty()
                },
                "rateLimit.perSecond",
            ),
            (
                ConfigInput {
                    timeout_ms: Input::Number(-1.0),
                    ..empty()
                },
                "timeoutMs",
            ),
        ] {
            let err = apply(Config::default(), &bad).unwrap_err();
            assert_eq!(err.param, Some(option));
            assert_eq!(err.method, CONFIGURE);
        }
    }
}
