//! User accounts: creation, listing, disabling, and the login bookkeeping
//! (failed attempts and lockouts).

use super::audit::{AuditEntry, append};
use super::{Store, StoreError, StoreResult, unix_now};
use crate::domain::access::{CaseRole, Viewer};
use crate::domain::account_name::{self, ExistingAccount};
use crate::domain::lockout::LockoutPolicy;
use crate::domain::{AuditAction, Role};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

/// A signed-in user, as the rest of the app sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub team: Option<String>,
    /// An admin's role on cases (None: reads no case content); None for
    /// every other role, whose case role is their role.
    pub case_role: Option<Role>,
}

impl User {
    /// The account as need-to-know sees it (see `domain::access`).
    pub fn viewer(&self) -> Viewer {
        Viewer {
            user_id: self.id,
            case_role: CaseRole::of(self.role, self.case_role, self.team.as_deref()),
            team: self.team.clone(),
            may_hold_grants: true,
        }
    }
}

/// A user as listed for administrators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub user: User,
    pub disabled: bool,
    pub locked_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// What the login check needs: the account and its credential state.
#[derive(Debug, Clone)]
pub struct LoginRecord {
    pub user: User,
    pub password_hash: String,
    pub disabled: bool,
    pub failed_logins: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

/// A new account. The password arrives already hashed.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub team: Option<&'a str>,
    pub password_hash: &'a str,
}

/// The outcome of recording a failed login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureRecorded {
    /// Set when this failure locked the account.
    pub locked_until: Option<DateTime<Utc>>,
}

fn ts(secs: Option<i64>) -> Option<DateTime<Utc>> {
    secs.and_then(|s| DateTime::from_timestamp(s, 0))
}

fn role_of(row: &Row<'_>, idx: usize) -> rusqlite::Result<Role> {
    let text: String = row.get(idx)?;
    text.parse().map_err(|e: crate::domain::role::UnknownRole| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn user_of(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        username: row.get(1)?,
        display_name: row.get(2)?,
        role: role_of(row, 3)?,
        team: row.get(4)?,
        case_role: row
            .get::<_, Option<String>>("case_role")?
            .and_then(|r| r.parse().ok()),
    })
}

fn login_record_of(r: &Row<'_>) -> rusqlite::Result<LoginRecord> {
    Ok(LoginRecord {
        user: user_of(r)?,
        password_hash: r.get(5)?,
        disabled: r.get::<_, i64>(6)? != 0,
        failed_logins: r.get::<_, i64>(7)?.clamp(0, u32::MAX as i64) as u32,
        locked_until: ts(r.get(8)?),
    })
}

/// A new user name: letters of one alphabet, digits, '.', '_' or '-', 1
/// to 64 characters (see `domain::account_name`). Existing accounts keep
/// the names they have.
pub fn validate_username(name: &str) -> Result<(), StoreError> {
    crate::domain::account_name::check_username(name).map_err(StoreError::Invalid)
}

/// The checks of a new account's names that need no database.
fn check_new_names(username: &str, display_name: &str) -> StoreResult<()> {
    validate_username(username)?;
    // Names are shown to everyone: printable text only.
    account_name::check_display_name(display_name).map_err(StoreError::Invalid)
}

