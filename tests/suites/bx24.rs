//! The exported functions over a fake BX24 that behaves like BX24.js.
//!
//! Part of the wasm suites: `tests/node.rs` runs them in Node,
//! `tests/web.rs` in headless Chromium.
use crate::support::*;
use bx24_meeting::{get_meeting_status, get_nearest_meetings, set_meeting_status};
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn set_resolves_true_and_sends_the_checked_params() {
    let fake = fresh(0);
    let value = settle(set_meeting_status(
        651.into(),
        "Y".into(),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(value.unwrap(), JsValue::TRUE);
    assert_eq!(fake.calls(), 1);
    assert_eq!(fake.last_params_json(), r#"{"eventId":651,"status":"Y"}"#);
}

#[wasm_bindgen_test]
async fn set_sends_a_digit_string_as_a_number_and_upper_cases_the_status() {
    let fake = fresh(0);
    let value = settle(set_meeting_status(
        "0042".into(),
        "q".into(),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_eq!(value.unwrap(), JsValue::TRUE);
    assert_eq!(fake.last_params_json(), r#"{"eventId":42,"status":"Q"}"#);
}

#[wasm_bindgen_test]
async fn get_resolves_each_documented_status() {
    let fake = fresh(0);
    for status in ["Y", "N", "Q", "H"] {
        fake.reply_always(200, &format!(r#"{{"result":"{status}"}}"#));
        let value = settle(get_meeting_status("7".into(), JsValue::UNDEFINED)).await;
        assert_eq!(value.unwrap().as_string().as_deref(), Some(status));
        assert_eq!(fake.last_params_json(), r#"{"eventId":7}"#);
    }
}

/// (eventId, status, param at fault, description) for set.
fn set_validation_cases() -> Vec<(JsValue, JsValue, &'static str, String)> {
    let missing = |p: &str| format!("Не задан обязательный параметр \"{p}\" для метода \"{SET}\"");
    let invalid = |p: &str| format!("Недопустимое значение параметра \"{p}\"");
    let y = || JsValue::from("Y");
    let mut cases: Vec<(JsValue, JsValue, &'static str, String)> = Vec::new();
    for id in [
        JsValue::UNDEFINED,
        JsValue::NULL,
        "".into(),
        0.into(),
        "0".into(),
    ] {
        cases.push((id, y(), "eventId", missing("eventId")));
    }
    let bad_ids: [JsValue; 11] = [
        1.5.into(),
        (-3).into(),
        f64::NAN.into(),
        f64::INFINITY.into(),
        9_007_199_254_740_992.0.into(),
        "12a".into(),
        " 12".into(),
        "-12".into(),
        JsValue::TRUE,
        Object::new().into(),
        js_sys::Array::of1(&5.into()).into(),
    ];
    for id in bad_ids {
        cases.push((id, y(), "eventId", invalid("eventId")));
    }
    for st in [JsValue::UNDEFINED, JsValue::NULL, "".into()] {
        cases.push((5.into(), st, "status", missing("status")));
    }
    for st in [
        "H".into(),
        "yes".into(),
        " Y".into(),
        JsValue::from(1),
        JsValue::TRUE,
        Object::new().into(),
    ] {
        cases.push((5.into(), st, "status", invalid("status")));
    }
    // eventId first: both bad reports eventId.
    cases.push((
        JsValue::UNDEFINED,
        "X".into(),
        "eventId",
        missing("eventId"),
    ));
    cases
}

#[wasm_bindgen_test]
async fn every_validation_case_rejects_without_calling_bx24() {
    let fake = fresh(0);
    for (event_id, status, param, description) in set_validation_cases() {
        let label = format!("{event_id:?} / {status:?}");
        let result = settle(set_meeting_status(event_id, status, JsValue::UNDEFINED)).await;
        let error = assert_bx24_error(result, "validation", "", SET);
        assert_eq!(text(&error, "param"), param, "{label}");
        assert_eq!(text(&error, "description"), description, "{label}");
        assert!(field(&error, "status").is_undefined(), "{label}");
        assert_eq!(field(&error, "attempts").as_f64(), Some(0.0), "{label}");
    }
    assert_eq!(fake.calls(), 0, "BX24.callMethod was called");
}

#[wasm_bindgen_test]
async fn get_validation_names_its_own_method() {
    let fake = fresh(0);
    let result = settle(get_meeting_status("0".into(), JsValue::UNDEFINED)).await;
    let error = assert_bx24_error(result, "validation", "", GET);
    assert_eq!(
        text(&error, "description"),
        format!("Не задан обязательный параметр \"eventId\" для метода \"{GET}\"")
    );
    let result = settle(get_meeting_status(2.5.into(), JsValue::UNDEFINED)).await;
    assert_bx24_error(result, "validation", "", GET);
    assert_eq!(fake.calls(), 0);
}

#[wasm_bindgen_test]
async fn bad_options_are_validation_errors_too() {
    let fake = fresh(0);
    for bad in [
        opts(0.0),
        opts(-5.0),
        opts(f64::NAN),
        JsValue::from("fast"),
        JsValue::from(100),
    ] {
        let result = settle(set_meeting_status(1.into(), "Y".into(), bad)).await;
        let error = assert_bx24_error(result, "validation", "", SET);
        assert!(text(&error, "description").contains("Invalid option"));
    }
    assert_eq!(fake.calls(), 0);
}

#[wasm_bindgen_test]
async fn a_400_with_an_empty_code_keeps_the_portal_description() {
    let fake = fresh(0);
    fake.reply_always(
        400,
        r#"{"error":"","error_description":"Недопустимое значение параметра \"status\""}"#,
    );
    let result = settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED)).await;
    let error = assert_bx24_error(result, "api", "", SET);
    assert_eq!(
        text(&error, "description"),
        "Недопустимое значение параметра \"status\""
    );
    assert_eq!(field(&error, "status").as_f64(), Some(400.0));
    assert!(field(&error, "param").is_undefined());
}

#[wasm_bindgen_test]
async fn a_description_keeps_characters_outside_the_bmp_and_marks_a_lone_surrogate() {
    // Texts are read from JavaScript one UTF-16 unit at a time: a pair is
    // one character, a lone surrogate becomes U+FFFD.
    let fake = fresh(0);
    fake.reply_always(
        400,
        r#"{"error":"X","error_description":"a \ud83d\ude00 b \ud800 c \udc00"}"#,
    );
    let result = settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED)).await;
    let error = assert_bx24_error(result, "api", "X", SET);
    assert_eq!(
        text(&error, "description"),
        "a \u{1F600} b \u{FFFD} c \u{FFFD}"
    );
}

#[wasm_bindgen_test]
async fn query_limit_exceeded_as_a_429_answer_is_an_api_error() {
    // Portals before 2025 answered the rate limit with 429, which BX24.js delivers.
    let fake = fresh(0);
    fake.reply_always(
        429,
        r#"{"error":"QUERY_LIMIT_EXCEEDED","error_description":"Too many requests"}"#,
    );
    let result = settle(set_meeting_status(1.into(), "N".into(), JsValue::UNDEFINED)).await;
    let error = assert_bx24_error(result, "api", "QUERY_LIMIT_EXCEEDED", SET);
    assert_eq!(text(&error, "description"), "Too many requests");
    assert_eq!(field(&error, "status").as_f64(), Some(429.0));
}

#[wasm_bindgen_test]
async fn query_limit_exceeded_as_a_503_times_out_because_bx24_stays_silent() {
    let fake = fresh(0);
    fake.reply_always(
        503,
        r#"{"error":"QUERY_LIMIT_EXCEEDED","error_description":"Too many requests"}"#,
    );
    let result = settle(set_meeting_status(1.into(), "N".into(), opts(40.0))).await;
    let error = assert_bx24_error(result, "timeout", "TIMEOUT", SET);
    assert!(text(&error, "description").contains("40 ms"));
    assert_eq!(fake.calls(), 1);
}

#[wasm_bindgen_test]
async fn timeout_then_a_late_callback_is_ignored_quietly() {
    let fake = fresh(0);
    fake.reply_late(120, 200, r#"{"result":true}"#);
    let result = settle(set_meeting_status(9.into(), "Y".into(), opts(30.0))).await;
    assert_bx24_error(result, "timeout", "TIMEOUT", SET);
    assert_eq!(
        fake.late_deliveries(),
        0,
        "the answer came before the timeout"
    );
    wait(200).await;
    assert_eq!(
        fake.late_deliveries(),
        1,
        "the late answer was never delivered"
    );
    assert_eq!(fake.callback_errors(), 0, "the late callback threw");
    assert_eq!(fake.console_errors(), 0, "something was logged as an error");
}

#[wasm_bindgen_test]
async fn a_late_answer_is_not_taken_by_the_call_in_its_row_now() {
    // The first call times out and frees its row; the second takes that
    // row and is in flight when the first one's late refusal arrives.
    let fake = fresh(0);
    fake.reply_late(
        120,
        403,
        r#"{"error":"ACCESS_DENIED","error_description":"Access denied"}"#,
    );
    let first = settle(set_meeting_status(9.into(), "Y".into(), opts(30.0))).await;
    assert_bx24_error(first, "timeout", "TIMEOUT", SET);
    fake.reply_late(200, 200, r#"{"result":true}"#);
    let second = settle(set_meeting_status(9.into(), "Y".into(), opts(1000.0))).await;
    assert_eq!(
        second.unwrap(),
        JsValue::TRUE,
        "the stale refusal was taken"
    );
    assert_eq!(fake.late_deliveries(), 2);
    assert_eq!(fake.callback_errors(), 0, "a callback threw");
}

#[wasm_bindgen_test]
async fn missing_bx24_is_unavailable_and_says_how_to_load_it() {
    remove_bx24();
    let result = settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED)).await;
    let error = assert_bx24_error(result, "unavailable", "BX24_NOT_FOUND", SET);
    assert!(text(&error, "description").contains("//api.bitrix24.com/api/v1/"));
    // An object without callMethod is not BX24 either.
    install_object(&Object::new());
    let result = settle(get_meeting_status(1.into(), JsValue::UNDEFINED)).await;
    assert_bx24_error(result, "unavailable", "BX24_NOT_FOUND", GET);
}

#[wasm_bindgen_test]
async fn bx24_loaded_after_the_module_is_found_at_call_time() {
    remove_bx24();
    assert!(
        settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED))
            .await
            .is_err()
    );
    let fake = fresh(0);
    let value = settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED)).await;
    assert_eq!(value.unwrap(), JsValue::TRUE);
    assert_eq!(fake.calls(), 1);
}

#[wasm_bindgen_test]
async fn a_synchronous_throw_is_a_transport_error_with_its_message() {
    let fake = fresh(0);
    fake.reply_throwing("XMLHttpRequest is blocked");
    let result = settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED)).await;
    let error = assert_bx24_error(result, "transport", "TRANSPORT_ERROR", SET);
    assert!(text(&error, "description").contains("XMLHttpRequest is blocked"));
}

