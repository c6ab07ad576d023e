//! The bits of PHP semantics a Bitrix24 portal shows through its REST API.
//!
//! The portal is PHP: query strings and forms are parsed by `parse_str`
//! (brackets build nested arrays, every plain value is a string), required
//! parameters are tested with `empty()`, ids go through `(int)`, and arrays
//! become JSON lists or objects depending on their keys. Each function here
//! reproduces one of those rules on `serde_json` values.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// PHP's `max_input_vars` default: variables past the 1000th of one query
/// string, form or multipart body are dropped (PHP warns and ignores them).
pub const MAX_INPUT_VARS: usize = 1000;

/// PHP's `max_input_nesting_level` default: a name with more than 64
/// bracket levels drops the variable AND everything already stored under
/// its base name (`php_register_variable_ex` deletes the base).
pub const MAX_INPUT_NESTING_LEVEL: usize = 64;

/// Parses a query string or an urlencoded form the way PHP's `parse_str`
/// does: `cmd[0]=a&cmd[x][y]=1&list[]=p&list[]=q` becomes nested maps,
/// `[]` appends the next integer key, and every leaf is a string.
///
/// Linear in the input: each variable walks its own brackets once (at most
/// [`MAX_INPUT_NESTING_LEVEL`]), appends find the next key in O(1), and
/// nothing recurses on what the request sends.
pub fn parse_query(input: &str) -> Map<String, Value> {
    let mut vars = InputVars::default();
    for (name, value) in form_urlencoded::parse(input.as_bytes()) {
        if !vars.register(&name, value.into_owned()) {
            break;
        }
    }
    vars.finish()
}

/// One PHP array while it is built: entries in insertion order (a removed
/// entry leaves a hole), an index by key, and the next `[]` key.
#[derive(Debug, Default)]
struct Table {
    entries: Vec<Option<(String, Slot)>>,
    index: HashMap<String, usize>,
    /// PHP's `nNextFreeElement`; `None` once it passed `i64::MAX`.
    next: Option<i64>,
}

/// A value in a [`Table`]: a string, or another table by its number.
#[derive(Debug, Clone)]
enum Slot {
    Leaf(String),
    Table(usize),
}

/// The key as PHP stores it: a canonical decimal integer (`"5"`, `"-3"`, not
/// `"05"`) becomes an integer key, which moves the next `[]` key past it.
fn int_key(key: &str) -> Option<i64> {
    let digits = key.strip_prefix('-').unwrap_or(key);
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && key != "-0";
    if canonical {
        key.parse().ok()
    } else {
        None
    }
}

impl Table {
    fn new() -> Self {
        Self {
            next: Some(0),
            ..Self::default()
        }
    }

    fn get(&self, key: &str) -> Option<&Slot> {
        let at = *self.index.get(key)?;
        self.entries[at].as_ref().map(|(_, slot)| slot)
    }

    /// `zend_symtable_update`: replaces in place, or appends a new key.
    fn set(&mut self, key: String, slot: Slot) {
        if let Some(&at) = self.index.get(&key) {
            if let Some(entry) = self.entries.get_mut(at).and_then(Option::as_mut) {
                entry.1 = slot;
                return;
            }
        }
        if let Some(int) = int_key(&key) {
            // Only keys at or past the next one move it (PHP < 8.3 starts at 0).
            if self.next.is_some_and(|next| int >= next) {
                self.next = int.checked_add(1);
            }
        }
        self.index.insert(key.clone(), self.entries.len());
        self.entries.push(Some((key, slot)));
    }

    /// `$a[] = …`: the next integer key, or `None` when PHP would refuse
    /// ("Cannot add element to the array as the next element is already occupied").
    fn next_key(&self) -> Option<String> {
        let next = self.next?;
        let key = next.to_string();
        (!self.index.contains_key(&key)).then_some(key)
    }

    fn remove(&mut self, key: &str) {
        if let Some(at) = self.index.remove(key) {
            if let Some(entry) = self.entries.get_mut(at) {
                *entry = None;
            }
        }
    }
}

/// The variables of one input (query string, form, or multipart body) as
/// PHP's `php_register_variable_ex` builds them, with PHP's limits.
#[derive(Debug)]
pub struct InputVars {
    /// Table 0 is the top level.
    tables: Vec<Table>,
    count: usize,
}

impl Default for InputVars {
    fn default() -> Self {
        Self {
            tables: vec![Table::new()],
            count: 0,
        }
    }
}

/// What to do with a variable's place once its brackets are read.
enum Target {
    Key(String),
    Append,
}

impl InputVars {
    /// Registers `name=value`. Returns `false` once [`MAX_INPUT_VARS`] were
    /// taken: this one and all that follow are dropped, as PHP does.
    pub fn register(&mut self, name: &str, value: String) -> bool {
        self.count += 1;
        if self.count > MAX_INPUT_VARS {
            return false;
        }
        self.register_one(name, value);
        true
    }

