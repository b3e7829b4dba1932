//! The Cases pane driven like a user would, on a real database: the list,
//! search, an open case with its timeline, a note, and a conflict.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use helpline::app::keymap::Keymap;
use helpline::app::pane::Pane;
use helpline::app::state::{Screen, Session, Shell, State};
use helpline::app::{Msg, update};
use helpline::domain::{RiskLevel, Role};
use helpline::store::Store;
use helpline::store::cases::NewCase;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const NOW: i64 = 1_795_600_000;

fn seeded() -> (tempfile::TempDir, Store, i64) {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "wanjiku", Role::Caseworker, "long enough");
    let cases = [
        (
            "Zoë Achieng",
            14,
            RiskLevel::Critical,
            Some(NOW - 1800),
            "violence.sexual_violence",
        ),
        (
            "Thị Hương",
            9,
            RiskLevel::High,
            Some(NOW + 7200),
            "violence.physical_violence",
        ),
        (
            "محمد علي",
            16,
            RiskLevel::Medium,
            Some(NOW + 86_400),
            "mental_health.self_harm",
        ),
        (
            "José Pérez",
            12,
            RiskLevel::Low,
            Some(NOW + 5 * 86_400),
            "education_work.academic",
        ),
        (
            "Ngozi Okafor",
            7,
            RiskLevel::None,
            None,
            "family.caregivers",
        ),
    ];
    for (i, (name, age, risk, deadline, reason)) in cases.into_iter().enumerate() {
        let category = reason.split('.').next();
        store
            .open_case(
                &NewCase {
                    opened_at: NOW - 86_400 * (i as i64 + 1),
                    risk,
                    child_name: Some(name),
                    child_age: Some(age),
                    child_gender: Some(if i % 2 == 0 { "girl" } else { "boy" }),
                    category,
                    subcategory: Some(reason),
                    phone_norm: Some(&format!("25472200000{i}")),
                    deadline_at: deadline,
                    location: Some("Nairobi"),
                    language: Some("Kiswahili"),
                    ..NewCase::default()
                },
                None,
            )
            .unwrap();
    }
    (dir, store, worker)
}

fn logged_in(store: &Store, user_id: i64) -> State {
    let mut state = State::new(
        Keymap::shipped(),
        "helpline.db".into(),
        DateTime::<Utc>::from_timestamp(NOW, 0).unwrap(),
    );
    let user = store
        .list_users()
        .unwrap()
        .into_iter()
        .find(|u| u.user.id == user_id)
        .unwrap()
        .user;
    state.screen = Screen::Shell(Box::new(Shell::new(Session {
        user,
        started_at: state.now,
    })));
    state
}

fn cases_of(state: &State) -> &helpline::app::cases::CasesPane {
    match &state.screen {
        Screen::Shell(shell) => &shell.cases,
        Screen::Login(_) => panic!("not logged in"),
    }
}

#[test]
fn the_case_list_sorts_by_risk_and_deadline() {
    let (_dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    let rows = &cases_of(&state).rows;
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0].child_name.as_deref(), Some("Zoë Achieng"));
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("cases_list_{w}x{h}"), draw(&state, w, h));
    }
}

