//! Case lists, search, the audited case header and version conflicts, on
//! real database files.

mod common;

use common::*;
use helpline::domain::{CaseStatus, RiskLevel, Role};
use helpline::store::StoreError;
use helpline::store::cases::{CaseQuery, CaseScope, NewCase, StatusFilter};

const T0: i64 = 1_790_000_000;

fn seed(store: &mut helpline::store::Store) -> Vec<i64> {
    let people = [
        (
            "Wanjiku Nyambura",
            RiskLevel::High,
            Some(T0 + 3600),
            "254722123456",
        ),
        ("Zoë Achieng", RiskLevel::Critical, Some(T0), "254711000111"),
        ("José Pérez", RiskLevel::Low, None, "5215512345678"),
        ("Thị Hương", RiskLevel::High, Some(T0 + 60), "84912345678"),
        (
            "محمد علي",
            RiskLevel::Medium,
            Some(T0 + 7200),
            "201001234567",
        ),
        ("Baraka Otieno", RiskLevel::None, None, "254733999888"),
    ];
    people
        .iter()
        .enumerate()
        .map(|(i, (name, risk, deadline, phone))| {
            store
                .open_case(
                    &NewCase {
                        opened_at: T0 - 1000 + i as i64,
                        risk: *risk,
                        child_name: Some(name),
                        child_age: Some(10 + i as i64),
                        category: Some(if i % 2 == 0 {
                            "violence"
                        } else {
                            "mental_health"
                        }),
                        phone_norm: Some(phone),
                        deadline_at: *deadline,
                        ..NewCase::default()
                    },
                    None,
                )
                .unwrap()
                .0
        })
        .collect()
}

#[test]
fn case_numbers_count_up_per_year() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let a = store
        .open_case(
            &NewCase {
                opened_at: T0,
                ..NewCase::default()
            },
            None,
        )
        .unwrap();
    let b = store
        .open_case(
            &NewCase {
                opened_at: T0 + 1,
                ..NewCase::default()
            },
            None,
        )
        .unwrap();
    assert_eq!(a.1.to_string(), "HL-2026-000001");
    assert_eq!(b.1.to_string(), "HL-2026-000002");
    let next_year = store
        .open_case(
            &NewCase {
                opened_at: T0 + 366 * 86_400,
                ..NewCase::default()
            },
            None,
        )
        .unwrap();
    assert_eq!(next_year.1.to_string(), "HL-2027-000001");
}

#[test]
fn lists_sort_by_risk_then_deadline_and_page_without_gaps() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    seed(&mut store);
    let all = store
        .list_cases(
            &helpline::domain::access::Viewer::whole_floor(1),
            &CaseQuery::default(),
            None,
            100,
        )
        .unwrap();
    let names: Vec<_> = all.iter().map(|r| r.child_name.clone().unwrap()).collect();
    assert_eq!(
        names,
        [
            "Zoë Achieng",
            "Thị Hương",
            "Wanjiku Nyambura",
            "محمد علي",
            "José Pérez",
            "Baraka Otieno"
        ]
    );
    // Page by two: the same rows, in the same order.
    let mut paged = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .list_cases(
                &helpline::domain::access::Viewer::whole_floor(1),
                &CaseQuery::default(),
                after,
                2,
            )
            .unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.page_key());
        paged.extend(page);
    }
    assert_eq!(paged, all);
}

