//! The follow-up protocol: how often a case is followed up by its risk
//! level (domain reference, section 4 "Levels and response times"), when
//! the next follow-up falls due as the level changes, when a follow-up
//! counts as missed, and when a case counts as not reachable (section 9).
//!
//! Times are stored in UTC seconds; the calendar arithmetic (a day, a
//! month) is done in the organisation's time zone, so that a monthly
//! follow-up set on 31 January at 10:00 falls on 28 or 29 February at
//! 10:00 local time.

use super::RiskLevel;
use chrono::{DateTime, Duration, FixedOffset, Months, NaiveDateTime, TimeZone};
use std::fmt;
use std::str::FromStr;

/// How long until the next follow-up: whole days or calendar months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    Days(u32),
    Months(u32),
}

impl Interval {
    /// The moment `self` after `from`, counted on the calendar of `zone`.
    /// None when it falls outside the dates chrono can hold.
    pub fn after(self, from: i64, zone: FixedOffset) -> Option<i64> {
        let local: NaiveDateTime = DateTime::from_timestamp(from, 0)?
            .with_timezone(&zone)
            .naive_local();
        let next = match self {
            Interval::Days(days) => local.checked_add_signed(Duration::days(i64::from(days)))?,
            Interval::Months(months) => local.checked_add_months(Months::new(months))?,
        };
        Some(zone.from_local_datetime(&next).single()?.timestamp())
    }

    /// The longest this interval can be, in seconds (a month of 31 days).
    pub fn max_secs(self) -> i64 {
        match self {
            Interval::Days(d) => i64::from(d) * 86_400,
            Interval::Months(m) => i64::from(m) * 31 * 86_400,
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            Interval::Days(d) if d % 7 == 0 && d > 0 => (d / 7, "week"),
            Interval::Days(d) => (d, "day"),
            Interval::Months(m) => (m, "month"),
        };
        write!(f, "{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}

/// The text is not an interval such as "1 day", "2 weeks" or "1 month".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a follow-up interval like \"1 day\", \"2 weeks\" or \"1 month\" (1 to 365 days, 1 to 12 months)"
)]
pub struct BadInterval(pub String);

impl FromStr for Interval {
    type Err = BadInterval;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadInterval(s.to_string());
        let mut words = s.split_whitespace();
        let (Some(n), Some(unit), None) = (words.next(), words.next(), words.next()) else {
            return Err(bad());
        };
        let n: u32 = n.parse().map_err(|_| bad())?;
        let unit = unit.to_ascii_lowercase();
        let interval = match unit.trim_end_matches('s') {
            "day" => Interval::Days(n),
            "week" => Interval::Days(n.checked_mul(7).ok_or_else(bad)?),
            "month" => Interval::Months(n),
            _ => return Err(bad()),
        };
        match interval {
            Interval::Days(1..=365) | Interval::Months(1..=12) => Ok(interval),
            _ => Err(bad()),
        }
    }
}

/// The organisation's follow-up rules. Defaults are the reference's:
/// critical daily, high weekly, medium every two weeks, low monthly, none
/// not at all; a missed follow-up is reported at once for critical, after
/// a day for high and three days otherwise; three failed attempts in a row
/// mark a case not reachable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRules {
    /// Indexed by `RiskLevel::rank()`: none, low, medium, high, critical.
    pub every: [Option<Interval>; 5],
    /// How late a follow-up may be before the team's supervisors are told,
    /// by level rank.
    pub grace_secs: [i64; 5],
    /// Failed attempts in a row after which a case is not reachable.
    pub unreachable_after: u32,
    /// What to try when a case is not reachable, in order.
    pub unreachable_steps: Vec<String>,
    /// Days without contact after which closure for "no contact" is
    /// proposed to the supervisors of a case that is not reachable.
    pub no_contact_days: u32,
    /// The time zone days and months are counted in.
    pub zone: FixedOffset,
}

impl Default for FollowUpRules {
    fn default() -> Self {
        FollowUpRules {
            every: [
                None,
                Some(Interval::Months(1)),
                Some(Interval::Days(14)),
                Some(Interval::Days(7)),
                Some(Interval::Days(1)),
            ],
            grace_secs: [3 * 86_400, 3 * 86_400, 3 * 86_400, 86_400, 0],
            unreachable_after: 3,
            unreachable_steps: vec![
                "Try the safe contact time or the alternative contact recorded".into(),
                "Check with the agencies the case was referred to".into(),
                "Consider a home visit, where the organisation does them".into(),
            ],
            no_contact_days: super::workflow::DEFAULT_NO_CONTACT_DAYS,
            zone: FixedOffset::east_opt(0).expect("UTC is a valid offset"),
        }
    }
}

/// Why a proposed next follow-up date is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NextDateError {
    #[error("the next follow-up cannot be in the past")]
    InThePast,
    #[error(
        "the schedule for this level asks for a follow-up by then: a later date needs a written reason"
    )]
    LaterNeedsReason,
}

impl FollowUpRules {
    /// How often a case at `level` is followed up; None: not scheduled.
    pub fn every(&self, level: RiskLevel) -> Option<Interval> {
        self.every[level.rank() as usize]
    }