#[test]
fn typing_a_search_narrows_the_list_and_letters_do_not_switch_panes() {
    let (_dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    drive(&mut state, &mut store, key(KeyCode::Char('/')));
    for c in "zoe 1".chars() {
        drive(&mut state, &mut store, key(KeyCode::Char(c)));
    }
    let Screen::Shell(shell) = &state.screen else {
        panic!()
    };
    assert_eq!(
        shell.pane,
        Pane::Cases,
        "typing `1` must not switch to the Intake pane"
    );
    assert_eq!(shell.cases.search.value(), "zoe 1");
    // "1" is a word prefix that matches nothing: refine back to "zoe".
    drive(&mut state, &mut store, key(KeyCode::Backspace));
    drive(&mut state, &mut store, key(KeyCode::Backspace));
    let names: Vec<_> = cases_of(&state)
        .rows
        .iter()
        .map(|r| r.child_name.clone().unwrap())
        .collect();
    assert_eq!(names, ["Zoë Achieng"]);
    insta::assert_snapshot!("cases_search_80x24", draw(&state, 80, 24));
    drive(&mut state, &mut store, key(KeyCode::Esc));
    assert_eq!(cases_of(&state).rows.len(), 5);
}

#[test]
fn filters_change_the_list() {
    let (_dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    drive(&mut state, &mut store, key(KeyCode::Char('r')));
    drive(&mut state, &mut store, key(KeyCode::Char('r')));
    drive(&mut state, &mut store, key(KeyCode::Char('r')));
    assert_eq!(cases_of(&state).rows.len(), 2, "high and critical");
    drive(&mut state, &mut store, key(KeyCode::Char('o')));
    assert_eq!(
        cases_of(&state).rows.len(),
        1,
        "only the overdue critical case"
    );
    drive(&mut state, &mut store, key(KeyCode::Char('m')));
    assert!(cases_of(&state).rows.is_empty(), "none assigned to me");
    assert!(draw(&state, 80, 24).contains("No cases match."));
}

#[test]
fn opening_a_case_shows_its_header_and_timeline_and_notes_are_saved() {
    let (_dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    drive(&mut state, &mut store, key(KeyCode::Down));
    drive(&mut state, &mut store, key(KeyCode::Enter));
    let view = cases_of(&state).open.as_ref().expect("case open");
    assert_eq!(view.detail.row.child_name.as_deref(), Some("Thị Hương"));
    assert_eq!(store.recent_audit(1).unwrap()[0].action, "case_viewed");

    drive(&mut state, &mut store, key(KeyCode::Char('n')));
    for c in "Called back; child safe at aunt's 😊".chars() {
        drive(&mut state, &mut store, key(KeyCode::Char(c)));
    }
    drive(&mut state, &mut store, key(KeyCode::Enter));
    for c in "Plan: visit Friday.".chars() {
        drive(&mut state, &mut store, key(KeyCode::Char(c)));
    }
    let quit = drive_key_with(
        &mut state,
        &mut store,
        KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    );
    assert!(!quit, "Ctrl-C must not quit while a note is unsaved");
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("case_note_editor_{w}x{h}"), draw(&state, w, h));
    }
    drive_key_with(
        &mut state,
        &mut store,
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    );
    let view = cases_of(&state).open.as_ref().unwrap();
    assert!(view.editor.is_none(), "{:?}", view.conflict);
    let note = view
        .timeline
        .iter()
        .find(|e| e.kind == "note")
        .expect("note on the timeline");
    assert_eq!(
        note.body.as_deref(),
        Some("Called back; child safe at aunt's 😊\nPlan: visit Friday.")
    );
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("case_detail_{w}x{h}"), draw(&state, w, h));
    }
    drive(&mut state, &mut store, key(KeyCode::Esc));
    assert!(cases_of(&state).open.is_none());
}

