//! Routes events to the Reports pane, so that the central `update` needs
//! a single hook line per kind of event.

use super::action::Action;
use super::pane::Pane;
use super::reports::ReportsMsg;
use super::state::{Screen, Shell, State};
use super::update::Effect;
use chrono::FixedOffset;

fn offset_hours(zone: FixedOffset) -> i32 {
    zone.local_minus_utc() / 3600
}

/// An action while the Reports pane is (or is about to be) in front;
/// `None` leaves it to the rest of the shell.
pub fn on_action(
    shell: &mut Shell,
    action: Action,
    now: i64,
    zone: FixedOffset,
) -> Option<Vec<Effect>> {
    let target = match action {
        Action::NextPane if shell.pane.next() == Pane::Reports && !shell.reports.typing() => {
            Some(Pane::Reports)
        }
        Action::PrevPane if shell.pane.prev() == Pane::Reports && !shell.reports.typing() => {
            Some(Pane::Reports)
        }
        other => Pane::for_action(other),
    };
    let user = &shell.session.user;
    if target == Some(Pane::Reports) && !shell.reports.typing() {
        shell.pane = Pane::Reports;
        let (role, id) = (user.role, user.id);
        return Some(shell.reports.show(role, id, now, offset_hours(zone)));
    }
    if shell.pane != Pane::Reports || !shell.reports.allowed {
        return None;
    }
    let id = user.id;
    if !shell.reports.on_action(action) {
        return None;
    }
    if shell.reports.needs_reload(action) {
        return Some(shell.reports.reload(id, now, offset_hours(zone)));
    }
    Some(Vec::new())
}

/// The store answered for the Reports pane.
pub fn on_msg(state: &mut State, msg: ReportsMsg) -> Vec<Effect> {
    if let Screen::Shell(shell) = &mut state.screen {
        shell.reports.on_msg(msg);
        state.dirty = true;
    }
    Vec::new()
}
