//! The case-management workflow as data (`assets/workflow.toml`): which step
//! may follow which, and what closing a case requires (domain reference,
//! section 5).

use super::CaseStatus;
use super::closure_reasons::{ClosureReasons, ReasonEntry};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The longest outcome note or "other" closure text kept, in characters.
pub const MAX_CLOSURE_TEXT_CHARS: usize = 4000;

/// Days without contact, after the follow-up protocol, that allow closing a
/// case for "no contact" unless the configuration says otherwise.
pub const DEFAULT_NO_CONTACT_DAYS: u32 = 30;

/// Why a case was closed (reference, section 5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClosureReason {
    /// Needs met; the child or survivor is safe.
    NeedsMet,
    /// No contact for `days` days after the follow-up protocol.
    NoContact {
        days: u32,
    },
    /// The survivor asked for the case to be closed.
    SurvivorRequest,
    MovedAway,
    /// Transferred to another agency.
    Transferred,
    Died,
    /// Anything else, described in words.
    Other(String),
}

impl ClosureReason {
    /// Stable code stored with the closed case.
    pub fn code(&self) -> &'static str {
        match self {
            ClosureReason::NeedsMet => "needs_met",
            ClosureReason::NoContact { .. } => "no_contact",
            ClosureReason::SurvivorRequest => "survivor_request",
            ClosureReason::MovedAway => "moved_away",
            ClosureReason::Transferred => "transferred",
            ClosureReason::Died => "died",
            ClosureReason::Other(_) => "other",
        }
    }

    /// The reason a stored code names; `days` for "no contact".
    pub fn from_code(code: &str, days: u32) -> Option<ClosureReason> {
        Some(match code {
            "needs_met" => ClosureReason::NeedsMet,
            "no_contact" => ClosureReason::NoContact { days },
            "survivor_request" => ClosureReason::SurvivorRequest,
            "moved_away" => ClosureReason::MovedAway,
            "transferred" => ClosureReason::Transferred,
            "died" => ClosureReason::Died,
            "other" => ClosureReason::Other(String::new()),
            _ => return None,
        })
    }

    /// Human label for screens when no workflow file words it.
    pub fn label(&self) -> &'static str {
        match self {
            ClosureReason::NeedsMet => "Needs met / safe",
            ClosureReason::NoContact { .. } => "No contact",
            ClosureReason::SurvivorRequest => "Survivor's request",
            ClosureReason::MovedAway => "Moved away",
            ClosureReason::Transferred => "Transferred to another agency",
            ClosureReason::Died => "Died",
            ClosureReason::Other(_) => "Other",
        }
    }
}

/// What accompanies a move. Only a move to `closed` looks at it; other
/// moves ignore it, so callers may pass `CloseInfo::default()`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CloseInfo {
    pub reason: Option<ClosureReason>,
    /// What was done and how the case ended.
    pub outcome_note: String,
}

/// Why a move was refused. Messages never repeat the notes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("the case is already at the {} step", .0.label())]
    Unchanged(CaseStatus),
    #[error("a case cannot move from {} to {}; from {} it can move to: {}",
        .from.label(), .to.label(), .from.label(), labels(.allowed))]
    NotAllowed {
        from: CaseStatus,
        to: CaseStatus,
        allowed: Vec<CaseStatus>,
    },
    #[error("closing a case needs a closure reason")]
    ClosureReasonRequired,
    #[error("this organisation does not close cases for the reason \"{0}\"")]
    ReasonNotOffered(&'static str),
    #[error("closing a case needs an outcome note")]
    OutcomeNoteRequired,
    #[error("the closure reason \"other\" needs a few words saying what it is")]
    OtherReasonNeedsText,
    #[error(
        "a case can be closed for no contact only after {needed} days without contact (it has been {days})"
    )]
    NoContactTooSoon { days: u32, needed: u32 },
    #[error("the {what} is too long ({chars} characters; at most {MAX_CLOSURE_TEXT_CHARS})")]
    TooLong { what: &'static str, chars: usize },
}

