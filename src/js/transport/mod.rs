//! The ways to reach a portal. Each offers the same operations, so that the
//! client above them (retries, rate limit, token refresh, bulk) is written
//! once and behaves the same over every transport.
//!
//! - [`bx24`]: the page's `BX24` object (BX24.js in a placement frame);
//! - [`fetch`]: a webhook URL or an OAuth token, over `fetch`;
//! - [`sdk`]: the official JS SDK's client objects.

pub mod bx24;
pub mod fetch;
pub mod sdk;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::batch;
use crate::error::Bx24Error;
use crate::method::MEETING_STATUS_SET;
use crate::validate::SetStatusParams;

/// One way to reach a portal.
pub enum Transport {
    /// `globalThis.BX24`, looked up at each call.
    Bx24,
    /// A webhook or OAuth endpoint over `fetch`.
    Fetch(fetch::Fetch),
    /// An official SDK client.
    Sdk(sdk::Sdk),
}

/// `[method, {eventId, status}]`, the call shape of `BX24.callBatch` and the
/// SDK's batch.
fn call_pair(p: &SetStatusParams) -> JsValue {
    let params = Object::new();
    let _ = Reflect::set(&params, &"eventId".into(), &(p.event_id as f64).into());
    let _ = Reflect::set(&params, &"status".into(), &p.status.code().into());
    Array::of2(&MEETING_STATUS_SET.into(), &params).into()
}

impl Transport {
    /// Waits until the transport can send (BX24: `BX24.init` once per page).
    pub async fn ready(&self, method: &'static str, timeout_ms: u32) -> Result<(), Bx24Error> {
        match self {
            Transport::Bx24 => bx24::ready(method, timeout_ms).await.map(drop),
            Transport::Fetch(_) | Transport::Sdk(_) => Ok(()),
        }
    }

    /// Calls `method` with checked `params`; gives back the answer's `result`.
    pub async fn call(
        &self,
        method: &'static str,
        params: &JsValue,
        timeout_ms: u32,
    ) -> Result<JsValue, Bx24Error> {
        match self {
            Transport::Bx24 => bx24::call(method, params, timeout_ms).await,
            Transport::Fetch(f) => f.call(method, params, timeout_ms).await,
            Transport::Sdk(s) => s.call(method, params, timeout_ms).await,
        }
    }

    /// Sets `commands` in one `batch` request, halt off; one result or error
    /// per command, in order.
    pub async fn set_statuses(
        &self,
        commands: &[SetStatusParams],
        timeout_ms: u32,
    ) -> Result<Vec<Result<JsValue, Bx24Error>>, Bx24Error> {
        let method = MEETING_STATUS_SET;
        match self {
            Transport::Bx24 => {
                let calls: Array = commands.iter().map(call_pair).collect();
                bx24::call_batch(method, &calls, timeout_ms).await
            }
            Transport::Sdk(s) => {
                let calls: Array = commands.iter().map(call_pair).collect();
                s.call_batch(method, &calls, timeout_ms).await
            }
            Transport::Fetch(f) => {
                let queries: Vec<String> = commands.iter().map(batch::command_query).collect();
                f.call_batch(method, &queries, timeout_ms).await
            }
        }
    }

    /// Gets a fresh access token, shared by every call waiting for one.
    pub async fn refresh(&self, method: &'static str, timeout_ms: u32) -> Result<(), Bx24Error> {
        match self {
            Transport::Bx24 => bx24::refresh_auth(method, timeout_ms).await,
            Transport::Fetch(f) => f.refresh(method, timeout_ms).await,
            // The SDK refreshes its own tokens before it reports expired_token.
            Transport::Sdk(_) => Err(Bx24Error::transport(
                method,
                "the SDK client could not renew its token",
            )),
        }
    }

    /// How many refreshes have completed: a call whose request left before
    /// the latest one resends without refreshing again.
    pub fn refresh_generation(&self) -> u32 {
        match self {
            Transport::Bx24 => bx24::refresh_generation(),
            Transport::Fetch(f) => f.refresh_generation(),
            Transport::Sdk(_) => 0,
        }
    }
}
