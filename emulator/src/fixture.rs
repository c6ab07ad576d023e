//! The fixture: users and meetings the portal starts with (`--data FILE`),
//! and the built-in demo set used when no file is given.
//!
//! ```json
//! {"users": [{"id": 1, "name": "Anna", "lastName": "Smirnova", "email": "anna@example.com"}],
//!  "events": [{"id": 101, "name": "Sync", "from": "2026-12-01T10:00:00Z", "to": "2026-12-01T11:00:00Z",
//!              "location": "Room 1", "host": 2, "attendees": [{"id": 1, "status": "Q"}]}]}
//! ```
//!
//! `fromOffsetMinutes` / `durationMinutes` may replace `from` / `to`: they
//! count from the moment the server starts, so test fixtures stay in the future.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::calendar::{Attendee, Calendar, Event, MeetingStatus, Recurrence, User};
use crate::clock;
use crate::zone::Zone;
use crate::Error;

/// The fixture file's top level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// Portal users.
    pub users: Vec<FixtureUser>,
    /// Calendar events.
    #[serde(default)]
    pub events: Vec<FixtureEvent>,
}

/// One user of the fixture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FixtureUser {
    /// User id (`user.current` `ID`, the `?user=` of `/placement/auth`).
    pub id: u64,
    /// First name.
    pub name: String,
    /// Last name.
    #[serde(default)]
    pub last_name: String,
    /// E-mail.
    #[serde(default)]
    pub email: String,
    /// Portal administrator (`BX24.isAdmin()`); default false.
    #[serde(default)]
    pub is_admin: bool,
}

/// One event of the fixture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FixtureEvent {
    /// Event id.
    pub id: u64,
    /// Title.
    pub name: String,
    /// Start, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// End, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Start as minutes after server start (instead of `from`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_offset_minutes: Option<i64>,
    /// Length in minutes (instead of `to`); default 60.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<i64>,
    /// Location text.
    #[serde(default)]
    pub location: String,
    /// Description text.
    #[serde(default)]
    pub description: String,
    /// The host's user id; the host is an attendee with status `H`.
    pub host: u64,
    /// `false` for a personal event that is not a meeting; default true.
    #[serde(default = "default_true")]
    pub is_meeting: bool,
    /// Invited users and their statuses (`Y`, `N`, `Q`; `H` only for the host).
    #[serde(default)]
    pub attendees: Vec<FixtureAttendee>,
    /// How the event repeats (the `RRULE` it is answered with); none by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rrule: Option<FixtureRrule>,
    /// The event's IANA time zone (`Asia/Tokyo`): its `TZ_FROM`/`TZ_TO`, the
    /// offsets `TZ_OFFSET_FROM`/`TZ_OFFSET_TO` at its start and end, and the
    /// zone `DATE_FROM`/`DATE_TO` are written in. Default: UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

/// A fixture event's recurrence:
/// `{"freq": "WEEKLY", "interval": 1, "byDay": ["MO", "WE"], "until": "2026-12-24"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FixtureRrule {
    /// `DAILY`, `WEEKLY`, `MONTHLY` or `YEARLY`.
    pub freq: String,
    /// Every how many periods; default 1.
    #[serde(default = "default_interval")]
    pub interval: u32,
    /// Week days for `WEEKLY`: `MO`, `TU`, `WE`, `TH`, `FR`, `SA`, `SU`.
    #[serde(default)]
    pub by_day: Vec<String>,
    /// Last day, `YYYY-MM-DD`; none for no end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

fn default_interval() -> u32 {
    1
}

fn default_true() -> bool {
    true
}

/// One attendee of a fixture event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureAttendee {
    /// User id.
    pub id: u64,
    /// `Y`, `N`, `Q` (or `H` for the host).
    pub status: String,
}

