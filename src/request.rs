//! Request numbers: every request a call sends gets the next one, so that
//! an answer can be matched to its request and a late, duplicate or stale
//! one told apart. They have 29 bits (with a 3-bit kind they make the
//! first bound argument of the module's callback, a `u32`) and wrap around.

/// The largest request number; the next one after it is 0.
pub const MAX: u32 = 0x1fff_ffff;

/// The request number after `n`.
///
/// ```
/// use bx24_meeting::request::{next, MAX};
/// assert_eq!(next(1), 2);
/// assert_eq!(next(MAX), 0);
/// ```
pub fn next(n: u32) -> u32 {
    n.wrapping_add(1) & MAX
}

/// Whether request `a` was sent after request `b`: at most half the range
/// ahead of it, counting across the wrap.
///
/// ```
/// use bx24_meeting::request::{later, MAX};
/// assert!(later(2, 1) && !later(1, 2) && !later(5, 5));
/// assert!(later(0, MAX) && !later(MAX, 0));
/// ```
pub fn later(a: u32, b: u32) -> bool {
    let ahead = a.wrapping_sub(b) & MAX;
    ahead != 0 && ahead <= MAX / 2
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_number_up_to_half_the_range_ahead_is_later_and_not_the_reverse(
            b in 0..=MAX, steps in 1..=MAX / 2
        ) {
            let a = b.wrapping_add(steps) & MAX;
            prop_assert!(later(a, b));
            prop_assert!(!later(b, a));
        }

        #[test]
        fn next_is_later(b in 0..=MAX) {
            prop_assert!(later(next(b), b));
        }
    }
}
