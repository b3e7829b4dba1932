//! Need-to-know: who may see and change which case. One table, read by
//! the store (which turns it into the lists' conditions, see
//! `store::case_access`) and by the screens (which offer only what it
//! allows), and tested as a matrix of role × relation × action.
//!
//! - Operators see the cases of contacts they took (and cases assigned to
//!   them); of any other case only a minimal search result: case number,
//!   initials, age and level, so that a returning caller is recognised.
//! - Case workers see their own cases and their team's. Accounts without a
//!   team are one team with the cases in none: a helpline that does not
//!   use teams works as one team.
//! - Supervisors see their team's cases and those not yet in any team (the
//!   intake queue); a supervisor without a team oversees the whole floor.
//! - Admins manage accounts and configuration and read no case content,
//!   unless their account is also given a case role.
//! - A restricted case (a staff member's child, a public figure) is seen
//!   only by its worker and the supervisors who oversee it.
//! - Anyone may break the glass: open a case outside their rights with a
//!   written reason, which is audited and alerts the supervisors.

use super::Role;

/// How the viewer stands to one case, from the closest tie down. A case
/// may hold several ties; `CaseTies` lists them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    /// The case's assigned worker.
    Worker,
    /// Took one of the case's contacts.
    TookContact,
    /// The case belongs to the viewer's team (for a viewer in no team: the
    /// case is in none either).
    Team,
    /// The case is in no team yet (opened by an intake, not assigned).
    NoTeam,
    /// Any other case.
    Other,
}

impl Relation {
    pub const ALL: [Relation; 5] = [
        Relation::Worker,
        Relation::TookContact,
        Relation::Team,
        Relation::NoTeam,
        Relation::Other,
    ];
}

/// What someone wants to do with a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseAction {
    /// See it in a list or a search result with its details, open it,
    /// read its timeline.
    View,
    /// Add to it or change it: notes, assessments, referrals, plan, steps.
    Change,
    /// See the minimal search result: number, initials, age, level.
    SearchMinimal,
    /// Mark it restricted, or lift the restriction.
    Restrict,
}

/// The viewer as need-to-know sees them: the role they hold on cases
/// (an admin's is none unless given one) and whether they oversee the
/// whole floor (a supervisor without a team).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CaseRole {
    pub role: Option<Role>,
    /// A supervising role with no team: every case is in its team.
    pub whole_floor: bool,
}

impl CaseRole {
    /// The case role of an account: its own role, except an admin's, which
    /// is the case role the account was given, if any.
    pub fn of(role: Role, admin_case_role: Option<Role>, team: Option<&str>) -> CaseRole {
        let role = match role {
            Role::Admin => admin_case_role.filter(|r| *r != Role::Admin),
            other => Some(other),
        };
        let whole_floor = role.is_some_and(Role::supervises) && team.is_none();
        CaseRole { role, whole_floor }
    }

    /// Whether this account reads case content at all.
    pub fn reads_cases(self) -> bool {
        self.role.is_some()
    }
}

/// Whether an account sees the floor: the supervisor's wallboard, who is
/// present in what state, and everyone's workload. Supervisors, and admins
/// given a supervising case role; never operators or case workers.
pub fn sees_floor(case_role: CaseRole) -> bool {
    case_role.role.is_some_and(Role::supervises)
}

/// Who is looking, as the store's lists and searches need it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Viewer {
    pub user_id: i64,
    pub case_role: CaseRole,
    pub team: Option<String>,
    /// False when the viewer is known to hold no live broken-glass grant,
    /// which spares every list a look-up per row.
    pub may_hold_grants: bool,
}

impl Viewer {
    /// A supervisor overseeing the whole floor, for the tools that act for
    /// the organisation rather than for one person (the load test).
    pub fn whole_floor(user_id: i64) -> Viewer {
        Viewer {
            user_id,
            case_role: CaseRole::of(Role::Supervisor, None, None),
            team: None,
            may_hold_grants: true,
        }
    }
}

/// The answer for one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Not within this person's work; they may break the glass.
    NeedToKnow,
}

/// Everything about one case that decides access for one viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CaseTies {
    pub worker: bool,
    pub took_contact: bool,
    pub team: bool,
    pub no_team: bool,
    pub restricted: bool,
    /// The viewer broke the glass on this case and the grant still runs.
    pub glass_broken: bool,
}

