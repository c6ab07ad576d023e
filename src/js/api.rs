//! The functions JavaScript imports.
//!
//! Each one checks its arguments synchronously, so a bad call is rejected
//! before `BX24` is even looked up, then runs the generic
//! [`bx24::call`](super::bx24::call) for its method.

use std::future::Future;
use std::pin::Pin;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::bulk::{self, BulkOptions};
use super::client;
use super::convert::{self, error_to_js, get, input};
use crate::config::{self, ConfigInput};
use crate::error::Bx24Error;
use crate::meeting::{self, Meeting};
use crate::method::{MeetingStatusGet, MeetingStatusSet, Method};
use crate::options::{self, CallOptions};
use crate::validate;

/// Reads `options` (`undefined`, `null`, or an object with `timeoutMs`).
fn call_options(method: &'static str, options: &JsValue) -> Result<CallOptions, Bx24Error> {
    let default = CallOptions {
        timeout_ms: client::config().timeout_ms,
    };
    if options.is_undefined() || options.is_null() {
        return Ok(default);
    }
    if !options.is_object() {
        return Err(Bx24Error::invalid_option(
            method,
            "options",
            "an object such as { timeoutMs: 30000 }, or nothing",
        ));
    }
    let timeout = get(options, options::TIMEOUT_MS);
    if timeout.is_undefined() {
        return Ok(default);
    }
    let timeout_ms = options::timeout_ms(method, &input(&timeout))?;
    Ok(CallOptions { timeout_ms })
}

fn rejected(error: &Bx24Error) -> Promise {
    Promise::reject(&error_to_js(error))
}

/// Turns a call into the promise JavaScript gets. Every export goes through
/// this one non-generic function, so the promise machinery is in the `.wasm`
/// once instead of once per export.
fn promise(call: Pin<Box<dyn Future<Output = Result<JsValue, Bx24Error>>>>) -> Promise {
    future_to_promise(async move { call.await.map_err(|e| error_to_js(&e)) })
}

/// The params object BX24.js sends: `{eventId: number, status?: 'Y'|'N'|'Q'}`.
fn params(event_id: u64, status: Option<&str>) -> JsValue {
    let object = js_sys::Object::new();
    // Exact: event ids are checked to be at most 2^53 − 1.
    let _ = js_sys::Reflect::set(&object, &"eventId".into(), &(event_id as f64).into());
    if let Some(status) = status {
        let _ = js_sys::Reflect::set(&object, &"status".into(), &status.into());
    }
    object.into()
}

/// Sets the current user's answer to a meeting invitation
/// (`calendar.meeting.status.set`).
///
/// `eventId` is a positive integer, as a number or a digit string; `status`
/// is `'Y'` (accept), `'N'` (decline) or `'Q'` (undecided), in either case.
/// Resolves to `true`; rejects with a `Bx24Error`. Invalid arguments reject
/// before anything is sent, with the portal's own error text.
///
/// ```js
/// await setMeetingStatus(651, 'Y');
/// ```
#[wasm_bindgen(js_name = setMeetingStatus, unchecked_return_type = "Promise<true>")]
pub fn set_meeting_status(
    #[wasm_bindgen(js_name = eventId, unchecked_param_type = "number | string")] event_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "MeetingStatus | Lowercase<MeetingStatus>")]
    status: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
) -> Promise {
    let method = MeetingStatusSet::NAME;
    let checked = validate::set_status_params(method, &input(&event_id), &input(&status))
        .and_then(|p| Ok((p, call_options(method, &options)?)));
    let (p, options) = match checked {
        Ok(ok) => ok,
        Err(error) => return rejected(&error),
    };
    let params = params(p.event_id, Some(p.status.code()));
    promise(Box::pin(async move {
        let data = client::call(method, &params, options.timeout_ms).await?;
        MeetingStatusSet::decode(&convert::data(&data)).map(|()| JsValue::TRUE)
    }))
}

/// Reads the current user's status in a meeting
/// (`calendar.meeting.status.get`).
///
/// Resolves to `'Y'`, `'N'`, `'Q'`, or `'H'` when the user hosts the
/// meeting; rejects with a `Bx24Error`.
///
/// ```js
/// const mine = await getMeetingStatus(651); // 'Q'
/// ```
#[wasm_bindgen(js_name = getMeetingStatus, unchecked_return_type = "Promise<AttendeeStatus>")]
pub fn get_meeting_status(
    #[wasm_bindgen(js_name = eventId, unchecked_param_type = "number | string")] event_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
) -> Promise {
    let method = MeetingStatusGet::NAME;
    let checked = validate::event_id(method, &input(&event_id))
        .and_then(|id| Ok((id, call_options(method, &options)?)));
    let (event_id, options) = match checked {
        Ok(ok) => ok,
        Err(error) => return rejected(&error),
    };
    let params = params(event_id, None);
    promise(Box::pin(async move {
        let data = client::call(method, &params, options.timeout_ms).await?;
        MeetingStatusGet::decode(&convert::data(&data)).map(|s| JsValue::from_str(s.code()))
    }))
}

