//! Driving the Intake pane as an operator would, on a real database: log
//! in, start an intake, type, pick from lists, move between fields and
//! complete it, answering whatever the form still requires.

use super::*;
use chrono::{DateTime, Utc};
use helpline::app::keymap::Keymap;
use helpline::app::state::{Screen, Session, Shell, State};
use helpline::app::{Msg, pane::Pane};
use helpline::domain::Role;
use helpline::domain::forms::FieldKind;
use helpline::store::Store;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The clock the intake tests run at.
pub const NOW: i64 = 1_795_600_000;

/// A session of user `name`, logged in at [`NOW`].
pub fn login(store: &Store, name: &str) -> State {
    let mut state = State::new(
        Keymap::shipped(),
        "helpline.db".into(),
        DateTime::<Utc>::from_timestamp(NOW, 0).unwrap(),
    );
    let user = store
        .list_users()
        .unwrap()
        .into_iter()
        .find(|u| u.user.username == name)
        .unwrap()
        .user;
    state.screen = Screen::Shell(Box::new(Shell::new(Session {
        user,
        started_at: state.now,
    })));
    state
}

pub fn shell(state: &State) -> &Shell {
    match &state.screen {
        Screen::Shell(shell) => shell,
        Screen::Login(_) => panic!("not logged in"),
    }
}

pub fn ctrl(state: &mut State, store: &mut Store, c: char) {
    drive(
        state,
        store,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
}

pub fn typed(state: &mut State, store: &mut Store, text: &str) {
    for c in text.chars() {
        drive(state, store, key(KeyCode::Char(c)));
    }
}

/// Types a filter into the focused choice list and picks the first match.
pub fn pick(state: &mut State, store: &mut Store, filter: &str) {
    typed(state, store, filter);
    drive(state, store, key(KeyCode::Enter));
}

/// Types a filter into the focused list and ticks the first match.
pub fn tick(state: &mut State, store: &mut Store, filter: &str) {
    typed(state, store, filter);
    drive(state, store, key(KeyCode::Char(' ')));
}

pub fn focus(state: &State) -> String {
    shell(state)
        .intake
        .session()
        .map(|s| s.focus.clone())
        .unwrap_or_default()
}

/// Tabs forward until the named field has the focus.
pub fn go_to(state: &mut State, store: &mut Store, field: &str) {
    for _ in 0..80 {
        if focus(state) == field {
            return;
        }
        drive(state, store, key(KeyCode::Tab));
    }
    panic!("never reached {field}; at {}", focus(state));
}

/// A new database with operator `amina` in a child-helpline intake.
pub fn child_intake() -> (tempfile::TempDir, Store, State) {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "amina", Role::Operator, "long enough");
    let mut state = login(&store, "amina");
    drive(&mut state, &mut store, Msg::DataChanged);
    ctrl(&mut state, &mut store, 'n'); // new intake, from anywhere
    assert_eq!(shell(&state).pane, Pane::Intake);
    drive(&mut state, &mut store, key(KeyCode::Enter)); // the first form: child helpline
    (dir, store, state)
}

/// Presses Ctrl-S until the intake completes, answering each field it
/// reports missing: yes/no questions listed in `yes` with yes, the others
/// with no, lists with their first option.
pub fn complete_answering(state: &mut State, store: &mut Store, yes: &[&str]) {
    answer_required(state, store, yes, true);
}

/// As [`complete_answering`], but stops at the first Ctrl-S that finds
/// nothing missing and still leaves the intake open (a question asked
/// before saving); true if it stopped there.
pub fn answer_until_asked(state: &mut State, store: &mut Store, yes: &[&str]) -> bool {
    answer_required(state, store, yes, false)
}

fn answer_required(state: &mut State, store: &mut Store, yes: &[&str], to_the_end: bool) -> bool {
    for _ in 0..60 {
        ctrl(state, store, 's');
        let Some(session) = shell(state).intake.session() else {
            return false;
        };
        let Some(first) = session.errors.first().map(|e| e.field_id.clone()) else {
            if to_the_end {
                continue;
            }
            return true;
        };
        answer_field(state, store, &first, yes);
    }
    panic!(
        "the intake never completed: {:?}",
        shell(state).intake.message
    );
}

/// Answers the focused field `id` as an operator clearing a mark would.
fn answer_field(state: &mut State, store: &mut Store, id: &str, yes: &[&str]) {
    let session = shell(state).intake.session().unwrap();
    let form = state.forms.form(&session.form_id).unwrap().clone();
    match form.field(id).unwrap().kind.clone() {
        FieldKind::YesNoDk if yes.contains(&id) => typed(state, store, "y"),
        FieldKind::YesNoDk => typed(state, store, "n"),
        FieldKind::SingleChoice(_) => drive(state, store, key(KeyCode::Enter)),
        FieldKind::MultipleChoice(_) => drive(state, store, key(KeyCode::Char(' '))),
        FieldKind::Number { min, max } => typed(state, store, &((min + max) / 4).to_string()),
        FieldKind::DateTime { .. } => typed(state, store, "2026-11-20 21:30"),
        FieldKind::Phone => typed(state, store, "+254 733 000 222"),
        _ => typed(state, store, "as told by the caller"),
    }
}

/// Fills what the form requires, then presses Ctrl-S once more and hands
/// back the effects that would record the intake, not yet run: the
/// moment between Ctrl-S and the store's answer.
pub fn ctrl_s_held(state: &mut State, store: &mut Store) -> Vec<helpline::app::Effect> {
    for _ in 0..60 {
        let effects = helpline::app::update(
            state,
            Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        );
        if effects
            .iter()
            .any(|e| matches!(e, helpline::app::Effect::CompleteIntake { .. }))
        {
            return effects;
        }
        let ctx = helpline::effects::EffectContext {
            now: state.now.timestamp(),
            ..Default::default()
        };
        for effect in effects {
            if let Some(msg) = helpline::effects::perform(store, &ctx, effect) {
                drive(state, store, msg);
            }
        }
        let first = shell(state)
            .intake
            .session()
            .and_then(|s| s.errors.first().map(|e| e.field_id.clone()));
        if let Some(first) = first {
            answer_field(state, store, &first, &[]);
        }
    }
    panic!("the intake never asked to be recorded");
}
