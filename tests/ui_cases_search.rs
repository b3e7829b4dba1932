//! The Cases pane's search on a real database: results say which field
//! matched, and a search is audited once, not once per keystroke.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use helpline::app::Msg;
use helpline::app::keymap::Keymap;
use helpline::app::state::{Screen, Session, Shell, State};
use helpline::domain::Role;
use helpline::store::Store;
use helpline::store::cases::NewCase;
use ratatui::crossterm::event::KeyCode;

const NOW: i64 = 1_795_600_000;

fn seeded() -> (tempfile::TempDir, Store, i64) {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "wanjiku", Role::Caseworker, "long enough");
    for (name, place) in [("Zoë Achieng", "Kisumu"), ("Baraka Otieno", "Nakuru")] {
        let (id, _) = store
            .open_case(
                &NewCase {
                    opened_at: NOW - 3600,
                    child_name: Some(name),
                    child_age: Some(12),
                    location: Some(place),
                    ..NewCase::default()
                },
                None,
            )
            .unwrap();
        store
            .add_case_note(
                id,
                1,
                "Grandmother will bring her to the clinic.",
                worker,
                NOW,
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

fn search(state: &mut State, store: &mut Store, text: &str) {
    drive(state, store, key(KeyCode::Char('3')));
    drive(state, store, key(KeyCode::Char('/')));
    for c in text.chars() {
        drive(state, store, key(KeyCode::Char(c)));
    }
}

fn search_audits(store: &Store) -> Vec<(Option<i64>, Option<String>)> {
    store
        .recent_audit(100)
        .unwrap()
        .into_iter()
        .filter(|a| a.action == "cases_searched")
        .map(|a| (a.user_id, a.detail))
        .collect()
}

fn tick(state: &mut State, store: &mut Store, at: i64) {
    drive(
        state,
        store,
        Msg::Tick(DateTime::<Utc>::from_timestamp(at, 0).unwrap()),
    );
}

#[test]
fn results_say_in_words_which_field_matched() {
    let (_dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    search(&mut state, &mut store, "kisumu");
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("Matched"), "{screen}");
    assert!(screen.contains("location"), "{screen}");
    assert!(screen.contains("Zoë Achieng"), "{screen}");
    assert!(!screen.contains("Baraka"), "{screen}");
    // A word of the notes finds both, each marked "note".
    drive(&mut state, &mut store, key(KeyCode::Esc));
    search(&mut state, &mut store, "grandmother");
    let screen = draw(&state, 120, 30);
    assert_eq!(screen.matches("note").count(), 2, "{screen}");
    // The plain list has no Matched column.
    drive(&mut state, &mut store, key(KeyCode::Esc));
    assert!(!draw(&state, 80, 24).contains("Matched"));
}

#[test]
fn typing_ten_characters_writes_one_audit_line_once_the_typing_settles() {
    let (_dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    search(&mut state, &mut store, "the clinic");
    assert!(search_audits(&store).is_empty(), "nothing while typing");
    tick(&mut state, &mut store, NOW + 1);
    assert!(search_audits(&store).is_empty(), "not settled after 1 s");
    tick(&mut state, &mut store, NOW + 2);
    assert_eq!(
        search_audits(&store),
        [(Some(worker), Some("results=2".to_string()))]
    );
    // Later ticks and closing the box add nothing for the same search.
    tick(&mut state, &mut store, NOW + 3);
    drive(&mut state, &mut store, key(KeyCode::Esc));
    assert_eq!(search_audits(&store).len(), 1);
    // The text typed is never in the audit log.
    let all: Vec<String> = store
        .recent_audit(100)
        .unwrap()
        .into_iter()
        .filter_map(|a| a.detail)
        .collect();
    assert!(all.iter().all(|d| !d.to_lowercase().contains("clinic")));
}

#[test]
fn closing_the_search_box_records_the_search_at_once() {
    let (_dir, mut store, worker) = seeded();
    let mut state = logged_in(&store, worker);
    search(&mut state, &mut store, "nakuru");
    drive(&mut state, &mut store, key(KeyCode::Enter));
    assert_eq!(
        search_audits(&store),
        [(Some(worker), Some("results=1".to_string()))]
    );
    tick(&mut state, &mut store, NOW + 5);
    assert_eq!(search_audits(&store).len(), 1);
}