#[test]
fn a_conflicting_note_is_kept_and_the_fresh_case_shown() {
    let (dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    drive(&mut state, &mut store, key(KeyCode::Enter));
    drive(&mut state, &mut store, key(KeyCode::Char('n')));
    for c in "my note".chars() {
        drive(&mut state, &mut store, key(KeyCode::Char(c)));
    }
    // Another operator adds a note to the same case meanwhile.
    let mut other = open(&dir.path().join("helpline.db"));
    let case_id = cases_of(&state).open.as_ref().unwrap().detail.row.id;
    let version = other.reload_case_detail(case_id).unwrap().version;
    other
        .add_case_note(case_id, version, "their note", worker, NOW)
        .unwrap();

    drive_key_with(
        &mut state,
        &mut store,
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    );
    let view = cases_of(&state).open.as_ref().unwrap();
    assert!(
        view.conflict
            .as_deref()
            .unwrap_or("")
            .contains("Someone else changed")
    );
    assert_eq!(view.editor.as_ref().unwrap().lines().join("\n"), "my note");
    assert!(
        view.timeline
            .iter()
            .any(|e| e.body.as_deref() == Some("their note"))
    );
    // Saving again, now on the fresh version, goes through.
    drive_key_with(
        &mut state,
        &mut store,
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    );
    let view = cases_of(&state).open.as_ref().unwrap();
    assert!(view.editor.is_none());
    assert!(
        view.timeline
            .iter()
            .any(|e| e.body.as_deref() == Some("my note"))
    );
}

/// Sends a key with modifiers; returns whether the app decided to quit.
fn drive_key_with(state: &mut State, store: &mut Store, code: KeyCode, mods: KeyModifiers) -> bool {
    drive(state, store, Msg::Key(KeyEvent::new(code, mods)));
    state.quit
}

#[test]
fn paging_down_loads_the_next_page() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "wanjiku", Role::Caseworker, "long enough");
    for i in 0..250 {
        store
            .open_case(
                &NewCase {
                    opened_at: NOW - i,
                    ..NewCase::default()
                },
                None,
            )
            .unwrap();
    }
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    assert_eq!(cases_of(&state).rows.len(), 100);
    for _ in 0..20 {
        drive(&mut state, &mut store, key(KeyCode::PageDown));
    }
    assert_eq!(cases_of(&state).rows.len(), 250);
    let _ = update(
        &mut state,
        Msg::Tick(DateTime::<Utc>::from_timestamp(NOW, 0).unwrap()),
    );
}

fn login_as(store: &mut Store, name: &str, role: Role) -> State {
    let id = add_user(store, name, role, "long enough");
    logged_in(store, id)
}

#[test]
fn a_case_moves_through_its_steps_and_closes_with_a_reason_and_note() {
    let (_dir, mut store, _) = seeded();
    let mut state = login_as(&mut store, "amani", Role::Supervisor);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    drive(&mut state, &mut store, key(KeyCode::Enter));
    drive(&mut state, &mut store, key(KeyCode::Char('s')));
    insta::assert_snapshot!("case_step_dialog_80x24", draw(&state, 80, 24));
    drive(&mut state, &mut store, key(KeyCode::Enter)); // the first allowed move: assessment
    let view = cases_of(&state).open.as_ref().unwrap();
    assert_eq!(
        view.detail.row.status,
        helpline::domain::CaseStatus::Assessment
    );
    assert!(
        view.timeline
            .iter()
            .any(|e| e.summary.contains("Assessment"))
    );

    // Close: the move to Closed asks for a reason and a note.
    drive(&mut state, &mut store, key(KeyCode::Char('s')));
    let options = match &cases_of(&state).open.as_ref().unwrap().dialog {
        Some(helpline::app::case_dialog::CaseDialog::Step { options, .. }) => options.clone(),
        other => panic!("{other:?}"),
    };
    let closed = options
        .iter()
        .position(|s| *s == helpline::domain::CaseStatus::Closed)
        .unwrap();
    for _ in 0..closed {
        drive(&mut state, &mut store, key(KeyCode::Down));
    }
    drive(&mut state, &mut store, key(KeyCode::Enter));
    // Saving without an outcome note is refused; the dialog stays.
    drive_key_with(
        &mut state,
        &mut store,
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    );
    let view = cases_of(&state).open.as_ref().unwrap();
    assert!(view.dialog.is_some());
    assert!(
        view.notice
            .as_deref()
            .unwrap_or("")
            .starts_with("Not saved"),
        "{:?}",
        view.notice
    );
    drive(&mut state, &mut store, key(KeyCode::Tab));
    for c in "Child safe with grandmother; school re-enrolled.".chars() {
        drive(&mut state, &mut store, key(KeyCode::Char(c)));
    }
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("case_close_dialog_{w}x{h}"), draw(&state, w, h));
    }
    drive_key_with(
        &mut state,
        &mut store,
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    );
    let view = cases_of(&state).open.as_ref().unwrap();
    assert!(view.dialog.is_none(), "{:?}", view.notice);
    assert_eq!(view.detail.row.status, helpline::domain::CaseStatus::Closed);
    assert_eq!(view.detail.closure_reason.as_deref(), Some("needs_met"));
    assert_eq!(
        view.detail.row.deadline_at, None,
        "a closed case has no deadline"
    );
}

