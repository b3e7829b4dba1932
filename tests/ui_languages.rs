//! The interface in another language: the sign-in screen cycled with its
//! language key, the main screen in the account's language, at 80x24.

use chrono::{DateTime, Duration, Utc};
use helpline::app::keymap::Keymap;
use helpline::app::pane::Pane;
use helpline::app::state::{LoginField, Screen, Session, Shell, State, StatusInfo};
use helpline::app::{Msg, update};
use helpline::domain::Role;
use helpline::i18n::Language;
use helpline::store::users::User;
use helpline::ui::{self, Theme};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::{Terminal, backend::TestBackend};

fn t0() -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_600_000, 0).unwrap()
}

fn draw(state: &State) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| ui::render(f, state, &Theme::monochrome()))
        .unwrap();
    terminal.backend().to_string()
}

fn ctrl_t() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL))
}

/// The sign-in screen after pressing the language key until `language`.
fn login_in(language: Language) -> State {
    let mut state = State::new(Keymap::shipped(), "helpline.db".into(), t0());
    if let Screen::Login(form) = &mut state.screen {
        form.username.insert("Wanjiku.Ōtsuka");
        form.password.insert("sécret");
        form.focus = LoginField::Password;
    }
    while state.i18n.language() != language {
        update(&mut state, ctrl_t());
    }
    // The key only changes the language: the typed name and password stay.
    if let Screen::Login(form) = &state.screen {
        assert_eq!(form.username.value(), "Wanjiku.Ōtsuka");
        assert_eq!(form.password.value(), "sécret");
    }
    // Enter on an empty password asks for it in the language shown.
    state
}

#[test]
fn the_sign_in_screen_in_kiswahili() {
    let state = login_in(Language::Sw);
    insta::assert_snapshot!("login_sw_80x24", draw(&state));
}

#[test]
fn the_sign_in_screen_in_arabic() {
    let state = login_in(Language::Ar);
    insta::assert_snapshot!("login_ar_80x24", draw(&state));
}

#[test]
fn the_language_key_goes_round_every_language() {
    let mut state = State::new(Keymap::shipped(), "helpline.db".into(), t0());
    let mut seen = vec![state.i18n.language()];
    for _ in 0..Language::ALL.len() {
        update(&mut state, ctrl_t());
        seen.push(state.i18n.language());
    }
    assert_eq!(seen.first(), seen.last());
    for language in Language::ALL {
        assert!(seen.contains(&language), "{language:?} never shown");
    }
}

#[test]
fn a_refusal_is_said_in_the_language_shown() {
    let mut state = login_in(Language::Fr);
    if let Screen::Login(form) = &mut state.screen {
        form.password.clear();
    }
    update(
        &mut state,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let Screen::Login(form) = &state.screen else {
        panic!("still on the sign-in screen");
    };
    assert_eq!(form.error.as_deref(), Some("Saisissez votre mot de passe."));
}

fn shell_state() -> State {
    let mut state = State::new(Keymap::shipped(), "helpline.db".into(), t0());
    let mut shell = Shell::new(Session {
        user: User {
            id: 7,
            username: "wanjiku".into(),
            display_name: "Wanjiku Nyambura".into(),
            role: Role::Caseworker,
            team: Some("Team Jacaranda".into()),
            case_role: None,
        },
        started_at: t0() - Duration::minutes(125),
    });
    shell.pane = Pane::Cases;
    state.screen = Screen::Shell(Box::new(shell));
    state.status = StatusInfo {
        unacknowledged_alerts: 3,
        ..StatusInfo::default()
    };
    state
}

#[test]
fn after_login_the_accounts_language_is_used_and_else_the_organisations() {
    let mut state = shell_state();
    state.settings.default_language = Language::Fr;
    update(&mut state, Msg::LanguageLoaded(Some(Language::Sw)));
    assert_eq!(state.i18n.language(), Language::Sw);
    let screen = draw(&state);
    assert!(screen.contains("Kesi"), "{screen}");
    assert!(screen.contains("tahadhari 3"), "{screen}");
    assert!(screen.contains("Mfanyakazi wa kesi"), "{screen}");

    update(&mut state, Msg::LanguageLoaded(None));
    assert_eq!(state.i18n.language(), Language::Fr);
    let screen = draw(&state);
    assert!(screen.contains("Dossiers"), "{screen}");
    assert!(screen.contains("3 alertes"), "{screen}");
}

#[test]
fn the_main_screen_in_kiswahili() {
    let mut state = shell_state();
    update(&mut state, Msg::LanguageLoaded(Some(Language::Sw)));
    insta::assert_snapshot!("shell_sw_80x24", draw(&state));
}
