//! Everything a key can ask for. Actions are data: keymaps name them, so
//! bindings can be changed in the config without touching code.

use serde::Deserialize;

/// A command the user can give. The snake_case names are used in keymaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    Close,
    Redraw,
    Logout,
    Submit,
    NextField,
    PrevField,
    NextPane,
    PrevPane,
    PaneIntake,
    PaneRisk,
    PaneCases,
    PaneReferrals,
    PaneAlerts,
    PaneServices,
    PaneReports,
}

impl Action {
    /// Every action, for validating keymaps.
    pub const ALL: [Action; 17] = [
        Action::Quit,
        Action::Help,
        Action::Close,
        Action::Redraw,
        Action::Logout,
        Action::Submit,
        Action::NextField,
        Action::PrevField,
        Action::NextPane,
        Action::PrevPane,
        Action::PaneIntake,
        Action::PaneRisk,
        Action::PaneCases,
        Action::PaneReferrals,
        Action::PaneAlerts,
        Action::PaneServices,
        Action::PaneReports,
    ];

    /// The name used in keymap files.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Close => "close",
            Action::Redraw => "redraw",
            Action::Logout => "logout",
            Action::Submit => "submit",
            Action::NextField => "next_field",
            Action::PrevField => "prev_field",
            Action::NextPane => "next_pane",
            Action::PrevPane => "prev_pane",
            Action::PaneIntake => "pane_intake",
            Action::PaneRisk => "pane_risk",
            Action::PaneCases => "pane_cases",
            Action::PaneReferrals => "pane_referrals",
            Action::PaneAlerts => "pane_alerts",
            Action::PaneServices => "pane_services",
            Action::PaneReports => "pane_reports",
        }
    }

    /// What the action does, for the help overlay and the key-hint line.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Quit => "quit helpline",
            Action::Help => "show all keys",
            Action::Close => "close",
            Action::Redraw => "redraw the screen",
            Action::Logout => "log out",
            Action::Submit => "log in",
            Action::NextField => "next field",
            Action::PrevField => "previous field",
            Action::NextPane => "next pane",
            Action::PrevPane => "previous pane",
            Action::PaneIntake => "Intake pane",
            Action::PaneRisk => "Risk pane",
            Action::PaneCases => "Cases pane",
            Action::PaneReferrals => "Referrals pane",
            Action::PaneAlerts => "Alerts pane",
            Action::PaneServices => "Services pane",
            Action::PaneReports => "Reports pane",
        }
    }

    /// Looks an action up by its keymap name.
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(a));
        }
    }
}
