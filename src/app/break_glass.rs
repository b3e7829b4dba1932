//! Breaking the glass: the dialog that opens a case outside the viewer's
//! rights once they have written why. The store records the reason, lets
//! them in for the rest of the shift and alerts the supervisors.

use super::action::Action;
use super::message::Effect;
use super::text_input::TextInput;
use crate::domain::access::check_glass_reason;
use ratatui::crossterm::event::KeyEvent;

/// The open dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlassDialog {
    pub case_id: i64,
    /// The case's number when the list knows it.
    pub number: Option<String>,
    pub reason: TextInput,
    pub error: Option<String>,
    /// Sent; waiting for the case.
    pub sending: bool,
}

/// What an action did to the dialog.
#[derive(Debug, PartialEq, Eq)]
pub enum GlassOutcome {
    Stay(Vec<Effect>),
    Close,
}

impl GlassDialog {
    pub fn new(case_id: i64, number: Option<String>) -> GlassDialog {
        GlassDialog {
            case_id,
            number,
            reason: TextInput::default(),
            error: None,
            sending: false,
        }
    }

    /// Enter sends the reason (when it says enough); Esc gives up.
    pub fn on_action(&mut self, action: Action, viewer: i64) -> GlassOutcome {
        match action {
            Action::Cancel => GlassOutcome::Close,
            Action::Confirm if self.sending => GlassOutcome::Stay(Vec::new()),
            Action::Confirm => match check_glass_reason(self.reason.value()) {
                Err(message) => {
                    self.error = Some(message);
                    GlassOutcome::Stay(Vec::new())
                }
                Ok(reason) => {
                    self.error = None;
                    self.sending = true;
                    GlassOutcome::Stay(vec![Effect::BreakGlass {
                        case_id: self.case_id,
                        viewer,
                        reason: reason.to_string(),
                    }])
                }
            },
            _ => GlassOutcome::Stay(Vec::new()),
        }
    }

    /// A key that is no action types into the reason.
    pub fn on_key(&mut self, key: &KeyEvent) {
        if !self.sending {
            self.reason.handle_key(key);
        }
    }

    pub fn on_paste(&mut self, text: &str) {
        if !self.sending {
            self.reason.insert(text);
        }
    }

    /// The store refused (the reason, or the case is gone).
    pub fn on_refused(&mut self, message: String) {
        self.sending = false;
        self.error = Some(message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_needed_before_anything_is_sent() {
        let mut dialog = GlassDialog::new(7, Some("HL-2026-000007".into()));
        assert_eq!(
            dialog.on_action(Action::Confirm, 3),
            GlassOutcome::Stay(Vec::new())
        );
        assert!(dialog.error.is_some());
        dialog.reason.insert("caller says her worker is on leave");
        let GlassOutcome::Stay(effects) = dialog.on_action(Action::Confirm, 3) else {
            panic!("the dialog stays until the case arrives");
        };
        assert_eq!(
            effects,
            vec![Effect::BreakGlass {
                case_id: 7,
                viewer: 3,
                reason: "caller says her worker is on leave".into(),
            }]
        );
        // Enter again while it is on its way sends nothing twice.
        assert_eq!(
            dialog.on_action(Action::Confirm, 3),
            GlassOutcome::Stay(Vec::new())
        );
        assert_eq!(dialog.on_action(Action::Cancel, 3), GlassOutcome::Close);
    }
}
