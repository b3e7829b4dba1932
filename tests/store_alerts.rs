//! Alerts on a real database: who sees them, escalation, acknowledgement,
//! and the unassigned-case check.

mod common;

use common::*;
use helpline::domain::{RiskLevel, Role};
use helpline::store::alerts::AlertViewer;
use helpline::store::cases::NewCase;
use helpline::store::{Store, StoreError};

const NOW: i64 = 1_795_600_000;

fn viewer(user_id: i64, role: Role, team: Option<&str>, now: i64) -> AlertViewer {
    AlertViewer {
        user_id,
        role,
        team: team.map(str::to_string),
        now,
        escalate_after_secs: 300,
    }
}

fn case(store: &mut Store, team: Option<&str>) -> i64 {
    store
        .open_case(
            &NewCase {
                opened_at: NOW - 60,
                team,
                ..NewCase::default()
            },
            None,
        )
        .unwrap()
        .0
}

#[test]
fn an_urgent_level_raises_one_alert_and_lower_levels_none() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let id = case(&mut store, None);
    assert!(
        !store
            .set_case_risk(id, RiskLevel::Medium, None, None, NOW)
            .unwrap()
    );
    assert!(
        store
            .set_case_risk(id, RiskLevel::High, None, None, NOW)
            .unwrap()
    );
    assert!(
        !store
            .set_case_risk(id, RiskLevel::Critical, None, None, NOW)
            .unwrap(),
        "same open alert, raised in severity"
    );
    let alerts = store
        .list_open_alerts(&viewer(sup, Role::Supervisor, None, NOW), 10)
        .unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].severity, RiskLevel::Critical);
    let timeline = store.case_timeline(id, None, 10).unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| e.summary == "Risk level set to critical")
    );
}

#[test]
fn team_supervisors_and_the_worker_see_alerts_and_critical_ones_escalate() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let own_sup = add_user(&mut store, "own", Role::Supervisor, "long enough");
    let other_sup = add_user(&mut store, "other", Role::Supervisor, "long enough");
    let operator = add_user(&mut store, "op", Role::Operator, "long enough");
    let high = case(&mut store, Some("north"));
    let critical = case(&mut store, Some("north"));
    store
        .set_case_risk(high, RiskLevel::High, None, None, NOW)
        .unwrap();
    store
        .set_case_risk(critical, RiskLevel::Critical, None, None, NOW)
        .unwrap();

    let count = |s: &Store, v: AlertViewer| s.count_open_alerts(&v).unwrap();
    assert_eq!(
        count(
            &store,
            viewer(own_sup, Role::Supervisor, Some("north"), NOW)
        ),
        2
    );
    assert_eq!(
        count(
            &store,
            viewer(other_sup, Role::Supervisor, Some("south"), NOW)
        ),
        0
    );
    assert_eq!(
        count(&store, viewer(operator, Role::Operator, Some("north"), NOW)),
        0
    );
    // Five minutes on, the unacknowledged critical alert reaches every supervisor.
    let later = NOW + 301;
    let seen = store
        .list_open_alerts(
            &viewer(other_sup, Role::Supervisor, Some("south"), later),
            10,
        )
        .unwrap();
    assert_eq!(seen.len(), 1);
    assert!(seen[0].escalated);
    assert_eq!(seen[0].severity, RiskLevel::Critical);
}

#[test]
fn alerts_sort_by_severity_then_age() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let a = case(&mut store, None);
    let b = case(&mut store, None);
    let c = case(&mut store, None);
    store
        .set_case_risk(a, RiskLevel::High, None, None, NOW - 100)
        .unwrap();
    store
        .set_case_risk(b, RiskLevel::Critical, None, None, NOW - 50)
        .unwrap();
    store
        .set_case_risk(c, RiskLevel::High, None, None, NOW - 200)
        .unwrap();
    let order: Vec<_> = store
        .list_open_alerts(&viewer(sup, Role::Supervisor, None, NOW), 10)
        .unwrap()
        .into_iter()
        .map(|r| r.case_id.unwrap())
        .collect();
    assert_eq!(order, [b, c, a]);
}

#[test]
fn acknowledging_records_who_and_when_once() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let id = case(&mut store, None);
    store
        .set_case_risk(id, RiskLevel::Critical, None, None, NOW)
        .unwrap();
    let v = viewer(sup, Role::Supervisor, None, NOW);
    let alert = store.list_open_alerts(&v, 1).unwrap().remove(0);
    let mut other = open(&db);
    store.acknowledge_alert(alert.id, sup, NOW + 30).unwrap();
    let err = other
        .acknowledge_alert(alert.id, sup, NOW + 31)
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }));
    assert_eq!(store.count_open_alerts(&v).unwrap(), 0);
    assert_eq!(
        store.recent_audit(1).unwrap()[0].action,
        "alert_acknowledged"
    );
    let timeline = store.case_timeline(id, None, 10).unwrap();
    assert_eq!(timeline[0].summary, "Critical alert acknowledged");
    assert_eq!(timeline[0].at, NOW + 30);
}