    /// When a case at `level` is next due, counted from `from`.
    pub fn due_after(&self, level: RiskLevel, from: i64) -> Option<i64> {
        self.every(level)?.after(from, self.zone)
    }

    /// The first follow-up of a case opened at `opened_at`.
    pub fn on_open(&self, level: RiskLevel, opened_at: i64) -> Option<i64> {
        self.due_after(level, opened_at)
    }

    /// The next follow-up when the level moves from `old` to `new` at
    /// `now`: a higher level brings the date forward at once (never later
    /// than it was); a lower one takes effect after the next follow-up, so
    /// the date stays. A case that had none gets one from now.
    pub fn on_level_change(
        &self,
        next: Option<i64>,
        old: RiskLevel,
        new: RiskLevel,
        now: i64,
    ) -> Option<i64> {
        let fresh = self.due_after(new, now);
        match (next, fresh) {
            (None, fresh) => fresh,
            (Some(next), Some(fresh)) if new > old => Some(next.min(fresh)),
            (Some(next), _) => Some(next),
        }
    }

    /// The date the schedule asks for after a follow-up at `at`.
    pub fn after_follow_up(&self, level: RiskLevel, at: i64) -> Option<i64> {
        self.due_after(level, at)
    }

    /// Checks a next date a worker chose after a follow-up at `at`: any
    /// date up to the schedule's is fine; a later one needs a reason.
    pub fn check_next(
        &self,
        level: RiskLevel,
        at: i64,
        chosen: i64,
        has_reason: bool,
    ) -> Result<(), NextDateError> {
        if chosen < at {
            return Err(NextDateError::InThePast);
        }
        match self.after_follow_up(level, at) {
            Some(scheduled) if chosen > scheduled && !has_reason => {
                Err(NextDateError::LaterNeedsReason)
            }
            _ => Ok(()),
        }
    }

    /// How late a follow-up of a case at `level` may be before it counts
    /// as missed.
    pub fn grace(&self, level: RiskLevel) -> i64 {
        self.grace_secs[level.rank() as usize]
    }

    /// Whether a follow-up due at `due` is missed at `now`.
    pub fn missed(&self, level: RiskLevel, due: i64, now: i64) -> bool {
        now > due.saturating_add(self.grace(level))
    }

    /// Whether a case not reachable, last in contact at `last_contact`,
    /// is ready to be proposed for closure for "no contact" at `now`.
    pub fn propose_no_contact_closure(&self, last_contact: i64, now: i64) -> bool {
        now - last_contact >= i64::from(self.no_contact_days) * 86_400
    }

    /// Whether `attempts` failed attempts in a row make a case not reachable.
    pub fn unreachable(&self, attempts: u32) -> bool {
        self.unreachable_after > 0 && attempts >= self.unreachable_after
    }
}

/// How a follow-up attempt went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reached {
    /// The child or survivor was reached.
    Reached,
    /// Nobody answered, or it was not safe to talk.
    NotReached,
    /// Someone else was reached (a caregiver, the agency serving them).
    SomeoneElse,
}

impl Reached {
    pub const ALL: [Reached; 3] = [Reached::Reached, Reached::NotReached, Reached::SomeoneElse];

    /// Stable name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Reached::Reached => "reached",
            Reached::NotReached => "not_reached",
            Reached::SomeoneElse => "someone_else",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Reached::Reached => "Reached",
            Reached::NotReached => "Not reached",
            Reached::SomeoneElse => "Reached someone else",
        }
    }

    pub fn parse(s: &str) -> Option<Reached> {
        Reached::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The failed attempts in a row after this one, from `before`: a
    /// failed attempt adds one; reaching the person starts again from
    /// zero; reaching someone else leaves the count as it was.
    pub fn attempts_after(self, before: u32) -> u32 {
        match self {
            Reached::Reached => 0,
            Reached::NotReached => before.saturating_add(1),
            Reached::SomeoneElse => before,
        }
    }
}

/// The answer to "is the child or survivor safe now?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SafeNow {
    Yes,
    No,
    Unknown,
}

impl SafeNow {
    pub const ALL: [SafeNow; 3] = [SafeNow::Yes, SafeNow::No, SafeNow::Unknown];

    pub fn as_str(self) -> &'static str {
        match self {
            SafeNow::Yes => "yes",
            SafeNow::No => "no",
            SafeNow::Unknown => "unknown",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SafeNow::Yes => "Yes",
            SafeNow::No => "No",
            SafeNow::Unknown => "Don't know",
        }
    }

    pub fn parse(s: &str) -> Option<SafeNow> {
        SafeNow::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Whether the needs of the case's plan are met, as a follow-up found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NeedsMet {
    No,
    Partly,
    Yes,
}

impl NeedsMet {
    pub const ALL: [NeedsMet; 3] = [NeedsMet::No, NeedsMet::Partly, NeedsMet::Yes];

    pub fn as_str(self) -> &'static str {
        match self {
            NeedsMet::No => "no",
            NeedsMet::Partly => "partly",
            NeedsMet::Yes => "yes",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NeedsMet::No => "Not met",
            NeedsMet::Partly => "Partly met",
            NeedsMet::Yes => "Met",
        }
    }

    pub fn parse(s: &str) -> Option<NeedsMet> {
        NeedsMet::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[cfg(test)]
#[path = "follow_up_tests.rs"]
mod tests;