#[test]
fn supervisors_assign_to_the_least_loaded_worker() {
    let (_dir, mut store, worker) = seeded();
    let busy = add_user(&mut store, "busy", Role::Caseworker, "long enough");
    // The busy worker already holds the critical case.
    let critical = store
        .list_cases(
            &helpline::domain::access::Viewer::whole_floor(1),
            &Default::default(),
            None,
            1,
        )
        .unwrap()
        .remove(0);
    let version = store.reload_case_detail(critical.id).unwrap().version;
    store
        .assign_case(critical.id, version, busy, busy, NOW)
        .unwrap();

    let mut state = login_as(&mut store, "amani", Role::Supervisor);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    drive(&mut state, &mut store, key(KeyCode::Down));
    drive(&mut state, &mut store, key(KeyCode::Enter));
    drive(&mut state, &mut store, key(KeyCode::Char('w')));
    let workers = match &cases_of(&state).open.as_ref().unwrap().dialog {
        Some(helpline::app::case_dialog::CaseDialog::Assign { workers, .. }) => workers.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(workers[0].user_id, worker, "the idle worker comes first");
    assert_eq!((workers[0].open_cases, workers[0].weighted), (0, 0));
    assert_eq!(
        workers.last().unwrap().weighted,
        5,
        "a critical case weighs 5"
    );
    insta::assert_snapshot!("case_assign_dialog_80x24", draw(&state, 80, 24));
    drive(&mut state, &mut store, key(KeyCode::Enter));
    let view = cases_of(&state).open.as_ref().unwrap();
    assert_eq!(view.detail.worker_id, Some(worker));
    assert!(
        view.timeline
            .iter()
            .any(|e| e.summary == "Assigned to wanjiku")
    );
}

#[test]
fn only_supervisors_assign() {
    let (_dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    drive(&mut state, &mut store, key(KeyCode::Enter));
    drive(&mut state, &mut store, key(KeyCode::Char('w')));
    let view = cases_of(&state).open.as_ref().unwrap();
    assert!(view.dialog.is_none());
    assert_eq!(
        view.notice.as_deref(),
        Some("Only supervisors assign cases.")
    );
}

#[test]
fn the_reason_category_filter_cycles_through_the_taxonomy() {
    let (_dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    drive(&mut state, &mut store, key(KeyCode::Char('c')));
    let first = cases_of(&state).filter.category.clone().unwrap();
    assert_eq!(first.0, "violence");
    let names: Vec<_> = cases_of(&state)
        .rows
        .iter()
        .map(|r| r.child_name.clone().unwrap())
        .collect();
    assert_eq!(names, ["Zoë Achieng", "Thị Hương"]);
    assert!(draw(&state, 120, 40).contains(&first.1));
}

/// Another session's write transaction, held by a thread with its own
/// connection until the returned sender is dropped or sent to.
fn hold_write_lock(db: &std::path::Path) -> std::sync::mpsc::Sender<()> {
    let (release, wait) = std::sync::mpsc::channel::<()>();
    let (held, is_held) = std::sync::mpsc::channel::<()>();
    let db = db.to_path_buf();
    std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        held.send(()).unwrap();
        let _ = wait.recv();
        conn.execute_batch("COMMIT").unwrap();
    });
    is_held.recv().unwrap();
    release
}

#[test]
fn opening_a_case_under_another_sessions_lock_shows_it_at_once_and_keys_typed_meanwhile_leave_the_filters()
 {
    let (dir, mut store, worker) = seeded();
    let db = dir.path().join("helpline.db");
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    let filter = cases_of(&state).filter.clone();
    let audited_before = store.recent_audit(1000).unwrap().len();

    let release = hold_write_lock(&db);
    // Enter asks for the case; its answer has not come back yet.
    let mut pending = update(&mut state, key(KeyCode::Enter));
    assert!(
        matches!(
            pending.as_slice(),
            [helpline::app::Effect::OpenCase { audit: true, .. }]
        ),
        "{pending:?}"
    );
    // Keys typed while the case opens: filter letters, a search, Enter.
    for c in ['m', 'r', 'o', 'u', '/', 'x', 's'] {
        let effects = update(&mut state, key(KeyCode::Char(c)));
        assert!(effects.is_empty(), "`{c}` acted on the list: {effects:?}");
    }
    assert_eq!(cases_of(&state).filter, filter, "the filters changed");
    assert!(!cases_of(&state).searching);

    let ctx = helpline::effects::EffectContext {
        now: NOW,
        ..Default::default()
    };
    let started = std::time::Instant::now();
    let msg = helpline::effects::perform(&mut store, &ctx, pending.remove(0)).unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_millis(1000),
        "the read waited {:?} for the audit write",
        started.elapsed()
    );
    for effect in update(&mut state, msg) {
        helpline::effects::perform(&mut store, &ctx, effect);
    }
    let view = cases_of(&state).open.as_ref().expect("case open");
    assert_eq!(view.detail.row.child_name.as_deref(), Some("Zoë Achieng"));
    assert_eq!(cases_of(&state).opening, None);
    assert_eq!(store.pending_audit(), 1, "the access waits in the queue");

    // Once the other session lets go, the session's next try writes it.
    release.send(()).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while store.pending_audit() > 0 && std::time::Instant::now() < deadline {
        helpline::effects::perform(
            &mut store,
            &ctx,
            helpline::app::Effect::FlushAudit { wait: false },
        );
    }
    let audit = store.recent_audit(1000).unwrap();
    assert_eq!(audit.len(), audited_before + 1);
    assert_eq!(audit[0].action, "case_viewed");
    assert_eq!(audit[0].record_id, Some(view.detail.row.id));
    // Keys now reach the open case, and the list filters are as they were.
    drive(&mut state, &mut store, key(KeyCode::Esc));
    assert!(cases_of(&state).open.is_none());
    assert_eq!(cases_of(&state).filter, filter);
}

