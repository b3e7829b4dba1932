//! Routes events to the Referrals and Services panes and to the refer
//! dialog over an open case, so that the central `update` needs a single
//! hook line per kind of event.

use super::action::Action;
use super::pane::Pane;
use super::refer::{ReferDialog, ReferMsg, ReferTarget};
use super::referrals::ReferralsMsg;
use super::services::ServicesMsg;
use super::state::{Screen, Shell, State};
use super::update::Effect;
use chrono::{DateTime, FixedOffset, Utc};
use ratatui::crossterm::event::KeyEvent;

impl Shell {
    /// Whether the refer dialog is open over the case on screen. A dialog
    /// left behind when another case was opened (from an alert, say) no
    /// longer counts, so it can never refer the wrong child.
    pub fn referring(&self) -> bool {
        match (&self.refer, &self.cases.open) {
            (Some(dialog), Some(view)) => dialog.target.case_id == view.detail.row.id,
            _ => false,
        }
    }
}

/// A pane was brought to the front: read it (again), since other sessions
/// may have changed it and referrals fall due while it is out of sight.
pub fn on_shown(shell: &mut Shell) -> Vec<Effect> {
    match shell.pane {
        Pane::Referrals if !shell.referrals.loading => shell.referrals.reload(),
        Pane::Services if !shell.services.loading => shell.services.reload(),
        _ => Vec::new(),
    }
}

/// Handles an action meant for these panes or the refer dialog; `None`
/// leaves it to the rest of the shell (switching panes, the Cases pane).
pub fn on_action(
    shell: &mut Shell,
    action: Action,
    key: &KeyEvent,
    now: i64,
    page_rows: usize,
) -> Option<Vec<Effect>> {
    let actor = shell.session.user.id;
    let switching = Pane::for_action(action).is_some()
        || matches!(action, Action::NextPane | Action::PrevPane | Action::Redraw);
    match shell.pane {
        Pane::Cases => on_case_action(shell, action, key),
        Pane::Referrals if !switching => {
            if action == Action::Open && !shell.referrals.typing() {
                let case_id = shell.referrals.selected_case()?;
                shell.pane = Pane::Cases;
                let mut effects = Vec::new();
                if !shell.cases.loaded_once {
                    effects.extend(shell.cases.reload(now));
                }
                effects.push(shell.cases.begin_open(case_id, actor));
                return Some(effects);
            }
            Some(shell.referrals.on_action(action, actor, page_rows))
        }
        Pane::Services if !switching => {
            Some(shell.services.on_action(action, key, actor, page_rows))
        }
        _ => None,
    }
}

/// The refer dialog takes every action while it is open; `refer` opens it
/// on the case on screen.
fn on_case_action(shell: &mut Shell, action: Action, key: &KeyEvent) -> Option<Vec<Effect>> {
    let actor = shell.session.user.id;
    if !shell.referring() {
        shell.refer = None;
    }
    if let Some(dialog) = &mut shell.refer {
        if action == Action::Cancel {
            if dialog.wants_close() {
                shell.refer = None;
            }
            return Some(Vec::new());
        }
        return Some(dialog.on_action(action, key, actor));
    }
    if action != Action::Refer {
        return None;
    }
    let row = &shell.cases.open.as_ref()?.detail.row;
    shell.refer = Some(ReferDialog::open(ReferTarget {
        case_id: row.id,
        number: row.number.clone(),
        child: row.child_name.clone().unwrap_or_else(|| "(no name)".into()),
        risk: row.risk,
    }));
    Some(Vec::new())
}

/// A key that is no action, while one of these panes has a text field
/// open; `None` when none has.
pub fn on_text_key(shell: &mut Shell, key: &KeyEvent) -> Option<Vec<Effect>> {
    match shell.pane {
        Pane::Cases if shell.referring() => shell.refer.as_mut().map(|d| d.on_key(key)),
        Pane::Referrals if shell.referrals.typing() => {
            shell.referrals.on_key(key);
            Some(Vec::new())
        }
        Pane::Services if shell.services.typing() => Some(shell.services.on_key(key)),
        Pane::Alerts if shell.alerts.typing() => {
            shell.alerts.on_key(key);
            Some(Vec::new())
        }
        _ => None,
    }
}

/// Pasted text, when one of these panes has a text field open.
pub fn on_paste(shell: &mut Shell, text: &str) -> Option<Vec<Effect>> {
    match shell.pane {
        Pane::Cases if shell.referring() => shell.refer.as_mut().map(|d| d.on_paste(text)),
        Pane::Referrals if shell.referrals.on_paste(text) => Some(Vec::new()),
        Pane::Services if shell.services.typing() => Some(shell.services.on_paste(text)),
        Pane::Alerts if shell.alerts.on_paste(text) => Some(Vec::new()),
        _ => None,
    }
}

