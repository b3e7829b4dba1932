//! An organisation's own workflow.toml: steps, skips and closure reasons as
//! data, and a bad file refused with one line naming it.

use helpline::domain::workflow::{CloseInfo, ClosureReason, WorkflowError};
use helpline::domain::{CaseStatus, Workflow};
use std::path::Path;

fn fixture(kind: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/workflow")
        .join(kind);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// An organisation folder holding `file` as its workflow.toml.
fn org_with(file: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(file, dir.path().join("workflow.toml")).unwrap();
    dir
}

#[test]
fn no_file_means_the_shipped_workflow() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = helpline::assets::load_workflow(dir.path()).unwrap();
    assert_eq!(loaded, Workflow::standard().unwrap());
    assert_eq!(loaded.closure_reasons().len(), 7);
}

#[test]
fn every_bad_file_is_one_line_naming_the_file() {
    let files = fixture("invalid");
    assert!(files.len() >= 8);
    for file in files {
        let org = org_with(&file);
        let err = helpline::assets::load_workflow(org.path()).unwrap_err();
        assert!(err.contains("workflow.toml"), "{}: {err}", file.display());
        assert_eq!(err.lines().count(), 1, "{}: {err}", file.display());
    }
}

#[test]
fn the_problem_is_named() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/workflow/invalid");
    for (file, words) in [
        ("unknown_reason_code.toml", "graduated"),
        ("reason_twice.toml", "twice"),
        ("empty_label.toml", "label"),
        ("no_reasons.toml", "no reason"),
        ("missing_step.toml", "follow_up"),
        ("cannot_close.toml", "never be closed"),
        ("unknown_key.toml", "skips"),
    ] {
        let org = org_with(&dir.join(file));
        let err = helpline::assets::load_workflow(org.path()).unwrap_err();
        assert!(
            err.to_lowercase().contains(&words.to_lowercase()),
            "{file}: {err}"
        );
    }
}

#[test]
fn an_organisation_that_never_skips_and_has_its_own_reasons() {
    let file = &fixture("valid")[0];
    let org = org_with(file);
    let workflow = helpline::assets::load_workflow(org.path())
        .unwrap()
        .with_no_contact_days(45);
    // Skipping to follow-up is not in this organisation's data.
    assert!(
        !workflow
            .allowed(CaseStatus::Assessment)
            .contains(&CaseStatus::FollowUp)
    );
    assert!(matches!(
        workflow.check(
            CaseStatus::CasePlan,
            CaseStatus::FollowUp,
            &CloseInfo::default()
        ),
        Err(WorkflowError::NotAllowed { .. })
    ));
    let reasons = workflow.closure_reasons();
    assert_eq!(
        reasons,
        vec![
            ClosureReason::NeedsMet,
            ClosureReason::NoContact { days: 45 },
            ClosureReason::Other(String::new()),
        ]
    );
    assert_eq!(
        workflow.closure_label(&reasons[1]),
        "Sans nouvelles depuis 45 jours"
    );
    // A reason the organisation does not use cannot close a case.
    let close = CloseInfo {
        reason: Some(ClosureReason::Died),
        outcome_note: "note".into(),
    };
    assert!(matches!(
        workflow.check(CaseStatus::FollowUp, CaseStatus::Closed, &close),
        Err(WorkflowError::ReasonNotOffered("died"))
    ));
}
