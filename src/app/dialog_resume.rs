//! Dialog drafts at log-in: what an earlier session left open comes back
//! where it was. The first draft (an interrupted assessment with a
//! positive answer before anything else) decides the pane shown; drafts on
//! other cases come back when their case is opened.

use super::case_drafts::{describe, resume_on_open_case, waits_for_case};
use super::dialog_drafts::DialogDraftsMsg;
use super::pane::Pane;
use super::service_form::ServiceForm;
use super::state::{Screen, Shell, State};
use super::update::Effect;
use crate::domain::risk::Catalog;
use crate::store::dialog_drafts::{DialogDraft, DialogKind};

/// The store answered for dialog drafts.
pub fn on_msg(state: &mut State, msg: DialogDraftsMsg) -> Vec<Effect> {
    let catalog = std::sync::Arc::clone(&state.instruments);
    let now = state.now.timestamp();
    let zone = state.utc_offset;
    let Screen::Shell(shell) = &mut state.screen else {
        return Vec::new();
    };
    match msg {
        DialogDraftsMsg::Written { key, kept, result } => {
            shell.dialog_drafts.on_written(key, kept, result);
            Vec::new()
        }
        DialogDraftsMsg::Loaded(Err(message)) => {
            state.dirty = true;
            state.flash = Some(format!(
                "Unsaved work from before could not be read ({message}); it stays in the database."
            ));
            Vec::new()
        }
        DialogDraftsMsg::Loaded(Ok(drafts)) => {
            state.dirty = true;
            let (effects, note) = offer(shell, drafts, &catalog, (now, zone));
            if note.is_some() {
                state.flash = note;
            }
            effects
        }
    }
}

/// Puts back what needs no case opened (an assessment, a service form),
/// shows the first draft's place, and opens its case if it has one.
/// Returns the effects and a line about drafts still waiting.
fn offer(
    shell: &mut Shell,
    drafts: Vec<DialogDraft>,
    catalog: &Catalog,
    (now, zone): (i64, chrono::FixedOffset),
) -> (Vec<Effect>, Option<String>) {
    let Some(first) = drafts.first().cloned() else {
        return (Vec::new(), None);
    };
    shell.dialog_drafts.waiting = drafts.clone();
    let mut effects = Vec::new();
    let mut problems = Vec::new();
    for draft in &drafts {
        match draft.key.kind {
            DialogKind::Assessment if !shell.risk.busy() => {
                match shell.risk.resume(&draft.state, catalog) {
                    Ok(()) => {
                        shell.dialog_drafts.reopened(draft.key, &draft.state);
                        // The case number is in the pane's title; this
                        // fits one line at 80 columns.
                        shell.risk.message = Some(
                            "⚠ Interrupted assessment back: Ctrl-S saves it, Esc twice throws it away."
                                .into(),
                        );
                    }
                    Err(message) => problems.push(format!("an assessment: {message}")),
                }
            }
            DialogKind::FollowUp if shell.follow_ups.form.is_none() => {
                match super::follow_ups::FollowUpForm::resume(&draft.state) {
                    Some(mut form) => {
                        form.error = Some(
                            "⚠ Back from before: Ctrl-S saves it, Esc twice throws it away.".into(),
                        );
                        shell.follow_ups.form = Some(form);
                        shell.dialog_drafts.reopened(draft.key, &draft.state);
                    }
                    None => problems.push("a follow-up could not be read".into()),
                }
            }
            DialogKind::Service if shell.services.form.is_none() => {
                match ServiceForm::resume(&draft.state) {
                    Some(mut form) => {
                        form.message = Some(
                            "⚠ Back from before: Ctrl-S saves it, Esc twice throws it away.".into(),
                        );
                        shell.services.form = Some(form);
                        shell.dialog_drafts.reopened(draft.key, &draft.state);
                    }
                    None => problems.push("a service entry could not be read".into()),
                }
            }
            _ => {}
        }
    }
    match first.key.kind {
        DialogKind::Assessment if shell.risk.assessment.is_some() => shell.pane = Pane::Risk,
        DialogKind::FollowUp if shell.follow_ups.form.is_some() => {
            shell.pane = Pane::FollowUps;
            let user = &shell.session.user;
            shell.follow_ups.start(user.role);
            let (id, team) = (user.id, user.team.clone());
            effects.extend(shell.follow_ups.reload(id, team.as_deref(), now, zone));
        }
        DialogKind::Service if shell.services.form.is_some() => {
            shell.pane = Pane::Services;
            effects.extend(shell.services.reload());
        }
        _ if waits_for_case(&first) => {
            shell.pane = Pane::Cases;
            if !shell.cases.loaded_once {
                effects.extend(shell.cases.reload(now));
            }
            let viewer = shell.session.user.id;
            effects.push(shell.cases.begin_open(first.key.target_id, viewer));
        }
        _ => {}
    }
    let elsewhere: Vec<&DialogDraft> = shell
        .dialog_drafts
        .waiting
        .iter()
        .filter(|d| waits_for_case(d) && d.key.target_id != first.key.target_id)
        .collect();
    let mut note = Vec::new();
    if !elsewhere.is_empty() {
        let what: Vec<&str> = elsewhere.iter().map(|d| describe(d.key.kind)).collect();
        note.push(format!(
            "Also unsaved from before: {}; back when you open its case.",
            what.join(", ")
        ));
    }
    if !problems.is_empty() {
        note.push(format!("Left in the database: {}.", problems.join("; ")));
    }
    (effects, (!note.is_empty()).then(|| note.join(" ")))
}

/// The case on screen was (re)read: put back the drafts left on it.
pub fn on_case_loaded(state: &mut State) -> Vec<Effect> {
    let workflow = std::sync::Arc::clone(&state.workflow);
    match &mut state.screen {
        Screen::Shell(shell) if !shell.dialog_drafts.waiting.is_empty() => {
            resume_on_open_case(shell, &workflow)
        }
        _ => Vec::new(),
    }
}

/// `a` on a case: an assessment of it left from before comes back instead
/// of a new one. True when one did.
pub fn resume_assessment(shell: &mut Shell, case_id: i64, catalog: &Catalog) -> bool {
    if shell.risk.busy() {
        return false;
    }
    let Some(draft) = shell
        .dialog_drafts
        .take_waiting(DialogKind::Assessment, case_id)
    else {
        return false;
    };
    match shell.risk.resume(&draft.state, catalog) {
        Ok(()) => {
            shell.dialog_drafts.reopened(draft.key, &draft.state);
            shell.risk.message = Some("Your unsaved answers from before are back.".into());
            true
        }
        Err(message) => {
            shell.risk.message = Some(format!(
                "An unsaved assessment from before is left in the database: {message}."
            ));
            false
        }
    }
}
