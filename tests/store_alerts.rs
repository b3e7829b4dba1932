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
    assert_eq!(timeline[0].summary, "Alert acknowledged");
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
