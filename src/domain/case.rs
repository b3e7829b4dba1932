//! Case identity and lifecycle steps.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The human-readable case number, `HL-2026-000123`: the year the case was
/// opened and a sequence that restarts each year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseNumber {
    pub year: i32,
    pub seq: u32,
}

impl CaseNumber {
    pub const PREFIX: &'static str = "HL";
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:04}-{:06}", Self::PREFIX, self.year, self.seq)
    }
}

/// The text is not a case number of the form `HL-YYYY-NNNNNN`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a case number like HL-2026-000123")]
pub struct BadCaseNumber(pub String);

impl FromStr for CaseNumber {
    type Err = BadCaseNumber;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadCaseNumber(s.to_string());
        let mut parts = s.trim().split('-');
        let (Some(prefix), Some(year), Some(seq), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if !prefix.eq_ignore_ascii_case(Self::PREFIX) || year.len() != 4 || seq.is_empty() {
            return Err(bad());
        }
        let year = year.parse::<i32>().map_err(|_| bad())?;
        let seq = seq.parse::<u32>().map_err(|_| bad())?;
        Ok(CaseNumber { year, seq })
    }
}

/// Case-management steps (domain reference, section 5). A closed case can be
/// reopened; the allowed moves between steps are kept as data by the
/// workflow rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Open,
    Assessment,
    CasePlan,
    InService,
    FollowUp,
    Closed,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 6] = [
        CaseStatus::Open,
        CaseStatus::Assessment,
        CaseStatus::CasePlan,
        CaseStatus::InService,
        CaseStatus::FollowUp,
        CaseStatus::Closed,
    ];

    /// Stable name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::Assessment => "assessment",
            CaseStatus::CasePlan => "case_plan",
            CaseStatus::InService => "in_service",
            CaseStatus::FollowUp => "follow_up",
            CaseStatus::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseStatus::Open => "Open",
            CaseStatus::Assessment => "Assessment",
            CaseStatus::CasePlan => "Case plan",
            CaseStatus::InService => "In service",
            CaseStatus::FollowUp => "Follow-up",
            CaseStatus::Closed => "Closed",
        }
    }

    pub fn is_open(self) -> bool {
        self != CaseStatus::Closed
    }
}

impl fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown case status `{0}`")]
pub struct UnknownCaseStatus(pub String);

impl FromStr for CaseStatus {
    type Err = UnknownCaseStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CaseStatus::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or_else(|| UnknownCaseStatus(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_format_and_parse() {
        let n = CaseNumber {
            year: 2026,
            seq: 123,
        };
        assert_eq!(n.to_string(), "HL-2026-000123");
        assert_eq!("HL-2026-000123".parse::<CaseNumber>(), Ok(n));
        assert_eq!("hl-2026-123".parse::<CaseNumber>(), Ok(n));
        let big = CaseNumber {
            year: 2026,
            seq: 1_234_567,
        };
        assert_eq!(big.to_string(), "HL-2026-1234567");
        for bad in [
            "",
            "HL",
            "HL-26-000001",
            "XX-2026-000001",
            "HL-2026-",
            "HL-2026-1-2",
            "HL-2026-abc",
        ] {
            assert!(bad.parse::<CaseNumber>().is_err(), "{bad}");
        }
    }

    #[test]
    fn statuses_round_trip() {
        for s in CaseStatus::ALL {
            assert_eq!(s.as_str().parse::<CaseStatus>(), Ok(s));
        }
        assert!(!CaseStatus::Closed.is_open());
        assert!(CaseStatus::FollowUp.is_open());
    }
}