#[wasm_bindgen_test]
async fn an_undocumented_result_is_an_unexpected_answer() {
    let fake = fresh(0);
    fake.reply_always(200, r#"{"result":false}"#);
    let result = settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED)).await;
    assert_bx24_error(result, "api", "ERROR_UNEXPECTED_ANSWER", SET);
    fake.reply_always(200, r#"{"result":"maybe"}"#);
    let result = settle(get_meeting_status(1.into(), JsValue::UNDEFINED)).await;
    assert_bx24_error(result, "api", "ERROR_UNEXPECTED_ANSWER", GET);
}

#[wasm_bindgen_test]
async fn calls_wait_for_init_which_runs_once() {
    let fake = fresh(30);
    let first = set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED);
    let second = set_meeting_status(2.into(), "N".into(), JsValue::UNDEFINED);
    assert_eq!(settle(first).await.unwrap(), JsValue::TRUE);
    assert_eq!(settle(second).await.unwrap(), JsValue::TRUE);
    assert_eq!(
        settle(set_meeting_status(3.into(), "Q".into(), JsValue::UNDEFINED))
            .await
            .unwrap(),
        JsValue::TRUE
    );
    assert_eq!(fake.init_calls(), 1);
    assert_eq!(fake.calls_before_init(), 0);
    assert_eq!(fake.calls(), 3);
}

