//! Handing a live intake to a colleague: the giver picks someone present
//! (type to filter), the intake freezes with the giver's last keystrokes
//! in the offer, the receiver sees it within a second and takes it with
//! one key (or declines), and the giver's screen says where it went.

use super::action::Action;
use super::intake::HandingOver;
use super::keymap::Context;
use super::pane::Pane;
use super::state::{Screen, Shell, State};
use super::text_input::TextInput;
use super::update::Effect;
use crate::store::drafts::Draft;
use crate::store::hand_overs::{HandOverOffer, HandOverState};
use crate::store::presence::Colleague;
use ratatui::crossterm::event::KeyEvent;

/// Store work for hand-overs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandOverEffect {
    /// The colleagues on the floor, for the picker.
    LoadColleagues {
        exclude: i64,
    },
    Offer {
        content: Box<super::intake::DraftContent>,
        operator: i64,
        to_user: i64,
    },
    /// What waits for `user`, and where the offers they made stand.
    Check {
        user: i64,
        offers: Vec<(u64, i64)>,
    },
    Take {
        offer: i64,
        user: i64,
    },
    Decline {
        offer: i64,
        user: i64,
    },
    Withdraw {
        local: u64,
        offer: i64,
        giver: i64,
    },
    /// A supervisor takes over a draft left by someone off the floor.
    TakeOver {
        draft_id: i64,
        supervisor: i64,
        from: String,
    },
}

/// The store's answers.
#[derive(Debug, Clone)]
pub enum HandOverMsg {
    Colleagues(Result<Vec<Colleague>, String>),
    Offered {
        local: u64,
        result: Result<(i64, i64), String>,
    },
    Checked {
        waiting: Vec<HandOverOffer>,
        /// (intake, state, receiver) of each offer made.
        offers: Vec<(u64, HandOverState, String)>,
        /// (offer, draft, receiver) of every offer this person made that
        /// still waits, this session's or an earlier one's.
        still_offered: Vec<(i64, i64, String)>,
    },
    Taken {
        from: String,
        result: Result<Draft, String>,
    },
    Declined(Result<(), String>),
    Withdrawn {
        local: u64,
        result: Result<HandOverState, String>,
    },
}

/// Choosing who takes the intake.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    pub filter: TextInput,
    pub people: Vec<Colleague>,
    pub selected: usize,
    pub loading: bool,
    pub error: Option<String>,
}

impl Picker {
    /// The people the filter keeps, by name (any part, any case).
    pub fn shown(&self) -> Vec<&Colleague> {
        let needle = self.filter.value().trim().to_lowercase();
        self.people
            .iter()
            .filter(|c| needle.is_empty() || c.name.to_lowercase().contains(&needle))
            .collect()
    }
}

/// Everything of hand-overs a session shows.
#[derive(Debug, Clone, Default)]
pub struct HandOvers {
    pub picker: Option<Picker>,
    /// Offers waiting for this person, oldest first.
    pub waiting: Vec<HandOverOffer>,
    /// A take or decline is on its way: further keys wait for it.
    pub answering: bool,
}

impl HandOvers {
    pub fn contexts(&self) -> Option<Vec<Context>> {
        self.picker.as_ref().map(|_| vec![Context::HandOverPick])
    }
}

