//! Need-to-know on a real database: every kind of tie between a person
//! and a case, for every kind of viewer, lists, searches and opens exactly
//! what the matrix in `domain::access` allows; breaking the glass and
//! restricting a case do what they say.

mod common;

use common::*;
use helpline::auth::hash_password;
use helpline::domain::Role;
use helpline::domain::access::{CaseAction, Decision, Viewer, decide_for};
use helpline::store::cases::{CaseQuery, NewCase, StatusFilter};
use helpline::store::contacts::{CaseTarget, NewContact};
use helpline::store::users::NewUser;
use helpline::store::{Store, StoreError};
use std::collections::BTreeSet;

const NOW: i64 = 1_795_600_000;

fn member(store: &mut Store, name: &str, role: Role, team: Option<&str>) -> i64 {
    let hash = hash_password("long enough password").unwrap();
    store
        .create_user(
            &NewUser {
                username: name,
                display_name: name,
                role,
                team,
                password_hash: &hash,
            },
            None,
        )
        .unwrap()
}

fn new_case(store: &mut Store, name: &str) -> i64 {
    store
        .open_case(
            &NewCase {
                opened_at: NOW,
                child_name: Some(name),
                child_age: Some(12),
                phone_norm: Some("254711000111"),
                ..NewCase::default()
            },
            None,
        )
        .unwrap()
        .0
}

fn version(store: &Store, case: i64) -> i64 {
    store.reload_case_detail(case).unwrap().version
}

fn take_contact(store: &mut Store, operator: i64, case: i64) {
    store
        .complete_intake(
            None,
            operator,
            &NewContact {
                form_id: "child_helpline",
                channel: "phone_call",
                contact_type: "child_about_self",
                started_at: NOW,
                ended_at: NOW + 60,
                answers_json: "{}",
                ..Default::default()
            },
            CaseTarget::Attach(case),
            &[],
            NOW,
            &|_, _| None,
        )
        .unwrap();
}