impl Fixture {
    /// Parses fixture JSON.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        serde_json::from_str(text).map_err(Error::FixtureJson)
    }

    /// Reads and parses a fixture file.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::from_json(&text)
    }

    /// The built-in demo portal: four users (user 1, Anna Smirnova, is the
    /// demo user and an admin) and twelve meetings on the working days of the
    /// two weeks after `now`, three of them hosted by user 1.
    pub fn demo(now: i64) -> Self {
        let user = |id, name: &str, last_name: &str, email: &str| FixtureUser {
            id,
            name: name.into(),
            last_name: last_name.into(),
            email: email.into(),
            is_admin: id == 1,
        };
        let users = vec![
            user(1, "Anna", "Smirnova", "anna.smirnova@example.com"),
            user(2, "Dmitry", "Volkov", "dmitry.volkov@example.com"),
            user(3, "Elena", "Kuznetsova", "elena.kuznetsova@example.com"),
            user(4, "Maxim", "Orlov", "maxim.orlov@example.com"),
        ];
        // (working day, start hour, start minute, minutes, id, name, location, host, invitees)
        type Row = (
            usize,
            i64,
            i64,
            i64,
            u64,
            &'static str,
            &'static str,
            u64,
            &'static [(u64, &'static str)],
        );
        const ROWS: [Row; 12] = [
            (
                0,
                10,
                0,
                30,
                101,
                "Daily stand-up",
                "Room Baikal / Zoom",
                2,
                &[(1, "Q"), (3, "Y"), (4, "Y")],
            ),
            (
                0,
                14,
                0,
                60,
                102,
                "Q3 budget review",
                "Room Ladoga",
                1,
                &[(2, "Y"), (3, "Q")],
            ),
            (
                1,
                11,
                0,
                60,
                103,
                "Design review: booking widget",
                "Room Onega",
                3,
                &[(1, "Y"), (2, "N")],
            ),
            (
                2,
                9,
                30,
                30,
                104,
                "1:1 Anna / Dmitry",
                "Dmitry's office",
                2,
                &[(1, "Y")],
            ),
            (
                3,
                15,
                0,
                60,
                105,
                "Customer call: Northwind",
                "Zoom",
                4,
                &[(1, "Q"), (2, "Q")],
            ),
            (
                4,
                13,
                0,
                60,
                106,
                "Hiring committee",
                "Room Ladoga",
                1,
                &[(3, "Y"), (4, "N")],
            ),
            (
                5,
                10,
                0,
                90,
                107,
                "Sprint planning",
                "Room Baikal",
                2,
                &[(1, "Q"), (3, "Q"), (4, "Y")],
            ),
            (
                6,
                16,
                0,
                45,
                108,
                "Security awareness training",
                "Conference hall",
                3,
                &[(1, "N"), (2, "Y"), (4, "Q")],
            ),
            (
                7,
                12,
                0,
                60,
                109,
                "Lunch & learn: Rust in the browser",
                "Kitchen",
                4,
                &[(1, "Y"), (2, "Y"), (3, "Q")],
            ),
            (
                8,
                9,
                0,
                30,
                110,
                "Release go/no-go",
                "Zoom",
                1,
                &[(2, "Q"), (3, "Q"), (4, "Q")],
            ),
            (
                9,
                14,
                30,
                60,
                111,
                "Marketing sync",
                "Room Onega",
                3,
                &[(1, "Q"), (4, "Y")],
            ),
            (
                9,
                17,
                0,
                60,
                112,
                "Quarterly all-hands",
                "Conference hall",
                4,
                &[(1, "Q"), (2, "Y"), (3, "Y")],
            ),
        ];
        let days = working_days_after(now, 10);
        let events = ROWS
            .iter()
            .map(
                |&(day, hour, minute, minutes, id, name, location, host, invitees)| {
                    let from = days[day] + hour * 3600 + minute * 60;
                    FixtureEvent {
                        id,
                        name: name.into(),
                        from: Some(clock::format_rfc3339(from)),
                        to: Some(clock::format_rfc3339(from + minutes * 60)),
                        from_offset_minutes: None,
                        duration_minutes: None,
                        location: location.into(),
                        description: format!("{name} (demo meeting)"),
                        host,
                        is_meeting: true,
                        attendees: invitees
                            .iter()
                            .map(|&(id, status)| FixtureAttendee {
                                id,
                                status: status.into(),
                            })
                            .collect(),
                        rrule: None,
                        time_zone: None,
                    }
                },
            )
            .collect();
        Self { users, events }
    }

    /// Checks the fixture and turns it into the portal's calendar, with
    /// relative times counted from `start` (unix seconds).
    pub fn to_calendar(&self, start: i64) -> Result<Calendar, Error> {
        let mut users: Vec<User> = Vec::with_capacity(self.users.len());
        for u in &self.users {
            if users.iter().any(|known| known.id == u.id) {
                return Err(Error::Fixture(format!("user {} appears twice", u.id)));
            }
            users.push(User {
                id: u.id,
                name: u.name.clone(),
                last_name: u.last_name.clone(),
                email: u.email.clone(),
                is_admin: u.is_admin,
            });
        }
        let mut events: Vec<Event> = Vec::with_capacity(self.events.len());
        let mut event_ids = HashSet::new();
        for e in &self.events {
            if !event_ids.insert(e.id) {
                return Err(Error::Fixture(format!("event {} appears twice", e.id)));
            }
            events.push(e.to_event(start, &users)?);
        }
        Ok(Calendar { users, events })
    }
}

