//! The calendar REST methods: answers, documented error texts, PHP quirks,
//! and the ways parameters can be sent.

mod support;

use serde_json::{json, Value};
use support::*;

const MISSING_EVENT_ID: &str =
    "Не задан обязательный параметр \"eventId\" для метода \"calendar.meeting.status.set\"";
const MISSING_STATUS: &str =
    "Не задан обязательный параметр \"status\" для метода \"calendar.meeting.status.set\"";
const INVALID_STATUS: &str = "Недопустимое значение параметра \"status\"";

#[tokio::test]
async fn status_set_stores_the_answer_and_returns_true() {
    let emu = Emu::default().await;
    let reply = emu
        .hook(
            "calendar.meeting.status.set",
            json!({"eventId": MEETING, "status": "Y"}),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["result"], json!(true));
    assert_time(&reply.json());
    assert_eq!(emu.statuses(ANNA).await[MEETING.to_string()], "Y");
}

#[tokio::test]
async fn status_set_accepts_lower_case_status() {
    let emu = Emu::default().await;
    let reply = emu
        .hook(
            "calendar.meeting.status.set",
            json!({"eventId": MEETING, "status": "n"}),
        )
        .await;
    assert_eq!(
        (reply.status, reply.json()["result"].clone()),
        (200, json!(true))
    );
    assert_eq!(emu.statuses(ANNA).await[MEETING.to_string()], "N");
}

#[tokio::test]
async fn status_set_missing_event_id_texts_follow_php_empty() {
    let emu = Emu::default().await;
    for event_id in [Value::Null, json!(0), json!("0"), json!(""), json!(false)] {
        let reply = emu
            .hook(
                "calendar.meeting.status.set",
                json!({"eventId": event_id, "status": "Y"}),
            )
            .await;
        assert_eq!(reply.status, 400, "eventId {event_id}");
        assert_eq!(
            reply.error(),
            (String::new(), MISSING_EVENT_ID.to_owned()),
            "eventId {event_id}"
        );
    }
    // Missing entirely, and checked before a missing status.
    let reply = emu.hook("calendar.meeting.status.set", json!({})).await;
    assert_eq!(
        (reply.status, reply.error().1),
        (400, MISSING_EVENT_ID.to_owned())
    );
}

#[tokio::test]
async fn status_set_missing_status_text() {
    let emu = Emu::default().await;
    for status in [Value::Null, json!(""), json!("0"), json!(0)] {
        let reply = emu
            .hook(
                "calendar.meeting.status.set",
                json!({"eventId": MEETING, "status": status}),
            )
            .await;
        assert_eq!(reply.status, 400, "status {status}");
        assert_eq!(reply.error(), (String::new(), MISSING_STATUS.to_owned()));
    }
}

#[tokio::test]
async fn status_set_invalid_status_text() {
    let emu = Emu::default().await;
    for status in [json!("H"), json!("yes"), json!("A"), json!(1)] {
        let reply = emu
            .hook(
                "calendar.meeting.status.set",
                json!({"eventId": MEETING, "status": status}),
            )
            .await;
        assert_eq!(reply.status, 400, "status {status}");
        assert_eq!(reply.error(), (String::new(), INVALID_STATUS.to_owned()));
    }
    assert_eq!(emu.statuses(ANNA).await[MEETING.to_string()], "Q");
}

#[tokio::test]
async fn status_set_non_numeric_event_id_is_an_invalid_value() {
    let emu = Emu::default().await;
    let reply = emu
        .hook(
            "calendar.meeting.status.set",
            json!({"eventId": "abc", "status": "Y"}),
        )
        .await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.error().1,
        "Недопустимое значение параметра \"eventId\""
    );
}

