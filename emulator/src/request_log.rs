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

/// The longest `path` kept in a record; longer ones end in `…`.
pub const MAX_LOGGED_PATH: usize = 256;

/// What a secret is replaced with in the log.
pub const REDACTED: &str = "[redacted]";

/// The path as the log shows it: the webhook secret of
/// `/rest/<user>/<token>/<method>` and any `auth=`, `access_token=` or
/// `refresh_token=` value replaced by [`REDACTED`], and at most
/// [`MAX_LOGGED_PATH`] bytes (a client may send kilobytes of path).
pub fn redact_path(path: &str) -> String {
    // Only the first part is ever shown: cut before redacting, so the work
    // stays small whatever the path's length.
    let mut cut = path.len().min(2 * MAX_LOGGED_PATH);
    while !path.is_char_boundary(cut) {
        cut -= 1;
    }
    let path = &path[..cut];
    let mut out = String::with_capacity(path.len().min(MAX_LOGGED_PATH) + 16);
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        // ["", "rest", user, token, method]: the fourth piece is the secret.
        let is_webhook_token =
            i == 3 && path.starts_with("/rest/") && path.split('/').nth(4).is_some();
        if is_webhook_token {
            out.push_str(REDACTED);
        } else {
            out.push_str(&redact_params(segment));
        }
        if out.len() > MAX_LOGGED_PATH {
            break;
        }
    }
    if out.len() > MAX_LOGGED_PATH {
        let mut end = MAX_LOGGED_PATH;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        out.push('…');
    }
    out
}

/// `auth=…`, `access_token=…`, `refresh_token=…` values (up to the next `&`,
/// `;` or `/`) replaced by [`REDACTED`].
pub fn redact_params(text: &str) -> String {
    const SECRETS: [&str; 3] = ["auth=", "access_token=", "refresh_token="];
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < text.len() {
        let found = SECRETS
            .iter()
            .filter_map(|name| lower[at..].find(name).map(|pos| (at + pos, name.len())))
            .min();
        let Some((pos, len)) = found else {
            break;
        };
        let value_start = pos + len;
        let value_end = text[value_start..]
            .find(['&', ';', '/'])
            .map_or(text.len(), |end| value_start + end);
        out.push_str(&text[at..value_start]);
        out.push_str(REDACTED);
        at = value_end;
    }
    out.push_str(&text[at..]);
    out
}

/// The last `capacity` records, kept in arrival order: a ring, so a flood
/// of requests costs a fixed amount of memory.
#[derive(Debug)]
pub struct RequestLog {
    records: std::collections::VecDeque<RequestRecord>,
    capacity: usize,
}

impl RequestLog {
    /// An empty log that keeps at most `capacity` records.
    pub fn new(capacity: usize) -> Self {
        Self {
            records: std::collections::VecDeque::with_capacity(capacity.min(1024)),
            capacity,
        }
    }

    /// Adds a finished request, dropping the oldest beyond the capacity.
    pub fn push(&mut self, mut record: RequestRecord) {
        if self.capacity == 0 {
            return;
        }
        record.path = redact_path(&record.path);
        record.rest_method = redact_path(&record.rest_method);
        // Requests finish out of order (a `delay` fault); keep arrival order.
        let at = self.records.partition_point(|r| r.seq < record.seq);
        if at == 0 && self.records.len() >= self.capacity {
            // Older than everything kept, and no room: it would be dropped first.
            return;
        }
        self.records.insert(at, record);
        while self.records.len() > self.capacity {
            self.records.pop_front();
        }
    }

    /// Every record kept, oldest first.
    pub fn records(&self) -> Vec<RequestRecord> {
        self.records.iter().cloned().collect()
    }

    /// Forgets every record.
    pub fn clear(&mut self) {
        self.records.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(seq: u64, path: &str) -> RequestRecord {
        RequestRecord {
            seq,
            http_method: "POST".into(),
            path: path.into(),
            rest_method: "user.current".into(),
            transport: Transport::Oauth,
            status: Some(200),
            fault: None,
            batch_commands: None,
        }
    }

    #[test]
    fn the_ring_keeps_the_newest_in_arrival_order() {
        let mut log = RequestLog::new(3);
        for seq in [1, 2, 4, 5, 3] {
            log.push(record(seq, "/rest/user.current"));
        }
        let seqs: Vec<u64> = log.records().iter().map(|r| r.seq).collect();
        assert_eq!(seqs, [3, 4, 5]);
        log.push(record(1, "/rest/x"));
        assert_eq!(log.records().len(), 3);
        assert_eq!(log.records()[0].seq, 3);
    }

    #[test]
    fn secrets_are_redacted_and_paths_capped() {
        assert_eq!(
            redact_path("/rest/1/s3cret/user.current.json"),
            "/rest/1/[redacted]/user.current.json"
        );
        assert_eq!(redact_path("/rest/user.current"), "/rest/user.current");
        assert_eq!(
            redact_path("/rest/x;auth=abc&access_token=def;REFRESH_TOKEN=g/h"),
            "/rest/x;auth=[redacted]&access_token=[redacted];REFRESH_TOKEN=[redacted]/h"
        );
        let long = format!("/rest/{}", "a".repeat(60_000));
        let kept = redact_path(&long);
        assert!(
            kept.len() <= MAX_LOGGED_PATH + '…'.len_utf8(),
            "{}",
            kept.len()
        );
        assert!(kept.ends_with('…'));
    }
}