#[wasm_bindgen_test]
async fn an_init_that_never_calls_back_times_out_without_calling() {
    let fake = fresh(-1);
    let result = settle(set_meeting_status(1.into(), "Y".into(), opts(30.0))).await;
    let error = assert_bx24_error(result, "timeout", "TIMEOUT", SET);
    assert!(text(&error, "description").contains("BX24.init"));
    assert_eq!(fake.calls(), 0);
}

#[wasm_bindgen_test]
async fn a_thousand_concurrent_calls_each_settle_with_their_own_answer() {
    let fake = fresh(0);
    fake.reply_mixed_by_event_id();
    let promises: Vec<(u32, Promise)> = (1..=1000u32)
        .map(|id| {
            (
                id,
                set_meeting_status(id.into(), "Y".into(), JsValue::UNDEFINED),
            )
        })
        .collect();
    let results = futures::future::join_all(
        promises
            .into_iter()
            .map(|(id, p)| async move { (id, settle(p).await) }),
    )
    .await;
    let mut refused = 0;
    for (id, result) in results {
        if id % 3 == 0 {
            let error = assert_bx24_error(result, "api", "", SET);
            assert_eq!(text(&error, "description"), format!("refused {id}"));
            refused += 1;
        } else {
            assert_eq!(result.unwrap(), JsValue::TRUE, "event {id}");
        }
    }
    assert_eq!(refused, 333);
    assert_eq!(fake.calls(), 1000);
}

