//! The Follow-ups pane and its form at 80x24, driven on a real database:
//! sections in order, long names elided, the save hint always on screen,
//! and a follow-up that finds the child unsafe opening the assessment.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use helpline::app::Msg;
use helpline::app::keymap::Keymap;
use helpline::app::pane::Pane;
use helpline::app::state::{Screen, Shell, State};
use helpline::domain::{RiskLevel, Role};
use helpline::store::Store;
use helpline::store::cases::NewCase;
use ratatui::crossterm::event::KeyCode;

const NOW: i64 = 1_795_600_000;
const DAY: i64 = 86_400;

struct Setup {
    _dir: tempfile::TempDir,
    store: Store,
    state: State,
    cases: Vec<i64>,
}

/// A case worker with a critical case due yesterday, a high one due
/// today and a low one next month; the longest names the form allows.
fn setup() -> Setup {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "wanjiru", Role::Caseworker, "long enough");
    let sup = add_user(&mut store, "baraka", Role::Supervisor, "long enough");
    let mut cases = Vec::new();
    for (name, level, opened) in [
        (
            "Nyambura Wairimu-Ōtsuka Kariuki wa Ngʼangʼa Njeri",
            RiskLevel::Critical,
            NOW - 2 * DAY,
        ),
        ("Thị Hương", RiskLevel::High, NOW - 7 * DAY + 3600),
        ("José Pérez", RiskLevel::Low, NOW - DAY),
    ] {
        let (id, _) = store
            .open_case(
                &NewCase {
                    opened_at: opened,
                    risk: level,
                    child_name: Some(name),
                    ..NewCase::default()
                },
                None,
            )
            .unwrap();
        let v = store.case_step(id).unwrap().version;
        store.assign_case(id, v, worker, sup, opened).unwrap();
        cases.push(id);
    }
    let mut state = State::new(
        Keymap::shipped(),
        "helpline.db".into(),
        DateTime::<Utc>::from_timestamp(NOW, 0).unwrap(),
    );
    let user = store.find_login("wanjiru").unwrap().unwrap().user;
    drive(&mut state, &mut store, Msg::LoginChecked(Ok(user)));
    drive(&mut state, &mut store, key(KeyCode::Char('8')));
    Setup {
        _dir: dir,
        store,
        state,
        cases,
    }
}

fn shell(state: &State) -> &Shell {
    match &state.screen {
        Screen::Shell(shell) => shell,
        Screen::Login(_) => panic!("not logged in"),
    }
}

#[test]
fn the_pane_lists_overdue_due_today_and_upcoming_at_80x24() {
    let mut s = setup();
    assert_eq!(shell(&s.state).pane, Pane::FollowUps);
    let ids: Vec<i64> = shell(&s.state)
        .follow_ups
        .rows()
        .iter()
        .map(|(_, r)| r.case_id)
        .collect();
    assert_eq!(ids, s.cases, "overdue, then due today, then upcoming");
    let screen = draw(&s.state, 80, 24);
    assert!(
        screen.contains("1 overdue, 1 due today, 1 upcoming"),
        "{screen}"
    );
    assert!(screen.contains("f record follow-up"), "{screen}");
    // The long name is cut with a mark, never silently.
    assert!(screen.contains("Nyambura Wairimu"), "{screen}");
    assert!(screen.contains('…'), "{screen}");
    insta::assert_snapshot!("follow_ups_80x24", screen);

    // The form over it: every field and the save hint on screen.
    drive(&mut s.state, &mut s.store, key(KeyCode::Char('f')));
    let form = draw(&s.state, 80, 24);
    for label in [
        "How it went",
        "When (YYYY-MM-DD HH:MM)",
        "Safe now?",
        "New concern",
        "Needs",
        "Progress on the plan",
        "Note",
        "Next (YYYY-MM-DD HH:MM)",
        "Reason if later",
        "Ctrl-S save",
    ] {
        assert!(form.contains(label), "{label} missing:\n{form}");
    }
    insta::assert_snapshot!("follow_up_form_80x24", form);
}

