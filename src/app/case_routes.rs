//! The open case's changes routed from `update`: step changes and
//! assignments, their dialogs, and what comes back from the store.

use super::action::Action;
use super::case_dialog::CaseDialog;
use super::cases::NoteFailure;
use super::state::{Screen, Shell, State};
use super::update::Effect;
use crate::domain::Role;
use ratatui::crossterm::event::KeyEvent;

/// A step change or an assignment came back: close the dialog and show
/// the fresh case, or keep the dialog (and what was typed) with the reason.
pub(super) fn on_case_changed(
    state: &mut State,
    result: Result<&'static str, NoteFailure>,
) -> Vec<Effect> {
    let Screen::Shell(shell) = &mut state.screen else {
        return Vec::new();
    };
    let viewer = shell.session.user.id;
    let Some(view) = shell.cases.open.as_mut() else {
        return Vec::new();
    };
    state.dirty = true;
    if let Some(
        CaseDialog::Close { saving, .. }
        | CaseDialog::Approve { saving }
        | CaseDialog::Reason { saving, .. },
    ) = view.dialog.as_mut()
    {
        *saving = false;
    }
    match result {
        Ok(notice) => {
            let typed = view
                .dialog
                .as_ref()
                .and_then(CaseDialog::typed_while_saving);
            view.dialog = None;
            view.edit_version = None;
            view.notice = Some(notice.into());
            if let Some(text) = typed.filter(|_| view.editor.is_none()) {
                view.open_note(
                    &text,
                    "Case saved. What you typed while it saved is kept here as a note: Ctrl-S saves it.",
                );
            }
        }
        Err(NoteFailure::Conflict) => {
            // A closing note being written is kept; a pick from a list is
            // simply made again on the fresh case.
            if !view.dialog.as_ref().is_some_and(|d| d.has_text()) {
                view.dialog = None;
            }
            view.rebase = true;
            view.notice = Some(
                "Someone else changed this case meanwhile: it is reloaded and nothing was overwritten. Check it and save again."
                    .into(),
            );
        }
        Err(NoteFailure::Other(message)) => {
            view.notice = Some(format!("Not saved: {message}"));
            return Vec::new();
        }
    }
    let case_id = view.detail.row.id;
    let mut effects = vec![Effect::OpenCase {
        case_id,
        viewer,
        audit: false,
    }];
    // The list behind the case shows the change when the user goes back
    // (a closure waiting, a case closed or reopened).
    if shell.cases.loaded_once {
        effects.extend(shell.cases.reload(state.now.timestamp()));
    }
    // Own commits do not show in this session's data_version.
    effects.extend(on_status_refresh(state));
    effects
}

/// Reloads the status bar (alert count, banner).
pub(super) fn on_status_refresh(state: &State) -> Vec<Effect> {
    state
        .alert_viewer()
        .map(|viewer| Effect::LoadStatus { viewer })
        .into_iter()
        .collect()
}

/// Actions on an open case that change it: its dialogs, the step and the
/// assignment. None when the action is not one of these.
pub(super) fn on_open_case_action(
    shell: &mut Shell,
    action: Action,
    key: &KeyEvent,
    workflow: &crate::domain::workflow::Workflow,
    now: i64,
    zone: chrono::FixedOffset,
) -> Option<Vec<Effect>> {
    let user = shell.session.user.clone();
    let view = shell.cases.open.as_mut()?;
    if let Some(dialog) = view.dialog.as_mut() {
        let target = (
            view.detail.row.id,
            view.edit_version.unwrap_or(view.detail.version),
        );
        let (effects, done) = dialog.on_action(action, key, workflow, target, user.id);
        if let Some(next) = done {
            view.dialog = next;
        }
        return Some(effects);
    }
    if view.editor.is_some() {
        return None;
    }
    if let Some(effects) = super::closures::on_case_action(view, action, &user) {
        return Some(effects);
    }
    if let Some(effects) =
        super::case_plan_route::on_action(view, action, key, &user, now, zone, workflow)
    {
        return Some(effects);
    }
    match action {
        Action::ChangeStep => {
            view.notice = None;
            // The case as the user sees it now is what the change applies to.
            view.edit_version = Some(view.detail.version);
            view.dialog = Some(CaseDialog::step(
                workflow,
                view.detail.row.status,
                view.plan.goals(),
            ));
            Some(Vec::new())
        }
        Action::AssignCase if !user.role.supervises() => {
            view.notice = Some("Only supervisors assign cases.".into());
            Some(Vec::new())
        }
        Action::AssignCase => Some(vec![Effect::LoadWorkers]),
        Action::RestrictCase if !user.viewer().case_role.role.is_some_and(Role::supervises) => {
            view.notice = Some("Only supervisors restrict a case or lift a restriction.".into());
            Some(Vec::new())
        }
        Action::RestrictCase => {
            view.notice = Some(
                if view.detail.restricted {
                    "Lifting the restriction…"
                } else {
                    "Restricting the case to its worker and supervisors…"
                }
                .into(),
            );
            Some(vec![Effect::RestrictCase {
                case_id: view.detail.row.id,
                version: view.detail.version,
                restricted: !view.detail.restricted,
                viewer: user.id,
            }])
        }
        _ => None,
    }
}
