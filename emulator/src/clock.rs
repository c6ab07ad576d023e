//! Wall-clock time and the date formats the portal uses.
//!
//! Everything is UTC: the display format (`12/11/2024 05:59:00 pm`) of unix
//! seconds is their UTC wall clock. An event in a time zone is written as
//! its instant plus the zone's offset (`rest/event.rs`, `zone.rs`).
//! The calendar arithmetic is the "days from civil" algorithm (H. Hinnant),
//! a few lines that save a date-time dependency.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Now as unix seconds with a fraction, like the portal's `time.start`.
pub fn now_unix_f64() -> f64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(elapsed) => elapsed.as_secs_f64(),
        // A clock before 1970 is a broken machine; 0 keeps answers well-formed.
        Err(_) => 0.0,
    }
}

/// Now as whole unix seconds.
pub fn now_unix() -> i64 {
    now_unix_f64().floor() as i64
}

/// Days since 1970-01-01 for a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Broken-down UTC time of a unix timestamp.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

fn civil(unix: i64) -> Civil {
    let (year, month, day) = civil_from_days(unix.div_euclid(DAY));
    let secs = unix.rem_euclid(DAY) as u32;
    Civil {
        year,
        month,
        day,
        hour: secs / 3600,
        minute: secs / 60 % 60,
        second: secs % 60,
    }
}

/// Unix seconds at 00:00 UTC of the day that contains `unix`.
pub fn start_of_day(unix: i64) -> i64 {
    unix.div_euclid(DAY) * DAY
}

/// Day of the week, 0 = Monday … 6 = Sunday.
pub fn weekday(unix: i64) -> u32 {
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    (unix.div_euclid(DAY) + 3).rem_euclid(7) as u32
}

/// `2024-12-10T11:31:35+00:00`, the form of `time.date_start`.
pub fn format_rfc3339(unix: i64) -> String {
    let c = civil(unix);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `24.08.2023 13:19:39`, the portal's `TIMESTAMP_X` of a user.
pub fn format_dotted(unix: i64) -> String {
    let c = civil(unix);
    format!(
        "{:02}.{:02}.{:04} {:02}:{:02}:{:02}",
        c.day, c.month, c.year, c.hour, c.minute, c.second
    )
}

/// `2024-08-29 10:30:11`, the portal's `LAST_ACTIVITY_DATE`.
pub fn format_sql(unix: i64) -> String {
    let c = civil(unix);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `12/24/2024`, a date as an English portal shows it (`RRULE.UNTIL`).
pub fn format_portal_date(unix: i64) -> String {
    let c = civil(unix);
    format!("{:02}/{:02}/{:04}", c.month, c.day, c.year)
}

/// `12/11/2024 05:59:00 pm`, how an English portal shows `DATE_FROM`.
pub fn format_portal(unix: i64) -> String {
    let c = civil(unix);
    let (hour12, half) = match c.hour {
        0 => (12, "am"),
        1..=11 => (c.hour, "am"),
        12 => (12, "pm"),
        _ => (c.hour - 12, "pm"),
    };
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}:{:02} {}",
        c.month, c.day, c.year, hour12, c.minute, c.second, half
    )
}

/// `Wed Dec 11 2024 17:59:00`, the portal's `DATE_FROM_FORMATTED`.
pub fn format_long(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let c = civil(unix);
    format!(
        "{} {} {:02} {:04} {:02}:{:02}:{:02}",
        DAYS[weekday(unix) as usize],
        MONTHS[(c.month - 1) as usize],
        c.day,
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// Parses an RFC 3339 date-time (`2026-12-01T10:00:00Z`, `…+03:00`,
/// fractional seconds allowed) into unix seconds.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let number = |from: usize, len: usize| -> Option<i64> {
        let digits = text.get(from..from + len)?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    };
    let separator_ok = bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-')
        && matches!(bytes.get(10), Some(b'T' | b't' | b' '))
        && bytes.get(13) == Some(&b':')
        && bytes.get(16) == Some(&b':');
    if !separator_ok {
        return None;
    }
    let (year, month, day) = (number(0, 4)?, number(5, 2)?, number(8, 2)?);
    let (hour, minute, second) = (number(11, 2)?, number(14, 2)?, number(17, 2)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = text.get(19..)?;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes().get(3) != Some(&b':') {
                return None;
            }
            let hours: i64 = rest.get(1..3)?.parse().ok()?;
            let minutes: i64 = rest.get(4..6)?.parse().ok()?;
            sign * (hours * 3600 + minutes * 60)
        }
    };
    let days = days_from_civil(year, month as u32, day as u32);
    Some(days * DAY + hour * 3600 + minute * 60 + second - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_docs_example_in_portal_style() {
        // DATE_FROM_TS_UTC 1733932740 is 2024-12-11 15:59 UTC.
        assert_eq!(format_portal(1_733_932_740), "12/11/2024 03:59:00 pm");
        assert_eq!(format_portal(0), "01/01/1970 12:00:00 am");
        assert_eq!(format_portal(12 * 3600), "01/01/1970 12:00:00 pm");
        assert_eq!(format_long(1_733_932_740), "Wed Dec 11 2024 15:59:00");
        assert_eq!(format_dotted(1_733_932_740), "11.12.2024 15:59:00");
        assert_eq!(format_sql(1_733_932_740), "2024-12-11 15:59:00");
        assert_eq!(format_portal_date(1_733_932_740), "12/11/2024");
    }

    #[test]
    fn rfc3339_round_trips() {
        for unix in [0, 951_782_400, 1_733_932_740, 4_102_444_799, -86_400] {
            assert_eq!(parse_rfc3339(&format_rfc3339(unix)), Some(unix));
        }
        assert_eq!(
            parse_rfc3339("2024-12-11T18:59:00+03:00"),
            Some(1_733_932_740)
        );
        assert_eq!(
            parse_rfc3339("2024-12-11T15:59:00.250Z"),
            Some(1_733_932_740)
        );
        assert_eq!(parse_rfc3339("2024-12-11 15:59"), None);
        assert_eq!(parse_rfc3339("2024-13-11T15:59:00Z"), None);
    }

    #[test]
    fn weekdays_count_from_monday() {
        assert_eq!(weekday(0), 3); // Thursday
        assert_eq!(weekday(1_733_932_740), 2); // Wednesday 2024-12-11
    }
}
