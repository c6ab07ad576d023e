//! Every wait is bounded, a whole-batch error is every item's error, and
//! `null` means "not given": the engine's promises, over small BX24 doubles.
//!
//! Part of the wasm suites: `tests/node.rs` runs them in Node,
//! `tests/web.rs` in headless Chromium.
use crate::support::*;
use bx24_meeting::{pending_calls, set_meeting_status, set_meeting_statuses};
use js_sys::{Array, Date, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen(inline_js = r#"
class Answer {
  constructor(status, body) { this.status = status; this.body = body; }
  error() { return this.body.error === undefined ? undefined : { status: this.status, ex: this.body }; }
  data() { return this.body.result; }
}
// A BX24 whose every request (callMethod or the whole callBatch) gets
// `answers[i]` (the last one repeats), asynchronously; counts requests.
export function installAnswering(json) {
  const answers = JSON.parse(json);
  const bx24 = {
    requests: 0,
    next() { return answers[Math.min(this.requests++, answers.length - 1)]; },
    callMethod(method, params, cb) { const a = this.next(); setTimeout(() => cb(new Answer(a.status, a.body)), 0); },
    callBatch(calls, cb) { const a = this.next(); setTimeout(() => cb(new Answer(a.status, a.body)), 0); },
  };
  globalThis.BX24 = bx24;
  return bx24;
}
// A BX24 whose init calls back after `initMs` and whose answers take `answerMs`.
export function installSlow(initMs, answerMs) {
  globalThis.BX24 = {
    init(cb) { setTimeout(cb, initMs); },
    callMethod(method, params, cb) { setTimeout(() => cb(new Answer(200, { result: true })), answerMs); },
  };
}
export function requests() { return globalThis.BX24.requests; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = installAnswering)]
    fn install_answering(json: &str) -> JsValue;
    #[wasm_bindgen(js_name = installSlow)]
    fn install_slow(init_ms: u32, answer_ms: u32);
    fn requests() -> u32;
}

fn settings(json: &str) {
    set_config(json);
}

fn items(count: u32) -> JsValue {
    (1..=count)
        .map(|id| {
            let item = Object::new();
            Reflect::set(&item, &"eventId".into(), &id.into()).unwrap();
            Reflect::set(&item, &"status".into(), &"Y".into()).unwrap();
            JsValue::from(item)
        })
        .collect::<Array>()
        .into()
}

#[wasm_bindgen_test]
async fn a_method_blocked_for_days_rejects_at_once_with_the_portal_code() {
    let reset_at = Date::now() / 1000.0 + 30.0 * 86_400.0;
    install_answering(&format!(
        r#"[{{"status": 503, "body": {{"error": "OPERATION_TIME_LIMIT", "error_description": "Method is blocked", "time": {{"operating_reset_at": {reset_at}}}}}}}]"#
    ));
    settings(
        r#"{"retries":3,"rateLimit":"off","timeoutMs":1000,"backoff":{"baseMs":10,"capMs":100}}"#,
    );
    let result = settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED)).await;
    let error = assert_bx24_error(result, "api", "OPERATION_TIME_LIMIT", SET);
    let description = text(&error, "description");
    assert!(description.contains("Would have to wait"), "{description}");
    assert_eq!(requests(), 1);
    assert_eq!(pending_calls(), 0);
}

#[wasm_bindgen_test]
async fn a_bucket_wait_past_the_calls_limit_rejects_at_once() {
    install_answering(r#"[{"status": 200, "body": {"result": true}}]"#);
    // One request at once, then one every 1000 s; a call's limit is
    // 100 ms × (0 + 2) = 200 ms.
    settings(
        r#"{"retries":0,"rateLimit":{"burst":2,"perSecond":0.001},"timeoutMs":100,"backoff":{"baseMs":1,"capMs":1}}"#,
    );
    let first = settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED)).await;
    assert_eq!(first.unwrap(), JsValue::TRUE);
    let second = settle(set_meeting_status(2.into(), "Y".into(), JsValue::UNDEFINED)).await;
    let error = assert_bx24_error(second, "api", "QUERY_LIMIT_EXCEEDED", SET);
    assert_eq!(field(&error, "attempts"), JsValue::from(0));
    assert!(text(&error, "description").contains("request-rate limit"));
    assert_eq!(requests(), 1, "the second call was sent");
}

