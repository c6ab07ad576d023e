//! The bits of PHP semantics a Bitrix24 portal shows through its REST API.
//!
//! The portal is PHP: query strings and forms are parsed by `parse_str`
//! (brackets build nested arrays, every plain value is a string), required
//! parameters are tested with `empty()`, ids go through `(int)`, and arrays
//! become JSON lists or objects depending on their keys. Each function here
//! reproduces one of those rules on `serde_json` values.

use serde_json::{Map, Value};

/// Parses a query string or an urlencoded form the way PHP's `parse_str`
/// does: `cmd[0]=a&cmd[x][y]=1&list[]=p&list[]=q` becomes nested maps,
/// `[]` appends the next integer key, and every leaf is a string.
pub fn parse_query(input: &str) -> Map<String, Value> {
    let mut root = Map::new();
    for (key, value) in form_urlencoded::parse(input.as_bytes()) {
        let Some((base, path)) = split_key(&key) else {
            continue;
        };
        insert(&mut root, base, &path, Value::String(value.into_owned()));
    }
    root
}

/// Splits `a[b][]` into `("a", ["b", ""])`. PHP drops variables whose name
/// is empty, and keeps a name with an unclosed `[` literally.
fn split_key(key: &str) -> Option<(String, Vec<String>)> {
    let Some(open) = key.find('[') else {
        return (!key.is_empty()).then(|| (key.to_owned(), Vec::new()));
    };
    let base = &key[..open];
    if base.is_empty() {
        return None;
    }
    let mut path = Vec::new();
    let mut rest = &key[open..];
    while let Some(inner) = rest.strip_prefix('[') {
        match inner.find(']') {
            Some(close) => {
                path.push(inner[..close].to_owned());
                rest = &inner[close + 1..];
            }
            None if path.is_empty() => return Some((key.to_owned(), Vec::new())),
            // PHP ignores whatever follows the last complete `[...]`.
            None => break,
        }
    }
    Some((base.to_owned(), path))
}

fn insert(map: &mut Map<String, Value>, key: String, path: &[String], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        map.insert(key, value);
        return;
    };
    let slot = map.entry(key).or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    if let Value::Object(child) = slot {
        let child_key = if first.is_empty() {
            next_index(child).to_string()
        } else {
            first.clone()
        };
        insert(child, child_key, rest, value);
    }
}

/// The key PHP gives to `$a[] = …`: one past the largest integer key.
fn next_index(map: &Map<String, Value>) -> u64 {
    map.keys()
        .filter_map(|key| key.parse::<u64>().ok())
        .max()
        .map_or(0, |max| max + 1)
}

/// PHP's `empty()`: missing, `null`, `false`, `0`, `0.0`, `""`, `"0"` and
/// empty arrays are all "empty" (so `eventId=0` counts as not given).
pub fn is_empty(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::Bool(flag)) => !flag,
        Some(Value::Number(number)) => number.as_f64() == Some(0.0),
        Some(Value::String(text)) => text.is_empty() || text == "0",
        Some(Value::Array(items)) => items.is_empty(),
        Some(Value::Object(fields)) => fields.is_empty(),
    }
}

/// PHP's `(int)` cast of a scalar: numbers truncate, strings keep their
/// leading integer (`"12abc"` → 12, `"abc"` → 0), `true` → 1.
/// Arrays and objects give `None`: no method here accepts them as ids.
pub fn intval(value: &Value) -> Option<i64> {
    match value {
        Value::Null => Some(0),
        Value::Bool(flag) => Some(i64::from(*flag)),
        Value::Number(number) => number
            .as_i64()
            .or_else(|| number.as_f64().map(|float| float.trunc() as i64)),
        Value::String(text) => Some(leading_int(text)),
        Value::Array(_) | Value::Object(_) => None,
    }
}

fn leading_int(text: &str) -> i64 {
    let trimmed = text.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (sign, digits) = match trimmed.as_bytes().first() {
        Some(b'-') => (-1, &trimmed[1..]),
        Some(b'+') => (1, &trimmed[1..]),
        _ => (1, trimmed),
    };
    let end = digits.bytes().take_while(u8::is_ascii_digit).count();
    // PHP saturates on overflow; so do we.
    digits[..end]
        .parse::<i64>()
        .map_or(if end == 0 { 0 } else { i64::MAX }, |n| n)
        * sign
}