#[tokio::test]
async fn status_set_is_a_silent_true_for_unknown_event_stranger_personal_event_and_host() {
    let emu = Emu::default().await;
    let before = emu.statuses(ANNA).await;
    for event_id in [9999, NOT_INVITED, PERSONAL, ANNAS_MEETING] {
        let reply = emu
            .hook(
                "calendar.meeting.status.set",
                json!({"eventId": event_id, "status": "N"}),
            )
            .await;
        assert_eq!(
            (reply.status, reply.json()["result"].clone()),
            (200, json!(true)),
            "event {event_id}"
        );
    }
    assert_eq!(emu.statuses(ANNA).await, before);
    assert_eq!(emu.statuses(ANNA).await[ANNAS_MEETING.to_string()], "H");
}

#[tokio::test]
async fn status_get_returns_the_users_status_and_h_for_the_host() {
    let emu = Emu::default().await;
    let get = |event_id: u64| emu.hook("calendar.meeting.status.get", json!({"eventId": event_id}));
    assert_eq!(get(MEETING).await.json()["result"], "Q");
    assert_eq!(get(ANNAS_MEETING).await.json()["result"], "H");
    emu.hook(
        "calendar.meeting.status.set",
        json!({"eventId": MEETING, "status": "Y"}),
    )
    .await;
    assert_eq!(get(MEETING).await.json()["result"], "Y");
}

#[tokio::test]
async fn status_get_errors_missing_event_id_and_lookup_failure() {
    let emu = Emu::default().await;
    let reply = emu
        .hook("calendar.meeting.status.get", json!({"eventId": "0"}))
        .await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.error(),
        (
            String::new(),
            "Не задан обязательный параметр \"eventId\" для метода \"calendar.meeting.status.get\""
                .to_owned()
        )
    );
    for event_id in [9999, NOT_INVITED, PERSONAL] {
        let reply = emu
            .hook("calendar.meeting.status.get", json!({"eventId": event_id}))
            .await;
        assert_eq!(reply.status, 400, "event {event_id}");
        assert_eq!(
            reply.error(),
            (
                String::new(),
                "При выборке статуса произошла ошибка".to_owned()
            )
        );
    }
}

#[tokio::test]
async fn get_nearest_lists_the_users_upcoming_events_in_order_with_portal_fields() {
    let emu = Emu::default().await;
    let reply = emu
        .hook("calendar.event.get.nearest", json!({"days": 14}))
        .await;
    assert_eq!(reply.status, 200);
    let events = reply.json()["result"].as_array().expect("a list").clone();
    let ids: Vec<&str> = events
        .iter()
        .map(|e| e["ID"].as_str().expect("ID string"))
        .collect();
    // Not 203 (not invited), not 205 (beyond 14 days), not 206 (past).
    assert_eq!(ids, ["201", "202", "204"]);
    let first = &events[0];
    assert_eq!(first["NAME"], "Planning");
    assert_eq!(first["LOCATION"], "Room 1");
    assert_eq!(first["IS_MEETING"], true);
    assert_eq!(first["MEETING_STATUS"], "Q");
    assert_eq!(first["MEETING_HOST"], "2");
    assert_eq!(first["MEETING"]["HOST_NAME"], "Boris Petrov");
    assert_eq!(first["CAL_TYPE"], "user");
    assert_eq!(first["OWNER_ID"], "1");
    assert_eq!(
        (first["TZ_FROM"].clone(), first["TZ_TO"].clone()),
        (json!("UTC"), json!("UTC"))
    );
    let from: i64 = first["DATE_FROM_TS_UTC"]
        .as_str()
        .expect("string")
        .parse()
        .expect("unix seconds");
    let to: i64 = first["DATE_TO_TS_UTC"]
        .as_str()
        .expect("string")
        .parse()
        .expect("unix seconds");
    assert_eq!(to - from, 1800);
    let date = first["DATE_FROM"].as_str().expect("DATE_FROM");
    assert!(
        date.len() == 22 && (date.ends_with(" am") || date.ends_with(" pm")),
        "{date}"
    );
    assert_eq!(
        first["ATTENDEE_LIST"],
        json!([
            {"id": 2, "entryId": "201", "status": "H"},
            {"id": 1, "entryId": "201", "status": "Q"},
            {"id": 3, "entryId": "201", "status": "Y"}
        ])
    );
    assert_eq!(events[1]["MEETING_STATUS"], "H");
    assert_eq!(events[2]["IS_MEETING"], false);
}

