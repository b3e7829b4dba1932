//! Supervisor approvals of closures, and reopening, in the app: the
//! approvals list of the Cases pane, the keys on an open case, and what
//! comes back from the store.

use super::action::Action;
use super::case_dialog::{CaseDialog, ReasonFor};
use super::cases::{CaseView, NoteFailure};
use super::state::{Screen, State};
use super::update::Effect;
use crate::domain::CaseStatus;
use crate::domain::closure_approval::RequestState;
use crate::store::closure_requests::PendingClosure;
use crate::store::users::User;

/// Most pending closures listed at once.
pub const APPROVALS_LIMIT: u32 = 200;

/// Store work for approvals and reopening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClosuresEffect {
    /// The approvals list, oldest first.
    LoadPending { generation: u64 },
    Approve {
        case_id: i64,
        version: i64,
        actor: i64,
    },
    SendBack {
        case_id: i64,
        version: i64,
        reason: String,
        actor: i64,
    },
    Reopen {
        case_id: i64,
        version: i64,
        reason: String,
        actor: i64,
    },
    /// A person's request to have the case's data anonymised.
    RequestErasure {
        case_id: i64,
        reason: String,
        actor: i64,
    },
}

/// What a decision on a case did, for the line that confirms it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approved,
    SentBack,
    Reopened,
    ErasureRequested,
}

impl Decision {
    pub fn notice(self) -> &'static str {
        match self {
            Decision::Approved => "✓ Closure approved: the case is closed.",
            Decision::SentBack => "✓ Closure sent back: the case stays open.",
            Decision::Reopened => "✓ Case reopened.",
            Decision::ErasureRequested => {
                "✓ Erasure requested: another person, an admin, approves it (helpline request list)."
            }
        }
    }
}

/// The store's answers to [`ClosuresEffect`].
#[derive(Debug, Clone)]
pub enum ClosuresMsg {
    PendingLoaded {
        generation: u64,
        rows: Result<Vec<PendingClosure>, String>,
    },
    Decided(Decision, Result<(), NoteFailure>),
}

/// Whether the case on screen has a closure a supervisor can decide.
pub fn decidable(view: &CaseView) -> bool {
    view.detail.row.closure == Some(RequestState::Pending) && view.detail.row.status.is_open()
}

/// Whether the case on screen can be asked to be anonymised: closed and
/// not anonymised yet.
pub fn erasable(view: &CaseView) -> bool {
    view.detail.row.status == CaseStatus::Closed && !view.detail.row.anonymised
}

/// The closure keys and reopening on an open case. None when `action` is
/// not one of them.
pub fn on_case_action(view: &mut CaseView, action: Action, user: &User) -> Option<Vec<Effect>> {
    match action {
        Action::ApproveClosure | Action::SendBackClosure if !user.role.supervises() => {
            view.notice = Some("Only supervisors approve or send back closures.".into());
        }
        Action::ApproveClosure | Action::SendBackClosure if !decidable(view) => {
            view.notice = Some("No closure of this case waits for approval.".into());
        }
        Action::ApproveClosure => {
            view.notice = None;
            view.edit_version = Some(view.detail.version);
            view.dialog = Some(CaseDialog::Approve { saving: false });
        }
        Action::SendBackClosure => {
            view.notice = None;
            view.edit_version = Some(view.detail.version);
            view.dialog = Some(CaseDialog::reason(ReasonFor::SendBack, None));
        }
        Action::RequestErasure if !user.role.supervises() => {
            view.notice = Some("Only supervisors ask for a person's data to be anonymised.".into());
        }
        Action::RequestErasure if !erasable(view) => {
            view.notice = Some(if view.detail.row.anonymised {
                "This case is anonymised already.".into()
            } else {
                "Close the case first: only a closed case can be anonymised.".into()
            });
        }
        Action::RequestErasure => {
            view.notice = None;
            view.edit_version = Some(view.detail.version);
            view.dialog = Some(CaseDialog::reason(ReasonFor::Erasure, None));
        }
        // Reopening asks why (domain reference, section 5).
        Action::ChangeStep if view.detail.row.status == CaseStatus::Closed => {
            view.notice = None;
            view.edit_version = Some(view.detail.version);
            view.dialog = Some(CaseDialog::reason(ReasonFor::Reopen, None));
        }
        _ => return None,
    }
    Some(Vec::new())
}

/// The store answered.
pub fn on_msg(state: &mut State, msg: ClosuresMsg) -> Vec<Effect> {
    match msg {
        ClosuresMsg::PendingLoaded { generation, rows } => {
            let Screen::Shell(shell) = &mut state.screen else {
                return Vec::new();
            };
            state.dirty = true;
            shell.cases.on_approvals(generation, rows);
            Vec::new()
        }
        ClosuresMsg::Decided(decision, result) => {
            super::case_routes::on_case_changed(state, result.map(|()| decision.notice()))
        }
    }
}
