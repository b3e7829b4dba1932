//! Support for the person at the keyboard: the short, skippable check
//! after a heavy contact (how they are, then take a break, talk to a
//! supervisor or carry on), and their own view of their shift.

use super::action::Action;
use super::keymap::Context;
use super::state::Shell;
use super::update::Effect;
use crate::domain::wellbeing::{Feeling, HeavyContact, NextMove, ShiftSummary};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// The window in which critical contacts count as one shift.
pub const SHIFT_SECS: i64 = super::intake::SHIFT_SECS;

/// Store work for wellbeing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WellbeingEffect {
    RecordCheck {
        user_id: i64,
        contact_id: Option<i64>,
        feeling: Option<Feeling>,
        next: NextMove,
    },
    /// The person's own shift since `since` (their login).
    LoadShift { user_id: i64, since: i64 },
}

/// The store's answers.
#[derive(Debug, Clone)]
pub enum WellbeingMsg {
    CheckRecorded {
        next: NextMove,
        result: Result<(), String>,
    },
    ShiftLoaded(Result<ShiftSummary, String>),
}

/// The check offered after a heavy contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WellbeingCheck {
    pub heavy: HeavyContact,
    pub feeling: Option<Feeling>,
    pub sending: bool,
    pub error: Option<String>,
}

/// The person's own shift, while its view is open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShiftView {
    pub summary: Option<ShiftSummary>,
    pub error: Option<String>,
}

/// Everything of wellbeing a session shows.
#[derive(Debug, Clone, Default)]
pub struct Wellbeing {
    pub check: Option<WellbeingCheck>,
    pub shift: Option<ShiftView>,
}

impl Wellbeing {
    /// The key contexts in force while an overlay is open.
    pub fn contexts(&self) -> Option<Vec<Context>> {
        if self.check.is_some() {
            Some(vec![Context::WellbeingCheck])
        } else if self.shift.is_some() {
            Some(vec![Context::MyShift])
        } else {
            None
        }
    }

    /// Offers the check after a heavy contact.
    pub fn offer(&mut self, heavy: HeavyContact) {
        self.check = Some(WellbeingCheck {
            heavy,
            feeling: None,
            sending: false,
            error: None,
        });
    }
}

/// An action while the check or the shift view is open, or the one that
/// opens the shift view; `None` leaves it to the rest of the shell.
pub fn on_action(shell: &mut Shell, action: Action) -> Option<Vec<Effect>> {
    let user_id = shell.session.user.id;
    if action == Action::MyShift && shell.wellbeing.check.is_none() {
        shell.wellbeing.shift = Some(ShiftView::default());
        let since = shell.session.started_at.timestamp();
        return Some(vec![Effect::Wellbeing(WellbeingEffect::LoadShift {
            user_id,
            since,
        })]);
    }
    if let Some(check) = shell.wellbeing.check.as_mut() {
        // A new call comes first: the check steps aside, unanswered.
        if action == Action::NewIntake {
            shell.wellbeing.check = None;
            return None;
        }
        let next = match action {
            Action::Cancel => {
                shell.wellbeing.check = None;
                return Some(Vec::new());
            }
            Action::TakeBreak => NextMove::TakeBreak,
            Action::TalkToSupervisor => NextMove::TalkToSupervisor,
            Action::CarryOn => NextMove::CarryOn,
            _ => return Some(Vec::new()),
        };
        if check.sending {
            return Some(Vec::new());
        }
        check.sending = true;
        check.error = None;
        return Some(vec![Effect::Wellbeing(WellbeingEffect::RecordCheck {
            user_id,
            contact_id: Some(check.heavy.contact_id),
            feeling: check.feeling,
            next,
        })]);
    }
    if shell.wellbeing.shift.is_some() {
        if matches!(action, Action::Cancel | Action::Close | Action::MyShift) {
            shell.wellbeing.shift = None;
        }
        if action == Action::NewIntake {
            shell.wellbeing.shift = None;
            return None;
        }
        return Some(Vec::new());
    }
    None
}

/// A key that is no action: a digit answers how the person is.
pub fn on_text_key(shell: &mut Shell, key: &KeyEvent) -> bool {
    if let Some(check) = shell.wellbeing.check.as_mut() {
        if let KeyCode::Char(c) = key.code
            && let Some(feeling) = c
                .to_digit(10)
                .and_then(|d| u8::try_from(d).ok())
                .and_then(Feeling::new)
        {
            check.feeling = Some(feeling);
        }
        return true;
    }
    shell.wellbeing.shift.is_some()
}

/// The store answered.
pub fn on_msg(shell: &mut Shell, msg: WellbeingMsg) -> Option<String> {
    match msg {
        WellbeingMsg::CheckRecorded { next, result } => match result {
            Ok(()) => {
                shell.wellbeing.check = None;
                if next == NextMove::TakeBreak {
                    // On the floor as on a break, until the person's break
                    // key brings them back.
                    shell.presence.on_break = true;
                }
                Some(
                    match next {
                        NextMove::TakeBreak => {
                            "✓ On a break: take the time you need. Press b when you are back."
                        }
                        NextMove::TalkToSupervisor => {
                            "✓ Your team's supervisors have been told you would like to talk."
                        }
                        NextMove::CarryOn => "✓ Noted. Your answers stay yours.",
                    }
                    .to_string(),
                )
            }
            Err(message) => {
                if let Some(check) = shell.wellbeing.check.as_mut() {
                    check.sending = false;
                    check.error = Some(format!("Not recorded: {message}. Try again, or Esc."));
                }
                None
            }
        },
        WellbeingMsg::ShiftLoaded(result) => {
            if let Some(view) = shell.wellbeing.shift.as_mut() {
                match result {
                    Ok(summary) => view.summary = Some(summary),
                    Err(message) => view.error = Some(message),
                }
            }
            None
        }
    }
}