#[tokio::test]
async fn get_nearest_default_days_and_max_events_count() {
    let emu = Emu::default().await;
    let all = emu
        .hook("calendar.event.get.nearest", json!({}))
        .await
        .json();
    assert_eq!(
        all["result"].as_array().map(Vec::len),
        Some(4),
        "60 days include 205"
    );
    let two = emu
        .hook("calendar.event.get.nearest", json!({"maxEventsCount": 2}))
        .await
        .json();
    assert_eq!(two["result"].as_array().map(Vec::len), Some(2));
    let token = emu.token(BORIS).await;
    let boris = emu
        .call(&token, "calendar.event.get.nearest", json!({"days": 1}))
        .await
        .json();
    let ids: Vec<&Value> = boris["result"]
        .as_array()
        .expect("list")
        .iter()
        .map(|e| &e["ID"])
        .collect();
    assert_eq!(ids, [&json!("201"), &json!("202"), &json!("203")]);
}

#[tokio::test]
async fn getbyid_returns_the_event_or_the_documented_errors() {
    let emu = Emu::default().await;
    let reply = emu
        .hook("calendar.event.getbyid", json!({"id": MEETING}))
        .await;
    assert_eq!(reply.status, 200);
    let event = reply.json()["result"].clone();
    assert_eq!(
        (event["ID"].clone(), event["MEETING_STATUS"].clone()),
        (json!("201"), json!("Q"))
    );
    let missing = emu.hook("calendar.event.getbyid", json!({})).await;
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.error().1,
        "Не задан обязательный параметр \"id\" для метода \"calendar.event.getbyid\""
    );
    for id in [9999, NOT_INVITED] {
        let denied = emu.hook("calendar.event.getbyid", json!({"id": id})).await;
        assert_eq!(
            (denied.status, denied.error()),
            (400, (String::new(), "Доступ запрещен".to_owned()))
        );
    }
}

/// The fields of the docs' example answer, in its order, with the types of
/// the field table (`calendar-event/_include_calendar_event_fields.md`,
/// example in `calendar-event-get-by-id.md`). `null` is allowed where the
/// docs' example itself has `null` for a field without a value.
const EVENT_FIELDS: [(&str, &str); 57] = [
    ("ID", "string"),
    ("PARENT_ID", "string"),
    ("DELETED", "string"),
    ("CAL_TYPE", "string"),
    ("OWNER_ID", "string"),
    ("NAME", "string"),
    ("DATE_FROM", "string"),
    ("DATE_TO", "string"),
    ("ORIGINAL_DATE_FROM", "string?"),
    ("TZ_FROM", "string"),
    ("TZ_TO", "string"),
    ("TZ_OFFSET_FROM", "string"),
    ("TZ_OFFSET_TO", "string"),
    ("DATE_FROM_TS_UTC", "string"),
    ("DATE_TO_TS_UTC", "string"),
    ("DT_SKIP_TIME", "string"),
    ("DT_LENGTH", "integer"),
    ("EVENT_TYPE", "string?"),
    ("CREATED_BY", "string"),
    ("DATE_CREATE", "string"),
    ("TIMESTAMP_X", "string"),
    ("DESCRIPTION", "string"),
    ("PRIVATE_EVENT", "string"),
    ("ACCESSIBILITY", "string"),
    ("IMPORTANCE", "string"),
    ("IS_MEETING", "boolean"),
    ("MEETING_STATUS", "string"),
    ("MEETING_HOST", "string"),
    ("MEETING", "object"),
    ("LOCATION", "string"),
    ("REMIND", "array"),
    ("COLOR", "string"),
    ("RRULE", "object?"),
    ("EXDATE", "string"),
    ("DAV_XML_ID", "string"),
    ("G_EVENT_ID", "string"),
    ("DAV_EXCH_LABEL", "string"),
    ("CAL_DAV_LABEL", "string"),
    ("VERSION", "string"),
    ("ATTENDEES_CODES", "array"),
    ("RECURRENCE_ID", "string?"),
    ("RELATIONS", "object?"),
    ("SECTION_ID", "string"),
    ("SYNC_STATUS", "string?"),
    ("UF_CRM_CAL_EVENT", "array"),
    ("UF_WEBDAV_CAL_EVENT", "array"),
    ("SECTION_DAV_XML_ID", "array?"),
    ("DATE_FROM_FORMATTED", "string"),
    ("DATE_TO_FORMATTED", "string"),
    ("SECT_ID", "string"),
    ("ATTENDEE_LIST", "array"),
    ("COLLAB_ID", "integer?"),
    ("~RRULE_DESCRIPTION", "string"),
    ("attendeesEntityList", "array"),
    ("~DESCRIPTION", "string"),
    ("~USER_OFFSET_FROM", "integer"),
    ("~USER_OFFSET_TO", "integer"),
];

