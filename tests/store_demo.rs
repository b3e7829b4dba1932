//! The demo fill on a real SQLite file: counts, numbering, integrity, and
//! refusal to touch a database that already holds records.

use chrono::{DateTime, Utc};
use helpline::domain::Role;
use helpline::domain::demo::DemoOptions;
use helpline::store::demo::DemoSummary;
use helpline::store::{Store, StoreError, StoreOptions};
use rusqlite::Connection;
use std::path::Path;

/// Login is not exercised here, so any non-empty hash will do.
const HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$ZGVtb2RlbW9kZW1v$0Tgtq6pOKLtH3aW6XMmeF4dG1HBN1pM0mE5Yy7Q2yy0";

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_780_000_000, 0).unwrap()
}

fn fill(store: &mut Store, cases: u64) -> Result<(DemoSummary, Vec<(u64, u64)>), StoreError> {
    let opts = DemoOptions {
        cases,
        seed: 2026,
        now: now(),
    };
    let mut calls = Vec::new();
    let summary = store.fill_demo(&opts, HASH, &mut |done, total| calls.push((done, total)))?;
    Ok((summary, calls))
}

fn count(conn: &Connection, sql: &str) -> u64 {
    conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as u64
}

#[test]
fn fills_two_thousand_consistent_cases_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path, &StoreOptions::default()).unwrap();
    let (summary, calls) = fill(&mut store, 2000).unwrap();

    assert_eq!(calls.first(), Some(&(0, 2000)));
    assert_eq!(calls.last(), Some(&(2000, 2000)));
    assert!(
        (100..=102).contains(&calls.len()),
        "about every 1 %: {}",
        calls.len()
    );
    assert!(calls.windows(2).all(|w| w[0].0 < w[1].0));

    let db = Connection::open(&path).unwrap();
    assert_eq!(summary.cases, 2000);
    assert_eq!(summary.accounts, 55);
    assert_eq!(count(&db, "SELECT count(*) FROM cases"), 2000);
    assert_eq!(count(&db, "SELECT count(*) FROM users"), 55);
    assert_eq!(
        count(&db, "SELECT count(*) FROM contacts"),
        summary.contacts
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM case_events"),
        summary.events
    );
    assert_eq!(count(&db, "SELECT count(*) FROM alerts"), summary.alerts);

    // 1 to 3 contacts per case, plus about 15 % without a case, of the
    // types that are counted but never cased.
    let cased = count(
        &db,
        "SELECT count(*) FROM contacts WHERE case_id IS NOT NULL",
    );
    assert!((2000..=6000).contains(&cased));
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM cases WHERE id NOT IN (SELECT case_id FROM contacts WHERE case_id IS NOT NULL)"
        ),
        0
    );
    let uncased = summary.contacts - cased;
    assert!((200..400).contains(&uncased), "{uncased}");
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM contacts WHERE case_id IS NULL AND contact_type IN
                    ('child_about_self', 'about_a_child', 'adult_survivor')"
        ),
        0
    );
    // Every contact is on its case's timeline.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM case_events WHERE kind = 'contact'"
        ),
        cased
    );

    // Numbers are unique and each year's sequence runs 1..=last_seq.
    assert_eq!(count(&db, "SELECT count(DISTINCT number) FROM cases"), 2000);
    let mut years = db
        .prepare(
            "SELECT c.year, c.last_seq, count(*), max(CAST(substr(k.number, 9) AS INTEGER))
             FROM case_counters c JOIN cases k ON substr(k.number, 4, 4) = CAST(c.year AS TEXT)
             GROUP BY c.year",
        )
        .unwrap();
    let rows: Vec<(i64, i64, i64, i64)> = years
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        rows.len() >= 2,
        "two years of history span at least two years"
    );
    assert_eq!(rows.iter().map(|r| r.2).sum::<i64>(), 2000);
    for (year, last_seq, n, max_seq) in rows {
        assert_eq!((last_seq, max_seq), (n, n), "year {year}");
    }
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM cases WHERE CAST(substr(number, 4, 4) AS INTEGER)
                    <> CAST(strftime('%Y', opened_at, 'unixepoch') AS INTEGER)"
        ),
        0,
        "the number carries the opening year"
    );

    // Workflow: only open cases may be unassigned; closed ones have a reason.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM cases WHERE status <> 'open' AND worker_id IS NULL"
        ),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM cases WHERE status = 'closed' AND closure_reason IS NULL"
        ),
        0
    );
    assert!(
        count(
            &db,
            "SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL"
        ) > 0
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM alerts a JOIN cases c ON c.id = a.case_id
                    WHERE a.acknowledged_at IS NULL AND (c.status = 'closed' OR c.risk_level < 3)"
        ),
        0,
        "open alerts are for open urgent cases"
    );

    let mut fk = db.prepare("PRAGMA foreign_key_check").unwrap();
    assert!(!fk.exists([]).unwrap(), "foreign keys hold");
    assert_eq!(
        db.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
            .unwrap(),
        "ok"
    );

    let audit = store.recent_audit(5).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "demo_created");
    assert_eq!(audit[0].detail.as_deref(), Some("2000"));

    let demo = store.find_login("demo").unwrap().unwrap();
    assert_eq!(demo.user.role, Role::Supervisor);
    assert_eq!(demo.user.display_name, "Demo Supervisor");
    assert_eq!(demo.password_hash, HASH);

    assert_eq!(wal_size(&path), 0, "the WAL is checkpointed and truncated");

    // A second fill is refused and changes nothing.
    let err = fill(&mut store, 10).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(err.to_string().contains("already holds cases"), "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM cases"), 2000);
    assert_eq!(count(&db, "SELECT count(*) FROM audit_log"), 1);
}

