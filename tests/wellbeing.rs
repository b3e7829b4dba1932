//! Support for workers after heavy contacts, on a real database: the check
//! offered after a suicidal child's call, a request to talk reaching the
//! team's supervisors with how the worker is, a skipped check recording
//! nothing of the worker, the shift count that tells supervisors once,
//! and the worker's own shift view.

mod common;

use common::intake::*;
use common::*;
use helpline::domain::wellbeing::{Feeling, NextMove, WellbeingPolicy};
use helpline::domain::{RiskLevel, Role};
use helpline::store::Store;
use helpline::store::alerts::AlertViewer;
use ratatui::crossterm::event::KeyCode;

fn viewer(store: &Store, name: &str) -> AlertViewer {
    let login = store.find_login(name).unwrap().unwrap();
    AlertViewer {
        user_id: login.user.id,
        role: login.user.role,
        team: login.user.team.clone(),
        now: NOW + 60,
        escalate_after_secs: 300,
    }
}

fn alerts_of_kind(store: &Store, name: &str, kind: &str) -> Vec<helpline::store::alerts::AlertRow> {
    store
        .list_open_alerts(&viewer(store, name), 100)
        .unwrap()
        .into_iter()
        .filter(|a| a.kind == kind)
        .collect()
}

fn checks(dir: &tempfile::TempDir) -> Vec<(Option<i64>, String)> {
    let conn = rusqlite::Connection::open(dir.path().join("helpline.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT feeling, next_move FROM wellbeing_checks ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A child helpline intake for a reason, completed.
fn complete_with_reason(
    state: &mut helpline::app::State,
    store: &mut Store,
    (category, reason): (&str, &str),
) {
    pick(state, store, "phone");
    pick(state, store, "child calling");
    go_to(state, store, "reason_categories");
    tick(state, store, category);
    go_to(state, store, "reason_subcategories");
    tick(state, store, reason);
    go_to(state, store, "urgency");
    pick(state, store, "24 hours");
    complete_answering(state, store, &[]);
}

#[test]
fn after_a_suicidal_childs_call_the_operator_can_ask_to_talk() {
    let (dir, mut store, mut state) = child_intake();
    add_user(&mut store, "baraka", Role::Supervisor, "long enough");
    complete_with_reason(&mut state, &mut store, ("mental", "suicidal th"));
    let check = shell(&state)
        .wellbeing
        .check
        .clone()
        .expect("the check is offered");
    assert_eq!(check.heavy.level, RiskLevel::High);
    let screen = draw(&state, 80, 24);
    for words in [
        "A moment for you",
        "take a break",
        "talk to a supervisor",
        "skip",
    ] {
        assert!(screen.contains(words), "{words}: {screen}");
    }
    // Digits say how the operator is; they never reach the pane beneath.
    let pane = shell(&state).pane;
    typed(&mut state, &mut store, "2");
    assert_eq!(shell(&state).pane, pane);
    assert!(draw(&state, 80, 24).contains("not well"));
    typed(&mut state, &mut store, "t");
    assert!(shell(&state).wellbeing.check.is_none());
    assert!(state.flash.as_deref().unwrap().contains("supervisors"));

    let talk = alerts_of_kind(&store, "baraka", "talk_requested");
    assert_eq!(talk.len(), 1, "{talk:?}");
    assert_eq!(talk[0].severity, RiskLevel::High);
    assert!(talk[0].about.is_some());
    assert_eq!(talk[0].note.as_deref(), Some("feels not well (2 of 5)"));
    assert_eq!(checks(&dir), [(Some(2), "talk".to_string())]);
    // The operator's own alerts do not include their request.
    assert!(alerts_of_kind(&store, "amina", "talk_requested").is_empty());
}

#[test]
fn a_skipped_check_records_nothing_of_the_worker_but_the_contact_counts() {
    let (dir, mut store, mut state) = child_intake();
    complete_with_reason(&mut state, &mut store, ("mental", "suicidal th"));
    assert!(shell(&state).wellbeing.check.is_some());
    drive(&mut state, &mut store, key(KeyCode::Esc));
    assert!(shell(&state).wellbeing.check.is_none());
    assert!(checks(&dir).is_empty());
    let amina = store.user_id_named("amina").unwrap().unwrap();
    let summary = store.shift_summary(amina, NOW).unwrap();
    assert_eq!((summary.contacts, summary.heavy_contacts), (1, 1));
    assert_eq!(summary.checks, 0);
}

#[test]
fn an_ordinary_contact_offers_no_check() {
    let (_dir, mut store, mut state) = child_intake();
    complete_with_reason(&mut state, &mut store, ("education", "school"));
    assert!(shell(&state).wellbeing.check.is_none());
}

#[test]
fn a_new_call_pushes_the_check_aside() {
    let (_dir, mut store, mut state) = child_intake();
    complete_with_reason(&mut state, &mut store, ("mental", "suicidal th"));
    assert!(shell(&state).wellbeing.check.is_some());
    ctrl(&mut state, &mut store, 'n');
    assert!(shell(&state).wellbeing.check.is_none());
    assert!(draw(&state, 80, 24).contains("form"));
}

#[test]
fn the_third_critical_contact_of_a_shift_tells_the_supervisors_once() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let amina = add_user(&mut store, "amina", Role::Operator, "long enough");
    add_user(&mut store, "baraka", Role::Supervisor, "long enough");
    let policy = WellbeingPolicy::default();
    let contact = || {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "INSERT INTO contacts (channel, contact_type, operator_id, started_at, ended_at,
                 duration_s, form_id, answers, created_at)
             VALUES ('phone', 'child', ?1, ?2, ?2, 600, 'child_helpline', '{}', ?2)",
            rusqlite::params![amina, NOW],
        )
        .unwrap();
        conn.last_insert_rowid()
    };
    let mut told = Vec::new();
    for (i, level) in [
        RiskLevel::Critical,
        RiskLevel::High,
        RiskLevel::Critical,
        RiskLevel::Critical,
        RiskLevel::Critical,
    ]
    .into_iter()
    .enumerate()
    {
        let id = contact();
        let at = NOW + i as i64 * 60;
        let heavy = store
            .record_heavy_contact(amina, id, level, at - 8 * 3600, at, &policy)
            .unwrap();
        told.push(heavy.supervisors_told);
    }
    assert_eq!(told, [false, false, false, true, false]);
    let shift = alerts_of_kind(&store, "baraka", "heavy_shift");
    assert_eq!(shift.len(), 1);
    assert_eq!(
        shift[0].note.as_deref(),
        Some("3 critical contacts this shift")
    );
    let summary = store.shift_summary(amina, NOW - 1).unwrap();
    assert_eq!(
        (
            summary.contacts,
            summary.heavy_contacts,
            summary.critical_contacts
        ),
        (5, 5, 4)
    );
    assert_eq!(summary.time_on_contacts, 5 * 600);
}

