//! Events in a time zone (the fixture's `timeZone`): `TZ_FROM`/`TZ_TO`, the
//! offsets at the start and the end (daylight saving time included), and
//! `DATE_FROM`/`DATE_TO` on the zone's wall clock; the UTC timestamps do not
//! move. Without `timeZone` an event stays in UTC.

mod support;

use bx24_emulator::{Config, Fixture};
use serde_json::{json, Value};
use support::*;

/// 2036-12-01 10:00 UTC (winter in Berlin, Tokyo is UTC+9 all year).
const DECEMBER: &str = "2036-12-01T10:00:00Z";

fn zoned_fixture() -> Fixture {
    Fixture::from_json(
        &json!({
            "users": [{"id": 1, "name": "Anna"}, {"id": 2, "name": "Boris"}],
            "events": [
                {"id": 301, "name": "Tokyo", "from": DECEMBER, "to": "2036-12-01T11:30:00Z",
                 "host": 2, "attendees": [{"id": 1, "status": "Q"}], "timeZone": "Asia/Tokyo"},
                // Berlin leaves summer time at 01:00 UTC on 26 October 2036:
                // this event starts at +02:00 and ends at +01:00.
                {"id": 302, "name": "Across the change", "from": "2036-10-26T00:30:00Z",
                 "to": "2036-10-26T01:30:00Z", "host": 2, "attendees": [{"id": 1, "status": "Q"}],
                 "timeZone": "europe/berlin"},
                {"id": 303, "name": "No zone", "from": DECEMBER, "host": 2,
                 "attendees": [{"id": 1, "status": "Q"}]}
            ]
        })
        .to_string(),
    )
    .expect("fixture parses")
}

async fn event(emu: &Emu, id: u64) -> Value {
    let reply = emu.hook("calendar.event.getbyid", json!({"id": id})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()["result"].clone()
}

fn fields<'a>(event: &'a Value, names: &[&str]) -> Vec<&'a Value> {
    names.iter().map(|name| &event[*name]).collect()
}

const ZONE_FIELDS: [&str; 11] = [
    "TZ_FROM",
    "TZ_TO",
    "TZ_OFFSET_FROM",
    "TZ_OFFSET_TO",
    "DATE_FROM",
    "DATE_TO",
    "DATE_FROM_TS_UTC",
    "DATE_TO_TS_UTC",
    "DATE_FROM_FORMATTED",
    "~USER_OFFSET_FROM",
    "~USER_OFFSET_TO",
];

#[tokio::test]
async fn an_event_in_a_zone_states_it_with_its_offsets() {
    let emu = Emu::start(Config {
        fixture: Some(zoned_fixture()),
        ..config()
    })
    .await;

    let tokyo = event(&emu, 301).await;
    assert_eq!(
        fields(&tokyo, &ZONE_FIELDS),
        [
            &json!("Asia/Tokyo"),
            &json!("Asia/Tokyo"),
            &json!("32400"),
            &json!("32400"),
            &json!("12/01/2036 07:00:00 pm"),
            &json!("12/01/2036 08:30:00 pm"),
            &json!("2111738400"),
            &json!("2111743800"),
            &json!("Mon Dec 01 2036 19:00:00"),
            &json!(32400),
            &json!(32400),
        ]
    );

    // The zone name is spelled as the tz database does; the offset is the
    // one at each instant.
    let berlin = event(&emu, 302).await;
    assert_eq!(
        fields(&berlin, &ZONE_FIELDS[..6]),
        [
            &json!("Europe/Berlin"),
            &json!("Europe/Berlin"),
            &json!("7200"),
            &json!("3600"),
            &json!("10/26/2036 02:30:00 am"),
            &json!("10/26/2036 02:30:00 am"),
        ]
    );

    let plain = event(&emu, 303).await;
    assert_eq!(
        fields(&plain, &ZONE_FIELDS[..6]),
        [
            &json!("UTC"),
            &json!("UTC"),
            &json!("0"),
            &json!("0"),
            &json!("12/01/2036 10:00:00 am"),
            &json!("12/01/2036 11:00:00 am"),
        ]
    );

    // calendar.event.get.nearest answers the same object.
    let nearest = emu
        .hook("calendar.event.get.nearest", json!({"days": 4000}))
        .await
        .json();
    let listed = nearest["result"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|e| e["ID"] == "301")
        .cloned()
        .expect("event 301 is listed");
    assert_eq!(fields(&listed, &ZONE_FIELDS), fields(&tokyo, &ZONE_FIELDS));
}

#[test]
fn an_unknown_zone_is_refused_at_start() {
    let fixture = Fixture::from_json(
        &json!({
            "users": [{"id": 1, "name": "Anna"}],
            "events": [{"id": 1, "name": "x", "from": DECEMBER, "host": 1, "timeZone": "Mars/Olympus"}]
        })
        .to_string(),
    )
    .expect("fixture parses");
    let error = fixture
        .to_calendar(0)
        .expect_err("an unknown zone is refused");
    assert!(error.to_string().contains("\"Mars/Olympus\""), "{error}");
}