#[test]
fn a_child_not_safe_now_opens_the_risk_assessment_at_once() {
    let mut s = setup();
    drive(&mut s.state, &mut s.store, key(KeyCode::Char('f')));
    // Reached; when (now); channel; safe now: Yes -> No.
    drive(&mut s.state, &mut s.store, key(KeyCode::Enter));
    drive(&mut s.state, &mut s.store, key(KeyCode::Enter));
    drive(&mut s.state, &mut s.store, key(KeyCode::Enter));
    drive(&mut s.state, &mut s.store, key(KeyCode::Right));
    let form = shell(&s.state).follow_ups.form.as_ref().unwrap();
    assert_eq!(form.safe_now, helpline::domain::follow_up::SafeNow::No);
    drive(
        &mut s.state,
        &mut s.store,
        Msg::Key(ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char('s'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    let shell = shell(&s.state);
    assert!(shell.follow_ups.form.is_none(), "saved");
    assert_eq!(shell.pane, Pane::Risk, "the assessment opens at once");
    assert_eq!(
        shell.risk.target.as_ref().map(|t| t.case_id),
        Some(s.cases[0])
    );
}

#[test]
fn a_later_date_without_a_reason_is_refused_and_nothing_is_saved() {
    let mut s = setup();
    drive(&mut s.state, &mut s.store, key(KeyCode::Down));
    drive(&mut s.state, &mut s.store, key(KeyCode::Char('f')));
    // To the next-date field: past the eight fields before it.
    for _ in 0..8 {
        drive(&mut s.state, &mut s.store, key(KeyCode::Enter));
    }
    for c in "2027-06-01 10:00".chars() {
        drive(&mut s.state, &mut s.store, key(KeyCode::Char(c)));
    }
    drive(
        &mut s.state,
        &mut s.store,
        Msg::Key(ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char('s'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    let form = shell(&s.state)
        .follow_ups
        .form
        .as_ref()
        .expect("still open");
    assert!(
        form.error.as_deref().unwrap_or("").contains("reason"),
        "{:?}",
        form.error
    );
    assert_eq!(s.store.follow_up_state(s.cases[1]).unwrap().attempts, 0);
    assert!(
        s.store
            .follow_up_state(s.cases[1])
            .unwrap()
            .last_follow_up_at
            .is_none()
    );
}

#[test]
fn a_follow_up_made_earlier_is_recorded_at_its_own_time_and_never_ahead() {
    let mut s = setup();
    drive(&mut s.state, &mut s.store, key(KeyCode::Char('f')));
    drive(&mut s.state, &mut s.store, key(KeyCode::Enter));
    let save = |s: &mut Setup| {
        drive(
            &mut s.state,
            &mut s.store,
            Msg::Key(ratatui::crossterm::event::KeyEvent::new(
                KeyCode::Char('s'),
                ratatui::crossterm::event::KeyModifiers::CONTROL,
            )),
        )
    };
    // Tomorrow is refused, with nothing saved.
    for c in "2026-11-26 10:00".chars() {
        drive(&mut s.state, &mut s.store, key(KeyCode::Char(c)));
    }
    save(&mut s);
    let form = shell(&s.state)
        .follow_ups
        .form
        .as_ref()
        .expect("still open");
    assert!(
        form.error
            .as_deref()
            .unwrap_or("")
            .contains("before it happens")
    );
    // Yesterday's home visit (UTC here): recorded then, due a day later.
    for _ in 0..16 {
        drive(&mut s.state, &mut s.store, key(KeyCode::Backspace));
    }
    for c in "2026-11-24 16:30".chars() {
        drive(&mut s.state, &mut s.store, key(KeyCode::Char(c)));
    }
    save(&mut s);
    assert!(shell(&s.state).follow_ups.form.is_none(), "saved");
    let done = chrono::NaiveDate::from_ymd_opt(2026, 11, 24)
        .unwrap()
        .and_hms_opt(16, 30, 0)
        .unwrap()
        .and_utc()
        .timestamp();
    let state = s.store.follow_up_state(s.cases[0]).unwrap();
    assert_eq!(state.last_follow_up_at, Some(done));
    assert_eq!(state.next_at, Some(done + DAY), "critical: a day after it");
}
