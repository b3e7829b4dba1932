use super::*;
use chrono::{Datelike, NaiveDate, Timelike};
use proptest::prelude::*;

fn at(zone: FixedOffset, y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    zone.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .unwrap()
        .timestamp()
}

fn local(zone: FixedOffset, t: i64) -> NaiveDateTime {
    DateTime::from_timestamp(t, 0)
        .unwrap()
        .with_timezone(&zone)
        .naive_local()
}

fn zone(hours: i32) -> FixedOffset {
    FixedOffset::east_opt(hours * 3600).unwrap()
}

fn level(rank: i64) -> RiskLevel {
    RiskLevel::from_rank(rank)
}

#[test]
fn the_reference_defaults() {
    let rules = FollowUpRules::default();
    let t = at(zone(0), 2026, 3, 10, 9, 0);
    assert_eq!(rules.due_after(RiskLevel::Critical, t), Some(t + 86_400));
    assert_eq!(rules.due_after(RiskLevel::High, t), Some(t + 7 * 86_400));
    assert_eq!(rules.due_after(RiskLevel::Medium, t), Some(t + 14 * 86_400));
    assert_eq!(
        rules.due_after(RiskLevel::Low, t),
        Some(at(zone(0), 2026, 4, 10, 9, 0))
    );
    assert_eq!(rules.due_after(RiskLevel::None, t), None);
    assert!(rules.missed(RiskLevel::Critical, t, t + 1));
    assert!(!rules.missed(RiskLevel::High, t, t + 86_400));
    assert!(rules.missed(RiskLevel::High, t, t + 86_401));
    assert!(!rules.missed(RiskLevel::Low, t, t + 3 * 86_400));
}

#[test]
fn month_ends_and_leap_days_in_the_organisations_zone() {
    let rules = FollowUpRules {
        zone: zone(3),
        ..FollowUpRules::default()
    };
    let z = zone(3);
    // 31 January 10:00 in a leap year: 29 February 10:00.
    assert_eq!(
        rules.due_after(RiskLevel::Low, at(z, 2028, 1, 31, 10, 0)),
        Some(at(z, 2028, 2, 29, 10, 0))
    );
    assert_eq!(
        rules.due_after(RiskLevel::Low, at(z, 2027, 1, 31, 10, 0)),
        Some(at(z, 2027, 2, 28, 10, 0))
    );
    // 1 March 01:00 local is still 28 February in UTC: the month is
    // counted on the local calendar, so the next is 1 April.
    assert_eq!(
        rules.due_after(RiskLevel::Low, at(z, 2027, 3, 1, 1, 0)),
        Some(at(z, 2027, 4, 1, 1, 0))
    );
}

#[test]
fn intervals_read_as_people_write_them() {
    assert_eq!("1 day".parse(), Ok(Interval::Days(1)));
    assert_eq!("2 weeks".parse(), Ok(Interval::Days(14)));
    assert_eq!("1 Month".parse(), Ok(Interval::Months(1)));
    assert!("0 days".parse::<Interval>().is_err());
    assert!("13 months".parse::<Interval>().is_err());
    assert!("weekly".parse::<Interval>().is_err());
    assert!("4294967295 weeks".parse::<Interval>().is_err());
    assert_eq!(Interval::Days(14).to_string(), "2 weeks");
    assert_eq!(Interval::Days(1).to_string(), "1 day");
    assert_eq!(Interval::Months(1).to_string(), "1 month");
}

#[test]
fn a_later_date_than_the_schedule_needs_a_reason() {
    let rules = FollowUpRules::default();
    let t = at(zone(0), 2026, 5, 1, 12, 0);
    let week = t + 7 * 86_400;
    assert_eq!(rules.check_next(RiskLevel::High, t, week, false), Ok(()));
    assert_eq!(
        rules.check_next(RiskLevel::High, t, t + 3600, false),
        Ok(())
    );
    assert_eq!(
        rules.check_next(RiskLevel::High, t, week + 1, false),
        Err(NextDateError::LaterNeedsReason)
    );
    assert_eq!(rules.check_next(RiskLevel::High, t, week + 1, true), Ok(()));
    assert_eq!(
        rules.check_next(RiskLevel::High, t, t - 1, true),
        Err(NextDateError::InThePast)
    );
}

