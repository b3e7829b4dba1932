//! Deadlines that follow a case's risk level (domain reference, section 4,
//! "Levels and response times"): when the case needs action, how soon an
//! unassigned case must get a worker, and when a referral is due.
//!
//! Every value is configurable (`[response_times]` in the config file); the
//! defaults below are the reference's.

use super::RiskLevel;
use chrono::{DateTime, Duration, Utc};

/// One value for each risk level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerLevel<T> {
    pub none: T,
    pub low: T,
    pub medium: T,
    pub high: T,
    pub critical: T,
}

impl<T: Copy> PerLevel<T> {
    /// The value for `level`.
    pub fn get(&self, level: RiskLevel) -> T {
        match level {
            RiskLevel::None => self.none,
            RiskLevel::Low => self.low,
            RiskLevel::Medium => self.medium,
            RiskLevel::High => self.high,
            RiskLevel::Critical => self.critical,
        }
    }
}

/// The response times an organisation works to.
///
/// Defaults:
///
/// | level    | case action  | assign within | referral due |
/// |----------|--------------|---------------|--------------|
/// | critical | now          | 1 hour        | 4 hours      |
/// | high     | 24 hours     | 1 hour        | 24 hours     |
/// | medium   | 72 hours     | 3 hours       | 72 hours     |
/// | low      | 7 days       | 3 hours       | 7 days       |
/// | none     | no deadline  | 3 hours       | 14 days      |
///
/// A referral is due when the case itself needs action, except at the two
/// ends: a critical case's referral cannot be done "now", so it gets the
/// working time of an emergency referral (4 hours); a case with no risk has
/// no action deadline, but its referrals still need chasing (14 days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseTimes {
    /// How long after opening (or after the level was set) the case needs
    /// action; `None` means no deadline. Zero means act now.
    pub case_action: PerLevel<Option<Duration>>,
    /// Time to assign an unassigned high or critical case.
    pub assign_urgent: Duration,
    /// Time to assign any other unassigned case.
    pub assign_other: Duration,
    /// How long a referral has, from its creation, to be completed.
    pub referral_due: PerLevel<Duration>,
}

impl Default for ResponseTimes {
    fn default() -> Self {
        ResponseTimes {
            case_action: PerLevel {
                none: None,
                low: Some(Duration::days(7)),
                medium: Some(Duration::hours(72)),
                high: Some(Duration::hours(24)),
                critical: Some(Duration::zero()),
            },
            assign_urgent: Duration::hours(1),
            assign_other: Duration::hours(3),
            referral_due: PerLevel {
                none: Duration::days(14),
                low: Duration::days(7),
                medium: Duration::hours(72),
                high: Duration::hours(24),
                critical: Duration::hours(4),
            },
        }
    }
}

impl ResponseTimes {
    /// When a case at `level`, counted from `since`, needs action; `None`
    /// for a case without risk.
    pub fn case_deadline(&self, level: RiskLevel, since: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.case_action.get(level).map(|d| since + d)
    }

    /// How long an unassigned case at `level` may wait for a worker.
    pub fn time_to_assign(&self, level: RiskLevel) -> Duration {
        if level.is_urgent() {
            self.assign_urgent
        } else {
            self.assign_other
        }
    }

    /// When a case at `level` opened at `opened_at` must have a worker.
    pub fn assign_by(&self, level: RiskLevel, opened_at: DateTime<Utc>) -> DateTime<Utc> {
        opened_at + self.time_to_assign(level)
    }

    /// When a referral made at `created_at` for a case at `level` is due.
    pub fn referral_due_at(&self, level: RiskLevel, created_at: DateTime<Utc>) -> DateTime<Utc> {
        created_at + self.referral_due.get(level)
    }
}

/// How long past `due_at` it is at `now`; `None` while not yet due. A
/// deadline is missed once its moment has passed, not at the moment itself.
pub fn overdue_by(due_at: DateTime<Utc>, now: DateTime<Utc>) -> Option<Duration> {
    (now > due_at).then(|| now - due_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000, 0).unwrap()
    }

    #[test]
    fn case_deadlines_follow_the_reference() {
        let times = ResponseTimes::default();
        let cases = [
            (RiskLevel::Critical, Some(Duration::zero())),
            (RiskLevel::High, Some(Duration::hours(24))),
            (RiskLevel::Medium, Some(Duration::hours(72))),
            (RiskLevel::Low, Some(Duration::days(7))),
            (RiskLevel::None, None),
        ];
        for (level, expected) in cases {
            assert_eq!(
                times.case_deadline(level, t0()),
                expected.map(|d| t0() + d),
                "{level}"
            );
        }
    }

    #[test]
    fn urgent_cases_are_assigned_within_an_hour_others_within_three() {
        let times = ResponseTimes::default();
        let cases = [
            (RiskLevel::Critical, 1),
            (RiskLevel::High, 1),
            (RiskLevel::Medium, 3),
            (RiskLevel::Low, 3),
            (RiskLevel::None, 3),
        ];
        for (level, hours) in cases {
            assert_eq!(
                times.time_to_assign(level),
                Duration::hours(hours),
                "{level}"
            );
            assert_eq!(times.assign_by(level, t0()), t0() + Duration::hours(hours));
        }
    }

    #[test]
    fn referral_due_times_at_each_level() {
        let times = ResponseTimes::default();
        let cases = [
            (RiskLevel::Critical, Duration::hours(4)),
            (RiskLevel::High, Duration::hours(24)),
            (RiskLevel::Medium, Duration::hours(72)),
            (RiskLevel::Low, Duration::days(7)),
            (RiskLevel::None, Duration::days(14)),
        ];
        for (level, after) in cases {
            assert_eq!(times.referral_due_at(level, t0()), t0() + after, "{level}");
        }
        // A higher level never waits longer than a lower one.
        for pair in RiskLevel::ALL.windows(2) {
            assert!(times.referral_due.get(pair[1]) <= times.referral_due.get(pair[0]));
        }
    }

    #[test]
    fn configured_times_are_used() {
        let mut times = ResponseTimes::default();
        times.referral_due.high = Duration::hours(8);
        times.assign_other = Duration::minutes(30);
        assert_eq!(
            times.referral_due_at(RiskLevel::High, t0()),
            t0() + Duration::hours(8)
        );
        assert_eq!(times.time_to_assign(RiskLevel::Low), Duration::minutes(30));
    }

    #[test]
    fn overdue_starts_after_the_due_moment() {
        let due = t0();
        assert_eq!(overdue_by(due, due - Duration::seconds(1)), None);
        assert_eq!(overdue_by(due, due), None);
        assert_eq!(
            overdue_by(due, due + Duration::minutes(5)),
            Some(Duration::minutes(5))
        );
    }
}
