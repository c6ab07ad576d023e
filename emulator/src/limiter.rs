//! The portal's request-rate limit: one leaky bucket for the whole portal.
//!
//! Each accepted HTTP request adds 1; the level drains continuously at the
//! plan's rate; a request that would lift the level above the burst size is
//! answered `QUERY_LIMIT_EXCEEDED` and adds nothing (docs: `limits.md`).

use std::time::Instant;

use crate::config::Plan;

/// A leaky bucket; `None` capacity means the plan has no limit.
#[derive(Debug, Clone)]
pub struct LeakyBucket {
    limits: Option<(f64, f64)>,
    level: f64,
    updated: Instant,
}

impl LeakyBucket {
    /// An empty bucket sized for `plan`.
    pub fn new(plan: Plan) -> Self {
        Self {
            limits: plan.bucket(),
            level: 0.0,
            updated: Instant::now(),
        }
    }

    /// Counts one request arriving at `now`; `false` means "over the limit".
    pub fn try_acquire(&mut self, now: Instant) -> bool {
        let Some((capacity, drain_per_second)) = self.limits else {
            return true;
        };
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.level = (self.level - elapsed * drain_per_second).max(0.0);
        self.updated = now;
        if self.level + 1.0 > capacity {
            return false;
        }
        self.level += 1.0;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn standard_plan_takes_fifty_then_two_per_second() {
        let mut bucket = LeakyBucket::new(Plan::Standard);
        let start = Instant::now();
        assert!((0..50).all(|_| bucket.try_acquire(start)));
        assert!(!bucket.try_acquire(start));
        let later = start + Duration::from_secs(1);
        assert!(bucket.try_acquire(later));
        assert!(bucket.try_acquire(later));
        assert!(!bucket.try_acquire(later));
    }

    #[test]
    fn rejected_requests_do_not_fill_the_bucket() {
        let mut bucket = LeakyBucket::new(Plan::Standard);
        let start = Instant::now();
        (0..50).for_each(|_| {
            bucket.try_acquire(start);
        });
        (0..100).for_each(|_| {
            bucket.try_acquire(start);
        });
        assert!(bucket.try_acquire(start + Duration::from_millis(500)));
    }

    #[test]
    fn enterprise_and_unlimited() {
        let start = Instant::now();
        let mut enterprise = LeakyBucket::new(Plan::Enterprise);
        assert_eq!(
            (0..300).filter(|_| enterprise.try_acquire(start)).count(),
            250
        );
        let mut unlimited = LeakyBucket::new(Plan::Unlimited);
        assert!((0..10_000).all(|_| unlimited.try_acquire(start)));
    }
}
