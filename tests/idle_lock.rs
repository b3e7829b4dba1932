//! The idle lock on a real database: a screen left alone locks and hides
//! every case detail, the password of the person logged in brings back
//! exactly what was on screen (typing included), five wrong passwords log
//! out with the drafts kept, the call timer keeps counting, alerts show
//! as counts only, and each step is in the audit log.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use helpline::app::keymap::Keymap;
use helpline::app::state::{Screen, Shell, State, StatusInfo};
use helpline::app::{Effect, Msg};
use helpline::domain::idle_lock::IdleLock;
use helpline::domain::{RiskLevel, Role};
use helpline::store::Store;
use helpline::store::alerts::AlertRow;
use helpline::store::cases::NewCase;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const NOW: i64 = 1_795_600_000;
const PASSWORD: &str = "a long password 1";
const CHILD: &str = "Nyambura Wanjiru";

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap()
}

/// A database with supervisor `amina` and one case of a child.
fn setup() -> (tempfile::TempDir, Store, i64) {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let user = add_user(&mut store, "amina", Role::Supervisor, PASSWORD);
    store
        .open_case(
            &NewCase {
                opened_at: NOW - 600,
                child_name: Some(CHILD),
                child_age: Some(14),
                risk: RiskLevel::High,
                ..NewCase::default()
            },
            None,
        )
        .unwrap();
    (dir, store, user)
}

/// Logs `amina` in at NOW through the login message, with the screen
/// locking after five minutes, as configured by default.
fn log_in(store: &mut Store) -> State {
    let mut state = State::new(Keymap::shipped(), "helpline.db".into(), at(NOW));
    state.settings.idle_lock = IdleLock {
        after_secs: IdleLock::DEFAULT_SECS,
    };
    let user = store.find_login("amina").unwrap().unwrap().user;
    drive(&mut state, store, Msg::LoginChecked(Ok(user)));
    state
}

fn shell(state: &State) -> &Shell {
    match &state.screen {
        Screen::Shell(shell) => shell,
        Screen::Login(_) => panic!("not logged in"),
    }
}

fn typed(state: &mut State, store: &mut Store, text: &str) {
    for c in text.chars() {
        drive(state, store, key(KeyCode::Char(c)));
    }
}

fn ctrl(state: &mut State, store: &mut Store, c: char) {
    drive(
        state,
        store,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
}

fn tick(state: &mut State, store: &mut Store, secs: i64) {
    drive(state, store, Msg::Tick(at(secs)));
}

fn open_the_case(state: &mut State, store: &mut Store) {
    drive(state, store, key(KeyCode::Char('3')));
    drive(state, store, key(KeyCode::Enter));
    assert!(shell(state).cases.open.is_some());
}

fn note_text(state: &State) -> Option<String> {
    shell(state)
        .cases
        .open
        .as_ref()?
        .editor
        .as_ref()
        .map(|e| e.lines().join("\n"))
}

/// The audit log's actions and details for `user`, oldest first.
fn audit_trail(store: &Store, user: i64) -> Vec<(String, Option<String>)> {
    let mut rows: Vec<_> = store
        .recent_audit(200)
        .unwrap()
        .into_iter()
        .filter(|r| {
            r.user_id == Some(user) && (r.action.contains("screen") || r.action.contains("logout"))
        })
        .map(|r| (r.action, r.detail))
        .collect();
    rows.reverse();
    rows
}

fn entry(action: &str, detail: Option<&str>) -> (String, Option<String>) {
    (action.to_string(), detail.map(str::to_string))
}

#[test]
fn an_idle_screen_hides_the_case_and_the_password_brings_it_back_with_the_typing() {
    let (_dir, mut store, user) = setup();
    let mut state = log_in(&mut store);
    open_the_case(&mut state, &mut store);
    let number = shell(&state)
        .cases
        .open
        .as_ref()
        .unwrap()
        .detail
        .row
        .number
        .clone();
    drive(&mut state, &mut store, key(KeyCode::Char('n')));
    typed(&mut state, &mut store, "Called the school");
    assert!(draw(&state, 100, 30).contains(CHILD));

    tick(&mut state, &mut store, NOW + 299);
    assert!(!state.locked());
    tick(&mut state, &mut store, NOW + 300);
    assert!(state.locked());
    // The note being written was kept as a draft as the screen locked.
    assert_eq!(store.operator_dialog_drafts(user).unwrap().len(), 1);

    for (width, height) in [(80, 24), (120, 40)] {
        let screen = draw(&state, width, height);
        assert!(screen.contains("screen locked"), "{screen}");
        assert!(screen.contains("amina"), "who is logged in: {screen}");
        for secret in ["Nyambura", "Wanjiru", &number, "Called the school", "Cases"] {
            assert!(!screen.contains(secret), "{secret} shows: {screen}");
        }
    }

    typed(&mut state, &mut store, PASSWORD);
    drive(&mut state, &mut store, key(KeyCode::Enter));
    assert!(!state.locked());
    assert_eq!(note_text(&state).as_deref(), Some("Called the school"));
    let screen = draw(&state, 100, 30);
    assert!(screen.contains(CHILD), "{screen}");
    assert_eq!(
        audit_trail(&store, user),
        [
            entry("screen_locked", Some("idle")),
            entry("screen_unlocked", None)
        ]
    );
}

#[test]
fn five_wrong_passwords_log_out_and_keep_the_intake_with_its_start() {
    let (_dir, mut store, user) = setup();
    let mut state = log_in(&mut store);
    ctrl(&mut state, &mut store, 'n');
    drive(&mut state, &mut store, key(KeyCode::Enter)); // the first form
    common::intake::pick(&mut state, &mut store, "phone");
    common::intake::pick(&mut state, &mut store, "child calling");
    common::intake::go_to(&mut state, &mut store, "narrative");
    typed(&mut state, &mut store, "Wanjiku");
    let started_at = shell(&state).intake.sessions[0].started_at;

    ctrl(&mut state, &mut store, 'g');
    assert!(state.locked());
    for attempt in 1..=5 {
        typed(&mut state, &mut store, "not my password");
        drive(&mut state, &mut store, key(KeyCode::Enter));
        if attempt < 5 {
            assert!(state.locked(), "after {attempt}");
        }
    }
    let Screen::Login(form) = &state.screen else {
        panic!("still logged in");
    };
    assert!(
        form.error
            .as_deref()
            .is_some_and(|e| e.contains("5 wrong passwords")),
        "{:?}",
        form.error
    );
    let screen = draw(&state, 80, 24);
    assert!(
        screen.contains("sign in") && !screen.contains("Wanjiku"),
        "{screen}"
    );

    // The intake is a draft, with the call's start as it was.
    let drafts = store.operator_drafts(user).unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].started_at, started_at);
    assert!(drafts[0].answers_json.contains("Wanjiku"));

    let mut expected = vec![entry("screen_locked", Some("key"))];
    expected.extend((0..5).map(|_| entry("screen_unlock_failed", None)));
    expected.push(entry("lock_logout", Some("wrong_passwords")));
    expected.push(entry("logout", None));
    assert_eq!(audit_trail(&store, user), expected);
    // The password typed is nowhere in the log.
    assert!(
        store.recent_audit(200).unwrap().iter().all(|r| !r
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("not my"))
    );
}

