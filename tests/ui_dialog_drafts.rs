//! Everything typed survives: a note, an assessment, the referral, closure
//! and assignment dialogs and the service form are kept as they are typed
//! (within a second, not per key), come back at the next log-in where they
//! were, and are forgotten once saved or thrown away. "Killed" here means
//! the state is dropped without the exit effects, as `kill -9` would.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use helpline::app::keymap::Keymap;
use helpline::app::pane::Pane;
use helpline::app::state::{Screen, Shell, State};
use helpline::app::{Effect, Msg};
use helpline::domain::{RiskLevel, Role};
use helpline::store::Store;
use helpline::store::cases::NewCase;
use helpline::store::dialog_drafts::DialogKind;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const NOW: i64 = 1_795_600_000;

fn new_case(store: &mut Store, child: &str) -> i64 {
    store
        .open_case(
            &NewCase {
                opened_at: NOW - 600,
                child_name: Some(child),
                child_age: Some(14),
                ..NewCase::default()
            },
            None,
        )
        .unwrap()
        .0
}

/// Logs `name` in through the login message, as the real app does, so
/// the drafts are loaded and offered as at a real log-in.
fn log_in(store: &mut Store, name: &str) -> State {
    let mut state = State::new(
        Keymap::shipped(),
        "helpline.db".into(),
        DateTime::<Utc>::from_timestamp(NOW, 0).unwrap(),
    );
    let user = store.find_login(name).unwrap().unwrap().user;
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

fn autosave(state: &mut State, store: &mut Store) {
    drive(state, store, Msg::AutosaveDue);
}

/// Opens a case from the list (closing the one open, if any).
fn open_case(state: &mut State, store: &mut Store, case_id: i64) {
    drive(state, store, key(KeyCode::Char('3')));
    for _ in 0..3 {
        if shell(state).cases.open.is_none() {
            break;
        }
        drive(state, store, key(KeyCode::Esc));
    }
    for _ in 0..10 {
        let on = shell(state)
            .cases
            .rows
            .get(shell(state).cases.selected)
            .map(|r| r.id);
        if on == Some(case_id) {
            break;
        }
        drive(state, store, key(KeyCode::Down));
    }
    drive(state, store, key(KeyCode::Enter));
    assert_eq!(
        shell(state).cases.open.as_ref().map(|v| v.detail.row.id),
        Some(case_id)
    );
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

fn kinds(store: &Store, user: i64) -> Vec<DialogKind> {
    store
        .operator_dialog_drafts(user)
        .unwrap()
        .into_iter()
        .map(|d| d.key.kind)
        .collect()
}

fn setup() -> (tempfile::TempDir, Store, i64, i64, i64) {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "amina", Role::Supervisor, "long enough");
    add_user(&mut store, "baraka", Role::Caseworker, "long enough");
    let first = new_case(&mut store, "Nyambura Wanjiru");
    let second = new_case(&mut store, "Otieno Achieng");
    (dir, store, worker, first, second)
}

#[test]
fn a_note_is_kept_within_the_autosave_not_per_key_and_comes_back_at_the_next_log_in() {
    let (_dir, mut store, user, case_id, _) = setup();
    let mut state = log_in(&mut store, "amina");
    open_case(&mut state, &mut store, case_id);
    drive(&mut state, &mut store, key(KeyCode::Char('n')));
    // A key asks for no store work: the write waits for the autosave.
    let effects = helpline::app::update(&mut state, key(KeyCode::Char('V')));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::DialogDrafts(_))),
        "{effects:?}"
    );
    typed(&mut state, &mut store, "isited Wanjikũ 🌻 at school.");
    drive(&mut state, &mut store, key(KeyCode::Enter));
    typed(&mut state, &mut store, "Second line");
    assert!(state.autosave_pending());
    autosave(&mut state, &mut store);
    assert!(!state.autosave_pending());
    assert_eq!(kinds(&store, user), vec![DialogKind::Note]);
    drop(state); // killed: no exit effects run

    let state = log_in(&mut store, "amina");
    assert_eq!(shell(&state).pane, Pane::Cases);
    assert_eq!(
        note_text(&state).as_deref(),
        Some("Visited Wanjikũ 🌻 at school.\nSecond line")
    );
    let editor = shell(&state).cases.open.as_ref().unwrap().editor.as_ref();
    assert_eq!(editor.unwrap().cursor(), (1, 11), "the cursor where it was");
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("Back from before (a note)"), "{screen}");
    assert!(screen.contains("Esc twice throws away."), "{screen}");
}