impl CaseTies {
    /// The closest relation the viewer has to the case.
    pub fn relation(&self) -> Relation {
        if self.worker {
            Relation::Worker
        } else if self.took_contact {
            Relation::TookContact
        } else if self.team {
            Relation::Team
        } else if self.no_team {
            Relation::NoTeam
        } else {
            Relation::Other
        }
    }
}

/// The matrix: may someone holding `role` do `action` on a case they stand
/// to as `relation`, restricted or not? A glass broken on the case allows
/// viewing and changing it regardless.
pub fn decide(
    role: CaseRole,
    relation: Relation,
    restricted: bool,
    action: CaseAction,
) -> Decision {
    use Decision::{Allow, NeedToKnow};
    let Some(held) = role.role else {
        return NeedToKnow;
    };
    let supervises = held.supervises();
    let allowed = match action {
        CaseAction::Restrict => supervises && oversees(role, relation),
        CaseAction::SearchMinimal => {
            !restricted || sees(role, held, relation, restricted, supervises)
        }
        CaseAction::View | CaseAction::Change => sees(role, held, relation, restricted, supervises),
    };
    if allowed { Allow } else { NeedToKnow }
}

/// Whether a supervising role oversees the case: their team's, the intake
/// queue's, their own; every case for a whole-floor supervisor.
fn oversees(role: CaseRole, relation: Relation) -> bool {
    role.whole_floor || relation != Relation::Other
}

fn sees(
    role: CaseRole,
    held: Role,
    relation: Relation,
    restricted: bool,
    supervises: bool,
) -> bool {
    if supervises {
        return oversees(role, relation);
    }
    match relation {
        Relation::Worker => true,
        _ if restricted => false,
        Relation::TookContact => true,
        Relation::Team => held == Role::Caseworker,
        Relation::NoTeam | Relation::Other => false,
    }
}

/// The decision for one case with all its ties, a live glass grant
/// included.
pub fn decide_for(role: CaseRole, ties: &CaseTies, action: CaseAction) -> Decision {
    let plain = decide(role, ties.relation(), ties.restricted, action);
    if plain == Decision::NeedToKnow
        && ties.glass_broken
        && matches!(action, CaseAction::View | CaseAction::Change)
    {
        return Decision::Allow;
    }
    plain
}

/// A set of roles, e.g. those who may change the service directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RoleSet(u8);

impl RoleSet {
    pub fn of(roles: &[Role]) -> RoleSet {
        RoleSet(roles.iter().fold(0, |bits, r| bits | RoleSet::bit(*r)))
    }

    fn bit(role: Role) -> u8 {
        1 << (role as u8)
    }

    pub fn contains(self, role: Role) -> bool {
        self.0 & RoleSet::bit(role) != 0
    }

    /// The roles in the set, in order of increasing authority.
    pub fn roles(self) -> Vec<Role> {
        Role::ALL
            .into_iter()
            .filter(|r| self.contains(*r))
            .collect()
    }
}

/// Who may add, edit and retire services unless the configuration names
/// other roles (`[directory] editors`).
pub const DEFAULT_DIRECTORY_EDITORS: [Role; 2] = [Role::Supervisor, Role::Admin];

impl Default for RoleSet {
    fn default() -> Self {
        RoleSet::of(&DEFAULT_DIRECTORY_EDITORS)
    }
}

/// The shortest written reason accepted for breaking the glass: enough
/// for a supervisor reading it later to understand why.
pub const MIN_GLASS_REASON_CHARS: usize = 10;

/// How long a broken glass lets its person into the case, in seconds: the
/// rest of a shift.
pub const GLASS_GRANT_SECS: i64 = 12 * 3600;

/// Checks a break-the-glass reason; the error is the message to show.
pub fn check_glass_reason(reason: &str) -> Result<&str, String> {
    let reason = reason.trim();
    if reason.chars().count() < MIN_GLASS_REASON_CHARS {
        return Err(format!(
            "Say why you need this case (at least {MIN_GLASS_REASON_CHARS} characters): \
             the supervisors read it."
        ));
    }
    Ok(reason)
}

/// Initials of a name for a minimal search result: "Wanjiku Kamau" →
/// "W. K.". No name gives "—".
pub fn initials(name: Option<&str>) -> String {
    let letters: Vec<String> = name
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect();
    if letters.is_empty() {
        "—".to_string()
    } else {
        letters.join(" ")
    }
}

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
