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
    let mut text = Backwards::new();
    text.number(n, width.min(20));
    String::from(text.as_str())
}

/// A short ASCII text written from its end, without allocating: numbers
/// and separators (at most [`Backwards::MAX`] bytes; more are left out).
pub struct Backwards {
    bytes: [u8; Backwards::MAX],
    /// Where the text starts: every byte from here on was written.
    start: usize,
}

impl Backwards {
    /// The longest text.
    pub const MAX: usize = 28;

    /// The empty text.
    pub const fn new() -> Self {
        Backwards {
            bytes: [0; Backwards::MAX],
            start: Backwards::MAX,
        }
    }

    /// Puts `byte` (as ASCII: its high bit dropped) before the text.
    pub fn put(&mut self, byte: u8) {
        let start = self.start.wrapping_sub(1);
        if let Some(slot) = self.bytes.get_mut(start) {
            *slot = byte & 0x7F;
            self.start = start;
        }
    }

    /// Puts `n` in decimal with at least `width` digits (leading zeros)
    /// before the text.
    pub fn number(&mut self, mut n: u64, width: usize) {
        let mut digits = 0;
        while digits < width || n > 0 {
            self.put(b'0' + (n % 10) as u8);
            n /= 10;
            digits += 1;
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        let text = self.bytes.get(self.start..).unwrap_or_default();
        // SAFETY: every byte from `start` on was written by `put`, as ASCII.
        unsafe { core::str::from_utf8_unchecked(text) }
    }
}

impl Default for Backwards {
    fn default() -> Self {
        Backwards::new()
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

    #[test]
    fn padded_has_at_most_twenty_digits() {
        assert_eq!(padded(u64::MAX, 30), u64::MAX.to_string());
        assert_eq!(padded(5, 25), format!("{:020}", 5));
    }

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
