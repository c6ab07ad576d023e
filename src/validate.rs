//! Parameter checks, done the way the portal does them, before anything is
//! sent.
//!
//! The portal tests required parameters with PHP `empty()` and upper-cases
//! `status` before comparing it, so `0`, `"0"` and `""` count as missing and
//! `"y"` is accepted. The checks here give the same verdict and the same text
//! the portal would, without a round trip.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::Bx24Error;
use crate::status::MeetingStatus;

/// The largest integer a JavaScript number holds exactly (2^53 − 1).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A caller's value as JavaScript passed it, reduced to what validation
/// needs. The JS edge builds it from a `JsValue`; tests build it directly.
// An explicit tag, not one hidden in `Text`'s capacity: every check
// matches on it, and a plain tag is less code to read.
#[derive(Debug, Clone, PartialEq)]
#[repr(u8)]
pub enum Input {
    /// `undefined`, or the argument was left out.
    Undefined,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (any `f64`, NaN and the infinities included).
    Number(f64),
    /// A string.
    Text(String),
    /// Anything else: an object, an array, a bigint, a symbol, a function.
    Other,
}

/// The parameter name the portal uses for the event.
pub const EVENT_ID: &str = "eventId";
/// The parameter name the portal uses for the status.
pub const STATUS: &str = "status";

/// Why a parameter was refused: which one, and whether it was missing
/// (PHP `empty()`) or has a value the portal would refuse. One byte: a
/// bulk call keeps one per refused item and makes the [`Bx24Error`] only
/// for that item's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `eventId` is not set.
    MissingEventId,
    /// `eventId` is not a positive safe integer.
    InvalidEventId,
    /// `status` is not set.
    MissingStatus,
    /// `status` is not one of `Y`, `N`, `Q`.
    InvalidStatus,
}

impl Refusal {
    /// The parameter refused: [`EVENT_ID`] or [`STATUS`].
    pub fn param(self) -> &'static str {
        match self {
            Refusal::MissingEventId | Refusal::InvalidEventId => EVENT_ID,
            Refusal::MissingStatus | Refusal::InvalidStatus => STATUS,
        }
    }

    /// The error the portal would answer for `method`, with its text.
    pub fn error(self, method: &'static str) -> Bx24Error {
        if matches!(self, Refusal::MissingEventId | Refusal::MissingStatus) {
            Bx24Error::missing_param(method, self.param())
        } else {
            Bx24Error::invalid_param(method, self.param())
        }
    }
}

/// Checks an `eventId` for `method`: a positive safe integer, given as a
/// number or as a string of plain decimal digits.
///
/// ```
/// use bx24_meeting::validate::{event_id, Input};
/// assert_eq!(event_id("calendar.meeting.status.set", &Input::Text("651".into())), Ok(651));
/// assert!(event_id("calendar.meeting.status.set", &Input::Number(0.0)).is_err());
/// ```
pub fn event_id(method: &'static str, value: &Input) -> Result<u64, Bx24Error> {
    check_event_id(value).map_err(|r| r.error(method))
}

/// [`event_id`], refusing with a [`Refusal`].
pub fn check_event_id(value: &Input) -> Result<u64, Refusal> {
    let missing = Refusal::MissingEventId;
    let invalid = Refusal::InvalidEventId;
    match value {
        Input::Undefined | Input::Null => Err(missing),
        // `-0 == 0`, so both are PHP-empty.
        Input::Number(n) if *n == 0.0 => Err(missing),
        Input::Number(n) => {
            // NaN and the infinities are out of range.
            let in_range = *n >= 1.0 && *n <= MAX_SAFE_INTEGER as f64;
            if in_range && crate::num::is_whole(*n) {
                // Exact: an integral f64 in 1..=2^53-1 converts without loss.
                Ok(*n as u64)
            } else {
                Err(invalid)
            }
        }
        Input::Text(text) if text.is_empty() || text == "0" => Err(missing),
        Input::Text(text) => parse_digits(text)
            .filter(|id| (1..=MAX_SAFE_INTEGER).contains(id))
            .ok_or(invalid),
        Input::Bool(_) | Input::Other => Err(invalid),
    }
}

/// Parses a non-empty string of ASCII decimal digits (leading zeros allowed,
/// no sign, no spaces); `None` on anything else or on overflow.
pub(crate) fn parse_digits(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for byte in text.bytes() {
        let digit = u64::from(byte.wrapping_sub(b'0'));
        if digit > 9 || value > (u64::MAX - digit) / 10 {
            return None;
        }
        value = value * 10 + digit;
    }
    Some(value)
}

/// Checks a `status` for `calendar.meeting.status.set`.
///
/// ```
/// use bx24_meeting::{validate::{status, Input}, MeetingStatus};
/// assert_eq!(status("calendar.meeting.status.set", &Input::Text("y".into())), Ok(MeetingStatus::Accepted));
/// ```
pub fn status(method: &'static str, value: &Input) -> Result<MeetingStatus, Bx24Error> {
    check_status(value).map_err(|r| r.error(method))
}

