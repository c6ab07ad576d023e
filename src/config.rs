//! Module-wide settings (`configure()`), checked like parameters.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::limiter::RateLimit;
use crate::options::{self, Bound, Expected, DEFAULT_TIMEOUT_MS};
use crate::retry::RetryPolicy;

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

/// What `configure()` was given for `rateLimit`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RateLimitInput {
    /// Not given (`undefined` or `null`): the limit stays.
    Absent,
    /// A preset's name.
    Preset(RateLimit),
    /// A value that cannot be a limit: a string that names no preset, a
    /// number, a boolean.
    Unusable,
    /// An object: `{ burst, perSecond }`.
    Bucket,
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

const fn bound(option: &'static str, whole: bool, min: u32, max: u32, text: &'static str) -> Bound {
    Bound {
        expected: Expected { option, text },
        whole,
        min,
        max,
    }
}

/// `retries`.
pub static RETRIES: Bound = bound(
    "retries",
    true,
    0,
    MAX_RETRIES,
    "a whole number from 0 to 10",
);
/// `backoff.baseMs`.
pub static BASE_MS: Bound = bound(
    "backoff.baseMs",
    true,
    1,
    MAX_BACKOFF_MS,
    "milliseconds from 1 to 600000",
);
/// `backoff.capMs`.
pub static CAP_MS: Bound = bound(
    "backoff.capMs",
    true,
    1,
    MAX_BACKOFF_MS,
    "milliseconds from 1 to 600000",
);
/// `backoff.capMs` below `backoff.baseMs`.
static CAP_BELOW_BASE: Expected = Expected {
    option: "backoff.capMs",
    text: "at least backoff.baseMs",
};
/// A `rateLimit` that is neither a preset nor an object.
static RATE_LIMIT: Expected = Expected {
    option: "rateLimit",
    text: "'standard', 'enterprise', 'off', or { burst, perSecond }",
};
/// `rateLimit.burst`.
pub static BURST: Bound = bound(
    "rateLimit.burst",
    true,
    1,
    100_000,
    "a whole number of requests from 1",
);
/// `rateLimit.perSecond`.
pub static PER_SECOND: Bound = bound(
    "rateLimit.perSecond",
    false,
    0,
    100_000,
    "a number of requests per second above 0",
);

/// The object of a `configure()` argument an option is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Within {
    /// The argument itself.
    Top,
    /// `backoff`.
    Backoff,
    /// `rateLimit`.
    RateLimit,
}

/// How `apply` reads its values, and the first that was wrong.
struct Checks<R> {
    read: R,
    wrong: Option<&'static Expected>,
}

impl<R: FnMut(Within, &'static str, &'static Bound) -> Option<f64>> Checks<R> {
    /// Reads `within[key]`, the value of `bound`'s option, and checks it,
    /// unless a value before it was wrong: the value when it is given and
    /// right, NaN otherwise (no accepted value is NaN). An absent value is
    /// wrong when the option is `required`.
    fn value(
        &mut self,
        within: Within,
        key: &'static str,
        bound: &'static Bound,
        required: bool,
    ) -> f64 {
        let value = (self.read)(within, key, bound);
        if self.wrong.is_none() && (required || value.is_some()) {
            match bound.check(value.unwrap_or(f64::NAN)) {
                Ok(n) => return n,
                Err(expected) => self.wrong = Some(expected),
            }
        }
        f64::NAN
    }

    /// [`Checks::value`] of an optional whole number of requests or
    /// milliseconds, stored in `field` when given and right. Fractions (of
    /// `timeoutMs`, the one option that takes them) are rounded up; the
    /// others are whole already. In range, so the cast cannot saturate.
    fn set(&mut self, field: &mut u32, within: Within, key: &'static str, bound: &'static Bound) {
        let n = self.value(within, key, bound, false);
        if !n.is_nan() {
            *field = crate::num::ceil(n) as u32;
        }
    }

    /// Records an error, unless a value before was wrong.
    fn fail(&mut self, expected: &'static Expected) {
        self.wrong.get_or_insert(expected);
    }
}

