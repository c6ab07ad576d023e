//! The two `f64` operations the checks need, without `std` (whose `fract`
//! and `ceil` are not in `core`).

/// Whether `n` is a whole number. Exact for |n| < 2^63, which covers every
/// range this crate accepts; larger numbers are refused by their range
/// check anyway.
///
/// ```
/// use bx24_meeting::num::is_whole;
/// assert!(is_whole(3.0) && is_whole(-0.0) && !is_whole(2.5) && !is_whole(f64::NAN));
/// ```
pub fn is_whole(n: f64) -> bool {
    n.is_finite() && (n as i64) as f64 == n
}

/// The smallest whole number not below `n`, for `n` from 0 to 2^53.
///
/// ```
/// use bx24_meeting::num::ceil;
/// assert_eq!((ceil(2.1), ceil(2.0), ceil(0.0)), (3.0, 2.0, 0.0));
/// ```
pub fn ceil(n: f64) -> f64 {
    let whole = (n as u64) as f64;
    if whole < n {
        whole + 1.0
    } else {
        whole
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn match_std(n in -1.0e15f64..1.0e15) {
            prop_assert_eq!(is_whole(n), n.fract() == 0.0);
            if n >= 0.0 {
                prop_assert_eq!(ceil(n), n.ceil());
            }
        }
    }
}