    fn register_one(&mut self, name: &str, value: String) {
        // The C code sees a NUL as the end of the name, and skips leading spaces.
        let name = name.split('\0').next().unwrap_or_default();
        let name = name.trim_start_matches(' ');
        // Spaces and dots before the first `[` become `_`.
        let open = name.find('[');
        let base: String = name[..open.unwrap_or(name.len())]
            .chars()
            .map(|c| if c == ' ' || c == '.' { '_' } else { c })
            .collect();
        if base.is_empty() {
            return;
        }
        let Some(mut open) = open else {
            self.tables[0].set(base, Slot::Leaf(value));
            return;
        };
        let mut table = 0;
        let mut target = Target::Key(base.clone());
        let mut level = 0;
        loop {
            level += 1;
            if level > MAX_INPUT_NESTING_LEVEL {
                self.tables[0].remove(&base);
                return;
            }
            let inner = &name[open + 1..];
            // `[ ]` appends like `[]`.
            let probe = inner.strip_prefix(' ').unwrap_or(inner);
            let (index, after) = if probe.starts_with(']') {
                (Target::Append, open + 1 + (inner.len() - probe.len()) + 1)
            } else {
                match probe.find(']') {
                    Some(close) => {
                        let close = open + 1 + (inner.len() - probe.len()) + close;
                        (Target::Key(name[open + 1..close].to_owned()), close + 1)
                    }
                    None if level == 1 => {
                        // Not an index: the `[` and what follows join the
                        // name, with ` `, `.` and `[` made `_`.
                        let rest: String = inner
                            .chars()
                            .map(|c| if matches!(c, ' ' | '.' | '[') { '_' } else { c })
                            .collect();
                        self.tables[0].set(format!("{base}_{rest}"), Slot::Leaf(value));
                        return;
                    }
                    // PHP keeps what it has and ignores the unclosed rest.
                    None => break,
                }
            };
            let Some(child) = self.child_table(table, target) else {
                return;
            };
            table = child;
            target = index;
            match name[after..].strip_prefix('[') {
                Some(_) => open = after,
                None => break,
            }
        }
        let key = match target {
            Target::Key(key) => Some(key),
            Target::Append => self.tables[table].next_key(),
        };
        if let Some(key) = key {
            self.tables[table].set(key, Slot::Leaf(value));
        }
    }

    /// The table stored at `target` in `table`, made (or made to replace a
    /// string) when needed; `None` when an append has no key left.
    fn child_table(&mut self, table: usize, target: Target) -> Option<usize> {
        let key = match target {
            Target::Key(key) => key,
            Target::Append => self.tables[table].next_key()?,
        };
        if let Some(Slot::Table(existing)) = self.tables[table].get(&key) {
            return Some(*existing);
        }
        let child = self.tables.len();
        self.tables.push(Table::new());
        self.tables[table].set(key, Slot::Table(child));
        Some(child)
    }

    /// The variables as nested JSON maps of strings.
    pub fn finish(mut self) -> Map<String, Value> {
        self.take_map(0, 0)
    }

    /// Depth is at most [`MAX_INPUT_NESTING_LEVEL`] + 1: the limit, not the
    /// request, bounds this recursion.
    fn take_map(&mut self, table: usize, depth: usize) -> Map<String, Value> {
        let entries = std::mem::take(&mut self.tables[table].entries);
        let mut map = Map::new();
        for (key, slot) in entries.into_iter().flatten() {
            let value = match slot {
                Slot::Leaf(text) => Value::String(text),
                Slot::Table(child) if depth <= MAX_INPUT_NESTING_LEVEL => {
                    Value::Object(self.take_map(child, depth + 1))
                }
                Slot::Table(_) => Value::Object(Map::new()),
            };
            map.insert(key, value);
        }
        map
    }
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
        // PHP turns an unclosed `[` into `_` (php_register_variable_ex).
        assert_eq!(Value::Object(parse_query("a[b=1")), json!({"a_b": "1"}));
        assert_eq!(
            Value::Object(parse_query("a[b.c[d=1")),
            json!({"a_b_c_d": "1"})
        );
        assert_eq!(Value::Object(parse_query("a.b c=1")), json!({"a_b_c": "1"}));
        assert_eq!(
            Value::Object(parse_query("a[x][b=1")),
            json!({"a": {"x": "1"}})
        );
        assert_eq!(
            Value::Object(parse_query("a[x]y[z]=1")),
            json!({"a": {"x": "1"}})
        );
        assert_eq!(
            Value::Object(parse_query("a[ ]=1&a[ ]=2")),
            json!({"a": {"0": "1", "1": "2"}})
        );
        assert_eq!(
            Value::Object(parse_query("a[-3]=x&a[]=y&a[05]=z&a[]=w")),
            json!({"a": {"-3": "x", "0": "y", "05": "z", "1": "w"}})
        );
        assert_eq!(
            Value::Object(parse_query("%20%20a=1&b%00c=2")),
            json!({"a": "1", "b": "2"})
        );
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