/// [`status`], refusing with a [`Refusal`].
pub fn check_status(value: &Input) -> Result<MeetingStatus, Refusal> {
    match value {
        Input::Undefined | Input::Null => Err(Refusal::MissingStatus),
        // The portal's `empty()` also treats "0" as missing: match the
        // portal, which answers the "not set" text for it.
        Input::Text(text) if text.is_empty() || text == "0" => Err(Refusal::MissingStatus),
        Input::Text(text) => MeetingStatus::parse(text).ok_or(Refusal::InvalidStatus),
        Input::Bool(_) | Input::Number(_) | Input::Other => Err(Refusal::InvalidStatus),
    }
}

/// The parameters of `calendar.meeting.status.set`, checked and normalised:
/// what is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetStatusParams {
    /// The event, as a number even when the caller gave a digit string.
    pub event_id: u64,
    /// The status, upper-cased.
    pub status: MeetingStatus,
}

/// Checks both parameters of `calendar.meeting.status.set`, `eventId` first
/// (as the portal does).
pub fn set_status_params(
    method: &'static str,
    event: &Input,
    status_value: &Input,
) -> Result<SetStatusParams, Bx24Error> {
    check_set_status_params(event, status_value).map_err(|r| r.error(method))
}

/// [`set_status_params`], refusing with a [`Refusal`].
pub fn check_set_status_params(
    event: &Input,
    status_value: &Input,
) -> Result<SetStatusParams, Refusal> {
    let event_id = check_event_id(event)?;
    let status = check_status(status_value)?;
    Ok(SetStatusParams { event_id, status })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    const SET: &str = "calendar.meeting.status.set";
    const GET: &str = "calendar.meeting.status.get";

    fn text(s: &str) -> Input {
        Input::Text(s.to_owned())
    }

    enum Want {
        Ok(u64),
        Missing,
        Invalid,
    }

    fn check_event(method: &'static str, input: Input, want: Want) {
        let got = event_id(method, &input);
        match want {
            Want::Ok(id) => assert_eq!(got, Ok(id), "{input:?}"),
            Want::Missing => assert_eq!(
                got.map_err(|e| e.description.clone()),
                Err(format!(
                    "Не задан обязательный параметр \"eventId\" для метода \"{method}\""
                )),
                "{input:?}"
            ),
            Want::Invalid => assert_eq!(
                got.map_err(|e| e.description.clone()),
                Err("Недопустимое значение параметра \"eventId\"".to_owned()),
                "{input:?}"
            ),
        }
    }

    #[test]
    fn event_id_table() {
        use Want::*;
        let max = MAX_SAFE_INTEGER as f64;
        let cases = [
            (Input::Undefined, Missing),
            (Input::Null, Missing),
            (text(""), Missing),
            (Input::Number(0.0), Missing),
            (Input::Number(-0.0), Missing),
            (text("0"), Missing),
            (Input::Number(651.0), Ok(651)),
            (Input::Number(1.0), Ok(1)),
            (Input::Number(max), Ok(MAX_SAFE_INTEGER)),
            (text("651"), Ok(651)),
            (text("007"), Ok(7)),
            (text("9007199254740991"), Ok(MAX_SAFE_INTEGER)),
            (Input::Number(1.5), Invalid),
            (Input::Number(-1.0), Invalid),
            (Input::Number(f64::NAN), Invalid),
            (Input::Number(f64::INFINITY), Invalid),
            (Input::Number(f64::NEG_INFINITY), Invalid),
            (Input::Number(max + 1.0), Invalid),
            (Input::Number(1e300), Invalid),
            (text("00"), Invalid),
            (text("9007199254740992"), Invalid),
            (text("99999999999999999999999"), Invalid),
            (text("-1"), Invalid),
            (text("+1"), Invalid),
            (text(" 1"), Invalid),
            (text("1 "), Invalid),
            (text("1.0"), Invalid),
            (text("1e3"), Invalid),
            (text("0x10"), Invalid),
            (text("١٢"), Invalid),
            (text("abc"), Invalid),
            (Input::Bool(true), Invalid),
            (Input::Bool(false), Invalid),
            (Input::Other, Invalid),
        ];
        for (input, want) in cases {
            check_event(SET, input, want);
        }
        check_event(GET, Input::Undefined, Missing);
        check_event(GET, text("12"), Ok(12));
    }

    #[test]
    fn status_table() {
        let missing = Err(
            "Не задан обязательный параметр \"status\" для метода \"calendar.meeting.status.set\""
                .to_owned(),
        );
        let invalid = Err("Недопустимое значение параметра \"status\"".to_owned());
        let cases = [
            (Input::Undefined, missing.clone()),
            (Input::Null, missing.clone()),
            (text(""), missing.clone()),
            (text("0"), missing.clone()),
            (text("Y"), Ok(MeetingStatus::Accepted)),
            (text("y"), Ok(MeetingStatus::Accepted)),
            (text("N"), Ok(MeetingStatus::Declined)),
            (text("n"), Ok(MeetingStatus::Declined)),
            (text("Q"), Ok(MeetingStatus::Invited)),
            (text("q"), Ok(MeetingStatus::Invited)),
            (text("H"), invalid.clone()),
            (text("yes"), invalid.clone()),
            (text(" Y"), invalid.clone()),
            (text("Y\n"), invalid.clone()),
            (Input::Number(1.0), invalid.clone()),
            (Input::Number(0.0), invalid.clone()),
            (Input::Bool(true), invalid.clone()),
            (Input::Other, invalid.clone()),
        ];
        for (input, want) in cases {
            let got = status(SET, &input).map_err(|e| e.description.clone());
            assert_eq!(got, want, "{input:?}");
        }
    }

    #[test]
    fn event_id_is_checked_before_status() {
        let err = set_status_params(SET, &Input::Undefined, &Input::Undefined).unwrap_err();
        assert_eq!(err.param, Some("eventId"));
        let err = set_status_params(SET, &text("5"), &text("X")).unwrap_err();
        assert_eq!(err.param, Some("status"));
        assert_eq!(err.kind, ErrorKind::Validation);
        assert_eq!(err.code, "");
    }

    #[test]
    fn refusals_say_which_parameter_and_why() {
        let check = check_set_status_params;
        assert_eq!(
            check(&Input::Undefined, &Input::Undefined),
            Err(Refusal::MissingEventId)
        );
        assert_eq!(
            check(&text("x"), &Input::Null),
            Err(Refusal::InvalidEventId)
        );
        assert_eq!(check(&text("5"), &text("0")), Err(Refusal::MissingStatus));
        assert_eq!(check(&text("5"), &text("X")), Err(Refusal::InvalidStatus));
        for (refusal, param, missing) in [
            (Refusal::MissingEventId, "eventId", true),
            (Refusal::InvalidEventId, "eventId", false),
            (Refusal::MissingStatus, "status", true),
            (Refusal::InvalidStatus, "status", false),
        ] {
            assert_eq!(refusal.param(), param);
            let expected = if missing {
                Bx24Error::missing_param(SET, param)
            } else {
                Bx24Error::invalid_param(SET, param)
            };
            assert_eq!(refusal.error(SET), expected);
        }
    }

    #[test]
    fn valid_params_are_normalised() {
        let params = set_status_params(SET, &text("0042"), &text("q")).unwrap();
        assert_eq!(
            params,
            SetStatusParams {
                event_id: 42,
                status: MeetingStatus::Invited
            }
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn any_input() -> impl Strategy<Value = Input> {
            prop_oneof![
                Just(Input::Undefined),
                Just(Input::Null),
                any::<bool>().prop_map(Input::Bool),
                any::<f64>().prop_map(Input::Number),
                (1u64..=MAX_SAFE_INTEGER + 10).prop_map(|n| Input::Number(n as f64)),
                ".*".prop_map(Input::Text),
                "[0-9]{0,20}".prop_map(Input::Text),
                "[yYnNqQhH0]?".prop_map(Input::Text),
                Just(Input::Other),
            ]
        }

        fn is_documented(e: &Bx24Error, method: &str) -> bool {
            let param = e.param.unwrap_or_default();
            e.kind == ErrorKind::Validation
                && e.code.is_empty()
                && e.attempts == 0
                && (e.description
                    == format!(
                        "Не задан обязательный параметр \"{param}\" для метода \"{method}\""
                    )
                    || e.description == format!("Недопустимое значение параметра \"{param}\""))
        }

        proptest! {
            #[test]
            fn every_input_gives_a_payload_or_a_documented_error(event in any_input(), st in any_input()) {
                match set_status_params(SET, &event, &st) {
                    Ok(p) => {
                        prop_assert!((1..=MAX_SAFE_INTEGER).contains(&p.event_id));
                        // What is sent is what the caller meant.
                        match &event {
                            Input::Number(n) => prop_assert_eq!(*n, p.event_id as f64),
                            Input::Text(t) => prop_assert_eq!(t.trim_start_matches('0'), p.event_id.to_string()),
                            other => prop_assert!(false, "accepted {:?}", other),
                        }
                        match &st {
                            Input::Text(t) => prop_assert_eq!(t.to_ascii_uppercase(), p.status.code()),
                            other => prop_assert!(false, "accepted {:?}", other),
                        }
                    }
                    Err(e) => prop_assert!(is_documented(&e, SET), "{:?}", e),
                }
            }

            #[test]
            fn a_bad_event_id_is_reported_whatever_the_status(event in any_input(), st in any_input()) {
                if let Err(event_err) = event_id(SET, &event) {
                    prop_assert_eq!(set_status_params(SET, &event, &st), Err(event_err));
                }
            }
        }
    }
}
