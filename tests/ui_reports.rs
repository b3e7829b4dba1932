//! The Reports pane on the seeded month of `common::reports`, drawn at
//! 80x24 and 200x60: supervisors see every report with its chart and its
//! numbers, operators are told the pane is not theirs, and every report
//! shown is audited.

mod common;

use chrono::{DateTime, Utc};
use common::reports::*;
use common::*;
use helpline::app::Msg;
use helpline::app::keymap::Keymap;
use helpline::app::pane::Pane;
use helpline::app::state::{Screen, Shell, State};
use helpline::domain::report::ReportName;
use ratatui::crossterm::event::KeyCode;

fn shell(state: &State) -> &Shell {
    match &state.screen {
        Screen::Shell(shell) => shell,
        Screen::Login(_) => panic!("not logged in"),
    }
}

/// Logged in as `who` on 20 November 2026, on the Reports pane.
fn on_reports(f: &mut Fixture, who: &str) -> State {
    let mut state = State::new(
        Keymap::shipped(),
        "helpline.db".into(),
        DateTime::<Utc>::from_timestamp(t(11, 20, 12, 0), 0).unwrap(),
    );
    let user = f.store.find_login(who).unwrap().unwrap().user;
    drive(&mut state, &mut f.store, Msg::LoginChecked(Ok(user)));
    drive(&mut state, &mut f.store, key(KeyCode::Char('7')));
    assert_eq!(shell(&state).pane, Pane::Reports);
    state
}

#[test]
fn a_supervisor_sees_each_report_as_a_chart_and_its_numbers() {
    let mut f = seed();
    let mut state = on_reports(&mut f, "sara");
    let screen = draw(&state, 80, 24);
    for text in [
        "this month (2026-11-01 to 2026-11-20)",
        "all teams",
        "Contacts by channel",
        "phone_call",
        "66.7%",
        "total",
    ] {
        assert!(screen.contains(text), "{text} missing:\n{screen}");
    }
    insta::assert_snapshot!("reports_channels_80x24", screen);
    insta::assert_snapshot!("reports_channels_200x60", draw(&state, 200, 60));

    // The 24 hours flow into columns on 80x24.
    for _ in 0..3 {
        drive(&mut state, &mut f.store, key(KeyCode::Down));
    }
    assert_eq!(shell(&state).reports.report(), ReportName::Hours);
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("busiest 09:00"), "{screen}");
    assert!(screen.contains("23:00"), "{screen}");
    insta::assert_snapshot!("reports_hours_80x24", screen);

    // Timings: medians and 90th percentiles as words.
    for _ in 0..3 {
        drive(&mut state, &mut f.store, key(KeyCode::Down));
    }
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("to referral accepted"), "{screen}");
    assert!(screen.contains("1d 0h"), "{screen}");
    insta::assert_snapshot!("reports_timings_80x24", screen);

    // A team, then a custom period typed in.
    drive(&mut state, &mut f.store, key(KeyCode::Char('t')));
    assert_eq!(shell(&state).reports.team.as_deref(), Some("Amani"));
    drive(&mut state, &mut f.store, key(KeyCode::Char('c')));
    for c in "2026-11-02 2026-11-02".chars() {
        drive(&mut state, &mut f.store, key(KeyCode::Char(c)));
    }
    drive(&mut state, &mut f.store, key(KeyCode::Enter));
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("2026-11-02 to 2026-11-02"), "{screen}");
    assert!(screen.contains("team Amani"), "{screen}");
    assert!(screen.contains("15m 00s"), "{screen}");

    let audit = f.store.recent_audit(50).unwrap();
    let seen = audit.iter().filter(|a| a.action == "report_viewed").count();
    // The first report, six moves down, a team and a custom period.
    assert_eq!(seen, 9, "each report computed for the screen is audited");
}

#[test]
fn an_operator_is_told_reports_are_for_supervisors() {
    let mut f = seed();
    let state = on_reports(&mut f, "amina");
    let screen = draw(&state, 80, 24);
    assert!(
        screen.contains("Reports are for supervisors and admins"),
        "{screen}"
    );
    assert!(!screen.contains("phone_call"), "{screen}");
    assert!(
        f.store
            .recent_audit(5)
            .unwrap()
            .iter()
            .all(|a| a.action != "report_viewed")
    );
}

/// The journey strip of an open case: its marks along the time axis, the
/// pointer under the entry the cursor is on, at 80x24 and 200x60.
#[test]
fn an_open_case_shows_its_journey_as_marks_on_a_time_axis() {
    let mut f = seed();
    let mut state = on_reports(&mut f, "sara");
    drive(&mut state, &mut f.store, key(KeyCode::Char('3')));
    drive(&mut state, &mut f.store, key(KeyCode::Enter));
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("journey "), "{screen}");
    assert!(screen.contains("^"), "{screen}");
    insta::assert_snapshot!("journey_80x24", screen);
    // Down the timeline: the pointer moves to an older mark, named in words.
    for _ in 0..3 {
        drive(&mut state, &mut f.store, key(KeyCode::Down));
    }
    let wide = draw(&state, 200, 60);
    assert!(wide.contains("Timeline (newest first) · ^ "), "{wide}");
    insta::assert_snapshot!("journey_200x60", wide);
}
