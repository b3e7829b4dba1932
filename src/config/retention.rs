//! `[retention]`: how long each kind of record is kept. Every key is
//! optional; a key left out keeps that kind forever.

use crate::domain::retention::RetentionSchedule;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionConfig {
    /// Intake and dialog drafts untouched this many days are deleted.
    pub drafts_days: Option<u32>,
    /// Closed cases (and contacts without a case) this many years old are
    /// anonymised.
    pub anonymise_closed_after_years: Option<u32>,
    /// Audit rows this many years old are deleted.
    pub audit_keep_years: Option<u32>,
}

impl RetentionConfig {
    /// The schedule, or the key whose value cannot be used and why.
    pub fn schedule(&self) -> Result<RetentionSchedule, (&'static str, String)> {
        let check = |key: &'static str, value: Option<u32>, max: u32, unit: &str| match value {
            Some(v) if v == 0 || v > max => Err((
                key,
                format!("must be between 1 and {max} ({unit}); leave it out to keep forever"),
            )),
            _ => Ok(value),
        };
        Ok(RetentionSchedule {
            drafts_days: check("drafts_days", self.drafts_days, 3650, "days")?,
            anonymise_closed_after_years: check(
                "anonymise_closed_after_years",
                self.anonymise_closed_after_years,
                100,
                "years",
            )?,
            audit_keep_years: check("audit_keep_years", self.audit_keep_years, 100, "years")?,
        })
    }
}
