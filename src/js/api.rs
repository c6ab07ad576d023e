//! The functions and the class JavaScript imports.
//!
//! Each operation checks its arguments synchronously, so a bad call is
//! rejected before any transport is touched, then runs on a [`Client`]: the
//! module-level functions on the default client over `globalThis.BX24`, the
//! `MeetingClient` methods on their own.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::bulk::{self, BulkOptions};
use super::client::{default_client, Client};
use super::convert::{self, error_to_js, get, input};
use super::keys;
use super::options as client_options;
use crate::config::Config;
use crate::error::Bx24Error;
use crate::meeting::{self, Meeting};
use crate::method::{MeetingStatusGet, MeetingStatusSet, Method};
use crate::options::{self, CallOptions};
use crate::validate;

/// Reads per-call `options` (`undefined`, `null`, or an object with
/// `timeoutMs`); the default timeout is the client's.
fn call_options(
    client: &Client,
    method: &'static str,
    options: &JsValue,
) -> Result<CallOptions, Bx24Error> {
    let default = CallOptions {
        timeout_ms: client.config().timeout_ms,
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

/// Turns a call into the promise JavaScript gets. Every operation goes
/// through this one non-generic function, so the promise machinery is in
/// the `.wasm` once instead of once per export.
fn promise(call: Pin<Box<dyn Future<Output = Result<JsValue, Bx24Error>>>>) -> Promise {
    future_to_promise(async move { call.await.map_err(|e| error_to_js(&e)) })
}

#[wasm_bindgen]
extern "C" {
    /// The params object of the meeting-status methods. Plain property
    /// writes: this runs on every call.
    type Params;

    #[wasm_bindgen(method, setter, js_name = eventId)]
    fn set_event_id(this: &Params, value: f64);

    #[wasm_bindgen(method, setter, js_name = status)]
    fn set_status(this: &Params, value: &JsValue);
}

/// The params object sent: `{eventId: number, status?: 'Y'|'N'|'Q'}`.
fn params(event_id: u64, status: Option<&str>) -> JsValue {
    let object: Params = js_sys::Object::new().unchecked_into();
    // Exact: event ids are checked to be at most 2^53 − 1.
    object.set_event_id(event_id as f64);
    if let Some(status) = status {
        object.set_status(&keys::status(status));
    }
    object.into()
}

fn set_status(
    client: Rc<Client>,
    event_id: &JsValue,
    status: &JsValue,
    options: &JsValue,
) -> Promise {
    let method = MeetingStatusSet::NAME;
    let checked = validate::set_status_params(method, &input(event_id), &input(status))
        .and_then(|p| Ok((p, call_options(&client, method, options)?)));
    let (p, options) = match checked {
        Ok(ok) => ok,
        Err(error) => return rejected(&error),
    };
    let params = params(p.event_id, Some(p.status.code()));
    promise(Box::pin(async move {
        let data = client.call(method, &params, options.timeout_ms).await?;
        MeetingStatusSet::decode(&convert::data(&data)).map(|()| JsValue::TRUE)
    }))
}

fn get_status(client: Rc<Client>, event_id: &JsValue, options: &JsValue) -> Promise {
    let method = MeetingStatusGet::NAME;
    let checked = validate::event_id(method, &input(event_id))
        .and_then(|id| Ok((id, call_options(&client, method, options)?)));
    let (event_id, options) = match checked {
        Ok(ok) => ok,
        Err(error) => return rejected(&error),
    };
    let params = params(event_id, None);
    promise(Box::pin(async move {
        let data = client.call(method, &params, options.timeout_ms).await?;
        MeetingStatusGet::decode(&convert::data(&data)).map(|s| JsValue::from_str(s.code()))
    }))
}

fn nearest_meetings(client: Rc<Client>, options: &JsValue) -> Promise {
    let method = meeting::EVENT_GET_NEAREST;
    let checked = call_options(&client, method, options).and_then(|o| {
        let days = options::days(method, &input(&get(options, options::DAYS)))?;
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
        let data = client.call(method, &params.into(), call.timeout_ms).await?;
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

fn set_statuses(client: Rc<Client>, items: JsValue, options: &JsValue) -> Promise {
    let method = MeetingStatusSet::NAME;
    let checked = bulk_options(&client, method, options).and_then(|o| {
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
        Ok(bulk::set_statuses(&client, items, options).await)
    }))
}

fn bulk_options(
    client: &Client,
    method: &'static str,
    options: &JsValue,
) -> Result<BulkOptions, Bx24Error> {
    let call = call_options(client, method, options)?;
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
    set_status(default_client(), &event_id, &status, &options)
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
    get_status(default_client(), &event_id, &options)
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
    nearest_meetings(default_client(), &options)
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
    set_statuses(default_client(), items, &options)
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
    let client = default_client();
    let config = client_options::config(client.config(), &options).map_err(|e| error_to_js(&e))?;
    client.set_config(config);
    Ok(())
}

/// A client for one way of reaching a portal, with its own settings and
/// rate limit: `'bx24'` (the page's BX24.js, the default), a webhook URL,
/// OAuth tokens, or an official SDK client. Its methods behave exactly like
/// the module-level functions.
///
/// ```js
/// const client = new MeetingClient({ transport: { webhookUrl: 'https://example.bitrix24.com/rest/1/abc123/' } });
/// await client.setMeetingStatus(651, 'Y');
/// ```
#[wasm_bindgen]
pub struct MeetingClient {
    client: Rc<Client>,
}

#[wasm_bindgen]
impl MeetingClient {
    /// Checks `options` and creates the client; throws a `Bx24Error` on a
    /// configuration error (two transports, a malformed webhook URL, http to
    /// a host that is not loopback, …).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "MeetingClientOptions")] options: JsValue,
    ) -> Result<MeetingClient, JsValue> {
        let options = if options.is_undefined() || options.is_null() {
            js_sys::Object::new().into()
        } else {
            options
        };
        let build = || {
            let transport = client_options::transport(&options)?;
            let config = client_options::config(Config::default(), &options)?;
            Ok::<_, Bx24Error>(Client::new(transport, config))
        };
        build()
            .map(|client| MeetingClient {
                client: Rc::new(client),
            })
            .map_err(|e| error_to_js(&e))
    }

    /// Like the module's `setMeetingStatus`, over this client's transport.
    #[wasm_bindgen(js_name = setMeetingStatus, unchecked_return_type = "Promise<true>")]
    pub fn set_meeting_status(
        &self,
        #[wasm_bindgen(js_name = eventId, unchecked_param_type = "number | string")]
        event_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "MeetingStatus | Lowercase<MeetingStatus>")]
        status: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        set_status(self.client.clone(), &event_id, &status, &options)
    }

    /// Like the module's `getMeetingStatus`, over this client's transport.
    #[wasm_bindgen(js_name = getMeetingStatus, unchecked_return_type = "Promise<AttendeeStatus>")]
    pub fn get_meeting_status(
        &self,
        #[wasm_bindgen(js_name = eventId, unchecked_param_type = "number | string")]
        event_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
    ) -> Promise {
        get_status(self.client.clone(), &event_id, &options)
    }

    /// Like the module's `setMeetingStatuses`, over this client's transport.
    #[wasm_bindgen(js_name = setMeetingStatuses, unchecked_return_type = "Promise<MeetingStatusResult[]>")]
    pub fn set_meeting_statuses(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MeetingStatusItem[]")] items: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "BulkOptions")] options: JsValue,
    ) -> Promise {
        set_statuses(self.client.clone(), items, &options)
    }

    /// Like the module's `getNearestMeetings`, over this client's transport.
    #[wasm_bindgen(js_name = getNearestMeetings, unchecked_return_type = "Promise<Meeting[]>")]
    pub fn get_nearest_meetings(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "NearestMeetingsOptions")] options: JsValue,
    ) -> Promise {
        nearest_meetings(self.client.clone(), &options)
    }

    /// Changes this client's settings, like the module's `configure`.
    pub fn configure(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Config")] options: JsValue,
    ) -> Result<(), JsValue> {
        let config =
            client_options::config(self.client.config(), &options).map_err(|e| error_to_js(&e))?;
        self.client.set_config(config);
        Ok(())
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
