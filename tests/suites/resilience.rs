//! Retries, the client-side leaky bucket, token refresh and bulk updates,
//! over the BX24.js-like fake (Node and headless Chromium).
use crate::support::*;
use bx24_meeting::{configure, set_meeting_status, set_meeting_statuses};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

/// Retries on, with short backoffs so that the suite stays fast.
fn with_retries(retries: u32) {
    set_config(&format!(
        r#"{{"retries":{retries},"backoff":{{"baseMs":5,"capMs":20}},"rateLimit":"off","timeoutMs":200}}"#
    ));
}

fn items(range: std::ops::RangeInclusive<u32>, status: &str) -> Array {
    range
        .map(|id| {
            let item = Object::new();
            Reflect::set(&item, &"eventId".into(), &id.into()).unwrap();
            Reflect::set(&item, &"status".into(), &status.into()).unwrap();
            JsValue::from(item)
        })
        .collect()
}

fn result_at(results: &JsValue, i: u32) -> JsValue {
    Reflect::get_u32(results, i).unwrap()
}

fn ok_at(results: &JsValue, i: u32) -> bool {
    field(&result_at(results, i), "ok").as_bool().unwrap()
}

#[wasm_bindgen_test]
async fn a_retry_after_a_synchronous_answer_gets_its_own_full_timeout() {
    // The first answer comes from inside callMethod (a retryable error);
    // the retry, sent 75–150 ms later, is answered 150 ms after it was
    // sent: within its own 200 ms, though past 200 ms from the first send.
    let fake = fresh(0);
    set_config(
        r#"{"retries":1,"backoff":{"baseMs":150,"capMs":150},"rateLimit":{"burst":50,"perSecond":50},"timeoutMs":200}"#,
    );
    fake.reply_sequence(
        r#"[{"status":200,"sync":true,"answer":{"error":"OVERLOAD_LIMIT","error_description":"Overloaded"}},
            {"status":200,"delayMs":150,"answer":{"result":true}}]"#,
    );
    let result = settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED)).await;
    assert_eq!(result.map_err(|e| text(&e, "message")), Ok(JsValue::TRUE));
    assert_eq!(fake.calls(), 2);
}

#[wasm_bindgen_test]
async fn a_rate_limit_answer_is_retried_until_it_lands() {
    let fake = fresh(0);
    with_retries(3);
    fake.reply_sequence(
        r#"[{"status":429,"answer":{"error":"QUERY_LIMIT_EXCEEDED","error_description":"Too many requests"}},
            {"status":200,"answer":{"result":true}}]"#,
    );
    let value = settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED)).await;
    assert_eq!(value.unwrap(), JsValue::TRUE);
    assert_eq!(fake.calls(), 2);
}

#[wasm_bindgen_test]
async fn a_silent_5xx_is_retried_after_the_timeout() {
    let fake = fresh(0);
    with_retries(2);
    fake.reply_sequence(
        r#"[{"status":503,"answer":{"error":"QUERY_LIMIT_EXCEEDED"}},{"status":200,"answer":{"result":true}}]"#,
    );
    let value = settle(set_meeting_status(1.into(), "Y".into(), opts(40.0))).await;
    assert_eq!(value.unwrap(), JsValue::TRUE);
    assert_eq!(fake.calls(), 2);
}

#[wasm_bindgen_test]
async fn the_final_error_says_how_many_attempts_were_made() {
    let fake = fresh(0);
    with_retries(2);
    fake.reply_always(
        500,
        r#"{"error":"INTERNAL_SERVER_ERROR","error_description":"boom"}"#,
    );
    // BX24.js stays silent on a 500: each attempt times out.
    let result = settle(set_meeting_status(1.into(), "Y".into(), opts(20.0))).await;
    let error = assert_bx24_error(result, "timeout", "TIMEOUT", SET);
    assert_eq!(field(&error, "attempts").as_f64(), Some(3.0));
    assert_eq!(fake.calls(), 3);
}

#[wasm_bindgen_test]
async fn parameter_errors_and_access_denied_are_never_retried() {
    let fake = fresh(0);
    with_retries(3);
    fake.reply_always(
        400,
        r#"{"error":"","error_description":"Недопустимое значение параметра \"status\""}"#,
    );
    let result = settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED)).await;
    let error = assert_bx24_error(result, "api", "", SET);
    assert_eq!(field(&error, "attempts").as_f64(), Some(1.0));
    fake.reply_always(
        403,
        r#"{"error":"ACCESS_DENIED","error_description":"Access denied"}"#,
    );
    let result = settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED)).await;
    assert_bx24_error(result, "api", "ACCESS_DENIED", SET);
    assert_eq!(fake.calls(), 2);
}

