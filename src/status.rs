//! Meeting statuses, named as the portal names them.

#[allow(unused_imports)]
use crate::prelude::*;

use core::fmt;

/// An answer the current user can give to a meeting invitation: the values
/// `calendar.meeting.status.set` accepts.
///
/// ```
/// use bx24_meeting::MeetingStatus;
/// assert_eq!(MeetingStatus::parse("y"), Some(MeetingStatus::Accepted));
/// assert_eq!(MeetingStatus::Declined.code(), "N");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeetingStatus {
    /// `Y`: accepted.
    Accepted,
    /// `N`: declined.
    Declined,
    /// `Q`: invited, no answer yet.
    Invited,
}

impl MeetingStatus {
    /// The portal's one-letter code.
    pub const fn code(self) -> &'static str {
        match self {
            MeetingStatus::Accepted => "Y",
            MeetingStatus::Declined => "N",
            MeetingStatus::Invited => "Q",
        }
    }

    /// Parses a status the way the portal does: upper-cased first (ASCII only,
    /// like PHP's `strtoupper`), then one of `Y`, `N`, `Q`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.as_bytes() {
            [b'Y' | b'y'] => Some(MeetingStatus::Accepted),
            [b'N' | b'n'] => Some(MeetingStatus::Declined),
            [b'Q' | b'q'] => Some(MeetingStatus::Invited),
            _ => None,
        }
    }
}

impl fmt::Display for MeetingStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The current user's status in a meeting as `calendar.meeting.status.get`
/// reports it: an answer, or `H` when the user hosts the meeting.
///
/// ```
/// use bx24_meeting::{AttendeeStatus, MeetingStatus};
/// assert_eq!(AttendeeStatus::parse("H"), Some(AttendeeStatus::Host));
/// assert_eq!(AttendeeStatus::parse("Y"), Some(AttendeeStatus::Answer(MeetingStatus::Accepted)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttendeeStatus {
    /// The user is an attendee with this answer.
    Answer(MeetingStatus),
    /// `H`: the user is the meeting's host (organizer).
    Host,
}

impl AttendeeStatus {
    /// The portal's one-letter code.
    pub const fn code(self) -> &'static str {
        match self {
            AttendeeStatus::Answer(status) => status.code(),
            AttendeeStatus::Host => "H",
        }
    }

    /// Parses the portal's answer exactly (it always answers upper case).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "Y" => Some(AttendeeStatus::Answer(MeetingStatus::Accepted)),
            "N" => Some(AttendeeStatus::Answer(MeetingStatus::Declined)),
            "Q" => Some(AttendeeStatus::Answer(MeetingStatus::Invited)),
            "H" => Some(AttendeeStatus::Host),
            _ => None,
        }
    }
}

impl fmt::Display for AttendeeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_both_cases_and_nothing_else() {
        for (text, want) in [
            ("Y", Some(MeetingStatus::Accepted)),
            ("y", Some(MeetingStatus::Accepted)),
            ("N", Some(MeetingStatus::Declined)),
            ("n", Some(MeetingStatus::Declined)),
            ("Q", Some(MeetingStatus::Invited)),
            ("q", Some(MeetingStatus::Invited)),
            ("H", None),
            ("YY", None),
            (" Y", None),
            ("", None),
            ("Ý", None),
        ] {
            assert_eq!(MeetingStatus::parse(text), want, "{text:?}");
        }
    }

    #[test]
    fn attendee_status_round_trips_its_code() {
        for code in ["Y", "N", "Q", "H"] {
            let parsed = AttendeeStatus::parse(code).map(AttendeeStatus::code);
            assert_eq!(parsed, Some(code));
        }
        assert_eq!(AttendeeStatus::parse("h"), None);
    }
}