struct Floor {
    _dir: tempfile::TempDir,
    store: Store,
    viewers: Vec<(&'static str, i64)>,
    cases: Vec<i64>,
}

/// Two teams; a person of each role in Jacaranda, a supervisor of the
/// whole floor, an admin with and without a case role; and cases holding
/// each kind of tie to the Jacaranda people, each also restricted.
fn floor() -> Floor {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let op = member(&mut store, "op", Role::Operator, Some("Jacaranda"));
    let cw = member(&mut store, "cw", Role::Caseworker, Some("Jacaranda"));
    let cw2 = member(&mut store, "cw2", Role::Caseworker, Some("Jacaranda"));
    let baobab = member(&mut store, "cw3", Role::Caseworker, Some("Baobab"));
    let sup = member(&mut store, "sup", Role::Supervisor, Some("Jacaranda"));
    let all = member(&mut store, "floor", Role::Supervisor, None);
    let admin = member(&mut store, "admin", Role::Admin, None);
    let admin_cw = member(&mut store, "admincw", Role::Admin, Some("Jacaranda"));
    store
        .set_case_role("admincw", Some(Role::Caseworker), None)
        .unwrap();
    let mut cases = Vec::new();
    for restricted in [false, true] {
        // 1 cw's own; 2 cw2's in Jacaranda; 3 Baobab's, op took a contact;
        // 4 Baobab's; 5 no team, op took a contact; 6 no team.
        for (i, worker, contact) in [
            (1, Some(cw), false),
            (2, Some(cw2), false),
            (3, Some(baobab), true),
            (4, Some(baobab), false),
            (5, None, true),
            (6, None, false),
        ] {
            let case = new_case(&mut store, &format!("Amani Tie{i}"));
            if let Some(worker) = worker {
                let v = version(&store, case);
                store.assign_case(case, v, worker, sup, NOW).unwrap();
            }
            if contact {
                take_contact(&mut store, op, case);
            }
            let v = version(&store, case);
            store
                .add_case_note(case, v, "zebra crossing seen", sup, NOW)
                .unwrap();
            if restricted {
                let v = version(&store, case);
                store
                    .set_case_restricted(case, v, true, &Viewer::whole_floor(all), NOW)
                    .unwrap();
            }
            cases.push(case);
        }
    }
    let viewers = vec![
        ("operator", op),
        ("case worker", cw),
        ("team supervisor", sup),
        ("floor supervisor", all),
        ("admin", admin),
        ("admin as case worker", admin_cw),
    ];
    Floor {
        _dir: dir,
        store,
        viewers,
        cases,
    }
}

fn allowed(store: &Store, viewer: &Viewer, cases: &[i64], action: CaseAction) -> BTreeSet<i64> {
    let now = helpline::clock::now().timestamp();
    cases
        .iter()
        .copied()
        .filter(|c| {
            let ties = store.case_ties(*c, viewer, now).unwrap().unwrap();
            decide_for(viewer.case_role, &ties, action) == Decision::Allow
        })
        .collect()
}

#[test]
fn lists_searches_and_opens_show_exactly_what_the_matrix_allows() {
    let mut f = floor();
    let everything = CaseQuery {
        status: StatusFilter::Open,
        ..CaseQuery::default()
    };
    for (who, id) in f.viewers.clone() {
        let viewer = f.store.viewer(id).unwrap();
        let may_view = allowed(&f.store, &viewer, &f.cases, CaseAction::View);
        let listed: BTreeSet<i64> = f
            .store
            .list_cases(&viewer, &everything, None, 100)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(listed, may_view, "{who}: the list");
        // A name search: whole rows for what they may view, initials for
        // what they may only find.
        let hits = f.store.search_cases_matched(&viewer, "amani", 50).unwrap();
        let full: BTreeSet<i64> = hits
            .iter()
            .filter(|h| !h.minimal)
            .map(|h| h.row.id)
            .collect();
        assert_eq!(full, may_view, "{who}: whole search results");
        let minimal: BTreeSet<i64> = hits
            .iter()
            .filter(|h| h.minimal)
            .map(|h| h.row.id)
            .collect();
        let may_find = allowed(&f.store, &viewer, &f.cases, CaseAction::SearchMinimal);
        assert_eq!(
            minimal,
            may_find.difference(&may_view).copied().collect(),
            "{who}: minimal search results"
        );
        for hit in hits.iter().filter(|h| h.minimal) {
            assert_eq!(hit.row.child_name.as_deref(), Some("A. T."), "{who}");
            assert_eq!(hit.row.worker, None, "{who}: who holds it is not shown");
        }
        // What was written about a case never finds one outside one's work.
        let by_note: BTreeSet<i64> = f
            .store
            .search_cases_matched(&viewer, "zebra", 50)
            .unwrap()
            .into_iter()
            .map(|h| {
                assert!(!h.minimal, "{who}: a note found a case outside their work");
                h.row.id
            })
            .collect();
        assert_eq!(by_note, may_view, "{who}: search by note");
        for case in &f.cases {
            let opened = f.store.open_case_detail(*case, &viewer);
            match (may_view.contains(case), opened) {
                (true, Ok(_)) => {}
                (false, Err(StoreError::NeedToKnow { case_id })) => assert_eq!(case_id, *case),
                (expected, got) => panic!("{who}, case {case}: may view {expected}, got {got:?}"),
            }
        }
    }
}

#[test]
fn the_lists_follow_the_expected_rows_for_an_operator_and_a_case_worker() {
    let f = floor();
    let names = |id: i64| -> Vec<String> {
        let viewer = f.store.viewer(id).unwrap();
        let mut names: Vec<String> = f
            .store
            .list_cases(&viewer, &CaseQuery::default(), None, 100)
            .unwrap()
            .into_iter()
            .map(|r| r.child_name.unwrap())
            .collect();
        names.sort();
        names
    };
    let (op, cw, admin) = (f.viewers[0].1, f.viewers[1].1, f.viewers[4].1);
    // Cases of contacts the operator took, unless restricted.
    assert_eq!(names(op), ["Amani Tie3", "Amani Tie5"]);
    // The case worker's own (restricted too) and the team's.
    assert_eq!(names(cw), ["Amani Tie1", "Amani Tie1", "Amani Tie2"]);
    assert!(names(admin).is_empty(), "an admin reads no case content");
}

#[test]
fn breaking_the_glass_opens_the_case_tells_the_supervisors_and_is_audited() {
    let mut f = floor();
    let op = f.store.viewer(f.viewers[0].1).unwrap();
    let case = f.cases[3]; // Baobab's, no tie to the operator
    assert!(matches!(
        f.store.open_case_detail(case, &op),
        Err(StoreError::NeedToKnow { .. })
    ));
    let now = helpline::clock::now().timestamp();
    assert!(
        matches!(
            f.store.break_glass(case, &op, "  why  ", now),
            Err(StoreError::Invalid(_))
        ),
        "a reason that says nothing is refused"
    );
    f.store
        .break_glass(case, &op, "caller says the child is at the door now", now)
        .unwrap();
    // The viewer as the app reads it for each list: now holding a grant.
    let op = f.store.viewer(op.user_id).unwrap();
    assert!(op.may_hold_grants);
    let detail = f.store.open_case_detail(case, &op).unwrap();
    assert_eq!(detail.row.id, case);
    let listed = f
        .store
        .list_cases(&op, &CaseQuery::default(), None, 100)
        .unwrap();
    assert!(listed.iter().any(|r| r.id == case));
    // The timeline says who and why; the floor supervisor has an alert.
    let timeline = f.store.case_timeline(case, None, 50).unwrap();
    let entry = timeline.iter().find(|e| e.kind == "access").unwrap();
    assert!(entry.summary.contains("op"), "{}", entry.summary);
    assert_eq!(
        entry.body.as_deref(),
        Some("caller says the child is at the door now")
    );
    let floor_sup = f.store.viewer(f.viewers[3].1).unwrap();
    let alerts = f
        .store
        .list_open_alerts(
            &helpline::store::alerts::AlertViewer {
                user_id: floor_sup.user_id,
                role: Role::Supervisor,
                team: None,
                now,
                escalate_after_secs: 600,
            },
            50,
        )
        .unwrap();
    assert!(
        alerts
            .iter()
            .any(|a| a.case_id == Some(case) && a.kind == "glass_broken")
    );
    let audited: i64 = rusqlite::Connection::open(f.store.path())
        .unwrap()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'glass_broken' AND record_id = ?1",
            [case],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1);
    // The grant runs for a shift, then the case is closed to them again.
    let later = now + helpline::domain::access::GLASS_GRANT_SECS + 1;
    let ties = f.store.case_ties(case, &op, later).unwrap().unwrap();
    assert_eq!(
        decide_for(op.case_role, &ties, CaseAction::View),
        Decision::NeedToKnow
    );
}

