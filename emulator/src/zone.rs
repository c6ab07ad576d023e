//! Time zones of events (`TZ_FROM`, `TZ_OFFSET_FROM`): IANA names and their
//! offset from UTC at an instant, daylight saving time included, from the
//! tz database jiff bundles (so the answers do not depend on the machine).

use jiff::tz::TimeZone;
use jiff::Timestamp;

/// A time zone of the tz database, under its canonical spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    name: String,
    zone: TimeZone,
}

impl Zone {
    /// UTC, the zone of an event whose fixture names none.
    pub fn utc() -> Self {
        Self {
            name: "UTC".to_owned(),
            zone: TimeZone::UTC,
        }
    }

    /// The zone called `name` (`Europe/Berlin`; the lookup ignores case), or
    /// `None` when the tz database has no such zone.
    pub fn named(name: &str) -> Option<Self> {
        let zone = TimeZone::get(name).ok()?;
        let name = zone.iana_name().unwrap_or(name).to_owned();
        Some(Self { name, zone })
    }

    /// The IANA name (`TZ_FROM`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Seconds east of UTC at unix second `unix` (`TZ_OFFSET_FROM`: 7200 in
    /// Europe/Berlin in summer, 3600 in winter). An instant outside jiff's
    /// range (years beyond ±9999) takes the offset at the nearest end.
    pub fn offset_at(&self, unix: i64) -> i64 {
        let unix = unix.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
        let instant = Timestamp::from_second(unix).unwrap_or(Timestamp::UNIX_EPOCH);
        i64::from(self.zone.to_offset(instant).seconds())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_daylight_saving_time() {
        let berlin = Zone::named("Europe/Berlin").expect("a tz database zone");
        // 2024-12-11 15:59 UTC (the docs' example instant): winter time.
        assert_eq!(berlin.offset_at(1_733_932_740), 3600);
        // 2024-07-01 12:00 UTC: summer time, the docs' "7200".
        assert_eq!(berlin.offset_at(1_719_835_200), 7200);
        assert_eq!(
            Zone::named("Asia/Tokyo").map(|z| z.offset_at(0)),
            Some(32_400)
        );
        assert_eq!(Zone::utc().offset_at(1_733_932_740), 0);
        assert_eq!(
            Zone::named("America/New_York").map(|z| z.offset_at(1_733_932_740)),
            Some(-18_000)
        );
    }

    #[test]
    fn names_are_checked_and_spelled_canonically() {
        assert_eq!(
            Zone::named("asia/tokyo").map(|z| z.name().to_owned()),
            Some("Asia/Tokyo".to_owned())
        );
        assert_eq!(Zone::named("Mars/Olympus"), None);
        assert_eq!(Zone::named(""), None);
        assert_eq!(Zone::utc().name(), "UTC");
        // Extreme instants do not panic.
        let tokyo = Zone::named("Asia/Tokyo").expect("a tz database zone");
        assert_eq!(tokyo.offset_at(i64::MAX), 32_400);
        assert_eq!(
            tokyo.offset_at(i64::MIN),
            tokyo.offset_at(Timestamp::MIN.as_second())
        );
    }
}
