//! Moving cases through the workflow on a real SQLite file: allowed and
//! refused moves, closure rules, reopening, and a stale version from a
//! second session.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::*;
use helpline::domain::workflow::ClosureReason;
use helpline::domain::{CaseStatus, RiskLevel, Workflow};
use helpline::store::StoreError;
use helpline::store::case_workflow::CaseMove;
use std::path::Path;

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_780_000_000, 0).unwrap()
}

fn closed_columns(db: &Path, id: i64) -> (Option<i64>, Option<String>, Option<String>) {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(
            "SELECT closed_at, closure_reason, outcome_note FROM cases WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

#[test]
fn a_case_moves_closes_and_reopens_by_the_workflow() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let workflow = Workflow::standard().unwrap();
    let id = open_case_at(&mut store, RiskLevel::Medium, t0());
    let mut version = store.case_step(id).unwrap().version;

    let err = store
        .change_case_status(
            id,
            version,
            &CaseMove::to(CaseStatus::InService),
            &workflow,
            None,
            t0(),
        )
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Invalid(ref m) if m.contains("cannot move")),
        "{err}"
    );
    for step in [CaseStatus::Assessment, CaseStatus::FollowUp] {
        version = store
            .change_case_status(id, version, &CaseMove::to(step), &workflow, None, t0())
            .unwrap();
    }
    let no_note = CaseMove::close(ClosureReason::NeedsMet, "  ");
    let err = store
        .change_case_status(id, version, &no_note, &workflow, None, t0())
        .unwrap_err();
    assert!(err.to_string().contains("outcome note"), "{err}");

    let later = t0() + Duration::days(40);
    let close = CaseMove::close(
        ClosureReason::Other("family reunited abroad".into()),
        "Reunited with mother; school place found.",
    );
    version = store
        .change_case_status(id, version, &close, &workflow, None, later)
        .unwrap();
    let step = store.case_step(id).unwrap();
    assert_eq!((step.status, step.version), (CaseStatus::Closed, version));
    let (closed_at, reason, note) = closed_columns(&db, id);
    assert_eq!(closed_at, Some(later.timestamp()));
    assert_eq!(reason.as_deref(), Some("other"));
    assert_eq!(
        note.as_deref(),
        Some("Reunited with mother; school place found.")
    );

    store
        .reopen_case(
            id,
            version,
            "New report from the school.",
            &workflow,
            None,
            later,
        )
        .unwrap();
    assert_eq!(closed_columns(&db, id), (None, None, None));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (summary, body): (String, Option<String>) = conn
        .query_row(
            "SELECT summary, body FROM case_events WHERE kind = 'status' AND summary LIKE '%Closed (%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(summary, "Step: Follow-up -> Closed (Other)");
    assert!(
        body.unwrap().starts_with("family reunited abroad"),
        "the timeline keeps the closure"
    );
    let audited: String = conn
        .query_row(
            "SELECT group_concat(detail, ' | ') FROM audit_log WHERE action = 'case_updated'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        audited,
        "status:open>assessment | status:assessment>follow_up | status:follow_up>closed reason:other"
    );
    let reopened: String = conn
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'case_reopened'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(reopened, "status:closed>open");
}

#[test]
fn a_stale_case_version_is_a_conflict() {
    let (_dir, db) = temp_db();
    let mut first = open(&db);
    let mut second = open(&db);
    let workflow = Workflow::standard().unwrap();
    let id = open_case_at(&mut first, RiskLevel::High, t0());
    let seen = second.case_step(id).unwrap().version;
    first
        .change_case_status(
            id,
            seen,
            &CaseMove::to(CaseStatus::Assessment),
            &workflow,
            None,
            t0(),
        )
        .unwrap();
    let err = second
        .change_case_status(
            id,
            seen,
            &CaseMove::close(ClosureReason::SurvivorRequest, "Asked to stop."),
            &workflow,
            None,
            t0(),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    assert_eq!(second.case_step(id).unwrap().status, CaseStatus::Assessment);
}

#[test]
fn no_contact_closure_needs_the_quiet_days_to_have_passed() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let operator = add_user(
        &mut store,
        "amina",
        helpline::domain::Role::Operator,
        "long enough",
    );
    let workflow = Workflow::standard().unwrap();
    let id = open_case_at(&mut store, RiskLevel::Low, t0());
    // A contact on the case ten days after it opened.
    let contact_at = t0() + Duration::days(10);
    store
        .complete_intake(
            None,
            operator,
            &helpline::store::contacts::NewContact {
                form_id: "child_helpline",
                channel: "phone_call",
                contact_type: "child_about_self",
                started_at: contact_at.timestamp(),
                ended_at: contact_at.timestamp() + 300,
                answers_json: "{}",
                ..Default::default()
            },
            helpline::store::contacts::CaseTarget::Attach(id),
            &[],
            contact_at.timestamp(),
            &|_, _| None,
        )
        .unwrap();
    let close = CaseMove::close(
        ClosureReason::NoContact { days: 30 },
        "no reply to three calls",
    );
    let version = store.case_step(id).unwrap().version;
    let err = store
        .change_case_status(
            id,
            version,
            &close,
            &workflow,
            None,
            contact_at + Duration::days(12),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("12 day"), "{err}");
    store
        .change_case_status(
            id,
            version,
            &close,
            &workflow,
            None,
            contact_at + Duration::days(31),
        )
        .unwrap();
    // A closure for no contact waits for a supervisor's approval.
    assert_eq!(store.case_step(id).unwrap().status, CaseStatus::Open);
    assert_eq!(
        store.pending_closures(10).unwrap()[0].request.reason,
        ClosureReason::NoContact { days: 30 }
    );
}
