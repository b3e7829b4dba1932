//! Routes events to the Audit pane, so that the central `update` needs a
//! single hook line per kind of event.

use super::action::Action;
use super::audit::AuditMsg;
use super::pane::Pane;
use super::state::{Screen, Shell, State};
use super::update::Effect;
use chrono::FixedOffset;
use ratatui::crossterm::event::KeyEvent;

/// An action while the Audit pane is in front, or one that brings it to
/// the front; `None` leaves it to the rest of the shell.
pub fn on_action(
    shell: &mut Shell,
    action: Action,
    now: i64,
    zone: FixedOffset,
    page_rows: usize,
) -> Option<Vec<Effect>> {
    let reader = shell.session.user.id;
    let rights = shell.pane_rights();
    let typing = shell.pane == Pane::Audit && shell.audit.typing();
    if !typing && shell.pane.target(action, rights) == Some(Pane::Audit) {
        shell.pane = Pane::Audit;
        shell.audit.message = None;
        // Shown again: a new view of the log, audited.
        return Some(shell.audit.reload(reader, now, zone, true));
    }
    if shell.pane != Pane::Audit {
        return None;
    }
    if !typing && action == Action::Open {
        let case_id = shell.audit.selected_case()?;
        // Opening goes through need-to-know like any other open: an admin
        // without a role on cases is asked to break the glass.
        shell.pane = Pane::Cases;
        let mut effects = Vec::new();
        if !shell.cases.loaded_once {
            effects.extend(shell.cases.reload(now));
        }
        effects.push(shell.cases.begin_open(case_id, reader));
        return Some(effects);
    }
    let switching = shell.pane.target(action, rights).is_some();
    if switching && !typing {
        return None;
    }
    Some(shell.audit.on_action(action, reader, now, zone, page_rows))
}

/// A key that is no action, typed into the filter form.
pub fn on_text_key(shell: &mut Shell, key: &KeyEvent) -> bool {
    if shell.pane == Pane::Audit && shell.audit.typing() {
        shell.audit.on_key(key);
        return true;
    }
    false
}

/// Pasted text, into the filter form.
pub fn on_paste(shell: &mut Shell, text: &str) -> bool {
    shell.pane == Pane::Audit && shell.audit.on_paste(text)
}

/// Another session wrote: the log on screen grows. Read again, not
/// audited (a refresh of the same view), unless the filter form is open.
pub fn on_data_changed(shell: &mut Shell, now: i64, zone: FixedOffset) -> Vec<Effect> {
    if shell.pane == Pane::Audit && shell.audit.loaded_once && !shell.audit.typing() {
        return shell.audit.reload(shell.session.user.id, now, zone, false);
    }
    Vec::new()
}

/// The store answered for the Audit pane.
pub fn on_msg(state: &mut State, msg: AuditMsg) -> Vec<Effect> {
    let Screen::Shell(shell) = &mut state.screen else {
        return Vec::new();
    };
    state.dirty = true;
    match msg {
        AuditMsg::Loaded { generation, lines } => shell.audit.on_loaded(generation, lines),
        AuditMsg::Exported(result) => {
            let exported = result.is_ok();
            shell.audit.on_exported(result);
            if exported {
                // The export's own line joins the list (not a new view).
                let (reader, now) = (shell.session.user.id, state.now.timestamp());
                let zone = state.utc_offset;
                return shell.audit.reload(reader, now, zone, false);
            }
        }
    }
    Vec::new()
}