fn existing_accounts(conn: &rusqlite::Connection) -> StoreResult<Vec<ExistingAccount>> {
    let mut stmt = conn.prepare_cached("SELECT username, display_name FROM users")?;
    let rows = stmt.query_map([], |r| {
        Ok(ExistingAccount {
            username: r.get(0)?,
            display_name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Refuses a name taken already, in any case, and names that could be
/// mistaken for an existing account's (see `domain::account_name`).
fn refuse_taken_or_look_alike(
    existing: &[ExistingAccount],
    username: &str,
    display_name: &str,
) -> StoreResult<()> {
    // "Amina" and "amina" are one person to a reader.
    let wanted = username.to_lowercase();
    if existing.iter().any(|a| a.username.to_lowercase() == wanted) {
        return Err(StoreError::Invalid(
            "a user with that name already exists".into(),
        ));
    }
    // So are "operator1" and "operatorl", or "admin" with a Cyrillic а: a
    // look-alike could pass for the other person.
    match account_name::look_alike_of(username, display_name, existing) {
        Some(like) => Err(StoreError::Invalid(format!(
            "the new account's name or display name looks like the existing account `{}`; choose one that cannot be mistaken for it",
            crate::domain::safe_text::terminal_line(like, account_name::MAX_USERNAME_CHARS)
        ))),
        None => Ok(()),
    }
}

impl Store {
    /// Checks a new account's names before anything is asked for (the
    /// password prompt): the same checks `create_user` makes again when it
    /// writes.
    pub fn check_new_account(&self, username: &str, display_name: &str) -> StoreResult<()> {
        check_new_names(username, display_name)?;
        refuse_taken_or_look_alike(&existing_accounts(self.conn())?, username, display_name)
    }

    /// Creates an account; `actor` is the admin who did it (None from the CLI).
    pub fn create_user(&mut self, new: &NewUser<'_>, actor: Option<i64>) -> StoreResult<i64> {
        check_new_names(new.username, new.display_name)?;
        if let Some(c) = new
            .team
            .and_then(|t| crate::domain::safe_text::refused_char(t, false))
        {
            return Err(StoreError::Invalid(format!(
                "the team holds a control character (U+{:04X}); use printable text",
                u32::from(c)
            )));
        }
        self.write(|tx| {
            refuse_taken_or_look_alike(&existing_accounts(tx)?, new.username, new.display_name)?;
            tx.execute(
                "INSERT INTO users (username, display_name, role, team, password_hash, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    new.username,
                    new.display_name,
                    new.role.as_str(),
                    new.team,
                    new.password_hash,
                    unix_now()
                ],
            )?;
            let id = tx.last_insert_rowid();
            append(
                tx,
                &AuditEntry::new(actor, AuditAction::UserCreated)
                    .on("user", id)
                    .detail(new.role.as_str()),
            )?;
            Ok(id)
        })
    }

    /// The account as need-to-know sees it now, read afresh so that a
    /// change of role or team applies at once. A disabled or unknown
    /// account reads no case.
    pub fn viewer(&self, user_id: i64) -> StoreResult<Viewer> {
        let found = self
            .conn()
            .prepare_cached(
                "SELECT id, username, display_name, role, team, case_role, disabled
                 FROM users WHERE id = ?1",
            )?
            .query_row([user_id], |r| Ok((user_of(r)?, r.get::<_, i64>(6)? != 0)))
            .optional()?;
        let holds_grants: bool = self
            .conn()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM case_access_grants
                                WHERE user_id = ?1 AND expires_at > ?2)",
            )?
            .query_row(params![user_id, unix_now()], |r| r.get(0))?;
        Ok(match found {
            Some((user, false)) => Viewer {
                may_hold_grants: holds_grants,
                ..user.viewer()
            },
            _ => Viewer {
                user_id,
                case_role: CaseRole {
                    role: None,
                    whole_floor: false,
                },
                team: None,
                may_hold_grants: false,
            },
        })
    }

    /// The id of the account named `username`, if there is one.
    pub fn user_id_named(&self, username: &str) -> StoreResult<Option<i64>> {
        match user_id_by_name(self.conn(), username) {
            Ok(id) => Ok(Some(id)),
            Err(StoreError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Gives an admin account a role on cases, or takes it away (None):
    /// without one, an admin reads no case content.
    pub fn set_case_role(
        &mut self,
        username: &str,
        case_role: Option<Role>,
        actor: Option<i64>,
    ) -> StoreResult<()> {
        if case_role == Some(Role::Admin) {
            return Err(StoreError::Invalid(
                "a case role is operator, caseworker or supervisor".into(),
            ));
        }
        self.write(|tx| {
            let found: Option<(i64, String)> = tx
                .prepare_cached("SELECT id, role FROM users WHERE username = ?1")?
                .query_row([username], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((id, role)) = found else {
                return Err(StoreError::NotFound {
                    what: "user".into(),
                });
            };
            if role != Role::Admin.as_str() {
                return Err(StoreError::Invalid(
                    "only an admin account takes a separate case role; the others' case role is their role".into(),
                ));
            }
            tx.prepare_cached("UPDATE users SET case_role = ?1 WHERE id = ?2")?
                .execute(params![case_role.map(Role::as_str), id])?;
            append(
                tx,
                &AuditEntry::new(actor, AuditAction::CaseRoleChanged)
                    .on("user", id)
                    .detail(case_role.map_or("none", Role::as_str)),
            )
        })
    }

    /// Every account, in name order.
    pub fn list_users(&self) -> StoreResult<Vec<UserSummary>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, username, display_name, role, team, disabled, locked_until, created_at,
                    case_role
             FROM users ORDER BY username",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(UserSummary {
                user: user_of(r)?,
                disabled: r.get::<_, i64>(5)? != 0,
                locked_until: ts(r.get(6)?),
                created_at: ts(Some(r.get(7)?)).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many accounts exist (enabled or not).
    pub fn count_users(&self) -> StoreResult<i64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM users", [], |r| r.get(0))?)
    }

    /// Disables or re-enables an account. A disabled account cannot log in.
    pub fn set_user_disabled(
        &mut self,
        username: &str,
        disabled: bool,
        actor: Option<i64>,
    ) -> StoreResult<()> {
        self.write(|tx| {
            let id = user_id_by_name(tx, username)?;
            tx.execute(
                "UPDATE users SET disabled = ?1, version = version + 1 WHERE id = ?2",
                params![disabled as i64, id],
            )?;
            let action = if disabled {
                AuditAction::UserDisabled
            } else {
                AuditAction::UserEnabled
            };
            append(tx, &AuditEntry::new(actor, action).on("user", id))
        })
    }

    /// Lifts a lockout and clears the failure count.
    pub fn unlock_user(&mut self, username: &str, actor: Option<i64>) -> StoreResult<()> {
        self.write(|tx| {
            let id = user_id_by_name(tx, username)?;
            tx.execute(
                "UPDATE users SET locked_until = NULL, failed_logins = 0, version = version + 1
                 WHERE id = ?1",
                [id],
            )?;
            append(
                tx,
                &AuditEntry::new(actor, AuditAction::UserUnlocked).on("user", id),
            )
        })
    }

    /// The account and credential state for a login attempt, if the name exists.
    pub fn find_login(&self, username: &str) -> StoreResult<Option<LoginRecord>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, username, display_name, role, team, password_hash, disabled,
                    failed_logins, locked_until, case_role
             FROM users WHERE username = ?1",
        )?;
        Ok(stmt.query_row([username], login_record_of).optional()?)
    }

    /// The credential state of a signed-in account, by id (the lock
    /// screen's check), if the account still exists.
    pub fn find_login_by_id(&self, user_id: i64) -> StoreResult<Option<LoginRecord>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, username, display_name, role, team, password_hash, disabled,
                    failed_logins, locked_until, case_role
             FROM users WHERE id = ?1",
        )?;
        Ok(stmt.query_row([user_id], login_record_of).optional()?)
    }

    /// Records what happened on a session's lock screen (locked, unlocked,
    /// a wrong password, the session ended), each with an optional code
    /// for a detail, in one transaction: the log never shows a lock logout
    /// without the wrong password that caused it.
    pub fn record_lock_screen(
        &mut self,
        user_id: i64,
        events: &[(AuditAction, Option<&str>)],
    ) -> StoreResult<()> {
        self.write(|tx| {
            for (action, detail) in events {
                let mut entry = AuditEntry::new(Some(user_id), *action).on("user", user_id);
                if let Some(detail) = detail {
                    entry = entry.detail(detail);
                }
                append(tx, &entry)?;
            }
            Ok(())
        })
    }

    /// Records a successful login: clears the failure count and audits it.
    pub fn record_login_success(&mut self, user_id: i64) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?1",
                [user_id],
            )?;
            append(
                tx,
                &AuditEntry::new(Some(user_id), AuditAction::Login).on("user", user_id),
            )
        })
    }

    /// Records a wrong password for an existing account. The count is read
    /// and updated in one IMMEDIATE transaction, so failures from several
    /// sessions at once all count.
    pub fn record_login_failure(
        &mut self,
        user_id: i64,
        policy: &LockoutPolicy,
        now: DateTime<Utc>,
    ) -> StoreResult<FailureRecorded> {
        self.write(|tx| {
            let failures: i64 = tx.query_row(
                "SELECT failed_logins FROM users WHERE id = ?1",
                [user_id],
                |r| r.get(0),
            )?;
            let after = policy.after_failure(failures.clamp(0, u32::MAX as i64) as u32, now);
            tx.execute(
                "UPDATE users SET failed_logins = ?1, locked_until = coalesce(?2, locked_until)
                 WHERE id = ?3",
                params![
                    after.failures,
                    after.locked_until.map(|t| t.timestamp()),
                    user_id
                ],
            )?;
            append(
                tx,
                &AuditEntry::new(None, AuditAction::LoginFailed).on("user", user_id),
            )?;
            if after.locked_until.is_some() {
                append(
                    tx,
                    &AuditEntry::new(None, AuditAction::AccountLocked).on("user", user_id),
                )?;
            }
            Ok(FailureRecorded {
                locked_until: after.locked_until,
            })
        })
    }

    /// Records a login refused before the password was checked, or a
    /// failure for a name that does not exist (`user_id` None; the typed name
    /// is never stored, since people sometimes type a password there).
    pub fn record_login_refused(
        &mut self,
        user_id: Option<i64>,
        action: AuditAction,
    ) -> StoreResult<()> {
        let mut entry = AuditEntry::new(None, action);
        if let Some(id) = user_id {
            entry = entry.on("user", id);
        }
        self.audit(entry)
    }
}

fn user_id_by_name(conn: &rusqlite::Connection, username: &str) -> StoreResult<i64> {
    conn.query_row(
        "SELECT id FROM users WHERE username = ?1",
        [username],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        what: "user".into(),
    })
}
