//! `[floor]`: the supervisor's wallboard and workload: when a contact has
//! gone on too long, how much an open case weighs by its risk level, and
//! the weighted caseload above which an assignment asks for a reason.

use crate::domain::workload::{Cap, RiskWeights};
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FloorConfig {
    /// A contact in progress longer than this is flagged on the wallboard.
    pub handle_time_minutes: u32,
    /// Weighted caseload above which assigning asks for a reason (0: no cap).
    pub caseload_cap: u32,
    /// Weight of an open case by its risk level.
    pub weight_critical: u32,
    pub weight_high: u32,
    pub weight_medium: u32,
    pub weight_low: u32,
    /// A case not assessed yet.
    pub weight_none: u32,
}

impl Default for FloorConfig {
    fn default() -> Self {
        let w = RiskWeights::default();
        FloorConfig {
            handle_time_minutes: 20,
            caseload_cap: Cap::default().0.unwrap_or(0),
            weight_critical: w.critical,
            weight_high: w.high,
            weight_medium: w.medium,
            weight_low: w.low,
            weight_none: w.none,
        }
    }
}

impl FloorConfig {
    pub fn weights(&self) -> RiskWeights {
        RiskWeights {
            none: self.weight_none,
            low: self.weight_low,
            medium: self.weight_medium,
            high: self.weight_high,
            critical: self.weight_critical,
        }
    }

    pub fn cap(&self) -> Cap {
        Cap((self.caseload_cap > 0).then_some(self.caseload_cap))
    }

    /// The key and the reason when a value is out of range.
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if !(1..=1440).contains(&self.handle_time_minutes) {
            return Err((
                "handle_time_minutes",
                "must be between 1 and 1440 (minutes)".into(),
            ));
        }
        for (key, weight) in [
            ("weight_critical", self.weight_critical),
            ("weight_high", self.weight_high),
            ("weight_medium", self.weight_medium),
            ("weight_low", self.weight_low),
            ("weight_none", self.weight_none),
        ] {
            if weight > 100 {
                return Err((key, "must be between 0 and 100".into()));
            }
        }
        if self.caseload_cap > 100_000 {
            return Err((
                "caseload_cap",
                "must be between 0 (no cap) and 100000".into(),
            ));
        }
        Ok(())
    }
}
