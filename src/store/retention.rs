//! The retention schedule, applied: what would change (`retention_plan`)
//! and doing it (`apply_retention`) in small batches, each its own
//! `BEGIN IMMEDIATE` transaction with its own audit line, so an operator's
//! save never waits behind a long purge and an interrupted run continues
//! where it stopped when run again.

use super::anonymise::{anonymise_case, anonymise_contact};
use super::audit::{AuditEntry, append};
use super::{Store, StoreResult};
use crate::domain::AuditAction;
use crate::domain::retention::{Cutoffs, RetentionSchedule};
use rusqlite::{Connection, OptionalExtension, params};

/// Rows per transaction for drafts, contacts and audit rows.
pub const BATCH_ROWS: u32 = 200;

/// What retention would change, or changed: counts per kind, and the
/// numbers (never names) of the cases anonymised.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionReport {
    pub cutoffs: Cutoffs,
    pub intake_drafts: u64,
    pub dialog_drafts: u64,
    /// Case numbers, oldest closing first.
    pub cases: Vec<String>,
    pub contacts_without_case: u64,
    pub audit_rows: u64,
    /// The last audit row removed (or to remove).
    pub audit_through: Option<i64>,
}

impl RetentionReport {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.intake_drafts == 0
            && self.dialog_drafts == 0
            && self.cases.is_empty()
            && self.contacts_without_case == 0
            && self.audit_rows == 0
    }
}

