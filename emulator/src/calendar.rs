//! The portal's data: users, meetings and who answered what.
//!
//! Pure state with no HTTP in it; the REST methods in `rest/` read and change
//! it, and the admin endpoint shows it as the truth tests check against.

use serde::{Deserialize, Serialize};

use crate::zone::Zone;

/// A participation status, as `calendar.meeting.status.*` spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingStatus {
    /// Accepted.
    Y,
    /// Declined.
    N,
    /// Invited, no answer yet.
    Q,
    /// The meeting's host (organizer); never set through the API.
    H,
}

impl MeetingStatus {
    /// The one-letter code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Y => "Y",
            Self::N => "N",
            Self::Q => "Q",
            Self::H => "H",
        }
    }

    /// Parses a one-letter code (exact, upper-case).
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "Y" => Some(Self::Y),
            "N" => Some(Self::N),
            "Q" => Some(Self::Q),
            "H" => Some(Self::H),
            _ => None,
        }
    }

    /// Whether an attendee may answer with this status (Y, N or Q).
    pub fn is_reply(self) -> bool {
        self != Self::H
    }
}

/// A portal user.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// User id.
    pub id: u64,
    /// First name.
    pub name: String,
    /// Last name.
    pub last_name: String,
    /// E-mail address.
    pub email: String,
    /// Whether the user administers the portal (`BX24.isAdmin()`).
    pub is_admin: bool,
}

impl User {
    /// "First Last", as the portal shows a host.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.name, self.last_name)
            .trim()
            .to_owned()
    }
}

/// One person on a meeting's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attendee {
    /// User id.
    pub user: u64,
    /// Their status; `H` for the host.
    pub status: MeetingStatus,
}

/// How an event repeats (the docs' `RRULE` object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    /// `DAILY`, `WEEKLY`, `MONTHLY` or `YEARLY`.
    pub freq: String,
    /// Every how many periods.
    pub interval: u32,
    /// Week days (`MO`, `TU`, …), for `WEEKLY`.
    pub by_day: Vec<String>,
    /// Last day, unix seconds at 00:00 UTC; `None` for no end.
    pub until: Option<i64>,
}

/// A calendar event; a meeting when it has attendees besides its host.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Event id (the `eventId` of the meeting methods).
    pub id: u64,
    /// Title.
    pub name: String,
    /// Description.
    pub description: String,
    /// Location text.
    pub location: String,
    /// Start, unix seconds.
    pub from: i64,
    /// End, unix seconds.
    pub to: i64,
    /// The host's user id.
    pub host: u64,
    /// Whether this is a meeting (has invitations) or a personal event.
    pub is_meeting: bool,
    /// Everyone invited, the host first with status `H`.
    pub attendees: Vec<Attendee>,
    /// When it was created (`DATE_CREATE`), unix seconds.
    pub created: i64,
    /// How it repeats; `None` for a single event. Only the first
    /// occurrence is listed by `calendar.event.get.nearest`.
    pub recurrence: Option<Recurrence>,
    /// Its time zone (`TZ_FROM`, `TZ_TO`); UTC unless the fixture names one.
    pub zone: Zone,
}

impl Event {
    /// The status of `user` in this event, if they are on it.
    pub fn status_of(&self, user: u64) -> Option<MeetingStatus> {
        self.attendees
            .iter()
            .find(|a| a.user == user)
            .map(|a| a.status)
    }
}

/// What `set_status` did; the REST method answers `true` either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetOutcome {
    /// The attendee's status was stored.
    Stored,
    /// Nothing changed: no such meeting, not invited, or the host.
    Ignored,
}

/// All users and events of the portal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calendar {
    /// Users by id order of the fixture.
    pub users: Vec<User>,
    /// Events in fixture order.
    pub events: Vec<Event>,
}

impl Calendar {
    /// The user with this id.
    pub fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// The event with this id.
    pub fn event(&self, id: i64) -> Option<&Event> {
        self.events.iter().find(|e| i64::try_from(e.id) == Ok(id))
    }

    /// Stores `user`'s answer to meeting `event_id`. Like the portal, an
    /// unknown event, a non-meeting, a user who is not invited, or the host
    /// change nothing (and the caller still answers `true`).
    pub fn set_status(&mut self, user: u64, event_id: i64, status: MeetingStatus) -> SetOutcome {
        let attendee = self
            .events
            .iter_mut()
            .filter(|e| e.is_meeting && i64::try_from(e.id) == Ok(event_id))
            .flat_map(|e| e.attendees.iter_mut())
            .find(|a| a.user == user && a.status.is_reply());
        match attendee {
            Some(attendee) if status.is_reply() => {
                attendee.status = status;
                SetOutcome::Stored
            }
            _ => SetOutcome::Ignored,
        }
    }

    /// `user`'s status in meeting `event_id`; `None` when there is no such
    /// meeting or the user is not on it.
    pub fn meeting_status(&self, user: u64, event_id: i64) -> Option<MeetingStatus> {
        self.event(event_id)
            .filter(|e| e.is_meeting)
            .and_then(|e| e.status_of(user))
    }

    /// Events `user` hosts or is invited to that start in `[from, to]`,
    /// sorted by start.
    pub fn nearest(&self, user: u64, from: i64, to: i64) -> Vec<&Event> {
        let mut found: Vec<&Event> = self
            .events
            .iter()
            .filter(|e| e.from >= from && e.from <= to && e.status_of(user).is_some())
            .collect();
        found.sort_by_key(|e| (e.from, e.id));
        found
    }

    /// Every (event id, status) of `user`, in event order.
    pub fn statuses_of(&self, user: u64) -> Vec<(u64, MeetingStatus)> {
        self.events
            .iter()
            .filter_map(|e| e.status_of(user).map(|status| (e.id, status)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar() -> Calendar {
        Calendar {
            users: Vec::new(),
            events: vec![Event {
                id: 7,
                name: "Sync".into(),
                description: String::new(),
                location: String::new(),
                from: 100,
                to: 200,
                host: 2,
                is_meeting: true,
                attendees: vec![
                    Attendee {
                        user: 2,
                        status: MeetingStatus::H,
                    },
                    Attendee {
                        user: 1,
                        status: MeetingStatus::Q,
                    },
                ],
                created: 0,
                recurrence: None,
                zone: Zone::utc(),
            }],
        }
    }

    #[test]
    fn attendee_answer_is_stored() {
        let mut cal = calendar();
        assert_eq!(cal.set_status(1, 7, MeetingStatus::Y), SetOutcome::Stored);
        assert_eq!(cal.meeting_status(1, 7), Some(MeetingStatus::Y));
    }

    #[test]
    fn host_unknown_event_and_stranger_are_ignored() {
        let mut cal = calendar();
        assert_eq!(cal.set_status(2, 7, MeetingStatus::N), SetOutcome::Ignored);
        assert_eq!(cal.set_status(1, 8, MeetingStatus::N), SetOutcome::Ignored);
        assert_eq!(cal.set_status(3, 7, MeetingStatus::N), SetOutcome::Ignored);
        assert_eq!(cal, calendar());
    }
}
