//! `[directory]`: who may add, edit and retire services in the referral
//! directory (supervisors and admins unless named otherwise).

use crate::domain::Role;
use crate::domain::access::{DEFAULT_DIRECTORY_EDITORS, RoleSet};
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DirectoryConfig {
    /// Roles that may change the directory: any of operator, caseworker,
    /// supervisor, admin.
    pub editors: Vec<String>,
}

impl Default for DirectoryConfig {
    fn default() -> Self {
        DirectoryConfig {
            editors: DEFAULT_DIRECTORY_EDITORS
                .iter()
                .map(|r| r.as_str().to_string())
                .collect(),
        }
    }
}

impl DirectoryConfig {
    /// The editors as roles; the error names the key and the bad value.
    pub fn editors(&self) -> Result<RoleSet, (&'static str, String)> {
        let mut roles = Vec::new();
        for name in &self.editors {
            match name.parse::<Role>() {
                Ok(role) => roles.push(role),
                Err(e) => return Err(("editors", e.to_string())),
            }
        }
        if roles.is_empty() {
            return Err((
                "editors",
                "name at least one role, or nobody could keep the directory current".into(),
            ));
        }
        Ok(RoleSet::of(&roles))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_are_role_names_and_never_nobody() {
        assert_eq!(DirectoryConfig::default().editors(), Ok(RoleSet::default()));
        let named = DirectoryConfig {
            editors: vec!["caseworker".into(), "Supervisor".into()],
        };
        assert_eq!(
            named.editors(),
            Ok(RoleSet::of(&[Role::Caseworker, Role::Supervisor]))
        );
        let bad = DirectoryConfig {
            editors: vec!["root".into()],
        };
        assert!(bad.editors().unwrap_err().1.contains("root"));
        let empty = DirectoryConfig { editors: vec![] };
        assert!(empty.editors().is_err());
    }
}
