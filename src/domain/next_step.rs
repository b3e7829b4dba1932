//! Proposed next steps, never silent: when the facts of a case say its
//! current step is finished (every referral completed or declined, every
//! action of the plan done, a follow-up that found the needs met), the
//! case shows a proposal to move on, with the reason. The worker accepts
//! it (the normal move, by the workflow rules) or dismisses it; the app
//! never changes a step by itself.
//!
//! A dismissal is remembered with the stamp of the facts the proposal came
//! from, so the same proposal comes back only once something new happened.

use super::CaseStatus;

/// Why a move is proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProposalReason {
    /// The last follow-up found the needs met.
    NeedsMet,
    /// Every action of the plan is done (dropped ones aside).
    PlanActionsDone,
    /// Every referral is completed or declined (cancelled ones aside).
    ReferralsFinished,
}

impl ProposalReason {
    pub const ALL: [ProposalReason; 3] = [
        ProposalReason::NeedsMet,
        ProposalReason::PlanActionsDone,
        ProposalReason::ReferralsFinished,
    ];

    /// Stable name stored with a dismissal.
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalReason::NeedsMet => "needs_met",
            ProposalReason::PlanActionsDone => "plan_actions_done",
            ProposalReason::ReferralsFinished => "referrals_finished",
        }
    }

    pub fn parse(s: &str) -> Option<ProposalReason> {
        ProposalReason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// How a set of things (referrals, plan actions) stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Finished the way that moves the case on (completed or declined
    /// referrals; done actions).
    pub finished: u32,
    /// Of those, the ones that ended without the service (declined).
    pub declined: u32,
    /// Still under way.
    pub open: u32,
    /// Names the state of the set: changes whenever one of them changes.
    pub stamp: String,
}

impl Tally {
    fn all_finished(&self) -> bool {
        self.finished > 0 && self.open == 0
    }
}

/// What the store read of a case for its proposals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub status: CaseStatus,
    pub referrals: Tally,
    pub actions: Tally,
    /// The latest follow-up, when it recorded the needs met: its id.
    pub needs_met_follow_up: Option<i64>,
}

/// A move proposed to the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub reason: ProposalReason,
    pub to: CaseStatus,
    /// The facts it came from; a dismissal keeps it.
    pub stamp: String,
    /// Referrals declined among those finished (for the wording).
    declined: u32,
}

impl Proposal {
    /// The line the case shows, e.g. "All referrals completed: move to
    /// Follow-up?".
    pub fn text(&self) -> String {
        let why = match self.reason {
            ProposalReason::NeedsMet => "The last follow-up found the needs met",
            ProposalReason::PlanActionsDone => "Every action of the plan is done",
            ProposalReason::ReferralsFinished if self.declined > 0 => {
                "All referrals completed or declined"
            }
            ProposalReason::ReferralsFinished => "All referrals completed",
        };
        match self.to {
            CaseStatus::Closed => format!("{why}: close the case?"),
            to => format!("{why}: move to {}?", to.label()),
        }
    }
}

