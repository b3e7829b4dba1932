//! The Risk pane driven like an operator would, on a real database: pick
//! an instrument for a case, answer with single keys, watch skip logic and
//! the level, raise it by judgement, save, and see the alert.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use helpline::app::keymap::Keymap;
use helpline::app::pane::Pane;
use helpline::app::risk::RiskMode;
use helpline::app::state::{Screen, Session, Shell, State};
use helpline::domain::{RiskLevel, Role};
use helpline::store::Store;
use helpline::store::cases::NewCase;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

const NOW: i64 = 1_795_600_000;

fn setup() -> (tempfile::TempDir, Store, State, i64) {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "amina", Role::Caseworker, "long enough");
    let (case_id, _) = store
        .open_case(
            &NewCase {
                opened_at: NOW - 600,
                child_name: Some("Nyambura Wanjiru"),
                child_age: Some(15),
                // A suicide screen fits: the picker starts at the ASQ.
                category: Some("mental_health"),
                subcategory: Some("mental_health.suicidal_thoughts"),
                ..NewCase::default()
            },
            None,
        )
        .unwrap();
    let user = store.list_users().unwrap().remove(0).user;
    let mut state = State::new(
        Keymap::shipped(),
        "helpline.db".into(),
        DateTime::<Utc>::from_timestamp(NOW, 0).unwrap(),
    );
    state.screen = Screen::Shell(Box::new(Shell::new(Session {
        user,
        started_at: state.now,
    })));
    // Open the case and start assessing it.
    drive(&mut state, &mut store, key(KeyCode::Char('3')));
    drive(&mut state, &mut store, key(KeyCode::Enter));
    drive(&mut state, &mut store, key(KeyCode::Char('a')));
    assert_eq!(worker, state.session().unwrap().user.id);
    (dir, store, state, case_id)
}

fn shell(state: &State) -> &Shell {
    match &state.screen {
        Screen::Shell(shell) => shell,
        Screen::Login(_) => panic!("not logged in"),
    }
}

fn press(state: &mut State, store: &mut Store, keys: &str) {
    for c in keys.chars() {
        drive(state, store, key(KeyCode::Char(c)));
    }
}

fn ctrl(state: &mut State, store: &mut Store, c: char) {
    drive(
        state,
        store,
        helpline::app::Msg::Key(ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )),
    );
}

#[test]
fn an_asq_screen_is_answered_with_single_keys_and_saved_with_its_case() {
    let (_dir, mut store, mut state, case_id) = setup();
    assert_eq!(shell(&state).pane, Pane::Risk);
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("risk_picker_{w}x{h}"), draw(&state, w, h));
    }
    drive(&mut state, &mut store, key(KeyCode::Enter)); // the first instrument: ASQ
    let asked = |s: &State| {
        shell(s)
            .risk
            .assessment
            .as_ref()
            .unwrap()
            .asked_items()
            .len()
    };
    let before = asked(&state);
    press(&mut state, &mut store, "y"); // wished dead: yes
    press(&mut state, &mut store, "nnn");
    assert_eq!(asked(&state), before + 1, "item 5 is asked after a yes");
    press(&mut state, &mut store, "n"); // not right now: non-acute positive
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("risk_asq_{w}x{h}"), draw(&state, w, h));
    }
    let a = shell(&state).risk.assessment.as_ref().unwrap();
    assert_eq!(a.final_level(), RiskLevel::High);

    // Quitting now would lose the answers: refused.
    ctrl(&mut state, &mut store, 'c');
    assert!(!state.quit);

    ctrl(&mut state, &mut store, 's');
    let risk = &shell(&state).risk;
    assert!(risk.assessment.is_none(), "{:?}", risk.message);
    assert!(risk.message.as_deref().unwrap().contains("now high"));
    let detail = store.reload_case_detail(case_id).unwrap();
    assert_eq!(detail.row.risk, RiskLevel::High);
    assert_eq!(detail.row.deadline_at, Some(NOW + 24 * 3600));
    let history = store.case_assessments(case_id).unwrap();
    assert_eq!(history[0].instrument_id, "asq");
    assert_eq!(history[0].result_name, "non_acute_positive");
    let supervisor = helpline::store::alerts::AlertViewer {
        user_id: add_user(&mut store, "sup", Role::Supervisor, "long enough"),
        role: Role::Supervisor,
        team: None,
        now: NOW,
        escalate_after_secs: 300,
    };
    let alerts = store.list_open_alerts(&supervisor, 10).unwrap();
    assert_eq!(alerts.len(), 1, "a high case alerts the supervisors");
    assert_eq!(alerts[0].case_id, Some(case_id));
}

