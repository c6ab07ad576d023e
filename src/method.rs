//! The REST methods this crate calls, and what each one answers.
//!
//! Each method says its name and how to read its `result` ([`Method`]);
//! the engine keeps one `Read` tag per call and decodes with these, so the
//! transports never depend on which method they carry.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::error::Bx24Error;
use crate::status::AttendeeStatus;

/// `calendar.meeting.status.set`: sets the current user's answer.
pub const MEETING_STATUS_SET: &str = "calendar.meeting.status.set";
/// `calendar.meeting.status.get`: reads the current user's status.
pub const MEETING_STATUS_GET: &str = "calendar.meeting.status.get";

/// A `result` as the transport delivered it, reduced to what the decoders
/// look at. Lists of events are read field by field at the JS edge
/// (`js/answer.rs`) instead.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    /// A JSON boolean.
    Bool(bool),
    /// A JSON string.
    Text(String),
    /// Anything else, described for the error message (e.g. `"null"`, `"object"`).
    Other(String),
}

impl Data {
    /// A short description for error messages: the value, or its type.
    pub fn describe(&self) -> String {
        match self {
            Data::Bool(b) => String::from(if *b { "true" } else { "false" }),
            Data::Text(t) => crate::text::cat(&["\"", &crate::text::clip(t, 100), "\""]),
            Data::Other(kind) => kind.clone(),
        }
    }
}

/// A REST method: its name and how to read its successful `result`.
pub trait Method {
    /// The portal's method name.
    const NAME: &'static str;
    /// What a successful call gives back.
    type Output;
    /// Reads `result`, refusing anything the method does not document with
    /// `ERROR_UNEXPECTED_ANSWER`.
    fn decode(data: &Data) -> Result<Self::Output, Bx24Error>;
}

/// `calendar.meeting.status.set`, answering `true`.
#[derive(Debug, Clone, Copy)]
pub struct MeetingStatusSet;

impl Method for MeetingStatusSet {
    const NAME: &'static str = MEETING_STATUS_SET;
    type Output = ();

    fn decode(data: &Data) -> Result<(), Bx24Error> {
        match data {
            Data::Bool(true) => Ok(()),
            other => Err(Bx24Error::unexpected_answer(
                Self::NAME,
                "true",
                &other.describe(),
            )),
        }
    }
}

/// `calendar.meeting.status.get`, answering `Y`, `N`, `Q` or `H`.
#[derive(Debug, Clone, Copy)]
pub struct MeetingStatusGet;

impl Method for MeetingStatusGet {
    const NAME: &'static str = MEETING_STATUS_GET;
    type Output = AttendeeStatus;

    fn decode(data: &Data) -> Result<AttendeeStatus, Bx24Error> {
        let status = match data {
            Data::Text(text) => AttendeeStatus::parse(text),
            _ => None,
        };
        status.ok_or_else(|| {
            Bx24Error::unexpected_answer(
                Self::NAME,
                "\"Y\", \"N\", \"Q\" or \"H\"",
                &data.describe(),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::codes;
    use crate::status::MeetingStatus;

    #[test]
    fn set_accepts_only_true() {
        assert_eq!(MeetingStatusSet::decode(&Data::Bool(true)), Ok(()));
        for data in [
            Data::Bool(false),
            Data::Text("true".into()),
            Data::Other("null".into()),
        ] {
            let err = MeetingStatusSet::decode(&data).unwrap_err();
            assert_eq!(err.code, codes::ERROR_UNEXPECTED_ANSWER);
            assert_eq!(err.method, MEETING_STATUS_SET);
        }
    }

    #[test]
    fn get_accepts_the_four_codes() {
        assert_eq!(
            MeetingStatusGet::decode(&Data::Text("N".into())),
            Ok(AttendeeStatus::Answer(MeetingStatus::Declined))
        );
        assert_eq!(
            MeetingStatusGet::decode(&Data::Text("H".into())),
            Ok(AttendeeStatus::Host)
        );
        let err = MeetingStatusGet::decode(&Data::Text("y".into())).unwrap_err();
        assert_eq!(err.code, codes::ERROR_UNEXPECTED_ANSWER);
        assert!(err.description.contains("\"y\""), "{}", err.description);
        assert!(MeetingStatusGet::decode(&Data::Bool(true)).is_err());
    }
}
