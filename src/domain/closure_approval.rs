//! Which closures wait for a supervisor's approval (issue 12, item 7;
//! domain reference, sections 5 and 9): a case that was ever high or
//! critical, and any closure for "no contact" or the survivor's request.
//! Everything else closes at once.

use super::workflow::ClosureReason;
use super::{RiskLevel, Role};

/// The longest reason for sending a closure back or reopening a case, in
/// characters.
pub const MAX_DECISION_TEXT_CHARS: usize = 4000;

/// What happens when someone closes a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosurePath {
    /// Closes at once; nobody needs to approve it.
    Immediate,
    /// Recorded as a request; the case stays open until a supervisor
    /// approves it.
    NeedsApproval,
    /// Needs approval, and the person closing it supervises: approved at
    /// once and recorded as approved by them.
    ApprovedBySupervisor,
}

/// Whether closing a case whose highest level ever was `peak` for `reason`
/// needs a supervisor's approval.
pub fn needs_approval(peak: RiskLevel, reason: &ClosureReason) -> bool {
    peak >= RiskLevel::High
        || matches!(
            reason,
            ClosureReason::NoContact { .. } | ClosureReason::SurvivorRequest
        )
}

/// How a closure by someone holding `role` (None: no person, e.g. an
/// import) goes.
pub fn closure_path(peak: RiskLevel, reason: &ClosureReason, role: Option<Role>) -> ClosurePath {
    if !needs_approval(peak, reason) {
        ClosurePath::Immediate
    } else if role.is_some_and(Role::supervises) {
        ClosurePath::ApprovedBySupervisor
    } else {
        ClosurePath::NeedsApproval
    }
}

/// Where a closure request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestState {
    /// Waiting for a supervisor.
    Pending,
    /// Approved: the case closed.
    Approved,
    /// Sent back with a reason: the case stays at its step.
    SentBack,
}

impl RequestState {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Pending => "pending",
            RequestState::Approved => "approved",
            RequestState::SentBack => "sent_back",
        }
    }

    pub fn parse(text: &str) -> Option<RequestState> {
        [
            RequestState::Pending,
            RequestState::Approved,
            RequestState::SentBack,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// Checks a written reason (sending back, reopening): not blank and not
/// too long. The message never repeats the text.
pub fn check_decision_text(text: &str, what: &str) -> Result<(), String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("{what} needs a written reason"));
    }
    let chars = text.chars().count();
    if chars > MAX_DECISION_TEXT_CHARS {
        return Err(format!(
            "the reason is too long ({chars} characters; at most {MAX_DECISION_TEXT_CHARS})"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peak_level_and_two_reasons_need_approval() {
        use ClosurePath::*;
        let other = ClosureReason::Other("x".into());
        let no_contact = ClosureReason::NoContact { days: 30 };
        let cases = [
            (RiskLevel::None, ClosureReason::NeedsMet, None, Immediate),
            (
                RiskLevel::Medium,
                other.clone(),
                Some(Role::Caseworker),
                Immediate,
            ),
            (
                RiskLevel::Medium,
                ClosureReason::MovedAway,
                Some(Role::Supervisor),
                Immediate,
            ),
            (
                RiskLevel::High,
                ClosureReason::NeedsMet,
                Some(Role::Caseworker),
                NeedsApproval,
            ),
            (
                RiskLevel::Critical,
                ClosureReason::Died,
                Some(Role::Operator),
                NeedsApproval,
            ),
            (
                RiskLevel::Low,
                no_contact.clone(),
                Some(Role::Caseworker),
                NeedsApproval,
            ),
            (
                RiskLevel::Low,
                ClosureReason::SurvivorRequest,
                None,
                NeedsApproval,
            ),
            (
                RiskLevel::High,
                ClosureReason::NeedsMet,
                Some(Role::Supervisor),
                ApprovedBySupervisor,
            ),
            (
                RiskLevel::Low,
                no_contact,
                Some(Role::Admin),
                ApprovedBySupervisor,
            ),
        ];
        for (peak, reason, role, path) in cases {
            assert_eq!(
                closure_path(peak, &reason, role),
                path,
                "{peak:?} {reason:?} {role:?}"
            );
        }
    }

    #[test]
    fn states_round_trip_and_reasons_are_checked() {
        for s in [
            RequestState::Pending,
            RequestState::Approved,
            RequestState::SentBack,
        ] {
            assert_eq!(RequestState::parse(s.as_str()), Some(s));
        }
        assert_eq!(RequestState::parse("withdrawn"), None);
        assert!(check_decision_text("  ", "sending back").is_err());
        assert!(check_decision_text(&"é".repeat(4001), "reopening").is_err());
        assert!(check_decision_text("Safety plan missing", "sending back").is_ok());
    }
}