/// An action for hand-overs: the picker's, the giver's offer or
/// withdrawal, the receiver's take or decline; and every action on an
/// intake frozen by an offer. `None` leaves it to the rest of the shell.
pub fn on_action(shell: &mut Shell, action: Action) -> Option<Vec<Effect>> {
    let me = shell.session.user.id;
    if let Some(picker) = shell.hand_over.picker.as_mut() {
        let shown = picker.shown().len();
        match action {
            Action::Cancel => shell.hand_over.picker = None,
            Action::Down => picker.selected = (picker.selected + 1).min(shown.saturating_sub(1)),
            Action::Up => picker.selected = picker.selected.saturating_sub(1),
            Action::Confirm => return Some(offer(shell)),
            _ => {}
        }
        return Some(Vec::new());
    }
    match action {
        Action::TakeHandOver | Action::DeclineHandOver => {
            let Some(first) = shell.hand_over.waiting.first() else {
                return Some(Vec::new());
            };
            if shell.hand_over.answering {
                return Some(Vec::new());
            }
            shell.hand_over.answering = true;
            let offer = first.id;
            return Some(vec![Effect::HandOver(if action == Action::TakeHandOver {
                HandOverEffect::Take { offer, user: me }
            } else {
                HandOverEffect::Decline { offer, user: me }
            })]);
        }
        Action::TakeOver if shell.pane == Pane::Intake && shell.intake.session().is_none() => {
            let Some((draft_id, from)) = shell.intake.selected_left_behind() else {
                shell.intake.message = Some(
                    "Move to an intake left behind (listed below yours) to take it over.".into(),
                );
                return Some(Vec::new());
            };
            shell.intake.message = Some(format!("Taking over {from}'s intake…"));
            return Some(vec![Effect::HandOver(HandOverEffect::TakeOver {
                draft_id,
                supervisor: me,
                from,
            })]);
        }
        Action::HandOver if shell.pane == Pane::Intake => {
            if let Some(session) = shell.intake.session()
                && let Some(handing) = &session.handing_over
            {
                // Pressed again: the offer is taken back.
                let local = session.local;
                return Some(match handing.offer_id {
                    Some(offer) => vec![Effect::HandOver(HandOverEffect::Withdraw {
                        local,
                        offer,
                        giver: me,
                    })],
                    None => Vec::new(),
                });
            }
            match shell.intake.hand_over_content() {
                Ok(_) => {
                    shell.hand_over.picker = Some(Picker {
                        loading: true,
                        ..Picker::default()
                    });
                    return Some(vec![Effect::HandOver(HandOverEffect::LoadColleagues {
                        exclude: me,
                    })]);
                }
                Err(message) => {
                    shell.intake.message = Some(message);
                    return Some(Vec::new());
                }
            }
        }
        _ => {}
    }
    // An offered intake takes no typing: it travels as it was offered.
    if shell.pane == Pane::Intake
        && let Some(handing) = shell.intake.frozen()
        && Pane::for_action(action).is_none()
        && !matches!(
            action,
            Action::NextPane | Action::PrevPane | Action::NewIntake
        )
    {
        shell.intake.message = Some(frozen_note(&handing.to_name));
        return Some(Vec::new());
    }
    None
}

fn frozen_note(to: &str) -> String {
    format!("Offered to {to}: waiting for them to take it. Ctrl-P takes the offer back.")
}

/// Sends the offer to the person selected in the picker.
fn offer(shell: &mut Shell) -> Vec<Effect> {
    let Some(picker) = shell.hand_over.picker.as_ref() else {
        return Vec::new();
    };
    let Some(person) = picker.shown().get(picker.selected).map(|c| (*c).clone()) else {
        return Vec::new();
    };
    let content = match shell.intake.hand_over_content() {
        Ok(content) => content,
        Err(message) => {
            if let Some(picker) = shell.hand_over.picker.as_mut() {
                picker.error = Some(message);
            }
            return Vec::new();
        }
    };
    shell.hand_over.picker = None;
    let local = content.local;
    shell.intake.set_handing_over(
        local,
        Some(HandingOver {
            offer_id: None,
            to_name: person.name.clone(),
        }),
    );
    shell.intake.message = Some(format!("Offering this intake to {}…", person.name));
    vec![Effect::HandOver(HandOverEffect::Offer {
        content: Box::new(content),
        operator: shell.session.user.id,
        to_user: person.user_id,
    })]
}

/// A key that is no action: typed into the picker's filter, or refused by
/// an offered intake.
pub fn on_text_key(shell: &mut Shell, key: &KeyEvent) -> bool {
    if let Some(picker) = shell.hand_over.picker.as_mut() {
        picker.filter.handle_key(key);
        picker.selected = 0;
        return true;
    }
    if shell.pane == Pane::Intake
        && let Some(handing) = shell.intake.frozen()
    {
        shell.intake.message = Some(frozen_note(&handing.to_name));
        return true;
    }
    false
}

/// The check to run after another session changed the database.
pub fn check(shell: &Shell) -> Effect {
    Effect::HandOver(HandOverEffect::Check {
        user: shell.session.user.id,
        offers: shell.intake.offers_out(),
    })
}

