//! The Alerts pane: open alerts by severity and age, acknowledged one by
//! one; a critical alert only after a confirmation, with an optional note.

use super::action::Action;
use super::keymap::Context;
use super::state::StatusInfo;
use super::text_input::TextInput;
use super::update::Effect;
use crate::domain::RiskLevel;
use crate::store::alert_summary::AlertSummary;
use crate::store::alerts::{AlertRow, AlertViewer};
use ratatui::crossterm::event::KeyEvent;

/// Alerts listed at most; the counts on screen are exact.
pub const ALERT_LIMIT: u32 = 500;

/// Confirming the acknowledgement of a critical alert.
#[derive(Debug, Clone)]
pub struct AckPrompt {
    pub alert_id: i64,
    pub case_number: Option<String>,
    pub severity: RiskLevel,
    /// What was done about it (optional).
    pub note: TextInput,
}

#[derive(Debug, Default)]
pub struct AlertsPane {
    pub rows: Vec<AlertRow>,
    pub selected: usize,
    pub loading: bool,
    pub loaded_once: bool,
    /// The last outcome worth telling (an acknowledgement, a conflict).
    pub message: Option<String>,
    /// Open while a critical alert's acknowledgement waits for a yes.
    pub confirm: Option<AckPrompt>,
}

impl StatusInfo {
    /// The figures of a store summary.
    pub fn from_summary(summary: AlertSummary) -> StatusInfo {
        StatusInfo {
            unacknowledged_alerts: summary.open,
            top_alert: summary.banner,
            critical_alerts: summary.critical,
            escalated_alerts: summary.escalated,
            latest_raise: summary.latest_raise,
            alerts_revision: summary.revision,
        }
    }

    /// Whether moving from `before` to these figures rings the bell: an
    /// alert was raised, or raised in severity, or escalated.
    pub fn rings_after(&self, before: &StatusInfo) -> bool {
        self.unacknowledged_alerts > before.unacknowledged_alerts
            || self.critical_alerts > before.critical_alerts
            || self.escalated_alerts > before.escalated_alerts
            || self.latest_raise > before.latest_raise
    }
}

impl AlertsPane {
    /// The key contexts in force, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        match self.confirm {
            Some(_) => vec![Context::AlertAck],
            None => vec![Context::Alerts],
        }
    }

    /// Whether the note field has the keyboard.
    pub fn typing(&self) -> bool {
        self.confirm.is_some()
    }

    pub fn reload(&mut self, viewer: AlertViewer) -> Vec<Effect> {
        self.loading = true;
        vec![Effect::LoadAlerts { viewer }]
    }

    pub fn on_rows(&mut self, rows: Result<Vec<AlertRow>, String>) {
        self.loading = false;
        self.loaded_once = true;
        match rows {
            Ok(rows) => {
                let keep = self.rows.get(self.selected).map(|r| r.id);
                self.rows = rows;
                self.selected = keep
                    .and_then(|id| self.rows.iter().position(|r| r.id == id))
                    .unwrap_or(self.selected)
                    .min(self.rows.len().saturating_sub(1));
            }
            Err(message) => self.message = Some(message),
        }
    }

    /// Handles a key's action; `viewer` identifies who acknowledges.
    pub fn on_action(&mut self, action: Action, viewer: &AlertViewer, page: usize) -> Vec<Effect> {
        if let Some(prompt) = self.confirm.take() {
            return self.on_confirm_action(action, prompt, viewer.user_id);
        }
        let last = self.rows.len().saturating_sub(1);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown => self.selected = (self.selected + page).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(page),
            Action::First => self.selected = 0,
            Action::Acknowledge => {
                let Some(row) = self.rows.get(self.selected) else {
                    return Vec::new();
                };
                if row.severity == RiskLevel::Critical {
                    self.message = None;
                    self.confirm = Some(AckPrompt {
                        alert_id: row.id,
                        case_number: row.case_number.clone(),
                        severity: row.severity,
                        note: TextInput::default(),
                    });
                    return Vec::new();
                }
                return vec![Effect::AcknowledgeAlert {
                    alert_id: row.id,
                    user_id: viewer.user_id,
                    note: None,
                }];
            }
            Action::Reload => return self.reload(viewer.clone()),
            _ => {}
        }
        Vec::new()
    }

    fn on_confirm_action(
        &mut self,
        action: Action,
        prompt: AckPrompt,
        user_id: i64,
    ) -> Vec<Effect> {
        match action {
            Action::Confirm => {
                let note = prompt.note.value().trim();
                vec![Effect::AcknowledgeAlert {
                    alert_id: prompt.alert_id,
                    user_id,
                    note: (!note.is_empty()).then(|| note.to_string()),
                }]
            }
            Action::Cancel => {
                self.message = Some("Not acknowledged: the alert stays open.".into());
                Vec::new()
            }
            _ => {
                self.confirm = Some(prompt);
                Vec::new()
            }
        }
    }

    /// A key that is no action: it types into the note.
    pub fn on_key(&mut self, key: &KeyEvent) -> bool {
        match &mut self.confirm {
            Some(prompt) => prompt.note.handle_key(key),
            None => false,
        }
    }

    /// Pasted text goes into the note.
    pub fn on_paste(&mut self, text: &str) -> bool {
        match &mut self.confirm {
            Some(prompt) => {
                prompt.note.insert(text);
                true
            }
            None => false,
        }
    }

    /// The case of the selected alert, for opening it in the Cases pane.
    pub fn selected_case(&self) -> Option<i64> {
        self.rows.get(self.selected).and_then(|r| r.case_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(open: i64, critical: i64, escalated: i64, latest: Option<i64>) -> StatusInfo {
        StatusInfo {
            unacknowledged_alerts: open,
            critical_alerts: critical,
            escalated_alerts: escalated,
            latest_raise: latest,
            ..StatusInfo::default()
        }
    }

    #[test]
    fn the_bell_rings_for_a_raise_a_raise_in_severity_or_an_escalation_only() {
        let before = figures(3, 1, 0, Some(100));
        for (after, rings, why) in [
            (figures(4, 1, 0, Some(200)), true, "a new alert"),
            (figures(3, 2, 0, Some(200)), true, "high became critical"),
            (
                figures(3, 1, 1, Some(100)),
                true,
                "a critical alert escalated",
            ),
            (
                figures(3, 1, 0, Some(200)),
                true,
                "one acknowledged, one raised",
            ),
            (figures(2, 1, 0, Some(100)), false, "one acknowledged"),
            (
                figures(3, 0, 0, Some(100)),
                false,
                "a critical one acknowledged",
            ),
            (figures(3, 1, 0, Some(100)), false, "nothing new"),
        ] {
            assert_eq!(after.rings_after(&before), rings, "{why}");
        }
    }
}
