//! A session's presence as the event loop writes it: derived from what is
//! on screen, coalesced to one write every ten seconds, ended at sign-out.

mod common;

use common::intake::{NOW, child_intake, shell};
use common::*;
use helpline::app::presence::{PresenceEffect, due};
use helpline::app::{Effect, Msg};
use helpline::domain::presence::PresenceState;
use helpline::store::presence::PresenceWrite;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn written(effect: Option<Effect>) -> Option<PresenceWrite> {
    match effect {
        Some(Effect::Presence(PresenceEffect::Record(write))) => Some(*write),
        None => None,
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_open_intake_is_a_contact_written_in_its_ten_second_slot() {
    let (_dir, mut store, mut state) = child_intake();
    // Without a terminal process nothing is written (tests, tools).
    assert!(due(&mut state, NOW).is_none());
    state.presence_process = Some(4242);

    let first = written(due(&mut state, NOW)).expect("the first write at once");
    assert_eq!(first.beat.activity.state, PresenceState::OnContact);
    assert_eq!(
        first.beat.activity.form_id.as_deref(),
        Some("child_helpline")
    );
    let started = shell(&state).intake.session().unwrap().started_at;
    assert_eq!(first.beat.activity.contact_since, Some(started));
    store.record_presence(&first).unwrap();

    // Keys within the ten seconds write nothing.
    for t in 1..10 {
        drive(&mut state, &mut store, key(KeyCode::Char('a')));
        assert!(due(&mut state, NOW + t).is_none(), "t={t}");
    }
    // Esc leaves the form (the first gives up what the list filter
    // holds; the intake stays on hold): available again, written in the
    // next slot with the moment it changed.
    for _ in 0..3 {
        if shell(&state).intake.current.is_some() {
            drive(&mut state, &mut store, key(KeyCode::Esc));
        }
    }
    assert!(shell(&state).intake.current.is_none());
    assert!(due(&mut state, NOW + 9).is_none());
    let next = written(due(&mut state, NOW + 10)).expect("the next slot");
    assert_eq!(next.beat.activity.state, PresenceState::Available);
    assert_eq!(next.beat.state_since, NOW + 9);
    assert_eq!(next.session_key, first.session_key);
    store.record_presence(&next).unwrap();
    let floor = store.present_people(NOW + 11).unwrap();
    assert_eq!(floor.len(), 1);
    assert_eq!(floor[0].state, PresenceState::Available);

    // The break key, then signing out ends the session on the floor.
    drive(&mut state, &mut store, key(KeyCode::Char('b')));
    let on_break = written(due(&mut state, NOW + 20)).expect("heartbeat");
    assert_eq!(on_break.beat.activity.state, PresenceState::Break);
    store.record_presence(&on_break).unwrap();
    drive(
        &mut state,
        &mut store,
        Msg::Key(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL)),
    );
    assert!(store.present_people(NOW + 21).unwrap().is_empty());
}
