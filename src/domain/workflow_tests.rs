//! Table-driven tests of the shipped workflow and the closure rules.

use super::*;
use CaseStatus::*;

fn workflow() -> Workflow {
    Workflow::standard().unwrap()
}

fn closing(reason: ClosureReason) -> CloseInfo {
    CloseInfo {
        reason: Some(reason),
        outcome_note: "Safe with relatives; school re-enrolled.".into(),
    }
}

/// Every move the shipped workflow allows.
const ALLOWED: &[(CaseStatus, CaseStatus)] = &[
    // The straight path.
    (Open, Assessment),
    (Assessment, CasePlan),
    (CasePlan, InService),
    (InService, FollowUp),
    (FollowUp, Closed),
    // Back one step.
    (Assessment, Open),
    (CasePlan, Assessment),
    (InService, CasePlan),
    (FollowUp, InService),
    (FollowUp, CasePlan),
    // Skip to follow-up when no service is needed.
    (Assessment, FollowUp),
    (CasePlan, FollowUp),
    // Close from any step.
    (Open, Closed),
    (Assessment, Closed),
    (CasePlan, Closed),
    (InService, Closed),
    // Reopen.
    (Closed, Open),
];

#[test]
fn the_shipped_workflow_loads() {
    let w = workflow();
    assert_eq!(w.no_contact_days(), 30);
    assert_eq!(w.allowed(Closed), &[Open]);
}

#[test]
fn every_allowed_move_passes() {
    let w = workflow();
    for (from, to) in ALLOWED {
        assert_eq!(
            w.check(*from, *to, &closing(ClosureReason::NeedsMet)),
            Ok(()),
            "{from} -> {to}"
        );
    }
    let count: usize = CaseStatus::ALL.iter().map(|s| w.allowed(*s).len()).sum();
    assert_eq!(count, ALLOWED.len(), "the table misses a move of the asset");
}

#[test]
fn every_other_move_is_refused_naming_the_choices() {
    let w = workflow();
    for from in CaseStatus::ALL {
        for to in CaseStatus::ALL {
            if ALLOWED.contains(&(from, to)) {
                continue;
            }
            let err = w
                .check(from, to, &closing(ClosureReason::NeedsMet))
                .unwrap_err();
            if from == to {
                assert_eq!(err, WorkflowError::Unchanged(from));
            } else {
                assert!(
                    matches!(err, WorkflowError::NotAllowed { .. }),
                    "{from} -> {to}: {err}"
                );
            }
        }
    }
    let err = w
        .check(Closed, FollowUp, &CloseInfo::default())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a case cannot move from Closed to Follow-up; from Closed it can move to: Open"
    );
    let err = w.check(Open, InService, &CloseInfo::default()).unwrap_err();
    assert!(err.to_string().ends_with("Assessment, Closed"), "{err}");
}

#[test]
fn moves_other_than_closing_ignore_the_closure_info() {
    let w = workflow();
    assert_eq!(w.check(Open, Assessment, &CloseInfo::default()), Ok(()));
    assert_eq!(w.check(Closed, Open, &CloseInfo::default()), Ok(()));
}

#[test]
fn closing_needs_a_valid_reason_and_an_outcome_note() {
    let w = workflow();
    let note = |n: &str| CloseInfo {
        reason: Some(ClosureReason::SurvivorRequest),
        outcome_note: n.into(),
    };
    let long = "x".repeat(MAX_CLOSURE_TEXT_CHARS + 1);
    let cases: &[(CloseInfo, Result<(), WorkflowError>)] = &[
        (closing(ClosureReason::NeedsMet), Ok(())),
        (closing(ClosureReason::SurvivorRequest), Ok(())),
        (closing(ClosureReason::MovedAway), Ok(())),
        (closing(ClosureReason::Transferred), Ok(())),
        (closing(ClosureReason::Died), Ok(())),
        (closing(ClosureReason::NoContact { days: 30 }), Ok(())),
        (closing(ClosureReason::NoContact { days: 45 }), Ok(())),
        (
            closing(ClosureReason::NoContact { days: 29 }),
            Err(WorkflowError::NoContactTooSoon {
                days: 29,
                needed: 30,
            }),
        ),
        (
            closing(ClosureReason::Other("family reunited abroad".into())),
            Ok(()),
        ),
        (
            closing(ClosureReason::Other("  ".into())),
            Err(WorkflowError::OtherReasonNeedsText),
        ),
        (
            CloseInfo {
                reason: None,
                outcome_note: "done".into(),
            },
            Err(WorkflowError::ClosureReasonRequired),
        ),
        (note(""), Err(WorkflowError::OutcomeNoteRequired)),
        (note(" \n "), Err(WorkflowError::OutcomeNoteRequired)),
        (
            note(&long),
            Err(WorkflowError::TooLong {
                what: "outcome note",
                chars: MAX_CLOSURE_TEXT_CHARS + 1,
            }),
        ),
    ];
    for from in [Open, InService, FollowUp] {
        for (info, expected) in cases {
            assert_eq!(&w.check(from, Closed, info), expected, "{from}: {info:?}");
        }
    }
}