#[test]
fn unassigned_urgent_cases_alert_once_after_the_time_to_assign() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let id = case(&mut store, None);
    let calm = case(&mut store, None);
    store
        .set_case_risk(id, RiskLevel::High, None, None, NOW)
        .unwrap();
    store
        .set_case_risk(calm, RiskLevel::Low, None, None, NOW)
        .unwrap();
    assert_eq!(
        store.raise_unassigned_alerts(NOW, 3600).unwrap(),
        0,
        "not late yet"
    );
    assert_eq!(store.raise_unassigned_alerts(NOW + 3600, 3600).unwrap(), 1);
    assert_eq!(
        store.raise_unassigned_alerts(NOW + 3700, 3600).unwrap(),
        0,
        "never twice"
    );

    let kinds: Vec<_> = store
        .list_open_alerts(&viewer(sup, Role::Supervisor, None, NOW + 3700), 10)
        .unwrap()
        .into_iter()
        .map(|a| a.kind)
        .collect();
    assert_eq!(kinds.len(), 2);
    assert!(kinds.contains(&"unassigned".to_string()));
    // Acknowledged, still unassigned: not raised again (the bell would ring
    // every minute otherwise).
    let v = viewer(sup, Role::Supervisor, None, NOW + 3700);
    let alert = store
        .list_open_alerts(&v, 10)
        .unwrap()
        .into_iter()
        .find(|a| a.kind == "unassigned")
        .unwrap();
    store.acknowledge_alert(alert.id, sup, NOW + 3800).unwrap();
    assert_eq!(store.raise_unassigned_alerts(NOW + 3900, 3600).unwrap(), 0);
}

#[test]
fn an_alert_follows_its_case_to_a_new_worker_and_team() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let north = add_user(&mut store, "north", Role::Supervisor, "long enough");
    let south = add_user(&mut store, "south", Role::Supervisor, "long enough");
    let worker = add_user(&mut store, "worker", Role::Caseworker, "long enough");
    let id = case(&mut store, Some("north"));
    store
        .set_case_risk(id, RiskLevel::High, None, None, NOW)
        .unwrap();
    let count = |s: &Store, v: AlertViewer| s.count_open_alerts(&v).unwrap();
    assert_eq!(
        count(&store, viewer(worker, Role::Caseworker, None, NOW)),
        0
    );
    assert_eq!(
        count(&store, viewer(north, Role::Supervisor, Some("north"), NOW)),
        1
    );

    // Another session assigns the case to the worker in the south team.
    let other = rusqlite::Connection::open(&db).unwrap();
    other
        .execute(
            "UPDATE cases SET worker_id = ?1, team = 'south' WHERE id = ?2",
            (worker, id),
        )
        .unwrap();
    assert_eq!(
        count(&store, viewer(worker, Role::Caseworker, None, NOW)),
        1
    );
    assert_eq!(
        count(&store, viewer(north, Role::Supervisor, Some("north"), NOW)),
        0
    );
    let seen = store
        .list_open_alerts(&viewer(south, Role::Supervisor, Some("south"), NOW), 10)
        .unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].case_id, Some(id));
}

#[test]
fn alerts_raised_before_the_upgrade_keep_their_viewers() {
    let (_dir, db) = temp_db();
    let options = helpline::store::StoreOptions::default();
    let (worker, north, id) = {
        let mut old = Store::open_at_version(&db, &options, 2).unwrap();
        let worker = add_user(&mut old, "worker", Role::Caseworker, "long enough");
        let north = add_user(&mut old, "north", Role::Supervisor, "long enough");
        let id = case(&mut old, Some("north"));
        let other = rusqlite::Connection::open(&db).unwrap();
        other
            .execute(
                "UPDATE cases SET worker_id = ?1 WHERE id = ?2",
                (worker, id),
            )
            .unwrap();
        old.set_case_risk(id, RiskLevel::Critical, None, None, NOW)
            .unwrap();
        (worker, north, id)
    };
    let store = open(&db);
    let mine = store
        .list_open_alerts(&viewer(worker, Role::Caseworker, None, NOW), 10)
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].case_id, Some(id));
    assert_eq!(
        store
            .count_open_alerts(&viewer(north, Role::Supervisor, Some("north"), NOW))
            .unwrap(),
        1
    );
}

