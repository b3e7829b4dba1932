//! Routes the case plan's keys and answers from `update`: the plan view
//! and its dialogs on the open case, the proposed next step (accepted
//! through the normal step move, or dismissed), and the store's answers.

use super::action::Action;
use super::case_dialog::CaseDialog;
use super::case_plan::{CasePlanEffect, CasePlanMsg, PlanContext};
use super::cases::CaseView;
use super::state::{Screen, State};
use super::update::Effect;
use crate::domain::CaseStatus;
use crate::domain::workflow::Workflow;
use crate::store::case_workflow::CaseMove;
use crate::store::users::User;
use chrono::FixedOffset;
use ratatui::crossterm::event::KeyEvent;

/// The plan and proposals of the case on screen are read again.
pub fn load(view: &CaseView) -> Effect {
    Effect::CasePlan(CasePlanEffect::Load {
        case_id: view.detail.row.id,
    })
}

/// Keys of the plan view, its dialogs and the proposal on an open case.
/// None when the action is not theirs.
pub fn on_action(
    view: &mut CaseView,
    action: Action,
    key: &KeyEvent,
    user: &User,
    now: i64,
    zone: FixedOffset,
    workflow: &Workflow,
) -> Option<Vec<Effect>> {
    let case_id = view.detail.row.id;
    match action {
        Action::AcceptProposal => return Some(accept(view, user, workflow)),
        Action::DismissProposal => {
            let Some(proposal) = view.plan.proposal().cloned() else {
                view.notice = Some("No proposed step to dismiss.".into());
                return Some(Vec::new());
            };
            return Some(vec![Effect::CasePlan(CasePlanEffect::Dismiss {
                case_id,
                proposal,
                actor: user.id,
            })]);
        }
        Action::CasePlan if !view.plan.open => {
            view.plan.open = true;
            view.plan.message = None;
            view.notice = None;
            return Some(vec![load(view)]);
        }
        _ => {}
    }
    if !view.plan.open {
        return None;
    }
    let mine = if view.plan.dialog.is_some() {
        matches!(
            action,
            Action::Cancel
                | Action::NextField
                | Action::PrevField
                | Action::NextChoice
                | Action::PrevChoice
                | Action::Down
                | Action::Up
                | Action::Save
        )
    } else {
        matches!(
            action,
            Action::Down
                | Action::Up
                | Action::First
                | Action::Back
                | Action::Cancel
                | Action::AddGoal
                | Action::AddAction
                | Action::EditPlanItem
                | Action::MarkDone
                | Action::DropAction
        )
    };
    if !mine {
        return None;
    }
    let worker = view.detail.worker_id.zip(view.detail.row.worker.as_deref());
    let cx = PlanContext {
        case_id,
        me: (user.id, user.display_name.as_str()),
        worker,
        now,
        zone,
    };
    Some(view.plan.on_action(action, key, &cx))
}

/// Accepting the proposal: the normal step move, by the workflow rules
/// (closing opens the closing form with "needs met" chosen).
fn accept(view: &mut CaseView, user: &User, workflow: &Workflow) -> Vec<Effect> {
    let Some(proposal) = view.plan.proposal().cloned() else {
        view.notice = Some("No proposed step to accept.".into());
        return Vec::new();
    };
    view.plan.open = false;
    view.notice = None;
    view.edit_version = Some(view.detail.version);
    if proposal.to == CaseStatus::Closed {
        view.dialog = Some(CaseDialog::close_needs_met(workflow));
        return Vec::new();
    }
    vec![Effect::ChangeStep {
        case_id: view.detail.row.id,
        version: view.detail.version,
        step: Box::new(CaseMove::to(proposal.to)),
        actor: user.id,
    }]
}

/// The store answered for the plan.
pub fn on_msg(state: &mut State, msg: CasePlanMsg) -> Vec<Effect> {
    let viewer_alerts = state.alert_viewer();
    let Screen::Shell(shell) = &mut state.screen else {
        return Vec::new();
    };
    let viewer = shell.session.user.id;
    let Some(view) = shell.cases.open.as_mut() else {
        return Vec::new();
    };
    state.dirty = true;
    match msg {
        CasePlanMsg::Loaded { case_id, result } if case_id == view.detail.row.id => {
            match result {
                Ok(data) => view.plan.on_loaded(data),
                Err(e) => view.plan.message = Some(format!("The plan could not be read: {e}")),
            }
            Vec::new()
        }
        CasePlanMsg::Saved { case_id, result } if case_id == view.detail.row.id => {
            let saved = result.is_ok();
            if !view.plan.open {
                // A dismissal from the case itself: said on the case.
                view.notice = Some(match &result {
                    Ok(done) => done.clone(),
                    Err(e) => format!("Not saved: {e}"),
                });
            }
            view.plan.on_saved(result);
            if !saved {
                return Vec::new();
            }
            let mut effects = vec![Effect::OpenCase {
                case_id,
                viewer,
                audit: false,
            }];
            // Reminders answered by a done action leave the status bar.
            effects.extend(viewer_alerts.map(|viewer| Effect::LoadStatus { viewer }));
            effects
        }
        _ => Vec::new(),
    }
}