    #[test]
    fn nesting_past_64_levels_drops_the_variable_and_its_base() {
        let deep = |levels: usize| format!("a{}=1", "[k]".repeat(levels));
        let kept = parse_query(&deep(MAX_INPUT_NESTING_LEVEL));
        assert_eq!(depth(&Value::Object(kept)), MAX_INPUT_NESTING_LEVEL + 1);
        // PHP deletes the base `a`, including what an earlier variable put there.
        let dropped = parse_query(&format!("a[x]=0&b=2&{}", deep(MAX_INPUT_NESTING_LEVEL + 1)));
        assert_eq!(Value::Object(dropped), json!({"b": "2"}));
        // The crash of issue 11: ten thousand levels, no stack overflow.
        let huge = parse_query(&format!("a{}=1&c=3", "[a]".repeat(10_000)));
        assert_eq!(Value::Object(huge), json!({"c": "3"}));
    }

    #[test]
    fn variables_past_1000_are_dropped() {
        let input: Vec<String> = (0..1500).map(|i| format!("v{i}=x")).collect();
        let parsed = parse_query(&input.join("&"));
        assert_eq!(parsed.len(), MAX_INPUT_VARS);
        assert!(parsed.contains_key("v999") && !parsed.contains_key("v1000"));
        // Empty pieces (`&&`) are not variables; an unnamed one (`=x`) is.
        let parsed = parse_query("&&=x&a=1");
        assert_eq!(Value::Object(parsed), json!({"a": "1"}));
    }

    #[test]
    fn appends_take_linear_time() {
        // 40,000 appends took 5.8 s before (issue 11); the cap keeps 1000,
        // and those are O(1) each.
        let input = "a[]=x&".repeat(40_000);
        let started = std::time::Instant::now();
        let parsed = parse_query(&input);
        assert_eq!(parsed["a"].as_object().map(Map::len), Some(MAX_INPUT_VARS));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        let mut vars = InputVars::default();
        let started = std::time::Instant::now();
        for _ in 0..MAX_INPUT_VARS {
            vars.register_one("a[b][]", "x".into());
        }
        for i in 0..100_000 {
            vars.register_one("z[]", i.to_string());
        }
        let map = vars.finish();
        assert_eq!(map["z"].as_object().map(Map::len), Some(100_000));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    /// How deep a value nests (a string is 0).
    fn depth(value: &Value) -> usize {
        match value {
            Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
            Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
            _ => 0,
        }
    }

    fn leaves(value: &Value) -> usize {
        match value {
            Value::Object(map) => map.values().map(leaves).sum(),
            Value::Array(items) => items.iter().map(leaves).sum(),
            _ => 1,
        }
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        /// Names built from the characters PHP treats specially.
        fn name() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                prop_oneof![
                    Just("["),
                    Just("]"),
                    Just("[]"),
                    Just("[ ]"),
                    Just("."),
                    Just(" "),
                    Just("a"),
                    Just("0"),
                    Just("-1"),
                    Just("%00"),
                    Just("%5B"),
                ],
                0..80,
            )
            .prop_map(|parts| parts.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn arbitrary_bytes_never_panic_and_stay_within_the_limits(
                bytes in proptest::collection::vec(any::<u8>(), 0..4096)
            ) {
                let parsed = Value::Object(parse_query(&String::from_utf8_lossy(&bytes)));
                prop_assert!(depth(&parsed) <= MAX_INPUT_NESTING_LEVEL + 1);
                prop_assert!(leaves(&parsed) <= MAX_INPUT_VARS);
            }

            #[test]
            fn deep_names_are_capped(levels in 0usize..300) {
                let parsed = Value::Object(parse_query(&format!("a{}=1", "[]".repeat(levels))));
                if levels <= MAX_INPUT_NESTING_LEVEL {
                    prop_assert_eq!(depth(&parsed), levels + 1);
                } else {
                    prop_assert_eq!(parsed, json!({}));
                }
            }
        }

        proptest! {
            // Each case builds up to 1000 variables of up to 64 levels: a
            // tree of ~64,000 tables, ~60 ms in a debug build; 64 cases.
            #![proptest_config(ProptestConfig::with_cases(64))]

            #[test]
            fn bracket_soup_stays_within_the_limits(
                pairs in proptest::collection::vec((name(), 0u32..100), 0..40),
                repeat in 1usize..60,
            ) {
                // Repeated, so that the same names meet again and 1000 vars are crossed.
                let input: Vec<String> = pairs.iter().map(|(n, v)| format!("{n}={v}")).collect();
                let input = vec![input.join("&"); repeat].join("&");
                let parsed = Value::Object(parse_query(&input));
                prop_assert!(depth(&parsed) <= MAX_INPUT_NESTING_LEVEL + 1);
                prop_assert!(leaves(&parsed) <= MAX_INPUT_VARS);
            }
        }
    }
}
