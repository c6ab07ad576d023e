//! The functions JavaScript imports.
//!
//! Each operation checks its arguments synchronously, so a bad call is
//! rejected before any transport is touched, then runs in the
//! [`engine`](super::engine) on a client: the module-level functions on the
//! default client over `globalThis.BX24`, `MeetingClient`'s methods (full
//! build) on their own. Both are generated from one declaration per
//! operation ([`operations!`]), so they cannot drift apart.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::bulk::Bulk;
use super::client::{default_client, Shared};
use super::engine::{self, Job, Read, Single};
use super::ffi::Params;
use super::read::{absent, input, input_text_first, number, option};
use crate::error::Bx24Error;
use crate::meeting;
use crate::method::{MEETING_STATUS_GET, MEETING_STATUS_SET};
use crate::options;
use crate::status::MeetingStatus;
use crate::validate;

#[cfg(feature = "full")]
use super::meeting_client::MeetingClient;

/// A status's code, as sent: `String.fromCharCode`, which needs no
/// string decoding in the glue (as `JsValue::from_str` would, ~0.1 µs)
/// and no cache in wasm.
pub(super) fn code(status: MeetingStatus) -> JsValue {
    let letter = status.code().bytes().next().unwrap_or_default();
    js_sys::JsString::from_char_code1(letter.into()).into()
}

/// The params object sent: `{eventId: number, status?: 'Y'|'N'|'Q'}`;
/// `Err` holds what a setter the page put on `Object.prototype` threw.
pub(super) fn params(event_id: u64, status: Option<MeetingStatus>) -> Result<JsValue, JsValue> {
    let object: Params = js_sys::Object::new().unchecked_into();
    // Exact: event ids are checked to be at most 2^53 − 1.
    object.set_event_id(event_id as f64)?;
    if let Some(status) = status {
        object.set_status(&code(status))?;
    }
    Ok(object.into())
}

/// The error of a call whose params could not be written (nothing sent).
pub(super) fn unwritable(method: &'static str, thrown: &JsValue) -> Bx24Error {
    super::bx24::unsent_error(method, "writing the request's params", thrown)
}

/// Reads per-call `options` (`undefined`, `null`, or an object) and gives
/// the timeout: a missing or `null` `timeoutMs` is the client's. More
/// fields are read from `options` as it is: reading a field of `undefined`
/// or `null` gives `undefined`.
fn call_options(
    client: &Shared,
    method: &'static str,
    options: &JsValue,
) -> Result<u32, Bx24Error> {
    let default = client.config().timeout_ms;
    if absent(options) {
        return Ok(default);
    }
    if !options.is_object() {
        return Err(Bx24Error::invalid_option(
            method,
            "options",
            "an object such as { timeoutMs: 30000 }, or nothing",
        ));
    }
    let timeout = number(&option(
        method,
        options,
        options::TIMEOUT_MS,
        options::TIMEOUT_MS,
    )?);
    options::timeout_ms(method, timeout, default)
}

/// What an export does.
#[derive(Clone, Copy)]
enum Op {
    /// One request, whose answer is read so.
    Single(Read),
    /// `setMeetingStatuses`.
    Bulk,
}

/// Every operation on `client`, told apart by `op`: one path for all.
/// `setMeetingStatus` and `getMeetingStatus` check their arguments first
/// (`eventId` before `status`), then the options; `getNearestMeetings`
/// has only options, and `setMeetingStatuses` reads its options before its
/// items. Then the request starts. `first` and `second` are the arguments
/// before `options` (`undefined` where the operation takes fewer).
///
/// A refused call's error is given back, to be made a JavaScript `Error`
/// by [`promise`] once this (large) function has returned: V8 captures a
/// stack trace at `new Error`, and locating a wasm frame takes longer the
/// larger its function. With this one on the stack a refused
/// `setMeetingStatus` took 13.4 µs instead of 11.7 (Node 20).
fn run(
    client: Shared,
    op: Op,
    first: &JsValue,
    second: &JsValue,
    options: &JsValue,
) -> Result<Promise, Bx24Error> {
    let method = match op {
        Op::Single(Read::SetStatus) | Op::Bulk => MEETING_STATUS_SET,
        Op::Single(Read::GetStatus) => MEETING_STATUS_GET,
        Op::Single(Read::Nearest) => meeting::EVENT_GET_NEAREST,
    };
    let checked = (|| -> Result<_, Bx24Error> {
        let event = match op {
            Op::Single(Read::Nearest) | Op::Bulk => None,
            Op::Single(read) => {
                // Reading an `Input` runs no code of the caller's: `status`
                // read before `eventId` is checked changes nothing.
                let id = input(first);
                let checked = match read {
                    Read::SetStatus => {
                        validate::check_set_status_params(&id, &input_text_first(second))
                            .map(|p| (p.event_id, Some(p.status)))
                    }
                    _ => validate::check_event_id(&id).map(|id| (id, None)),
                };
                Some(checked.map_err(|refusal| refusal.error(method))?)
            }
        };
        let timeout_ms = call_options(&client, method, options)?;
        let (params, read) = match (op, event) {
            (Op::Bulk, _) => {
                let bulk = bulk_job(method, first, options)?;
                return Ok((Job::Bulk(bulk), timeout_ms));
            }
            (Op::Single(read), Some((id, status))) => (
                params(id, status).map_err(|thrown| unwritable(method, &thrown))?,
                read,
            ),
            (Op::Single(read), None) => {
                let days = options::days(
                    method,
                    number(&option(method, options, options::DAYS, options::DAYS)?),
                )?;
                let params = super::object::Builder::new()
                    .number("days", f64::from(days))
                    .set("forCurrentUser", &JsValue::TRUE)
                    .build();
                (params, read)
            }
        };
        let job = Job::Single(Single {
            method,
            params,
            read,
        });
        Ok((job, timeout_ms))
    })();
    let (mut job, timeout_ms) = checked?;
    if let Job::Bulk(bulk) = &mut job {
        if !bulk.begin_chunk() {
            // Nothing to send (every item invalid, or already aborted).
            return Ok(Promise::resolve(&bulk.results()));
        }
    }
    Ok(engine::start(client, job, timeout_ms))
}

