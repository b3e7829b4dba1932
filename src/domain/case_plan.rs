//! The case plan (domain reference, section 5, step "case plan"): goals,
//! the needs to meet, and under each goal the actions that meet it: what
//! is to be done, who does it (a worker, or an agency through one of the
//! case's referrals), by when, and how it ended.
//!
//! An action is open until it is done, or dropped with a reason; an open
//! action past its date is overdue.

use std::fmt;

/// The longest goal, action or drop reason kept, in characters.
pub const MAX_PLAN_TEXT_CHARS: usize = 500;

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionStatus {
    Open,
    Done,
    /// Given up, with a reason.
    Dropped,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 3] = [
        ActionStatus::Open,
        ActionStatus::Done,
        ActionStatus::Dropped,
    ];

    /// Stable name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done => "done",
            ActionStatus::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<ActionStatus> {
        ActionStatus::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

impl fmt::Display for ActionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Who carries an action out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionOwner {
    /// A worker of the helpline (user id).
    Worker(i64),
    /// The agency a referral of the case went to (referral id).
    Referral(i64),
}

/// Why a change to the plan is refused. Messages never repeat what was
/// written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("the {0} is empty")]
    Empty(&'static str),
    #[error("the {what} is too long ({chars} characters; at most {MAX_PLAN_TEXT_CHARS})")]
    TooLong { what: &'static str, chars: usize },
    #[error("dropping an action needs a reason")]
    DropNeedsReason,
    #[error("the action is already {0}; only an open action can be done or dropped")]
    NotOpen(ActionStatus),
    #[error("an open action needs a due date from today on")]
    DueInThePast,
}

/// A goal's need, an action's description or a drop reason, trimmed and
/// checked: not empty, not too long.
pub fn plan_text(what: &'static str, text: &str) -> Result<String, PlanError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(PlanError::Empty(what));
    }
    let chars = text.chars().count();
    if chars > MAX_PLAN_TEXT_CHARS {
        return Err(PlanError::TooLong { what, chars });
    }
    Ok(text.to_string())
}

/// Checks moving an action from `from` to `to`: only an open action can
/// be done or dropped, and dropping needs a reason. Returns the reason to
/// keep, trimmed.
pub fn check_close(
    from: ActionStatus,
    to: ActionStatus,
    reason: Option<&str>,
) -> Result<Option<String>, PlanError> {
    if from != ActionStatus::Open {
        return Err(PlanError::NotOpen(from));
    }
    match to {
        ActionStatus::Dropped => match reason.map(str::trim).filter(|r| !r.is_empty()) {
            Some(r) => plan_text("reason", r).map(Some),
            None => Err(PlanError::DropNeedsReason),
        },
        ActionStatus::Done => Ok(None),
        ActionStatus::Open => Err(PlanError::NotOpen(from)),
    }
}

/// Checks the due date of a new or changed action: `due_at` is the end of
/// the chosen day, so any day from today on passes.
pub fn check_due(due_at: i64, now: i64) -> Result<(), PlanError> {
    if due_at < now {
        return Err(PlanError::DueInThePast);
    }
    Ok(())
}

/// Whether an action is overdue at `now`: open and past its date.
pub fn is_overdue(status: ActionStatus, due_at: i64, now: i64) -> bool {
    status == ActionStatus::Open && now > due_at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_texts_are_trimmed_and_bounded() {
        assert_eq!(
            plan_text("goal", "  Safe at home "),
            Ok("Safe at home".into())
        );
        assert_eq!(plan_text("goal", "   "), Err(PlanError::Empty("goal")));
        let long = "é".repeat(MAX_PLAN_TEXT_CHARS + 1);
        assert_eq!(
            plan_text("action", &long),
            Err(PlanError::TooLong {
                what: "action",
                chars: MAX_PLAN_TEXT_CHARS + 1
            })
        );
        assert!(plan_text("action", &"é".repeat(MAX_PLAN_TEXT_CHARS)).is_ok());
    }

    #[test]
    fn only_open_actions_close_and_dropping_needs_a_reason() {
        use ActionStatus::*;
        type Row = (
            ActionStatus,
            ActionStatus,
            Option<&'static str>,
            Result<Option<String>, PlanError>,
        );
        let table: [Row; 6] = [
            (Open, Done, None, Ok(None)),
            (
                Open,
                Dropped,
                Some(" moved away "),
                Ok(Some("moved away".into())),
            ),
            (Open, Dropped, Some("  "), Err(PlanError::DropNeedsReason)),
            (Open, Dropped, None, Err(PlanError::DropNeedsReason)),
            (Done, Dropped, Some("x"), Err(PlanError::NotOpen(Done))),
            (Dropped, Done, None, Err(PlanError::NotOpen(Dropped))),
        ];
        for (from, to, reason, expected) in table {
            assert_eq!(check_close(from, to, reason), expected, "{from} -> {to}");
        }
    }

    #[test]
    fn overdue_means_open_and_past_its_date() {
        assert!(is_overdue(ActionStatus::Open, 100, 101));
        assert!(!is_overdue(ActionStatus::Open, 100, 100));
        assert!(!is_overdue(ActionStatus::Done, 100, 500));
        assert!(!is_overdue(ActionStatus::Dropped, 100, 500));
        assert_eq!(check_due(99, 100), Err(PlanError::DueInThePast));
        assert_eq!(check_due(100, 100), Ok(()));
    }

    #[test]
    fn statuses_round_trip_their_stored_names() {
        for s in ActionStatus::ALL {
            assert_eq!(ActionStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ActionStatus::parse("closed"), None);
    }
}
