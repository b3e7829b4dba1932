//! The append-only audit log: who, when, which action, which record.

use super::{Store, StoreResult, unix_now};
use crate::domain::AuditAction;
use rusqlite::{Connection, OptionalExtension, params};

/// One entry to append. `detail` must hold codes only, never names, phone
/// numbers or notes.
#[derive(Debug, Clone, Copy)]
pub struct AuditEntry<'a> {
    pub user_id: Option<i64>,
    pub action: AuditAction,
    pub record_type: Option<&'a str>,
    pub record_id: Option<i64>,
    pub detail: Option<&'a str>,
}

impl<'a> AuditEntry<'a> {
    /// An entry with no record attached.
    pub fn new(user_id: Option<i64>, action: AuditAction) -> Self {
        AuditEntry {
            user_id,
            action,
            record_type: None,
            record_id: None,
            detail: None,
        }
    }

    /// Attaches the record the action was about.
    pub fn on(mut self, record_type: &'a str, record_id: i64) -> Self {
        self.record_type = Some(record_type);
        self.record_id = Some(record_id);
        self
    }

    /// Adds a coded detail (never personal data).
    pub fn detail(mut self, detail: &'a str) -> Self {
        self.detail = Some(detail);
        self
    }
}

/// Appends an entry inside the caller's transaction, so the record and its
/// audit line commit together or not at all.
pub(crate) fn append(conn: &Connection, entry: &AuditEntry<'_>) -> StoreResult<()> {
    append_at(conn, entry, unix_now())
}

/// Appends an entry stamped `at`: the moment of the access, for entries
/// written later than they happened (see `audit_queue`).
pub(crate) fn append_at(conn: &Connection, entry: &AuditEntry<'_>, at: i64) -> StoreResult<()> {
    // Chained: the row's id and hash follow from the last row, read in the
    // same write transaction, so appends from every process form one chain.
    let last = conn
        .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
        .and_then(|mut s| {
            s.query_row([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
            })
            .optional()
        });
    let last = match last {
        Ok(last) => last,
        // A database opened at a version before the chain (tests of
        // upgrades write as that release did).
        Err(e) if e.to_string().contains("no such column: hash") => {
            conn.prepare_cached(
                "INSERT INTO audit_log (at, user_id, action, record_type, record_id, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                at,
                entry.user_id,
                entry.action.as_str(),
                entry.record_type,
                entry.record_id,
                entry.detail
            ])?;
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    let (id, prev) = match last {
        Some((id, hash)) => (id + 1, hash.unwrap_or_default()),
        None => (1, String::new()),
    };
    let row = super::audit_chain::ChainRow {
        id,
        at,
        user_id: entry.user_id,
        action: entry.action.as_str(),
        record_type: entry.record_type,
        record_id: entry.record_id,
        detail: entry.detail,
    };
    let hash = row.hash(&prev);
    conn.prepare_cached(
        "INSERT INTO audit_log (id, at, user_id, action, record_type, record_id, detail, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        at,
        entry.user_id,
        entry.action.as_str(),
        entry.record_type,
        entry.record_id,
        entry.detail,
        hash
    ])?;
    Ok(())
}

/// A stored audit line, as read back by reviewers and tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub at: i64,
    pub user_id: Option<i64>,
    pub action: String,
    pub record_type: Option<String>,
    pub record_id: Option<i64>,
    pub detail: Option<String>,
}

impl Store {
    /// Appends one audit entry in its own transaction.
    pub fn audit(&mut self, entry: AuditEntry<'_>) -> StoreResult<()> {
        self.write(|tx| append(tx, &entry))
    }

    /// The most recent audit lines, newest first.
    pub fn recent_audit(&self, limit: u32) -> StoreResult<Vec<AuditRow>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT at, user_id, action, record_type, record_id, detail
             FROM audit_log ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |r| {
            Ok(AuditRow {
                at: r.get(0)?,
                user_id: r.get(1)?,
                action: r.get(2)?,
                record_type: r.get(3)?,
                record_id: r.get(4)?,
                detail: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