fn assert_documented_event(event: &Value) {
    let fields = event.as_object().expect("an event object");
    let names: Vec<&str> = fields.keys().map(String::as_str).collect();
    let documented: Vec<&str> = EVENT_FIELDS.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, documented);
    for (name, kind) in EVENT_FIELDS {
        let value = &event[name];
        let (kind, nullable) = kind
            .strip_suffix('?')
            .map_or((kind, false), |kind| (kind, true));
        let ok = match kind {
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "boolean" => value.is_boolean(),
            "object" => value.is_object(),
            _ => value.is_array(),
        } || (nullable && value.is_null());
        assert!(ok, "{name} should be {kind}: {value}");
    }
    for (field, value) in event["MEETING"].as_object().expect("MEETING") {
        let ok = match field.as_str() {
            "NOTIFY" | "REINVITE" | "ALLOW_INVITE" | "HIDE_GUESTS" => value.is_boolean(),
            "MEETING_CREATOR" => value.is_u64(),
            _ => value.is_string(),
        };
        assert!(ok, "MEETING.{field}: {value}");
    }
}

/// issue 11: events carry every documented field with its documented type,
/// `DATE_CREATE`, `TIMESTAMP_X`, `VERSION`, `SECT_ID` among them, and a
/// recurring event's `RRULE` is the documented object.
#[tokio::test]
async fn events_have_every_documented_field_with_its_type() {
    let emu = Emu::default().await;
    let single = emu
        .hook("calendar.event.getbyid", json!({"id": MEETING}))
        .await
        .json()["result"]
        .clone();
    assert_documented_event(&single);
    assert_eq!(single["RRULE"], Value::Null);
    assert_eq!(single["VERSION"], "1");
    assert_eq!(single["SECT_ID"], single["SECTION_ID"]);
    let created = single["DATE_CREATE"].as_str().expect("DATE_CREATE");
    assert!(created.len() == 22 && created.ends_with('m'), "{created}");
    let recurring = emu
        .hook("calendar.event.getbyid", json!({"id": FAR}))
        .await
        .json()["result"]
        .clone();
    assert_documented_event(&recurring);
    assert_eq!(
        recurring["RRULE"],
        json!({"FREQ": "WEEKLY", "BYDAY": {"WE": "WE", "MO": "MO"}, "INTERVAL": 1,
               "UNTIL": "12/24/2040", "~UNTIL": "12/24/2040", "UNTIL_TS": 2_239_920_000_i64})
    );
    let description = recurring["~RRULE_DESCRIPTION"].as_str().expect("text");
    assert!(
        description.starts_with("every week on: Mon, Wed, from ")
            && description.ends_with(" to 12/24/2040"),
        "{description}"
    );
    let nearest = emu
        .hook("calendar.event.get.nearest", json!({"days": 30}))
        .await
        .json()["result"]
        .clone();
    for event in nearest.as_array().expect("a list") {
        assert_documented_event(event);
    }
}