/// Moves a case from open to follow-up, then closes it; returns nothing.
fn close_case(store: &mut Store, id: i64, actor: i64, at: i64) {
    use helpline::domain::workflow::ClosureReason;
    use helpline::domain::{CaseStatus, Workflow};
    use helpline::store::case_workflow::CaseMove;
    let workflow = Workflow::standard().unwrap();
    let when = chrono::DateTime::from_timestamp(at, 0).unwrap();
    let mut version = store.case_step(id).unwrap().version;
    for step in [CaseStatus::Assessment, CaseStatus::FollowUp] {
        version = store
            .change_case_status(
                id,
                version,
                &CaseMove::to(step),
                &workflow,
                Some(actor),
                when,
            )
            .unwrap();
    }
    let close = CaseMove::close(ClosureReason::NeedsMet, "Safe with her aunt.");
    store
        .change_case_status(id, version, &close, &workflow, Some(actor), when)
        .unwrap();
}

#[test]
fn a_high_alert_raised_to_critical_moves_the_stamp_and_restarts_the_escalation_clock() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let other_team = add_user(&mut store, "south", Role::Supervisor, "long enough");
    let older = case(&mut store, Some("north"));
    let id = case(&mut store, Some("north"));
    store
        .set_case_risk(older, RiskLevel::Critical, None, None, NOW - 900)
        .unwrap();
    store
        .set_case_risk(id, RiskLevel::High, None, None, NOW - 600)
        .unwrap();
    let v = viewer(sup, Role::Supervisor, Some("north"), NOW);
    let before = store.alert_summary(&v).unwrap();
    assert_eq!((before.open, before.critical), (2, 1));
    assert_eq!(before.banner.as_ref().unwrap().case_id, Some(older));

    // Another session's write: the count stays 2, the top severity stays
    // critical, yet every session must see that something changed.
    let mut other = open(&db);
    other
        .set_case_risk(id, RiskLevel::Critical, None, None, NOW)
        .unwrap();
    assert!(store.alerts_revision().unwrap() > before.revision);
    let after = store.alert_summary(&v).unwrap();
    assert_eq!((after.open, after.critical), (2, 2));
    assert_eq!(after.latest_raise, Some(NOW));
    let banner = after.banner.unwrap();
    assert_eq!(banner.case_id, Some(id), "the newest critical alert");
    assert_eq!(banner.raised_at, NOW, "the clock restarts at the raise");
    // Four minutes on it has not escalated to other teams' supervisors,
    // though the high alert was raised ten minutes ago; six minutes on it has.
    let south = |at| viewer(other_team, Role::Supervisor, Some("south"), at);
    let seen = store.list_open_alerts(&south(NOW + 240), 10).unwrap();
    assert!(seen.iter().all(|a| a.case_id != Some(id)), "{seen:?}");
    let seen = store.list_open_alerts(&south(NOW + 360), 10).unwrap();
    assert!(seen.iter().any(|a| a.case_id == Some(id) && a.escalated));
    // The same level again writes nothing: the stamp stays.
    let stamp = store.alerts_revision().unwrap();
    other
        .set_case_risk(id, RiskLevel::Critical, None, None, NOW + 5)
        .unwrap();
    assert_eq!(store.alerts_revision().unwrap(), stamp);
}

#[test]
fn the_banner_is_the_newest_of_the_most_severe_alerts() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let (a, b, c) = (
        case(&mut store, None),
        case(&mut store, None),
        case(&mut store, None),
    );
    for (id, level, at) in [
        (a, RiskLevel::Critical, NOW - 7200),
        (b, RiskLevel::Critical, NOW - 60),
        (c, RiskLevel::High, NOW),
    ] {
        store.set_case_risk(id, level, None, None, at).unwrap();
    }
    let v = viewer(sup, Role::Supervisor, None, NOW);
    let summary = store.alert_summary(&v).unwrap();
    assert_eq!(summary.banner.unwrap().case_id, Some(b));
    assert_eq!(
        (summary.open, summary.critical, summary.escalated),
        (3, 2, 1)
    );
    // The list still reads by severity, then age.
    let order: Vec<_> = store
        .list_open_alerts(&v, 10)
        .unwrap()
        .into_iter()
        .map(|r| r.case_id.unwrap())
        .collect();
    assert_eq!(order, [a, b, c]);
}

#[test]
fn the_pane_count_and_the_status_count_are_one_figure_from_one_snapshot() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    for _ in 0..3 {
        let id = case(&mut store, None);
        store
            .set_case_risk(id, RiskLevel::High, None, None, NOW)
            .unwrap();
    }
    let v = viewer(sup, Role::Supervisor, None, NOW);
    let (summary, rows) = store.alerts_with_summary(&v, 2).unwrap();
    assert_eq!(rows.len(), 2, "the list stops at its limit");
    assert_eq!(summary.open, 3, "the count does not");
    assert_eq!(summary, store.alert_summary(&v).unwrap());
    assert_eq!(summary.open, store.count_open_alerts(&v).unwrap());
}