fn labels(steps: &[CaseStatus]) -> String {
    steps
        .iter()
        .map(|s| s.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The workflow file is unusable. Only a bad edit of the shipped asset can
/// cause this; a test loads the shipped one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowDataError {
    #[error("workflow data: {0}")]
    Toml(String),
    #[error("workflow data: the step {0} has no entry in [moves]")]
    MissingStep(CaseStatus),
    #[error("workflow data: {0} lists a move to itself or the same move twice")]
    BadMoves(CaseStatus),
    #[error("workflow data: a case at {0} could never be closed")]
    CannotClose(CaseStatus),
    #[error("workflow data: a closed case could never be reopened")]
    CannotReopen,
    #[error("workflow data: {0}")]
    ClosureReasons(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkflowFile {
    moves: BTreeMap<CaseStatus, Vec<CaseStatus>>,
    /// Absent: the reference's reasons.
    closure_reasons: Option<Vec<ReasonEntry>>,
}

/// The allowed moves between case steps and the closure rules. The default
/// allows no move at all; [`Workflow::standard`] is the shipped one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Workflow {
    moves: BTreeMap<CaseStatus, Vec<CaseStatus>>,
    no_contact_days: u32,
    reasons: ClosureReasons,
}

impl Workflow {
    /// The shipped workflow (`assets/workflow.toml`).
    pub fn standard() -> Result<Workflow, WorkflowDataError> {
        Workflow::from_toml(crate::assets::WORKFLOW)
    }

    /// Reads and checks a workflow: every step has its moves, none moves to
    /// itself, every open step can reach `closed`, and `closed` can reopen.
    pub fn from_toml(text: &str) -> Result<Workflow, WorkflowDataError> {
        let file: WorkflowFile =
            toml::from_str(text).map_err(|e| WorkflowDataError::Toml(e.message().to_string()))?;
        for step in CaseStatus::ALL {
            let to = file
                .moves
                .get(&step)
                .ok_or(WorkflowDataError::MissingStep(step))?;
            let mut seen = to.clone();
            seen.sort();
            seen.dedup();
            if seen.len() != to.len() || to.contains(&step) {
                return Err(WorkflowDataError::BadMoves(step));
            }
        }
        let reasons = match file.closure_reasons {
            Some(entries) => {
                ClosureReasons::new(entries).map_err(WorkflowDataError::ClosureReasons)?
            }
            None => ClosureReasons::default(),
        };
        let workflow = Workflow {
            moves: file.moves,
            no_contact_days: DEFAULT_NO_CONTACT_DAYS,
            reasons,
        };
        for step in CaseStatus::ALL.into_iter().filter(|s| s.is_open()) {
            if !workflow.reaches(step, CaseStatus::Closed) {
                return Err(WorkflowDataError::CannotClose(step));
            }
        }
        if !workflow.reaches(CaseStatus::Closed, CaseStatus::Open) {
            return Err(WorkflowDataError::CannotReopen);
        }
        Ok(workflow)
    }

    /// The same workflow with the organisation's "no contact" period.
    pub fn with_no_contact_days(mut self, days: u32) -> Workflow {
        self.no_contact_days = days;
        self
    }

    /// Days without contact after which a case may close for no contact.
    pub fn no_contact_days(&self) -> u32 {
        self.no_contact_days
    }

    /// The closure reasons offered, in the file's order.
    pub fn closure_reasons(&self) -> Vec<ClosureReason> {
        self.reasons.offered(self.no_contact_days)
    }

    /// How screens word a closure reason.
    pub fn closure_label(&self, reason: &ClosureReason) -> String {
        self.reasons.label(reason)
    }

    /// The steps a case at `from` may move to, in the order to offer them.
    pub fn allowed(&self, from: CaseStatus) -> &[CaseStatus] {
        self.moves.get(&from).map(Vec::as_slice).unwrap_or_default()
    }

    /// Whether a case may move from `from` to `to`; closing also needs a
    /// closure reason and an outcome note in `close`.
    pub fn check(
        &self,
        from: CaseStatus,
        to: CaseStatus,
        close: &CloseInfo,
    ) -> Result<(), WorkflowError> {
        if from == to {
            return Err(WorkflowError::Unchanged(from));
        }
        if !self.allowed(from).contains(&to) {
            return Err(WorkflowError::NotAllowed {
                from,
                to,
                allowed: self.allowed(from).to_vec(),
            });
        }
        if to == CaseStatus::Closed {
            self.check_closure(close)?;
        }
        Ok(())
    }

    fn check_closure(&self, close: &CloseInfo) -> Result<(), WorkflowError> {
        match &close.reason {
            None => return Err(WorkflowError::ClosureReasonRequired),
            Some(reason) if !self.reasons.allows(reason) => {
                return Err(WorkflowError::ReasonNotOffered(reason.code()));
            }
            Some(ClosureReason::Other(text)) => {
                check_text(text, "closure reason", WorkflowError::OtherReasonNeedsText)?
            }
            Some(ClosureReason::NoContact { days }) if *days < self.no_contact_days => {
                return Err(WorkflowError::NoContactTooSoon {
                    days: *days,
                    needed: self.no_contact_days,
                });
            }
            Some(_) => {}
        }
        check_text(
            &close.outcome_note,
            "outcome note",
            WorkflowError::OutcomeNoteRequired,
        )
    }

    /// Whether `to` can be reached from `from` by allowed moves.
    fn reaches(&self, from: CaseStatus, to: CaseStatus) -> bool {
        let mut seen = vec![from];
        let mut next = vec![from];
        while let Some(step) = next.pop() {
            for &s in self.allowed(step) {
                if s == to {
                    return true;
                }
                if !seen.contains(&s) {
                    seen.push(s);
                    next.push(s);
                }
            }
        }
        false
    }
}

fn check_text(text: &str, what: &'static str, empty: WorkflowError) -> Result<(), WorkflowError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(empty);
    }
    let chars = text.chars().count();
    if chars > MAX_CLOSURE_TEXT_CHARS {
        return Err(WorkflowError::TooLong { what, chars });
    }
    Ok(())
}

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;
