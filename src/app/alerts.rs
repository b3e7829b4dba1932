//! The Alerts pane: open alerts by severity and age, acknowledged one by one.

use super::action::Action;
use super::update::Effect;
use crate::store::alerts::{AlertRow, AlertViewer};

/// Alerts listed at most; the count in the status bar is exact.
pub const ALERT_LIMIT: u32 = 500;

#[derive(Debug, Default)]
pub struct AlertsPane {
    pub rows: Vec<AlertRow>,
    pub selected: usize,
    pub loading: bool,
    pub loaded_once: bool,
    /// The last outcome worth telling (an acknowledgement, a conflict).
    pub message: Option<String>,
}

impl AlertsPane {
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
        let last = self.rows.len().saturating_sub(1);
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown => self.selected = (self.selected + page).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(page),
            Action::First => self.selected = 0,
            Action::Acknowledge => {
                if let Some(row) = self.rows.get(self.selected) {
                    return vec![Effect::AcknowledgeAlert {
                        alert_id: row.id,
                        user_id: viewer.user_id,
                    }];
                }
            }
            Action::Reload => return self.reload(viewer.clone()),
            _ => {}
        }
        Vec::new()
    }

    /// The case of the selected alert, for opening it in the Cases pane.
    pub fn selected_case(&self) -> Option<i64> {
        self.rows.get(self.selected).and_then(|r| r.case_id)
    }
}
