//! Building texts without `core::fmt`.
//!
//! `format!` pulls the formatting machinery (and float printing) into the
//! `.wasm`; the messages this crate builds are concatenations of fixed
//! strings and whole numbers, so these helpers are all it needs.

#[allow(unused_imports)]
use crate::prelude::*;

/// Concatenates `parts`.
///
/// ```
/// assert_eq!(bx24_meeting::text::cat(&["a", "b", "c"]), "abc");
/// ```
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        out.push_str(part);
    }
    out
}

/// `n` in decimal.
///
/// ```
/// assert_eq!(bx24_meeting::text::uint(0), "0");
/// assert_eq!(bx24_meeting::text::uint(9_007_199_254_740_991), "9007199254740991");
/// ```
pub fn uint(n: u64) -> String {
    padded(n, 1)
}

/// `n` in decimal with at least `width` digits (leading zeros; at most 20
/// digits in all, as many as `u64::MAX` has).
///
/// ```
/// assert_eq!(bx24_meeting::text::padded(7, 2), "07");
/// assert_eq!(bx24_meeting::text::padded(2026, 4), "2026");
/// ```
pub fn padded(n: u64, width: usize) -> String {
    let mut out = String::new();
    push_padded(&mut out, n, width);
    out
}

/// Appends [`padded`]`(n, width)` to `out`.
pub fn push_padded(out: &mut String, n: u64, width: usize) {
    // The power of ten of the first digit: u64::MAX has 20 digits.
    let mut div = 1u64;
    let mut count = 1;
    while count < 20 && (n / div >= 10 || count < width) {
        div *= 10;
        count += 1;
    }
    while div > 0 {
        out.push(char::from(b'0' + (n / div % 10) as u8));
        div /= 10;
    }
}

/// At most `max` characters of `text`, with `…` when it was cut. Never
/// splits a character.
///
/// ```
/// assert_eq!(bx24_meeting::text::clip("привет", 3), "при…");
/// assert_eq!(bx24_meeting::text::clip("hi", 3), "hi");
/// ```
pub fn clip(text: &str, max: usize) -> String {
    // Where character `max` starts, if there is one: counted by the bytes
    // that start a character (any but UTF-8 continuation bytes).
    let mut seen = 0;
    let mut cut = None;
    for (at, &byte) in text.as_bytes().iter().enumerate() {
        if byte & 0xC0 != 0x80 {
            if seen == max {
                cut = Some(at);
                break;
            }
            seen += 1;
        }
    }
    match cut {
        None => text.to_owned(),
        Some(end) => cat(&[text.get(..end).unwrap_or_default(), "…"]),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn uint_matches_display(n: u64) {
            prop_assert_eq!(uint(n), n.to_string());
        }

        #[test]
        fn padded_matches_format(n in 0u64..100_000, width in 0usize..8) {
            prop_assert_eq!(padded(n, width), format!("{n:0width$}"));
        }

        #[test]
        fn clip_cuts_where_char_indices_does(text: String, max in 0usize..40) {
            let expected = match text.char_indices().nth(max) {
                None => text.clone(),
                Some((end, _)) => format!("{}…", &text[..end]),
            };
            prop_assert_eq!(clip(&text, max), expected);
        }

        #[test]
        fn clip_never_panics_and_keeps_a_prefix(text: String, max in 0usize..40) {
            let clipped = clip(&text, max);
            let kept = clipped.strip_suffix('…').filter(|_| text.chars().count() > max).unwrap_or(&clipped);
            prop_assert!(text.starts_with(kept));
            prop_assert!(kept.chars().count() <= max);
        }
    }
}
