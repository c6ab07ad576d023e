//! `batch`: `"method?query"` commands run in one HTTP request, each able to
//! use the answers of the ones before it.
//!
//! The answer is always HTTP 200 with per-command `result`, `result_error`
//! and `result_time`, keyed like `cmd` and encoded as PHP encodes arrays
//! (docs: `settings/batch.md`, English `settings_how-to-call-rest-api_batch.md`).
//! The rules that page leaves open follow the portal's rest module
//! (`CRestProvider::methodsBatch`, `CRestUtil::ParseBatchQuery`), as noted
//! at each one.

use serde_json::{json, Value};

use super::{call, method_name, Invocation, Params, RestError, BATCH};
use crate::calendar::Calendar;
use crate::php;
use crate::timing::Stopwatch;

/// The most commands one batch runs (`CRestUtil::BATCH_MAX_LENGTH`).
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

/// What the commands so far answered, by kind, each keyed like `cmd`: what
/// a later command's `$result[key]…`, `$error[key]…`, `$time[key]…`,
/// `$total[key]…` and `$next[key]…` read.
#[derive(Debug, Default)]
struct Answers {
    result: Vec<(String, Value)>,
    error: Vec<(String, Value)>,
    time: Vec<(String, Value)>,
    total: Vec<(String, Value)>,
    next: Vec<(String, Value)>,
}

impl Answers {
    /// `$arResult[$kind]` as PHP sees it. The names are matched
    /// case-insensitively but looked up case-sensitively, so `$RESULT[…]`
    /// finds nothing (null), as on a portal.
    fn kind(&self, name: &str) -> Option<Value> {
        let entries = match name {
            "result" => &self.result,
            "error" => &self.error,
            "time" => &self.time,
            "total" => &self.total,
            "next" => &self.next,
            _ => return None,
        };
        Some(Value::Object(entries.iter().cloned().collect()))
    }
}

/// The names of `$arResult`, in the order the portal's regular expression
/// tries them (`result|next|total|time|error`).
const KINDS: [&str; 5] = ["result", "next", "total", "time", "error"];

/// PHP's `isset($r[$key])` then `$r[$key]`: an array element that exists
/// and is not null. Strings are not indexed here (the portal would take one
/// character; no calendar answer needs that).
fn child<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    let found = match value {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    };
    found.filter(|v| !v.is_null())
}

/// How `str_replace` writes a value into a string.
fn php_string(value: &Value) -> String {
    match value {
        Value::Null | Value::Bool(false) => String::new(),
        Value::Bool(true) => "1".into(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.clone(),
        // PHP 7 writes "Array" (with a notice); PHP 8 refuses the call.
        Value::Array(_) | Value::Object(_) => "Array".into(),
    }
}

/// One `$kind[...][...]` reference found in a parameter value.
struct Reference {
    /// The whole match, `$` up to the next whitespace.
    text: String,
    kind: String,
    path: Vec<String>,
}

/// The portal's `/\$(result|next|total|time|error)([^\s]*)/i` over `text`:
/// each match runs to the next whitespace; its path is every non-empty
/// `[...]` in it. A match without any `[...]` is left alone.
fn references(text: &str) -> Vec<Reference> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find('$') {
        let start = at + offset;
        let after = &text[start + 1..];
        let kind = KINDS.iter().find(|kind| {
            after
                .get(..kind.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(kind))
        });
        let Some(kind) = kind else {
            at = start + 1;
            continue;
        };
        let end = after
            .find(char::is_whitespace)
            .map_or(text.len(), |ws| start + 1 + ws);
        let matched = &text[start..end];
        let rest = &matched[1 + kind.len()..];
        let mut path = Vec::new();
        let mut scan = rest;
        while let Some(open) = scan.find('[') {
            let inner = &scan[open + 1..];
            match inner.find(']') {
                Some(0) => scan = &inner[1..],
                Some(close) => {
                    path.push(inner[..close].to_owned());
                    scan = &inner[close + 1..];
                }
                None => break,
            }
        }
        if !path.is_empty() {
            found.push(Reference {
                text: matched.to_owned(),
                // The text as written: lookups are case-sensitive.
                kind: matched[1..1 + kind.len()].to_owned(),
                path,
            });
        }
        at = end.max(start + 1);
    }
    found
}

/// `CRestUtil::processBatchElement` on one parameter value: each reference
/// is replaced by what it points to. When the reference is the whole value,
/// the value becomes the referenced one (possibly an array); inside a
/// longer text it is written as PHP's `str_replace` writes it. A path that
/// runs into a missing key stops there, at the last value found.
fn substitute(value: &str, answers: &Answers) -> Value {
    let mut current = Value::String(value.to_owned());
    for reference in references(value) {
        let Value::String(text) = &current else {
            break;
        };
        let mut target = answers.kind(&reference.kind).unwrap_or(Value::Null);
        for key in &reference.path {
            match child(&target, key) {
                Some(next) => target = next.clone(),
                None => break,
            }
        }
        current = if reference.text == *text {
            target
        } else {
            Value::String(text.replace(&reference.text, &php_string(&target)))
        };
    }
    current
}

