//! The official JS SDK (`@bitrix24/b24jssdk`) as a transport: any object
//! with `actions.v2.call.make` / `actions.v2.batch.make`, or the deprecated
//! `callMethod` / `callBatch` (both still in 2.2.0).
//!
//! The SDK rejects for any non-2xx answer, and for a 400 whose `error` is
//! the empty string (every parameter error of the calendar methods) it
//! replaces the portal's text with its HTTP library's generic one. The raw
//! answer survives on the error's `originalError.response.data`: read from
//! there, the portal's code and `error_description` are kept.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::answer::{error_answer, http_status};
use super::ffi;
use super::read::{field as get, text, thrown_message};
use crate::error::Bx24Error;

/// Which of the SDK's APIs the object offers.
pub enum Api {
    /// `actions.v2.call.make({method, params})`, `actions.v2.batch.make({calls, options})`.
    V2,
    /// The deprecated `callMethod(method, params)`, `callBatch(calls, halt, returnAjaxResult)`.
    Legacy,
}

/// An SDK client object and the API it offers.
pub struct Sdk {
    client: JsValue,
    api: Api,
}

impl Sdk {
    /// Detects the API of `client`; `None` when it has neither.
    pub fn detect(client: JsValue) -> Option<Sdk> {
        let v2 = get(&get(&get(&client, "actions"), "v2"), "call");
        let api = if get(&v2, "make").is_function() {
            Api::V2
        } else if get(&client, "callMethod").is_function() {
            Api::Legacy
        } else {
            return None;
        };
        Some(Sdk { client, api })
    }

    fn invoke(&self, path: &[&str], args: &Array) -> Result<Promise, JsValue> {
        let Some((last, parents)) = path.split_last() else {
            return Err(JsValue::from_str("no SDK function named"));
        };
        let mut this = self.client.clone();
        for key in parents {
            this = super::read::get(&this, key)?;
        }
        let function: Function = super::read::get(&this, last)?.dyn_into()?;
        let value = Reflect::apply(&function, &this, args)?;
        // A `then` getter that throws rejects this promise; it does not throw.
        Ok(Promise::resolve(&value))
    }

    /// Waits for the SDK's promise; the engine times the call out.
    async fn settle(
        &self,
        method: &'static str,
        promise: Result<Promise, JsValue>,
    ) -> Result<JsValue, Bx24Error> {
        let promise = promise.map_err(|e| sdk_error(method, &e))?;
        JsFuture::from(promise)
            .await
            .map_err(|error| sdk_error(method, &error))
    }

    /// Calls `method` and gives back the answer's `result`.
    pub async fn call(&self, method: &'static str, params: &JsValue) -> Result<JsValue, Bx24Error> {
        let promise = match self.api {
            Api::V2 => {
                let options = Object::new();
                let _ = Reflect::set(&options, &"method".into(), &method.into());
                let _ = Reflect::set(&options, &"params".into(), params);
                self.invoke(&["actions", "v2", "call", "make"], &Array::of1(&options))
            }
            Api::Legacy => self.invoke(&["callMethod"], &Array::of2(&method.into(), params)),
        };
        let result = self.settle(method, promise).await?;
        ajax_result_data(method, &result)
    }

