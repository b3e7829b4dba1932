//! Shared helpers for the integration tests: temp databases and the real
//! `helpline` binary, isolated from the developer's own files.
#![allow(dead_code)]

pub mod directory;
pub mod intake;
pub mod longest;
pub mod reports;
pub mod screen;

use helpline::auth::hash_password;
use helpline::domain::Role;
use helpline::store::users::NewUser;
use helpline::store::{Store, StoreOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use tempfile::TempDir;

/// A temp dir holding a database path (not created yet).
pub fn temp_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("helpline.db");
    (dir, db)
}

pub fn open(db: &Path) -> Store {
    Store::open(db, &StoreOptions::default()).expect("open store")
}

/// Adds an account with a real argon2id hash.
pub fn add_user(store: &mut Store, name: &str, role: Role, password: &str) -> i64 {
    let hash = hash_password(password).expect("hash");
    store
        .create_user(
            &NewUser {
                username: name,
                display_name: name,
                role,
                team: None,
                password_hash: &hash,
            },
            None,
        )
        .expect("create user")
}

/// The `helpline` binary with HOME pointed into `home`, so that default
/// paths, config and logs stay inside the test's temp dir.
pub fn helpline(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_helpline"));
    cmd.env("HOME", home)
        .env_remove("HELPLINE_DB")
        .env_remove("HELPLINE_CONFIG")
        .env_remove("HELPLINE_DB_KEY")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME");
    cmd
}

/// Runs a command with `input` on its standard input.
pub fn run_with_input(mut cmd: Command, input: &str) -> Output {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn helpline");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input.as_bytes());
    }
    child.wait_with_output().expect("wait for helpline")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Feeds a message to the app and runs every store effect it asks for
/// against the real store, until the app is idle: the event loop without
/// a terminal.
pub fn drive(state: &mut helpline::app::State, store: &mut Store, msg: helpline::app::Msg) {
    let ctx = helpline::effects::EffectContext {
        now: state.now.timestamp(),
        settings: state.settings,
        workflow: std::sync::Arc::clone(&state.workflow),
        ..Default::default()
    };
    let mut queue = vec![msg];
    while let Some(msg) = queue.pop() {
        for effect in helpline::app::update(state, msg) {
            if let Some(next) = helpline::effects::perform(store, &ctx, effect) {
                queue.push(next);
            }
        }
    }
}

/// A key press as the terminal would send it.
pub fn key(code: ratatui::crossterm::event::KeyCode) -> helpline::app::Msg {
    helpline::app::Msg::Key(ratatui::crossterm::event::KeyEvent::new(
        code,
        ratatui::crossterm::event::KeyModifiers::NONE,
    ))
}

/// Draws the state on a test terminal of the given size, in monochrome.
pub fn draw(state: &helpline::app::State, width: u16, height: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .expect("terminal");
    terminal
        .draw(|f| helpline::ui::render(f, state, &helpline::ui::Theme::monochrome()))
        .expect("draw");
    terminal.backend().to_string()
}

/// Opens a case at `risk` at time `at`, with the response deadline the
/// default response times give; returns its id.
pub fn open_case_at(
    store: &mut Store,
    risk: helpline::domain::RiskLevel,
    at: chrono::DateTime<chrono::Utc>,
) -> i64 {
    let deadline = helpline::domain::ResponseTimes::default()
        .case_deadline(risk, at)
        .map(|d| d.timestamp());
    store
        .open_case(
            &helpline::store::cases::NewCase {
                opened_at: at.timestamp(),
                risk,
                deadline_at: deadline,
                ..Default::default()
            },
            None,
        )
        .expect("open case")
        .0
}