#[tokio::test]
async fn user_current_describes_the_token_user() {
    let emu = Emu::default().await;
    let token = emu.token(BORIS).await;
    let reply = emu.call(&token, "user.current", json!({})).await;
    let user = reply.json()["result"].clone();
    assert_eq!(user["ID"], "2");
    assert_eq!(user["NAME"], "Boris");
    assert_eq!(user["LAST_NAME"], "Petrov");
    assert_eq!(user["EMAIL"], "boris@example.com");
    // Every field of the docs' example answer (settings/batch.md, the
    // `get_user` result), with its type.
    let fields = user.as_object().expect("an object");
    let names: Vec<&str> = fields.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "ID",
            "ACTIVE",
            "NAME",
            "LAST_NAME",
            "EMAIL",
            "LAST_LOGIN",
            "DATE_REGISTER",
            "IS_ONLINE",
            "TIMESTAMP_X",
            "LAST_ACTIVITY_DATE",
            "PERSONAL_GENDER",
            "PERSONAL_BIRTHDAY",
            "UF_EMPLOYMENT_DATE",
            "UF_DEPARTMENT"
        ]
    );
    assert_eq!(user["ACTIVE"], true);
    assert_eq!(user["IS_ONLINE"], "Y");
    assert_eq!(user["UF_DEPARTMENT"], json!([1]));
    let iso = |field: &str| {
        let text = user[field].as_str().unwrap_or_default().to_owned();
        assert!(
            text.len() == 25 && text.as_bytes()[10] == b'T' && text.ends_with("+00:00"),
            "{field}: {text}"
        );
    };
    iso("LAST_LOGIN");
    iso("DATE_REGISTER");
    let dotted = user["TIMESTAMP_X"].as_str().expect("TIMESTAMP_X");
    assert!(
        dotted.len() == 19 && &dotted[2..3] == "." && &dotted[5..6] == ".",
        "{dotted}"
    );
    let sql = user["LAST_ACTIVITY_DATE"]
        .as_str()
        .expect("LAST_ACTIVITY_DATE");
    assert!(
        sql.len() == 19 && &sql[4..5] == "-" && &sql[10..11] == " ",
        "{sql}"
    );
    for field in ["PERSONAL_GENDER", "PERSONAL_BIRTHDAY", "UF_EMPLOYMENT_DATE"] {
        assert_eq!(user[field], "", "{field}");
    }
}

#[tokio::test]
async fn unknown_method_is_404_method_not_found() {
    let emu = Emu::default().await;
    let reply = emu.hook("calendar.meeting.status.toggle", json!({})).await;
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.error(),
        (
            "ERROR_METHOD_NOT_FOUND".to_owned(),
            "Method not found!".to_owned()
        )
    );
    assert_time(&reply.json());
}

#[tokio::test]
async fn form_bodies_and_query_strings_are_read_like_php() {
    let emu = Emu::default().await;
    let token = emu.token(ANNA).await;
    // Urlencoded form, method name with .json.
    let form = format!("auth={token}&eventId={MEETING}&status=Y");
    let reply = emu
        .post_form("/rest/calendar.meeting.status.set.json", &form)
        .await;
    assert_eq!(
        (reply.status, reply.json()["result"].clone()),
        (200, json!(true))
    );
    assert_eq!(emu.statuses(ANNA).await[MEETING.to_string()], "Y");
    // Query string on a GET, without .json.
    let reply = emu
        .get(&format!(
            "/rest/calendar.meeting.status.get?auth={token}&eventId={MEETING}"
        ))
        .await;
    assert_eq!(reply.json()["result"], "Y");
    // Empty "0" from a form is PHP-empty, like in JSON.
    let reply = emu
        .post_form(
            "/rest/1/demo/calendar.meeting.status.set",
            "eventId=0&status=Y",
        )
        .await;
    assert_eq!(reply.error().1, MISSING_EVENT_ID);
}

