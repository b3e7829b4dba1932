//! C-SSRS screener: the question flow and each triage rule.

use super::*;
use crate::domain::RiskLevel;
use crate::domain::risk::{asked_items, score};
use Answer::*;

#[test]
fn flow_asks_three_to_five_only_after_a_yes_to_two() {
    let cssrs = shipped("cssrs");
    let cases: Vec<(Given, Vec<&str>)> = vec![
        (vec![], vec!["c1", "c2", "c6"]),
        (
            vec![("c1", Yes), ("c2", Yes)],
            vec!["c1", "c2", "c3", "c4", "c5", "c6"],
        ),
        (vec![("c1", Yes), ("c2", No)], vec!["c1", "c2", "c6"]),
        (vec![("c2", DontKnow)], vec!["c1", "c2", "c6"]),
        (vec![("c2", Refused)], vec!["c1", "c2", "c6"]),
        (vec![("c2", No), ("c6", Yes)], vec!["c1", "c2", "c6", "c6a"]),
        (vec![("c2", No), ("c6", No)], vec!["c1", "c2", "c6"]),
        (vec![("c2", No), ("c6", DontKnow)], vec!["c1", "c2", "c6"]),
        (
            vec![("c2", Yes), ("c6", Yes)],
            vec!["c1", "c2", "c3", "c4", "c5", "c6", "c6a"],
        ),
    ];
    for (list, expected) in cases {
        let asked: Vec<String> = asked_items(&cssrs, &answers(&list))
            .iter()
            .map(|i| i.id.clone())
            .collect();
        assert_eq!(asked, ids(&expected), "{list:?}");
    }
}

#[test]
fn triage_takes_the_highest_rule_that_fires() {
    use RiskLevel as L;
    let cssrs = shipped("cssrs");
    let no_to_all = [("c1", No), ("c2", No), ("c6", No)];
    let cases: Vec<(&str, Given, &str, L, Vec<&str>)> = vec![
        ("none", no_to_all.to_vec(), "none", L::None, vec!["default"]),
        (
            "don't know and refused never count",
            vec![("c1", DontKnow), ("c2", Refused), ("c6", DontKnow)],
            "none",
            L::None,
            vec!["default"],
        ),
        (
            "wish only",
            vec![("c1", Yes), ("c2", No), ("c6", No)],
            "low",
            L::Medium,
            vec!["wish_or_thoughts"],
        ),
        (
            "thoughts, no method",
            vec![
                ("c1", No),
                ("c2", Yes),
                ("c3", No),
                ("c4", No),
                ("c5", No),
                ("c6", No),
            ],
            "low",
            L::Medium,
            vec!["wish_or_thoughts"],
        ),
        (
            "method",
            vec![("c2", Yes), ("c3", Yes), ("c4", No), ("c5", No)],
            "moderate",
            L::High,
            vec!["wish_or_thoughts", "method"],
        ),
        (
            "older attempt",
            vec![("c1", No), ("c2", No), ("c6", Yes), ("c6a", No)],
            "moderate",
            L::High,
            vec!["older_attempt"],
        ),
        (
            "intention",
            vec![("c2", Yes), ("c4", Yes)],
            "high",
            L::Critical,
            vec!["wish_or_thoughts", "intent_or_plan"],
        ),
        (
            "plan",
            vec![("c2", Yes), ("c5", Yes)],
            "high",
            L::Critical,
            vec!["wish_or_thoughts", "intent_or_plan"],
        ),
        (
            "recent attempt",
            vec![("c6", Yes), ("c6a", Yes)],
            "high",
            L::Critical,
            vec!["recent_attempt"],
        ),
        (
            "attempt, date unknown",
            vec![("c6", Yes), ("c6a", DontKnow)],
            "high",
            L::Critical,
            vec!["recent_attempt"],
        ),
        (
            "attempt, date refused",
            vec![("c6", Yes), ("c6a", Refused)],
            "high",
            L::Critical,
            vec!["recent_attempt"],
        ),
        (
            "method and older attempt",
            vec![("c2", Yes), ("c3", Yes), ("c6", Yes), ("c6a", No)],
            "moderate",
            L::High,
            vec!["wish_or_thoughts", "method", "older_attempt"],
        ),
        // Skipped items never count, whatever the stored map holds.
        (
            "method after 2 = don't know",
            vec![("c2", DontKnow), ("c3", Yes), ("c4", Yes)],
            "none",
            L::None,
            vec!["default"],
        ),
        (
            "date without an attempt",
            vec![("c6", No), ("c6a", Yes)],
            "none",
            L::None,
            vec!["default"],
        ),
    ];
    for (name, list, result, level, rules) in cases {
        let outcome = score(&cssrs, &answers(&list));
        assert_eq!(
            (outcome.result_name.as_str(), outcome.level),
            (result, level),
            "{name}"
        );
        let fired: Vec<&str> = outcome.reasons.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(fired, rules, "{name}");
    }
}