impl FixtureEvent {
    fn to_event(&self, start: i64, users: &[User]) -> Result<Event, Error> {
        let problem = |what: String| Error::Fixture(format!("event {}: {what}", self.id));
        let time = |text: &str| {
            clock::parse_rfc3339(text)
                .ok_or_else(|| problem(format!("{text:?} is not an RFC 3339 date-time")))
        };
        let from = match (&self.from, self.from_offset_minutes) {
            (Some(text), _) => time(text)?,
            (None, Some(minutes)) => start + minutes * 60,
            (None, None) => return Err(problem("needs \"from\" or \"fromOffsetMinutes\"".into())),
        };
        let to = match &self.to {
            Some(text) => time(text)?,
            None => from + self.duration_minutes.unwrap_or(60) * 60,
        };
        if to < from {
            return Err(problem("ends before it starts".into()));
        }
        let known = |id: u64| users.iter().any(|u| u.id == id);
        if !known(self.host) {
            return Err(problem(format!("host {} is not a user", self.host)));
        }
        let mut attendees = vec![Attendee {
            user: self.host,
            status: MeetingStatus::H,
        }];
        for a in &self.attendees {
            if !known(a.id) {
                return Err(problem(format!("attendee {} is not a user", a.id)));
            }
            let status = MeetingStatus::parse(&a.status)
                .ok_or_else(|| problem(format!("status {:?} is not Y, N, Q or H", a.status)))?;
            if a.id == self.host {
                if status != MeetingStatus::H {
                    return Err(problem("the host's status must be \"H\"".into()));
                }
                continue;
            }
            if status == MeetingStatus::H {
                return Err(problem(format!(
                    "attendee {} is not the host but has status \"H\"",
                    a.id
                )));
            }
            if attendees.iter().any(|known| known.user == a.id) {
                return Err(problem(format!("attendee {} appears twice", a.id)));
            }
            attendees.push(Attendee { user: a.id, status });
        }
        let recurrence = self
            .rrule
            .as_ref()
            .map(|rule| rule.to_recurrence())
            .transpose()
            .map_err(problem)?;
        let zone = match &self.time_zone {
            None => Zone::utc(),
            Some(name) => Zone::named(name).ok_or_else(|| {
                problem(format!(
                    "time zone {name:?} is not in the tz database (e.g. \"Europe/Berlin\")"
                ))
            })?,
        };
        Ok(Event {
            zone,
            // A day before the portal started (or before the event, if earlier).
            created: start.min(from) - clock::DAY,
            recurrence,
            id: self.id,
            name: self.name.clone(),
            description: self.description.clone(),
            location: self.location.clone(),
            from,
            to,
            host: self.host,
            is_meeting: self.is_meeting,
            attendees,
        })
    }
}

