//! Everything the screen shows, and nothing else: rendering reads only this.

use super::keymap::{Context, Keymap};
use super::pane::Pane;
use super::text_input::TextInput;
use crate::store::users::User;
use chrono::{DateTime, Utc};

/// Which login field has the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LoginField {
    #[default]
    Username,
    Password,
}

#[derive(Debug, Clone, Default)]
pub struct LoginForm {
    pub username: TextInput,
    pub password: TextInput,
    pub focus: LoginField,
    /// The last refusal, shown under the form.
    pub error: Option<String>,
    /// A login check is running; further submits wait for it.
    pub checking: bool,
}

/// The signed-in user and when their shift (this session) began.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub started_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Shell {
    pub session: Session,
    pub pane: Pane,
}

#[derive(Debug, Clone)]
pub enum Screen {
    Login(LoginForm),
    Shell(Shell),
}

/// Figures the status bar shows, refreshed from the store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusInfo {
    pub unacknowledged_alerts: i64,
}

/// The application state.
#[derive(Debug, Clone)]
pub struct State {
    pub screen: Screen,
    pub keymap: Keymap,
    /// The clock as last ticked; rendering never reads the system clock.
    pub now: DateTime<Utc>,
    /// The database file name, for the status bar.
    pub db_label: String,
    /// Shown on the login screen of a demo database.
    pub demo_hint: Option<String>,
    pub help_open: bool,
    pub status: StatusInfo,
    /// A one-line message in the status area until the next key.
    pub flash: Option<String>,
    pub quit: bool,
    /// Something changed since the last frame was drawn.
    pub dirty: bool,
}

impl State {
    pub fn new(keymap: Keymap, db_label: String, now: DateTime<Utc>) -> State {
        State {
            screen: Screen::Login(LoginForm::default()),
            keymap,
            now,
            db_label,
            demo_hint: None,
            help_open: false,
            status: StatusInfo::default(),
            flash: None,
            quit: false,
            dirty: true,
        }
    }

    /// The key context in force: overlays first, then the screen.
    pub fn context(&self) -> Context {
        if self.help_open {
            Context::Help
        } else {
            match self.screen {
                Screen::Login(_) => Context::Login,
                Screen::Shell(_) => Context::Shell,
            }
        }
    }

    /// The context whose keys the help overlay lists.
    pub fn focused_context(&self) -> Context {
        match self.screen {
            Screen::Login(_) => Context::Login,
            Screen::Shell(_) => Context::Shell,
        }
    }

    pub fn session(&self) -> Option<&Session> {
        match &self.screen {
            Screen::Shell(shell) => Some(&shell.session),
            Screen::Login(_) => None,
        }
    }
}