impl Store {
    /// What `apply_retention` would do at `now` (reads only).
    pub fn retention_plan(
        &self,
        schedule: &RetentionSchedule,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<RetentionReport> {
        let cutoffs = schedule.cutoffs(now);
        let conn = self.conn();
        let count = |sql: &str, before: i64| -> StoreResult<u64> {
            Ok(conn
                .query_row(sql, [before], |r| r.get::<_, i64>(0))?
                .max(0) as u64)
        };
        let mut report = RetentionReport {
            cutoffs,
            ..Default::default()
        };
        if let Some(before) = cutoffs.drafts_before {
            report.intake_drafts =
                count("SELECT count(*) FROM drafts WHERE updated_at < ?1", before)?;
            report.dialog_drafts = count(
                "SELECT count(*) FROM dialog_drafts WHERE updated_at < ?1",
                before,
            )?;
        }
        if let Some(before) = cutoffs.closed_before {
            report.cases = conn
                .prepare(
                    "SELECT number FROM cases
                     WHERE status = 'closed' AND anonymised_at IS NULL AND closed_at < ?1
                     ORDER BY closed_at, id",
                )?
                .query_map([before], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            report.contacts_without_case = count(
                "SELECT count(*) FROM contacts
                 WHERE case_id IS NULL AND anonymised_at IS NULL AND started_at < ?1",
                before,
            )?;
        }
        if let Some(before) = cutoffs.audit_before {
            let boundary = audit_boundary(conn, before)?;
            let (rows, through): (i64, Option<i64>) = conn.query_row(
                "SELECT count(*), max(id) FROM audit_log WHERE id < ?1",
                [boundary],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            report.audit_rows = rows.max(0) as u64;
            report.audit_through = through;
        }
        Ok(report)
    }

    /// Applies the schedule at `now` in batches of [`BATCH_ROWS`].
    pub fn apply_retention(
        &mut self,
        schedule: &RetentionSchedule,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<RetentionReport> {
        self.apply_retention_in_batches(schedule, now, BATCH_ROWS)
    }

    /// Applies the schedule at `now`, `batch` rows per transaction (a
    /// quarter as many cases, each of which touches many rows). Old
    /// content is overwritten on disk (`secure_delete`), not only unlinked.
    pub fn apply_retention_in_batches(
        &mut self,
        schedule: &RetentionSchedule,
        now: chrono::DateTime<chrono::Utc>,
        batch: u32,
    ) -> StoreResult<RetentionReport> {
        let batch = batch.max(1);
        let case_batch = (batch / 4).max(1);
        let at = now.timestamp();
        let cutoffs = schedule.cutoffs(now);
        self.conn().pragma_update(None, "secure_delete", "ON")?;
        let mut report = RetentionReport {
            cutoffs,
            ..Default::default()
        };
        if let Some(before) = cutoffs.drafts_before {
            loop {
                let (intake, dialog) = self.write(|tx| {
                    let intake = tx.execute(
                        "DELETE FROM drafts WHERE id IN
                           (SELECT id FROM drafts WHERE updated_at < ?1 ORDER BY updated_at LIMIT ?2)",
                        params![before, batch],
                    )?;
                    let dialog = tx.execute(
                        "DELETE FROM dialog_drafts WHERE (operator_id, kind, target_id) IN
                           (SELECT operator_id, kind, target_id FROM dialog_drafts
                            WHERE updated_at < ?1 ORDER BY updated_at LIMIT ?2)",
                        params![before, batch],
                    )?;
                    if intake + dialog > 0 {
                        let detail = format!("intake={intake} dialog={dialog}");
                        append(
                            tx,
                            &AuditEntry::new(None, AuditAction::DraftsPurged).detail(&detail),
                        )?;
                    }
                    Ok((intake as u64, dialog as u64))
                })?;
                report.intake_drafts += intake;
                report.dialog_drafts += dialog;
                if intake + dialog == 0 {
                    break;
                }
            }
        }
        if let Some(before) = cutoffs.closed_before {
            loop {
                let done = self.write(|tx| {
                    let due: Vec<(i64, String)> = tx
                        .prepare_cached(
                            "SELECT id, number FROM cases
                             WHERE status = 'closed' AND anonymised_at IS NULL AND closed_at < ?1
                             ORDER BY closed_at, id LIMIT ?2",
                        )?
                        .query_map(params![before, case_batch], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<Result<_, _>>()?;
                    let mut done = Vec::new();
                    for (id, number) in due {
                        if anonymise_case(tx, id, at, None, "retention")? {
                            done.push(number);
                        }
                    }
                    Ok(done)
                })?;
                if done.is_empty() {
                    break;
                }
                report.cases.extend(done);
            }
            loop {
                let done = self.write(|tx| {
                    let due: Vec<(i64, Option<String>)> = tx
                        .prepare_cached(
                            "SELECT id, answers FROM contacts
                             WHERE case_id IS NULL AND anonymised_at IS NULL AND started_at < ?1
                             ORDER BY started_at, id LIMIT ?2",
                        )?
                        .query_map(params![before, batch], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<Result<_, _>>()?;
                    for (id, answers) in &due {
                        anonymise_contact(tx, *id, answers.as_deref(), at)?;
                    }
                    if !due.is_empty() {
                        let detail = format!("contacts={}", due.len());
                        append(
                            tx,
                            &AuditEntry::new(None, AuditAction::ContactsAnonymised).detail(&detail),
                        )?;
                    }
                    Ok(due.len() as u64)
                })?;
                if done == 0 {
                    break;
                }
                report.contacts_without_case += done;
            }
        }
        if let Some(before) = cutoffs.audit_before {
            // Fixed once: the purges' own audit lines, written after it,
            // are never purged by the same run.
            let boundary = audit_boundary(self.conn(), before)?;
            loop {
                let purged = self.write(|tx| purge_audit_batch(tx, boundary, batch, at))?;
                let Some((through, rows)) = purged else {
                    break;
                };
                report.audit_rows += rows;
                report.audit_through = Some(through);
            }
        }
        Ok(report)
    }
}

/// The first audit row to keep: the oldest row written at or after
/// `before`. Every row before it is older (rows stamped late by the audit
/// queue never make a younger row go). The newest row always stays: the
/// next row is chained to it.
fn audit_boundary(conn: &Connection, before: i64) -> StoreResult<i64> {
    Ok(conn
        .query_row(
            "SELECT min(coalesce((SELECT min(id) FROM audit_log WHERE at >= ?1),
                                 9223372036854775807),
                        coalesce((SELECT max(id) FROM audit_log), -9223372036854775808))",
            [before],
            |r| r.get::<_, Option<i64>>(0),
        )?
        .unwrap_or(i64::MIN))
}

/// Removes the oldest `batch` rows below `boundary`: first the anchor
/// (the first row kept and the hash of the last row removed), which the
/// delete trigger requires, then the rows, then the purge's own audit
/// line. Returns the last row removed and how many, or None when nothing
/// is left to remove.
fn purge_audit_batch(
    tx: &Connection,
    boundary: i64,
    batch: u32,
    now: i64,
) -> StoreResult<Option<(i64, u64)>> {
    let (through, rows): (Option<i64>, i64) = tx.query_row(
        "SELECT max(id), count(*) FROM
           (SELECT id FROM audit_log WHERE id < ?1 ORDER BY id LIMIT ?2)",
        params![boundary, batch],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some(through) = through else {
        return Ok(None);
    };
    let prev_hash: Option<String> = tx
        .query_row("SELECT hash FROM audit_log WHERE id = ?1", [through], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    tx.execute(
        "INSERT INTO audit_anchors (first_kept_id, prev_hash, purged_rows, at)
         VALUES (?1, ?2, ?3, ?4)",
        params![through + 1, prev_hash.unwrap_or_default(), rows, now],
    )?;
    tx.execute("DELETE FROM audit_log WHERE id <= ?1", [through])?;
    let detail = format!("through={through} rows={rows}");
    append(
        tx,
        &AuditEntry::new(None, AuditAction::AuditPurged).detail(&detail),
    )?;
    Ok(Some((through, rows.max(0) as u64)))
}