#[test]
fn refuses_a_database_with_a_demo_user_name_or_a_bad_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path, &StoreOptions::default()).unwrap();
    assert!(matches!(fill(&mut store, 0), Err(StoreError::Invalid(_))));
    store
        .create_user(
            &helpline::store::users::NewUser {
                username: "admin",
                display_name: "Real Admin",
                role: Role::Admin,
                team: None,
                password_hash: HASH,
            },
            None,
        )
        .unwrap();
    let err = fill(&mut store, 10).unwrap_err();
    assert!(err.to_string().contains("`admin`"), "{err}");
    assert_eq!(store.count_users().unwrap(), 1, "nothing was written");
}

/// Times a million-case fill:
/// `cargo test --release --test store_demo -- --ignored --nocapture`
#[test]
#[ignore = "takes most of a minute; run in release to time the loader"]
fn one_million_cases_timing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path, &StoreOptions::default()).unwrap();
    let (summary, _) = fill(&mut store, 1_000_000).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "1,000,000 cases: {:.1} s ({} contacts, {} events, {} alerts, {} accounts; {} MiB)",
        summary.elapsed.as_secs_f64(),
        summary.contacts,
        summary.events,
        summary.alerts,
        summary.accounts,
        size >> 20
    );
}

fn wal_size(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn the_search_indexes_cover_demo_cases_and_later_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path, &StoreOptions::default()).unwrap();
    fill(&mut store, 300).unwrap();
    // Built in bulk at the end of the load: every named demo case is found
    // by the first four letters of its child's name.
    let rows = store
        .list_cases(
            &helpline::domain::access::Viewer::whole_floor(1),
            &Default::default(),
            None,
            20,
        )
        .unwrap();
    for row in rows.iter().filter(|r| r.child_name.is_some()) {
        let name = row.child_name.clone().unwrap();
        let word = name.split_whitespace().next().unwrap();
        let prefix: String = word.chars().take(4).collect();
        let found = store
            .search_cases(
                &helpline::domain::access::Viewer::whole_floor(1),
                &format!("{prefix} {}", name.split_whitespace().last().unwrap()),
                50,
            )
            .unwrap();
        assert!(
            found.iter().any(|r| r.id == row.id),
            "{prefix}… should find case {}",
            row.number
        );
    }
    // After the load the trigger indexes new cases again.
    let (id, _) = store
        .open_case(
            &helpline::store::cases::NewCase {
                opened_at: now().timestamp(),
                child_name: Some("Zebedayo Kiprotich"),
                phone_norm: Some("254799000111"),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    assert_eq!(
        store
            .search_cases(
                &helpline::domain::access::Viewer::whole_floor(1),
                "Zebeda",
                5
            )
            .unwrap()[0]
            .id,
        id
    );
    assert_eq!(
        store
            .search_cases(
                &helpline::domain::access::Viewer::whole_floor(1),
                "799000",
                5
            )
            .unwrap()[0]
            .id,
        id
    );
}

#[test]
fn the_bulk_filled_search_indexes_hold_every_row_and_their_triggers_are_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.db");
    let mut store = Store::open(&path, &StoreOptions::default()).unwrap();
    fill(&mut store, 500).unwrap();
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let pairs = [
        (
            "SELECT count(*) FROM case_search",
            "SELECT count(*) FROM cases",
        ),
        (
            "SELECT count(*) FROM case_location_search",
            "SELECT count(*) FROM cases WHERE location IS NOT NULL",
        ),
        (
            "SELECT count(*) FROM contact_narrative_search",
            "SELECT count(*) FROM contacts WHERE case_id IS NOT NULL AND narrative IS NOT NULL",
        ),
        (
            "SELECT count(*) FROM note_search",
            "SELECT count(*) FROM case_events WHERE kind = 'note' AND body IS NOT NULL",
        ),
    ];
    for (index, rows) in pairs {
        assert_eq!(count(&conn, index), count(&conn, rows), "{index}");
    }
    assert!(count(&conn, "SELECT count(*) FROM contact_narrative_search") > 0);
    for trigger in [
        "cases_search_insert",
        "cases_text_search_insert",
        "contacts_text_search_insert",
        "notes_search_insert",
    ] {
        assert_eq!(
            count(
                &conn,
                &format!(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = '{trigger}'"
                )
            ),
            1,
            "{trigger} is back"
        );
    }
}