#[test]
fn closing_a_case_resolves_its_alerts_and_a_closed_case_raises_none() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let south = add_user(&mut store, "south", Role::Supervisor, "long enough");
    let id = case(&mut store, Some("north"));
    store
        .set_case_risk(id, RiskLevel::Critical, None, None, NOW)
        .unwrap();
    store.raise_unassigned_alerts(NOW + 7200, 3600).unwrap();
    let v = viewer(sup, Role::Supervisor, Some("north"), NOW + 7200);
    assert_eq!(store.count_open_alerts(&v).unwrap(), 2);
    let stamp = store.alerts_revision().unwrap();

    close_case(&mut store, id, sup, NOW + 7300);
    assert!(store.alerts_revision().unwrap() > stamp);
    // Nobody sees them again, even long past the escalation time.
    for who in [
        viewer(sup, Role::Supervisor, Some("north"), NOW + 86_400),
        viewer(south, Role::Supervisor, Some("south"), NOW + 86_400),
    ] {
        assert_eq!(store.count_open_alerts(&who).unwrap(), 0);
        assert_eq!(store.alert_summary(&who).unwrap().escalated, 0);
    }
    let timeline = store.case_timeline(id, None, 1).unwrap();
    assert!(
        timeline[0].summary.ends_with("its 2 open alerts resolved"),
        "{}",
        timeline[0].summary
    );
    let audit = store.recent_audit(10).unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(
                |a| a.action == "alert_acknowledged" && a.detail.as_deref() == Some("case closed")
            )
            .count(),
        2
    );
    // A closed case raises nothing, whatever its level becomes.
    assert!(
        !store
            .set_case_risk(id, RiskLevel::Critical, None, None, NOW + 7400)
            .unwrap()
    );
    assert_eq!(store.count_open_alerts(&v).unwrap(), 0);
}

#[test]
fn upgrading_resolves_alerts_left_open_on_closed_cases() {
    use helpline::store::StoreOptions;
    let (_dir, db) = temp_db();
    let old = Store::open_at_version(&db, &StoreOptions::default(), 5).unwrap();
    drop(old);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO cases (id, number, status, risk_level, opened_at, updated_at, closed_at)
             VALUES (1, 'HL-2026-000001', 'closed', 4, {o}, {o}, {c}),
                    (2, 'HL-2026-000002', 'open', 4, {o}, {o}, NULL);
         INSERT INTO alerts (case_id, kind, severity, raised_at)
             VALUES (1, 'urgent_risk', 4, {o}), (2, 'urgent_risk', 4, {o});",
        o = NOW - 600,
        c = NOW - 60,
    ))
    .unwrap();
    drop(conn);
    let mut store = open(&db);
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let open_alerts = store
        .list_open_alerts(&viewer(sup, Role::Supervisor, None, NOW), 10)
        .unwrap();
    assert_eq!(open_alerts.len(), 1);
    assert_eq!(open_alerts[0].case_id, Some(2));
}

#[test]
fn an_acknowledgement_keeps_its_note_on_the_alert_and_the_timeline_but_not_in_the_audit() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let id = case(&mut store, None);
    store
        .set_case_risk(id, RiskLevel::Critical, None, None, NOW)
        .unwrap();
    let v = viewer(sup, Role::Supervisor, None, NOW);
    let alert = store.list_open_alerts(&v, 1).unwrap().remove(0);

    let long = "x".repeat(helpline::store::alerts::ACK_NOTE_MAX + 1);
    let err = store
        .acknowledge_alert_with_note(alert.id, sup, Some(&long), NOW + 10)
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert_eq!(store.count_open_alerts(&v).unwrap(), 1, "nothing changed");

    let note = "Called the police desk; officer on the way to Zoë's school.";
    store
        .acknowledge_alert_with_note(alert.id, sup, Some(&format!("  {note}\n")), NOW + 20)
        .unwrap();
    assert_eq!(store.count_open_alerts(&v).unwrap(), 0);
    assert_eq!(
        store.alert_ack_note(alert.id).unwrap().as_deref(),
        Some(note)
    );
    let event = store.case_timeline(id, None, 1).unwrap().remove(0);
    assert_eq!(
        event.summary,
        format!("Critical alert acknowledged: {note}")
    );
    assert_eq!(event.body.as_deref(), Some(note));
    let audit = store.recent_audit(1).unwrap().remove(0);
    assert_eq!(audit.action, "alert_acknowledged");
    assert_eq!(audit.detail.as_deref(), Some("with note"));
}