/// Applies `configure()`'s values on top of `current`: absent ones keep
/// their setting.
///
/// `read` gives each number option's value, asked for by the object it is
/// in, its key and its bounds, in the order JavaScript reads them
/// (`retries`, `backoff.baseMs`, `backoff.capMs`, `rateLimit.burst`,
/// `rateLimit.perSecond`, `timeoutMs`; every one, whatever the others
/// hold): `None` when absent (`undefined` or `null`), NaN when not a
/// number (which no bound accepts). `rate_limit` is what `rateLimit` asks
/// for; `burst` and `perSecond` are read from it, so they are absent
/// unless it is an object ([`RateLimitInput::Bucket`]), which needs both.
///
/// The first wrong value in the order checked is reported, as the option
/// and what it accepts (its error is [`Expected::error`] for
/// [`CONFIGURE`]): the same order, with `backoff.capMs` against
/// `backoff.baseMs` after both, and `rateLimit` itself before `burst`.
pub fn apply(
    current: Config,
    rate_limit: RateLimitInput,
    read: impl FnMut(Within, &'static str, &'static Bound) -> Option<f64>,
) -> Result<Config, &'static Expected> {
    let mut config = current;
    let mut checks = Checks { read, wrong: None };
    let retry = &mut config.retry;
    checks.set(&mut retry.retries, Within::Top, "retries", &RETRIES);
    checks.set(&mut retry.base_ms, Within::Backoff, "baseMs", &BASE_MS);
    checks.set(&mut retry.cap_ms, Within::Backoff, "capMs", &CAP_MS);
    if config.retry.cap_ms < config.retry.base_ms {
        checks.fail(&CAP_BELOW_BASE);
    }
    match rate_limit {
        RateLimitInput::Preset(preset) => config.rate_limit = preset,
        RateLimitInput::Unusable => checks.fail(&RATE_LIMIT),
        RateLimitInput::Absent | RateLimitInput::Bucket => {}
    }
    // Given only in an object: for any other `rateLimit` they read as
    // absent.
    let bucket = rate_limit == RateLimitInput::Bucket;
    let burst = checks.value(Within::RateLimit, "burst", &BURST, bucket);
    let per_second = checks.value(Within::RateLimit, "perSecond", &PER_SECOND, bucket);
    if bucket && !burst.is_nan() && !per_second.is_nan() {
        config.rate_limit = RateLimit::Bucket { burst, per_second };
    }
    let timeout = &mut config.timeout_ms;
    checks.set(timeout, Within::Top, options::TIMEOUT_MS, &options::TIMEOUT);
    match checks.wrong {
        None => Ok(config),
        Some(expected) => Err(expected),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Bx24Error;

    /// A value that is not a number, as the JS edge gives it.
    const NAN: f64 = f64::NAN;

    /// Number options given, by name.
    type Given<'a> = &'a [(&'a str, f64)];

    /// `apply` on `current` with `rate_limit` and the number options in
    /// `given` (by name; the rest absent); also the options read, in order.
    fn run(
        current: Config,
        rate_limit: RateLimitInput,
        given: &[(&str, f64)],
    ) -> (Result<Config, Bx24Error>, Vec<&'static str>) {
        let mut read = Vec::new();
        let result = apply(current, rate_limit, |within, key, bound| {
            let name = bound.expected.option;
            let prefix = match within {
                Within::Top => "",
                Within::Backoff => "backoff.",
                Within::RateLimit => "rateLimit.",
            };
            assert_eq!([prefix, key].concat(), name);
            read.push(name);
            given.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        });
        (result.map_err(|expected| expected.error(CONFIGURE)), read)
    }

    fn with(given: &[(&str, f64)]) -> Result<Config, Bx24Error> {
        run(Config::default(), RateLimitInput::Absent, given).0
    }

    fn param(result: Result<Config, Bx24Error>) -> &'static str {
        let error = result.unwrap_err();
        assert_eq!(error.method, CONFIGURE);
        error.param.unwrap()
    }

    const ALL: [&str; 6] = [
        "retries",
        "backoff.baseMs",
        "backoff.capMs",
        "rateLimit.burst",
        "rateLimit.perSecond",
        "timeoutMs",
    ];

    #[test]
    fn defaults_are_documented_values() {
        let c = Config::default();
        assert_eq!(
            (c.retry.retries, c.retry.base_ms, c.retry.cap_ms),
            (3, 1000, 30_000)
        );
        assert_eq!(c.rate_limit, RateLimit::STANDARD);
        assert_eq!(c.timeout_ms, 30_000);
        assert_eq!(with(&[]), Ok(c));
    }

    #[test]
    fn fields_apply_and_are_checked() {
        let (c, _) = run(
            Config::default(),
            RateLimitInput::Preset(RateLimit::Off),
            &[("retries", 0.0), ("timeoutMs", 500.0)],
        );
        let c = c.unwrap();
        assert_eq!(
            (c.retry.retries, c.rate_limit, c.timeout_ms),
            (0, RateLimit::Off, 500)
        );
        let c = with(&[
            ("retries", 10.0),
            ("backoff.baseMs", 1.0),
            ("backoff.capMs", 600_000.0),
            ("timeoutMs", 0.5),
        ])
        .unwrap();
        assert_eq!(
            (
                c.retry.retries,
                c.retry.base_ms,
                c.retry.cap_ms,
                c.timeout_ms
            ),
            (10, 1, 600_000, 1)
        );

        let bucket = |given| run(Config::default(), RateLimitInput::Bucket, given).0;
        let c = bucket(&[("rateLimit.burst", 10.0), ("rateLimit.perSecond", 0.5)]).unwrap();
        assert_eq!(
            c.rate_limit,
            RateLimit::Bucket {
                burst: 10.0,
                per_second: 0.5
            }
        );
        // A preset with burst and perSecond absent, as read from a string.
        let (c, _) = run(
            Config::default(),
            RateLimitInput::Preset(RateLimit::ENTERPRISE),
            &[],
        );
        assert_eq!(c.unwrap().rate_limit, RateLimit::ENTERPRISE);

        for (given, option) in [
            (&[("retries", 11.0)][..], "retries"),
            (&[("retries", 1.5)], "retries"),
            (&[("retries", -1.0)], "retries"),
            (&[("retries", NAN)], "retries"),
            (&[("backoff.baseMs", 0.0)], "backoff.baseMs"),
            (&[("backoff.capMs", 10.0)], "backoff.capMs"),
            (&[("backoff.capMs", 600_001.0)], "backoff.capMs"),
            (&[("timeoutMs", -1.0)], "timeoutMs"),
            (&[("timeoutMs", 0.0)], "timeoutMs"),
        ] {
            assert_eq!(param(with(given)), option, "{given:?}");
        }
        assert_eq!(
            param(run(Config::default(), RateLimitInput::Unusable, &[]).0),
            "rateLimit"
        );
        for (given, option) in [
            (&[("rateLimit.burst", 5.0)][..], "rateLimit.perSecond"),
            (&[("rateLimit.perSecond", 5.0)], "rateLimit.burst"),
            (
                &[("rateLimit.burst", 5.0), ("rateLimit.perSecond", 0.0)],
                "rateLimit.perSecond",
            ),
            (
                &[("rateLimit.burst", 0.0), ("rateLimit.perSecond", 1.0)],
                "rateLimit.burst",
            ),
        ] {
            assert_eq!(param(bucket(given)), option, "{given:?}");
        }
    }

    #[test]
    fn errors_name_what_is_expected() {
        let description = |rate_limit, given: &[(&str, f64)]| {
            run(Config::default(), rate_limit, given)
                .0
                .unwrap_err()
                .description
                .clone()
        };
        let absent = RateLimitInput::Absent;
        let bucket = RateLimitInput::Bucket;
        let cases: [(RateLimitInput, Given, &str); 8] = [
            (
                absent,
                &[("retries", NAN)],
                "\"retries\": expected a whole number from 0 to 10",
            ),
            (
                absent,
                &[("backoff.baseMs", NAN)],
                "\"backoff.baseMs\": expected milliseconds from 1 to 600000",
            ),
            (
                absent,
                &[("backoff.capMs", NAN)],
                "\"backoff.capMs\": expected milliseconds from 1 to 600000",
            ),
            (
                absent,
                &[("backoff.baseMs", 500.0), ("backoff.capMs", 499.0)],
                "\"backoff.capMs\": expected at least backoff.baseMs",
            ),
            (
                RateLimitInput::Unusable,
                &[],
                "\"rateLimit\": expected 'standard', 'enterprise', 'off', or { burst, perSecond }",
            ),
            (
                bucket,
                &[("rateLimit.burst", 0.5), ("rateLimit.perSecond", 1.0)],
                "\"rateLimit.burst\": expected a whole number of requests from 1",
            ),
            (
                bucket,
                &[("rateLimit.burst", 1.0), ("rateLimit.perSecond", 100_001.0)],
                "\"rateLimit.perSecond\": expected a number of requests per second above 0",
            ),
            (
                absent,
                &[("timeoutMs", NAN)],
                "\"timeoutMs\": expected a number of milliseconds from 1 to 2147483647, or nothing for the default 30000",
            ),
        ];
        for (rate_limit, given, expected) in cases {
            assert_eq!(
                description(rate_limit, given),
                ["Invalid option ", expected].concat()
            );
        }
    }

    #[test]
    fn every_option_is_read_in_order_and_the_first_wrong_one_is_reported() {
        let all_wrong: Vec<(&str, f64)> = ALL.iter().map(|name| (*name, NAN)).collect();
        let check = |rate_limit, given: &[(&str, f64)], expected| {
            let (result, read) = run(Config::default(), rate_limit, given);
            assert_eq!(read, ALL, "every option is read, whatever is wrong");
            assert_eq!(param(result), expected, "{given:?}");
        };
        let mut given = all_wrong.clone();
        check(RateLimitInput::Unusable, &given, "retries");
        given[0].1 = 3.0;
        check(RateLimitInput::Unusable, &given, "backoff.baseMs");
        given[1].1 = 2_000.0;
        check(RateLimitInput::Unusable, &given, "backoff.capMs");
        given[2].1 = 1_000.0;
        // capMs below baseMs comes before rateLimit.
        let (result, _) = run(Config::default(), RateLimitInput::Unusable, &given);
        assert_eq!(
            result.unwrap_err().description,
            "Invalid option \"backoff.capMs\": expected at least backoff.baseMs"
        );
        given[2].1 = 2_000.0;
        check(RateLimitInput::Unusable, &given, "rateLimit");
        // burst before perSecond, both before timeoutMs.
        check(RateLimitInput::Bucket, &given, "rateLimit.burst");
        given[3].1 = 1.0;
        check(RateLimitInput::Bucket, &given, "rateLimit.perSecond");
        given[4].1 = 1.0;
        check(RateLimitInput::Bucket, &given, "timeoutMs");
        // burst and perSecond are read from `rateLimit`: absent unless it is
        // an object.
        given.retain(|(name, _)| !name.starts_with("rateLimit."));
        check(RateLimitInput::Absent, &given, "timeoutMs");
        given[3].1 = 10.0;
        let (result, read) = run(Config::default(), RateLimitInput::Absent, &given);
        assert_eq!(read, ALL);
        assert_eq!(result.unwrap().timeout_ms, 10);
        // Nothing given: everything is read too.
        assert_eq!(run(Config::default(), RateLimitInput::Bucket, &[]).1, ALL);
    }

    #[test]
    fn cap_ms_is_compared_with_the_base_ms_in_force() {
        let current = with(&[("backoff.baseMs", 5.0), ("backoff.capMs", 5.0)]).unwrap();
        let apply = |given| run(current, RateLimitInput::Absent, given).0;
        assert_eq!(param(apply(&[("backoff.baseMs", 6.0)])), "backoff.capMs");
        assert_eq!(param(apply(&[("backoff.capMs", 4.0)])), "backoff.capMs");
        let c = apply(&[("backoff.baseMs", 4.0)]).unwrap();
        assert_eq!((c.retry.base_ms, c.retry.cap_ms), (4, 5));
    }
}
