//! Snapshots of the login screen, the shell and the help overlay at the
//! smallest supported size (80x24) and a common larger one (120x40).

use chrono::{DateTime, Duration, Utc};
use helpline::app::keymap::Keymap;
use helpline::app::pane::Pane;
use helpline::app::state::{LoginField, Screen, Session, Shell, State, StatusInfo};
use helpline::app::{Msg, update};
use helpline::domain::{RiskLevel, Role};
use helpline::store::alerts::AlertRow;
use helpline::store::users::User;
use helpline::ui::{self, Theme};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_600_000, 0).unwrap()
}

fn draw(state: &State, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| ui::render(f, state, &Theme::monochrome()))
        .unwrap();
    terminal.backend().to_string()
}

fn login_state() -> State {
    let mut state = State::new(Keymap::shipped(), "helpline.db".into(), t0());
    if let Screen::Login(form) = &mut state.screen {
        form.username.insert("Wanjiku.Ōtsuka");
        form.password.insert("sécret");
        form.focus = LoginField::Password;
        form.error = Some("Wrong user name or password.".into());
    }
    state
}

fn shell_state(pane: Pane) -> State {
    let mut state = State::new(Keymap::shipped(), "helpline.db".into(), t0());
    let mut shell = Shell::new(Session {
        user: User {
            id: 7,
            username: "wanjiku".into(),
            display_name: "Wanjiku Nyambura-Ōtsuka 👩🏾".into(),
            role: Role::Caseworker,
            team: Some("Team Jacaranda".into()),
            case_role: None,
        },
        started_at: t0() - Duration::minutes(125),
    });
    shell.pane = pane;
    state.screen = Screen::Shell(Box::new(shell));
    state.status = StatusInfo {
        unacknowledged_alerts: 3,
        top_alert: Some(AlertRow {
            id: 1,
            case_id: Some(1),
            case_number: Some("HL-2026-000123".into()),
            kind: "urgent_risk".into(),
            severity: RiskLevel::Critical,
            raised_at: t0().timestamp() - 400,
            escalated: true,
            about: None,
            note: None,
        }),
        ..StatusInfo::default()
    };
    state
}

#[test]
fn login_screen() {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("login_{w}x{h}"), draw(&login_state(), w, h));
    }
}

#[test]
fn login_screen_of_the_demo_database() {
    let mut state = State::new(Keymap::shipped(), "demo.db".into(), t0());
    state.demo_hint = Some(helpline::commands::DEMO_LOGIN_HINT.into());
    insta::assert_snapshot!("login_demo_80x24", draw(&state, 80, 24));
}

#[test]
fn shell() {
    for (w, h) in SIZES {
        insta::assert_snapshot!(
            format!("shell_{w}x{h}"),
            draw(&shell_state(Pane::Cases), w, h)
        );
    }
}

#[test]
fn help_overlay() {
    for (w, h) in SIZES {
        let mut state = shell_state(Pane::Intake);
        update(
            &mut state,
            Msg::Key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::NONE)),
        );
        assert!(state.help_open);
        insta::assert_snapshot!(format!("help_{w}x{h}"), draw(&state, w, h));
    }
}

#[test]
fn too_small_terminal() {
    insta::assert_snapshot!("too_small_60x20", draw(&shell_state(Pane::Intake), 60, 20));
}

#[test]
fn no_alerts_is_said_in_words() {
    let mut state = shell_state(Pane::Alerts);
    state.status = StatusInfo::default();
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("no alerts"), "{screen}");
}
