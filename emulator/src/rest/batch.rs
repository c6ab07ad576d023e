//! `batch`: up to 50 `"method?query"` commands in one HTTP request.
//!
//! The answer is always HTTP 200 with per-command `result`, `result_error`
//! and `result_time`, keyed like `cmd` and encoded as PHP encodes arrays
//! (docs: `settings_how-to-call-rest-api_batch.md`).

use serde_json::{json, Value};

use super::{call, method_name, Invocation, Params, RestError, BATCH};
use crate::calendar::Calendar;
use crate::php;
use crate::timing::Stopwatch;

/// The most commands one batch may carry.
pub(crate) const MAX_COMMANDS: usize = 50;

/// The `(key, "method?query")` pairs of `cmd`, in order. `cmd` may be a JSON
/// list, a JSON object, or the map PHP builds from `cmd[key]=…`.
pub(crate) fn commands(params: &Params) -> Vec<(String, String)> {
    let text = |value: &Value| match value {
        Value::String(command) => Some(command.clone()),
        Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
        _ => None,
    };
    match params.get("cmd") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| Some((index.to_string(), text(item)?)))
            .collect(),
        Some(Value::Object(items)) => items
            .iter()
            .filter_map(|(key, item)| Some((key.clone(), text(item)?)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Runs the commands of a batch for `user` and builds its `result`.
pub(crate) fn run(
    calendar: &mut Calendar,
    user: u64,
    now: i64,
    params: &Params,
) -> Result<Value, RestError> {
    let commands = commands(params);
    if commands.len() > MAX_COMMANDS {
        return Err(RestError::batch_length_exceeded());
    }
    let halt = php::flag(params.get("halt"), false);
    let (mut results, mut errors, mut times) = (Vec::new(), Vec::new(), Vec::new());
    for (key, command) in commands {
        let watch = Stopwatch::start();
        let (method, query) = command.split_once('?').unwrap_or((command.as_str(), ""));
        let method = method_name(method);
        let params = php::parse_query(query);
        let answer = if method == BATCH {
            Err(RestError::batch_method_not_allowed())
        } else {
            call(
                calendar,
                &method,
                &Invocation {
                    user,
                    now,
                    params: &params,
                },
            )
        };
        match answer {
            Ok(value) => {
                results.push((key.clone(), value));
                times.push((key, watch.time()));
            }
            Err(error) => {
                errors.push((key, error.body()));
                if halt {
                    break;
                }
            }
        }
    }
    Ok(json!({
        "result": php::array_to_json(results),
        "result_error": php::array_to_json(errors),
        "result_total": php::array_to_json(Vec::new()),
        "result_next": php::array_to_json(Vec::new()),
        "result_time": php::array_to_json(times),
    }))
}
