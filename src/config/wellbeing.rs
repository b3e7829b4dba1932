//! `[wellbeing]`: when a worker is offered the short check after a heavy
//! contact, and when their team's supervisors are told without being asked.

use crate::domain::wellbeing::{DEFAULT_HEAVY_REASONS, WellbeingPolicy};
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WellbeingConfig {
    /// Offer the check after every contact completed at critical level.
    pub check_after_critical: bool,
    /// And after contacts for these reasons: subcategory ids (with or
    /// without their category) or category ids.
    pub check_after_reasons: Vec<String>,
    /// Tell the team's supervisors when a worker has handled this many
    /// critical contacts in one shift (8 hours); 0 never.
    pub critical_contacts_per_shift: u32,
}

impl Default for WellbeingConfig {
    fn default() -> Self {
        let policy = WellbeingPolicy::default();
        WellbeingConfig {
            check_after_critical: policy.after_critical,
            check_after_reasons: DEFAULT_HEAVY_REASONS.map(String::from).to_vec(),
            critical_contacts_per_shift: policy.critical_contacts_per_shift,
        }
    }
}

impl WellbeingConfig {
    /// The policy; the error names the key and the bad value.
    pub fn policy(&self) -> Result<WellbeingPolicy, (&'static str, String)> {
        for reason in &self.check_after_reasons {
            let id = reason.trim();
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
            {
                return Err((
                    "check_after_reasons",
                    format!(
                        "`{}` is not a reason id (lower-case letters, digits, '_' and '.')",
                        crate::domain::safe_text::terminal_line(reason, 40)
                    ),
                ));
            }
        }
        Ok(WellbeingPolicy {
            after_critical: self.check_after_critical,
            after_reasons: self
                .check_after_reasons
                .iter()
                .map(|r| r.trim().to_string())
                .collect(),
            critical_contacts_per_shift: self.critical_contacts_per_shift,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_domain_default_and_bad_ids_are_named() {
        assert_eq!(
            WellbeingConfig::default().policy(),
            Ok(WellbeingPolicy::default())
        );
        let bad = WellbeingConfig {
            check_after_reasons: vec!["Sexual violence".into()],
            ..WellbeingConfig::default()
        };
        let (key, message) = bad.policy().unwrap_err();
        assert_eq!(key, "check_after_reasons");
        assert!(message.contains("Sexual violence"), "{message}");
    }
}
