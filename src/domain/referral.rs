//! Referrals to services (domain reference, section 6): the lifecycle, the
//! consent rule and urgency.
//!
//! pending -> sent -> acknowledged -> accepted | declined (with a reason);
//! accepted -> completed; any open referral may be cancelled (with a reason).

use super::RiskLevel;
use super::response_times::overdue_by;
use chrono::{DateTime, Duration, Utc};
use std::fmt;
use std::str::FromStr;

/// The longest reason (decline, cancel, consent override) kept, in characters.
pub const MAX_REASON_CHARS: usize = 1000;

/// Where a referral stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReferralStatus {
    Pending,
    Sent,
    Acknowledged,
    Accepted,
    Declined,
    Completed,
    Cancelled,
}

impl ReferralStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [ReferralStatus; 7] = [
        ReferralStatus::Pending,
        ReferralStatus::Sent,
        ReferralStatus::Acknowledged,
        ReferralStatus::Accepted,
        ReferralStatus::Declined,
        ReferralStatus::Completed,
        ReferralStatus::Cancelled,
    ];

    /// Stable name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferralStatus::Pending => "pending",
            ReferralStatus::Sent => "sent",
            ReferralStatus::Acknowledged => "acknowledged",
            ReferralStatus::Accepted => "accepted",
            ReferralStatus::Declined => "declined",
            ReferralStatus::Completed => "completed",
            ReferralStatus::Cancelled => "cancelled",
        }
    }

    /// Human label for screens.
    pub fn label(self) -> &'static str {
        match self {
            ReferralStatus::Pending => "Pending",
            ReferralStatus::Sent => "Sent",
            ReferralStatus::Acknowledged => "Acknowledged",
            ReferralStatus::Accepted => "Accepted",
            ReferralStatus::Declined => "Declined",
            ReferralStatus::Completed => "Completed",
            ReferralStatus::Cancelled => "Cancelled",
        }
    }

    /// Still waiting on someone: everything but completed, declined and
    /// cancelled. Only open referrals can be overdue.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            ReferralStatus::Completed | ReferralStatus::Declined | ReferralStatus::Cancelled
        )
    }

    /// Whether moving here needs a written reason.
    pub fn needs_reason(self) -> bool {
        matches!(self, ReferralStatus::Declined | ReferralStatus::Cancelled)
    }

    /// The statuses a referral in this status may move to.
    pub fn next(self) -> &'static [ReferralStatus] {
        use ReferralStatus::*;
        match self {
            Pending => &[Sent, Cancelled],
            Sent => &[Acknowledged, Cancelled],
            Acknowledged => &[Accepted, Declined, Cancelled],
            Accepted => &[Completed, Cancelled],
            Declined | Completed | Cancelled => &[],
        }
    }
}

impl fmt::Display for ReferralStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text is not a referral status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown referral status `{0}`")]
pub struct UnknownReferralStatus(pub String);

impl FromStr for ReferralStatus {
    type Err = UnknownReferralStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        ReferralStatus::ALL
            .into_iter()
            .find(|r| r.as_str() == wanted)
            .ok_or_else(|| UnknownReferralStatus(s.chars().take(40).collect()))
    }
}

/// How fast the receiving service must act. Stored as a rank (0..2) so the
/// referral queue sorts on an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Urgency {
    #[default]
    Routine,
    Urgent,
    Emergency,
}

impl Urgency {
    /// Every urgency, lowest first.
    pub const ALL: [Urgency; 3] = [Urgency::Routine, Urgency::Urgent, Urgency::Emergency];

    /// The suggested urgency for a case's risk level: critical cases need an
    /// emergency response, high ones an urgent one.
    pub fn for_risk(level: RiskLevel) -> Urgency {
        match level {
            RiskLevel::Critical => Urgency::Emergency,
            RiskLevel::High => Urgency::Urgent,
            _ => Urgency::Routine,
        }
    }

    /// The rank stored in the database.
    pub fn rank(self) -> i64 {
        self as i64
    }

    /// The urgency for a stored rank; out-of-range ranks are clamped so a bad
    /// row still shows up in the queue.
    pub fn from_rank(rank: i64) -> Urgency {
        match rank {
            i64::MIN..=0 => Urgency::Routine,
            1 => Urgency::Urgent,
            _ => Urgency::Emergency,
        }
    }