/// Lists the current user's upcoming meetings
/// (`calendar.event.get.nearest`), soonest first: those the user hosts
/// (`myStatus: 'H'`) and those the user is invited to.
///
/// `options.days` is the look-ahead (default 60, the portal's default).
///
/// ```js
/// for (const m of await getNearestMeetings({ days: 14 })) {
///   console.log(m.id, m.name, m.from, m.myStatus);
/// }
/// ```
#[wasm_bindgen(js_name = getNearestMeetings, unchecked_return_type = "Promise<Meeting[]>")]
pub fn get_nearest_meetings(
    #[wasm_bindgen(unchecked_optional_param_type = "NearestMeetingsOptions")] options: JsValue,
) -> Promise {
    let method = meeting::EVENT_GET_NEAREST;
    let checked = call_options(method, &options).and_then(|o| {
        let days = options::days(method, &input(&get(&options, options::DAYS)))?;
        Ok((o, days))
    });
    let (call, days) = match checked {
        Ok(ok) => ok,
        Err(error) => return rejected(&error),
    };
    let params = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&params, &"days".into(), &days.into());
    let _ = js_sys::Reflect::set(&params, &"forCurrentUser".into(), &JsValue::TRUE);
    promise(Box::pin(async move {
        let data = client::call(method, &params.into(), call.timeout_ms).await?;
        let events = data.dyn_into::<js_sys::Array>().map_err(|other| {
            let got = convert::data(&other).describe();
            Bx24Error::unexpected_answer(method, "a list of events", &got)
        })?;
        let meetings = js_sys::Array::new();
        for event in events.iter() {
            if let Some(meeting) = Meeting::from_raw(convert::raw_event(&event)) {
                meetings.push(&convert::meeting_to_js(&meeting));
            }
        }
        Ok(meetings.into())
    }))
}

/// Sets many answers at once: `items` is an array of `{eventId, status}`.
///
/// Every item is checked first; invalid ones get their own validation error
/// and the rest still go, 50 to a `batch` request. The last item for an
/// event wins and is sent once. Items that fail with a retryable error are
/// retried (only those). Resolves, never rejects for an item's failure, to
/// one result per item in input order: `{eventId, status, ok: true}` or
/// `{eventId, status, ok: false, error}`.
///
/// ```js
/// const results = await setMeetingStatuses(
///   [{ eventId: 651, status: 'Y' }, { eventId: 652, status: 'N' }],
///   { onProgress: ({ done, total }) => bar.value = done / total, signal: controller.signal },
/// );
/// ```
#[wasm_bindgen(js_name = setMeetingStatuses, unchecked_return_type = "Promise<MeetingStatusResult[]>")]
pub fn set_meeting_statuses(
    #[wasm_bindgen(unchecked_param_type = "MeetingStatusItem[]")] items: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "BulkOptions")] options: JsValue,
) -> Promise {
    let method = MeetingStatusSet::NAME;
    let checked = bulk_options(method, &options).and_then(|o| {
        let items = items.dyn_into::<js_sys::Array>().map_err(|_| {
            Bx24Error::invalid_option(method, "items", "an array of { eventId, status }")
        })?;
        Ok((items, o))
    });
    let (items, options) = match checked {
        Ok(ok) => ok,
        Err(error) => return rejected(&error),
    };
    promise(Box::pin(async move {
        Ok(bulk::set_statuses(items, options).await)
    }))
}

fn bulk_options(method: &'static str, options: &JsValue) -> Result<BulkOptions, Bx24Error> {
    let call = call_options(method, options)?;
    let on_progress = get(options, "onProgress");
    let on_progress = match on_progress.dyn_into::<js_sys::Function>() {
        Ok(f) => Some(f),
        Err(v) if v.is_undefined() => None,
        Err(_) => {
            return Err(Bx24Error::invalid_option(
                method,
                "onProgress",
                "a function",
            ))
        }
    };
    let signal = get(options, "signal");
    let signal = if signal.is_undefined() {
        None
    } else if get(&signal, "aborted").as_bool().is_some() {
        Some(signal)
    } else {
        return Err(Bx24Error::invalid_option(
            method,
            "signal",
            "an AbortSignal",
        ));
    };
    Ok(BulkOptions {
        timeout_ms: call.timeout_ms,
        on_progress,
        signal,
    })
}

/// Changes the settings every call from this page uses: retries and
/// backoff, the client-side rate limit, and the default timeout. Fields left
/// out keep their value. Throws a `Bx24Error` (and changes nothing) when a
/// value is unusable.
///
/// ```js
/// configure({ retries: 5, backoff: { baseMs: 500, capMs: 10000 }, rateLimit: 'enterprise' });
/// ```
#[wasm_bindgen(js_name = configure)]
pub fn configure(
    #[wasm_bindgen(unchecked_param_type = "Config")] options: JsValue,
) -> Result<(), JsValue> {
    let backoff = get(&options, "backoff");
    let rate_limit = get(&options, "rateLimit");
    let fields = ConfigInput {
        retries: input(&get(&options, "retries")),
        base_ms: input(&get(&backoff, "baseMs")),
        cap_ms: input(&get(&backoff, "capMs")),
        rate_limit: input(&rate_limit),
        burst: input(&get(&rate_limit, "burst")),
        per_second: input(&get(&rate_limit, "perSecond")),
        timeout_ms: input(&get(&options, "timeoutMs")),
    };
    let checked = if options.is_object() {
        config::apply(client::config(), &fields)
    } else {
        Err(Bx24Error::invalid_option(
            config::CONFIGURE,
            "options",
            "an object",
        ))
    };
    match checked {
        Ok(config) => {
            client::set_config(config);
            Ok(())
        }
        Err(error) => Err(error_to_js(&error)),
    }
}

/// Tells whether `value` is an error from this module, narrowing its type
/// in TypeScript.
///
/// ```js
/// try { await setMeetingStatus(id, s); }
/// catch (e) { if (isBx24Error(e) && e.kind === 'validation') showHint(e.param); }
/// ```
#[wasm_bindgen(js_name = isBx24Error, unchecked_return_type = "value is Bx24Error")]
pub fn is_bx24_error(value: &JsValue) -> bool {
    value.is_instance_of::<js_sys::Error>()
        && get(value, "name").as_string().as_deref() == Some("Bx24Error")
        && get(value, "kind").is_string()
}
