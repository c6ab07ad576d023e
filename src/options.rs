//! Per-call options, checked like parameters.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::Bx24Error;
use crate::validate::Input;

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

/// The name of the timeout option, as JavaScript spells it.
pub const TIMEOUT_MS: &str = "timeoutMs";

/// Checks `options.timeoutMs`: absent means the default; otherwise a number
/// of milliseconds from 1 to [`MAX_TIMEOUT_MS`] (fractions are rounded up).
pub fn timeout_ms(method: &'static str, value: &Input) -> Result<u32, Bx24Error> {
    match value {
        Input::Undefined | Input::Null => Ok(DEFAULT_TIMEOUT_MS),
        Input::Number(ms) if *ms > 0.0 && *ms <= f64::from(MAX_TIMEOUT_MS) => {
            // In range, so the cast cannot saturate.
            Ok(crate::num::ceil(*ms) as u32)
        }
        _ => Err(Bx24Error::invalid_option(
            method,
            TIMEOUT_MS,
            "a number of milliseconds from 1 to 2147483647, or nothing for the default 30000",
        )),
    }
}

/// The name of the look-ahead option of `getNearestMeetings`.
pub const DAYS: &str = "days";

/// Checks `options.days`: absent means the portal's default (60); otherwise
/// a whole number of days from 1 to 3650.
pub fn days(method: &'static str, value: &Input) -> Result<u32, Bx24Error> {
    match value {
        Input::Undefined | Input::Null => Ok(crate::meeting::DEFAULT_DAYS),
        Input::Number(d)
            if crate::num::is_whole(*d)
                && *d >= 1.0
                && *d <= f64::from(crate::meeting::MAX_DAYS) =>
        {
            Ok(*d as u32)
        }
        _ => Err(Bx24Error::invalid_option(
            method,
            DAYS,
            "a whole number of days from 1 to 3650, or nothing for the default 60",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: &str = "calendar.meeting.status.set";

    #[test]
    fn timeout_defaults_and_bounds() {
        assert_eq!(timeout_ms(M, &Input::Undefined), Ok(30_000));
        assert_eq!(timeout_ms(M, &Input::Null), Ok(30_000));
        assert_eq!(timeout_ms(M, &Input::Number(50.0)), Ok(50));
        assert_eq!(timeout_ms(M, &Input::Number(0.5)), Ok(1));
        assert_eq!(
            timeout_ms(M, &Input::Number(2_147_483_647.0)),
            Ok(MAX_TIMEOUT_MS)
        );
        for bad in [
            Input::Number(0.0),
            Input::Number(-1.0),
            Input::Number(f64::NAN),
            Input::Number(f64::INFINITY),
            Input::Number(2_147_483_648.0),
            Input::Text("100".into()),
            Input::Bool(true),
            Input::Other,
        ] {
            let err = timeout_ms(M, &bad).unwrap_err();
            assert_eq!(err.param, Some("timeoutMs"), "{bad:?}");
            assert!(err.description.contains("timeoutMs"), "{}", err.description);
        }
    }

    #[test]
    fn days_defaults_to_the_portal_default_and_is_bounded() {
        assert_eq!(days(M, &Input::Undefined), Ok(60));
        assert_eq!(days(M, &Input::Number(14.0)), Ok(14));
        for bad in [
            Input::Number(0.0),
            Input::Number(1.5),
            Input::Number(3651.0),
            Input::Text("7".into()),
        ] {
            assert_eq!(days(M, &bad).unwrap_err().param, Some("days"), "{bad:?}");
        }
    }
}
