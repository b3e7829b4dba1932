//! The idle lock: after the configured time without a key, or at once by
//! the person's own key, the screen hides every case detail and asks for
//! the password of the person logged in. What was open stays open beneath
//! (store results keep arriving and the call timer keeps counting), so the
//! right password brings back exactly what was on screen; typing in
//! progress was saved as drafts when the screen locked. Five wrong
//! passwords in a row end the session, as a logout does.

use super::action::Action;
use super::keymap::Context;
use super::message::Effect;
use super::state::{Screen, State};
use super::text_input::TextInput;
use crate::auth::UnlockOutcome;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The lock screen's state, held by the shell while it is locked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LockScreen {
    pub password: TextInput,
    /// Wrong passwords in a row so far.
    pub failures: u32,
    /// A check is running; Enter waits for it.
    pub checking: bool,
    /// The last refusal, shown under the field.
    pub message: Option<String>,
    /// Locked by the person's own key rather than after the idle time.
    pub by_key: bool,
}

/// Locks the screen of a signed-in session (nothing on the sign-in
/// screen, nothing when already locked). Every intake and open dialog
/// changed since its last save is saved now, and the lock is audited.
pub fn lock(state: &mut State, by_key: bool) -> Vec<Effect> {
    let Screen::Shell(shell) = &mut state.screen else {
        return Vec::new();
    };
    if shell.lock.is_some() {
        return Vec::new();
    }
    shell.lock = Some(LockScreen {
        by_key,
        ..LockScreen::default()
    });
    state.help_open = false;
    state.flash = None;
    state.dirty = true;
    let operator = shell.session.user.id;
    // As the autosave would a moment later: a save already on its way
    // finishes, and anything changed after it is saved by the autosave
    // that its answer sets off.
    let mut effects = shell.intake.autosave(operator);
    effects.extend(shell.sync_dialog_drafts(false));
    effects.push(Effect::RecordScreenLocked {
        user_id: operator,
        by_key,
    });
    effects
}

/// The clock ticked: locks a session idle for the configured time.
pub fn on_tick(state: &mut State) -> Vec<Effect> {
    match state.idle_lock_due() {
        Some(due) if state.now.timestamp() >= due => lock(state, false),
        _ => Vec::new(),
    }
}

/// A key on a locked screen: typing goes to the password, Enter checks
/// it, a quit or logout key logs out, the redraw key redraws, everything
/// else is swallowed. None when the screen is not locked.
pub fn on_key(state: &mut State, key: &KeyEvent) -> Option<Vec<Effect>> {
    let Screen::Shell(shell) = &state.screen else {
        return None;
    };
    shell.lock.as_ref()?;
    let typing = matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if !typing {
        match state.keymap.lookup(&[Context::Shell, Context::Global], key) {
            // Quitting from here would show nothing either, but the
            // terminal goes back to the sign-in screen rather than to a
            // shell prompt the next person could use.
            Some(Action::Quit | Action::Logout) => {
                return Some(super::update::log_out(state, None));
            }
            // After line noise over SSH the lock box is drawn afresh.
            Some(Action::Redraw) => return Some(vec![Effect::Redraw]),
            _ => {}
        }
    }
    let Screen::Shell(shell) = &mut state.screen else {
        return None;
    };
    let user_id = shell.session.user.id;
    let lock = shell.lock.as_mut()?;
    state.dirty = true;
    if key.code != KeyCode::Enter {
        lock.password.handle_key(key);
        return Some(Vec::new());
    }
    if lock.checking {
        return Some(Vec::new());
    }
    if lock.password.value().is_empty() {
        lock.message = Some("Type your password.".into());
        return Some(Vec::new());
    }
    lock.checking = true;
    lock.message = None;
    let password = lock.password.value().to_string();
    lock.password.clear();
    Some(vec![Effect::CheckUnlock {
        user_id,
        password,
        attempt: lock.failures + 1,
    }])
}

/// A paste on a locked screen goes to the password field (a password
/// manager's); None when the screen is not locked.
pub fn on_paste(state: &mut State, text: &str) -> Option<Vec<Effect>> {
    let Screen::Shell(shell) = &mut state.screen else {
        return None;
    };
    let lock = shell.lock.as_mut()?;
    lock.password.insert(text);
    state.dirty = true;
    Some(Vec::new())
}

