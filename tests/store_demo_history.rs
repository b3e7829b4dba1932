//! A demo database as a newcomer finds it: it says it is a demo, its
//! history looks like a working helpline's (old work done, only recent
//! weeks open), and its service directory and referrals can be tried at once.

use chrono::{DateTime, Utc};
use helpline::domain::demo::DemoOptions;
use helpline::store::{Store, StoreOptions};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Login is not exercised here, so any non-empty hash will do.
const HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$ZGVtb2RlbW9kZW1v$0Tgtq6pOKLtH3aW6XMmeF4dG1HBN1pM0mE5Yy7Q2yy0";

const DAY: i64 = 86_400;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_780_000_000, 0).unwrap()
}

fn demo_db(cases: u64) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("anything.db");
    let mut store = Store::open(&path, &StoreOptions::default()).unwrap();
    let opts = DemoOptions {
        cases,
        seed: 2026,
        now: now(),
    };
    store.fill_demo(&opts, HASH, &mut |_, _| {}).unwrap();
    (dir, path)
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_database_filled_by_demo_says_so_whatever_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("real.db");
    let store = Store::open(&plain, &StoreOptions::default()).unwrap();
    assert!(!store.is_demo().unwrap(), "a new database is no demo");
    drop(store);

    let (_dir, path) = demo_db(50);
    let store = Store::open(&path, &StoreOptions::default()).unwrap();
    assert!(store.is_demo().unwrap());
}

#[test]
fn a_demo_database_from_before_the_fact_learns_it_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old-demo.db");
    let store = Store::open_at_version(&path, &StoreOptions::default(), 6).unwrap();
    drop(store);
    // What an earlier demo load left behind: its audit entry.
    Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO audit_log (at, user_id, action, detail) VALUES (1, NULL, 'demo_created', '2000')",
            [],
        )
        .unwrap();
    let store = Store::open(&path, &StoreOptions::default()).unwrap();
    assert!(store.is_demo().unwrap());

    let other = dir.path().join("old-real.db");
    drop(Store::open_at_version(&other, &StoreOptions::default(), 6).unwrap());
    let store = Store::open(&other, &StoreOptions::default()).unwrap();
    assert!(!store.is_demo().unwrap());
}

#[test]
fn a_two_year_history_is_worked_through_and_only_recent_weeks_are_open() {
    let (_dir, db) = demo_db(2000);
    let now = now().timestamp();
    let six_weeks = now - 6 * 7 * DAY;
    let two_weeks = now - 2 * 7 * DAY;
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL AND raised_at < {two_weeks}"
            )
        ),
        0,
        "no alert waits longer than two weeks"
    );
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL AND severity = 4
                 AND raised_at < {}",
                now - DAY
            )
        ),
        0,
        "no critical alert waits longer than a day"
    );
    assert!(
        count(
            &db,
            "SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL"
        ) > 0,
        "a supervisor still finds something to acknowledge"
    );
    let old = count(
        &db,
        &format!("SELECT count(*) FROM cases WHERE opened_at < {six_weeks}"),
    );
    let old_closed = count(
        &db,
        &format!(
            "SELECT count(*) FROM cases WHERE opened_at < {six_weeks} AND status = 'closed'
             AND closure_reason IS NOT NULL AND outcome_note <> ''"
        ),
    );
    assert!(old > 1500, "{old}");
    assert_eq!(old_closed, old, "every case older than six weeks is closed");
    let recent_open = count(
        &db,
        &format!(
            "SELECT count(*) FROM cases WHERE opened_at >= {six_weeks} AND status <> 'closed'"
        ),
    );
    assert!(recent_open > 20, "{recent_open}");
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT count(*) FROM referrals r JOIN cases c ON c.id = r.case_id
                 WHERE c.opened_at < {six_weeks}
                 AND r.status IN ('pending', 'sent', 'acknowledged', 'accepted')"
            )
        ),
        0,
        "old cases' referrals are finished"
    );
}

#[test]
fn the_directory_offers_every_service_type_and_the_readme_searches_find_things() {
    let (_dir, db) = demo_db(300);
    let store = Store::open(&db, &StoreOptions::default()).unwrap();
    let types = count(&db, "SELECT count(DISTINCT service_type) FROM services");
    assert_eq!(types, helpline::domain::ServiceType::ALL.len() as i64);
    assert!(count(&db, "SELECT count(*) FROM organisations") >= 8);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM services WHERE location = '' OR phone = ''
             OR opening_hours = '' OR languages = ''"
        ),
        0
    );
    // The README's examples: `shelter`, `legal`, `Kisumu`.
    for (query, wanted) in [
        ("shelter", "safe_shelter"),
        ("legal", "legal_aid"),
        ("Kisumu", ""),
    ] {
        let found = store
            .search_services(query, helpline::store::Page::first(50))
            .unwrap();
        assert!(!found.is_empty(), "`{query}` finds nothing");
        assert!(
            found
                .iter()
                .any(|s| wanted.is_empty() || s.record.service_type.as_str() == wanted),
            "{query}"
        );
    }
    let shelters = store
        .search_services("shelter Kisumu", helpline::store::Page::first(50))
        .unwrap();
    assert!(!shelters.is_empty(), "a shelter in Kisumu");
}

#[test]
fn referrals_are_in_every_state_with_their_reasons_on_the_timeline() {
    let (_dir, db) = demo_db(2000);
    let conn = Connection::open(&db).unwrap();
    let mut by_status = conn
        .prepare("SELECT status, count(*) FROM referrals GROUP BY status")
        .unwrap();
    let states: Vec<(String, i64)> = by_status
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for status in helpline::domain::ReferralStatus::ALL {
        assert!(
            states.iter().any(|(s, n)| s == status.as_str() && *n > 0),
            "no {status} referral in {states:?}"
        );
    }
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM referrals WHERE (status = 'declined') <> (decline_reason IS NOT NULL)
             OR (status = 'cancelled') <> (cancel_reason IS NOT NULL)"
        ),
        0
    );
    // Each referral has its creation and every move on the case timeline.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM referrals r WHERE (SELECT count(*) FROM case_events e
                 WHERE e.kind = 'referral' AND e.ref_id = r.id) <> r.version"
        ),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM case_events WHERE kind = 'referral'
             AND summary LIKE '% -> Declined' AND body IS NULL"
        ),
        0,
        "a decline shows its reason"
    );
    let mut fk = conn.prepare("PRAGMA foreign_key_check").unwrap();
    assert!(!fk.exists([]).unwrap(), "foreign keys hold");
}

#[test]
fn the_readme_name_search_finds_a_demo_child() {
    let (_dir, db) = demo_db(2000);
    let store = Store::open(&db, &StoreOptions::default()).unwrap();
    let found = store
        .search_cases(
            &helpline::domain::access::Viewer::whole_floor(1),
            "wanj",
            20,
        )
        .unwrap();
    assert!(
        found.iter().any(|c| c
            .child_name
            .as_deref()
            .is_some_and(|n| n.starts_with("Wanj"))),
        "\"wanj\" finds Wanjiku"
    );
}