#[wasm_bindgen_test]
async fn the_client_bucket_keeps_a_burst_under_the_portal_limit() {
    let fake = fresh(0);
    // The portal's bucket: 5 at once, 100 per second. The client mirrors it.
    fake.set_bucket(5, 100);
    set_config(r#"{"retries":0,"rateLimit":{"burst":5,"perSecond":100},"timeoutMs":1000}"#);
    let promises: Vec<_> = (1..=40u32)
        .map(|id| set_meeting_status(id.into(), "Y".into(), JsValue::UNDEFINED))
        .collect();
    for p in promises {
        assert_eq!(settle(p).await.unwrap(), JsValue::TRUE);
    }
    assert_eq!(
        fake.overflows(),
        0,
        "a request went over the portal's limit"
    );
    assert_eq!(fake.calls(), 40);
}

#[wasm_bindgen_test]
async fn concurrent_calls_share_one_token_refresh() {
    let fake = fresh(0);
    with_retries(0);
    fake.expire();
    let promises: Vec<_> = (1..=10u32)
        .map(|id| set_meeting_status(id.into(), "N".into(), JsValue::UNDEFINED))
        .collect();
    for p in promises {
        assert_eq!(settle(p).await.unwrap(), JsValue::TRUE);
    }
    assert_eq!(fake.refreshes(), 1);
    assert_eq!(fake.calls(), 20, "each call was resent once");
}

#[wasm_bindgen_test]
async fn a_token_that_stays_expired_is_refreshed_only_once_per_call() {
    let fake = fresh(0);
    with_retries(3);
    fake.reply_always(
        401,
        r#"{"error":"expired_token","error_description":"The access token provided has expired."}"#,
    );
    let result = settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED)).await;
    assert_bx24_error(result, "api", "expired_token", SET);
    assert_eq!(fake.refreshes(), 1);
    assert_eq!(fake.calls(), 2);
}