    /// Sends `calls` (`[method, params]` pairs) in one batch, halt off, and
    /// gives back one result or error per call.
    pub async fn call_batch(
        &self,
        method: &'static str,
        calls: &Array,
    ) -> Result<Vec<Result<JsValue, Bx24Error>>, Bx24Error> {
        let promise = match self.api {
            Api::V2 => {
                let options = Object::new();
                let _ = Reflect::set(&options, &"isHaltOnError".into(), &JsValue::FALSE);
                let _ = Reflect::set(&options, &"returnAjaxResult".into(), &JsValue::TRUE);
                let args = Object::new();
                let _ = Reflect::set(&args, &"calls".into(), calls);
                let _ = Reflect::set(&args, &"options".into(), &options);
                self.invoke(&["actions", "v2", "batch", "make"], &Array::of1(&args))
            }
            Api::Legacy => self.invoke(
                &["callBatch"],
                &Array::of3(calls, &JsValue::FALSE, &JsValue::TRUE),
            ),
        };
        let outcome = self.settle(method, promise).await?;
        // With returnAjaxResult, data() is one AjaxResult per answered
        // command; failed commands are in getErrorsByKey() under their index.
        let data = call_getter(&outcome, "getData").unwrap_or(JsValue::UNDEFINED);
        Ok((0..calls.length())
            .map(|i| {
                let item = Reflect::get_u32(&data, i).unwrap_or(JsValue::UNDEFINED);
                if item.is_object() {
                    return ajax_result_data(method, &item);
                }
                let first = get(&outcome, "getErrorsByKey")
                    .dyn_into::<Function>()
                    .ok()
                    .and_then(|f| {
                        f.call1(&outcome, &crate::text::uint(u64::from(i)).into())
                            .ok()
                    })
                    .and_then(|list| first_of(&list));
                Err(match first {
                    Some(error) => sdk_error(method, &error),
                    None => {
                        Bx24Error::unexpected_answer(method, "a result for every command", "none")
                    }
                })
            })
            .collect())
    }
}

/// The first entry of an array, or of an iterable's array form (the SDK
/// gives `getErrors()` as an iterator). `None` when there is none or it
/// cannot be read.
fn first_of(list: &JsValue) -> Option<JsValue> {
    let list = if ffi::is_array(list).ok()? {
        list.clone()
    } else {
        array_from(list).ok()?
    };
    js_sys::Reflect::get_u32(&list, 0)
        .ok()
        .filter(|v| !v.is_undefined())
}

#[wasm_bindgen]
extern "C" {
    /// `Array.from(iterable)`: the iterator may throw.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    fn array_from(iterable: &JsValue) -> Result<JsValue, JsValue>;
}

fn call_getter(object: &JsValue, name: &str) -> Option<JsValue> {
    let f: Function = get(object, name).dyn_into().ok()?;
    f.call0(object).ok()
}

/// An `AjaxResult`: its `result` when `isSuccess`, else its first error.
fn ajax_result_data(method: &'static str, result: &JsValue) -> Result<JsValue, Bx24Error> {
    if get(result, "isSuccess").as_bool() == Some(true) {
        let data = call_getter(result, "getData").unwrap_or(JsValue::UNDEFINED);
        return Ok(get(&data, "result"));
    }
    let Some(first) = call_getter(result, "getErrors").and_then(|list| first_of(&list)) else {
        return Err(Bx24Error::unexpected_answer(
            method,
            "an AjaxResult",
            "an object without isSuccess",
        ));
    };
    let mut error = sdk_error(method, &first);
    if error.status.is_none() {
        error.status = call_getter(result, "getStatus").and_then(|s| http_status(&s));
    }
    Err(error)
}

/// Maps the SDK's `AjaxError` (or anything it threw) to a `Bx24Error`,
/// preferring the portal's own answer when the SDK kept it.
fn sdk_error(method: &'static str, error: &JsValue) -> Bx24Error {
    let status = http_status(&get(error, "status"));
    let raw = get(&get(&get(error, "originalError"), "response"), "data");
    if get(&raw, "error").is_string() {
        return Bx24Error::from_answer(method, error_answer(&raw, status));
    }
    let code = text(&get(error, "code"), 200).unwrap_or_default();
    let message = thrown_message(error);
    match code.as_str() {
        "REQUEST_TIMEOUT" => {
            let mut error = Bx24Error::transport(method, "");
            error.kind = crate::error::ErrorKind::Timeout;
            error.code = crate::error::codes::TIMEOUT.to_owned();
            error.description = crate::text::cat(&["The SDK's request timed out: ", &message]);
            error
        }
        "NETWORK_ERROR" => Bx24Error::transport(method, &message),
        _ if status.is_some() => Bx24Error::api(method, status, &code, message),
        _ => {
            let mut error = Bx24Error::transport(method, &message);
            error.code = code;
            error
        }
    }
}
