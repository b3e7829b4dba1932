//! Closures that wait for a supervisor, on real SQLite files: which
//! closures become requests, approving, sending back, role refusals, a
//! stale version, reopening with a reason, and the peak level kept when
//! the level drops.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::*;
use helpline::domain::closure_approval::RequestState;
use helpline::domain::workflow::ClosureReason;
use helpline::domain::{CaseStatus, RiskLevel, Role, Workflow};
use helpline::store::case_workflow::{CaseMove, StepOutcome};
use helpline::store::{Store, StoreError, StoreOptions};
use std::path::Path;

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_780_000_000, 0).unwrap()
}

struct Team {
    worker: i64,
    sup: i64,
    operator: i64,
}

fn team(store: &mut Store) -> Team {
    Team {
        worker: add_user(store, "wanjiku", Role::Caseworker, "long enough"),
        sup: add_user(store, "amani", Role::Supervisor, "long enough"),
        operator: add_user(store, "otieno", Role::Operator, "long enough"),
    }
}

fn close(
    store: &mut Store,
    id: i64,
    reason: ClosureReason,
    actor: i64,
    at: DateTime<Utc>,
) -> Result<StepOutcome, StoreError> {
    let version = store.case_step(id).unwrap().version;
    let workflow = Workflow::standard().unwrap();
    store.move_case(
        id,
        version,
        &CaseMove::close(reason, "Safe with her aunt; school re-enrolled."),
        &workflow,
        Some(actor),
        at,
    )
}

fn status(store: &Store, id: i64) -> CaseStatus {
    store.case_step(id).unwrap().status
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn each_rule_records_a_request_instead_of_closing() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let t = team(&mut store);
    let later = t0() + Duration::days(40);
    let rules = [
        (RiskLevel::High, ClosureReason::NeedsMet),
        (RiskLevel::Critical, ClosureReason::MovedAway),
        (RiskLevel::Low, ClosureReason::NoContact { days: 30 }),
        (RiskLevel::Medium, ClosureReason::SurvivorRequest),
    ];
    for (level, reason) in rules {
        let id = open_case_at(&mut store, level, t0());
        let outcome = close(&mut store, id, reason.clone(), t.worker, later).unwrap();
        assert!(
            matches!(outcome, StepOutcome::ClosureRequested(_)),
            "{level:?} {reason:?}"
        );
        assert_eq!(status(&store, id), CaseStatus::Open, "{level:?} {reason:?}");
        let detail = store.reload_case_detail(id).unwrap();
        assert_eq!(detail.row.closure, Some(RequestState::Pending));
        let request = detail.closure_request.expect("request on the header");
        assert_eq!(request.reason.code(), reason.code());
        assert_eq!(request.requested_by.as_deref(), Some("wanjiku"));
        assert_eq!(request.requested_at, later.timestamp());
        // A second closure while one waits is refused.
        let err = close(&mut store, id, ClosureReason::NeedsMet, t.worker, later).unwrap_err();
        assert!(err.to_string().contains("already waits"), "{err}");
    }
    // The others close at once, as before.
    let id = open_case_at(&mut store, RiskLevel::Medium, t0());
    let outcome = close(&mut store, id, ClosureReason::MovedAway, t.worker, later).unwrap();
    assert!(matches!(outcome, StepOutcome::Moved(_)));
    assert_eq!(status(&store, id), CaseStatus::Closed);
    assert_eq!(count(&db, "SELECT count(*) FROM closure_requests"), 4);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'closure_requested'"
        ),
        4
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM case_events WHERE kind = 'closure' AND summary LIKE 'Closure requested%'"
        ),
        4
    );
    // The approvals list: oldest first, with case and requester.
    let pending = store.pending_closures(50).unwrap();
    assert_eq!(pending.len(), 4);
    assert!(
        pending
            .windows(2)
            .all(|w| (w[0].request.requested_at, w[0].request.id)
                <= (w[1].request.requested_at, w[1].request.id))
    );
}

#[test]
fn a_supervisors_own_closure_is_approved_at_once() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let t = team(&mut store);
    let id = open_case_at(&mut store, RiskLevel::Critical, t0());
    let outcome = close(&mut store, id, ClosureReason::NeedsMet, t.sup, t0()).unwrap();
    assert!(matches!(outcome, StepOutcome::ClosedApproved(_)));
    assert_eq!(status(&store, id), CaseStatus::Closed);
    let request = store.latest_closure_request(id).unwrap().unwrap();
    assert_eq!(request.state, RequestState::Approved);
    assert_eq!(request.decided_by.as_deref(), Some("amani"));
    let timeline = store.case_timeline(id, None, 10).unwrap();
    assert!(
        timeline[0]
            .summary
            .contains("approved at once by the closing supervisor"),
        "{}",
        timeline[0].summary
    );
    assert!(store.pending_closures(10).unwrap().is_empty());
}