impl FixtureRrule {
    fn to_recurrence(&self) -> Result<Recurrence, String> {
        const FREQS: [&str; 4] = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"];
        const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
        if !FREQS.contains(&self.freq.as_str()) {
            return Err(format!(
                "rrule freq {:?} is not one of {FREQS:?}",
                self.freq
            ));
        }
        if self.interval == 0 {
            return Err("rrule interval must be at least 1".into());
        }
        if let Some(day) = self.by_day.iter().find(|d| !DAYS.contains(&d.as_str())) {
            return Err(format!("rrule byDay {day:?} is not one of {DAYS:?}"));
        }
        let until = self
            .until
            .as_ref()
            .map(|date| {
                clock::parse_rfc3339(&format!("{date}T00:00:00Z"))
                    .ok_or_else(|| format!("rrule until {date:?} is not a YYYY-MM-DD date"))
            })
            .transpose()?;
        Ok(Recurrence {
            freq: self.freq.clone(),
            interval: self.interval,
            by_day: self.by_day.clone(),
            until,
        })
    }
}

/// Midnights (UTC) of the next `count` Monday-to-Friday days after `now`'s day.
fn working_days_after(now: i64, count: usize) -> Vec<i64> {
    (1..)
        .map(|n| clock::start_of_day(now) + n * clock::DAY)
        .filter(|day| clock::weekday(*day) < 5)
        .take(count)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_is_consistent_future_and_within_two_weeks() {
        let now = 1_733_932_740;
        let calendar = Fixture::demo(now)
            .to_calendar(now)
            .expect("demo fixture is valid");
        assert_eq!(calendar.events.len(), 12);
        assert!(calendar
            .events
            .iter()
            .all(|e| e.from > now && e.from < now + 15 * clock::DAY));
        assert!(calendar.events.iter().all(|e| clock::weekday(e.from) < 5));
        let hosted = calendar
            .statuses_of(1)
            .iter()
            .filter(|(_, s)| *s == MeetingStatus::H)
            .count();
        assert_eq!(hosted, 3);
        assert_eq!(calendar.statuses_of(1).len(), 12);
    }

    #[test]
    fn relative_times_count_from_start() {
        let fixture = Fixture::from_json(
            r#"{"users":[{"id":1,"name":"A"}],"events":[{"id":5,"name":"x","fromOffsetMinutes":30,"durationMinutes":15,"host":1}]}"#,
        )
        .expect("valid json");
        let calendar = fixture.to_calendar(1000).expect("valid fixture");
        assert_eq!(
            (calendar.events[0].from, calendar.events[0].to),
            (1000 + 1800, 1000 + 2700)
        );
    }

    #[test]
    fn time_zone_is_looked_up_and_unknown_ones_are_rejected() {
        let fixture = |zone: &str| {
            Fixture::from_json(&format!(
                r#"{{"users":[{{"id":1,"name":"A"}}],"events":[{{"id":5,"name":"x","fromOffsetMinutes":30,"host":1,"timeZone":"{zone}"}}]}}"#
            ))
            .expect("valid json")
        };
        let calendar = fixture("asia/tokyo").to_calendar(0).expect("valid fixture");
        assert_eq!(calendar.events[0].zone.name(), "Asia/Tokyo");
        let error = fixture("Mars/Olympus").to_calendar(0).unwrap_err();
        assert!(error.to_string().contains("Mars/Olympus"), "{error}");
        let plain = Fixture::from_json(
            r#"{"users":[{"id":1,"name":"A"}],"events":[{"id":5,"name":"x","fromOffsetMinutes":30,"host":1}]}"#,
        )
        .expect("valid json");
        assert_eq!(
            plain.to_calendar(0).expect("valid fixture").events[0]
                .zone
                .name(),
            "UTC"
        );
    }

    #[test]
    fn unknown_attendee_is_rejected() {
        let fixture = Fixture::from_json(
            r#"{"users":[{"id":1,"name":"A"}],"events":[{"id":5,"name":"x","fromOffsetMinutes":30,"host":1,"attendees":[{"id":9,"status":"Q"}]}]}"#,
        )
        .expect("valid json");
        assert!(matches!(fixture.to_calendar(0), Err(Error::Fixture(_))));
    }
}
