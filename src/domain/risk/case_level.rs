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

/// What a recorded level rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelBasis {
    /// An instrument was run (in the Risk pane or during an intake).
    Instrument,
    /// Intake answers that set a level (a child in immediate danger): they
    /// count as a child-protection assessment until a newer one.
    IntakeAnswers,
    /// A provisional floor the intake's reasons set ("suicidal thoughts →
    /// at least high"): it holds until any instrument is run after it.
    Provisional,
}

/// One recorded level of a case, for [`case_level`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelEntry<'a> {
    pub instrument: &'a str,
    pub at: DateTime<Utc>,
    pub level: RiskLevel,
    pub basis: LevelBasis,
}

/// A case's level: [`current_level`] over its recorded levels, where a
/// provisional floor counts only while no instrument has been run at or
/// after its time, and never replaces (nor is replaced by) a real result
/// of the same instrument: a newer floor on a returning caller still
/// raises a case whose old screen was negative.
pub fn case_level(entries: &[LevelEntry<'_>]) -> RiskLevel {
    let last_run = entries
        .iter()
        .filter(|e| e.basis == LevelBasis::Instrument)
        .map(|e| e.at)
        .max();
    let standing = entries
        .iter()
        .filter(|e| e.basis != LevelBasis::Provisional || last_run.is_none_or(|run| run < e.at));
    let (floors, recorded): (Vec<&LevelEntry<'_>>, Vec<&LevelEntry<'_>>) =
        standing.partition(|e| e.basis == LevelBasis::Provisional);
    let floor = floors.iter().map(|e| e.level).max().unwrap_or_default();
    current_level(recorded.iter().map(|e| (e.instrument, e.at, e.level))).max(floor)
}

/// Whether a case still waits for an instrument: a provisional floor with
/// no instrument run at or after it ("risk not assessed").
pub fn not_assessed(entries: &[LevelEntry<'_>]) -> bool {
    let last_run = entries
        .iter()
        .filter(|e| e.basis == LevelBasis::Instrument)
        .map(|e| e.at)
        .max();
    entries
        .iter()
        .any(|e| e.basis == LevelBasis::Provisional && last_run.is_none_or(|run| run < e.at))
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

    #[test]
    fn provisional_floors_hold_until_an_instrument_is_run() {
        use LevelBasis::*;
        let e = |instrument, minute, level, basis| LevelEntry {
            instrument,
            at: at(minute),
            level,
            basis,
        };
        type Case<'a> = (&'a str, Vec<LevelEntry<'a>>, RiskLevel, bool);
        let cases: Vec<Case> = vec![
            (
                "suicidal reason, nothing run",
                vec![e("asq", 0, High, Provisional)],
                High,
                true,
            ),
            (
                "negative ASQ afterwards says otherwise",
                vec![
                    e("asq", 0, High, Provisional),
                    e("asq", 5, None, Instrument),
                ],
                None,
                false,
            ),
            (
                "any instrument run afterwards ends the floor",
                vec![
                    e("asq", 0, High, Provisional),
                    e("cp_risk", 5, Low, Instrument),
                ],
                Low,
                false,
            ),
            (
                "run during the same intake",
                vec![
                    e("cp_risk", 0, High, Provisional),
                    e("asq", 0, None, Instrument),
                ],
                None,
                false,
            ),
            (
                "intake answers do not end a floor",
                vec![
                    e("asq", 0, High, Provisional),
                    e("cp_risk", 0, Medium, IntakeAnswers),
                ],
                High,
                true,
            ),
            (
                "immediate danger above a floor",
                vec![
                    e("asq", 0, High, Provisional),
                    e("cp_risk", 0, Critical, IntakeAnswers),
                ],
                Critical,
                true,
            ),
            (
                "a returning caller's new floor over an old negative screen",
                vec![
                    e("asq", 0, None, Instrument),
                    e("asq", 9, High, Provisional),
                ],
                High,
                true,
            ),
            (
                "the highest floor counts",
                vec![
                    e("asq", 0, High, Provisional),
                    e("cp_risk", 0, Critical, Provisional),
                ],
                Critical,
                true,
            ),
            ("nothing recorded", vec![], None, false),
        ];
        for (name, entries, level, waiting) in cases {
            assert_eq!(case_level(&entries), level, "{name}");
            assert_eq!(not_assessed(&entries), waiting, "{name}");
        }
    }
}