#[test]
fn filters_narrow_the_list() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    seed(&mut store);
    let count = |q: CaseQuery| {
        store
            .list_cases(
                &helpline::domain::access::Viewer::whole_floor(1),
                &q,
                None,
                100,
            )
            .unwrap()
            .len()
    };
    assert_eq!(
        count(CaseQuery {
            min_risk: Some(RiskLevel::High),
            ..Default::default()
        }),
        3
    );
    assert_eq!(
        count(CaseQuery {
            category: Some("violence".into()),
            ..Default::default()
        }),
        3
    );
    assert_eq!(
        count(CaseQuery {
            overdue_at: Some(T0 + 100),
            ..Default::default()
        }),
        2
    );
    assert_eq!(
        count(CaseQuery {
            scope: CaseScope::Unassigned,
            ..Default::default()
        }),
        6
    );
    assert_eq!(
        count(CaseQuery {
            scope: CaseScope::Mine(1),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        count(CaseQuery {
            status: StatusFilter::Only(CaseStatus::Closed),
            ..Default::default()
        }),
        0
    );
}

#[test]
fn search_finds_name_prefixes_phone_fragments_and_numbers() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    seed(&mut store);
    let names = |q: &str| -> Vec<String> {
        store
            .search_cases(&helpline::domain::access::Viewer::whole_floor(1), q, 50)
            .unwrap()
            .into_iter()
            .map(|r| r.child_name.unwrap())
            .collect()
    };
    assert_eq!(names("Wanj"), ["Wanjiku Nyambura"]);
    assert_eq!(names("wanj nyam"), ["Wanjiku Nyambura"]);
    assert_eq!(names("zoe"), ["Zoë Achieng"], "diacritics are ignored");
    assert_eq!(names("huong"), ["Thị Hương"]);
    assert_eq!(names("محمد"), ["محمد علي"]);
    assert_eq!(names("722123"), ["Wanjiku Nyambura"], "phone fragment");
    assert_eq!(names("123456").len(), 4, "every phone holding the digits");
    assert_eq!(names("+254 733 999"), ["Baraka Otieno"]);
    assert_eq!(names("HL-2026-00000").len(), 6);
    assert_eq!(names("hl-2026-000002"), ["Zoë Achieng"]);
    assert!(
        names("\"OR NEAR(").is_empty(),
        "FTS syntax is never passed through"
    );
    assert!(names("").is_empty());
}

#[test]
fn opening_a_case_is_audited() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let viewer = add_user(&mut store, "amina", Role::Caseworker, "long enough");
    let ids = seed(&mut store);
    let detail = store
        .open_case_detail(
            ids[0],
            &helpline::domain::access::Viewer::whole_floor(viewer),
        )
        .unwrap();
    assert_eq!(detail.row.child_name.as_deref(), Some("Wanjiku Nyambura"));
    let audit = store.recent_audit(1).unwrap();
    assert_eq!(audit[0].action, "case_viewed");
    assert_eq!(
        (audit[0].user_id, audit[0].record_id),
        (Some(viewer), Some(ids[0]))
    );
    assert!(matches!(
        store.open_case_detail(
            999_999,
            &helpline::domain::access::Viewer::whole_floor(viewer)
        ),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn a_stale_version_is_a_conflict_and_changes_nothing() {
    let (_dir, db) = temp_db();
    let mut first = open(&db);
    let actor = add_user(&mut first, "amina", Role::Caseworker, "long enough");
    let ids = seed(&mut first);
    let mut second = open(&db);
    let seen = first
        .open_case_detail(
            ids[0],
            &helpline::domain::access::Viewer::whole_floor(actor),
        )
        .unwrap()
        .version;
    let seen_too = second
        .open_case_detail(
            ids[0],
            &helpline::domain::access::Viewer::whole_floor(actor),
        )
        .unwrap()
        .version;
    first
        .add_case_note(ids[0], seen, "first note", actor, T0)
        .unwrap();
    let err = second
        .add_case_note(ids[0], seen_too, "second note", actor, T0)
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    let notes: Vec<_> = second
        .case_timeline(ids[0], None, 50)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "note")
        .collect();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].body.as_deref(), Some("first note"));
}