/// A yes/no parameter (`halt`, `forCurrentUser`): PHP truthiness, and also
/// the strings `"false"` and `"N"`, which form-encoding clients send for
/// `false` and the portal reads as no.
pub fn flag(value: Option<&Value>, default: bool) -> bool {
    match value {
        None => default,
        Some(Value::String(text))
            if text.eq_ignore_ascii_case("false") || text.eq_ignore_ascii_case("n") =>
        {
            false
        }
        Some(other) => !is_empty(Some(other)),
    }
}

/// How PHP's `json_encode` writes an array: `[]` when empty, a JSON list
/// when the keys are exactly 0, 1, 2, … in order, an object otherwise.
pub fn array_to_json(entries: Vec<(String, Value)>) -> Value {
    let is_list = entries
        .iter()
        .enumerate()
        .all(|(index, (key, _))| *key == index.to_string());
    if is_list {
        Value::Array(entries.into_iter().map(|(_, value)| value).collect())
    } else {
        Value::Object(entries.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parse_query_builds_nested_maps_of_strings() {
        let parsed = parse_query(
            "eventId=5&cmd[0]=a%3Fb%3D1&cmd[x]=y&params[a][b]=1&list[]=p&list[]=q&plus=a+b",
        );
        assert_eq!(
            Value::Object(parsed),
            json!({
                "eventId": "5",
                "cmd": {"0": "a?b=1", "x": "y"},
                "params": {"a": {"b": "1"}},
                "list": {"0": "p", "1": "q"},
                "plus": "a b"
            })
        );
    }

    #[test]
    fn parse_query_edge_cases() {
        assert_eq!(Value::Object(parse_query("[a]=1&=2&&b")), json!({"b": ""}));
        assert_eq!(Value::Object(parse_query("a[b=1")), json!({"a[b": "1"}));
        assert_eq!(
            Value::Object(parse_query("a=1&a[x]=2")),
            json!({"a": {"x": "2"}})
        );
        assert_eq!(
            Value::Object(parse_query("a[5]=x&a[]=y")),
            json!({"a": {"5": "x", "6": "y"}})
        );
    }

    #[test]
    fn empty_follows_php() {
        for value in [
            json!(null),
            json!(false),
            json!(0),
            json!(0.0),
            json!(""),
            json!("0"),
            json!([]),
            json!({}),
        ] {
            assert!(is_empty(Some(&value)), "{value} should be empty");
        }
        assert!(is_empty(None));
        for value in [
            json!(true),
            json!(1),
            json!("0.0"),
            json!(" "),
            json!("a"),
            json!([0]),
        ] {
            assert!(!is_empty(Some(&value)), "{value} should not be empty");
        }
    }

    #[test]
    fn intval_follows_php() {
        assert_eq!(intval(&json!("12abc")), Some(12));
        assert_eq!(intval(&json!("abc")), Some(0));
        assert_eq!(intval(&json!(" -7")), Some(-7));
        assert_eq!(intval(&json!(12.9)), Some(12));
        assert_eq!(intval(&json!(true)), Some(1));
        assert_eq!(intval(&json!([1])), None);
    }

    #[test]
    fn arrays_encode_like_json_encode() {
        assert_eq!(array_to_json(vec![]), json!([]));
        let list = vec![("0".to_owned(), json!(1)), ("1".to_owned(), json!(2))];
        assert_eq!(array_to_json(list), json!([1, 2]));
        let gap = vec![("1".to_owned(), json!(2))];
        assert_eq!(array_to_json(gap), json!({"1": 2}));
    }

    #[test]
    fn flags_accept_the_forms_clients_send() {
        assert!(flag(None, true));
        assert!(!flag(Some(&json!("false")), true));
        assert!(!flag(Some(&json!("0")), true));
        assert!(flag(Some(&json!(1)), false));
        assert!(flag(Some(&json!("true")), false));
    }
}
