//! Webhook and OAuth transports over `fetch` (browsers and Node 18+).
//!
//! POSTs JSON to `<base><method>.json` and reads the portal's
//! `{result, time}` / `{error, error_description}` answers itself, so the
//! HTTP status and the portal's own description both survive. Secrets (the
//! webhook token, access and refresh tokens) are redacted from every text
//! this module produces.

#[allow(unused_imports)]
use crate::prelude::*;

use core::cell::RefCell;

use js_sys::{Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, Response};

use super::answer::error_answer;
use super::ffi;
use super::read::{field as get, text, thrown_message};
use crate::endpoint::{redact, Endpoint};
use crate::error::Bx24Error;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`: `window.fetch` in browsers, `globalThis.fetch` in Node.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(url: &str, init: &RequestInit) -> Result<Promise, JsValue>;
}

/// The OAuth tokens in use, and how to get new ones.
pub struct OAuth {
    /// The current access token.
    pub access_token: RefCell<String>,
    /// The current refresh token, if any (kept only to redact it).
    pub refresh_token: RefCell<Option<String>>,
    /// The caller's `refresh()`, resolving to `{accessToken, refreshToken}`.
    pub refresh: Option<Function>,
}

/// A fetch transport: a webhook (the secret is in the URL) or OAuth.
pub struct Fetch {
    endpoint: Endpoint,
    oauth: Option<OAuth>,
}

impl Fetch {
    /// A webhook transport for a checked endpoint.
    pub fn webhook(endpoint: Endpoint) -> Self {
        Fetch {
            endpoint,
            oauth: None,
        }
    }

    /// An OAuth transport for a checked endpoint.
    pub fn oauth(endpoint: Endpoint, oauth: OAuth) -> Self {
        Fetch {
            oauth: Some(oauth),
            ..Fetch::webhook(endpoint)
        }
    }

    fn secrets(&self) -> Vec<String> {
        let mut secrets: Vec<String> = self.endpoint.secret.iter().cloned().collect();
        if let Some(oauth) = &self.oauth {
            secrets.push(oauth.access_token.borrow().clone());
            secrets.extend(oauth.refresh_token.borrow().iter().cloned());
        }
        secrets
    }

    fn redacted(&self, text: &str) -> String {
        let secrets = self.secrets();
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        redact(text, &refs)
    }

    /// POSTs `body` (an object; `auth` is added for OAuth) to `method` and
    /// gives back the answer's `result`.
    pub async fn call(
        &self,
        method: &'static str,
        params: &JsValue,
        timeout_ms: u32,
    ) -> Result<JsValue, Bx24Error> {
        let body = self.post(method, method, params, timeout_ms).await?;
        result_of(method, &body)
    }

    /// Sends `commands` (REST query strings such as
    /// `calendar.meeting.status.set?eventId=1&status=Y`) in one `batch`
    /// request with `halt: 0`, and gives back one result or error per command.
    pub async fn call_batch(
        &self,
        method: &'static str,
        commands: &[String],
        timeout_ms: u32,
    ) -> Result<Vec<Result<JsValue, Bx24Error>>, Bx24Error> {
        let cmd = Object::new();
        for (i, command) in commands.iter().enumerate() {
            let _ = Reflect::set(&cmd, &format!("c{i}").into(), &command.as_str().into());
        }
        let params = Object::new();
        let _ = Reflect::set(&params, &"halt".into(), &0.into());
        let _ = Reflect::set(&params, &"cmd".into(), &cmd);
        let body = self
            .post("batch", method, &params.into(), timeout_ms)
            .await?;
        let batch = result_of(method, &body)?;
        let results = get(&batch, "result");
        let errors = get(&batch, "result_error");
        Ok((0..commands.len())
            .map(|i| {
                let key = format!("c{i}");
                let error = get(&errors, &key);
                if error.is_object() {
                    return Err(Bx24Error::from_answer(method, error_answer(&error, None)));
                }
                let value = get(&results, &key);
                if value.is_undefined() {
                    Err(Bx24Error::unexpected_answer(
                        method,
                        "a result for every command",
                        "none",
                    ))
                } else {
                    Ok(value)
                }
            })
            .collect())
    }

    /// The HTTP exchange: JSON in, parsed JSON out, errors mapped.
    async fn post(
        &self,
        rest_method: &str,
        method: &'static str,
        params: &JsValue,
        timeout_ms: u32,
    ) -> Result<JsValue, Bx24Error> {
        let body = Object::assign(&Object::new(), params.unchecked_ref());
        if let Some(oauth) = &self.oauth {
            let _ = Reflect::set(
                &body,
                &"auth".into(),
                &oauth.access_token.borrow().as_str().into(),
            );
        }
        let json = JSON::stringify(&body)
            .map_err(|e| Bx24Error::transport(method, &thrown_message(&e)))?;
        let controller = AbortController::new()
            .map_err(|e| Bx24Error::transport(method, &thrown_message(&e)))?;
        let init = RequestInit::new();
        init.set_method("POST");
        let headers = Object::new();
        let _ = Reflect::set(&headers, &"content-type".into(), &"application/json".into());
        let _ = Reflect::set(&headers, &"accept".into(), &"application/json".into());
        init.set_headers(&headers);
        init.set_body(&json);
        init.set_signal(Some(&controller.signal()));
        let url = format!("{}{rest_method}.json", self.endpoint.base);

        // Abort on timeout: the portal may never answer (or answer after 60 s).
        let abort: Function = get(controller.as_ref(), "abort")
            .unchecked_into::<Function>()
            .bind0(controller.as_ref());
        let timer = ffi::set_timeout(&abort, f64::from(timeout_ms)).unwrap_or_default();
        let exchange = async {
            let response: Response = JsFuture::from(global_fetch(&url, &init)?)
                .await?
                .unchecked_into();
            let text = JsFuture::from(response.text()?).await?;
            Ok::<_, JsValue>((response.status(), text))
        }
        .await;
        let _ = ffi::clear_timeout(&timer);

        let (status, body) = match exchange {
            Ok(ok) => ok,
            Err(_) if controller.signal().aborted() => {
                return Err(Bx24Error::timeout(
                    method,
                    timeout_ms,
                    "the portal did not answer",
                ))
            }
            Err(thrown) => {
                let message = self.redacted(&thrown_message(&thrown));
                return Err(Bx24Error::transport(
                    method,
                    &format!("the request failed: {message}"),
                ));
            }
        };
        // Bodies are parsed whole; a body over 16 MiB is not a portal answer.
        let text = text(&body, 16 << 20).unwrap_or_default();
        match JSON::parse(&text) {
            Ok(body) if body.is_object() => {
                if get(&body, "error").is_string() {
                    Err(Bx24Error::from_answer(
                        method,
                        error_answer(&body, Some(status)),
                    ))
                } else {
                    Ok(body)
                }
            }
            // Proxies and overloaded portals answer HTML or cut bodies.
            _ => {
                let mut error = Bx24Error::transport(
                    method,
                    &format!("the answer (HTTP {status}) is not a JSON object"),
                );
                error.status = Some(status);
                Err(error)
            }
        }
    }

    /// Whether this transport can renew its token.
    pub fn can_refresh(&self, method: &'static str) -> Result<(), Bx24Error> {
        match &self.oauth {
            None => Err(Bx24Error::transport(
                method,
                "a webhook has no token to refresh",
            )),
            Some(OAuth { refresh: None, .. }) => Err(Bx24Error::transport(
                method,
                "the access token expired and the client has no oauth.refresh function to renew it",
            )),
            Some(_) => Ok(()),
        }
    }

    /// Gets new tokens through the caller's `refresh()` and stores them.
    /// The engine shares one refresh among the calls waiting, and times it
    /// out.
    pub async fn refresh(&self, method: &'static str) -> Result<(), Bx24Error> {
        self.can_refresh(method)?;
        let Some(oauth) = &self.oauth else {
            return Ok(());
        };
        let Some(refresh) = &oauth.refresh else {
            return Ok(());
        };
        let started = refresh
            .call0(&JsValue::UNDEFINED)
            .map(|v| Promise::resolve(&v))
            .map_err(|e| Bx24Error::transport(method, &self.redacted(&thrown_message(&e))))?;
        let tokens = JsFuture::from(started).await.map_err(|e| {
            let message = self.redacted(&thrown_message(&e));
            Bx24Error::transport(method, &format!("oauth.refresh failed: {message}"))
        })?;
        let Some(access) = text(&get(&tokens, "accessToken"), 8192).filter(|t| !t.is_empty())
        else {
            return Err(Bx24Error::transport(
                method,
                "oauth.refresh must resolve to { accessToken, refreshToken? }",
            ));
        };
        *oauth.access_token.borrow_mut() = access;
        if let Some(refresh_token) = text(&get(&tokens, "refreshToken"), 8192) {
            *oauth.refresh_token.borrow_mut() = Some(refresh_token);
        }
        Ok(())
    }
}

/// `body.result`, or an unexpected-answer error.
fn result_of(method: &'static str, body: &JsValue) -> Result<JsValue, Bx24Error> {
    let result = get(body, "result");
    if result.is_undefined() {
        Err(Bx24Error::unexpected_answer(
            method,
            "an answer with result",
            "none",
        ))
    } else {
        Ok(result)
    }
}
