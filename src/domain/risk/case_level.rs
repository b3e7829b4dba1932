//! A case's current risk level from its recorded assessments.

use crate::domain::RiskLevel;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// The highest level among the latest assessment of each instrument: a newer
/// ASQ replaces an older ASQ, but a later DASH does not erase an acute ASQ.
/// Intake answers that set a level are passed in as a `cp_risk` assessment,
/// so a newer child-protection assessment replaces them. When two
/// assessments of one instrument share a time, the higher level is kept:
/// with no way to tell which is newer, the safer reading wins.
///
/// Each entry is (instrument id, assessed at, final level); no assessments
/// gives [`RiskLevel::None`].
pub fn current_level<'a>(
    assessments: impl IntoIterator<Item = (&'a str, DateTime<Utc>, RiskLevel)>,
) -> RiskLevel {
    let mut latest: HashMap<&str, (DateTime<Utc>, RiskLevel)> = HashMap::new();
    for (instrument, at, level) in assessments {
        let entry = latest.entry(instrument).or_insert((at, level));
        if at > entry.0 || (at == entry.0 && level > entry.1) {
            *entry = (at, level);
        }
    }
    latest
        .into_values()
        .map(|(_, level)| level)
        .max()
        .unwrap_or(RiskLevel::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use RiskLevel::*;

    /// (instrument, minutes after a fixed start, level)
    type Entry = (&'static str, i64, RiskLevel);

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000 + minute * 60, 0).unwrap()
    }

    #[test]
    fn latest_of_each_instrument_then_highest() {
        let cases: Vec<(&str, Vec<Entry>, RiskLevel)> = vec![
            ("nothing assessed", vec![], None),
            ("one", vec![("asq", 0, High)], High),
            (
                "later DASH keeps acute ASQ",
                vec![("asq", 0, Critical), ("dash", 5, Low)],
                Critical,
            ),
            (
                "newer ASQ replaces older",
                vec![("asq", 0, Critical), ("asq", 5, None)],
                None,
            ),
            (
                "order of the list does not matter",
                vec![("asq", 5, None), ("asq", 0, Critical)],
                None,
            ),
            (
                "newer ASQ with an older DASH",
                vec![("asq", 0, Critical), ("dash", 1, Medium), ("asq", 5, High)],
                High,
            ),
            (
                "intake replaced by a newer CP",
                vec![("cp_risk", 0, Critical), ("cp_risk", 9, Medium)],
                Medium,
            ),
            (
                "same time keeps the higher",
                vec![("dash", 3, Low), ("dash", 3, High), ("dash", 3, Medium)],
                High,
            ),
        ];
        for (name, list, expected) in cases {
            let got = current_level(list.iter().map(|(id, m, level)| (*id, at(*m), *level)));
            assert_eq!(got, expected, "{name}");
        }
    }
}
