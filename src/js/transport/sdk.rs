//! The official JS SDK (`@bitrix24/b24jssdk`) as a transport: any object
//! with `actions.v2.call.make` / `actions.v2.batch.make`, or the deprecated
//! `callMethod` / `callBatch` (both still in 2.2.0).
//!
//! The SDK rejects for any non-2xx answer, and for a 400 whose `error` is
//! the empty string (every parameter error of the calendar methods) it
//! replaces the portal's text with its HTTP library's generic one. The raw
//! answer survives on the error's `originalError.response.data`: read from
//! there, the portal's code and `error_description` are kept.

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::Bx24Error;
use crate::js::convert::{get, thrown_message};
use crate::js::timer;

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
        let mut this = self.client.clone();
        for key in &path[..path.len() - 1] {
            this = get(&this, key);
        }
        let function: Function = get(&this, path[path.len() - 1]).dyn_into()?;
        let value = Reflect::apply(&function, &this, args)?;
        Ok(Promise::resolve(&value))
    }

    async fn settle(
        &self,
        method: &'static str,
        promise: Result<Promise, JsValue>,
        timeout_ms: u32,
    ) -> Result<JsValue, Bx24Error> {
        let promise = promise.map_err(|e| sdk_error(method, &e))?;
        match timer::with_timeout(&promise, timeout_ms).await {
            Ok(Some(value)) => Ok(value),
            Ok(None) => Err(Bx24Error::timeout(
                method,
                timeout_ms,
                "the SDK did not settle",
            )),
            Err(error) => Err(sdk_error(method, &error)),
        }
    }

    /// Calls `method` and gives back the answer's `result`.
    pub async fn call(
        &self,
        method: &'static str,
        params: &JsValue,
        timeout_ms: u32,
    ) -> Result<JsValue, Bx24Error> {
        let promise = match self.api {
            Api::V2 => {
                let options = Object::new();
                let _ = Reflect::set(&options, &"method".into(), &method.into());
                let _ = Reflect::set(&options, &"params".into(), params);
                self.invoke(&["actions", "v2", "call", "make"], &Array::of1(&options))
            }
            Api::Legacy => self.invoke(&["callMethod"], &Array::of2(&method.into(), params)),
        };
        let result = self.settle(method, promise, timeout_ms).await?;
        ajax_result_data(method, &result)
    }

    /// Sends `calls` (`[method, params]` pairs) in one batch, halt off, and
    /// gives back one result or error per call.
    pub async fn call_batch(
        &self,
        method: &'static str,
        calls: &Array,
        timeout_ms: u32,
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
        let outcome = self.settle(method, promise, timeout_ms).await?;
        // With returnAjaxResult, data() is one AjaxResult per answered
        // command; failed commands are in getErrorsByKey() under their index.
        let data = call_getter(&outcome, "getData").unwrap_or(JsValue::UNDEFINED);
        Ok((0..calls.length())
            .map(|i| {
                let item = Reflect::get_u32(&data, i).unwrap_or(JsValue::UNDEFINED);
                if item.is_object() {
                    return ajax_result_data(method, &item);
                }
                let errors = get(&outcome, "getErrorsByKey")
                    .dyn_into::<Function>()
                    .ok()
                    .and_then(|f| f.call1(&outcome, &i.to_string().into()).ok())
                    .map(|it| Array::from(&it))
                    .unwrap_or_default();
                Err(if errors.length() > 0 {
                    sdk_error(method, &errors.get(0))
                } else {
                    Bx24Error::unexpected_answer(method, "a result for every command", "none")
                })
            })
            .collect())
    }
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
    let errors = call_getter(result, "getErrors")
        .map(|it| Array::from(&it))
        .unwrap_or_default();
    if errors.length() == 0 {
        return Err(Bx24Error::unexpected_answer(
            method,
            "an AjaxResult",
            "an object without isSuccess",
        ));
    }
    let mut error = sdk_error(method, &errors.get(0));
    if error.status.is_none() {
        error.status = call_getter(result, "getStatus")
            .and_then(|s| s.as_f64())
            .map(|s| s as u16);
    }
    Err(error)
}

/// Maps the SDK's `AjaxError` (or anything it threw) to a `Bx24Error`,
/// preferring the portal's own answer when the SDK kept it.
fn sdk_error(method: &'static str, error: &JsValue) -> Bx24Error {
    let status = get(error, "status")
        .as_f64()
        .filter(|s| *s >= 100.0)
        .map(|s| s as u16);
    let raw = get(&get(&get(error, "originalError"), "response"), "data");
    if get(&raw, "error").is_string() {
        let code = get(&raw, "error").as_string().unwrap_or_default();
        let description = get(&raw, "error_description")
            .as_string()
            .unwrap_or_default();
        let reset_at = get(&get(&raw, "time"), "operating_reset_at").as_f64();
        return Bx24Error {
            operating_reset_at: reset_at,
            ..Bx24Error::api(method, status, &code, description)
        };
    }
    let code = get(error, "code").as_string().unwrap_or_default();
    let message = thrown_message(error);
    match code.as_str() {
        "REQUEST_TIMEOUT" => Bx24Error {
            kind: crate::error::ErrorKind::Timeout,
            code: crate::error::codes::TIMEOUT.to_owned(),
            description: format!("The SDK's request timed out: {message}"),
            ..Bx24Error::transport(method, "")
        },
        "NETWORK_ERROR" => Bx24Error::transport(method, &message),
        _ if status.is_some() => Bx24Error::api(method, status, &code, message),
        _ => Bx24Error {
            code,
            ..Bx24Error::transport(method, &message)
        },
    }
}
