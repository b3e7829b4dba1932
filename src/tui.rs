//! The terminal: setup and restore, and the event loop over crossterm's
//! EventStream, timers and store results.
//!
//! The terminal is restored on normal exit, on panic, and on SIGTERM or
//! SIGHUP (an SSH connection dropping). The screen is redrawn only when
//! something changed, so an idle session costs nothing but a cheap
//! `PRAGMA data_version` poll to notice other sessions' work.

use crate::app::keymap::Keymap;
use crate::app::{Effect, Msg, State, update};
use crate::config::Config;
use crate::effects;
use crate::store::Store;
use crate::ui::{self, Theme};
use futures_util::StreamExt;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event, EventStream};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::{Terminal, backend::CrosstermBackend};
use std::io::{IsTerminal, Stdout, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;
use tokio::time::Instant;

/// A change to an intake or an open dialog (note, assessment, referral,
/// closing, assignment, service form) reaches the database within this
/// time, so a killed process loses at most the last second of typing.
const AUTOSAVE_WITHIN: Duration = Duration::from_millis(500);

/// Sleeps until `at`, or forever when there is nothing to wait for.
async fn sleep_until_some(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// How often a session looks for other sessions' commits.
const CHANGE_POLL: Duration = Duration::from_millis(400);

/// Every frame goes through `SafeBackend`: no stored text can send the
/// terminal a control sequence.
type Term = Terminal<crate::ui::safe_backend::SafeBackend<CrosstermBackend<Stdout>>>;

/// Opens the store and runs the terminal application until the user quits.
pub fn launch(
    db: &Path,
    config: &Config,
    org_dir: Option<&Path>,
    demo: bool,
) -> Result<(), String> {
    // An organisation's forms and instruments are checked before the
    // terminal is taken over, so a bad file is one clear line on the shell.
    let (forms, instruments) = match org_dir {
        Some(dir) => (
            crate::assets::load_forms(dir)?,
            crate::assets::load_instruments(dir)?,
        ),
        None => (
            crate::domain::forms::FormCatalog::builtin().map_err(|e| e.to_string())?,
            crate::domain::risk::Catalog::shipped().map_err(|e| e.to_string())?,
        ),
    };
    crate::assets::check_risk_instruments(&forms, &instruments)?;
    let workflow = match org_dir {
        Some(dir) => crate::assets::load_workflow(dir)?,
        None => crate::domain::workflow::Workflow::standard().map_err(|e| e.to_string())?,
    };
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(
            "the terminal application needs a terminal; see `helpline --help` for commands".into(),
        );
    }
    if demo {
        crate::commands::ensure_demo(db, config)?;
    }
    // Never created here: a new database has no accounts, so a mistyped
    // path could only leave an empty file behind (`init` creates one).
    let store = crate::commands::open_store(db, config, false)?;
    if store.count_users().map_err(|e| e.to_string())? == 0 {
        return Err(format!(
            "{} has no accounts yet: run `helpline init` (or try `helpline --demo`)",
            db.display()
        ));
    }
    let keymap = Keymap::with_overrides(&config.keys)?;
    let label = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| db.display().to_string());
    let mut state = State::new(keymap, label, crate::clock::now());
    state.utc_offset = chrono::Offset::fix(chrono::Local::now().offset());
    state.presence_process = Some(std::process::id());
    state.settings.escalate_after_secs = i64::from(config.alerts.escalate_after_minutes) * 60;
    // Checked when the configuration was read.
    state.settings.directory_editors = config.directory.editors().unwrap_or_default();
    state.settings.response = config.response_times.response_times();
    state.settings.idle_lock = config.security.idle_lock();
    state.settings.default_language = config.ui.language();
    state.i18n = crate::i18n::Catalog::new(state.settings.default_language);
    state.settings.floor = crate::app::wallboard::FloorSettings {
        handle_time_secs: i64::from(config.floor.handle_time_minutes) * 60,
        weights: config.floor.weights(),
        cap: config.floor.cap(),
    };
    state.forms = std::sync::Arc::new(forms);
    state.instruments = std::sync::Arc::new(instruments);
    state.country_code = config.intake.country_code();
    state.workflow = std::sync::Arc::new(
        workflow.with_no_contact_days(config.response_times.no_contact_close_days),
    );
    // Any database `helpline demo` filled says so itself, wherever it lives.
    if demo || store.is_demo().map_err(|e| e.to_string())? {
        state.demo_hint = Some(crate::commands::DEMO_LOGIN_HINT.to_string());
    }
    let theme = Theme::from_env(config.ui.color);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the event loop: {e}"))?;
    let mut terminal = setup_terminal()?;
    let result = runtime.block_on(event_loop(
        &mut terminal,
        state,
        theme,
        store,
        config.clone(),
    ));
    restore_terminal();
    result
}

