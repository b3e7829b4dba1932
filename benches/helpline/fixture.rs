//! The benchmark database, logged-in sessions and a test terminal: the
//! same code paths the application runs, without a real terminal.

use chrono::Utc;
use helpline::app::keymap::Keymap;
use helpline::app::state::{Screen, Session, Shell};
use helpline::app::{Msg, State, update};
use helpline::domain::demo::DemoOptions;
use helpline::effects::{EffectContext, perform};
use helpline::store::users::User;
use helpline::store::{Store, StoreOptions};
use helpline::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Cases in the benchmark database unless `HELPLINE_BENCH_CASES` says otherwise.
pub const DEFAULT_CASES: u64 = 1_000_000;

/// `--db PATH` or `HELPLINE_BENCH_DB`, else `target/bench/helpline-1m.db`.
pub fn db_path(arg: Option<PathBuf>) -> PathBuf {
    if let Some(path) = arg.or_else(|| std::env::var_os("HELPLINE_BENCH_DB").map(PathBuf::from)) {
        return path;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("bench").join("helpline-1m.db")
}

/// Opens the benchmark database, filling it with the real demo loader
/// first when it has no accounts yet (about 30 s for a million cases on
/// an unloaded machine).
pub fn ensure_db(path: &Path) -> Store {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    // Opening runs any migration the file lacks: on an existing million-case
    // file that is the upgrade a helpline would see, so say how long it took.
    let opening = std::time::Instant::now();
    let mut store = Store::open(path, &StoreOptions::default()).unwrap();
    let opened = opening.elapsed();
    if opened.as_millis() > 500 {
        eprintln!(
            "Opened (with schema upgrades) in {:.1} s.",
            opened.as_secs_f64()
        );
    }
    if store.count_users().unwrap() == 0 {
        let cases = std::env::var("HELPLINE_BENCH_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_CASES);
        eprintln!(
            "Creating the benchmark database {} with {cases} cases (about 30 s for a million)…",
            path.display()
        );
        let hash = helpline::auth::hash_password("demo").unwrap();
        let options = DemoOptions {
            cases,
            seed: 2026,
            now: Utc::now(),
        };
        let summary = store.fill_demo(&options, &hash, &mut |_, _| {}).unwrap();
        eprintln!("Created in {:.1} s.", summary.elapsed.as_secs_f64());
    }
    store
}

/// The account with this user name.
pub fn user(store: &Store, username: &str) -> User {
    store
        .list_users()
        .unwrap()
        .into_iter()
        .map(|u| u.user)
        .find(|u| u.username == username)
        .unwrap_or_else(|| panic!("the benchmark database has no account `{username}`"))
}

/// A fresh session as `user` would have it right after logging in.
pub fn logged_in(store: &Store, username: &str) -> State {
    let mut state = State::new(Keymap::shipped(), "helpline-1m.db".into(), Utc::now());
    state.screen = Screen::Shell(Box::new(Shell::new(Session {
        user: user(store, username),
        started_at: state.now,
    })));
    state
}

/// Feeds a message to the app and performs every store effect it asks for,
/// until the app is idle: the event loop without a terminal.
pub fn drive(state: &mut State, store: &mut Store, msg: Msg) {
    let ctx = EffectContext {
        now: state.now.timestamp(),
        settings: state.settings,
        ..Default::default()
    };
    let mut queue = vec![msg];
    while let Some(msg) = queue.pop() {
        for effect in update(state, msg) {
            if let Some(next) = perform(store, &ctx, effect) {
                queue.push(next);
            }
        }
    }
}

/// Drives a sequence of keys.
pub fn keys(state: &mut State, store: &mut Store, codes: &[KeyCode]) {
    for code in codes {
        drive(state, store, key(*code));
    }
}

/// A key press as the terminal sends it.
pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A terminal that keeps its buffers between frames, as the real one does,
/// so a frame costs what the event loop pays: render plus diff.
pub struct TestScreen {
    terminal: Terminal<TestBackend>,
    theme: Theme,
}

impl TestScreen {
    pub fn new(width: u16, height: u16) -> TestScreen {
        TestScreen {
            terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
            theme: Theme::monochrome(),
        }
    }

    /// Draws one frame of `state`.
    pub fn draw(&mut self, state: &State) {
        self.terminal
            .draw(|f| ui::render(f, state, &self.theme))
            .unwrap();
    }

    /// The text on screen, to check that a frame shows what it should.
    pub fn text(&self) -> String {
        self.terminal.backend().to_string()
    }
}

/// Wall time of `f`, for measurements that need untimed setup each run.
pub fn timed(f: impl FnOnce()) -> std::time::Duration {
    let started = Instant::now();
    f();
    started.elapsed()
}

/// A session as `user` after logging in: the status bar loaded.
pub fn session(store: &mut Store, user: &str, (w, h): (u16, u16)) -> State {
    let mut state = logged_in(store, user);
    drive(&mut state, store, Msg::Resize(w, h));
    let now = state.now;
    drive(&mut state, store, Msg::Tick(now));
    state
}

/// Starts a new intake (Ctrl-N, the first form), answers how the child
/// called, and tabs to `field`.
pub fn intake_at(state: &mut State, store: &mut Store, field: &str) {
    drive(
        state,
        store,
        Msg::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL)),
    );
    drive(state, store, key(KeyCode::Enter));
    // Channel and contact type first: the child's fields follow from them.
    for answer in ["whats\r", "child calling\r", "y"] {
        for c in answer.chars() {
            let code = if c == '\r' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            drive(state, store, key(code));
        }
    }
    for _ in 0..100 {
        let Screen::Shell(shell) = &state.screen else {
            panic!("not logged in")
        };
        if shell.intake.session().is_some_and(|s| s.focus == field) {
            return;
        }
        drive(state, store, key(KeyCode::Tab));
    }
    panic!("the intake form has no field `{field}`");
}