#[test]
fn a_saved_note_and_a_discarded_one_are_forgotten() {
    let (_dir, mut store, user, case_id, _) = setup();
    let mut state = log_in(&mut store, "amina");
    open_case(&mut state, &mut store, case_id);
    drive(&mut state, &mut store, key(KeyCode::Char('n')));
    typed(&mut state, &mut store, "Called the school.");
    autosave(&mut state, &mut store);
    assert_eq!(kinds(&store, user), vec![DialogKind::Note]);
    ctrl(&mut state, &mut store, 's');
    assert_eq!(note_text(&state), None, "saved");
    assert!(state.autosave_pending(), "the draft is to be forgotten");
    autosave(&mut state, &mut store);
    assert!(kinds(&store, user).is_empty());

    drive(&mut state, &mut store, key(KeyCode::Char('n')));
    typed(&mut state, &mut store, "Thrown away.");
    autosave(&mut state, &mut store);
    assert_eq!(kinds(&store, user), vec![DialogKind::Note]);
    drive(&mut state, &mut store, key(KeyCode::Esc));
    drive(&mut state, &mut store, key(KeyCode::Esc));
    assert_eq!(note_text(&state), None, "discarded");
    autosave(&mut state, &mut store);
    assert!(kinds(&store, user).is_empty());
}

#[test]
fn an_interrupted_assessment_with_a_positive_answer_is_offered_first() {
    let (_dir, mut store, user, first, second) = setup();
    // A note on the first case, kept a minute after the assessment below:
    // the newer draft, yet the assessment comes first.
    let note = r#"{"text":{"lines":["Note on the first case."],"cursor":[0,23]},"version":null}"#;
    let note_key = helpline::store::dialog_drafts::DialogKey {
        kind: DialogKind::Note,
        target_id: first,
    };
    store
        .keep_dialog_draft(
            user,
            &helpline::store::dialog_drafts::DialogWrite {
                key: note_key,
                state: note,
                urgent: false,
                writer: 1,
                rev: 1,
            },
            NOW + 60,
        )
        .unwrap();
    let mut state = log_in(&mut store, "amina");
    assert_eq!(
        note_text(&state).as_deref(),
        Some("Note on the first case.")
    );
    drive(&mut state, &mut store, key(KeyCode::Esc));
    drive(&mut state, &mut store, key(KeyCode::Esc)); // thrown away
    open_case(&mut state, &mut store, second);
    drive(&mut state, &mut store, key(KeyCode::Char('a')));
    assert_eq!(shell(&state).pane, Pane::Risk);
    // The picker starts at the instrument that fits; the ASQ is first.
    for _ in 0..4 {
        drive(&mut state, &mut store, key(KeyCode::Up));
    }
    drive(&mut state, &mut store, key(KeyCode::Enter)); // ASQ
    typed(&mut state, &mut store, "yn"); // wished dead: yes
    // Killed before the note's removal was written: only the assessment's
    // keep runs.
    let effects = helpline::app::update(&mut state, Msg::AutosaveDue);
    let ctx = helpline::effects::EffectContext {
        now: NOW,
        ..Default::default()
    };
    for effect in effects {
        if matches!(
            &effect,
            Effect::DialogDrafts(helpline::app::dialog_drafts::DialogDraftsEffect::Keep { .. })
        ) {
            helpline::effects::perform(&mut store, &ctx, effect);
        }
    }
    let drafts = store.operator_dialog_drafts(user).unwrap();
    assert_eq!(drafts.len(), 2);
    assert_eq!(drafts[0].key.kind, DialogKind::Assessment);
    assert!(drafts[0].urgent);
    assert!(drafts[0].updated_at < drafts[1].updated_at);
    drop(state);

    let mut state = log_in(&mut store, "amina");
    assert_eq!(shell(&state).pane, Pane::Risk, "the assessment first");
    let risk = &shell(&state).risk;
    assert_eq!(risk.target.as_ref().unwrap().case_id, second);
    let a = risk.assessment.as_ref().unwrap();
    assert_eq!(a.answers().len(), 2);
    assert_eq!(a.final_level(), RiskLevel::High);
    assert!(risk.message.as_deref().unwrap().contains("Interrupted"));
    let screen = draw(&state, 80, 24);
    assert!(
        screen.contains("Esc twice throws it away."),
        "whole at 80x24:\n{screen}"
    );
    assert!(
        state.flash.as_deref().unwrap_or("").contains("a note"),
        "{:?}",
        state.flash
    );
    // Finished and saved: forgotten. The note comes back with its case.
    typed(&mut state, &mut store, "nnn");
    ctrl(&mut state, &mut store, 's');
    assert!(shell(&state).risk.assessment.is_none());
    autosave(&mut state, &mut store);
    assert_eq!(kinds(&store, user), vec![DialogKind::Note]);
    open_case(&mut state, &mut store, first);
    assert_eq!(
        note_text(&state).as_deref(),
        Some("Note on the first case.")
    );
}

