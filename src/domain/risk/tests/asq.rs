//! ASQ: skip logic, the published result rule, and judgement over every
//! combination of answers.

use super::*;
use crate::domain::RiskLevel;
use crate::domain::risk::{Assessment, Judgement, asked_items, final_level, score};

const CHOICES: [Option<Answer>; 5] = [
    None,
    Some(Answer::Yes),
    Some(Answer::No),
    Some(Answer::DontKnow),
    Some(Answer::Refused),
];

/// The rule as the domain reference states it, written independently of the
/// instrument file.
fn published(first_four: &[Option<Answer>], asq5: &Option<Answer>) -> (&'static str, RiskLevel) {
    let positive = first_four
        .iter()
        .flatten()
        .any(|a| matches!(a, Answer::Yes | Answer::Refused));
    match (positive, asq5) {
        (false, _) => ("negative", RiskLevel::None),
        (true, Some(Answer::Yes | Answer::Refused)) => ("acute_positive", RiskLevel::Critical),
        (true, _) => ("non_acute_positive", RiskLevel::High),
    }
}

fn given(first_four: &[Option<Answer>], asq5: &Option<Answer>) -> Answers {
    let mut map = Answers::new();
    for (n, answer) in first_four.iter().enumerate() {
        if let Some(a) = answer {
            map.insert(format!("asq{}", n + 1), a.clone());
        }
    }
    if let Some(a) = asq5 {
        map.insert("asq5".into(), a.clone());
    }
    map
}

/// Every combination of answers (including unanswered) to items 1-5:
/// result and level follow the published rule, item 5 is asked exactly when
/// 1-4 hold a yes or refusal, and no judgement can lower the level.
#[test]
fn every_answer_combination_follows_the_published_rule() {
    let asq = shipped("asq");
    let mut combinations = 0;
    for a1 in &CHOICES {
        for a2 in &CHOICES {
            for a3 in &CHOICES {
                for a4 in &CHOICES {
                    for a5 in &CHOICES {
                        let four = [a1.clone(), a2.clone(), a3.clone(), a4.clone()];
                        let answers = given(&four, a5);
                        let outcome = score(&asq, &answers);
                        let (name, level) = published(&four, a5);
                        assert_eq!(
                            (outcome.result_name.as_str(), outcome.level),
                            (name, level),
                            "{answers:?}"
                        );
                        assert_eq!(outcome.score, 0, "ASQ is not a scored total");

                        let asked: Vec<&str> = asked_items(&asq, &answers)
                            .iter()
                            .map(|i| i.id.as_str())
                            .collect();
                        let positive = name != "negative";
                        assert_eq!(asked.contains(&"asq5"), positive, "{answers:?}");
                        assert_eq!(asked.contains(&"asq4_how"), *a4 == Some(Answer::Yes));

                        // Judgement through the same API the UI uses.
                        let resumed = Assessment::resume(&asq, &answers, None).unwrap();
                        assert_eq!(resumed.result(), outcome);
                        for requested in RiskLevel::ALL {
                            let mut judged = resumed.clone();
                            let accepted = judged.raise(requested, "worker's reason").is_ok();
                            assert_eq!(accepted, requested > level);
                            assert!(judged.final_level() >= level);
                            assert_eq!(judged.final_level(), level.max(requested));
                            let alone = Judgement::raise(level, requested, "worker's reason").ok();
                            assert_eq!(final_level(level, alone.as_ref()), level.max(requested));
                        }
                        combinations += 1;
                    }
                }
            }
        }
    }
    assert_eq!(combinations, 5usize.pow(5));
}

#[test]
fn results_map_to_common_levels() {
    use Answer::*;
    let asq = shipped("asq");
    let cases: Vec<(&str, Given, &str, RiskLevel)> = vec![
        (
            "all no",
            vec![("asq1", No), ("asq2", No), ("asq3", No), ("asq4", No)],
            "negative",
            RiskLevel::None,
        ),
        (
            "no and don't know",
            vec![
                ("asq1", DontKnow),
                ("asq2", No),
                ("asq3", DontKnow),
                ("asq4", No),
            ],
            "negative",
            RiskLevel::None,
        ),
        (
            "yes then 5 no",
            vec![("asq1", Yes), ("asq5", No)],
            "non_acute_positive",
            RiskLevel::High,
        ),
        (
            "refused then 5 don't know",
            vec![("asq3", Refused), ("asq5", DontKnow)],
            "non_acute_positive",
            RiskLevel::High,
        ),
        (
            "past attempt then 5 yes",
            vec![("asq4", Yes), ("asq5", Yes)],
            "acute_positive",
            RiskLevel::Critical,
        ),
        (
            "yes then 5 refused",
            vec![("asq2", Yes), ("asq5", Refused)],
            "acute_positive",
            RiskLevel::Critical,
        ),
    ];
    for (name, list, result, level) in cases {
        let outcome = score(&asq, &answers(&list));
        assert_eq!(
            (outcome.result_name.as_str(), outcome.level),
            (result, level),
            "{name}"
        );
    }
}

#[test]
fn item_five_stops_counting_when_the_screen_turns_negative() {
    use Answer::*;
    let asq = shipped("asq");
    let mut a = Assessment::new(&asq);
    a.answer("asq1", Yes).unwrap();
    a.answer("asq5", Yes).unwrap();
    assert_eq!(a.result().level, RiskLevel::Critical);

    a.answer("asq1", No).unwrap();
    assert!(
        !a.answers().contains_key("asq5"),
        "the skipped answer is dropped"
    );
    assert!(!a.asked_items().iter().any(|i| i.id == "asq5"));
    assert_eq!(a.result().result_name, "negative");

    // Positive again: item 5 must be asked afresh, not revived.
    a.answer("asq1", Yes).unwrap();
    assert_eq!(a.next_unanswered().map(|i| i.id.as_str()), Some("asq2"));
    assert!(a.result().unanswered.contains(&"asq5".to_string()));
    assert_eq!(a.result().result_name, "non_acute_positive");

    // The pure scorer ignores a stale answer in a raw map too.
    let stale = answers(&[
        ("asq1", No),
        ("asq2", No),
        ("asq3", No),
        ("asq4", No),
        ("asq5", Yes),
    ]);
    assert_eq!(score(&asq, &stale).level, RiskLevel::None);
}

#[test]
fn reasons_name_the_answers() {
    use Answer::*;
    let outcome = score(
        &shipped("asq"),
        &answers(&[("asq2", Refused), ("asq3", Yes), ("asq5", Yes)]),
    );
    let rules: Vec<&str> = outcome.reasons.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(rules, ["positive", "acute"]);
    assert_eq!(outcome.reasons[0].items, ids(&["asq2", "asq3"]));
    assert!(
        outcome.reasons[0]
            .text
            .contains("Better off dead: refused; Thoughts of suicide this week: yes")
    );
    assert!(outcome.reasons[1].text.contains("Thoughts right now: yes"));
    assert!(outcome.reasons[1].text.contains("level critical"));

    let negative = score(&shipped("asq"), &Answers::new());
    assert_eq!(negative.reasons.len(), 1);
    assert_eq!(negative.reasons[0].rule, "default");
    assert!(negative.reasons[0].text.contains("Negative screen"));
}