/// Another session changed the database: read the pane on screen again;
/// the others are read when they are shown.
pub fn on_data_changed(shell: &mut Shell) -> Vec<Effect> {
    match shell.pane {
        Pane::Referrals if shell.referrals.loaded_once => shell.referrals.reload(),
        Pane::Services if shell.services.loaded_once => shell.services.reload(),
        _ => Vec::new(),
    }
}

/// Reloads the status bar after this session's own change, which the
/// change poll (another session's commits) does not see.
fn status_refresh(state: &State) -> Option<Effect> {
    state
        .alert_viewer()
        .map(|viewer| Effect::LoadStatus { viewer })
}

/// The store answered for the Referrals pane.
pub fn on_referrals_msg(state: &mut State, msg: ReferralsMsg) -> Vec<Effect> {
    let status = status_refresh(state);
    let Screen::Shell(shell) = &mut state.screen else {
        return Vec::new();
    };
    state.dirty = true;
    let pane = &mut shell.referrals;
    match msg {
        ReferralsMsg::Loaded {
            generation,
            rows,
            append,
            limit,
        } => {
            pane.on_rows(generation, rows, append, limit);
            Vec::new()
        }
        ReferralsMsg::Organisations(result) => {
            pane.on_organisations(result);
            Vec::new()
        }
        ReferralsMsg::Moved {
            case_id,
            to,
            result,
        } => {
            let mut effects = pane.on_moved(to, result);
            effects.extend(refresh_case(shell, case_id));
            effects.extend(status);
            effects
        }
    }
}

/// The store answered for the Services pane.
pub fn on_services_msg(state: &mut State, msg: ServicesMsg) -> Vec<Effect> {
    let Screen::Shell(shell) = &mut state.screen else {
        return Vec::new();
    };
    state.dirty = true;
    let pane = &mut shell.services;
    match msg {
        ServicesMsg::Loaded {
            generation,
            rows,
            append,
            limit,
        } => {
            pane.on_rows(generation, rows, append, limit);
            Vec::new()
        }
        ServicesMsg::Saved(result) => pane.on_saved(result),
        ServicesMsg::ActiveSet(result) => pane.on_active_set(result),
    }
}

/// The store answered for the refer dialog. A referral made closes the
/// dialog, says where it went and when it is due, and refreshes the case's
/// timeline and the queue.
pub fn on_refer_msg(state: &mut State, msg: ReferMsg) -> Vec<Effect> {
    let status = status_refresh(state);
    let Screen::Shell(shell) = &mut state.screen else {
        return Vec::new();
    };
    state.dirty = true;
    match msg {
        ReferMsg::Found { generation, rows } => {
            if let Some(dialog) = &mut shell.refer {
                dialog.on_found(generation, rows);
            }
            Vec::new()
        }
        ReferMsg::Created(Ok(created)) => {
            let typed = shell.refer.take().and_then(|d| d.typed_while_saving());
            let done = format!(
                "✓ Referred to {} (due {}).",
                created.service,
                local_time(created.due_at, state.utc_offset)
            );
            // Said on the case it concerns, like its other saves; in the
            // status line if that case is no longer on screen.
            match shell.cases.open.as_mut() {
                Some(view) if view.detail.row.id == created.case_id => {
                    match typed.filter(|_| view.editor.is_none()) {
                        Some(text) => view.open_note(
                            &text,
                            &format!(
                                "{} What you typed while it saved is kept here as a note: Ctrl-S saves it.",
                                done.trim_start_matches("✓ ")
                            ),
                        ),
                        None => view.notice = Some(done),
                    }
                }
                _ => state.flash = Some(done),
            }
            let mut effects = refresh_case(shell, created.case_id);
            effects.extend(status);
            effects
        }
        ReferMsg::Created(Err(message)) => {
            if let Some(dialog) = &mut shell.refer {
                dialog.on_refused(&message);
            }
            Vec::new()
        }
    }
}

/// Reads the case on screen again when it is `case_id`, so its timeline
/// shows the referral's new entry.
fn refresh_case(shell: &Shell, case_id: i64) -> Vec<Effect> {
    match &shell.cases.open {
        Some(view) if view.detail.row.id == case_id => vec![Effect::OpenCase {
            case_id,
            viewer: shell.session.user.id,
            audit: false,
        }],
        _ => Vec::new(),
    }
}

/// A stored time in the operator's time zone, short: "Thu 26 Nov 18:26".
fn local_time(ts: i64, offset: FixedOffset) -> String {
    DateTime::<Utc>::from_timestamp(ts, 0)
        .map(|t| {
            t.with_timezone(&offset)
                .format("%a %d %b %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| "?".into())
}