fn setup_terminal() -> Result<Term, String> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic in a store task must not leave the screen in cooked mode
        // under a running app: only the main thread's panic ends the session.
        if std::thread::current().name() == Some("main") {
            restore_terminal();
            previous(info);
        } else {
            tracing::error!(location = ?info.location(), "a background task failed");
        }
    }));
    enable_raw_mode().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let mut stdout = std::io::stdout();
    if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableBracketedPaste) {
        restore_terminal();
        return Err(format!("cannot set up the terminal: {e}"));
    }
    Terminal::new(crate::ui::safe_backend::SafeBackend::new(
        CrosstermBackend::new(stdout),
    ))
    .map_err(|e| {
        restore_terminal();
        format!("cannot set up the terminal: {e}")
    })
}

/// Puts the terminal back as the shell expects it. Safe to call twice, and
/// errors are ignored: after an SSH drop there may be no terminal left.
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let mut stdout = std::io::stdout();
    let _ = execute!(
        stdout,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = stdout.flush();
}

async fn event_loop(
    terminal: &mut Term,
    mut state: State,
    theme: Theme,
    store: Store,
    config: Config,
) -> Result<(), String> {
    let mut last_version = store.data_version().unwrap_or(0);
    let store = Arc::new(Mutex::new(store));
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let mut events = EventStream::new();
    let signal_err = |e: std::io::Error| format!("cannot watch for signals: {e}");
    let mut sigterm = signal(SignalKind::terminate()).map_err(signal_err)?;
    let mut sighup = signal(SignalKind::hangup()).map_err(signal_err)?;
    // The clock ticks once a minute (time on shift), every second while a
    // call timer is on screen.
    let mut next_tick = Instant::now() + Duration::from_secs(60);
    // Set at the first unsaved change; a draft save then runs by this time.
    let mut autosave_at: Option<Instant> = None;
    let mut poll = tokio::time::interval(CHANGE_POLL);
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let ctx = effects::EffectContext {
        policy: config.security.lockout_policy(),
        settings: state.settings,
        workflow: Arc::clone(&state.workflow),
        wellbeing: Arc::new(config.wellbeing.policy().unwrap_or_default()),
        now: 0,
    };
    if let Ok(size) = terminal.size() {
        state.size = (size.width, size.height);
    }

    let outcome = loop {
        if state.dirty
            && let Err(e) = terminal.draw(|frame| ui::render(frame, &state, &theme))
        {
            break Err(format!("cannot draw: {e}"));
        }
        state.dirty = false;
        if state.quit {
            break Ok(());
        }
        if state.timer_running() || state.search_audit_pending() {
            next_tick = next_tick.min(Instant::now() + Duration::from_secs(1));
        }
        if let Some(due) = state.idle_lock_due() {
            // A tick when the idle time runs out, so the lock is on time.
            let wait = (due - crate::clock::now().timestamp()).clamp(0, 86_400);
            next_tick = next_tick.min(Instant::now() + Duration::from_secs(wait as u64));
        }
        if state.autosave_pending() {
            autosave_at.get_or_insert_with(|| Instant::now() + AUTOSAVE_WITHIN);
        }
        // Presence: at most one write every ten seconds, whatever happens
        // in between; a heartbeat wakes the loop when nothing else does.
        let wall_clock = crate::clock::now().timestamp();
        if let Some(effect) = crate::app::presence::due(&mut state, wall_clock) {
            run_effect(effect, terminal, &store, &tx, &ctx, &config);
        }
        let beat_at = crate::app::presence::next_due(&state).map(|due| {
            let wait = (due - crate::clock::now().timestamp()).clamp(0, 60);
            Instant::now() + Duration::from_secs(wait as u64)
        });
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) => Msg::Key(key),
                Some(Ok(Event::Paste(text))) => Msg::Paste(text),
                Some(Ok(Event::Resize(width, height))) => Msg::Resize(width, height),
                Some(Ok(_)) => continue,
                // The terminal went away (SSH drop without a signal).
                Some(Err(_)) | None => break Ok(()),
            },
            Some(msg) = rx.recv() => msg,
            _ = tokio::time::sleep_until(next_tick) => {
                let period = if state.timer_running() { 1 } else { 60 };
                next_tick = Instant::now() + Duration::from_secs(period);
                Msg::Tick(crate::clock::now())
            },
            _ = sleep_until_some(autosave_at) => {
                autosave_at = None;
                Msg::AutosaveDue
            },
            _ = sleep_until_some(beat_at) => continue,
            _ = poll.tick() => {
                if state.session().is_none() {
                    continue;
                }
                // try_lock: never wait on the render path for store work.
                let guard = match store.try_lock() {
                    Ok(guard) => guard,
                    Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
                    Err(std::sync::TryLockError::WouldBlock) => continue,
                };
                let version = guard.data_version();
                let queued_audit = guard.pending_audit() > 0;
                drop(guard);
                if queued_audit {
                    // Audit entries held back by another session's lock:
                    // one more try, in the background, without waiting.
                    run_effect(Effect::FlushAudit { wait: false }, terminal, &store, &tx, &ctx, &config);
                }
                match version {
                    Ok(v) if v != last_version => { last_version = v; Msg::DataChanged }
                    _ => continue,
                }
            },
            _ = sigterm.recv() => break Ok(()),
            _ = sighup.recv() => break Ok(()),
        };
        if matches!(msg, Msg::Key(_) | Msg::Paste(_)) {
            // A key is a moment worth stamping exactly (an intake's start).
            state.now = crate::clock::now();
        }
        for effect in update(&mut state, msg) {
            run_effect(effect, terminal, &store, &tx, &ctx, &config);
        }
    };
    // However the session ends (quit, SIGTERM, SIGHUP, a lost terminal),
    // the latest typing reaches the database and the logout is recorded,
    // before the process exits.
    let ctx = effects::EffectContext {
        now: crate::clock::now().timestamp(),
        ..ctx
    };
    let mut store = lock(&store);
    let exit = crate::app::update::exit_effects(&mut state);
    // Last, queued audit entries, waiting for the lock this time.
    for effect in exit.into_iter().chain([Effect::FlushAudit { wait: true }]) {
        effects::perform(&mut store, &ctx, effect);
    }
    outcome
}