#[test]
fn judgement_raises_with_a_reason_and_never_lowers() {
    let (_dir, mut store, mut state, case_id) = setup();
    drive(&mut state, &mut store, key(KeyCode::Enter));
    press(&mut state, &mut store, "nnnn"); // negative screen: none
    press(&mut state, &mut store, "p");
    assert!(matches!(
        shell(&state).risk.mode,
        RiskMode::Judge {
            level: RiskLevel::Low,
            ..
        }
    ));
    drive(&mut state, &mut store, key(KeyCode::Down)); // cannot go below the computed level
    assert!(matches!(
        shell(&state).risk.mode,
        RiskMode::Judge {
            level: RiskLevel::Low,
            ..
        }
    ));
    drive(&mut state, &mut store, key(KeyCode::Up));
    drive(&mut state, &mut store, key(KeyCode::Enter)); // no reason yet: refused
    assert!(matches!(shell(&state).risk.mode, RiskMode::Judge { .. }));
    press(
        &mut state,
        &mut store,
        "Says 'no' but voice flat; older sibling died by suicide",
    );
    drive(&mut state, &mut store, key(KeyCode::Enter));
    assert_eq!(
        shell(&state)
            .risk
            .assessment
            .as_ref()
            .unwrap()
            .final_level(),
        RiskLevel::Medium
    );
    insta::assert_snapshot!("risk_judgement_80x24", draw(&state, 80, 24));
    ctrl(&mut state, &mut store, 's');
    assert_eq!(
        store.reload_case_detail(case_id).unwrap().row.risk,
        RiskLevel::Medium
    );
    let timeline = store.case_timeline(case_id, None, 10).unwrap();
    let entry = timeline.iter().find(|e| e.kind == "assessment").unwrap();
    assert!(
        entry
            .summary
            .contains("raised to medium by professional judgement"),
        "{}",
        entry.summary
    );
    assert!(entry.body.as_deref().unwrap().contains("older sibling"));
}

#[test]
fn escape_twice_discards_answers_and_unanswered_items_block_saving() {
    let (_dir, mut store, mut state, case_id) = setup();
    drive(&mut state, &mut store, key(KeyCode::Enter));
    press(&mut state, &mut store, "y");
    ctrl(&mut state, &mut store, 's');
    assert!(
        shell(&state)
            .risk
            .message
            .as_deref()
            .unwrap()
            .contains("still open")
    );
    assert!(store.case_assessments(case_id).unwrap().is_empty());
    drive(&mut state, &mut store, key(KeyCode::Esc));
    assert!(
        shell(&state).risk.assessment.is_some(),
        "first Esc only asks"
    );
    drive(&mut state, &mut store, key(KeyCode::Esc));
    assert!(shell(&state).risk.assessment.is_none());
}

#[test]
fn the_judgement_dialog_says_what_enter_does() {
    let (_dir, mut store, mut state, _case_id) = setup();
    drive(&mut state, &mut store, key(KeyCode::Enter));
    press(&mut state, &mut store, "nnnn");
    press(&mut state, &mut store, "p");
    assert!(matches!(shell(&state).risk.mode, RiskMode::Judge { .. }));
    let screen = draw(&state, 100, 30);
    assert!(
        screen.contains("Enter raise the level with this reason"),
        "{screen}"
    );
    assert!(screen.contains("Esc keep the level"), "{screen}");
}