#[test]
fn the_referral_dialog_comes_back_with_its_service_consent_and_note() {
    let (_dir, mut store, user, case_id, _) = setup();
    let _ = common::directory::seed_services(&mut store);
    let mut state = log_in(&mut store, "amina");
    open_case(&mut state, &mut store, case_id);
    drive(&mut state, &mut store, key(KeyCode::Char('f')));
    typed(&mut state, &mut store, "Tumaini");
    let service = {
        let d = shell(&state).refer.as_ref().unwrap();
        d.results.first().map(|r| r.id)
    };
    drive(&mut state, &mut store, key(KeyCode::Tab));
    drive(&mut state, &mut store, key(KeyCode::Right)); // consent: yes
    drive(&mut state, &mut store, key(KeyCode::Tab));
    drive(&mut state, &mut store, key(KeyCode::Tab));
    typed(&mut state, &mut store, "Needs a bed tonight");
    autosave(&mut state, &mut store);
    assert_eq!(kinds(&store, user), vec![DialogKind::Referral]);
    drop(state);

    let state = log_in(&mut store, "amina");
    let d = shell(&state).refer.as_ref().expect("the dialog is back");
    assert!(shell(&state).referring());
    assert_eq!(d.note.value(), "Needs a bed tonight");
    assert_eq!(d.consent, Some(true));
    assert_eq!(d.search.value(), "Tumaini");
    assert_eq!(d.results.get(d.picked).map(|r| r.id), service);
}