/// The promise of an operation: [`run`]'s, or rejected with its error.
#[inline(never)]
fn promise(result: Result<Promise, Bx24Error>) -> Promise {
    result.unwrap_or_else(|error| Promise::reject(&error.into()))
}

/// `setMeetingStatus` on `client`.
fn set_status(client: Shared, event_id: &JsValue, status: &JsValue, options: &JsValue) -> Promise {
    promise(run(
        client,
        Op::Single(Read::SetStatus),
        event_id,
        status,
        options,
    ))
}

/// `getMeetingStatus` on `client`.
fn get_status(client: Shared, event_id: &JsValue, options: &JsValue) -> Promise {
    let none = JsValue::UNDEFINED;
    promise(run(
        client,
        Op::Single(Read::GetStatus),
        event_id,
        &none,
        options,
    ))
}

/// `getNearestMeetings` on `client`.
fn nearest_meetings(client: Shared, options: &JsValue) -> Promise {
    let none = JsValue::UNDEFINED;
    promise(run(
        client,
        Op::Single(Read::Nearest),
        &none,
        &none,
        options,
    ))
}

/// `setMeetingStatuses` on `client`.
fn set_statuses(client: Shared, items: &JsValue, options: &JsValue) -> Promise {
    promise(run(client, Op::Bulk, items, &JsValue::UNDEFINED, options))
}

/// Reads `setMeetingStatuses`' options after `timeoutMs`, then its items:
/// the call, planned.
fn bulk_job(
    method: &'static str,
    items: &JsValue,
    options: &JsValue,
) -> Result<Box<Bulk>, Bx24Error> {
    // Kept as given: a function, or `undefined` or `null` when none.
    let on_progress = option(method, options, "onProgress", "onProgress")?;
    if !absent(&on_progress) && !on_progress.is_function() {
        return Err(Bx24Error::invalid_option(
            method,
            "onProgress",
            "a function",
        ));
    }
    // `undefined` or `null` when not given: its `aborted` then reads as
    // `undefined`, never aborted.
    let signal = option(method, options, "signal", "signal")?;
    if !absent(&signal)
        && option(method, &signal, "aborted", "signal")?
            .as_bool()
            .is_none()
    {
        return Err(Bx24Error::invalid_option(
            method,
            "signal",
            "an AbortSignal",
        ));
    }
    Bulk::read(method, items, on_progress, signal)
}

