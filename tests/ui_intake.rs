//! The Intake pane driven like an operator during a call, on a real
//! database: a full intake into a new case, a no-case contact in a few
//! keys, drafts that survive a restart, two intakes at once, and a
//! returning caller attached to their case.

mod common;

use chrono::{DateTime, Utc};
use common::intake::*;
use common::*;
use helpline::app::keymap::Keymap;
use helpline::app::state::State;
use helpline::app::{Msg, update};
use helpline::domain::{RiskLevel, Role};
use helpline::store::Store;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn autosave(state: &mut State, store: &mut Store) {
    drive(state, store, Msg::AutosaveDue);
}

/// A child-helpline intake on a new database, as `amina`.
fn setup() -> (tempfile::TempDir, Store, State) {
    child_intake()
}

#[test]
fn a_full_intake_opens_a_case_with_its_contact() {
    let (_dir, mut store, mut state) = setup();
    pick(&mut state, &mut store, "whats"); // channel: WhatsApp
    pick(&mut state, &mut store, "child calling"); // contact type
    typed(&mut state, &mut store, "y"); // safe to talk
    go_to(&mut state, &mut store, "immediate_danger");
    typed(&mut state, &mut store, "y");
    go_to(&mut state, &mut store, "child_name");
    typed(&mut state, &mut store, "Nyambura Wanjirũ 🌻");
    go_to(&mut state, &mut store, "child_age_known");
    pick(&mut state, &mut store, "known");
    go_to(&mut state, &mut store, "child_age");
    typed(&mut state, &mut store, "13");
    go_to(&mut state, &mut store, "child_gender");
    pick(&mut state, &mut store, "girl");
    go_to(&mut state, &mut store, "reason_categories");
    typed(&mut state, &mut store, "violence");
    drive(&mut state, &mut store, key(KeyCode::Char(' ')));
    go_to(&mut state, &mut store, "reason_subcategories");
    typed(&mut state, &mut store, "physical");
    drive(&mut state, &mut store, key(KeyCode::Char(' ')));
    go_to(&mut state, &mut store, "narrative");
    typed(&mut state, &mut store, "Uncle beats her when drunk.");
    drive(&mut state, &mut store, key(KeyCode::Enter));
    typed(&mut state, &mut store, "Mother knows. مرحبا");
    autosave(&mut state, &mut store);
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("intake_narrative_{w}x{h}"), draw(&state, w, h));
    }

    // Completing shows what is still missing, beside its field.
    ctrl(&mut state, &mut store, 's');
    let session = shell(&state).intake.session().expect("still open");
    assert!(!session.errors.is_empty());
    let missing: Vec<String> = session.errors.iter().map(|e| e.field_id.clone()).collect();
    // Fill whatever the form still requires, the way an operator would.
    for field in missing {
        go_to_first_error(&mut state, &mut store, &field);
    }
    ctrl(&mut state, &mut store, 's');
    let pane = &shell(&state).intake;
    assert!(
        pane.session().is_none(),
        "{:?} {:?}",
        pane.message,
        pane.sessions.first().map(|s| &s.errors)
    );
    let message = pane.message.clone().unwrap();
    assert!(message.starts_with("✓ Saved: new case HL-"), "{message}");
    assert!(
        message.contains("critical"),
        "immediate danger sets the level: {message}"
    );

    let found = store
        .search_cases(
            &helpline::domain::access::Viewer::whole_floor(1),
            "Nyambura",
            5,
        )
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].risk, RiskLevel::Critical);
    assert_eq!(found[0].child_age, Some(13));
    let consent = store.reload_case_detail(found[0].id).unwrap().consent;
    assert!(consent.is_some(), "who consented is on the case");
    let timeline = store.case_timeline(found[0].id, None, 10).unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| e.kind == "contact" && e.summary.contains("whatsapp"))
    );
    assert!(
        store
            .operator_drafts(state.session().unwrap().user.id)
            .unwrap()
            .is_empty(),
        "the draft is gone"
    );
}