#[test]
fn closing_and_assigning_dialogs_come_back_on_their_case() {
    let (_dir, mut store, user, first, second) = setup();
    let baraka = store.find_login("baraka").unwrap().unwrap().user.id;
    let mut state = log_in(&mut store, "amina");
    open_case(&mut state, &mut store, first);
    drive(&mut state, &mut store, key(KeyCode::Char('s')));
    // Down to "closed" in the step list, whatever its place.
    for _ in 0..10 {
        let closing = matches!(
            shell(&state).cases.open.as_ref().unwrap().dialog,
            Some(helpline::app::case_dialog::CaseDialog::Step { ref options, selected, .. })
                if options.get(selected) == Some(&helpline::domain::CaseStatus::Closed)
        );
        if closing {
            break;
        }
        drive(&mut state, &mut store, key(KeyCode::Down));
    }
    drive(&mut state, &mut store, key(KeyCode::Enter));
    drive(&mut state, &mut store, key(KeyCode::Down)); // the second reason
    drive(&mut state, &mut store, key(KeyCode::Tab));
    typed(&mut state, &mut store, "No answer for three weeks.");
    autosave(&mut state, &mut store);

    drive(&mut state, &mut store, key(KeyCode::Esc));
    drive(&mut state, &mut store, key(KeyCode::Esc)); // closing thrown away
    drive(&mut state, &mut store, key(KeyCode::Esc)); // back to the list
    open_case(&mut state, &mut store, second);
    drive(&mut state, &mut store, key(KeyCode::Char('w')));
    for _ in 0..5 {
        let on = match &shell(&state).cases.open.as_ref().unwrap().dialog {
            Some(helpline::app::case_dialog::CaseDialog::Assign { workers, selected }) => {
                workers[*selected].user_id
            }
            other => panic!("{other:?}"),
        };
        if on == baraka {
            break;
        }
        drive(&mut state, &mut store, key(KeyCode::Down));
    }
    autosave(&mut state, &mut store);
    assert_eq!(kinds(&store, user), vec![DialogKind::Assignment]);
    // Put away, then chosen again, and killed.
    drive(&mut state, &mut store, key(KeyCode::Esc));
    autosave(&mut state, &mut store);
    assert!(
        kinds(&store, user).is_empty(),
        "the assignment was put away"
    );
    drive(&mut state, &mut store, key(KeyCode::Char('w')));
    drive(&mut state, &mut store, key(KeyCode::Down));
    let picked = match &shell(&state).cases.open.as_ref().unwrap().dialog {
        Some(helpline::app::case_dialog::CaseDialog::Assign { workers, selected }) => {
            workers[*selected].user_id
        }
        other => panic!("{other:?}"),
    };
    autosave(&mut state, &mut store);
    drop(state);

    let state = log_in(&mut store, "amina");
    let view = shell(&state).cases.open.as_ref().unwrap();
    assert_eq!(view.detail.row.id, second);
    match &view.dialog {
        Some(helpline::app::case_dialog::CaseDialog::Assign { workers, selected }) => {
            assert_eq!(workers[*selected].user_id, picked)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_closing_note_comes_back_with_its_reason_and_focus() {
    let (_dir, mut store, user, first, _) = setup();
    let mut state = log_in(&mut store, "amina");
    open_case(&mut state, &mut store, first);
    drive(&mut state, &mut store, key(KeyCode::Char('s')));
    for _ in 0..10 {
        let closing = matches!(
            shell(&state).cases.open.as_ref().unwrap().dialog,
            Some(helpline::app::case_dialog::CaseDialog::Step { ref options, selected, .. })
                if options.get(selected) == Some(&helpline::domain::CaseStatus::Closed)
        );
        if closing {
            break;
        }
        drive(&mut state, &mut store, key(KeyCode::Down));
    }
    drive(&mut state, &mut store, key(KeyCode::Enter));
    drive(&mut state, &mut store, key(KeyCode::Down));
    drive(&mut state, &mut store, key(KeyCode::Tab));
    typed(&mut state, &mut store, "No answer for three weeks.");
    autosave(&mut state, &mut store);
    assert_eq!(kinds(&store, user), vec![DialogKind::Closure]);
    drop(state);

    let state = log_in(&mut store, "amina");
    let view = shell(&state).cases.open.as_ref().unwrap();
    match &view.dialog {
        Some(helpline::app::case_dialog::CaseDialog::Close {
            reason,
            note,
            focus,
            ..
        }) => {
            assert_eq!(*reason, 1);
            assert_eq!(note.lines().join("\n"), "No answer for three weeks.");
            assert_eq!(*focus, helpline::app::case_dialog::CloseFocus::Note);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_service_form_comes_back_with_what_was_typed() {
    let (_dir, mut store, user, _, _) = setup();
    let mut state = log_in(&mut store, "amina");
    drive(&mut state, &mut store, key(KeyCode::Char('6')));
    drive(&mut state, &mut store, key(KeyCode::Char('n')));
    typed(&mut state, &mut store, "Tumaini Trust");
    drive(&mut state, &mut store, key(KeyCode::Tab));
    drive(&mut state, &mut store, key(KeyCode::Tab));
    typed(&mut state, &mut store, "Tumaini Hou");
    autosave(&mut state, &mut store);
    assert_eq!(kinds(&store, user), vec![DialogKind::Service]);
    drop(state);

    let state = log_in(&mut store, "amina");
    assert_eq!(shell(&state).pane, Pane::Services);
    let form = shell(&state)
        .services
        .form
        .as_ref()
        .expect("the form is back");
    assert_eq!(form.inputs[0].value(), "Tumaini Trust");
    assert_eq!(form.inputs[2].value(), "Tumaini Hou");
    assert_eq!(form.focus, 2);
}

/// Presses Ctrl-S, types `extra` while the save is under way (its store
/// work held back), then lets the save finish.
fn type_while_saving(state: &mut State, store: &mut Store, extra: &str) {
    let saving = helpline::app::update(
        state,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    assert!(!saving.is_empty(), "a save was asked for");
    typed(state, store, extra);
    let ctx = helpline::effects::EffectContext {
        now: state.now.timestamp(),
        workflow: std::sync::Arc::clone(&state.workflow),
        ..Default::default()
    };
    for effect in saving {
        if let Some(msg) = helpline::effects::perform(store, &ctx, effect) {
            drive(state, store, msg);
        }
    }
}

fn timeline_bodies(store: &Store, case_id: i64) -> Vec<String> {
    store
        .case_timeline(case_id, None, 50)
        .unwrap()
        .into_iter()
        .filter_map(|e| e.body)
        .collect()
}

#[test]
fn a_note_typed_on_while_saving_is_kept_as_the_next_note() {
    let (_dir, mut store, user, case_id, _) = setup();
    let mut state = log_in(&mut store, "amina");
    open_case(&mut state, &mut store, case_id);
    drive(&mut state, &mut store, key(KeyCode::Char('n')));
    typed(&mut state, &mut store, "Called the school.");
    type_while_saving(&mut state, &mut store, " Then the aunt.");
    assert!(timeline_bodies(&store, case_id).contains(&"Called the school.".to_string()));
    assert_eq!(note_text(&state).as_deref(), Some("Then the aunt."));
    autosave(&mut state, &mut store);
    let drafts = store.operator_dialog_drafts(user).unwrap();
    assert!(drafts[0].state.contains("Then the aunt."), "{drafts:?}");
    ctrl(&mut state, &mut store, 's');
    assert!(timeline_bodies(&store, case_id).contains(&"Then the aunt.".to_string()));
    assert_eq!(note_text(&state), None);
}

#[test]
fn answers_changed_while_an_assessment_saves_are_kept() {
    let (_dir, mut store, _, case_id, _) = setup();
    let mut state = log_in(&mut store, "amina");
    open_case(&mut state, &mut store, case_id);
    drive(&mut state, &mut store, key(KeyCode::Char('a')));
    // The picker starts at the instrument that fits; the ASQ is first.
    for _ in 0..4 {
        drive(&mut state, &mut store, key(KeyCode::Up));
    }
    drive(&mut state, &mut store, key(KeyCode::Enter)); // ASQ
    typed(&mut state, &mut store, "ynnnn");
    type_while_saving(&mut state, &mut store, "y"); // thoughts right now: yes
    assert_eq!(store.case_assessments(case_id).unwrap().len(), 1);
    let risk = &shell(&state).risk;
    let a = risk
        .assessment
        .as_ref()
        .expect("the changed answers are kept");
    assert_eq!(a.final_level(), RiskLevel::Critical);
    assert!(risk.message.as_deref().unwrap().contains("kept"));
    ctrl(&mut state, &mut store, 's');
    assert_eq!(store.case_assessments(case_id).unwrap().len(), 2);
    assert!(shell(&state).risk.assessment.is_none());
}

#[test]
fn a_closing_note_typed_on_while_saving_is_kept_as_a_note() {
    let (_dir, mut store, _, case_id, _) = setup();
    let mut state = log_in(&mut store, "amina");
    open_case(&mut state, &mut store, case_id);
    drive(&mut state, &mut store, key(KeyCode::Char('s')));
    for _ in 0..10 {
        let closing = matches!(
            shell(&state).cases.open.as_ref().unwrap().dialog,
            Some(helpline::app::case_dialog::CaseDialog::Step { ref options, selected, .. })
                if options.get(selected) == Some(&helpline::domain::CaseStatus::Closed)
        );
        if closing {
            break;
        }
        drive(&mut state, &mut store, key(KeyCode::Down));
    }
    drive(&mut state, &mut store, key(KeyCode::Enter));
    drive(&mut state, &mut store, key(KeyCode::Tab));
    typed(&mut state, &mut store, "Safe with her aunt.");
    type_while_saving(&mut state, &mut store, " School informed.");
    let view = shell(&state).cases.open.as_ref().unwrap();
    assert!(view.dialog.is_none(), "closed");
    assert_eq!(note_text(&state).as_deref(), Some("School informed."));
}

#[test]
fn a_referral_note_typed_on_while_saving_is_kept_as_a_note() {
    let (_dir, mut store, _, case_id, _) = setup();
    common::directory::seed_services(&mut store);
    let mut state = log_in(&mut store, "amina");
    open_case(&mut state, &mut store, case_id);
    drive(&mut state, &mut store, key(KeyCode::Char('f')));
    typed(&mut state, &mut store, "Tumaini");
    drive(&mut state, &mut store, key(KeyCode::Tab));
    drive(&mut state, &mut store, key(KeyCode::Right)); // consent: yes
    drive(&mut state, &mut store, key(KeyCode::Tab));
    drive(&mut state, &mut store, key(KeyCode::Tab));
    typed(&mut state, &mut store, "Needs a bed");
    type_while_saving(&mut state, &mut store, " tonight");
    assert!(shell(&state).refer.is_none(), "referred");
    assert_eq!(note_text(&state).as_deref(), Some("tonight"));
}

#[test]
fn a_service_typed_on_while_saving_stays_open_with_the_changes() {
    let (_dir, mut store, _, _, _) = setup();
    let mut state = log_in(&mut store, "amina");
    drive(&mut state, &mut store, key(KeyCode::Char('6')));
    drive(&mut state, &mut store, key(KeyCode::Char('n')));
    typed(&mut state, &mut store, "Tumaini Trust");
    drive(&mut state, &mut store, key(KeyCode::Tab));
    drive(&mut state, &mut store, key(KeyCode::Tab));
    typed(&mut state, &mut store, "Tumaini House");
    drive(&mut state, &mut store, key(KeyCode::Tab));
    typed(&mut state, &mut store, "Kisumu");
    drive(&mut state, &mut store, key(KeyCode::Tab));
    typed(&mut state, &mut store, "+254 700 111 222");
    type_while_saving(&mut state, &mut store, "9");
    let form = shell(&state).services.form.as_ref().expect("kept open");
    assert_eq!(form.inputs[4].value(), "+254 700 111 2229");
    assert!(form.editing.is_some(), "now editing the saved entry");
    assert!(form.changed());
    ctrl(&mut state, &mut store, 's');
    assert!(shell(&state).services.form.is_none());
    let rows = store
        .search_directory("Tumaini", helpline::store::Page::first(10))
        .unwrap();
    assert_eq!(rows.len(), 1, "saved over, not added twice");
    assert_eq!(rows[0].record.phone, "+254 700 111 2229");
}

#[test]
fn the_end_of_a_session_writes_typing_the_autosave_has_not_reached_yet() {
    // SIGTERM, SIGHUP or a lost terminal end the loop; the exit effects
    // run before the process exits.
    let (_dir, mut store, user, case_id, _) = setup();
    let mut state = log_in(&mut store, "amina");
    open_case(&mut state, &mut store, case_id);
    drive(&mut state, &mut store, key(KeyCode::Char('n')));
    typed(&mut state, &mut store, "Last words before the line dropped");
    assert!(kinds(&store, user).is_empty(), "no autosave yet");
    let ctx = helpline::effects::EffectContext {
        now: NOW,
        ..Default::default()
    };
    for effect in helpline::app::update::exit_effects(&mut state) {
        helpline::effects::perform(&mut store, &ctx, effect);
    }
    let drafts = store.operator_dialog_drafts(user).unwrap();
    assert_eq!(drafts.len(), 1);
    assert!(
        drafts[0]
            .state
            .contains("Last words before the line dropped")
    );
}

fn keep_raw(
    store: &mut Store,
    user: i64,
    kind: DialogKind,
    target_id: i64,
    state: &str,
    urgent: bool,
    at: i64,
) {
    store
        .keep_dialog_draft(
            user,
            &helpline::store::dialog_drafts::DialogWrite {
                key: helpline::store::dialog_drafts::DialogKey { kind, target_id },
                state,
                urgent,
                writer: 1,
                rev: 1,
            },
            at,
        )
        .unwrap();
}

#[test]
fn a_second_assessment_left_from_before_comes_back_when_its_case_is_assessed() {
    let (_dir, mut store, user, first, second) = setup();
    let draft = |case_id: i64, answer: &str| {
        format!(
            r#"{{"case_id":{case_id},"number":"HL-{case_id}","child":"—","instrument_id":"asq","answers":{{"asq1":"{answer}"}},"judgement":null,"cursor":1,"editing":null,"judging":null}}"#
        )
    };
    keep_raw(
        &mut store,
        user,
        DialogKind::Assessment,
        first,
        &draft(first, "yes"),
        true,
        NOW,
    );
    keep_raw(
        &mut store,
        user,
        DialogKind::Assessment,
        second,
        &draft(second, "no"),
        false,
        NOW + 9,
    );
    let mut state = log_in(&mut store, "amina");
    assert_eq!(shell(&state).pane, Pane::Risk);
    assert_eq!(shell(&state).risk.target.as_ref().unwrap().case_id, first);
    // The positive one is thrown away on purpose; the other still waits.
    drive(&mut state, &mut store, key(KeyCode::Esc));
    drive(&mut state, &mut store, key(KeyCode::Esc));
    autosave(&mut state, &mut store);
    assert_eq!(kinds(&store, user), vec![DialogKind::Assessment]);
    open_case(&mut state, &mut store, second);
    drive(&mut state, &mut store, key(KeyCode::Char('a')));
    let risk = &shell(&state).risk;
    assert_eq!(shell(&state).pane, Pane::Risk);
    assert_eq!(risk.target.as_ref().unwrap().case_id, second);
    let answers = risk.assessment.as_ref().unwrap().answers();
    assert_eq!(
        answers.get("asq1"),
        Some(&helpline::domain::risk::Answer::No)
    );
    assert_eq!(risk.cursor, 1, "at the question where it stopped");
}

#[test]
fn a_draft_that_cannot_be_read_is_left_in_the_database_and_said_so() {
    let (_dir, mut store, user, first, _) = setup();
    let gone = r#"{"case_id":1,"number":"HL-1","child":"—","instrument_id":"retired","answers":{"q":"yes"},"judgement":null,"cursor":0,"editing":null,"judging":null}"#;
    keep_raw(
        &mut store,
        user,
        DialogKind::Assessment,
        first,
        gone,
        true,
        NOW,
    );
    let mut state = log_in(&mut store, "amina");
    assert!(
        state
            .flash
            .as_deref()
            .unwrap_or("")
            .contains("no longer installed"),
        "{:?}",
        state.flash
    );
    assert!(shell(&state).risk.assessment.is_none());
    autosave(&mut state, &mut store);
    assert_eq!(kinds(&store, user), vec![DialogKind::Assessment], "kept");
}

#[test]
fn a_follow_up_being_recorded_survives_a_killed_process_and_comes_back_on_its_pane() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "wanjiru", Role::Caseworker, "long enough");
    let sup = add_user(&mut store, "baraka", Role::Supervisor, "long enough");
    let id = store
        .open_case(
            &NewCase {
                opened_at: NOW - 600,
                risk: RiskLevel::High,
                child_name: Some("Achieng"),
                ..NewCase::default()
            },
            None,
        )
        .unwrap()
        .0;
    let v = store.case_step(id).unwrap().version;
    store.assign_case(id, v, worker, sup, NOW).unwrap();

    let mut state = log_in(&mut store, "wanjiru");
    drive(&mut state, &mut store, key(KeyCode::Char('8')));
    assert_eq!(shell(&state).pane, Pane::FollowUps);
    assert_eq!(shell(&state).follow_ups.selected_case(), Some(id));
    drive(&mut state, &mut store, key(KeyCode::Char('f')));
    // Not reached, then the note.
    drive(&mut state, &mut store, key(KeyCode::Right));
    for _ in 0..3 {
        drive(&mut state, &mut store, key(KeyCode::Enter));
    }
    typed(
        &mut state,
        &mut store,
        "No answer at 16:00; left no message",
    );
    autosave(&mut state, &mut store);
    drop(state); // kill -9

    let mut state = log_in(&mut store, "wanjiru");
    let shell = shell(&state);
    assert_eq!(shell.pane, Pane::FollowUps);
    let form = shell.follow_ups.form.as_ref().expect("the form is back");
    assert_eq!(form.case_id, id);
    assert_eq!(
        form.reached,
        helpline::domain::follow_up::Reached::NotReached
    );
    assert_eq!(form.note.value(), "No answer at 16:00; left no message");
    ctrl(&mut state, &mut store, 's');
    let follow_up = store.follow_up_state(id).unwrap();
    assert_eq!(follow_up.attempts, 1, "saved as a failed attempt");
    // Saved: the draft is forgotten at the next write.
    autosave(&mut state, &mut store);
    assert!(
        store
            .operator_dialog_drafts(worker)
            .unwrap()
            .iter()
            .all(|d| d.key.kind != DialogKind::FollowUp)
    );
}
