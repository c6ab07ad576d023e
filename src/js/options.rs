//! Reading the options of `configure()` (and, in the full build, of
//! `new MeetingClient()`). Every read is caught: a throwing getter or a
//! Proxy is a validation error naming the option.

#[allow(unused_imports)]
use crate::prelude::*;

use js_sys::JsString;
use wasm_bindgen::{JsCast, JsValue};

use super::read::{absent, number, option, MAX_ARGUMENT_CHARS};
use crate::config::{self, Config, RateLimitInput, Within, CONFIGURE};
use crate::error::Bx24Error;
use crate::limiter::RateLimit;

/// Reads options one after the other, until one throws: that one's error
/// is kept, and nothing more is read (so no later getter runs).
struct Reader(Option<Bx24Error>);

impl Reader {
    /// `object[key]`, or `undefined` once a read has thrown.
    #[inline(never)]
    fn read(&mut self, object: &JsValue, key: &str, param: &'static str) -> JsValue {
        if self.0.is_none() {
            match option(CONFIGURE, object, key, param) {
                Ok(value) => return value,
                Err(error) => self.0 = Some(error),
            }
        }
        JsValue::UNDEFINED
    }
}

/// What `rateLimit`'s value asks for. A string is compared with the preset
/// names in JavaScript, without copying it; one longer than
/// [`MAX_ARGUMENT_CHARS`] is taken for an object, as every unusual value
/// is (its `burst` is then missing).
fn rate_limit(value: &JsValue) -> RateLimitInput {
    if absent(value) {
        RateLimitInput::Absent
    } else if let Some(name) = value.dyn_ref::<JsString>() {
        if name.length() > MAX_ARGUMENT_CHARS {
            return RateLimitInput::Bucket;
        }
        let is = |preset: &str| *value == JsValue::from_str(preset);
        if is("standard") {
            RateLimitInput::Preset(RateLimit::STANDARD)
        } else if is("enterprise") {
            RateLimitInput::Preset(RateLimit::ENTERPRISE)
        } else if is("off") {
            RateLimitInput::Preset(RateLimit::Off)
        } else {
            RateLimitInput::Unusable
        }
    } else if super::read::as_number(value).is_some() || value.as_bool().is_some() {
        RateLimitInput::Unusable
    } else {
        RateLimitInput::Bucket
    }
}

/// The client settings in `options` (`retries`, `backoff`, `rateLimit`,
/// `timeoutMs`), applied on top of `current`. Every value is read before
/// any error is reported, so a throwing getter is reported whatever the
/// others hold.
pub fn config(current: Config, options: &JsValue) -> Result<Config, Bx24Error> {
    if !options.is_object() {
        return Err(Bx24Error::invalid_option(CONFIGURE, "options", "an object"));
    }
    let mut reader = Reader(None);
    let backoff = reader.read(options, "backoff", "backoff");
    let limit = reader.read(options, "rateLimit", "rateLimit");
    let checked = config::apply(current, rate_limit(&limit), |within, key, bound| {
        let object = match within {
            Within::Top => options,
            Within::Backoff => &backoff,
            Within::RateLimit => &limit,
        };
        number(&reader.read(object, key, bound.expected.option))
    });
    match reader.0 {
        Some(thrown) => Err(thrown),
        None => checked.map_err(|expected| expected.error(CONFIGURE)),
    }
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
        _ => {
            // "… not webhookUrl and oauth", without `join` (text::cat is
            // already in the build).
            let mut parts = vec!["exactly one transport, not "];
            for (i, key) in named.iter().enumerate() {
                if i > 0 {
                    parts.push(" and ");
                }
                parts.push(key);
            }
            Err(bad(&crate::text::cat(&parts)))
        }
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