#[tokio::test]
async fn php_bracket_notation_builds_nested_params() {
    let emu = Emu::default().await;
    // cmd[key]=… in a form is the object form of batch's cmd.
    let form = "halt=0&cmd[first]=calendar.meeting.status.set%3FeventId%3D201%26status%3DN&cmd[second]=calendar.meeting.status.get%3FeventId%3D201";
    let reply = emu.post_form("/rest/1/demo/batch", form).await;
    let result = reply.json()["result"].clone();
    assert_eq!(result["result"], json!({"first": true, "second": "N"}));
    // The same in a GET query string, with numeric keys: a JSON list back.
    let query =
        "/rest/1/demo/batch?cmd[0]=user.current&cmd[1]=calendar.meeting.status.get%3FeventId%3D201";
    let result = emu.get(query).await.json()["result"].clone();
    assert_eq!(result["result"][1], "N");
    assert_eq!(result["result"][0]["ID"], "1");
}

#[tokio::test]
async fn every_answer_carries_time() {
    let emu = Emu::default().await;
    let answers = [
        emu.hook("user.current", json!({})).await,
        emu.hook("calendar.meeting.status.set", json!({})).await,
        emu.hook("batch", json!({"cmd": ["user.current"]})).await,
        emu.post_json("/rest/user.current", &json!({"auth": "nope"}))
            .await,
    ];
    for reply in answers {
        assert_time(&reply.json());
    }
}

/// multipart/form-data bodies, what PHP curl sends for an array body and a
/// browser for `FormData` (issue 11): fields are read like PHP's `$_POST`,
/// brackets included; file parts are not parameters.
#[tokio::test]
async fn multipart_form_data_bodies_are_read() {
    let emu = Emu::default().await;
    let body = "--formdata-bx24\r\n\
                Content-Disposition: form-data; name=\"eventId\"\r\n\r\n201\r\n\
                --formdata-bx24\r\n\
                Content-Disposition: form-data; name=\"status\"\r\n\r\nN\r\n\
                --formdata-bx24\r\n\
                Content-Disposition: form-data; name=\"file\"; filename=\"x.txt\"\r\n\
                Content-Type: text/plain\r\n\r\nstatus=Y\r\n\
                --formdata-bx24--\r\n";
    let reply = emu
        .request(
            "POST",
            "/rest/1/demo/calendar.meeting.status.set",
            &[(
                "content-type",
                "multipart/form-data; boundary=formdata-bx24",
            )],
            body,
        )
        .await;
    assert_eq!(
        (reply.status, reply.json()["result"].clone()),
        (200, json!(true)),
        "{}",
        reply.text
    );
    assert_eq!(emu.statuses(ANNA).await[MEETING.to_string()], "N");
    let batch = "--b\r\nContent-Disposition: form-data; name=\"cmd[a]\"\r\n\r\n\
                 calendar.meeting.status.get?eventId=201\r\n--b--\r\n";
    let reply = emu
        .request(
            "POST",
            "/rest/1/demo/batch",
            &[("content-type", "multipart/form-data; boundary=b")],
            batch,
        )
        .await;
    assert_eq!(reply.json()["result"]["result"]["a"], "N", "{}", reply.text);
    let broken = emu
        .request(
            "POST",
            "/rest/1/demo/user.current",
            &[("content-type", "multipart/form-data")],
            "x",
        )
        .await;
    assert_eq!(broken.status, 400);
    assert!(broken.error().1.contains("boundary"), "{}", broken.text);
}
