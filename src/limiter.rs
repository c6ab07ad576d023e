//! A client-side leaky bucket shaped like the portal's.
//!
//! The portal lets a burst through until its bucket holds `burst` requests,
//! drains it at `per_second`, and answers `QUERY_LIMIT_EXCEEDED` above that.
//! Keeping the same bucket on the client means a page's own burst waits here
//! instead of being refused there.

#[allow(unused_imports)]
use crate::prelude::*;

/// The portal plan a bucket mirrors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RateLimit {
    /// No client-side limit.
    Off,
    /// A bucket of `burst` requests draining at `per_second`.
    Bucket {
        /// Requests that may go at once from an empty bucket.
        burst: f64,
        /// Requests per second that drain from the bucket.
        per_second: f64,
    },
}

impl RateLimit {
    /// Standard plans: 50 at once, then 2 per second (the default: a page
    /// cannot know its portal's plan).
    pub const STANDARD: RateLimit = RateLimit::Bucket {
        burst: 50.0,
        per_second: 2.0,
    };
    /// Enterprise plans: 250 at once, then 5 per second.
    pub const ENTERPRISE: RateLimit = RateLimit::Bucket {
        burst: 250.0,
        per_second: 5.0,
    };

    /// The preset called `name`: `standard`, `enterprise` or `off`.
    pub fn preset(name: &str) -> Option<RateLimit> {
        match name {
            "standard" => Some(RateLimit::STANDARD),
            "enterprise" => Some(RateLimit::ENTERPRISE),
            "off" => Some(RateLimit::Off),
            _ => None,
        }
    }
}

/// Requests of headroom the client keeps below the portal's burst: the
/// portal counts a request when it arrives, a moment after the client did,
/// and timers fire a little early or late. Without it, two requests let
/// through at the exact edge of the bucket can reach the portal over it.
pub const HEADROOM: f64 = 1.0;

/// The bucket's state. Times are milliseconds on any monotonic clock.
#[derive(Debug, Clone, PartialEq)]
pub struct LeakyBucket {
    limit: RateLimit,
    level: f64,
    updated_ms: f64,
}

impl LeakyBucket {
    /// An empty bucket for `limit`.
    pub fn new(limit: RateLimit) -> Self {
        LeakyBucket {
            limit,
            level: 0.0,
            updated_ms: f64::NEG_INFINITY,
        }
    }

    /// The limit this bucket applies.
    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    fn drain(&mut self, now_ms: f64) {
        if let RateLimit::Bucket { per_second, .. } = self.limit {
            if now_ms > self.updated_ms {
                let elapsed_s = (now_ms - self.updated_ms) / 1000.0;
                self.level = (self.level - elapsed_s * per_second).max(0.0);
                self.updated_ms = now_ms;
            }
        }
    }

    /// Takes room for one request at `now_ms`: `Ok(())` when it may go now,
    /// or `Err(wait_ms)`, how long until it may (then ask again).
    pub fn try_acquire(&mut self, now_ms: f64) -> Result<(), f64> {
        let RateLimit::Bucket { burst, per_second } = self.limit else {
            return Ok(());
        };
        self.drain(now_ms);
        let room = (burst - HEADROOM).max(1.0);
        if self.level + 1.0 <= room {
            self.level += 1.0;
            Ok(())
        } else {
            Err(((self.level + 1.0 - room) / per_second * 1000.0).max(1.0))
        }
    }

    /// The portal refused a request for the rate: it is fuller than this
    /// bucket knew (other apps share it), so fill this one up, and make
    /// every call wait for the drain.
    pub fn saturate(&mut self, now_ms: f64) {
        if let RateLimit::Bucket { burst, .. } = self.limit {
            self.drain(now_ms);
            self.level = burst;
        }
    }

    /// How many requests the bucket holds at `now_ms`.
    pub fn level(&mut self, now_ms: f64) -> f64 {
        self.drain(now_ms);
        self.level
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_lets_forty_nine_through_then_two_per_second() {
        let mut bucket = LeakyBucket::new(RateLimit::STANDARD);
        for i in 0..49 {
            assert_eq!(bucket.try_acquire(0.0), Ok(()), "request {i}");
        }
        assert_eq!(bucket.try_acquire(0.0), Err(500.0));
        assert!(bucket.try_acquire(499.0).is_err());
        assert_eq!(bucket.try_acquire(500.0), Ok(()));
        assert_eq!(bucket.try_acquire(500.0), Err(500.0));
        assert_eq!(bucket.try_acquire(1000.0), Ok(()));
    }

    #[test]
    fn off_never_waits() {
        let mut bucket = LeakyBucket::new(RateLimit::Off);
        for _ in 0..10_000 {
            assert_eq!(bucket.try_acquire(0.0), Ok(()));
        }
    }

    #[test]
    fn a_portal_refusal_fills_the_bucket() {
        let mut bucket = LeakyBucket::new(RateLimit::ENTERPRISE);
        assert_eq!(bucket.try_acquire(0.0), Ok(()));
        bucket.saturate(0.0);
        assert_eq!(bucket.try_acquire(0.0), Err(400.0));
        assert_eq!(bucket.try_acquire(400.0), Ok(()));
    }

    #[test]
    fn presets_by_name() {
        assert_eq!(RateLimit::preset("standard"), Some(RateLimit::STANDARD));
        assert_eq!(RateLimit::preset("enterprise"), Some(RateLimit::ENTERPRISE));
        assert_eq!(RateLimit::preset("off"), Some(RateLimit::Off));
        assert_eq!(RateLimit::preset("unlimited"), None);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Over any schedule of attempts, the requests let through never
            /// exceed what the portal's own bucket would accept.
            #[test]
            fn never_more_than_the_portal_allows(
                gaps in proptest::collection::vec(0.0f64..2_000.0, 1..400),
                burst in 1u32..300, per_second in 1u32..10,
            ) {
                let limit = RateLimit::Bucket { burst: f64::from(burst), per_second: f64::from(per_second) };
                let mut bucket = LeakyBucket::new(limit);
                let mut now = 0.0;
                let mut sent = Vec::new();
                for gap in gaps {
                    now += gap;
                    if bucket.try_acquire(now).is_ok() {
                        sent.push(now);
                    }
                }
                // In any window [t0, t1] the portal accepts at most
                // burst + (t1 - t0) * per_second requests.
                for (i, start) in sent.iter().enumerate() {
                    for (j, end) in sent.iter().enumerate().skip(i) {
                        let allowed = f64::from(burst) + (end - start) / 1000.0 * f64::from(per_second);
                        prop_assert!((j - i + 1) as f64 <= allowed + 1e-9);
                    }
                }
            }

            /// A refused request is told a wait after which it goes through.
            #[test]
            fn the_wait_is_enough(burst in 1u32..100, per_second in 1u32..10, extra in 0u32..50) {
                let limit = RateLimit::Bucket { burst: f64::from(burst), per_second: f64::from(per_second) };
                let mut bucket = LeakyBucket::new(limit);
                for _ in 0..burst + extra {
                    let _ = bucket.try_acquire(0.0);
                }
                match bucket.try_acquire(0.0) {
                    Ok(()) => prop_assert!(false, "a full bucket let a request through"),
                    Err(wait) => prop_assert_eq!(bucket.try_acquire(wait), Ok(())),
                }
            }
        }
    }
}
