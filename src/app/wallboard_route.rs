//! Where the wallboard meets the shell: showing it, its keys, its loads
//! and its clock.

use super::action::Action;
use super::pane::Pane;
use super::state::{Screen, Shell, State};
use super::update::Effect;
use super::wallboard::{LIVE_EVERY_SECS, Target, WallboardMsg};
use crate::store::alerts::AlertViewer;
use chrono::FixedOffset;

/// An action while the wallboard is asked for or in front; `None` leaves
/// it to the rest of the shell.
pub fn on_action(
    shell: &mut Shell,
    action: Action,
    now: i64,
    offset: FixedOffset,
    viewer: Option<AlertViewer>,
) -> Option<Vec<Effect>> {
    if action == Action::PaneWallboard {
        if !shell.sees_floor() {
            return Some(Vec::new());
        }
        shell.pane = Pane::Wallboard;
        return Some(load_all(shell, now, offset, viewer));
    }
    if shell.pane != Pane::Wallboard {
        return None;
    }
    if shell.wallboard.on_action(action) {
        return Some(Vec::new());
    }
    match action {
        Action::Reload => Some(load_all(shell, now, offset, viewer)),
        Action::Open => Some(open_selected(shell)),
        _ => None,
    }
}

fn load_all(
    shell: &mut Shell,
    now: i64,
    offset: FixedOffset,
    viewer: Option<AlertViewer>,
) -> Vec<Effect> {
    let mut effects = viewer
        .map(|v| shell.wallboard.reload(v))
        .unwrap_or_default();
    effects.extend(shell.wallboard.reload_slow(now, offset));
    effects
}

/// Enter: the person's current case, or the alert's or unassigned case,
/// opened in the Cases pane the audited way any case is opened.
fn open_selected(shell: &mut Shell) -> Vec<Effect> {
    let case_id = match shell.wallboard.selected_target() {
        Some(Target::Person { case_id, user_id }) => {
            if case_id.is_none() {
                let name = shell
                    .wallboard
                    .floor
                    .as_ref()
                    .and_then(|f| f.people.iter().find(|p| p.user_id == user_id))
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                shell.wallboard.message = Some(format!("{name} has no case open now."));
            }
            case_id
        }
        Some(Target::Alert { case_id }) => case_id,
        Some(Target::Unassigned { case_id }) => Some(case_id),
        None => None,
    };
    let Some(case_id) = case_id else {
        return Vec::new();
    };
    shell.wallboard.message = None;
    shell.pane = Pane::Cases;
    let actor = shell.session.user.id;
    let mut effects = Vec::new();
    if !shell.cases.loaded_once {
        effects.extend(shell.cases.reload(0));
    }
    effects.push(shell.cases.begin_open(case_id, actor));
    effects
}

pub fn on_msg(state: &mut State, msg: WallboardMsg) -> Vec<Effect> {
    let now = state.now.timestamp();
    let offset = state.utc_offset;
    let viewer = state.alert_viewer();
    let Screen::Shell(shell) = &mut state.screen else {
        return Vec::new();
    };
    state.dirty = true;
    match msg {
        WallboardMsg::Loaded(result) => {
            let first = shell.wallboard.floor.is_none();
            shell.wallboard.on_loaded(result, now);
            let mut effects = Vec::new();
            if shell.wallboard.stale
                && let Some(viewer) = viewer
            {
                effects.extend(shell.wallboard.reload(viewer));
            }
            // The workloads need the people: read them once they are known.
            if first && shell.wallboard.floor.is_some() {
                effects.extend(shell.wallboard.reload_slow(now, offset));
            }
            effects
        }
        WallboardMsg::SlowLoaded(Ok(loaded)) => {
            let (day, workloads) = *loaded;
            shell.wallboard.day = Some(day);
            shell.wallboard.workloads = workloads;
            Vec::new()
        }
        WallboardMsg::SlowLoaded(Err(message)) => {
            shell.wallboard.error = Some(message);
            Vec::new()
        }
    }
}

/// While shown, the live figures are read every few seconds even when
/// nobody commits (a crashed session must still drop off), and today's
/// counts and workloads every half minute.
pub fn on_tick(state: &mut State) -> Vec<Effect> {
    let now = state.now.timestamp();
    let offset = state.utc_offset;
    let viewer = state.alert_viewer();
    let Screen::Shell(shell) = &mut state.screen else {
        return Vec::new();
    };
    if shell.pane != Pane::Wallboard || !shell.sees_floor() {
        return Vec::new();
    }
    let mut effects = Vec::new();
    if now - shell.wallboard.loaded_at >= LIVE_EVERY_SECS
        && let Some(viewer) = viewer
    {
        effects.extend(shell.wallboard.reload(viewer));
    }
    if shell.wallboard.slow_due(now) {
        effects.extend(shell.wallboard.reload_slow(now, offset));
    }
    effects
}