    /// Stable name for the CLI and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Routine => "routine",
            Urgency::Urgent => "urgent",
            Urgency::Emergency => "emergency",
        }
    }
}

impl fmt::Display for Urgency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a referral may go ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsentBasis {
    /// The survivor (or the caregiver, by age) consented.
    Given,
    /// No consent, overridden for a high or critical risk with this reason.
    Override { reason: String },
}

/// Why a referral was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferralError {
    #[error(
        "a {from} referral cannot become {to}; from {from} it can become: {}",
        list(.from.next())
    )]
    NotAllowed {
        from: ReferralStatus,
        to: ReferralStatus,
    },
    #[error("the referral is already {0}")]
    Unchanged(ReferralStatus),
    #[error("a referral can only be {0} with a reason")]
    ReasonRequired(ReferralStatus),
    #[error("the reason is too long ({0} characters; at most {MAX_REASON_CHARS})")]
    ReasonTooLong(usize),
    #[error(
        "consent is needed before referring a {0}-risk case; only high or critical risk allows an override"
    )]
    ConsentRequired(RiskLevel),
    #[error("referring without consent needs a written override reason")]
    OverrideReasonRequired,
}

fn list(statuses: &[ReferralStatus]) -> String {
    if statuses.is_empty() {
        "nothing (it is closed)".into()
    } else {
        statuses
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A non-empty, trimmed reason of reasonable length.
fn reason_text(reason: Option<&str>, missing: ReferralError) -> Result<String, ReferralError> {
    let text = reason.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Err(missing);
    }
    let chars = text.chars().count();
    if chars > MAX_REASON_CHARS {
        return Err(ReferralError::ReasonTooLong(chars));
    }
    Ok(text.to_string())
}

/// The consent rule: consent is required before a referral, unless the
/// case's risk is high or critical and the override is recorded with a
/// reason. When consent was given any override reason is ignored.
pub fn check_consent(
    risk: RiskLevel,
    consent_given: bool,
    override_reason: Option<&str>,
) -> Result<ConsentBasis, ReferralError> {
    if consent_given {
        return Ok(ConsentBasis::Given);
    }
    if !risk.is_urgent() {
        return Err(ReferralError::ConsentRequired(risk));
    }
    let reason = reason_text(override_reason, ReferralError::OverrideReasonRequired)?;
    Ok(ConsentBasis::Override { reason })
}

/// The part of a referral its rules look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub status: ReferralStatus,
    pub urgency: Urgency,
    pub due_at: DateTime<Utc>,
    pub decline_reason: Option<String>,
    pub cancel_reason: Option<String>,
}

impl Referral {
    /// A new referral, pending until it is sent.
    pub fn new(urgency: Urgency, due_at: DateTime<Utc>) -> Referral {
        Referral {
            status: ReferralStatus::Pending,
            urgency,
            due_at,
            decline_reason: None,
            cancel_reason: None,
        }
    }

    /// Moves the referral to `to`, refusing any move the lifecycle does not
    /// allow; declining and cancelling need a `reason`, which is kept.
    pub fn transition(
        &mut self,
        to: ReferralStatus,
        reason: Option<&str>,
    ) -> Result<(), ReferralError> {
        if to == self.status {
            return Err(ReferralError::Unchanged(to));
        }
        if !self.status.next().contains(&to) {
            return Err(ReferralError::NotAllowed {
                from: self.status,
                to,
            });
        }
        match to {
            ReferralStatus::Declined => {
                self.decline_reason = Some(reason_text(reason, ReferralError::ReasonRequired(to))?);
            }
            ReferralStatus::Cancelled => {
                self.cancel_reason = Some(reason_text(reason, ReferralError::ReasonRequired(to))?);
            }
            _ => {}
        }
        self.status = to;
        Ok(())
    }

    /// How long past due an open referral is at `now`; `None` when it is
    /// not yet due or no longer open.
    pub fn overdue_by(&self, now: DateTime<Utc>) -> Option<Duration> {
        if self.status.is_open() {
            overdue_by(self.due_at, now)
        } else {
            None
        }
    }

    /// Open and past its due time.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.overdue_by(now).is_some()
    }
}

#[cfg(test)]
#[path = "referral_tests.rs"]
mod tests;
