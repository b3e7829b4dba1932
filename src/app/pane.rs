//! The panes of the main screen, each reachable by a single key.

use super::action::Action;
use crate::domain::Role;

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
    Audit,
}

impl Pane {
    /// In tab order.
    pub const ALL: [Pane; 9] = [
        Pane::Intake,
        Pane::Risk,
        Pane::Cases,
        Pane::Referrals,
        Pane::Alerts,
        Pane::Services,
        Pane::Reports,
        Pane::FollowUps,
        Pane::Audit,
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
            Pane::Audit => "Audit",
        }
    }

    /// The title on a narrow screen.
    pub fn short_title(self) -> &'static str {
        match self {
            Pane::Referrals => "Refer",
            Pane::Services => "Svc",
            Pane::Reports => "Rep",
            Pane::FollowUps => "Follow",
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
            Pane::Audit => Action::PaneAudit,
        }
    }

    /// The pane an action opens, if it opens one.
    pub fn for_action(action: Action) -> Option<Pane> {
        Pane::ALL.into_iter().find(|p| p.action() == action)
    }

    fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn next(self) -> Pane {
        Pane::ALL[(self.index() + 1) % Pane::ALL.len()]
    }

    pub fn prev(self) -> Pane {
        Pane::ALL[(self.index() + Pane::ALL.len() - 1) % Pane::ALL.len()]
    }

    /// Whether a person in `role` may open the pane: the audit log is for
    /// supervisors and admins, and its tab is not shown to anyone else.
    pub fn open_to(self, role: Role) -> bool {
        match self {
            Pane::Audit => role.supervises(),
            _ => true,
        }
    }

    /// The panes `role` may open, in tab order.
    pub fn shown_to(role: Role) -> impl Iterator<Item = Pane> {
        Pane::ALL.into_iter().filter(move |p| p.open_to(role))
    }

    /// The next pane `role` may open.
    pub fn next_for(self, role: Role) -> Pane {
        let mut pane = self.next();
        while !pane.open_to(role) && pane != self {
            pane = pane.next();
        }
        pane
    }

    /// The previous pane `role` may open.
    pub fn prev_for(self, role: Role) -> Pane {
        let mut pane = self.prev();
        while !pane.open_to(role) && pane != self {
            pane = pane.prev();
        }
        pane
    }

    /// The pane an action brings to the front, if it opens one `role` may
    /// open.
    pub fn target(self, action: Action, role: Role) -> Option<Pane> {
        match action {
            Action::NextPane => Some(self.next_for(role)),
            Action::PrevPane => Some(self.prev_for(role)),
            other => Pane::for_action(other).filter(|p| p.open_to(role)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_order_wraps_both_ways() {
        assert_eq!(Pane::Audit.next(), Pane::Intake);
        assert_eq!(Pane::Intake.prev(), Pane::Audit);
        for p in Pane::ALL {
            assert_eq!(p.next().prev(), p);
            assert_eq!(Pane::for_action(p.action()), Some(p));
        }
    }

    #[test]
    fn the_audit_pane_is_skipped_and_refused_for_operators_and_case_workers() {
        for role in [Role::Operator, Role::Caseworker] {
            assert_eq!(Pane::FollowUps.next_for(role), Pane::Intake);
            assert_eq!(Pane::Intake.prev_for(role), Pane::FollowUps);
            assert_eq!(Pane::Intake.target(Action::PaneAudit, role), None);
            assert!(!Pane::shown_to(role).any(|p| p == Pane::Audit));
        }
        for role in [Role::Supervisor, Role::Admin] {
            assert_eq!(Pane::FollowUps.next_for(role), Pane::Audit);
            assert_eq!(
                Pane::Intake.target(Action::PaneAudit, role),
                Some(Pane::Audit)
            );
        }
    }
}
