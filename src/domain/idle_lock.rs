//! When an idle screen locks, and how many wrong passwords end the session.
//!
//! A helpline desk is shared and busy: an operator called away mid-shift
//! must not leave a child's record open to whoever walks past. After a
//! configured time without a key the screen hides every case detail and
//! asks for the password of the person logged in; a run of wrong passwords
//! ends the session (drafts are kept, as on a normal logout).

/// Wrong passwords in a row on the lock screen that end the session.
pub const MAX_UNLOCK_ATTEMPTS: u32 = 5;

/// How long a session may sit without a key before it locks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IdleLock {
    /// Seconds without a key; 0 never locks.
    pub after_secs: i64,
}

impl IdleLock {
    /// The default of the configuration: five minutes.
    pub const DEFAULT_SECS: i64 = 5 * 60;

    /// Never locks (tests and tools that drive the app without a person).
    pub const NEVER: IdleLock = IdleLock { after_secs: 0 };

    /// When a session whose last key was at `last_key` (UTC seconds) locks;
    /// None when idle locking is off.
    pub fn due_at(self, last_key: i64) -> Option<i64> {
        (self.after_secs > 0).then(|| last_key.saturating_add(self.after_secs))
    }

    /// Whether a session whose last key was at `last_key` locks at `now`.
    pub fn is_due(self, last_key: i64, now: i64) -> bool {
        self.due_at(last_key).is_some_and(|due| now >= due)
    }
}

/// What the `attempt`-th wrong password in a row on the lock screen does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterWrongPassword {
    /// The lock screen asks again; this many tries remain.
    TryAgain { left: u32 },
    /// The session is logged out.
    LogOut,
}

/// The rule for the `attempt`-th (1-based) wrong password in a row.
pub fn after_wrong_password(attempt: u32) -> AfterWrongPassword {
    if attempt >= MAX_UNLOCK_ATTEMPTS {
        AfterWrongPassword::LogOut
    } else {
        AfterWrongPassword::TryAgain {
            left: MAX_UNLOCK_ATTEMPTS - attempt,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_once_the_idle_time_has_passed_and_never_when_off() {
        let five = IdleLock { after_secs: 300 };
        for (lock, last, now, due) in [
            (five, 1_000, 1_000, false),
            (five, 1_000, 1_299, false),
            (five, 1_000, 1_300, true),
            (five, 1_000, 9_999, true),
            (IdleLock::NEVER, 1_000, 1_000_000, false),
            (IdleLock { after_secs: 3 }, 0, 3, true),
        ] {
            assert_eq!(lock.is_due(last, now), due, "{lock:?} {last} {now}");
        }
        assert_eq!(five.due_at(1_000), Some(1_300));
        assert_eq!(IdleLock::NEVER.due_at(1_000), None);
    }

    #[test]
    fn the_fifth_wrong_password_in_a_row_logs_out() {
        for (attempt, then) in [
            (1, AfterWrongPassword::TryAgain { left: 4 }),
            (4, AfterWrongPassword::TryAgain { left: 1 }),
            (5, AfterWrongPassword::LogOut),
            (9, AfterWrongPassword::LogOut),
        ] {
            assert_eq!(after_wrong_password(attempt), then, "{attempt}");
        }
    }
}
