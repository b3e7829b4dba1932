//! Routes events to the Follow-ups pane, so that the central `update`
//! needs a single hook line per kind of event.

use super::action::Action;
use super::follow_ups::FollowUpsMsg;
use super::pane::Pane;
use super::risk::RiskTarget;
use super::state::{Screen, Shell, State};
use super::update::Effect;
use chrono::FixedOffset;

fn reload(shell: &mut Shell, now: i64, zone: FixedOffset) -> Vec<Effect> {
    let user = &shell.session.user;
    shell.follow_ups.start(user.role);
    let (id, team) = (user.id, user.team.clone());
    shell.follow_ups.reload(id, team.as_deref(), now, zone)
}

/// An action while the Follow-ups pane is in front; `None` leaves it to
/// the rest of the shell (switching panes).
pub fn on_action(
    shell: &mut Shell,
    action: Action,
    now: i64,
    zone: FixedOffset,
    page_rows: usize,
) -> Option<Vec<Effect>> {
    let target = shell.pane.target(action, shell.pane_rights());
    if target == Some(Pane::FollowUps) {
        shell.pane = Pane::FollowUps;
        // Shown again: a new view of the queue, audited.
        shell.follow_ups.listed = None;
        return Some(reload(shell, now, zone));
    }
    if shell.pane != Pane::FollowUps {
        return None;
    }
    let actor = shell.session.user.id;
    if shell.follow_ups.form.is_some() {
        return Some(
            shell
                .follow_ups
                .on_action(action, actor, now, zone, page_rows),
        );
    }
    let pane = &mut shell.follow_ups;
    let scope = match action {
        Action::FilterMine => Some(super::follow_ups::Scope::Mine),
        Action::FilterTeam => Some(super::follow_ups::Scope::Team),
        Action::FilterAll if shell.session.user.role.supervises() => {
            Some(super::follow_ups::Scope::All)
        }
        _ => None,
    };
    if let Some(scope) = scope {
        pane.scope = scope;
        pane.selected = 0;
        return Some(reload(shell, now, zone));
    }
    match action {
        Action::Reload => Some(reload(shell, now, zone)),
        Action::RecordFollowUp => {
            pane.open_form();
            Some(Vec::new())
        }
        Action::Open => {
            let case_id = pane.selected_case()?;
            shell.pane = Pane::Cases;
            let mut effects = Vec::new();
            if !shell.cases.loaded_once {
                effects.extend(shell.cases.reload(now));
            }
            effects.push(shell.cases.begin_open(case_id, actor));
            Some(effects)
        }
        Action::Down | Action::Up | Action::PageDown | Action::PageUp | Action::First => {
            Some(pane.on_action(action, actor, now, zone, page_rows))
        }
        _ => None,
    }
}

/// Another session changed the database: read the list again when it is
/// on screen and no form is open over it.
pub fn on_data_changed(shell: &mut Shell, now: i64, zone: FixedOffset) -> Vec<Effect> {
    if shell.pane == Pane::FollowUps
        && shell.follow_ups.loaded_once
        && shell.follow_ups.form.is_none()
    {
        return reload(shell, now, zone);
    }
    Vec::new()
}

/// The store answered for the Follow-ups pane.
pub fn on_msg(state: &mut State, msg: FollowUpsMsg) -> Vec<Effect> {
    let now = state.now.timestamp();
    let zone = state.utc_offset;
    let catalog = std::sync::Arc::clone(&state.instruments);
    let viewer = state.alert_viewer();
    let Screen::Shell(shell) = &mut state.screen else {
        return Vec::new();
    };
    state.dirty = true;
    match msg {
        FollowUpsMsg::Loaded { generation, queue } => {
            shell.follow_ups.on_loaded(generation, queue);
            Vec::new()
        }
        FollowUpsMsg::Recorded {
            case_id,
            number,
            assess,
            result,
        } => {
            let saved = result.is_ok();
            let child = shell
                .follow_ups
                .rows()
                .iter()
                .find(|(_, r)| r.case_id == case_id)
                .and_then(|(_, r)| r.child_name.clone());
            shell
                .follow_ups
                .on_recorded(case_id, &number, assess, result, zone);
            let mut effects = Vec::new();
            if saved {
                effects.extend(reload(shell, now, zone));
                effects.extend(viewer.map(|viewer| Effect::LoadStatus { viewer }));
            }
            // Not safe, or a new concern: the risk assessment, at once.
            if let Some((case_id, number)) = shell.follow_ups.assess.take() {
                shell.risk.assess(
                    RiskTarget {
                        case_id,
                        number,
                        child: child.unwrap_or_else(|| "(no name)".into()),
                        intake: None,
                        fits: None,
                    },
                    &catalog,
                );
                shell.pane = Pane::Risk;
            }
            effects
        }
    }
}