/// Declares each asynchronous operation once: the module-level function
/// (on the default client) and, in the full build, the `MeetingClient`
/// method of the same name, with the same documentation and types.
macro_rules! operations {
    ($(
        $(#[doc = $doc:literal])*
        fn $rust:ident as $js:ident ($($arg:ident as $arg_js:ident: $ty:tt),*) options: $opt:tt -> $ret:tt = $imp:ident;
    )*) => {
        $(
            $(#[doc = $doc])*
            #[wasm_bindgen(js_name = $js, unchecked_return_type = $ret)]
            pub fn $rust(
                $(#[wasm_bindgen(js_name = $arg_js, unchecked_param_type = $ty)] $arg: JsValue,)*
                #[wasm_bindgen(unchecked_optional_param_type = $opt)]
                options: JsValue,
            ) -> Promise {
                $imp(default_client(), $(&$arg,)* &options)
            }
        )*

        #[cfg(feature = "full")]
        #[wasm_bindgen]
        impl MeetingClient {
            $(
                $(#[doc = $doc])*
                #[wasm_bindgen(js_name = $js, unchecked_return_type = $ret)]
                pub fn $rust(
                    &self,
                    $(#[wasm_bindgen(js_name = $arg_js, unchecked_param_type = $ty)] $arg: JsValue,)*
                    #[wasm_bindgen(unchecked_optional_param_type = $opt)]
                    options: JsValue,
                ) -> Promise {
                    $imp(self.client(), $(&$arg,)* &options)
                }
            )*
        }
    };
}

operations! {
    /// Sets the current user's answer to a meeting invitation
    /// (`calendar.meeting.status.set`).
    ///
    /// `eventId` is a positive integer, as a number or a digit string; `status`
    /// is `'Y'` (accept), `'N'` (decline) or `'Q'` (undecided), in either case.
    /// `options.timeoutMs` is the per-request timeout. Resolves to `true`;
    /// rejects with a `Bx24Error`. Invalid arguments reject before anything is
    /// sent, with the portal's own error text.
    ///
    /// ```js
    /// await setMeetingStatus(651, 'Y');
    /// ```
    fn set_meeting_status as setMeetingStatus(
        event_id as eventId: "number | string",
        status as status: "MeetingStatus | Lowercase<MeetingStatus>"
    ) options: "CallOptions" -> "Promise<true>" = set_status;

    /// Reads the current user's status in a meeting
    /// (`calendar.meeting.status.get`).
    ///
    /// Resolves to `'Y'`, `'N'`, `'Q'`, or `'H'` when the user hosts the
    /// meeting; rejects with a `Bx24Error`.
    ///
    /// ```js
    /// const mine = await getMeetingStatus(651); // 'Q'
    /// ```
    fn get_meeting_status as getMeetingStatus(
        event_id as eventId: "number | string"
    ) options: "CallOptions" -> "Promise<AttendeeStatus>" = get_status;

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
    fn get_nearest_meetings as getNearestMeetings() options: "NearestMeetingsOptions"
        -> "Promise<Meeting[]>" = nearest_meetings;

    /// Sets many answers at once: `items` is an array of at most 10,000
    /// `{eventId, status}`.
    ///
    /// Every item is checked first; invalid ones get their own validation error
    /// and the rest still go, 50 to a `batch` request. The last item for an
    /// event wins and is sent once. Items that fail with a retryable error are
    /// retried (only those). Resolves, never rejects for an item's failure, to
    /// one result per item in input order: `{eventId, status, ok: true}` or
    /// `{eventId, status, ok: false, error}`. `options`: `timeoutMs`,
    /// `onProgress({done, total})`, `signal` (an `AbortSignal`).
    ///
    /// ```js
    /// const results = await setMeetingStatuses(
    ///   [{ eventId: 651, status: 'Y' }, { eventId: 652, status: 'N' }],
    ///   { onProgress: ({ done, total }) => bar.value = done / total, signal: controller.signal },
    /// );
    /// ```
    fn set_meeting_statuses as setMeetingStatuses(
        items as items: "MeetingStatusItem[]"
    ) options: "BulkOptions" -> "Promise<MeetingStatusResult[]>" = set_statuses;
}

/// Changes the settings every call from this page uses: retries and
/// backoff, the client-side rate limit, and the default timeout. Fields left
/// out (or `null`) keep their value. Throws a `Bx24Error` (and changes
/// nothing) when a value is unusable.
///
/// ```js
/// configure({ retries: 5, backoff: { baseMs: 500, capMs: 10000 }, rateLimit: 'enterprise' });
/// ```
#[wasm_bindgen(js_name = configure)]
pub fn configure(
    #[wasm_bindgen(unchecked_param_type = "Config")] options: JsValue,
) -> Result<(), Bx24Error> {
    configure_client(&default_client(), &options)
}

/// Applies `configure` options to `client`.
pub fn configure_client(client: &Shared, options: &JsValue) -> Result<(), Bx24Error> {
    let config = super::options::config(client.config(), options)?;
    client.set_config(config);
    Ok(())
}

/// Tells whether `value` is an error from this module, narrowing its type
/// in TypeScript. Never throws.
///
/// ```js
/// try { await setMeetingStatus(id, s); }
/// catch (e) { if (isBx24Error(e) && e.kind === 'validation') showHint(e.param); }
/// ```
#[wasm_bindgen(js_name = isBx24Error, unchecked_return_type = "value is Bx24Error")]
pub fn is_bx24_error(#[wasm_bindgen(unchecked_param_type = "unknown")] value: &JsValue) -> bool {
    value.is_instance_of::<js_sys::Error>()
        && super::read::field(value, "name") == "Bx24Error"
        && super::read::field(value, "kind").is_string()
}

/// How many calls are waiting for an answer, a timer or a refresh. For
/// tests and diagnostics: 0 once every promise has settled.
#[wasm_bindgen(js_name = pendingCalls)]
pub fn pending_calls() -> u32 {
    engine::pending() as u32
}