/// Answers a required field the test did not fill, whatever its kind.
fn go_to_first_error(state: &mut State, store: &mut Store, field: &str) {
    let Some(session) = shell(state).intake.session() else {
        return;
    };
    if session.answers.get(field) != &helpline::domain::forms::FieldValue::Empty {
        return;
    }
    let form = state.forms.form(&session.form_id).unwrap().clone();
    let kind = form.field(field).unwrap().kind.clone();
    go_to(state, store, field);
    use helpline::domain::forms::FieldKind;
    match kind {
        FieldKind::YesNoDk => typed(state, store, "n"),
        FieldKind::SingleChoice(_) => drive(state, store, key(KeyCode::Enter)),
        FieldKind::MultipleChoice(_) => drive(state, store, key(KeyCode::Char(' '))),
        FieldKind::Number { min, .. } => typed(state, store, &min.to_string()),
        FieldKind::DateTime { .. } => typed(state, store, "2026-11-25"),
        FieldKind::Phone => typed(state, store, "+254 722 000 111"),
        _ => typed(state, store, "noted"),
    }
}

#[test]
fn a_silent_call_is_recorded_in_a_few_keys_without_a_case() {
    let (_dir, mut store, mut state) = setup();
    pick(&mut state, &mut store, "phone");
    pick(&mut state, &mut store, "silent");
    ctrl(&mut state, &mut store, 's');
    let message = shell(&state).intake.message.clone().unwrap();
    assert!(message.contains("no case needed"), "{message}");
    assert!(
        store
            .list_cases(
                &helpline::domain::access::Viewer::whole_floor(1),
                &Default::default(),
                None,
                10
            )
            .unwrap()
            .is_empty()
    );
}

#[test]
fn drafts_are_resumed_at_the_same_field_after_a_restart() {
    let (dir, mut store, mut state) = setup();
    pick(&mut state, &mut store, "sms");
    pick(&mut state, &mut store, "someone");
    go_to(&mut state, &mut store, "caller_name");
    typed(&mut state, &mut store, "Zoë 👩🏾‍⚕️ אבי");
    autosave(&mut state, &mut store);
    drop(state);

    // A new session (the old one was killed): the draft is offered again.
    let mut store = open(&dir.path().join("helpline.db"));
    let state = login(&store, "amina");
    // Log in the way the app does, which loads drafts.
    let mut fresh = State::new(Keymap::shipped(), "helpline.db".into(), state.now);
    let account = state.session().unwrap().user.clone();
    drive(&mut fresh, &mut store, Msg::LoginChecked(Ok(account)));
    drive(&mut fresh, &mut store, key(KeyCode::Char('1')));
    assert_eq!(shell(&fresh).intake.sessions.len(), 1);
    insta::assert_snapshot!("intake_drafts_80x24", draw(&fresh, 80, 24));
    drive(&mut fresh, &mut store, key(KeyCode::Enter));
    let session = shell(&fresh).intake.session().unwrap();
    assert_eq!(session.focus, "caller_name");
    assert_eq!(
        session.answers.get("caller_name"),
        &helpline::domain::forms::FieldValue::Text("Zoë 👩🏾‍⚕️ אבי".into())
    );
}

#[test]
fn a_second_call_while_the_first_is_on_hold() {
    let (_dir, mut store, mut state) = setup();
    pick(&mut state, &mut store, "phone");
    ctrl(&mut state, &mut store, 'n');
    drive(&mut state, &mut store, key(KeyCode::Enter));
    pick(&mut state, &mut store, "walk");
    autosave(&mut state, &mut store);
    let user = state.session().unwrap().user.id;
    assert_eq!(store.operator_drafts(user).unwrap().len(), 2);
    drive(&mut state, &mut store, key(KeyCode::Esc));
    assert_eq!(shell(&state).intake.sessions.len(), 2);
    assert!(shell(&state).intake.session().is_none());
}

