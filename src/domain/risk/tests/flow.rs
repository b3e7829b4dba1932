//! The assessment API as the UI drives it: one answer at a time.

use super::*;
use crate::domain::RiskLevel;
use crate::domain::risk::{AnswerError, Assessment, JudgementError};
use Answer::*;

#[test]
fn walks_the_items_in_order_with_skip_logic() {
    let asq = shipped("asq");
    let mut a = Assessment::new(&asq);
    let mut order = Vec::new();
    let script = [
        ("asq1", No),
        ("asq2", No),
        ("asq3", Yes),
        ("asq4", Yes),
        ("asq4_how", Text("pills, last year".into())),
        ("asq5", No),
    ];
    for (id, answer) in script {
        let next = a.next_unanswered().map(|i| i.id.clone());
        assert_eq!(next.as_deref(), Some(id));
        order.push(id);
        a.answer(id, answer).unwrap();
    }
    assert!(a.is_complete());
    assert_eq!(a.next_unanswered(), None);
    assert_eq!(a.result().level, RiskLevel::High);
    assert!(a.result().unanswered.is_empty());
}

#[test]
fn refuses_answers_that_do_not_fit() {
    let (asq, cp, dash) = (shipped("asq"), shipped("cp_risk"), shipped("dash"));
    let cases: Vec<(&Instrument, &str, Answer, AnswerError)> = vec![
        (&asq, "asq9", Yes, AnswerError::UnknownItem("asq9".into())),
        (&asq, "asq5", Yes, AnswerError::NotAsked("asq5".into())),
        (
            &asq,
            "asq1",
            Value(1),
            AnswerError::DoesNotFit {
                item: "asq1".into(),
                expected: "yes, no, dont_know or refused",
            },
        ),
        (
            &asq,
            "asq1",
            Text("yes".into()),
            AnswerError::DoesNotFit {
                item: "asq1".into(),
                expected: "yes, no, dont_know or refused",
            },
        ),
        (
            &cp,
            "worker_level",
            Value(7),
            AnswerError::DoesNotFit {
                item: "worker_level".into(),
                expected: "one of the option values, dont_know or refused",
            },
        ),
        (
            &cp,
            "worker_level",
            Yes,
            AnswerError::DoesNotFit {
                item: "worker_level".into(),
                expected: "one of the option values, dont_know or refused",
            },
        ),
        (
            &dash,
            "prior_incidents_12m",
            Value(-1),
            AnswerError::DoesNotFit {
                item: "prior_incidents_12m".into(),
                expected: "a whole number in range, dont_know or refused",
            },
        ),
    ];
    for (instrument, id, answer, expected) in cases {
        let mut a = Assessment::new(instrument);
        assert_eq!(
            a.answer(id, answer.clone()),
            Err(expected),
            "{id} {answer:?}"
        );
        assert!(a.answers().is_empty());
    }
    let mut a = Assessment::new(&asq);
    a.answer("asq4", Yes).unwrap();
    assert!(matches!(
        a.answer("asq4_how", Text("   ".into())),
        Err(AnswerError::DoesNotFit { .. })
    ));
}

#[test]
fn clearing_an_answer_clears_what_depended_on_it() {
    let mut a = Assessment::new(&shipped("cssrs"));
    for (id, answer) in [("c1", Yes), ("c2", Yes), ("c3", Yes), ("c4", Yes)] {
        a.answer(id, answer).unwrap();
    }
    assert_eq!(a.result().level, RiskLevel::Critical);
    a.clear("c2");
    assert_eq!(a.answers().keys().collect::<Vec<_>>(), ["c1"]);
    assert_eq!(a.result().level, RiskLevel::Medium);
}

#[test]
fn judgement_raises_with_a_reason_and_never_lowers() {
    let mut a = Assessment::new(&shipped("asq"));
    for id in ["asq1", "asq2", "asq3", "asq4"] {
        a.answer(id, No).unwrap();
    }
    assert_eq!(a.final_level(), RiskLevel::None);
    assert_eq!(a.raise(RiskLevel::High, " "), Err(JudgementError::NoReason));
    a.raise(RiskLevel::High, "Talks of giving away belongings")
        .unwrap();
    assert_eq!(a.final_level(), RiskLevel::High);
    assert_eq!(
        a.result().level,
        RiskLevel::None,
        "the computed level is kept apart"
    );
    // A judgement on record cannot be walked back either.
    assert_eq!(
        a.raise(RiskLevel::Medium, "second thoughts"),
        Err(JudgementError::WouldLower {
            computed: RiskLevel::High,
            requested: RiskLevel::Medium
        })
    );
    // Answers that compute higher than the judgement win.
    a.answer("asq1", Yes).unwrap();
    a.answer("asq5", Yes).unwrap();
    assert_eq!(a.final_level(), RiskLevel::Critical);
    assert_eq!(a.judgement().map(|j| j.level()), Some(RiskLevel::High));
}

#[test]
fn resumes_from_stored_json() {
    let asq = shipped("asq");
    let mut a = Assessment::new(&asq);
    a.answer("asq2", Refused).unwrap();
    a.answer("asq5", DontKnow).unwrap();
    a.raise(RiskLevel::Critical, "Has the means at home")
        .unwrap();
    let json = serde_json::to_string(a.answers()).unwrap();
    assert_eq!(json, r#"{"asq2":"refused","asq5":"dont_know"}"#);
    let judgement = serde_json::to_string(&a.judgement()).unwrap();

    let stored: Answers = serde_json::from_str(&json).unwrap();
    let back =
        Assessment::resume(&asq, &stored, serde_json::from_str(&judgement).unwrap()).unwrap();
    assert_eq!(back, a);

    // A stored answer to an item now skipped is dropped, an unknown id refused.
    let stale = answers(&[("asq1", No), ("asq5", Yes)]);
    let back = Assessment::resume(&asq, &stale, None).unwrap();
    assert_eq!(back.answers(), &answers(&[("asq1", No)]));
    let unknown = answers(&[("asq7", No)]);
    assert_eq!(
        Assessment::resume(&asq, &unknown, None),
        Err(AnswerError::UnknownItem("asq7".into()))
    );
}