/// The store, even after a panic on another thread poisoned its lock: the
/// connection stays valid (an open transaction was rolled back when the
/// panicking thread unwound), and refusing it would stop every save.
fn lock(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn run_effect(
    effect: Effect,
    terminal: &mut Term,
    store: &Arc<Mutex<Store>>,
    tx: &mpsc::UnboundedSender<Msg>,
    ctx: &effects::EffectContext,
    config: &Config,
) {
    match effect {
        Effect::Bell => {
            if config.ui.bell {
                let _ = terminal.backend_mut().inner_mut().write_all(b"\x07");
                let _ = terminal.backend_mut().inner_mut().flush();
            }
        }
        Effect::Redraw => {
            let _ = terminal.clear();
        }
        // Synchronous: logging out must not lose the audit line.
        Effect::RecordLogout { .. } => {
            let ctx = effects::EffectContext {
                now: crate::clock::now().timestamp(),
                ..ctx.clone()
            };
            effects::perform(&mut lock(store), &ctx, effect);
        }
        // Long reads: on a connection of their own (see load_apart).
        Effect::Reports(report) => {
            let store = Arc::clone(store);
            let tx = tx.clone();
            let options = crate::commands::store_options(config, false).ok();
            tokio::task::spawn_blocking(move || {
                let _ = tx.send(effects::reports::load_apart(
                    &store,
                    options.as_ref(),
                    report,
                ));
            });
        }
        store_work => {
            let store = Arc::clone(store);
            let tx = tx.clone();
            let ctx = ctx.clone();
            tokio::task::spawn_blocking(move || {
                let ctx = effects::EffectContext {
                    now: crate::clock::now().timestamp(),
                    ..ctx
                };
                let msg = effects::perform(&mut lock(&store), &ctx, store_work);
                if let Some(msg) = msg {
                    let _ = tx.send(msg);
                }
            });
        }
    }
}
