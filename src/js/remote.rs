//! Requests over the transports that read their own answers (full build):
//! `fetch` (webhook, OAuth) and the official SDK. Their exchanges are
//! promise chains, driven by `wasm-bindgen-futures`; each delivers its
//! answer to the engine, which times it out, retries and settles it like
//! any other call.

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;

use super::client::{Client, Shared, Transport};
use super::engine::{self, Call, Delivery, Job};
use crate::batch;
use crate::error::Bx24Error;
use crate::method::MEETING_STATUS_SET;

/// Starts the request of `call` (row `id`); its answer reaches the engine
/// later, never synchronously.
pub fn dispatch(id: f64, call: &Call) -> Result<(), Bx24Error> {
    let client = call.client.clone();
    let request = call.request;
    let timeout_ms = call.timeout_ms;
    match &call.job {
        Job::Single(single) => {
            let method = single.method;
            let params = single.params.clone();
            spawn_local(async move {
                let result = one(&client, method, &params, timeout_ms).await;
                engine::deliver(id, request, Delivery::One(result));
            });
        }
        Job::Bulk(bulk) => {
            let commands = bulk.commands();
            let calls = bulk
                .calls()
                .map_err(|thrown| super::api::unwritable(call.method, &thrown))?;
            spawn_local(async move {
                let result = match &client.transport {
                    Transport::Fetch(f) => {
                        let queries: Vec<String> =
                            commands.iter().map(batch::command_query).collect();
                        f.call_batch(MEETING_STATUS_SET, &queries, timeout_ms).await
                    }
                    Transport::Sdk(s) => s.call_batch(MEETING_STATUS_SET, &calls).await,
                    Transport::Bx24 => Err(not_remote(MEETING_STATUS_SET)),
                };
                engine::deliver(id, request, Delivery::Many(result));
            });
        }
    }
    Ok(())
}

async fn one(
    client: &Client,
    method: &'static str,
    params: &JsValue,
    timeout_ms: u32,
) -> Result<JsValue, Bx24Error> {
    match &client.transport {
        Transport::Fetch(f) => f.call(method, params, timeout_ms).await,
        Transport::Sdk(s) => s.call(method, params).await,
        Transport::Bx24 => Err(not_remote(method)),
    }
}

fn not_remote(method: &'static str) -> Bx24Error {
    Bx24Error::transport(method, "BX24 requests are not sent over fetch")
}

/// Starts a token refresh for `client`; every call waiting for it goes on
/// when it ends.
pub fn refresh(method: &'static str, client: &Shared) -> Result<(), Bx24Error> {
    match &client.transport {
        Transport::Fetch(f) => {
            f.can_refresh(method)?;
            let client = client.clone();
            spawn_local(async move {
                let outcome = match &client.transport {
                    Transport::Fetch(f) => f.refresh(method).await,
                    _ => Ok(()),
                };
                client.refresh_ended(outcome.is_ok());
                engine::refreshed(&|other| core::ptr::eq(other, &*client), outcome);
            });
            Ok(())
        }
        // The SDK refreshes its own tokens before it reports expired_token.
        _ => Err(Bx24Error::transport(
            method,
            "the SDK client could not renew its token",
        )),
    }
}
