//! Per-call options, checked like parameters.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::Bx24Error;

/// How long a call waits for an answer when the caller does not say.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// The longest timeout a JavaScript timer can hold (2^31 − 1 ms, about 24.8
/// days); a longer one would fire at once.
pub const MAX_TIMEOUT_MS: u32 = i32::MAX as u32;

/// Options of a single call, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallOptions {
    /// Milliseconds to wait for the answer before rejecting with `TIMEOUT`.
    pub timeout_ms: u32,
}

impl Default for CallOptions {
    fn default() -> Self {
        CallOptions {
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

/// An option, and what its error says would be accepted.
#[derive(Debug, PartialEq)]
pub struct Expected {
    /// The option's name as JavaScript spells it (`backoff.capMs` for a
    /// nested one): the error's `param`.
    pub option: &'static str,
    /// What would be accepted.
    pub text: &'static str,
}

impl Expected {
    /// The validation error for this option.
    #[inline(never)]
    pub fn error(&self, method: &'static str) -> Bx24Error {
        Bx24Error::invalid_option(method, self.option, self.text)
    }
}

/// A number option: the numbers it accepts, and its error. Every number
/// option, of `configure()` and of a call alike, is checked by
/// [`Bound::check`].
#[derive(Debug, PartialEq)]
pub struct Bound {
    /// The option, and what its error says would be accepted.
    pub expected: Expected,
    /// Whether only whole numbers are accepted: those from `min` to `max`.
    /// Otherwise every number above `min` up to `max` is.
    pub whole: bool,
    /// The least whole number accepted, or the number all accepted ones
    /// are above.
    pub min: u32,
    /// The largest number accepted.
    pub max: u32,
}

impl Bound {
    /// `value` when it is accepted, else the error to give. A value that
    /// is not a number is given as NaN, which no bound accepts.
    pub fn check(&'static self, value: f64) -> Result<f64, &'static Expected> {
        let min = f64::from(self.min);
        let above_min = if self.whole {
            value >= min && crate::num::is_whole(value)
        } else {
            value > min
        };
        if above_min && value <= f64::from(self.max) {
            Ok(value)
        } else {
            Err(&self.expected)
        }
    }
}

impl Bound {
    /// A call option's value, given as for [`timeout_ms`]: `default` when
    /// absent, else the value when accepted, rounded up to a whole number
    /// (of the options read this way, only `timeoutMs` takes fractions).
    /// In range, so the cast cannot saturate.
    fn read(
        &'static self,
        method: &'static str,
        value: Option<f64>,
        default: u32,
    ) -> Result<u32, Bx24Error> {
        match value {
            None => Ok(default),
            Some(n) => self
                .check(n)
                .map(|n| crate::num::ceil(n) as u32)
                .map_err(|expected| expected.error(method)),
        }
    }
}

/// The name of the timeout option, as JavaScript spells it.
pub const TIMEOUT_MS: &str = "timeoutMs";

/// `timeoutMs`: milliseconds from 1 to [`MAX_TIMEOUT_MS`] (fractions are
/// rounded up).
pub static TIMEOUT: Bound = Bound {
    expected: Expected {
        option: TIMEOUT_MS,
        text: "a number of milliseconds from 1 to 2147483647, or nothing for the default 30000",
    },
    whole: false,
    min: 0,
    max: MAX_TIMEOUT_MS,
};

/// Checks `options.timeoutMs`, given as a number (NaN when it is not one)
/// or `None` when absent (`undefined` or `null`), which means `default`.
pub fn timeout_ms(
    method: &'static str,
    value: Option<f64>,
    default: u32,
) -> Result<u32, Bx24Error> {
    TIMEOUT.read(method, value, default)
}

/// The name of the look-ahead option of `getNearestMeetings`.
pub const DAYS: &str = "days";

/// `days`: a whole number of days from 1 to 3650.
pub static DAYS_BOUND: Bound = Bound {
    expected: Expected {
        option: DAYS,
        text: "a whole number of days from 1 to 3650, or nothing for the default 60",
    },
    whole: true,
    min: 1,
    max: crate::meeting::MAX_DAYS,
};

/// Checks `options.days`, given like [`timeout_ms`]'s value: absent means
/// the portal's default (60).
pub fn days(method: &'static str, value: Option<f64>) -> Result<u32, Bx24Error> {
    DAYS_BOUND.read(method, value, crate::meeting::DEFAULT_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: &str = "calendar.meeting.status.set";
    /// How the JS edge gives a value that is not a number.
    const NOT_A_NUMBER: Option<f64> = Some(f64::NAN);

    #[test]
    fn timeout_defaults_and_bounds() {
        assert_eq!(timeout_ms(M, None, 30_000), Ok(30_000));
        assert_eq!(timeout_ms(M, None, 500), Ok(500));
        assert_eq!(timeout_ms(M, Some(50.0), 30_000), Ok(50));
        assert_eq!(timeout_ms(M, Some(0.5), 30_000), Ok(1));
        assert_eq!(timeout_ms(M, Some(5e-324), 30_000), Ok(1));
        assert_eq!(
            timeout_ms(M, Some(2_147_483_647.0), 30_000),
            Ok(MAX_TIMEOUT_MS)
        );
        for bad in [
            Some(0.0),
            Some(-0.0),
            Some(-1.0),
            Some(f64::NAN),
            Some(f64::INFINITY),
            Some(2_147_483_648.0),
            Some(2_147_483_647.5),
            NOT_A_NUMBER,
        ] {
            let err = timeout_ms(M, bad, 30_000).unwrap_err();
            assert_eq!(err.param, Some("timeoutMs"), "{bad:?}");
            assert_eq!(
                err.description,
                "Invalid option \"timeoutMs\": expected a number of milliseconds from 1 to 2147483647, or nothing for the default 30000"
            );
        }
    }

    #[test]
    fn days_defaults_to_the_portal_default_and_is_bounded() {
        assert_eq!(days(M, None), Ok(60));
        assert_eq!(days(M, Some(14.0)), Ok(14));
        assert_eq!(days(M, Some(3650.0)), Ok(3650));
        for bad in [Some(0.0), Some(1.5), Some(3651.0), NOT_A_NUMBER] {
            let err = days(M, bad).unwrap_err();
            assert_eq!(err.param, Some("days"), "{bad:?}");
            assert_eq!(
                err.description,
                "Invalid option \"days\": expected a whole number of days from 1 to 3650, or nothing for the default 60"
            );
        }
    }
}
