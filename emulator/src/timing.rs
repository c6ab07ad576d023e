//! The `time` object every REST answer carries (docs: `data-types.md`, Time
//! Object) and the per-method `operating` account behind two of its fields.

use std::collections::HashMap;
use std::time::Instant;

use serde_json::{json, Value};

use crate::clock;

/// How long one operating-time window lasts (docs: 10 one-minute baskets).
const OPERATING_WINDOW_SECONDS: f64 = 600.0;

/// Started when a request (or a batch command) begins.
#[derive(Debug, Clone, Copy)]
pub struct Stopwatch {
    start: f64,
    started: Instant,
}

impl Stopwatch {
    /// Starts timing now.
    pub fn start() -> Self {
        Self {
            start: clock::now_unix_f64(),
            started: Instant::now(),
        }
    }

    /// Seconds since the start.
    pub fn elapsed(&self) -> f64 {
        self.started.elapsed().as_secs_f64()
    }

    /// `{start, finish, duration, processing, date_start, date_finish}`.
    pub fn time(&self) -> Value {
        let duration = self.elapsed();
        let finish = self.start + duration;
        json!({
            "start": self.start,
            "finish": finish,
            "duration": duration,
            "processing": duration,
            "date_start": clock::format_rfc3339(self.start.floor() as i64),
            "date_finish": clock::format_rfc3339(finish.floor() as i64),
        })
    }

    /// The full `time` object with `operating_reset_at` and `operating`.
    pub fn time_with(&self, operating: Operating) -> Value {
        let mut time = self.time();
        if let Value::Object(fields) = &mut time {
            fields.insert("operating_reset_at".into(), json!(operating.reset_at));
            fields.insert("operating".into(), json!(operating.seconds));
        }
        time
    }
}

/// One method's operating account as a `time` object reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Operating {
    /// When the oldest part of the account drops out, unix seconds.
    pub reset_at: i64,
    /// Seconds of method time accumulated in the window.
    pub seconds: f64,
}

impl Operating {
    /// An account that empties `seconds_ahead` from now (the
    /// `OPERATION_TIME_LIMIT` fault).
    pub fn blocked_for(seconds_ahead: i64) -> Self {
        Self {
            reset_at: clock::now_unix() + seconds_ahead,
            seconds: 480.0,
        }
    }
}

/// Operating time per method. A simplification of the portal's ten
/// one-minute baskets: one window per method that resets ten minutes after
/// its first call.
#[derive(Debug, Default)]
pub struct OperatingClock {
    windows: HashMap<String, (f64, f64)>,
}

impl OperatingClock {
    /// Adds `seconds` of work by `method` and returns its account.
    pub fn record(&mut self, method: &str, seconds: f64) -> Operating {
        let now = clock::now_unix_f64();
        let window = self.windows.entry(method.to_owned()).or_insert((now, 0.0));
        if now >= window.0 + OPERATING_WINDOW_SECONDS {
            *window = (now, 0.0);
        }
        window.1 += seconds;
        Operating {
            reset_at: (window.0 + OPERATING_WINDOW_SECONDS).floor() as i64,
            seconds: window.1,
        }
    }

    /// Forgets every account.
    pub fn clear(&mut self) {
        self.windows.clear();
    }
}