#[test]
fn carrying_on_or_a_break_tells_nobody() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let amina = add_user(&mut store, "amina", Role::Operator, "long enough");
    add_user(&mut store, "baraka", Role::Supervisor, "long enough");
    for next in [NextMove::CarryOn, NextMove::TakeBreak] {
        store
            .record_wellbeing_check(amina, None, Feeling::new(1), next, NOW)
            .unwrap();
    }
    assert!(
        store
            .list_open_alerts(&viewer(&store, "baraka"), 100)
            .unwrap()
            .is_empty()
    );
    let summary = store.shift_summary(amina, NOW).unwrap();
    assert_eq!((summary.checks, summary.breaks), (2, 1));
    assert_eq!(summary.latest_feeling, Feeling::new(1));
}

#[test]
fn ctrl_y_shows_the_workers_own_shift() {
    let (_dir, mut store, mut state) = child_intake();
    complete_with_reason(&mut state, &mut store, ("mental", "suicidal th"));
    typed(&mut state, &mut store, "4c");
    ctrl(&mut state, &mut store, 'y');
    let screen = draw(&state, 80, 24);
    for words in [
        "Your shift · only you see this",
        "Contacts: 1",
        "Heavy contacts: 1",
        "latest: all right (4 of 5)",
    ] {
        assert!(screen.contains(words), "{words}: {screen}");
    }
    drive(&mut state, &mut store, key(KeyCode::Esc));
    assert!(shell(&state).wellbeing.shift.is_none());
}