#[test]
fn a_restricted_case_leaves_the_team_and_only_supervisors_restrict() {
    let mut f = floor();
    let cw = f.store.viewer(f.viewers[1].1).unwrap();
    let sup = f.store.viewer(f.viewers[2].1).unwrap();
    let case = f.cases[1]; // cw2's, in cw's team
    assert!(f.store.open_case_detail(case, &cw).is_ok());
    let v = version(&f.store, case);
    let now = helpline::clock::now().timestamp();
    assert!(matches!(
        f.store.set_case_restricted(case, v, true, &cw, now),
        Err(StoreError::NeedToKnow { .. })
    ));
    f.store
        .set_case_restricted(case, v, true, &sup, now)
        .unwrap();
    assert!(f.store.reload_case_detail(case).unwrap().restricted);
    assert!(matches!(
        f.store.open_case_detail(case, &cw),
        Err(StoreError::NeedToKnow { .. })
    ));
    // A stale version is a conflict, not a silent change.
    assert!(matches!(
        f.store.set_case_restricted(case, v, false, &sup, now),
        Err(StoreError::Conflict { .. })
    ));
    let v = version(&f.store, case);
    f.store
        .set_case_restricted(case, v, false, &sup, now)
        .unwrap();
    assert!(f.store.open_case_detail(case, &cw).is_ok());
}

#[test]
fn a_changed_role_or_team_applies_at_once_and_a_disabled_account_sees_nothing() {
    let mut f = floor();
    let admin = f.viewers[4].1;
    assert!(!f.store.viewer(admin).unwrap().case_role.reads_cases());
    f.store
        .set_case_role("admin", Some(Role::Supervisor), None)
        .unwrap();
    let viewer = f.store.viewer(admin).unwrap();
    assert!(viewer.case_role.whole_floor);
    assert_eq!(
        f.store
            .list_cases(&viewer, &CaseQuery::default(), None, 100)
            .unwrap()
            .len(),
        f.cases.len()
    );
    assert!(
        f.store
            .set_case_role("cw", Some(Role::Supervisor), None)
            .is_err(),
        "only an admin account takes a separate case role"
    );
    f.store.set_user_disabled("cw", true, None).unwrap();
    let cw = f.store.viewer(f.viewers[1].1).unwrap();
    assert!(!cw.case_role.reads_cases());
}
