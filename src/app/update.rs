//! The one place state changes: `update(state, msg)` returns the effects
//! (store work, bell) for the event loop to run.

use super::action::Action;
use super::keymap::Context;
use super::pane::Pane;
use super::state::{LoginField, LoginForm, Screen, Session, Shell, State, StatusInfo};
use crate::store::users::User;
use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

/// Something that happened: a key, a paste, the clock, a store result.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize,
    Tick(DateTime<Utc>),
    LoginChecked(Result<User, String>),
    StatusLoaded(StatusInfo),
    /// Another session committed a change to the shared database.
    DataChanged,
}

/// Work for the event loop; store effects run off the render path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    CheckLogin {
        username: String,
        password: String,
    },
    RecordLogout {
        user_id: i64,
    },
    LoadStatus {
        user_id: i64,
        role: crate::domain::Role,
    },
    Bell,
    /// Clear and repaint the whole terminal (after line noise over SSH).
    Redraw,
}

/// Applies one message to the state.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) if key.kind != KeyEventKind::Release => on_key(state, key),
        Msg::Key(_) => Vec::new(),
        Msg::Paste(text) => {
            if let Screen::Login(form) = &mut state.screen {
                focused_input(form).insert(&text);
                state.dirty = true;
            }
            Vec::new()
        }
        Msg::Resize => {
            state.dirty = true;
            Vec::new()
        }
        Msg::Tick(now) => {
            state.now = now;
            state.dirty = state.session().is_some();
            Vec::new()
        }
        Msg::LoginChecked(result) => on_login_checked(state, result),
        Msg::StatusLoaded(status) => {
            let mut effects = Vec::new();
            if status.unacknowledged_alerts > state.status.unacknowledged_alerts {
                effects.push(Effect::Bell);
            }
            if status != state.status {
                state.status = status;
                state.dirty = true;
            }
            effects
        }
        Msg::DataChanged => match state.session() {
            Some(session) => vec![Effect::LoadStatus {
                user_id: session.user.id,
                role: session.user.role,
            }],
            None => Vec::new(),
        },
    }
}

fn focused_input(form: &mut LoginForm) -> &mut super::text_input::TextInput {
    match form.focus {
        LoginField::Username => &mut form.username,
        LoginField::Password => &mut form.password,
    }
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    state.dirty = true;
    state.flash = None;
    let action = state.keymap.lookup(state.context(), &key);
    if state.help_open {
        if matches!(action, Some(Action::Close | Action::Quit)) {
            state.help_open = false;
        }
        return Vec::new();
    }
    match (&mut state.screen, action) {
        (_, Some(Action::Quit)) => {
            state.quit = true;
            logout_effect(state)
        }
        (_, Some(Action::Help)) => {
            state.help_open = true;
            Vec::new()
        }
        (Screen::Login(form), Some(action)) => on_login_action(form, action),
        (Screen::Login(form), None) => {
            focused_input(form).handle_key(&key);
            Vec::new()
        }
        (Screen::Shell(_), Some(Action::Logout)) => {
            let effects = logout_effect(state);
            state.screen = Screen::Login(LoginForm::default());
            state.status = StatusInfo::default();
            effects
        }
        (Screen::Shell(shell), Some(action)) => on_shell_action(shell, action),
        (Screen::Shell(_), None) => {
            state.dirty = false;
            Vec::new()
        }
    }
}

fn logout_effect(state: &State) -> Vec<Effect> {
    state
        .session()
        .map(|s| Effect::RecordLogout { user_id: s.user.id })
        .into_iter()
        .collect()
}

fn on_login_action(form: &mut LoginForm, action: Action) -> Vec<Effect> {
    match action {
        Action::NextField | Action::PrevField => {
            form.focus = match form.focus {
                LoginField::Username => LoginField::Password,
                LoginField::Password => LoginField::Username,
            };
        }
        Action::Submit if form.checking => {}
        Action::Submit if form.focus == LoginField::Username => {
            form.focus = LoginField::Password;
        }
        Action::Submit => {
            if form.username.value().trim().is_empty() {
                form.error = Some("Type your user name.".into());
                form.focus = LoginField::Username;
            } else if form.password.value().is_empty() {
                form.error = Some("Type your password.".into());
            } else {
                form.checking = true;
                form.error = None;
                return vec![Effect::CheckLogin {
                    username: form.username.value().trim().to_string(),
                    password: form.password.value().to_string(),
                }];
            }
        }
        _ => {}
    }
    Vec::new()
}

fn on_login_checked(state: &mut State, result: Result<User, String>) -> Vec<Effect> {
    let Screen::Login(form) = &mut state.screen else {
        return Vec::new();
    };
    state.dirty = true;
    match result {
        Ok(user) => {
            let (user_id, role) = (user.id, user.role);
            state.screen = Screen::Shell(Shell {
                session: Session {
                    user,
                    started_at: state.now,
                },
                pane: Pane::default(),
            });
            vec![Effect::LoadStatus { user_id, role }]
        }
        Err(message) => {
            form.checking = false;
            form.password.clear();
            form.focus = LoginField::Password;
            form.error = Some(message);
            Vec::new()
        }
    }
}

fn on_shell_action(shell: &mut Shell, action: Action) -> Vec<Effect> {
    if let Some(pane) = Pane::for_action(action) {
        shell.pane = pane;
        return Vec::new();
    }
    match action {
        Action::NextPane => shell.pane = shell.pane.next(),
        Action::PrevPane => shell.pane = shell.pane.prev(),
        Action::Redraw => return vec![Effect::Redraw],
        _ => {}
    }
    Vec::new()
}

/// The help overlay's contexts: the focused one, then the global keys.
pub fn help_contexts(state: &State) -> [Context; 2] {
    [state.focused_context(), Context::Global]
}
