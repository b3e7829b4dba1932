//! Keys as people type them, on a real database: Esc gives up a filter
//! before it holds the intake, the help overlay lets logging out and
//! quitting through and lists the editing keys, and the count of fields
//! to fix follows the fixes.

mod common;

use common::intake::*;
use common::*;
use helpline::app::Msg;
use helpline::app::intake::FieldInput;
use helpline::app::state::Screen;
use helpline::domain::Role;
use ratatui::crossterm::event::KeyCode;

fn filter_of(state: &helpline::app::State) -> String {
    match &shell(state).intake.session().unwrap().input {
        FieldInput::Choice { filter, .. } => filter.value().to_string(),
        other => panic!("not a choice list: {other:?}"),
    }
}

#[test]
fn esc_in_a_filtered_list_clears_the_filter_and_a_second_esc_holds_the_intake() {
    let (_dir, mut store, mut state) = child_intake();
    go_to(&mut state, &mut store, "channel");
    typed(&mut state, &mut store, "ph");
    assert_eq!(filter_of(&state), "ph");
    drive(&mut state, &mut store, key(KeyCode::Esc));
    assert!(
        shell(&state).intake.current.is_some(),
        "the intake stays open"
    );
    assert_eq!(filter_of(&state), "");
    drive(&mut state, &mut store, key(KeyCode::Esc));
    assert!(shell(&state).intake.current.is_none(), "now on hold");
}

#[test]
fn ctrl_o_logs_out_from_the_help_overlay() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "amina", Role::Operator, "long enough");
    let mut state = login(&store, "amina");
    drive(&mut state, &mut store, Msg::DataChanged);
    drive(&mut state, &mut store, key(KeyCode::Char('?')));
    assert!(state.help_open);
    ctrl(&mut state, &mut store, 'o');
    assert!(!state.help_open);
    assert!(matches!(state.screen, Screen::Login(_)), "logged out");
}

#[test]
fn ctrl_c_quits_from_the_help_overlay() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "amina", Role::Operator, "long enough");
    let mut state = login(&store, "amina");
    drive(&mut state, &mut store, key(KeyCode::Char('?')));
    ctrl(&mut state, &mut store, 'c');
    assert!(state.quit);
}

#[test]
fn help_lists_ctrl_u_to_clear_a_line() {
    let (_dir, mut store, mut state) = child_intake();
    drive(&mut state, &mut store, key(KeyCode::F(1)));
    assert!(state.help_open);
    let help = helpline::ui::help::lines(&state, &helpline::ui::Theme::monochrome())
        .iter()
        .map(|l| l.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        help.contains("Ctrl-U") && help.contains("clear the line"),
        "{help}"
    );
}

fn count_in(state: &helpline::app::State) -> Option<usize> {
    let message = shell(state).intake.message.clone()?;
    message.split(' ').next()?.parse().ok()
}

#[test]
fn the_count_of_fields_needing_attention_follows_the_fixes() {
    let (_dir, mut store, mut state) = child_intake();
    ctrl(&mut state, &mut store, 's');
    let first = count_in(&state).expect("a count after Ctrl-S");
    assert!(first >= 2, "{:?}", shell(&state).intake.message);
    // The focus is on the first field to fix: a single choice list.
    assert_eq!(focus(&state), "channel");
    drive(&mut state, &mut store, key(KeyCode::Enter));
    assert_eq!(
        count_in(&state),
        Some(first - 1),
        "{:?}",
        shell(&state).intake.message
    );
}

#[test]
fn a_date_time_field_shows_its_format_and_takes_the_time_now() {
    let (_dir, mut store, mut state) = child_intake();
    pick(&mut state, &mut store, "whats"); // channel: WhatsApp
    pick(&mut state, &mut store, "child calling"); // contact type
    go_to(&mut state, &mut store, "consent_recorded_at");
    let screen = draw(&state, 120, 40);
    assert!(screen.contains("YYYY-MM-DD HH:MM"), "{screen}");
    assert!(screen.contains("Ctrl-D now"), "{screen}");
    ctrl(&mut state, &mut store, 'd');
    let session = shell(&state).intake.session().unwrap();
    let expected = state.now.format("%Y-%m-%d %H:%M").to_string();
    match &session.input {
        FieldInput::Line(line) => assert_eq!(line.value(), expected),
        other => panic!("not a line: {other:?}"),
    }
    assert!(session.field_note.is_none());
    assert_eq!(
        session.answers.get("consent_recorded_at"),
        &helpline::domain::forms::FieldValue::DateTime(
            chrono::NaiveDateTime::parse_from_str(&expected, "%Y-%m-%d %H:%M").unwrap()
        )
    );
    assert_eq!(focus(&state), "consent_recorded_at");
}