/// The store answered.
pub fn on_msg(state: &mut State, msg: HandOverMsg) -> Vec<Effect> {
    let forms = std::sync::Arc::clone(&state.forms);
    let Screen::Shell(shell) = &mut state.screen else {
        return Vec::new();
    };
    state.dirty = true;
    match msg {
        HandOverMsg::Colleagues(result) => {
            if let Some(picker) = shell.hand_over.picker.as_mut() {
                picker.loading = false;
                match result {
                    Ok(people) => picker.people = people,
                    Err(message) => picker.error = Some(message),
                }
            }
        }
        HandOverMsg::Offered { local, result } => match result {
            Ok((offer, draft_id)) => {
                if let Some(s) = shell.intake.sessions.iter_mut().find(|s| s.local == local) {
                    s.draft_id = Some(draft_id);
                    if let Some(h) = s.handing_over.as_mut() {
                        h.offer_id = Some(offer);
                        shell.intake.message = Some(frozen_note(&h.to_name));
                    }
                }
            }
            Err(message) => {
                shell.intake.set_handing_over(local, None);
                shell.intake.message = Some(format!("Not handed over: {message}."));
            }
        },
        HandOverMsg::Checked {
            waiting,
            offers,
            still_offered,
        } => {
            // An intake offered before a crash stays frozen after it.
            for (offer, draft_id, to) in still_offered {
                if let Some(s) = shell
                    .intake
                    .sessions
                    .iter_mut()
                    .find(|s| s.draft_id == Some(draft_id) && s.handing_over.is_none())
                {
                    s.handing_over = Some(HandingOver {
                        offer_id: Some(offer),
                        to_name: to,
                    });
                }
            }
            let new = waiting
                .iter()
                .any(|w| !shell.hand_over.waiting.iter().any(|o| o.id == w.id));
            shell.hand_over.waiting = waiting;
            for (local, state, to) in offers {
                settle(shell, local, state, &to);
            }
            if new {
                return vec![Effect::Bell];
            }
        }
        HandOverMsg::Taken { from, result } => {
            shell.hand_over.answering = false;
            match result {
                Ok(draft) => {
                    let id = draft.id;
                    shell.hand_over.waiting.retain(|w| w.draft_id != id);
                    shell.intake.stale.retain(|d| d.id != id);
                    shell.intake.open_taken(&forms, draft);
                    shell.pane = Pane::Intake;
                    shell.intake.message = Some(format!(
                        "✓ Taken from {from}: carry on where they stopped; the call timer runs on."
                    ));
                }
                Err(message) => {
                    state.flash = Some(format!("✗ Not taken: {message}."));
                    return vec![check(shell)];
                }
            }
        }
        HandOverMsg::Declined(result) => {
            shell.hand_over.answering = false;
            if let Err(message) = result {
                state.flash = Some(format!("✗ {message}."));
            }
            return vec![check(shell)];
        }
        HandOverMsg::Withdrawn { local, result } => match result {
            Ok(state) => settle(shell, local, state, ""),
            Err(message) => shell.intake.message = Some(format!("✗ {message}.")),
        },
    }
    Vec::new()
}

/// An offer this session made reached `state`.
fn settle(shell: &mut Shell, local: u64, state: HandOverState, to: &str) {
    match state {
        HandOverState::Offered => {}
        HandOverState::Taken => {
            let to = shell
                .intake
                .sessions
                .iter()
                .find(|s| s.local == local)
                .and_then(|s| s.handing_over.as_ref())
                .map_or_else(|| to.to_string(), |h| h.to_name.clone());
            shell.intake.handed_over(local);
            shell.intake.message =
                Some(format!("✓ Handed over to {to}: the intake is theirs now."));
        }
        HandOverState::Declined => {
            shell.intake.set_handing_over(local, None);
            shell.intake.message = Some(format!(
                "{to} declined: the intake is still yours. Ctrl-P offers it to someone else."
            ));
        }
        HandOverState::Withdrawn => {
            shell.intake.set_handing_over(local, None);
            shell.intake.message = Some("The offer is taken back: the intake is yours.".into());
        }
    }
}