#[test]
fn approving_closes_with_the_requested_reason_and_note() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let t = team(&mut store);
    let workflow = Workflow::standard().unwrap();
    let id = open_case_at(&mut store, RiskLevel::High, t0());
    close(
        &mut store,
        id,
        ClosureReason::SurvivorRequest,
        t.worker,
        t0(),
    )
    .unwrap();
    let version = store.case_step(id).unwrap().version;

    // Case workers and operators cannot approve: the store refuses.
    for who in [t.worker, t.operator] {
        let err = store
            .approve_closure(id, version, &workflow, who, t0())
            .unwrap_err();
        assert!(err.to_string().contains("only supervisors"), "{err}");
    }
    assert_eq!(status(&store, id), CaseStatus::Open);

    let later = t0() + Duration::hours(5);
    store
        .approve_closure(id, version, &workflow, t.sup, later)
        .unwrap();
    let detail = store.reload_case_detail(id).unwrap();
    assert_eq!(detail.row.status, CaseStatus::Closed);
    assert_eq!(detail.row.closure, None);
    assert_eq!(detail.closure_reason.as_deref(), Some("survivor_request"));
    assert_eq!(
        detail.outcome_note.as_deref(),
        Some("Safe with her aunt; school re-enrolled.")
    );
    let request = store.latest_closure_request(id).unwrap().unwrap();
    assert_eq!(request.state, RequestState::Approved);
    assert_eq!(request.decided_by.as_deref(), Some("amani"));
    let timeline = store.case_timeline(id, None, 10).unwrap();
    assert!(
        timeline[0]
            .summary
            .contains("closure requested by wanjiku approved"),
        "{}",
        timeline[0].summary
    );
    assert_eq!(timeline[0].actor.as_deref(), Some("amani"));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'closure_approved' AND user_id IS NOT NULL"
        ),
        1
    );
    // Nothing left to approve.
    let version = store.case_step(id).unwrap().version;
    let err = store
        .approve_closure(id, version, &workflow, t.sup, later)
        .unwrap_err();
    assert!(err.to_string().contains("no closure"), "{err}");
}

#[test]
fn sending_back_keeps_the_case_at_its_step_with_the_reason() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let t = team(&mut store);
    let workflow = Workflow::standard().unwrap();
    let id = open_case_at(&mut store, RiskLevel::Low, t0());
    let version = store.case_step(id).unwrap().version;
    store
        .change_case_status(
            id,
            version,
            &CaseMove::to(CaseStatus::Assessment),
            &workflow,
            Some(t.worker),
            t0(),
        )
        .unwrap();
    close(
        &mut store,
        id,
        ClosureReason::SurvivorRequest,
        t.worker,
        t0(),
    )
    .unwrap();
    let version = store.case_step(id).unwrap().version;

    let err = store
        .send_back_closure(id, version, "Not yet", t.worker, t0())
        .unwrap_err();
    assert!(err.to_string().contains("only supervisors"), "{err}");
    let err = store
        .send_back_closure(id, version, "   ", t.sup, t0())
        .unwrap_err();
    assert!(err.to_string().contains("written reason"), "{err}");

    store
        .send_back_closure(
            id,
            version,
            "Call her once more at the safe time first.",
            t.sup,
            t0(),
        )
        .unwrap();
    let detail = store.reload_case_detail(id).unwrap();
    assert_eq!(
        detail.row.status,
        CaseStatus::Assessment,
        "stays at its step"
    );
    assert_eq!(detail.row.closure, Some(RequestState::SentBack));
    let request = detail.closure_request.unwrap();
    assert_eq!(
        request.decision_note.as_deref(),
        Some("Call her once more at the safe time first.")
    );
    assert_eq!(request.decided_by.as_deref(), Some("amani"));
    let timeline = store.case_timeline(id, None, 10).unwrap();
    assert_eq!(timeline[0].kind, "closure");
    assert!(timeline[0].summary.contains("sent back"));
    assert_eq!(
        timeline[0].body.as_deref(),
        Some("Call her once more at the safe time first.")
    );
    assert!(store.pending_closures(10).unwrap().is_empty());

    // The requester acts again: the sent-back notice ends.
    let version = store.case_step(id).unwrap().version;
    store
        .change_case_status(
            id,
            version,
            &CaseMove::to(CaseStatus::FollowUp),
            &workflow,
            Some(t.worker),
            t0(),
        )
        .unwrap();
    assert_eq!(store.reload_case_detail(id).unwrap().row.closure, None);
}

