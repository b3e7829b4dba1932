//! The panes of the main screen, each reachable by a single key.

use super::action::Action;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Pane {
    #[default]
    Intake,
    Risk,
    Cases,
    Referrals,
    Alerts,
    Services,
    Reports,
    FollowUps,
    /// Supervisors only; outside the tab order of `ALL`.
    Wallboard,
}

impl Pane {
    /// In tab order.
    pub const ALL: [Pane; 8] = [
        Pane::Intake,
        Pane::Risk,
        Pane::Cases,
        Pane::Referrals,
        Pane::Alerts,
        Pane::Services,
        Pane::Reports,
        Pane::FollowUps,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Intake => "Intake",
            Pane::Risk => "Risk",
            Pane::Cases => "Cases",
            Pane::Referrals => "Referrals",
            Pane::Alerts => "Alerts",
            Pane::Services => "Services",
            Pane::Reports => "Reports",
            Pane::FollowUps => "Follow-ups",
            Pane::Wallboard => "Wallboard",
        }
    }

    /// The title on a narrow screen.
    pub fn short_title(self) -> &'static str {
        match self {
            Pane::Referrals => "Refer",
            Pane::Services => "Svc",
            Pane::Reports => "Rep",
            Pane::FollowUps => "Follow",
            Pane::Wallboard => "Wall",
            other => other.title(),
        }
    }

    /// The action that opens this pane.
    pub fn action(self) -> Action {
        match self {
            Pane::Intake => Action::PaneIntake,
            Pane::Risk => Action::PaneRisk,
            Pane::Cases => Action::PaneCases,
            Pane::Referrals => Action::PaneReferrals,
            Pane::Alerts => Action::PaneAlerts,
            Pane::Services => Action::PaneServices,
            Pane::Reports => Action::PaneReports,
            Pane::FollowUps => Action::PaneFollowUps,
            Pane::Wallboard => Action::PaneWallboard,
        }
    }

    /// The pane an action opens, if it opens one.
    pub fn for_action(action: Action) -> Option<Pane> {
        Pane::ALL
            .into_iter()
            .chain([Pane::Wallboard])
            .find(|p| p.action() == action)
    }

    fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The next pane in tab order; from the wallboard, the first.
    pub fn next(self) -> Pane {
        if self == Pane::Wallboard {
            return Pane::ALL[0];
        }
        Pane::ALL[(self.index() + 1) % Pane::ALL.len()]
    }

    /// The previous pane in tab order; from the wallboard, the last.
    pub fn prev(self) -> Pane {
        if self == Pane::Wallboard {
            return Pane::ALL[Pane::ALL.len() - 1];
        }
        Pane::ALL[(self.index() + Pane::ALL.len() - 1) % Pane::ALL.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_order_wraps_both_ways() {
        assert_eq!(Pane::FollowUps.next(), Pane::Intake);
        assert_eq!(Pane::Intake.prev(), Pane::FollowUps);
        for p in Pane::ALL {
            assert_eq!(p.next().prev(), p);
            assert_eq!(Pane::for_action(p.action()), Some(p));
        }
    }
}
