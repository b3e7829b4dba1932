//! The four roles a helpline account can hold.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a user may do is decided by their role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Takes calls and chats, fills the intake, scores risk, refers.
    Operator,
    /// Owns cases, keeps them current, follows up.
    Caseworker,
    /// Assigns work, watches alerts and workload, closes cases.
    Supervisor,
    /// Manages accounts and configuration; has every supervisor right.
    Admin,
}

impl Role {
    /// Every role, in order of increasing authority.
    pub const ALL: [Role; 4] = [
        Role::Operator,
        Role::Caseworker,
        Role::Supervisor,
        Role::Admin,
    ];

    /// The stable lower-case name used in the database, the CLI and the config.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Caseworker => "caseworker",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    /// Human label for screens.
    pub fn label(self) -> &'static str {
        match self {
            Role::Operator => "Operator",
            Role::Caseworker => "Case worker",
            Role::Supervisor => "Supervisor",
            Role::Admin => "Admin",
        }
    }

    /// Supervisors and admins see every case and receive escalated alerts.
    pub fn supervises(self) -> bool {
        matches!(self, Role::Supervisor | Role::Admin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text was not one of the four role names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}` (expected operator, caseworker, supervisor or admin)")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == wanted)
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert_eq!(" Admin ".parse::<Role>(), Ok(Role::Admin));
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn only_supervisors_and_admins_supervise() {
        let supervising: Vec<Role> = Role::ALL.into_iter().filter(|r| r.supervises()).collect();
        assert_eq!(supervising, vec![Role::Supervisor, Role::Admin]);
    }
}