#[wasm_bindgen_test]
async fn a_bulk_of_120_goes_in_three_batches_with_halt_off() {
    let fake = fresh(0);
    let results = settle(set_meeting_statuses(
        items(1..=120, "y").into(),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    assert_eq!(fake.batch_sizes_json(), "[50,50,20]");
    assert_eq!(fake.batch_halt_flags_json(), "[false,false,false]");
    assert_eq!(
        Reflect::get(&results, &"length".into()).unwrap().as_f64(),
        Some(120.0)
    );
    for i in 0..120 {
        let r = result_at(&results, i);
        assert!(ok_at(&results, i));
        assert_eq!(field(&r, "eventId").as_f64(), Some(f64::from(i + 1)));
        assert_eq!(text(&r, "status"), "Y");
    }
}

#[wasm_bindgen_test]
async fn bulk_reports_invalid_and_superseded_items_and_sends_the_rest() {
    let fake = fresh(0);
    let list = Array::new();
    for (id, status) in [
        (JsValue::from(1), "Y"),
        (JsValue::from(0), "Y"),
        (JsValue::from(2), "maybe"),
        (JsValue::from(1), "N"),
    ] {
        let item = Object::new();
        Reflect::set(&item, &"eventId".into(), &id).unwrap();
        Reflect::set(&item, &"status".into(), &status.into()).unwrap();
        list.push(&item);
    }
    list.push(&JsValue::from("not an item"));
    let results = settle(set_meeting_statuses(list.into(), JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_eq!(fake.batch_sizes_json(), "[1]");
    assert_eq!(fake.last_params_json(), r#"{"eventId":1,"status":"N"}"#);
    let superseded = field(&result_at(&results, 0), "error");
    assert_eq!(text(&superseded, "code"), "SUPERSEDED");
    let missing = field(&result_at(&results, 1), "error");
    assert_eq!(text(&missing, "param"), "eventId");
    assert_eq!(
        text(&field(&result_at(&results, 2), "error"), "param"),
        "status"
    );
    assert!(ok_at(&results, 3));
    assert_eq!(
        text(&field(&result_at(&results, 4), "error"), "kind"),
        "validation"
    );
}

#[wasm_bindgen_test]
async fn only_the_items_that_failed_for_a_retryable_reason_are_resent() {
    let fake = fresh(0);
    with_retries(3);
    // Events 3 and 7 hit the rate limit twice, event 5 is refused for good.
    fake.reply_failing_events(r#"{"3":2,"7":2}"#, 429, "QUERY_LIMIT_EXCEEDED");
    let results = settle(set_meeting_statuses(
        items(1..=10, "Y").into(),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    assert_eq!(fake.batch_sizes_json(), "[10,2,2]");
    for i in 0..10 {
        assert!(ok_at(&results, i), "item {i}");
    }
    let fake = fresh(0);
    with_retries(3);
    fake.reply_failing_events(r#"{"5":99}"#, 403, "ACCESS_DENIED");
    let results = settle(set_meeting_statuses(
        items(1..=10, "Y").into(),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    assert_eq!(fake.batch_sizes_json(), "[10]");
    assert!(!ok_at(&results, 4));
    assert_eq!(
        text(&field(&result_at(&results, 4), "error"), "code"),
        "ACCESS_DENIED"
    );
}

#[wasm_bindgen(inline_js = "
export function progressRecorder() {
  const seen = [];
  const onProgress = (p) => seen.push(`${p.done}/${p.total}`);
  return { onProgress, seen: () => seen.join(' ') };
}
export function abortAfterFirstProgress() {
  const controller = new AbortController();
  return { onProgress: () => controller.abort(), signal: controller.signal };
}
")]
extern "C" {
    fn progressRecorder() -> JsValue;
    #[wasm_bindgen(js_name = abortAfterFirstProgress)]
    fn abort_after_first_progress() -> JsValue;
}

#[wasm_bindgen_test]
async fn progress_is_reported_after_each_chunk() {
    fresh(0);
    let recorder = progressRecorder();
    let results = settle(set_meeting_statuses(
        items(1..=120, "Q").into(),
        recorder.clone(),
    ))
    .await;
    assert!(results.is_ok());
    let seen: Function = field(&recorder, "seen").dyn_into().unwrap();
    assert_eq!(
        seen.call0(&JsValue::NULL).unwrap().as_string().unwrap(),
        "50/120 100/120 120/120"
    );
}

#[wasm_bindgen_test]
async fn aborting_mid_bulk_leaves_no_item_unreported() {
    let fake = fresh(0);
    let options = abort_after_first_progress();
    let results = settle(set_meeting_statuses(items(1..=120, "Y").into(), options))
        .await
        .unwrap();
    assert_eq!(fake.batch_sizes_json(), "[50]");
    for i in 0..120 {
        let r = result_at(&results, i);
        if i < 50 {
            assert!(ok_at(&results, i));
        } else {
            let error = field(&r, "error");
            assert_eq!(text(&error, "kind"), "aborted", "item {i}");
            assert_eq!(text(&error, "code"), "ABORTED");
        }
    }
}

#[wasm_bindgen_test]
async fn bad_bulk_arguments_and_settings_are_rejected() {
    let fake = fresh(0);
    let result = settle(set_meeting_statuses("1,2,3".into(), JsValue::UNDEFINED)).await;
    let error = assert_bx24_error(result, "validation", "", SET);
    assert_eq!(text(&error, "param"), "items");
    let bad = Object::new();
    Reflect::set(&bad, &"onProgress".into(), &"yes".into()).unwrap();
    let result = settle(set_meeting_statuses(Array::new().into(), bad.into())).await;
    assert_eq!(
        text(&assert_bx24_error(result, "validation", "", SET), "param"),
        "onProgress"
    );
    assert_eq!(fake.calls(), 0);
    let thrown = configure(js_sys::JSON::parse(r#"{"retries":-1}"#).unwrap()).unwrap_err();
    assert_eq!(thrown.param, Some("retries"));
    assert!(configure(JsValue::from(5)).is_err());
}

#[wasm_bindgen(inline_js = "
export function arrayWithLength(length) {
  return new Proxy([], { get: (t, k) => (k === 'length' ? length : t[k]) });
}
export function arrayWhoseLengthThrows() {
  return new Proxy([], { get: (t, k) => { if (k === 'length') throw new Error('boom'); return t[k]; } });
}
export function itemsThrowingAt(index) {
  const items = [{ eventId: 1, status: 'Y' }, { eventId: 2, status: 'Y' }, { eventId: 3, status: 'Y' }];
  Object.defineProperty(items, index, { get() { throw new Error('boom'); } });
  return items;
}
")]
extern "C" {
    #[wasm_bindgen(js_name = arrayWithLength)]
    fn array_with_length(length: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = arrayWhoseLengthThrows)]
    fn array_whose_length_throws() -> JsValue;
    #[wasm_bindgen(js_name = itemsThrowingAt)]
    fn items_throwing_at(index: u32) -> JsValue;
}

#[wasm_bindgen_test]
async fn bulk_items_that_cannot_be_read_refuse_the_call_and_say_why() {
    let fake = fresh(0);
    let refused = |why: &str| format!("Could not read \"items\": {why}");
    let not_whole = refused("its length is not a whole number; send at most 10000 items per call");
    let too_many = refused("it has more than 10000 entries; send at most 10000 items per call");
    let cases = [
        (JsValue::from(1.5), &not_whole),
        (JsValue::from(-1), &not_whole),
        (JsValue::from(f64::NAN), &not_whole),
        (JsValue::from("3"), &not_whole),
        (JsValue::from(10_001), &too_many),
        (JsValue::from(f64::INFINITY), &too_many),
    ];
    for (length, description) in cases {
        let result = settle(set_meeting_statuses(
            array_with_length(&length),
            JsValue::UNDEFINED,
        ))
        .await;
        let error = assert_bx24_error(result, "validation", "", SET);
        assert_eq!(
            &text(&error, "description"),
            description,
            "length {length:?}"
        );
        assert_eq!(text(&error, "param"), "items");
    }
    let result = settle(set_meeting_statuses(
        array_whose_length_throws(),
        JsValue::UNDEFINED,
    ))
    .await;
    let error = assert_bx24_error(result, "validation", "", SET);
    assert_eq!(
        text(&error, "description"),
        refused("reading its length threw boom; send at most 10000 items per call")
    );
    let result = settle(set_meeting_statuses(
        items_throwing_at(2),
        JsValue::UNDEFINED,
    ))
    .await;
    let error = assert_bx24_error(result, "validation", "", SET);
    assert_eq!(
        text(&error, "description"),
        refused("reading item 2 threw boom")
    );
    // A length of -0 is 0: nothing to send.
    let results = settle(set_meeting_statuses(
        array_with_length(&JsValue::from(-0.0)),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap();
    assert_eq!(Array::from(&results).length(), 0);
    assert_eq!(fake.calls(), 0, "nothing was sent");
}

#[wasm_bindgen_test]
async fn bulk_results_show_what_was_sent_or_else_what_was_given() {
    let fake = fresh(0);
    let list = js_sys::JSON::parse(
        r#"[{"eventId": "007", "status": "y"}, {"eventId": "abc", "status": "y"},
            {"eventId": 5, "status": "maybe"}, {"eventId": "9", "status": "n"},
            {"eventId": 9, "status": "Q"}, {}]"#,
    )
    .unwrap();
    let recorder = progressRecorder();
    let results = settle(set_meeting_statuses(list, recorder.clone()))
        .await
        .unwrap();
    assert_eq!(fake.batch_sizes_json(), "[2]");
    assert_eq!(fake.last_params_json(), r#"{"eventId":9,"status":"Q"}"#);
    let seen: Function = field(&recorder, "seen").dyn_into().unwrap();
    assert_eq!(
        seen.call0(&JsValue::NULL).unwrap().as_string().unwrap(),
        "6/6"
    );
    let invalid = |param: &str| format!("Недопустимое значение параметра \"{param}\"");
    // (eventId, status, error description or None when ok)
    let expected: [(JsValue, JsValue, Option<String>); 6] = [
        (7.into(), "Y".into(), None),
        ("abc".into(), "y".into(), Some(invalid("eventId"))),
        (5.into(), "maybe".into(), Some(invalid("status"))),
        (
            "9".into(),
            "n".into(),
            Some(
                "Not sent: item 4 sets the same eventId later in the list, and the last one wins"
                    .into(),
            ),
        ),
        (9.into(), "Q".into(), None),
        (
            JsValue::UNDEFINED,
            JsValue::UNDEFINED,
            Some(format!(
                "Не задан обязательный параметр \"eventId\" для метода \"{SET}\""
            )),
        ),
    ];
    for (i, (event_id, status, error)) in expected.into_iter().enumerate() {
        let r = result_at(&results, i as u32);
        let keys: Array = Object::keys(&r.clone().into());
        let keys: Vec<String> = keys.iter().map(|k| k.as_string().unwrap()).collect();
        let mut want = vec!["eventId", "status", "ok"];
        if error.is_some() {
            want.push("error");
        }
        assert_eq!(keys, want, "item {i}");
        assert_eq!(field(&r, "eventId"), event_id, "item {i}");
        assert_eq!(field(&r, "status"), status, "item {i}");
        assert_eq!(ok_at(&results, i as u32), error.is_none(), "item {i}");
        if let Some(description) = error {
            assert_eq!(
                text(&field(&r, "error"), "description"),
                description,
                "item {i}"
            );
        }
    }
}
