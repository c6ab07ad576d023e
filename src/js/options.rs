//! Reading the options of `configure()` (and, in the full build, of
//! `new MeetingClient()`). Every read is caught: a throwing getter or a
//! Proxy is a validation error naming the option.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::JsValue;

use super::read::{input, option};
use crate::config::{self, Config, ConfigInput, CONFIGURE};
use crate::error::Bx24Error;

/// The client settings in `options` (`retries`, `backoff`, `rateLimit`,
/// `timeoutMs`), applied on top of `current`.
pub fn config(current: Config, options: &JsValue) -> Result<Config, Bx24Error> {
    if !options.is_object() {
        return Err(Bx24Error::invalid_option(CONFIGURE, "options", "an object"));
    }
    let read =
        |object: &JsValue, key: &str, param: &'static str| option(CONFIGURE, object, key, param);
    let backoff = read(options, "backoff", "backoff")?;
    let rate_limit = read(options, "rateLimit", "rateLimit")?;
    let fields = ConfigInput {
        retries: input(&read(options, "retries", "retries")?),
        base_ms: input(&read(&backoff, "baseMs", "backoff.baseMs")?),
        cap_ms: input(&read(&backoff, "capMs", "backoff.capMs")?),
        rate_limit: input(&rate_limit),
        burst: input(&read(&rate_limit, "burst", "rateLimit.burst")?),
        per_second: input(&read(&rate_limit, "perSecond", "rateLimit.perSecond")?),
        timeout_ms: input(&read(options, "timeoutMs", "timeoutMs")?),
    };
    config::apply(current, &fields)
}

#[cfg(feature = "full")]
pub use full::transport;

#[cfg(feature = "full")]
mod full {
    use core::cell::RefCell;

    use js_sys::Function;
    use wasm_bindgen::{JsCast, JsValue};

    use super::super::client::Transport;
    use super::super::fetch::{Fetch, OAuth};
    use super::super::read::{field as get_field, text};
    use super::super::sdk::Sdk;
    use crate::endpoint;
    use crate::error::Bx24Error;

    /// Reads `object[key]`; a throw is a configuration error.
    fn get(object: &JsValue, key: &'static str) -> Result<JsValue, Bx24Error> {
        super::super::read::option("MeetingClient", object, key, "transport")
    }

    fn bad(expected: &str) -> Bx24Error {
        Bx24Error::invalid_option("MeetingClient", "transport", expected)
    }

    const TRANSPORTS: &str =
    "one of 'bx24', { webhookUrl }, { oauth: { domain, accessToken, refreshToken?, refresh? } }, or { sdk }";

    /// The transport `options.transport` asks for.
    pub fn transport(options: &JsValue) -> Result<Transport, Bx24Error> {
        let spec = get(options, "transport")?;
        if spec.is_undefined() || spec.as_string().as_deref() == Some("bx24") {
            return Ok(Transport::Bx24);
        }
        if !spec.is_object() {
            return Err(bad(TRANSPORTS));
        }
        let named: Vec<&str> = ["webhookUrl", "oauth", "sdk"]
            .into_iter()
            .filter(|key| !get_field(&spec, key).is_undefined())
            .collect();
        match named.as_slice() {
        ["webhookUrl"] => {
            let url = text(&get(&spec, "webhookUrl")?, 2048)
                .ok_or_else(|| bad("webhookUrl as a string"))?;
            let endpoint = endpoint::webhook(&url).map_err(|why| bad(&why))?;
            Ok(Transport::Fetch(Fetch::webhook(endpoint)))
        }
        ["oauth"] => oauth(&get(&spec, "oauth")?),
        ["sdk"] => Sdk::detect(get(&spec, "sdk")?)
            .map(Transport::Sdk)
            .ok_or_else(|| {
                bad("an official SDK client: an object with actions.v2.call.make, or callMethod")
            }),
        [] => Err(bad(TRANSPORTS)),
        _ => Err(bad(&crate::text::cat(&[
            "exactly one transport, not ",
            &named.join(" and "),
        ]))),
    }
    }

    fn oauth(spec: &JsValue) -> Result<Transport, Bx24Error> {
        let domain = text(&get(spec, "domain")?, 2048)
            .ok_or_else(|| bad("oauth.domain, the portal's host such as example.bitrix24.com"))?;
        let endpoint = endpoint::oauth(&domain).map_err(|why| bad(&why))?;
        let access_token = text(&get(spec, "accessToken")?, 8192)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| bad("oauth.accessToken as a non-empty string"))?;
        let refresh_token = get(spec, "refreshToken")?;
        let refresh_token = match text(&refresh_token, 8192) {
            Some(token) => Some(token),
            None if refresh_token.is_undefined() => None,
            None => return Err(bad("oauth.refreshToken as a string")),
        };
        let refresh = get(spec, "refresh")?;
        let refresh =
            match refresh.dyn_into::<Function>() {
                Ok(f) => Some(f),
                Err(v) if v.is_undefined() => None,
                Err(_) => return Err(bad(
                    "oauth.refresh as an async function returning { accessToken, refreshToken }",
                )),
            };
        Ok(Transport::Fetch(Fetch::oauth(
            endpoint,
            OAuth {
                access_token: RefCell::new(access_token),
                refresh_token: RefCell::new(refresh_token),
                refresh,
            },
        )))
    }
}