#[wasm_bindgen_test]
async fn a_whole_batch_error_is_every_items_error_and_is_not_retried_when_final() {
    install_answering(
        r#"[{"status": 401, "body": {"error": "NO_AUTH_FOUND", "error_description": "Wrong authorization data"}}]"#,
    );
    settings(
        r#"{"retries":3,"rateLimit":"off","timeoutMs":1000,"backoff":{"baseMs":1,"capMs":5}}"#,
    );
    let results = settle(set_meeting_statuses(items(3), JsValue::UNDEFINED))
        .await
        .unwrap();
    let results: Array = results.into();
    assert_eq!(results.length(), 3);
    for result in results.iter() {
        assert_eq!(field(&result, "ok"), JsValue::FALSE);
        let error = field(&result, "error");
        assert_eq!(text(&error, "code"), "NO_AUTH_FOUND");
        assert_eq!(text(&error, "description"), "Wrong authorization data");
        assert_eq!(field(&error, "status"), JsValue::from(401));
    }
    assert_eq!(requests(), 1, "NO_AUTH_FOUND is final: one batch request");
}

#[wasm_bindgen_test]
async fn a_whole_batch_rate_limit_is_retried_for_every_item() {
    install_answering(
        r#"[{"status": 503, "body": {"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"}},
            {"status": 200, "body": {"result": [true, true, true]}}]"#,
    );
    settings(
        r#"{"retries":3,"rateLimit":"off","timeoutMs":1000,"backoff":{"baseMs":1,"capMs":5}}"#,
    );
    let results: Array = settle(set_meeting_statuses(items(3), JsValue::UNDEFINED))
        .await
        .unwrap()
        .into();
    // The second answer is a single ajaxResult whose data() is the list:
    // not one answer per command, so every item fails the same way, once
    // the rate limit was retried.
    assert_eq!(requests(), 2, "the rate-limited batch was sent again");
    for result in results.iter() {
        let error = field(&result, "error");
        assert_eq!(text(&error, "code"), "ERROR_UNEXPECTED_ANSWER");
    }
}

#[wasm_bindgen_test]
async fn null_options_mean_not_given() {
    install_slow(0, 10_000);
    settings(r#"{"retries":0,"rateLimit":"off","timeoutMs":50,"backoff":{"baseMs":1,"capMs":1}}"#);
    let options = Object::new();
    Reflect::set(&options, &"timeoutMs".into(), &JsValue::NULL).unwrap();
    // With the module's 30 s default instead, the 10 s answer would land.
    let result = settle(set_meeting_status(1.into(), "Y".into(), options.into())).await;
    assert_bx24_error(result, "timeout", "TIMEOUT", SET);
    // configure: null keeps the value, like a missing field.
    settings(r#"{"retries":null,"backoff":null,"rateLimit":null,"timeoutMs":null}"#);
}

#[wasm_bindgen_test]
async fn waiting_for_init_comes_out_of_the_first_requests_timeout() {
    // init takes 150 ms, the answer 150 ms more: 300 ms in all, over a
    // 200 ms timeout. Were init and the request given 200 ms each, the
    // answer would land.
    install_slow(150, 150);
    settings(r#"{"retries":0,"rateLimit":"off","timeoutMs":200,"backoff":{"baseMs":1,"capMs":1}}"#);
    let result = settle(set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED)).await;
    assert_bx24_error(result, "timeout", "TIMEOUT", SET);
}

#[wasm_bindgen_test]
async fn no_call_is_left_in_the_table() {
    install_answering(r#"[{"status": 200, "body": {"result": true}}]"#);
    settings(r#"{"retries":0,"rateLimit":"off","timeoutMs":1000}"#);
    let calls: Vec<_> = (1..=50)
        .map(|id| set_meeting_status(id.into(), "Y".into(), JsValue::UNDEFINED))
        .collect();
    assert!(pending_calls() >= 50);
    for call in calls {
        assert_eq!(settle(call).await.unwrap(), JsValue::TRUE);
    }
    assert_eq!(pending_calls(), 0);
}

#[wasm_bindgen_test]
async fn a_request_that_waited_for_init_and_then_the_bucket_gets_its_whole_timeout() {
    // init 100 ms; then the bucket lets one request go and the next 200 ms
    // later; each answer takes 150 ms. The second request leaves the
    // bucket at ~310 ms and is answered at ~460 ms: within its own 300 ms
    // timeout, though past 300 ms after init began.
    install_slow(100, 150);
    settings(
        r#"{"retries":0,"rateLimit":{"burst":2,"perSecond":5},"timeoutMs":300,"backoff":{"baseMs":1,"capMs":1}}"#,
    );
    let first = set_meeting_status(1.into(), "Y".into(), JsValue::UNDEFINED);
    let second = set_meeting_status(2.into(), "Y".into(), JsValue::UNDEFINED);
    assert_eq!(settle(first).await.unwrap(), JsValue::TRUE);
    assert_eq!(settle(second).await.unwrap(), JsValue::TRUE);
}
