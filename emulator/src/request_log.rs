//! The log of `/rest/*` requests that `GET /admin/requests` shows, so tests
//! can check what a client really sent (retries, batching, transports).

use serde::Serialize;

use crate::faults::FaultKind;

/// How a REST request authenticated, from its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    /// `/rest/<method>` with `auth=<access_token>`.
    Oauth,
    /// `/rest/<user>/<token>/<method>`.
    Webhook,
}

/// One received `/rest/*` request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
    /// Arrival order, from 1.
    pub seq: u64,
    /// `GET` or `POST`.
    pub http_method: String,
    /// The URL path (no query string).
    pub path: String,
    /// The REST method, lower-case, without `.json`.
    pub rest_method: String,
    /// OAuth or webhook.
    pub transport: Transport,
    /// The HTTP status answered; `null` when the connection was dropped.
    pub status: Option<u16>,
    /// The injected fault, if any.
    pub fault: Option<FaultKind>,
    /// For `batch`, how many commands it carried.
    pub batch_commands: Option<usize>,
}

/// The records, kept in arrival order.
#[derive(Debug, Default)]
pub struct RequestLog {
    records: Vec<RequestRecord>,
}

impl RequestLog {
    /// Adds a finished request.
    pub fn push(&mut self, record: RequestRecord) {
        // Requests finish out of order (a `delay` fault); keep arrival order.
        let at = self.records.partition_point(|r| r.seq < record.seq);
        self.records.insert(at, record);
    }

    /// Every record so far.
    pub fn records(&self) -> &[RequestRecord] {
        &self.records
    }

    /// Forgets every record.
    pub fn clear(&mut self) {
        self.records.clear();
    }
}