#[test]
fn the_call_timer_keeps_counting_on_the_lock_screen() {
    let (_dir, mut store, _) = setup();
    let mut state = log_in(&mut store);
    ctrl(&mut state, &mut store, 'n');
    drive(&mut state, &mut store, key(KeyCode::Enter));
    tick(&mut state, &mut store, NOW + 300);
    assert!(state.locked());
    assert!(state.timer_running(), "the lock screen ticks each second");
    assert!(draw(&state, 80, 24).contains("Call in progress: 05:00"));
    tick(&mut state, &mut store, NOW + 365);
    assert!(draw(&state, 80, 24).contains("Call in progress: 06:05"));
    typed(&mut state, &mut store, PASSWORD);
    drive(&mut state, &mut store, key(KeyCode::Enter));
    assert!(!state.locked());
    assert_eq!(shell(&state).intake.sessions[0].started_at, NOW);
}

#[test]
fn a_locked_screen_counts_alerts_without_naming_their_cases() {
    let (_dir, mut store, _) = setup();
    let mut state = log_in(&mut store);
    drive(
        &mut state,
        &mut store,
        Msg::StatusLoaded(StatusInfo {
            unacknowledged_alerts: 2,
            critical_alerts: 1,
            top_alert: Some(AlertRow {
                id: 1,
                case_id: Some(1),
                case_number: Some("HL-2026-004242".into()),
                kind: "critical_risk".into(),
                severity: RiskLevel::Critical,
                raised_at: NOW,
                escalated: false,
                about: None,
                note: None,
            }),
            ..StatusInfo::default()
        }),
    );
    assert!(draw(&state, 80, 24).contains("HL-2026-004242"));
    ctrl(&mut state, &mut store, 'g');
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("1 critical alert"), "{screen}");
    assert!(!screen.contains("HL-2026-004242"), "{screen}");
}

#[test]
fn an_account_disabled_while_locked_is_logged_out_even_with_the_right_password() {
    let (_dir, mut store, user) = setup();
    let mut state = log_in(&mut store);
    ctrl(&mut state, &mut store, 'g');
    store.set_user_disabled("amina", true, None).unwrap();
    typed(&mut state, &mut store, PASSWORD);
    drive(&mut state, &mut store, key(KeyCode::Enter));
    let Screen::Login(form) = &state.screen else {
        panic!("still logged in");
    };
    assert!(
        form.error
            .as_deref()
            .is_some_and(|e| e.contains("disabled"))
    );
    assert!(audit_trail(&store, user).contains(&entry("lock_logout", Some("disabled"))));
}

#[test]
fn a_paste_on_a_locked_screen_goes_to_the_password_only() {
    let (_dir, mut store, _) = setup();
    let mut state = log_in(&mut store);
    open_the_case(&mut state, &mut store);
    drive(&mut state, &mut store, key(KeyCode::Char('n')));
    ctrl(&mut state, &mut store, 'g');
    let effects = helpline::app::update(&mut state, Msg::Paste(PASSWORD.into()));
    assert!(effects.is_empty());
    assert_eq!(note_text(&state).as_deref(), Some(""));
    let effects = helpline::app::update(&mut state, key(KeyCode::Enter));
    assert!(matches!(
        effects.as_slice(),
        [Effect::CheckUnlock { password, .. }] if password == PASSWORD
    ));
}

#[test]
fn the_lock_screen_at_80x24() {
    let (_dir, mut store, _) = setup();
    let mut state = log_in(&mut store);
    ctrl(&mut state, &mut store, 'n');
    drive(&mut state, &mut store, key(KeyCode::Enter));
    tick(&mut state, &mut store, NOW + 300);
    typed(&mut state, &mut store, "not it");
    drive(&mut state, &mut store, key(KeyCode::Enter));
    typed(&mut state, &mut store, "abc");
    insta::assert_snapshot!("lock_screen_80x24", draw(&state, 80, 24));
}