/// The proposals for a case, strongest first, leaving out any the workflow
/// does not allow from its step and those dismissed with the same stamp
/// (`dismissed`: reason and stamp).
pub fn proposals(
    facts: &CaseFacts,
    allowed: &[CaseStatus],
    dismissed: &[(ProposalReason, String)],
) -> Vec<Proposal> {
    use CaseStatus::*;
    let status = facts.status;
    let mut found = Vec::new();
    if let Some(id) = facts.needs_met_follow_up
        && matches!(status, CasePlan | InService | FollowUp)
    {
        found.push((ProposalReason::NeedsMet, Closed, format!("f{id}"), 0));
    }
    if facts.actions.all_finished() && matches!(status, CasePlan | InService) {
        found.push((
            ProposalReason::PlanActionsDone,
            FollowUp,
            facts.actions.stamp.clone(),
            0,
        ));
    }
    if facts.referrals.all_finished() && status == InService {
        found.push((
            ProposalReason::ReferralsFinished,
            FollowUp,
            facts.referrals.stamp.clone(),
            facts.referrals.declined,
        ));
    }
    found
        .into_iter()
        .filter(|(_, to, _, _)| allowed.contains(to))
        .map(|(reason, to, stamp, declined)| Proposal {
            reason,
            to,
            // The same facts at another step are a new proposal.
            stamp: format!("{}:{stamp}", status.as_str()),
            declined,
        })
        .filter(|p| {
            !dismissed
                .iter()
                .any(|(r, s)| *r == p.reason && *s == p.stamp)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseStatus::*;

    fn tally(finished: u32, declined: u32, open: u32) -> Tally {
        Tally {
            finished,
            declined,
            open,
            stamp: format!("{finished}/{open}"),
        }
    }

    fn facts(status: CaseStatus, referrals: Tally, actions: Tally, met: Option<i64>) -> CaseFacts {
        CaseFacts {
            status,
            referrals,
            actions,
            needs_met_follow_up: met,
        }
    }

    const EVERYWHERE: [CaseStatus; 6] = CaseStatus::ALL;

    #[test]
    fn each_trigger_proposes_its_step_only_from_the_steps_it_finishes() {
        let none = Tally::default();
        let table: [(CaseFacts, Vec<(ProposalReason, CaseStatus)>); 9] = [
            // Nothing finished: nothing proposed.
            (facts(InService, none.clone(), none.clone(), None), vec![]),
            // Every referral completed, in service: on to follow-up.
            (
                facts(InService, tally(2, 0, 0), none.clone(), None),
                vec![(ProposalReason::ReferralsFinished, FollowUp)],
            ),
            // One still open: not yet.
            (facts(InService, tally(2, 0, 1), none.clone(), None), vec![]),
            // At the plan step the referrals do not move the case.
            (facts(CasePlan, tally(2, 0, 0), none.clone(), None), vec![]),
            // Every action done, at the plan or in service.
            (
                facts(CasePlan, none.clone(), tally(3, 0, 0), None),
                vec![(ProposalReason::PlanActionsDone, FollowUp)],
            ),
            (
                facts(InService, tally(1, 1, 0), tally(3, 0, 0), None),
                vec![
                    (ProposalReason::PlanActionsDone, FollowUp),
                    (ProposalReason::ReferralsFinished, FollowUp),
                ],
            ),
            // Needs met at a follow-up: closing, proposed first.
            (
                facts(FollowUp, tally(1, 0, 0), tally(1, 0, 0), Some(9)),
                vec![(ProposalReason::NeedsMet, Closed)],
            ),
            // Closed or just opened: never.
            (
                facts(Closed, tally(1, 0, 0), tally(1, 0, 0), Some(9)),
                vec![],
            ),
            (facts(Open, tally(1, 0, 0), tally(1, 0, 0), Some(9)), vec![]),
        ];
        for (facts, expected) in table {
            let got: Vec<_> = proposals(&facts, &EVERYWHERE, &[])
                .into_iter()
                .map(|p| (p.reason, p.to))
                .collect();
            assert_eq!(got, expected, "{facts:?}");
        }
    }

    #[test]
    fn a_move_the_workflow_does_not_allow_is_never_proposed() {
        let f = facts(InService, tally(2, 0, 0), Tally::default(), None);
        assert!(proposals(&f, &[Closed, CasePlan], &[]).is_empty());
    }

    #[test]
    fn a_dismissal_holds_until_the_facts_or_the_step_change() {
        let f = facts(InService, tally(2, 0, 0), Tally::default(), None);
        let p = proposals(&f, &EVERYWHERE, &[]).remove(0);
        let dismissed = vec![(p.reason, p.stamp.clone())];
        assert!(proposals(&f, &EVERYWHERE, &dismissed).is_empty());
        // A third referral, completed: something new.
        let newer = facts(InService, tally(3, 0, 0), Tally::default(), None);
        assert_eq!(proposals(&newer, &EVERYWHERE, &dismissed).len(), 1);
        // Another reason is not hidden by this dismissal.
        let both = facts(InService, tally(2, 0, 0), tally(1, 0, 0), None);
        let left = proposals(&both, &EVERYWHERE, &dismissed);
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].reason, ProposalReason::PlanActionsDone);
    }

    #[test]
    fn proposals_say_why_and_where_to() {
        let f = facts(InService, tally(2, 0, 0), Tally::default(), None);
        assert_eq!(
            proposals(&f, &EVERYWHERE, &[])[0].text(),
            "All referrals completed: move to Follow-up?"
        );
        let f = facts(InService, tally(2, 1, 0), Tally::default(), None);
        assert_eq!(
            proposals(&f, &EVERYWHERE, &[])[0].text(),
            "All referrals completed or declined: move to Follow-up?"
        );
        let f = facts(FollowUp, Tally::default(), Tally::default(), Some(3));
        assert_eq!(
            proposals(&f, &EVERYWHERE, &[])[0].text(),
            "The last follow-up found the needs met: close the case?"
        );
        for r in ProposalReason::ALL {
            assert_eq!(ProposalReason::parse(r.as_str()), Some(r));
        }
    }
}
