//! `MeetingClient` (full build): a client with its own transport, settings
//! and rate limit. Its operations are declared with the module-level
//! functions in [`api`](super::api).

#[allow(unused_imports)]
use crate::prelude::*;

use wasm_bindgen::prelude::*;

use super::client::{shared, Client, Shared};
use crate::config::Config;
use crate::error::Bx24Error;

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
    client: Shared,
}

impl MeetingClient {
    /// The client its calls run on.
    pub fn client(&self) -> Shared {
        self.client.clone()
    }
}

#[wasm_bindgen]
impl MeetingClient {
    /// Checks `options` and creates the client; throws a `Bx24Error` on a
    /// configuration error (two transports, a malformed webhook URL, http to
    /// a host that is not loopback, …).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "MeetingClientOptions")] options: JsValue,
    ) -> Result<MeetingClient, Bx24Error> {
        let options = if super::read::absent(&options) {
            js_sys::Object::new().into()
        } else {
            options
        };
        let transport = super::options::transport(&options)?;
        let config = super::options::config(Config::default(), &options)?;
        Ok(MeetingClient {
            client: shared(Client::new(transport, config)),
        })
    }

    /// Changes this client's settings, like the module's `configure`.
    pub fn configure(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Config")] options: JsValue,
    ) -> Result<(), Bx24Error> {
        super::api::configure_client(&self.client, &options)
    }
}