#[wasm_bindgen_test]
async fn nearest_meetings_are_reduced_to_what_a_widget_shows() {
    let fake = fresh(0);
    fake.reply_always(
        200,
        r#"{"result":[
            {"ID":"1265","NAME":"Planning","DATE_FROM":"12/11/2024 05:59:00 pm","DATE_TO":"12/11/2024 06:59:00 pm",
             "DATE_FROM_TS_UTC":"1733932740","DATE_TO_TS_UTC":"1733936340","IS_MEETING":true,"MEETING_STATUS":"Q",
             "MEETING_HOST":"3","LOCATION":"Room 4","TZ_FROM":"Europe/Berlin","ATTENDEE_LIST":[{"id":3,"entryId":"1265","status":"H"},{"id":1,"entryId":"1266","status":"Q"}]},
            {"ID":"7","NAME":"Lunch alone","IS_MEETING":false,"MEETING_STATUS":"H"}
        ]}"#,
    );
    let days = Object::new();
    Reflect::set(&days, &"days".into(), &14.into()).unwrap();
    let list = settle(get_nearest_meetings(days.into())).await.unwrap();
    assert_eq!(
        fake.last_params_json(),
        r#"{"days":14,"forCurrentUser":true}"#
    );
    let list: js_sys::Array = list.dyn_into().unwrap();
    assert_eq!(list.length(), 1, "the non-meeting is left out");
    let m = list.get(0);
    assert_eq!(field(&m, "id").as_f64(), Some(1265.0));
    assert_eq!(text(&m, "name"), "Planning");
    assert_eq!(text(&m, "from"), "2024-12-11T15:59:00Z");
    assert_eq!(text(&m, "to"), "2024-12-11T16:59:00Z");
    assert_eq!(text(&m, "location"), "Room 4");
    assert_eq!(text(&m, "timeZone"), "Europe/Berlin");
    assert_eq!(field(&m, "hostId").as_f64(), Some(3.0));
    assert_eq!(text(&m, "myStatus"), "Q");
    assert_eq!(field(&m, "attendees").as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
async fn nearest_meetings_read_each_field_as_the_portal_sends_it() {
    let fake = fresh(0);
    let long = "й".repeat(5000);
    fake.reply_always(
        200,
        &format!(
            r#"{{"result":[
            {{"ID":7,"IS_MEETING":"Y","MEETING_STATUS":"N","DATE_FROM":"01.12.2026 10:00:00",
             "DATE_TO_TS_UTC":253402300800,"NAME":"{long}","LOCATION":5,"TZ_FROM":"{long}",
             "MEETING_HOST":"+12","ATTENDEE_LIST":{{"length":3}}}},
            {{"ID":"8","IS_MEETING":"y","MEETING_STATUS":"Y"}},
            {{"ID":"9","IS_MEETING":true,"MEETING_STATUS":"YY"}},
            {{"ID":"x","IS_MEETING":true,"MEETING_STATUS":"Y"}},
            {{"ID":"10","IS_MEETING":true,"MEETING_STATUS":"H"}}
        ]}}"#
        ),
    );
    let list = settle(get_nearest_meetings(JsValue::UNDEFINED))
        .await
        .unwrap();
    let list: js_sys::Array = list.dyn_into().unwrap();
    assert_eq!(
        list.length(),
        2,
        "only events 7 and 10 are meetings with an id and a status"
    );
    let m = list.get(0);
    assert_eq!(field(&m, "id").as_f64(), Some(7.0));
    assert_eq!(
        text(&m, "from"),
        "01.12.2026 10:00:00",
        "the display text without a timestamp"
    );
    assert_eq!(text(&m, "to"), "10000-01-01T00:00:00Z");
    assert_eq!(
        text(&m, "name"),
        "й".repeat(4096),
        "cut to 4096 UTF-16 units"
    );
    assert_eq!(text(&m, "timeZone"), "й".repeat(64));
    assert_eq!(
        text(&m, "location"),
        "",
        "a text field that is not a string"
    );
    assert_eq!(field(&m, "hostId").as_f64(), Some(12.0));
    assert_eq!(text(&m, "myStatus"), "N");
    assert_eq!(field(&m, "attendees").as_f64(), Some(0.0), "not a list");
    let m = list.get(1);
    assert_eq!(field(&m, "id").as_f64(), Some(10.0));
    for key in ["name", "from", "to", "location", "timeZone"] {
        assert_eq!(field(&m, key).as_string().as_deref(), Some(""), "{key}");
    }
    assert_eq!(field(&m, "hostId").as_f64(), Some(0.0));
    assert_eq!(text(&m, "myStatus"), "H");
}

#[wasm_bindgen_test]
async fn nearest_meetings_check_days_and_the_answer_shape() {
    let fake = fresh(0);
    let bad = Object::new();
    Reflect::set(&bad, &"days".into(), &0.5.into()).unwrap();
    let result = settle(get_nearest_meetings(bad.into())).await;
    let error = assert_bx24_error(result, "validation", "", "calendar.event.get.nearest");
    assert_eq!(text(&error, "param"), "days");
    assert_eq!(fake.calls(), 0);
    fake.reply_always(200, r#"{"result":{"not":"a list"}}"#);
    let result = settle(get_nearest_meetings(JsValue::UNDEFINED)).await;
    assert_bx24_error(
        result,
        "api",
        "ERROR_UNEXPECTED_ANSWER",
        "calendar.event.get.nearest",
    );
    assert_eq!(
        fake.last_params_json(),
        r#"{"days":60,"forCurrentUser":true}"#
    );
}