#[test]
fn the_no_contact_period_is_configurable() {
    let w = workflow().with_no_contact_days(60);
    assert_eq!(
        w.check(
            FollowUp,
            Closed,
            &closing(ClosureReason::NoContact { days: 45 })
        ),
        Err(WorkflowError::NoContactTooSoon {
            days: 45,
            needed: 60
        })
    );
}

#[test]
fn closure_reasons_have_distinct_codes() {
    let reasons = [
        ClosureReason::NeedsMet,
        ClosureReason::NoContact { days: 30 },
        ClosureReason::SurvivorRequest,
        ClosureReason::MovedAway,
        ClosureReason::Transferred,
        ClosureReason::Died,
        ClosureReason::Other("x".into()),
    ];
    let mut codes: Vec<_> = reasons.iter().map(|r| r.code()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), reasons.len());
    assert!(reasons.iter().all(|r| !r.label().is_empty()));
}

#[test]
fn broken_workflow_data_is_refused() {
    let cases: &[(&str, WorkflowDataError)] = &[
        (
            "[moves]\nopen = [\"closed\"]\n",
            WorkflowDataError::MissingStep(Assessment),
        ),
        (
            "[moves]\nopen = [\"open\", \"closed\"]\nassessment = [\"closed\"]\n\
             case_plan = [\"closed\"]\nin_service = [\"closed\"]\nfollow_up = [\"closed\"]\nclosed = [\"open\"]\n",
            WorkflowDataError::BadMoves(Open),
        ),
        (
            "[moves]\nopen = [\"assessment\"]\nassessment = [\"open\"]\n\
             case_plan = [\"closed\"]\nin_service = [\"closed\"]\nfollow_up = [\"closed\"]\nclosed = [\"open\"]\n",
            WorkflowDataError::CannotClose(Open),
        ),
        (
            "[moves]\nopen = [\"closed\"]\nassessment = [\"closed\"]\n\
             case_plan = [\"closed\"]\nin_service = [\"closed\"]\nfollow_up = [\"closed\"]\nclosed = []\n",
            WorkflowDataError::CannotReopen,
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(&Workflow::from_toml(text).unwrap_err(), expected);
    }
    assert!(matches!(
        Workflow::from_toml("[moves]\nlimbo = []\n"),
        Err(WorkflowDataError::Toml(_))
    ));
}

#[test]
fn the_shipped_closure_reasons_are_the_references_in_order() {
    let w = workflow();
    let reasons = w.closure_reasons();
    assert_eq!(reasons.len(), 7);
    assert_eq!(reasons[0], ClosureReason::NeedsMet);
    assert_eq!(
        reasons[1],
        ClosureReason::NoContact {
            days: DEFAULT_NO_CONTACT_DAYS
        }
    );
    assert_eq!(
        w.closure_label(&reasons[1]),
        "No contact for 30 days after follow-up"
    );
    assert!(matches!(reasons[6], ClosureReason::Other(_)));
    // The file's list is the shipped default too.
    assert_eq!(
        w,
        Workflow::from_toml(
            crate::assets::WORKFLOW
                .split("[[closure_reasons]]")
                .next()
                .unwrap()
        )
        .unwrap()
    );
}
