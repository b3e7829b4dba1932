//! When repeated failed logins lock an account, and for how long.

use chrono::{DateTime, Duration, Utc};

/// Failed-login policy: after `max_failures` consecutive failures the
/// account is locked for `lock_for`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    pub max_failures: u32,
    pub lock_for: Duration,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            max_failures: 5,
            lock_for: Duration::minutes(15),
        }
    }
}

/// What a failed attempt does to the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AfterFailure {
    /// Consecutive failures to store.
    pub failures: u32,
    /// Set when this failure locks the account.
    pub locked_until: Option<DateTime<Utc>>,
}

impl LockoutPolicy {
    /// Whether an account locked until `locked_until` is still locked at `now`.
    pub fn is_locked(&self, locked_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
        locked_until.is_some_and(|until| now < until)
    }

    /// The effect of one more failed attempt on an account that had
    /// `failures` consecutive failures. Locking resets the counter, so the
    /// next window after the lock expires starts afresh.
    pub fn after_failure(&self, failures: u32, now: DateTime<Utc>) -> AfterFailure {
        let failures = failures.saturating_add(1);
        if failures >= self.max_failures.max(1) {
            AfterFailure {
                failures: 0,
                locked_until: Some(now + self.lock_for),
            }
        } else {
            AfterFailure {
                failures,
                locked_until: None,
            }
        }
    }

    /// Whole minutes left on a lock, rounded up, for the message shown to the user.
    pub fn minutes_left(&self, locked_until: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
        let secs = (locked_until - now).num_seconds().max(0);
        (secs + 59) / 60
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000, 0).unwrap()
    }

    #[test]
    fn fifth_failure_locks_for_the_configured_time() {
        let p = LockoutPolicy::default();
        let mut failures = 0;
        for attempt in 1..=4 {
            let r = p.after_failure(failures, t0());
            assert_eq!(r.failures, attempt);
            assert_eq!(r.locked_until, None);
            failures = r.failures;
        }
        let r = p.after_failure(failures, t0());
        assert_eq!(r.locked_until, Some(t0() + Duration::minutes(15)));
        assert_eq!(r.failures, 0);
        assert!(p.is_locked(r.locked_until, t0() + Duration::minutes(14)));
        assert!(!p.is_locked(r.locked_until, t0() + Duration::minutes(15)));
        assert_eq!(p.minutes_left(t0() + Duration::seconds(61), t0()), 2);
    }

    #[test]
    fn a_policy_of_zero_still_locks_on_the_first_failure() {
        let p = LockoutPolicy {
            max_failures: 0,
            lock_for: Duration::minutes(1),
        };
        assert!(p.after_failure(0, t0()).locked_until.is_some());
    }
}
