//! DASH structure: score bands at their boundaries, unscored don't know and
//! refused, and potential escalation.

use super::*;
use crate::domain::RiskLevel;
use crate::domain::risk::{Effect, score};

const DASH_IDS: [&str; 24] = [
    "injury",
    "frightened",
    "afraid_of",
    "isolated",
    "depressed_suicidal",
    "separated",
    "child_contact_conflict",
    "stalking",
    "pregnant",
    "more_often",
    "getting_worse",
    "control_jealous",
    "weapons",
    "threats_to_kill",
    "strangulation",
    "sexual",
    "other_threat",
    "hurt_others",
    "animal",
    "financial",
    "substance_mh",
    "suicide_threat",
    "breach",
    "criminal_history",
];

/// `yes` yes answers, the rest `other`, counted from the end of the list so
/// that the choice of items is not what the bands depend on.
fn checklist(yes: usize, other: Answer) -> Answers {
    DASH_IDS
        .iter()
        .rev()
        .enumerate()
        .map(|(n, id)| {
            (
                id.to_string(),
                if n < yes { Answer::Yes } else { other.clone() },
            )
        })
        .collect()
}

#[test]
fn items_are_the_published_ones_in_order() {
    let dash = shipped("dash");
    let item_ids: Vec<&str> = dash.items().iter().map(|i| i.id.as_str()).collect();
    assert_eq!(item_ids[..24], DASH_IDS);
    assert_eq!(item_ids[24..], ["prior_incidents_12m"]);
    assert_eq!(dash.max_score(), 24);
    assert!(dash.credit().contains("SafeLives"));
}

#[test]
fn bands_at_their_boundaries() {
    use RiskLevel as L;
    let dash = shipped("dash");
    let cases = [
        (0, "standard", L::Low),
        (1, "standard", L::Low),
        (9, "standard", L::Low),
        (10, "medium", L::Medium),
        (13, "medium", L::Medium),
        (14, "high", L::High),
        (15, "high", L::High),
        (24, "high", L::High),
    ];
    for (yes, result, level) in cases {
        let outcome = score(&dash, &checklist(yes, Answer::No));
        assert_eq!(outcome.score, yes as i64);
        assert_eq!(
            (outcome.result_name.as_str(), outcome.level),
            (result, level),
            "{yes} yes"
        );
        assert_eq!(outcome.reasons[0].rule, "score_band");
        assert_eq!(outcome.reasons[0].items.len(), yes);
    }
}

#[test]
fn dont_know_and_refused_never_score() {
    let dash = shipped("dash");
    for other in [Answer::DontKnow, Answer::Refused] {
        for (yes, result) in [(0, "standard"), (9, "standard"), (13, "medium")] {
            let outcome = score(&dash, &checklist(yes, other.clone()));
            assert_eq!(outcome.score, yes as i64, "{other:?}");
            assert_eq!(outcome.result_name, result, "{yes} yes, rest {other:?}");
        }
    }
}

#[test]
fn potential_escalation_raises_the_level_but_not_the_score_or_band() {
    use RiskLevel as L;
    let dash = shipped("dash");
    let cases: Vec<(usize, Option<Answer>, &str, L, bool)> = vec![
        (13, Some(Answer::Value(3)), "medium", L::High, true),
        (13, Some(Answer::Value(2)), "medium", L::Medium, false),
        (13, Some(Answer::Value(40)), "medium", L::High, true),
        (0, Some(Answer::Value(3)), "standard", L::High, true),
        (9, Some(Answer::Value(2)), "standard", L::Low, false),
        (9, Some(Answer::DontKnow), "standard", L::Low, false),
        (9, None, "standard", L::Low, false),
        (14, Some(Answer::Value(5)), "high", L::High, true),
    ];
    for (yes, prior, result, level, escalated) in cases {
        let mut given = checklist(yes, Answer::No);
        if let Some(p) = &prior {
            given.insert("prior_incidents_12m".into(), p.clone());
        }
        let outcome = score(&dash, &given);
        let label = format!("{yes} yes, prior {prior:?}");
        assert_eq!(outcome.score, yes as i64, "{label}");
        assert_eq!(
            (outcome.result_name.as_str(), outcome.level),
            (result, level),
            "{label}"
        );
        let floor = outcome
            .reasons
            .iter()
            .find(|r| r.rule == "potential_escalation");
        assert_eq!(floor.is_some(), escalated, "{label}");
        if let Some(reason) = floor {
            assert_eq!(reason.effect, Effect::Floor(L::High));
            assert!(
                reason.text.contains("score and result unchanged"),
                "{}",
                reason.text
            );
        }
    }
}

#[test]
fn standalone_indicators_prompt_judgement_without_changing_the_level() {
    let dash = shipped("dash");
    let mut given = checklist(0, Answer::No);
    given.insert("strangulation".into(), Answer::Yes);
    given.insert("weapons".into(), Answer::Yes);
    let outcome = score(&dash, &given);
    assert_eq!(outcome.level, RiskLevel::Low);
    let prompt = outcome
        .reasons
        .iter()
        .find(|r| r.effect == Effect::SuggestJudgement)
        .unwrap();
    assert_eq!(prompt.items, ids(&["weapons", "strangulation"]));
    assert!(prompt.text.contains("Strangling or choking: yes"));
}
