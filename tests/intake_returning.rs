//! Returning callers during an intake, on a real database: the latest
//! lookup wins when answers arrive out of order, completing asks before
//! opening a second case for a caller with an open one, the match panel
//! comes back after a draft is resumed, and both kinds of match describe a
//! case the same way.

mod common;

use common::intake::*;
use common::*;
use helpline::app::keymap::Keymap;
use helpline::app::state::State;
use helpline::app::{Effect, Msg, update};
use helpline::store::Store;
use helpline::store::cases::NewCase;
use helpline::store::contacts::{CaseTarget, NewContact};
use ratatui::crossterm::event::KeyCode;

/// A case for Baraka, 11, with `contacts` contacts, the first from `phone`.
fn baraka_case(store: &mut Store, contacts: usize, phone: &str) -> (i64, String) {
    let (case_id, number) = store
        .open_case(
            &NewCase {
                opened_at: NOW - 86_400,
                child_name: Some("Baraka Otieno"),
                child_age: Some(11),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    for n in 0..contacts {
        let phone_norm = (n == 0).then_some(phone);
        store
            .complete_intake(
                None,
                1,
                &NewContact {
                    form_id: "child_helpline",
                    channel: "phone_call",
                    contact_type: "child_about_self",
                    started_at: NOW - 80_000 + n as i64 * 600,
                    ended_at: NOW - 79_000 + n as i64 * 600,
                    phone_norm,
                    answers_json: "{}",
                    ..Default::default()
                },
                CaseTarget::Attach(case_id),
                &[],
                NOW - 79_000,
                &|_, _| None,
            )
            .unwrap();
    }
    (case_id, number.to_string())
}

fn name_and_age(state: &mut State, store: &mut Store) {
    pick(state, store, "phone");
    pick(state, store, "child calling");
    go_to(state, store, "child_name");
    typed(state, store, "baraka otieno");
    go_to(state, store, "child_age_known");
    pick(state, store, "known");
    go_to(state, store, "child_age");
    typed(state, store, "11");
}

#[test]
fn the_latest_lookup_wins_when_answers_arrive_out_of_order() {
    let (_dir, mut store, mut state) = child_intake();
    baraka_case(&mut store, 1, "254722000111");
    pick(&mut state, &mut store, "phone");
    pick(&mut state, &mut store, "child calling");
    go_to(&mut state, &mut store, "child_phone");
    // A paste or a slow link: every key is sent before any answer comes.
    let mut lookups: Vec<Effect> = Vec::new();
    for c in "+254722000111".chars() {
        for effect in update(&mut state, key(KeyCode::Char(c))) {
            if matches!(effect, Effect::FindReturning { .. }) {
                lookups.push(effect);
            }
        }
    }
    assert!(
        lookups.len() >= 2,
        "one lookup per change: {}",
        lookups.len()
    );
    // The newest answers first; the older, shorter numbers answer last.
    let ctx = helpline::effects::EffectContext::default();
    for effect in lookups.into_iter().rev() {
        if let Some(msg) = helpline::effects::perform(&mut store, &ctx, effect) {
            let _ = update(&mut state, msg);
        }
    }
    let session = shell(&state).intake.session().unwrap();
    assert_eq!(session.matches.len(), 1, "the full number's match stays");
}

#[test]
fn completing_asks_before_opening_a_second_case_for_a_caller_with_an_open_one() {
    let (_dir, mut store, mut state) = child_intake();
    let (case_id, number) = baraka_case(&mut store, 1, "254722000111");
    name_and_age(&mut state, &mut store);
    assert_eq!(shell(&state).intake.session().unwrap().matches.len(), 1);
    assert!(answer_until_asked(&mut state, &mut store, &[]));
    let message = shell(&state).intake.message.clone().unwrap_or_default();
    assert!(
        message.contains(&number) && message.contains("Ctrl-T"),
        "{message}"
    );
    assert!(
        shell(&state).intake.session().is_some(),
        "nothing saved yet"
    );
    // Ctrl-T ticks the case: completing adds the contact to it.
    ctrl(&mut state, &mut store, 't');
    complete_answering(&mut state, &mut store, &[]);
    let message = shell(&state).intake.message.clone().unwrap();
    assert!(
        message.starts_with(&format!("✓ Added to case {number}")),
        "{message}"
    );
    let timeline = store.case_timeline(case_id, None, 20).unwrap();
    assert_eq!(timeline.iter().filter(|e| e.kind == "contact").count(), 2);
}

#[test]
fn a_second_ctrl_s_opens_a_new_case_when_the_operator_means_it() {
    let (_dir, mut store, mut state) = child_intake();
    baraka_case(&mut store, 1, "254722000111");
    name_and_age(&mut state, &mut store);
    ctrl(&mut state, &mut store, 's'); // asks
    complete_answering(&mut state, &mut store, &[]);
    let message = shell(&state).intake.message.clone().unwrap();
    assert!(message.starts_with("✓ Saved: new case"), "{message}");
}

#[test]
fn the_match_panel_comes_back_after_a_draft_is_resumed() {
    let (dir, mut store, mut state) = child_intake();
    baraka_case(&mut store, 1, "254722000111");
    name_and_age(&mut state, &mut store);
    drive(&mut state, &mut store, Msg::AutosaveDue);
    let account = state.session().unwrap().user.clone();
    drop(state);

    let mut store = open(&dir.path().join("helpline.db"));
    let mut fresh = State::new(Keymap::shipped(), "helpline.db".into(), {
        chrono::DateTime::from_timestamp(NOW + 60, 0).unwrap()
    });
    drive(&mut fresh, &mut store, Msg::LoginChecked(Ok(account)));
    drive(&mut fresh, &mut store, key(KeyCode::Char('1')));
    drive(&mut fresh, &mut store, key(KeyCode::Enter));
    let session = shell(&fresh).intake.session().expect("resumed");
    assert_eq!(
        session.matches.len(),
        1,
        "the returning caller is shown again"
    );
}

#[test]
fn phone_and_name_matches_agree_on_a_cases_contacts() {
    let (_dir, mut store, _state) = child_intake();
    let (case_id, _) = baraka_case(&mut store, 3, "254722000111");
    let by_phone = store
        .find_returning(Some("254722000111"), None, None, 5)
        .unwrap();
    let by_name = store
        .find_returning(None, Some("Baraka Otieno"), Some(11), 5)
        .unwrap();
    assert_eq!(by_phone.len(), 1);
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_phone[0].case_id, Some(case_id));
    assert_eq!(by_phone[0].contacts, 3, "every contact of the case counts");
    assert_eq!(by_phone[0].contacts, by_name[0].contacts);
    assert_eq!(by_phone[0].last_contact_at, by_name[0].last_contact_at);
}

#[test]
fn a_child_who_calls_again_without_a_name_is_recognised_by_number() {
    let (_dir, mut store, mut state) = child_intake();
    // A silent call: no name, no case, only the number and a note.
    pick(&mut state, &mut store, "phone");
    pick(&mut state, &mut store, "silent");
    go_to(&mut state, &mut store, "contact_from");
    typed(&mut state, &mut store, "+254 711 222 333");
    go_to(&mut state, &mut store, "next_time_note");
    typed(&mut state, &mut store, "Says hello twice before talking");
    complete_answering(&mut state, &mut store, &[]);
    assert!(
        shell(&state)
            .intake
            .message
            .clone()
            .unwrap()
            .contains("no case")
    );

    // The next call from the same number, typed another way.
    ctrl(&mut state, &mut store, 'n');
    drive(&mut state, &mut store, key(KeyCode::Enter));
    pick(&mut state, &mut store, "phone");
    pick(&mut state, &mut store, "silent");
    go_to(&mut state, &mut store, "contact_from");
    typed(&mut state, &mut store, "+254711222333");
    let profile = shell(&state)
        .intake
        .session()
        .unwrap()
        .profile
        .clone()
        .expect("recognised with no case and no name");
    assert_eq!(profile.contacts, 1);
    assert_eq!(
        profile.note.as_ref().map(|n| n.0.as_str()),
        Some("Says hello twice before talking")
    );
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("Contacted us 1 time(s)"), "{screen}");
    assert!(screen.contains("Says hello twice"), "{screen}");
    assert!(
        screen.contains("Ctrl-S complete"),
        "the save key stays: {screen}"
    );
}