/// Substitutes references in every string of a command's parameters
/// (`CRestUtil::processBatchStructure`; keys are left as they are). The
/// parameters come from `parse_str`, so they nest at most 65 deep.
fn substitute_all(params: Params, answers: &Answers) -> Params {
    params
        .into_iter()
        .map(|(key, value)| {
            let value = match value {
                Value::String(text) if text.contains('$') => substitute(&text, answers),
                Value::Object(inner) => Value::Object(substitute_all(inner, answers)),
                other => other,
            };
            (key, value)
        })
        .collect()
}

/// Runs the commands of a batch for `user` and builds its `result`.
pub(crate) fn run(
    calendar: &mut Calendar,
    user: u64,
    now: i64,
    params: &Params,
) -> Result<Value, RestError> {
    let halt = php::flag(params.get("halt"), false);
    let mut answers = Answers::default();
    for (number, (key, command)) in commands(params).into_iter().enumerate() {
        let watch = Stopwatch::start();
        // The docs' text: "subqueries beyond the limit will end with an error
        // ERROR_BATCH_LENGTH_EXCEEDED" — each command past the 50th fails on
        // its own in `result_error`, and the batch still answers 200. The
        // page's error table lists the code with HTTP 400, which would be
        // the whole request failing; the text wins (and the portal's
        // `CRestProvider::methodsBatch` does exactly that).
        let answer = if number >= MAX_COMMANDS {
            Err(RestError::batch_length_exceeded())
        } else {
            let (method, query) = command.split_once('?').unwrap_or((command.as_str(), ""));
            let method = method_name(method);
            let params = substitute_all(php::parse_query(query), &answers);
            if method == BATCH {
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
            }
        };
        match answer {
            Ok(value) => {
                answers.result.push((key.clone(), value));
                answers.time.push((key, watch.time()));
            }
            Err(error) => {
                answers.error.push((key, error.body()));
                if halt {
                    break;
                }
            }
        }
    }
    Ok(json!({
        "result": php::array_to_json(answers.result),
        "result_error": php::array_to_json(answers.error),
        "result_total": php::array_to_json(answers.total),
        "result_next": php::array_to_json(answers.next),
        "result_time": php::array_to_json(answers.time),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers() -> Answers {
        Answers {
            result: vec![
                (
                    "u".into(),
                    json!({"ID": "1", "UF_DEPARTMENT": [7], "ACTIVE": true}),
                ),
                ("list".into(), json!([{"ID": "201"}, {"ID": "202"}])),
            ],
            error: vec![(
                "bad".into(),
                json!({"error": "", "error_description": "no"}),
            )],
            ..Answers::default()
        }
    }

    #[test]
    fn references_follow_the_portal_rules() {
        let a = answers();
        assert_eq!(substitute("$result[u][ID]", &a), json!("1"));
        assert_eq!(substitute("$result[list][1][ID]", &a), json!("202"));
        assert_eq!(substitute("$result[u][UF_DEPARTMENT][0]", &a), json!(7));
        // The whole value may become an array.
        assert_eq!(substitute("$result[u][UF_DEPARTMENT]", &a), json!([7]));
        // Inside a longer text: str_replace, up to the next whitespace.
        assert_eq!(
            substitute("id $result[list][0][ID] x", &a),
            json!("id 201 x")
        );
        assert_eq!(substitute("x$result[u][ACTIVE]", &a), json!("x1"));
        // The match runs to the whitespace, so a trailing "!" still makes
        // it the whole value.
        assert_eq!(substitute("$result[u][ACTIVE]!", &a), json!(true));
        // A missing key stops the walk at the last value found.
        assert_eq!(substitute("$result[u][NOPE]", &a), a.result[0].1);
        // $error reads result_error; $result_error is $result followed by
        // "_error" to the portal's expression, so it reads result.
        assert_eq!(
            substitute("$error[bad][error_description]", &a),
            json!("no")
        );
        assert_eq!(substitute("$result_error[u][ID]", &a), json!("1"));
        // Case-insensitive match, case-sensitive lookup: null.
        assert_eq!(substitute("$RESULT[u][ID]", &a), Value::Null);
        // No brackets, or no known name: left alone.
        assert_eq!(substitute("$result", &a), json!("$result"));
        assert_eq!(substitute("$price[u]", &a), json!("$price[u]"));
    }
}
