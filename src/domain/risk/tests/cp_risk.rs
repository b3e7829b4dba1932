//! Child-protection assessment: immediate danger overrides the worker's
//! level; unresolved danger questions keep it at least high and stay open.

use super::*;
use crate::domain::RiskLevel;
use crate::domain::risk::score;

const DANGER: [&str; 5] = [
    "danger_now",
    "perpetrator_access",
    "serious_injury",
    "suicidal_plan",
    "missing_trafficked",
];

/// Worker levels as stored (choice values), with "not yet chosen".
const WORKER: [Option<i64>; 5] = [None, Some(0), Some(1), Some(2), Some(3)];

fn with(danger: &[(&str, Answer)], worker: Option<i64>) -> Answers {
    let mut given: Answers = DANGER
        .iter()
        .map(|id| (id.to_string(), Answer::No))
        .collect();
    for (id, answer) in danger {
        given.insert(id.to_string(), answer.clone());
    }
    if let Some(level) = worker {
        given.insert("worker_level".into(), Answer::Value(level));
    }
    given
}

#[test]
fn danger_items_are_always_asked() {
    let cp = shipped("cp_risk");
    assert!(cp.items().iter().all(|i| i.ask_when.is_none()));
    let ids: Vec<&str> = cp.items().iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids[..5], DANGER);
}

#[test]
fn any_immediate_danger_yes_is_critical_whatever_the_worker_level() {
    let cp = shipped("cp_risk");
    for id in DANGER {
        for worker in WORKER {
            for other in [Answer::No, Answer::DontKnow] {
                let mut given = with(&[], worker);
                for other_id in DANGER {
                    given.insert(other_id.to_string(), other.clone());
                }
                given.insert(id.to_string(), Answer::Yes);
                let outcome = score(&cp, &given);
                assert_eq!(
                    outcome.level,
                    RiskLevel::Critical,
                    "{id} yes, worker {worker:?}"
                );
                assert_eq!(outcome.result_name, "immediate_danger");
            }
        }
    }
}

#[test]
fn unresolved_danger_keeps_at_least_high_and_is_listed() {
    let cp = shipped("cp_risk");
    for id in DANGER {
        for unknown in [Answer::DontKnow, Answer::Refused] {
            for worker in WORKER {
                let outcome = score(&cp, &with(&[(id, unknown.clone())], worker));
                let expected = match worker {
                    Some(1) => "low",
                    Some(2) => "medium",
                    Some(3) => "high",
                    _ => "no_risk",
                };
                assert_eq!(
                    outcome.result_name, expected,
                    "{id} {unknown:?} worker {worker:?}"
                );
                assert_eq!(
                    outcome.level,
                    RiskLevel::High,
                    "{id} {unknown:?} worker {worker:?}"
                );
                assert_eq!(outcome.open_questions.len(), 1);
                assert_eq!(outcome.open_questions[0].item, id);
                assert_eq!(outcome.open_questions[0].answer, unknown);
            }
        }
    }
}

#[test]
fn otherwise_the_worker_level_counts() {
    use RiskLevel as L;
    let cp = shipped("cp_risk");
    let cases = [
        (None, "no_risk", L::None),
        (Some(0), "no_risk", L::None),
        (Some(1), "low", L::Low),
        (Some(2), "medium", L::Medium),
        (Some(3), "high", L::High),
    ];
    for (worker, result, level) in cases {
        let outcome = score(&cp, &with(&[], worker));
        assert_eq!(
            (outcome.result_name.as_str(), outcome.level),
            (result, level),
            "worker {worker:?}"
        );
        assert!(outcome.open_questions.is_empty());
        assert_eq!(outcome.unanswered.is_empty(), worker.is_some());
    }
}

#[test]
fn danger_yes_and_an_open_question_together() {
    let cp = shipped("cp_risk");
    let outcome = score(
        &cp,
        &with(
            &[
                ("danger_now", Answer::Yes),
                ("missing_trafficked", Answer::Refused),
            ],
            Some(1),
        ),
    );
    assert_eq!(outcome.level, RiskLevel::Critical);
    assert_eq!(
        outcome
            .open_questions
            .iter()
            .map(|q| q.item.as_str())
            .collect::<Vec<_>>(),
        ["missing_trafficked"]
    );
    let fired: Vec<&str> = outcome.reasons.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(
        fired,
        ["worker_low", "unresolved_danger", "immediate_danger"]
    );
}

#[test]
fn dont_know_or_refused_is_not_an_assessed_level() {
    let cp = shipped("cp_risk");
    for unknown in [Answer::DontKnow, Answer::Refused] {
        let mut a = crate::domain::risk::Assessment::new(&cp);
        for id in DANGER {
            a.answer(id, Answer::No).unwrap();
        }
        let err = a.answer("worker_level", unknown.clone()).unwrap_err();
        assert!(err.to_string().contains("needs a chosen answer"), "{err}");
        assert!(!a.is_complete(), "the assessment stays incomplete");
        // A stored or imported set of answers with one is not complete either.
        let outcome = score(&cp, &with(&[], None));
        let mut given = with(&[], None);
        given.insert("worker_level".into(), unknown);
        assert_eq!(score(&cp, &given).unanswered, outcome.unanswered);
        assert_eq!(
            score(&cp, &given).unanswered,
            vec!["worker_level".to_string()]
        );
        a.answer("worker_level", Answer::Value(2)).unwrap();
        assert!(a.is_complete());
    }
}

#[test]
fn the_result_label_never_contradicts_the_level() {
    let cp = shipped("cp_risk");
    // Worker says low; a danger question is open: the level is high, and
    // the label says why instead of a bare "Low risk".
    for worker in [0, 1, 2] {
        let given = with(&[("danger_now", Answer::DontKnow)], Some(worker));
        let outcome = score(&cp, &given);
        assert_eq!(outcome.level, RiskLevel::High);
        assert!(
            outcome.result_label.contains("held at high"),
            "{}",
            outcome.result_label
        );
    }
    // Without a floor the label is the result's own.
    let outcome = score(&cp, &with(&[], Some(1)));
    assert_eq!(outcome.result_label, "Low risk");
}