#[test]
fn a_returning_caller_is_recognised_and_attached_to_their_case() {
    let (_dir, mut store, mut state) = setup();
    let (case_id, number) = store
        .open_case(
            &helpline::store::cases::NewCase {
                opened_at: NOW - 86_400,
                child_name: Some("Baraka Otieno"),
                child_age: Some(11),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    pick(&mut state, &mut store, "phone");
    pick(&mut state, &mut store, "child calling");
    go_to(&mut state, &mut store, "child_name");
    typed(&mut state, &mut store, "baraka otieno");
    go_to(&mut state, &mut store, "child_age_known");
    pick(&mut state, &mut store, "known");
    go_to(&mut state, &mut store, "child_age");
    typed(&mut state, &mut store, "11");
    let session = shell(&state).intake.session().unwrap();
    assert_eq!(session.matches.len(), 1, "same name and age");
    assert_eq!(
        session.matches[0].case_number.as_deref(),
        Some(number.to_string().as_str())
    );
    ctrl(&mut state, &mut store, 't');
    assert_eq!(
        shell(&state).intake.session().unwrap().attach_case_id,
        Some(case_id)
    );
    insta::assert_snapshot!("intake_returning_120x40", draw(&state, 120, 40));
    let narrow = draw(&state, 80, 24);
    assert!(
        narrow.contains(&number.to_string()),
        "the matched case shows at 80x24:\n{narrow}"
    );
    insta::assert_snapshot!("intake_returning_80x24", narrow);
    let _ = update(
        &mut state,
        Msg::Tick(DateTime::<Utc>::from_timestamp(NOW + 65, 0).unwrap()),
    );
}

#[test]
fn a_pasted_megabyte_is_kept_within_the_layout() {
    let (_dir, mut store, mut state) = setup();
    pick(&mut state, &mut store, "phone");
    pick(&mut state, &mut store, "child calling");
    go_to(&mut state, &mut store, "narrative");
    let huge = "é🙂 \u{202e}RTL\u{202c} a\u{0301}\u{7}\n".repeat(100_000);
    drive(&mut state, &mut store, Msg::Paste(huge));
    let session = shell(&state).intake.session().unwrap();
    assert!(
        session
            .field_note
            .as_deref()
            .unwrap_or("")
            .contains("limit"),
        "{:?}",
        session.field_note
    );
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = draw(&state, w, h);
        assert_eq!(screen.lines().count(), h as usize);
    }
    autosave(&mut state, &mut store);
}

/// Completes the open intake, answering whatever the form still asks for
/// with a plain default (or the given key for a yes/no field), as an
/// operator clearing the marked fields would.
#[test]
fn a_gbv_intake_records_the_first_incident_type_that_applies() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "amina", Role::Operator, "long enough");
    let mut state = login(&store, "amina");
    ctrl(&mut state, &mut store, 'n');
    drive(&mut state, &mut store, key(KeyCode::Down)); // the GBV form
    drive(&mut state, &mut store, key(KeyCode::Enter));
    assert_eq!(shell(&state).intake.session().unwrap().form_id, "gbv");
    pick(&mut state, &mut store, "walk");
    pick(&mut state, &mut store, "adult survivor");
    go_to(&mut state, &mut store, "survivor_name");
    typed(&mut state, &mut store, "Fatuma Said");
    // Physical assault: the first yes in the GBVIMS order after four noes.
    complete_answering(&mut state, &mut store, &["gbv_physical_assault"]);
    let message = shell(&state).intake.message.clone().unwrap();
    assert!(message.starts_with("✓ Saved: new case"), "{message}");
    let case = store
        .search_cases(
            &helpline::domain::access::Viewer::whole_floor(1),
            "Fatuma",
            5,
        )
        .unwrap()
        .remove(0);
    assert_eq!(case.category.as_deref(), Some("gbv"));
    assert_eq!(case.subcategory.as_deref(), Some("gbv.physical_assault"));
}

#[test]
fn answers_hidden_by_later_answers_are_not_stored() {
    let (_dir, mut store, mut state) = setup();
    pick(&mut state, &mut store, "phone");
    pick(&mut state, &mut store, "someone"); // shows the caller's fields
    go_to(&mut state, &mut store, "caller_name");
    typed(&mut state, &mut store, "Neighbour Kamau");
    // The operator corrects the contact type: now a silent call.
    for _ in 0..20 {
        if focus(&state) == "contact_type" {
            break;
        }
        drive(
            &mut state,
            &mut store,
            helpline::app::Msg::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        );
    }
    pick(&mut state, &mut store, "silent");
    ctrl(&mut state, &mut store, 's');
    assert!(
        shell(&state)
            .intake
            .message
            .clone()
            .unwrap()
            .contains("no case needed")
    );
    let drafts = store
        .operator_drafts(state.session().unwrap().user.id)
        .unwrap();
    assert!(drafts.is_empty());
    // The stored contact holds no trace of the hidden caller name.
    let conn = rusqlite::Connection::open(_dir.path().join("helpline.db")).unwrap();
    let (name, answers): (Option<String>, String) = conn
        .query_row("SELECT caller_name, answers FROM contacts", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(name, None);
    assert!(!answers.contains("Kamau"), "{answers}");
}