/// The password check's answer.
pub fn on_checked(state: &mut State, result: Result<UnlockOutcome, String>) -> Vec<Effect> {
    let now = state.now.timestamp();
    let Screen::Shell(shell) = &mut state.screen else {
        // Logged out while the check ran.
        return Vec::new();
    };
    let Some(lock) = shell.lock.as_mut() else {
        return Vec::new();
    };
    state.dirty = true;
    lock.checking = false;
    match result {
        Ok(UnlockOutcome::Unlocked) => {
            shell.lock = None;
            // The idle time starts again from the unlock.
            shell.last_key_at = now;
            Vec::new()
        }
        Ok(UnlockOutcome::Wrong { left }) => {
            lock.failures += 1;
            lock.message = Some(match left {
                1 => "Wrong password. One more wrong password logs you out.".into(),
                n => format!("Wrong password. {n} tries left before you are logged out."),
            });
            Vec::new()
        }
        Ok(UnlockOutcome::LoggedOut(reason)) => super::update::log_out(state, Some(reason)),
        // The store could not answer: this try does not count.
        Err(message) => {
            lock.message = Some(message);
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::Keymap;
    use crate::app::message::Msg;
    use crate::app::pane::Pane;
    use crate::app::state::{Session, Shell};
    use crate::app::update::update;
    use crate::domain::Role;
    use crate::domain::idle_lock::IdleLock;
    use crate::store::users::User;
    use chrono::{DateTime, Utc};

    const START: i64 = 1_795_600_000;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap_or_default()
    }

    /// Amina, signed in at START, with the screen locking after 300 s.
    fn signed_in() -> State {
        let mut state = State::new(Keymap::shipped(), "helpline.db".into(), at(START));
        state.settings.idle_lock = IdleLock { after_secs: 300 };
        state.screen = Screen::Shell(Box::new(Shell::new(Session {
            user: User {
                id: 7,
                username: "amina".into(),
                display_name: "Amina Wanjiru".into(),
                role: Role::Supervisor,
                team: None,
                case_role: None,
            },
            started_at: state.now,
        })));
        state
    }

    fn press(state: &mut State, code: KeyCode, mods: KeyModifiers) -> Vec<Effect> {
        update(state, Msg::Key(KeyEvent::new(code, mods)))
    }

    fn shell(state: &State) -> &Shell {
        match &state.screen {
            Screen::Shell(shell) => shell,
            Screen::Login(_) => panic!("logged out"),
        }
    }

    fn lock_of(state: &State) -> &LockScreen {
        shell(state).lock.as_ref().expect("locked")
    }

    #[test]
    fn the_screen_locks_once_the_idle_time_passes_without_a_key() {
        let mut state = signed_in();
        assert_eq!(state.idle_lock_due(), Some(START + 300));
        update(&mut state, Msg::Tick(at(START + 299)));
        assert!(!state.locked());
        // A key starts the idle time again.
        state.now = at(START + 200);
        press(&mut state, KeyCode::Char('3'), KeyModifiers::NONE);
        update(&mut state, Msg::Tick(at(START + 499)));
        assert!(!state.locked());
        let effects = update(&mut state, Msg::Tick(at(START + 500)));
        assert!(state.locked());
        assert!(!lock_of(&state).by_key);
        assert!(effects.contains(&Effect::RecordScreenLocked {
            user_id: 7,
            by_key: false
        }));
        // Locked, there is nothing more to wait for.
        assert_eq!(state.idle_lock_due(), None);
    }

    #[test]
    fn an_idle_lock_of_zero_never_locks() {
        let mut state = signed_in();
        state.settings.idle_lock = IdleLock::NEVER;
        assert_eq!(state.idle_lock_due(), None);
        update(&mut state, Msg::Tick(at(START + 86_400)));
        assert!(!state.locked());
    }

    #[test]
    fn the_lock_key_locks_at_once_even_with_help_open() {
        let mut state = signed_in();
        state.help_open = true;
        let effects = press(&mut state, KeyCode::Char('g'), KeyModifiers::CONTROL);
        assert!(state.locked());
        assert!(!state.help_open);
        assert!(lock_of(&state).by_key);
        assert!(effects.contains(&Effect::RecordScreenLocked {
            user_id: 7,
            by_key: true
        }));
        assert_eq!(
            state.keymap.keys_for(Context::Global, Action::Lock),
            "Ctrl-G",
            "the help lists the key under 'Everywhere'"
        );
    }

    #[test]
    fn a_locked_screen_takes_every_key_into_the_password_and_enter_checks_it() {
        let mut state = signed_in();
        let pane = shell(&state).pane;
        press(&mut state, KeyCode::Char('g'), KeyModifiers::CONTROL);
        // Pane keys, help and Tab do nothing but type (or nothing at all).
        for c in ['3', '?', 'q', 'x'] {
            assert!(press(&mut state, KeyCode::Char(c), KeyModifiers::NONE).is_empty());
        }
        press(&mut state, KeyCode::Tab, KeyModifiers::NONE);
        press(&mut state, KeyCode::Esc, KeyModifiers::NONE);
        press(&mut state, KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(
            press(&mut state, KeyCode::Char('l'), KeyModifiers::CONTROL),
            vec![Effect::Redraw]
        );
        press(&mut state, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(shell(&state).pane, pane);
        assert!(!state.help_open);
        assert_eq!(lock_of(&state).password.value(), "3?q");
        let effects = press(&mut state, KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(
            effects,
            vec![Effect::CheckUnlock {
                user_id: 7,
                password: "3?q".into(),
                attempt: 1
            }]
        );
        assert!(lock_of(&state).checking);
        // A second Enter waits for the first check.
        assert!(press(&mut state, KeyCode::Enter, KeyModifiers::NONE).is_empty());
    }

    #[test]
    fn the_right_password_unlocks_and_wrong_ones_count() {
        let mut state = signed_in();
        press(&mut state, KeyCode::Char('g'), KeyModifiers::CONTROL);
        for left in [4, 3] {
            update(
                &mut state,
                Msg::UnlockChecked(Ok(UnlockOutcome::Wrong { left })),
            );
        }
        assert_eq!(lock_of(&state).failures, 2);
        assert!(
            lock_of(&state)
                .message
                .as_deref()
                .is_some_and(|m| m.contains("3 tries left"))
        );
        press(&mut state, KeyCode::Char('p'), KeyModifiers::NONE);
        let effects = press(&mut state, KeyCode::Enter, KeyModifiers::NONE);
        assert!(matches!(
            effects.as_slice(),
            [Effect::CheckUnlock { attempt: 3, .. }]
        ));
        state.now = at(START + 1_000);
        update(&mut state, Msg::UnlockChecked(Ok(UnlockOutcome::Unlocked)));
        assert!(!state.locked());
        assert_eq!(state.idle_lock_due(), Some(START + 1_300));
    }

    #[test]
    fn the_session_ends_when_the_check_says_so_or_on_a_quit_key() {
        let mut state = signed_in();
        press(&mut state, KeyCode::Char('g'), KeyModifiers::CONTROL);
        let effects = update(
            &mut state,
            Msg::UnlockChecked(Ok(UnlockOutcome::LoggedOut("five wrong".into()))),
        );
        assert!(effects.contains(&Effect::RecordLogout { user_id: 7 }));
        match &state.screen {
            Screen::Login(form) => assert_eq!(form.error.as_deref(), Some("five wrong")),
            Screen::Shell(_) => panic!("still logged in"),
        }

        for (code, mods) in [
            (KeyCode::Char('c'), KeyModifiers::CONTROL),
            (KeyCode::Char('o'), KeyModifiers::CONTROL),
        ] {
            let mut state = signed_in();
            shell_mut(&mut state).pane = Pane::Cases;
            press(&mut state, KeyCode::Char('g'), KeyModifiers::CONTROL);
            let effects = press(&mut state, code, mods);
            assert!(matches!(state.screen, Screen::Login(_)), "{code:?}");
            assert!(!state.quit);
            assert!(effects.contains(&Effect::RecordLogout { user_id: 7 }));
        }
    }

    fn shell_mut(state: &mut State) -> &mut Shell {
        match &mut state.screen {
            Screen::Shell(shell) => shell,
            Screen::Login(_) => panic!("logged out"),
        }
    }
}