#[test]
fn a_stale_version_is_a_conflict_for_every_decision() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let mut other = open(&db);
    let t = team(&mut store);
    let workflow = Workflow::standard().unwrap();
    let id = open_case_at(&mut store, RiskLevel::High, t0());
    close(&mut store, id, ClosureReason::NeedsMet, t.worker, t0()).unwrap();
    let seen = store.case_step(id).unwrap().version;
    // Another session adds a note meanwhile.
    other
        .add_case_note(id, seen, "their note", t.worker, t0().timestamp())
        .unwrap();
    let err = store
        .approve_closure(id, seen, &workflow, t.sup, t0())
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    let err = store
        .send_back_closure(id, seen, "Not yet", t.sup, t0())
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    assert_eq!(status(&store, id), CaseStatus::Open);
    assert_eq!(
        store.reload_case_detail(id).unwrap().row.closure,
        Some(RequestState::Pending)
    );
}

#[test]
fn a_closed_case_reopens_only_with_a_written_reason() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let t = team(&mut store);
    let workflow = Workflow::standard().unwrap();
    let id = open_case_at(&mut store, RiskLevel::Low, t0());
    close(&mut store, id, ClosureReason::MovedAway, t.worker, t0()).unwrap();
    let version = store.case_step(id).unwrap().version;
    // The plain step move no longer reopens.
    let err = store
        .change_case_status(
            id,
            version,
            &CaseMove::to(CaseStatus::Open),
            &workflow,
            Some(t.worker),
            t0(),
        )
        .unwrap_err();
    assert!(err.to_string().contains("written reason"), "{err}");
    let err = store
        .reopen_case(id, version, "  ", &workflow, Some(t.worker), t0())
        .unwrap_err();
    assert!(err.to_string().contains("written reason"), "{err}");
    assert_eq!(status(&store, id), CaseStatus::Closed);

    let err = store
        .reopen_case(
            id,
            version - 1,
            "Moved back",
            &workflow,
            Some(t.worker),
            t0(),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");

    store
        .reopen_case(
            id,
            version,
            "The family moved back; new report from the school.",
            &workflow,
            Some(t.worker),
            t0(),
        )
        .unwrap();
    let detail = store.reload_case_detail(id).unwrap();
    assert_eq!(detail.row.status, CaseStatus::Open);
    assert_eq!(detail.closure_reason, None);
    assert_eq!(
        detail.reopen_reason.as_deref(),
        Some("The family moved back; new report from the school.")
    );
    let timeline = store.case_timeline(id, None, 10).unwrap();
    assert_eq!(timeline[0].summary, "Step: Closed -> Open (reopened)");
    assert_eq!(
        timeline[0].body.as_deref(),
        Some("The family moved back; new report from the school.")
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'case_reopened' AND detail = 'status:closed>open'"
        ),
        1
    );
    // An open case cannot be reopened.
    let version = store.case_step(id).unwrap().version;
    let err = store
        .reopen_case(id, version, "again", &workflow, Some(t.worker), t0())
        .unwrap_err();
    assert!(err.to_string().contains("only a closed case"), "{err}");
}

#[test]
fn the_peak_level_survives_the_level_dropping() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let t = team(&mut store);
    // Opened high, later lowered to low.
    let id = open_case_at(&mut store, RiskLevel::High, t0());
    store
        .set_case_risk(id, RiskLevel::Low, None, None, t0().timestamp())
        .unwrap();
    let detail = store.reload_case_detail(id).unwrap();
    assert_eq!(detail.row.risk, RiskLevel::Low);
    assert_eq!(detail.peak_risk, RiskLevel::High);
    let outcome = close(&mut store, id, ClosureReason::NeedsMet, t.worker, t0()).unwrap();
    assert!(matches!(outcome, StepOutcome::ClosureRequested(_)));
    // Raised to critical and back down: the peak is critical.
    let id = open_case_at(&mut store, RiskLevel::Low, t0());
    for level in [RiskLevel::Critical, RiskLevel::Medium] {
        store
            .set_case_risk(id, level, None, None, t0().timestamp())
            .unwrap();
    }
    assert_eq!(
        store.reload_case_detail(id).unwrap().peak_risk,
        RiskLevel::Critical
    );
}

#[test]
fn the_migration_backfills_the_peak_from_assessments() {
    let (_dir, db) = temp_db();
    {
        let old = Store::open_at_version(&db, &StoreOptions::default(), 12).unwrap();
        drop(old);
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "INSERT INTO cases (id, number, risk_level, opened_at, updated_at)
                 VALUES (1, 'HL-2026-000001', 1, 0, 0), (2, 'HL-2026-000002', 2, 0, 0);
             INSERT INTO assessments (case_id, instrument_id, instrument_version, answers,
                 score, result_name, computed_level, final_level, assessed_at)
                 VALUES (1, 'asq', 1, '{}', 1, 'acute', 4, 4, 0),
                        (2, 'asq', 1, '{}', 0, 'negative', 0, 1, 0);",
        )
        .unwrap();
    }
    let store = open(&db);
    assert_eq!(
        store.reload_case_detail(1).unwrap().peak_risk,
        RiskLevel::Critical
    );
    assert_eq!(
        store.reload_case_detail(2).unwrap().peak_risk,
        RiskLevel::Medium,
        "the current level when it is the highest"
    );
}