#[test]
fn a_chat_handle_is_recognised_whatever_its_case() {
    let (_dir, mut store, mut state) = child_intake();
    pick(&mut state, &mut store, "web");
    pick(&mut state, &mut store, "silent");
    go_to(&mut state, &mut store, "contact_from");
    typed(&mut state, &mut store, "@Sunny_Day");
    complete_answering(&mut state, &mut store, &[]);
    let profile = store
        .caller_profile("@sunny_day")
        .unwrap()
        .expect("by handle");
    assert_eq!(profile.contacts, 1);
}

/// The yes/no questions of the case information, in order.
fn to_the_yes_no_questions(state: &mut State, store: &mut Store) {
    pick(state, store, "phone");
    pick(state, store, "child calling");
    go_to(state, store, "keep_confidential");
}

fn yes_no(state: &State, id: &str) -> helpline::domain::forms::FieldValue {
    shell(state)
        .intake
        .session()
        .unwrap()
        .answers
        .get(id)
        .clone()
}

#[test]
fn yes_no_questions_take_whole_words_without_spilling_into_the_next_field() {
    use helpline::domain::forms::{FieldValue, YesNoDk};
    let yes = FieldValue::YesNoDk(YesNoDk::Yes);
    let no = FieldValue::YesNoDk(YesNoDk::No);
    let dk = FieldValue::YesNoDk(YesNoDk::DontKnow);
    let cases: &[(&str, [&FieldValue; 3])] = &[
        ("yes", [&yes, &FieldValue::Empty, &FieldValue::Empty]),
        ("ndiyo", [&yes, &FieldValue::Empty, &FieldValue::Empty]),
        ("hapana", [&no, &FieldValue::Empty, &FieldValue::Empty]),
        ("ja", [&yes, &FieldValue::Empty, &FieldValue::Empty]),
        ("don't know", [&dk, &FieldValue::Empty, &FieldValue::Empty]),
        // One letter a question, quickly: three answers.
        ("ndy", [&no, &dk, &yes]),
        ("nohapanayes", [&no, &no, &yes]),
        ("yesndiyosijui", [&yes, &yes, &dk]),
    ];
    for (keys, expected) in cases {
        let (_dir, mut store, mut state) = child_intake();
        to_the_yes_no_questions(&mut state, &mut store);
        for c in keys.chars() {
            let code = KeyCode::Char(c);
            drive(&mut state, &mut store, key(code));
        }
        let got = [
            yes_no(&state, "keep_confidential"),
            yes_no(&state, "must_call_back"),
            yes_no(&state, "ok_for_case_worker_to_call"),
        ];
        for (n, want) in expected.iter().enumerate() {
            assert_eq!(&got[n], *want, "{keys}: question {}", n + 1);
        }
        // Nothing spilled into the free-text summary that follows.
        assert_eq!(yes_no(&state, "case_summary"), FieldValue::Empty, "{keys}");
    }
}

#[test]
fn a_first_letter_answers_and_moves_on_at_once() {
    let (_dir, mut store, mut state) = child_intake();
    to_the_yes_no_questions(&mut state, &mut store);
    drive(&mut state, &mut store, key(KeyCode::Char('y')));
    assert_eq!(focus(&state), "must_call_back");
    assert_eq!(
        yes_no(&state, "keep_confidential"),
        helpline::domain::forms::FieldValue::YesNoDk(helpline::domain::forms::YesNoDk::Yes)
    );
}
