//! Passwords (argon2id) and the login check, with lockout and audit.

use crate::domain::{AuditAction, LockoutPolicy};
use crate::store::users::User;
use crate::store::{Store, StoreError};
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, Utc};
use std::sync::OnceLock;

/// The shortest password `user add` and `init` accept (OWASP ASVS: 12).
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Why a login did not succeed. Messages are safe to show on screen: they
/// never say whether the user name exists.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("Wrong user name or password.")]
    WrongCredentials,
    #[error(
        "This account is locked after too many failed attempts. Try again in {minutes} min, or ask an admin to unlock it."
    )]
    Locked { minutes: i64 },
    #[error("This account is disabled. Ask an admin.")]
    Disabled,
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("the stored password hash is damaged; ask an admin to reset the password")]
    BadHash,
}

fn hasher() -> Argon2<'static> {
    // OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password with argon2id and a random salt into a PHC string.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

/// Checks a password against a stored PHC string.
pub fn verify_password(password: &str, phc: &str) -> Result<bool, LoginError> {
    let parsed = PasswordHash::new(phc).map_err(|_| LoginError::BadHash)?;
    Ok(hasher()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

/// Rejects passwords too short to resist guessing, made only of spaces,
/// or that are the account's own name.
pub fn check_password_strength(password: &str, username: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!(
            "a password needs at least {MIN_PASSWORD_CHARS} characters"
        ));
    }
    if password.trim().is_empty() {
        return Err("a password cannot be only spaces".into());
    }
    let squeeze = |s: &str| s.trim().to_lowercase();
    if squeeze(password) == squeeze(username) {
        return Err("a password cannot be the account's name".into());
    }
    Ok(())
}

/// A hash to verify against when the user name does not exist, so that a
/// wrong name takes as long as a wrong password and names cannot be probed.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password never used").unwrap_or_default())
}

/// Checks a login attempt, applies the lockout policy and audits the
/// outcome: success, failure, refusal of a locked or disabled account, and
/// the failure that locks an account.
pub fn login(
    store: &mut Store,
    policy: &LockoutPolicy,
    username: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<User, LoginError> {
    let username = username.trim();
    let Some(record) = store.find_login(username)? else {
        let _ = verify_password(password, decoy_hash());
        store.record_login_refused(None, AuditAction::LoginFailed)?;
        return Err(LoginError::WrongCredentials);
    };
    let id = record.user.id;
    // The password is checked first, always: "disabled" and "locked" are
    // said only to someone who knows it, so they never tell a guesser that
    // a name exists.
    let right = verify_password(password, &record.password_hash)?;
    if record.disabled {
        store.record_login_refused(Some(id), AuditAction::LoginRefusedDisabled)?;
        return Err(if right {
            LoginError::Disabled
        } else {
            LoginError::WrongCredentials
        });
    }
    if let Some(until) = record
        .locked_until
        .filter(|u| policy.is_locked(Some(*u), now))
    {
        store.record_login_refused(Some(id), AuditAction::LoginRefusedLocked)?;
        return Err(if right {
            LoginError::Locked {
                minutes: policy.minutes_left(until, now),
            }
        } else {
            LoginError::WrongCredentials
        });
    }
    if right {
        store.record_login_success(id)?;
        tracing::info!(user_id = id, "login");
        return Ok(record.user);
    }
    // The failure that locks the account says no more than any other.
    let recorded = store.record_login_failure(id, policy, now)?;
    tracing::info!(
        user_id = id,
        locked = recorded.locked_until.is_some(),
        "login failed"
    );
    Err(LoginError::WrongCredentials)
}

/// What the lock screen's password check decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnlockOutcome {
    /// The password is right: the screen shows what it showed before.
    Unlocked,
    /// A wrong password; this many tries remain before the session ends.
    Wrong { left: u32 },
    /// The session ends (drafts kept): why, for the sign-in screen.
    LoggedOut(String),
}

/// Checks the password typed on a locked screen against the account that
/// is logged in, and audits the outcome. `attempt` is the number this try
/// would be in a run of wrong passwords (1 for the first); the one that
/// reaches [`MAX_UNLOCK_ATTEMPTS`](crate::domain::idle_lock::MAX_UNLOCK_ATTEMPTS)
/// ends the session. A lock-screen failure does not count towards the
/// account's login lockout: the session ends instead, and logging in again
/// goes through the lockout as ever. An account disabled while its screen
/// was locked ends the session even with the right password.
pub fn unlock(
    store: &mut Store,
    user_id: i64,
    password: &str,
    attempt: u32,
) -> Result<UnlockOutcome, LoginError> {
    use crate::domain::idle_lock::{AfterWrongPassword, MAX_UNLOCK_ATTEMPTS, after_wrong_password};
    let Some(record) = store.find_login_by_id(user_id)? else {
        return Ok(UnlockOutcome::LoggedOut(
            "Your account no longer exists. Ask an admin.".into(),
        ));
    };
    let right = verify_password(password, &record.password_hash)?;
    if right && record.disabled {
        store.record_lock_screen(user_id, &[(AuditAction::LockLogout, Some("disabled"))])?;
        return Ok(UnlockOutcome::LoggedOut(LoginError::Disabled.to_string()));
    }
    if right {
        store.record_lock_screen(user_id, &[(AuditAction::ScreenUnlocked, None)])?;
        return Ok(UnlockOutcome::Unlocked);
    }
    match after_wrong_password(attempt) {
        AfterWrongPassword::TryAgain { left } => {
            store.record_lock_screen(user_id, &[(AuditAction::ScreenUnlockFailed, None)])?;
            Ok(UnlockOutcome::Wrong { left })
        }
        AfterWrongPassword::LogOut => {
            store.record_lock_screen(
                user_id,
                &[
                    (AuditAction::ScreenUnlockFailed, None),
                    (AuditAction::LockLogout, Some("wrong_passwords")),
                ],
            )?;
            tracing::info!(user_id, "session ended on the lock screen");
            Ok(UnlockOutcome::LoggedOut(format!(
                "Logged out after {MAX_UNLOCK_ATTEMPTS} wrong passwords on the locked screen. Your drafts are kept."
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_long_not_blank_and_not_the_name() {
        assert!(check_password_strength("short", "amina").is_err());
        assert!(check_password_strength("            ", "amina").is_err());
        assert!(check_password_strength("Amina.Wanjiru", "amina.wanjiru").is_err());
        assert!(check_password_strength("a long password", "amina").is_ok());
    }
}
