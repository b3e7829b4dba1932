//! The referral a case gets while its plan is carried out, and how far
//! along its lifecycle the partner service has taken it.

use super::{DemoGenerator, HOUR, MINUTE};
use crate::domain::demo::directory::services_for;
use crate::domain::demo::vocab;
use crate::domain::demo::{DemoCase, DemoReferral, DemoReferralMove};
use crate::domain::{ReferralStatus, ResponseTimes, RiskLevel, Urgency};
use ReferralStatus::{Accepted, Acknowledged, Cancelled, Completed, Declined, Pending, Sent};

/// How the referral of a closed case ended, with weights: most were
/// completed; a partner declined some, and some were called off.
const ENDINGS: &[(&[ReferralStatus], u32)] = &[
    (&[Sent, Acknowledged, Accepted, Completed], 84),
    (&[Sent, Acknowledged, Declined], 7),
    (&[Cancelled], 2),
    (&[Sent, Cancelled], 4),
    (&[Sent, Acknowledged, Accepted, Cancelled], 3),
];

/// Where the referral of a case still open stands, with weights: mostly
/// under way, so the queue shows every step.
const UNDER_WAY: &[(&[ReferralStatus], u32)] = &[
    (&[], 15),
    (&[Sent], 20),
    (&[Sent, Acknowledged], 20),
    (&[Sent, Acknowledged, Accepted], 25),
    (&[Sent, Acknowledged, Declined], 6),
    (&[Sent, Acknowledged, Accepted, Completed], 8),
    (&[Sent, Cancelled], 6),
];

impl DemoGenerator {
    /// A referral made when services got under way at `at`, or none. A
    /// case that is closed had its referral finished first; one still open
    /// has its referral at any step of the lifecycle.
    pub(super) fn referral(&mut self, case: &DemoCase, at: i64) -> Option<DemoReferral> {
        // About one case in six is referred over its life, the urgent ones
        // most. Cases still being worked on are mostly the ones waiting on
        // a partner; the ones needing none closed quicker.
        let percent = match (case.risk, case.closed_at.is_some()) {
            (RiskLevel::Critical | RiskLevel::High, true) => 45,
            (RiskLevel::Medium, true) => 20,
            (_, true) => 8,
            (RiskLevel::Critical | RiskLevel::High, false) => 90,
            (RiskLevel::Medium, false) => 70,
            (_, false) => 45,
        };
        if !self.rng.chance(percent) {
            return None;
        }
        let worker = case.worker?;
        let choices = services_for(case.category, case.subcategory);
        let service = if self.rng.chance(60) {
            choices[0]
        } else {
            *self.rng.pick(choices)
        };
        let created_at = at + self.rng.between(5 * MINUTE, 4 * HOUR);
        let end = case.closed_at.unwrap_or(self.now);
        if created_at >= end {
            return None;
        }
        let consent_given = !case.risk.is_urgent() || self.rng.chance(90);
        let override_reason = (!consent_given).then(|| *self.rng.pick(vocab::CONSENT_OVERRIDES));
        let note = self
            .rng
            .chance(40)
            .then(|| *self.rng.pick(vocab::REFERRAL_NOTES));
        let due = ResponseTimes::default().referral_due.get(case.risk);
        let path = *self.rng.weighted(if case.closed_at.is_some() {
            ENDINGS
        } else {
            UNDER_WAY
        });
        let mut moves = Vec::with_capacity(path.len());
        let mut from = Pending;
        let mut t = created_at;
        for (i, &to) in path.iter().enumerate() {
            // Each move within its share of the time left, so a closed
            // case's referral was finished before it closed.
            let left = (end - t) / (path.len() - i + 1) as i64;
            if left < 1 {
                break;
            }
            t += self.rng.between(1, left);
            moves.push(DemoReferralMove {
                at: t,
                actor: worker,
                from,
                to,
            });
            from = to;
        }
        let reason = match from {
            Declined => Some(*self.rng.pick(vocab::DECLINE_REASONS)),
            Cancelled => Some(*self.rng.pick(vocab::CANCEL_REASONS)),
            _ => None,
        };
        Some(DemoReferral {
            service,
            status: from,
            urgency: Urgency::for_risk(case.risk),
            consent_given,
            override_reason,
            note,
            created_by: worker,
            created_at,
            due_at: created_at + due.num_seconds(),
            reason,
            moves,
        })
    }
}