#[test]
fn the_timeline_pages_newest_first() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let actor = add_user(&mut store, "amina", Role::Caseworker, "long enough");
    let ids = seed(&mut store);
    let mut version = store
        .open_case_detail(
            ids[1],
            &helpline::domain::access::Viewer::whole_floor(actor),
        )
        .unwrap()
        .version;
    for i in 0..5 {
        version = store
            .add_case_note(ids[1], version, &format!("note {i}"), actor, T0)
            .unwrap();
    }
    let first = store.case_timeline(ids[1], None, 4).unwrap();
    assert_eq!(first.len(), 4);
    let last = first.last().unwrap();
    let rest = store
        .case_timeline(ids[1], Some((last.at, last.id)), 4)
        .unwrap();
    assert_eq!(first.len() + rest.len(), 6, "5 notes and the opening");
    assert_eq!(rest.last().unwrap().summary, "Case opened");
}

mod audit_queue {
    use super::*;
    use helpline::store::audit_queue::QueuedAudit;
    use std::time::{Duration, Instant};

    fn held(db: &std::path::Path) -> rusqlite::Connection {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        conn
    }

    fn viewed(store: &helpline::store::Store) -> usize {
        store
            .recent_audit(1000)
            .unwrap()
            .iter()
            .filter(|a| a.action == "case_viewed")
            .count()
    }

    #[test]
    fn a_case_read_under_another_lock_returns_at_once_and_its_audit_follows() {
        let (_dir, db) = temp_db();
        let mut store = open(&db);
        let case_id = seed(&mut store)[0];
        let viewer = add_user(&mut store, "amina", Role::Caseworker, "long enough");
        let holder = held(&db);
        let started = Instant::now();
        let detail = store
            .open_case_detail(
                case_id,
                &helpline::domain::access::Viewer::whole_floor(viewer),
            )
            .unwrap();
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(detail.row.id, case_id);
        assert_eq!(store.pending_audit(), 1);
        // Trying again while the lock is held neither waits nor loses it.
        let started = Instant::now();
        assert!(matches!(
            store.flush_audit(false),
            Err(StoreError::Busy { .. })
        ));
        assert!(started.elapsed() < Duration::from_millis(500));
        assert_eq!(store.pending_audit(), 1);
        holder.execute_batch("COMMIT").unwrap();
        assert_eq!(store.flush_audit(false).unwrap(), 1);
        assert_eq!(store.pending_audit(), 0);
        assert_eq!(viewed(&store), 1);
    }

    #[test]
    fn queued_entries_commit_with_the_next_write_and_keep_their_time() {
        let (_dir, db) = temp_db();
        let mut store = open(&db);
        let case_id = seed(&mut store)[0];
        let viewer = add_user(&mut store, "amina", Role::Caseworker, "long enough");
        let holder = held(&db);
        store.audit_soon(QueuedAudit {
            user_id: viewer,
            action: helpline::domain::AuditAction::CaseViewed,
            record_type: "case",
            record_id: case_id,
            count: None,
            at: 1_000,
        });
        holder.execute_batch("COMMIT").unwrap();
        store.set_user_disabled("nobody", true, None).unwrap_err();
        let entry =
            helpline::store::audit::AuditEntry::new(None, helpline::domain::AuditAction::Logout);
        store.audit(entry).unwrap();
        assert_eq!(store.pending_audit(), 0);
        let rows = store.recent_audit(1000).unwrap();
        let view = rows.iter().find(|a| a.action == "case_viewed").unwrap();
        assert_eq!((view.at, view.record_id), (1_000, Some(case_id)));
    }

    #[test]
    fn entries_still_queued_are_written_when_the_store_closes() {
        let (_dir, db) = temp_db();
        let mut store = open(&db);
        let case_id = seed(&mut store)[0];
        let viewer = add_user(&mut store, "amina", Role::Caseworker, "long enough");
        let holder = held(&db);
        store
            .open_case_detail(
                case_id,
                &helpline::domain::access::Viewer::whole_floor(viewer),
            )
            .unwrap();
        assert_eq!(store.pending_audit(), 1);
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            holder.execute_batch("COMMIT").unwrap();
        });
        drop(store);
        release.join().unwrap();
        assert_eq!(viewed(&open(&db)), 1);
    }
}
