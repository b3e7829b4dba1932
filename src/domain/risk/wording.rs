//! How an assessment is named on a case's timeline: one line a supervisor
//! reads at a glance, e.g. "ASQ: acute positive screen → critical".

use super::instrument::Instrument;
use crate::domain::RiskLevel;

/// The instrument's short name: the first word of its title written in
/// capitals ("ASQ", "C-SSRS", "DASH"), else the whole title.
pub fn short_name(instrument: &Instrument) -> String {
    short_title(instrument.title())
}

fn short_title(title: &str) -> String {
    title
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase)
        })
        .map_or_else(|| title.to_string(), str::to_string)
}

/// The timeline line of a stored assessment: the instrument, its result in
/// words and the level, with a raise by professional judgement named. No
/// score: most screens have none, and "(0/0)" reads as a failure.
pub fn timeline_summary(
    instrument: &Instrument,
    result_label: &str,
    computed: RiskLevel,
    final_level: RiskLevel,
) -> String {
    let mut line = format!(
        "{}: {} → {computed}",
        short_name(instrument),
        lower_first(result_label)
    );
    if final_level > computed {
        line.push_str(&format!(
            ", raised to {final_level} by professional judgement"
        ));
    }
    line
}

/// A timeline line stored before lines were named this way, such as
/// "ASQ suicide risk screening: Acute positive screen (0/0) → critical",
/// without the score in brackets; other lines are returned as they are.
pub fn without_score(summary: &str) -> String {
    let Some(arrow) = summary.find(" → ") else {
        return summary.to_string();
    };
    let (head, tail) = summary.split_at(arrow);
    let Some(open) = head.rfind(" (") else {
        return summary.to_string();
    };
    let inside = head[open + 2..].strip_suffix(')').unwrap_or("");
    let is_score = inside
        .split_once('/')
        .is_some_and(|(a, b)| is_number(a) && is_number(b));
    if is_score {
        format!("{}{tail}", &head[..open])
    } else {
        summary.to_string()
    }
}

fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// "Acute positive screen" → "acute positive screen"; an acronym at the
/// start ("DASH high") is kept as written.
fn lower_first(text: &str) -> String {
    let first = text.split_whitespace().next().unwrap_or("");
    if first.chars().filter(|c| c.is_uppercase()).count() > 1 {
        return text.to_string();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::risk::Catalog;

    #[test]
    fn short_names_are_the_acronym_in_the_title() {
        let cases = [
            ("ASQ suicide risk screening", "ASQ"),
            ("C-SSRS suicide risk screener", "C-SSRS"),
            ("Domestic-abuse risk checklist (DASH structure)", "DASH"),
            (
                "Child-protection risk assessment",
                "Child-protection risk assessment",
            ),
            ("", ""),
        ];
        for (title, short) in cases {
            assert_eq!(short_title(title), short, "{title}");
        }
    }

    #[test]
    fn the_timeline_line_names_result_and_level_without_a_score() {
        let catalog = Catalog::shipped().unwrap();
        let asq = catalog.get("asq").unwrap();
        assert_eq!(
            timeline_summary(
                asq,
                "Acute positive screen",
                RiskLevel::Critical,
                RiskLevel::Critical
            ),
            "ASQ: acute positive screen → critical"
        );
        assert_eq!(
            timeline_summary(asq, "Negative screen", RiskLevel::None, RiskLevel::High),
            "ASQ: negative screen → none, raised to high by professional judgement"
        );
        assert_eq!(lower_first("DASH high"), "DASH high");
    }

    #[test]
    fn old_lines_lose_their_score_and_nothing_else() {
        let cases = [
            (
                "ASQ suicide risk screening: Acute positive screen (0/0) → critical",
                "ASQ suicide risk screening: Acute positive screen → critical",
            ),
            (
                "Domestic-abuse risk checklist (DASH structure): High risk (15/24) → high, raised to critical by professional judgement",
                "Domestic-abuse risk checklist (DASH structure): High risk → high, raised to critical by professional judgement",
            ),
            (
                "ASQ: acute positive screen → critical",
                "ASQ: acute positive screen → critical",
            ),
            (
                "Intake: immediate danger not known → at least high (open danger question)",
                "Intake: immediate danger not known → at least high (open danger question)",
            ),
            ("Note (1/2) added", "Note (1/2) added"),
            ("x (a/1) → y", "x (a/1) → y"),
        ];
        for (old, new) in cases {
            assert_eq!(without_score(old), new, "{old}");
        }
        assert_eq!(lower_first(""), "");
    }
}
