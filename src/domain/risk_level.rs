//! The app's common risk levels, to which every instrument maps its result.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Common risk level of a case: the highest among the latest assessment of
/// each instrument (see the domain reference, section 4).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    #[default]
    None,
    Low,
    Medium,
    High,
    Critical,
}

impl RiskLevel {
    /// Every level from lowest to highest.
    pub const ALL: [RiskLevel; 5] = [
        RiskLevel::None,
        RiskLevel::Low,
        RiskLevel::Medium,
        RiskLevel::High,
        RiskLevel::Critical,
    ];

    /// The rank stored in the database (0 = none .. 4 = critical), so that
    /// lists sort by risk on an index.
    pub fn rank(self) -> i64 {
        self as i64
    }

    /// The level for a stored rank; out-of-range ranks are clamped so a bad
    /// row can never hide a case by making it unreadable.
    pub fn from_rank(rank: i64) -> RiskLevel {
        match rank {
            i64::MIN..=0 => RiskLevel::None,
            1 => RiskLevel::Low,
            2 => RiskLevel::Medium,
            3 => RiskLevel::High,
            _ => RiskLevel::Critical,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::None => "none",
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
            RiskLevel::Critical => "critical",
        }
    }

    /// A symbol that carries the level without colour (monochrome terminals,
    /// colour-blind operators).
    pub fn symbol(self) -> &'static str {
        match self {
            RiskLevel::None => "·",
            RiskLevel::Low => "▁",
            RiskLevel::Medium => "▃",
            RiskLevel::High => "▆",
            RiskLevel::Critical => "█",
        }
    }

    /// High and critical cases raise alerts.
    pub fn is_urgent(self) -> bool {
        self >= RiskLevel::High
    }
}

impl fmt::Display for RiskLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown risk level `{0}` (expected none, low, medium, high or critical)")]
pub struct UnknownRiskLevel(pub String);

impl FromStr for RiskLevel {
    type Err = UnknownRiskLevel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        RiskLevel::ALL
            .into_iter()
            .find(|l| l.as_str() == wanted)
            .ok_or_else(|| UnknownRiskLevel(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_round_trip_and_order() {
        for level in RiskLevel::ALL {
            assert_eq!(RiskLevel::from_rank(level.rank()), level);
            assert_eq!(level.as_str().parse::<RiskLevel>(), Ok(level));
        }
        assert!(RiskLevel::Critical > RiskLevel::High);
        assert_eq!(RiskLevel::from_rank(-3), RiskLevel::None);
        assert_eq!(RiskLevel::from_rank(99), RiskLevel::Critical);
    }

    #[test]
    fn only_high_and_critical_are_urgent() {
        let urgent: Vec<_> = RiskLevel::ALL
            .into_iter()
            .filter(|l| l.is_urgent())
            .collect();
        assert_eq!(urgent, vec![RiskLevel::High, RiskLevel::Critical]);
    }
}