#[test]
fn esc_while_a_case_opens_gives_it_up_and_a_late_answer_is_dropped() {
    let (_dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    let mut pending = update(&mut state, key(KeyCode::Enter));
    assert_eq!(pending.len(), 1);
    assert!(update(&mut state, key(KeyCode::Char('m'))).is_empty());
    assert!(update(&mut state, key(KeyCode::Esc)).is_empty());
    assert_eq!(cases_of(&state).opening, None);
    // The answer arrives after all: the list stays.
    let ctx = helpline::effects::EffectContext {
        now: NOW,
        ..Default::default()
    };
    let msg = helpline::effects::perform(&mut store, &ctx, pending.remove(0)).unwrap();
    drive(&mut state, &mut store, msg);
    assert!(cases_of(&state).open.is_none());
    // Keys reach the list again.
    drive(&mut state, &mut store, key(KeyCode::Char('r')));
    assert_ne!(
        cases_of(&state).filter,
        helpline::app::cases::ListFilter::default()
    );
}

#[test]
fn assign_is_offered_only_to_those_who_may_assign() {
    let (_dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    drive(&mut state, &mut store, key(KeyCode::Enter));
    let screen = draw(&state, 120, 30);
    assert!(!screen.contains("w assign"), "{screen}");
    drive(&mut state, &mut store, key(KeyCode::Char('?')));
    let help = helpline::ui::help::lines(&state, &helpline::ui::Theme::monochrome())
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!help.contains("assign the case"), "{help}");

    let mut state = login_as(&mut store, "sup", Role::Supervisor);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    drive(&mut state, &mut store, key(KeyCode::Enter));
    let screen = draw(&state, 120, 30);
    assert!(screen.contains("w assign"), "{screen}");
}

#[test]
fn after_a_search_that_found_nothing_letters_do_not_change_the_filters() {
    let (_dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    let before = cases_of(&state).filter.clone();
    drive(&mut state, &mut store, key(KeyCode::Char('/')));
    for c in "qqqqzz".chars() {
        drive(&mut state, &mut store, key(KeyCode::Char(c)));
    }
    assert!(cases_of(&state).rows.is_empty());
    drive(&mut state, &mut store, key(KeyCode::Enter)); // nothing to open
    for c in "muao".chars() {
        drive(&mut state, &mut store, key(KeyCode::Char(c)));
    }
    assert_eq!(cases_of(&state).filter, before);
    assert!(cases_of(&state).searching);
}

#[test]
fn the_search_box_opens_empty_again() {
    let (_dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    drive(&mut state, &mut store, key(KeyCode::Char('/')));
    for c in "zoe".chars() {
        drive(&mut state, &mut store, key(KeyCode::Char(c)));
    }
    drive(&mut state, &mut store, key(KeyCode::Enter)); // opens Zoë's case
    drive(&mut state, &mut store, key(KeyCode::Esc)); // back to the list
    drive(&mut state, &mut store, key(KeyCode::Char('/')));
    assert!(cases_of(&state).searching);
    assert_eq!(cases_of(&state).search.value(), "");
    assert_eq!(cases_of(&state).rows.len(), 5);
}

/// The audit lines of list views: (record type, detail).
fn list_views(store: &Store) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT record_type, detail FROM audit_log WHERE action = 'cases_listed' ORDER BY id",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn each_list_view_is_audited_once_with_its_count_and_refreshes_are_not() {
    let (_dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    store.flush_audit(true).unwrap();
    assert_eq!(
        list_views(&store),
        [("case_list".to_string(), "results=5".to_string())]
    );
    // Another session's change refreshes the list: the same view.
    drive(&mut state, &mut store, Msg::DataChanged);
    store.flush_audit(true).unwrap();
    assert_eq!(list_views(&store).len(), 1);
    // A new filter is a new view.
    drive(&mut state, &mut store, key(KeyCode::Char('r')));
    store.flush_audit(true).unwrap();
    assert_eq!(list_views(&store).len(), 2);
    // The Follow-ups queue too.
    drive(&mut state, &mut store, key(KeyCode::Char('8')));
    store.flush_audit(true).unwrap();
    assert_eq!(list_views(&store).last().unwrap().0, "follow_ups");
}

#[test]
fn an_anonymised_case_reads_anonymised_not_no_name() {
    let (_dir, mut store, worker) = seeded();
    // As retention or an erasure request leaves it (set directly here: the
    // list shows open cases, and only how it is drawn is under test).
    rusqlite::Connection::open(store.path())
        .unwrap()
        .execute(
            "UPDATE cases SET child_name = NULL, anonymised_at = ?1 WHERE child_name = 'Zoë Achieng'",
            [NOW],
        )
        .unwrap();
    let mut state = logged_in(&store, worker);
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("(anonymised), 14"), "{screen}");
    assert!(!screen.contains("(no name)"), "{screen}");
    drive(&mut state, &mut store, key(KeyCode::Enter));
    let view = cases_of(&state).open.as_ref().expect("case open");
    assert!(view.detail.row.anonymised);
    assert!(draw(&state, 120, 40).contains("(anonymised), 14"));
}
