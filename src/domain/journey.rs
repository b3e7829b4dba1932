//! The case journey at a glance: the timeline's contacts, assessments and
//! level changes, referrals and their outcomes, follow-ups and step changes
//! as marks along a time axis, each a symbol (never colour alone) tied to
//! its timeline entry.

use super::RiskLevel;

/// A mark's symbol and the word the legend gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub symbol: char,
    pub word: &'static str,
}

const CONTACT: Mark = Mark {
    symbol: 'c',
    word: "contact",
};
const ASSESSMENT: Mark = Mark {
    symbol: 'a',
    word: "assessment",
};
const LEVEL_UP: Mark = Mark {
    symbol: '↑',
    word: "level up",
};
const LEVEL_DOWN: Mark = Mark {
    symbol: '↓',
    word: "level down",
};
const REFERRAL: Mark = Mark {
    symbol: 'r',
    word: "referral",
};
const ACCEPTED: Mark = Mark {
    symbol: '✓',
    word: "accepted / done",
};
const REFUSED: Mark = Mark {
    symbol: '✗',
    word: "declined / cancelled",
};
const FOLLOW_UP: Mark = Mark {
    symbol: 'f',
    word: "follow-up",
};
const STEP: Mark = Mark {
    symbol: 's',
    word: "step",
};

/// Every mark, for the legend.
pub const LEGEND: [Mark; 9] = [
    CONTACT, ASSESSMENT, LEVEL_UP, LEVEL_DOWN, REFERRAL, ACCEPTED, REFUSED, FOLLOW_UP, STEP,
];

/// The level a "Risk level set to …" line names.
fn level_named(summary: &str) -> Option<RiskLevel> {
    let word = summary.rsplit(' ').next()?.to_lowercase();
    [
        RiskLevel::None,
        RiskLevel::Low,
        RiskLevel::Medium,
        RiskLevel::High,
        RiskLevel::Critical,
    ]
    .into_iter()
    .find(|l| l.as_str() == word)
}

/// The marks of timeline entries given oldest first as (kind, summary):
/// `None` for entries the strip leaves out (notes, assignments, plans).
/// A level change is up or down against the level before it.
pub fn marks(entries: &[(&str, &str)]) -> Vec<Option<Mark>> {
    let mut level: Option<RiskLevel> = None;
    entries
        .iter()
        .map(|(kind, summary)| match *kind {
            "contact" => Some(CONTACT),
            "assessment" => Some(ASSESSMENT),
            "risk" => {
                let new = level_named(summary);
                let up = match (level, new) {
                    (Some(old), Some(new)) => new >= old,
                    _ => true,
                };
                level = new.or(level);
                Some(if up { LEVEL_UP } else { LEVEL_DOWN })
            }
            "referral" => Some(
                if summary.ends_with("-> Accepted") || summary.ends_with("-> Completed") {
                    ACCEPTED
                } else if summary.ends_with("-> Declined") || summary.ends_with("-> Cancelled") {
                    REFUSED
                } else {
                    REFERRAL
                },
            ),
            "follow_up" => Some(FOLLOW_UP),
            "status" => Some(STEP),
            _ => None,
        })
        .collect()
}

/// The column of each time on an axis `width` columns wide from the
/// earliest to the latest time (all in column 0 when they are equal).
pub fn columns(times: &[i64], width: usize) -> Vec<usize> {
    let (Some(first), Some(last)) = (times.iter().min(), times.iter().max()) else {
        return Vec::new();
    };
    let span = (last - first).max(1) as i128;
    let last_col = width.saturating_sub(1) as i128;
    times
        .iter()
        .map(|t| (((*t - first) as i128 * last_col) / span) as usize)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_mark_and_levels_go_up_or_down() {
        let entries = [
            ("status", "Case opened"),
            ("contact", "Contact by phone call: child about self"),
            ("risk", "Risk level set to high"),
            ("assessment", "ASQ: acute risk"),
            ("note", "Note added"),
            ("risk", "Risk level set to medium"),
            ("risk", "Risk level set to critical"),
            (
                "referral",
                "Referred to Shelter (Trust): urgent, with consent",
            ),
            (
                "referral",
                "Referral to Shelter (Trust): Acknowledged -> Accepted",
            ),
            ("referral", "Referral to Police (Desk): Sent -> Declined"),
            ("follow_up", "Follow-up: reached"),
            ("assigned", "Assigned to amina"),
        ];
        let symbols: String = marks(&entries)
            .iter()
            .map(|m| m.map_or('.', |m| m.symbol))
            .collect();
        assert_eq!(symbols, "sc↑a.↓↑r✓✗f.");
    }

    #[test]
    fn times_spread_across_the_width() {
        let table: [(&[i64], usize, &[usize]); 4] = [
            (&[], 10, &[]),
            (&[5], 10, &[0]),
            (&[0, 50, 100], 11, &[0, 5, 10]),
            (&[100, 0, 99], 5, &[4, 0, 3]),
        ];
        for (times, width, want) in table {
            assert_eq!(columns(times, width), want, "{times:?}");
        }
    }
}
