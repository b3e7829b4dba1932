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
    /// The floor live: for those who oversee it (see [`PaneRights`]).
    Wallboard,
    /// The audit log: supervisors and admins.
    Audit,
}

/// Which of the panes not everyone has a person may open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PaneRights {
    /// The Wallboard: supervisors, and admins given a supervising case role.
    pub floor: bool,
    /// The Audit pane: supervisors and admins.
    pub audit: bool,
}

impl PaneRights {
    /// Every pane (tests and tools).
    pub const ALL: PaneRights = PaneRights {
        floor: true,
        audit: true,
    };

    /// The rights of an account with `role` and this case role.
    pub fn of(role: Role, case_role: crate::domain::access::CaseRole) -> PaneRights {
        PaneRights {
            floor: crate::domain::access::sees_floor(case_role),
            audit: role.supervises(),
        }
    }
}

impl Pane {
    /// In tab order.
    pub const ALL: [Pane; 10] = [
        Pane::Intake,
        Pane::Risk,
        Pane::Cases,
        Pane::Referrals,
        Pane::Alerts,
        Pane::Services,
        Pane::Reports,
        Pane::FollowUps,
        Pane::Wallboard,
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
            Pane::Wallboard => "Wallboard",
            Pane::Audit => "Audit",
        }
    }

    /// The catalog id of the tab's title; `-short` and `-tiny` after it
    /// name the narrower forms (see `assets/i18n/en.ftl`).
    pub fn message_id(self) -> &'static str {
        match self {
            Pane::Intake => "pane-intake",
            Pane::Risk => "pane-risk",
            Pane::Cases => "pane-cases",
            Pane::Referrals => "pane-referrals",
            Pane::Alerts => "pane-alerts",
            Pane::Services => "pane-services",
            Pane::Reports => "pane-reports",
            Pane::FollowUps => "pane-follow-ups",
            Pane::Wallboard => "pane-wallboard",
            Pane::Audit => "pane-audit",
        }
    }

    /// The title on the narrowest screens, when even the short ones do not
    /// fit (80 columns with every pane).
    pub fn tiny_title(self) -> &'static str {
        match self {
            Pane::Intake => "Int",
            Pane::Cases => "Case",
            Pane::Referrals => "Ref",
            Pane::Alerts => "Alrt",
            Pane::FollowUps => "F-up",
            Pane::Audit => "Aud",
            other => other.short_title(),
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

    /// Whether a person with `rights` may open the pane. The tabs of the
    /// panes they may not are not shown to them.
    pub fn open_to(self, rights: PaneRights) -> bool {
        match self {
            Pane::Wallboard => rights.floor,
            Pane::Audit => rights.audit,
            _ => true,
        }
    }

    /// The panes `role` may open, in tab order.
    pub fn shown_to(rights: PaneRights) -> impl Iterator<Item = Pane> {
        Pane::ALL.into_iter().filter(move |p| p.open_to(rights))
    }

    /// The next pane `role` may open.
    pub fn next_for(self, rights: PaneRights) -> Pane {
        let mut pane = self.next();
        while !pane.open_to(rights) && pane != self {
            pane = pane.next();
        }
        pane
    }

    /// The previous pane `role` may open.
    pub fn prev_for(self, rights: PaneRights) -> Pane {
        let mut pane = self.prev();
        while !pane.open_to(rights) && pane != self {
            pane = pane.prev();
        }
        pane
    }

    /// The pane an action brings to the front, if it opens one `role` may
    /// open.
    pub fn target(self, action: Action, rights: PaneRights) -> Option<Pane> {
        match action {
            Action::NextPane => Some(self.next_for(rights)),
            Action::PrevPane => Some(self.prev_for(rights)),
            other => Pane::for_action(other).filter(|p| p.open_to(rights)),
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
        use crate::domain::access::CaseRole;
        let rights = |role| PaneRights::of(role, CaseRole::of(role, None, None));
        for role in [Role::Operator, Role::Caseworker] {
            let role = rights(role);
            assert_eq!(Pane::FollowUps.next_for(role), Pane::Intake);
            assert_eq!(Pane::Intake.prev_for(role), Pane::FollowUps);
            assert_eq!(Pane::Intake.target(Action::PaneAudit, role), None);
            assert!(!Pane::shown_to(role).any(|p| p == Pane::Audit));
        }
        for role in [Role::Supervisor, Role::Admin] {
            let role = rights(role);
            assert_eq!(Pane::Wallboard.next_for(role), Pane::Audit);
            assert_eq!(
                Pane::Intake.target(Action::PaneAudit, role),
                Some(Pane::Audit)
            );
        }
    }
}