#[test]
fn failed_attempts_count_until_the_person_is_reached() {
    let rules = FollowUpRules::default();
    let mut attempts = 0;
    for _ in 0..3 {
        attempts = Reached::NotReached.attempts_after(attempts);
    }
    assert!(rules.unreachable(attempts));
    assert_eq!(Reached::SomeoneElse.attempts_after(attempts), 3);
    assert_eq!(Reached::Reached.attempts_after(attempts), 0);
    assert!(!rules.unreachable(2));
}

fn any_zone() -> impl Strategy<Value = FixedOffset> {
    (-12i32..=14).prop_map(zone)
}

fn any_time() -> impl Strategy<Value = i64> {
    // 2000-01-01 to 2099-12-31.
    946_684_800i64..4_102_444_800
}

proptest! {
    /// Every level's next date is its interval after the last, on the
    /// local calendar: the same local time of day, N days later, or the
    /// same day of the month (or the month's last day) N months later.
    #[test]
    fn every_level_keeps_its_rhythm(z in any_zone(), from in any_time(), rank in 0i64..5) {
        let rules = FollowUpRules { zone: z, ..FollowUpRules::default() };
        let lvl = level(rank);
        let next = rules.due_after(lvl, from);
        let (a, b) = (local(z, from), next.map(|n| local(z, n)));
        match rules.every(lvl) {
            None => prop_assert_eq!(next, None),
            Some(Interval::Days(d)) => {
                prop_assert_eq!(next, Some(from + i64::from(d) * 86_400));
            }
            Some(Interval::Months(m)) => {
                let b = b.unwrap();
                prop_assert_eq!(b.time(), a.time());
                let months = (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32;
                prop_assert_eq!(months, m as i32);
                let last_day = NaiveDate::from_ymd_opt(b.year(), b.month(), 1)
                    .unwrap()
                    .checked_add_months(Months::new(1))
                    .unwrap()
                    .pred_opt()
                    .unwrap()
                    .day();
                prop_assert_eq!(b.day(), a.day().min(last_day));
                prop_assert_eq!(b.hour(), a.hour());
            }
        }
    }

    /// A level change mid-schedule: up brings the date forward at once (and
    /// never pushes it back); down keeps the date until the next follow-up.
    #[test]
    fn level_changes_mid_schedule(
        z in any_zone(),
        opened in any_time(),
        since in 0i64..40 * 86_400,
        old in 0i64..5,
        new in 0i64..5,
    ) {
        let rules = FollowUpRules { zone: z, ..FollowUpRules::default() };
        let (old, new) = (level(old), level(new));
        let next = rules.on_open(old, opened);
        let now = opened + since;
        let changed = rules.on_level_change(next, old, new, now);
        match next {
            None => prop_assert_eq!(changed, rules.due_after(new, now)),
            Some(next) if new > old => {
                let fresh = rules.due_after(new, now).unwrap();
                prop_assert_eq!(changed, Some(next.min(fresh)));
                prop_assert!(changed.unwrap() <= next);
            }
            Some(next) => prop_assert_eq!(changed, Some(next)),
        }
    }

    /// Whatever the schedule asks for is accepted without a reason.
    #[test]
    fn the_schedules_own_date_needs_no_reason(z in any_zone(), t in any_time(), rank in 1i64..5) {
        let rules = FollowUpRules { zone: z, ..FollowUpRules::default() };
        let lvl = level(rank);
        let due = rules.after_follow_up(lvl, t).unwrap();
        prop_assert_eq!(rules.check_next(lvl, t, due, false), Ok(()));
        prop_assert!(rules.check_next(lvl, t, due + 60, false).is_err());
    }
}
