//! The audit log as a hash chain (migration 18): each row's hash is the
//! SHA-256 of the previous row's hash and the row's own content, id
//! included. Changing, replacing, deleting or slipping in a row breaks the
//! chain from there on; `verify_audit_chain` walks it and names the first
//! row that does not hold, and also checks that the append-only triggers
//! are still in place. The head hash, kept somewhere else (`audit_head`),
//! catches a tail rewritten whole by someone with write access.

use super::{Store, StoreResult};
use rusqlite::OptionalExtension;
use sha2::{Digest, Sha256};

/// A row's content as the chain hashes it.
#[derive(Debug, Clone, Copy)]
pub struct ChainRow<'a> {
    pub id: i64,
    pub at: i64,
    pub user_id: Option<i64>,
    pub action: &'a str,
    pub record_type: Option<&'a str>,
    pub record_id: Option<i64>,
    pub detail: Option<&'a str>,
}

impl ChainRow<'_> {
    /// The row's hash after `prev` (empty for the first row of the chain),
    /// as lowercase hex. Fields are length-prefixed so that no two rows
    /// can run together into the same text.
    pub fn hash(&self, prev: &str) -> String {
        let mut h = Sha256::new();
        let mut field = |text: Option<&str>| match text {
            Some(t) => {
                h.update(t.len().to_string().as_bytes());
                h.update(b":");
                h.update(t.as_bytes());
                h.update(b";");
            }
            None => h.update(b"-;"),
        };
        field(Some(prev));
        field(Some(&self.id.to_string()));
        field(Some(&self.at.to_string()));
        field(self.user_id.map(|u| u.to_string()).as_deref());
        field(Some(self.action));
        field(self.record_type);
        field(self.record_id.map(|r| r.to_string()).as_deref());
        field(self.detail);
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What walking the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// Rows written before the chain began (an upgraded database).
    pub before_chain: i64,
    /// Rows whose hash holds.
    pub chained: i64,
    /// The first row that breaks the chain, and why.
    pub broken: Option<(i64, String)>,
    /// Append-only triggers that are missing.
    pub missing_triggers: Vec<&'static str>,
    /// The hash of the last row: keep it elsewhere to check against later.
    pub head: Option<String>,
    /// The last row removed by a retention purge: the chain starts after
    /// it, from the hash its anchor recorded.
    pub purged_through: Option<i64>,
}

impl ChainReport {
    pub fn holds(&self) -> bool {
        self.broken.is_none() && self.missing_triggers.is_empty()
    }
}

const TRIGGERS: [&str; 2] = ["audit_log_no_update", "audit_log_no_delete"];
/// The anchors' own triggers, once retention exists (migration 21).
const ANCHOR_TRIGGERS: [&str; 2] = ["audit_anchors_no_update", "audit_anchors_no_delete"];

/// Where a retention purge left the chain: the first row kept and the
/// hash of the last row removed ('' when it had none).
struct Anchor {
    first_kept: i64,
    prev_hash: String,
}

fn exists(conn: &rusqlite::Connection, kind: &str, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = ?1 AND name = ?2)",
        [kind, name],
        |r| r.get(0),
    )
}

/// The latest anchor, if the log was ever purged.
fn latest_anchor(conn: &rusqlite::Connection) -> rusqlite::Result<Option<Anchor>> {
    if !exists(conn, "table", "audit_anchors")? {
        return Ok(None);
    }
    conn.query_row(
        "SELECT first_kept_id, prev_hash FROM audit_anchors ORDER BY first_kept_id DESC LIMIT 1",
        [],
        |r| {
            Ok(Anchor {
                first_kept: r.get(0)?,
                prev_hash: r.get(1)?,
            })
        },
    )
    .optional()
}

impl Store {
    /// Walks the whole audit chain (reads only).
    pub fn verify_audit_chain(&self) -> StoreResult<ChainReport> {
        let mut report = ChainReport {
            before_chain: 0,
            chained: 0,
            broken: None,
            missing_triggers: Vec::new(),
            head: None,
            purged_through: None,
        };
        let anchor = latest_anchor(self.conn())?;
        let anchor_triggers = if exists(self.conn(), "table", "audit_anchors")? {
            &ANCHOR_TRIGGERS[..]
        } else {
            &[]
        };
        for trigger in TRIGGERS.iter().chain(anchor_triggers) {
            if !exists(self.conn(), "trigger", trigger)? {
                report.missing_triggers.push(trigger);
            }
        }
        report.purged_through = anchor.as_ref().map(|a| a.first_kept - 1);
        // The purge that set the anchor must itself be in the chain.
        let purge_detail = anchor
            .as_ref()
            .map(|a| format!("through={} ", a.first_kept - 1));
        let mut purge_found = false;
        let mut first = true;
        let mut stmt = self.conn().prepare(
            "SELECT id, at, user_id, action, record_type, record_id, detail, hash
             FROM audit_log ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        // After a purge the chain goes on from the last row removed.
        let mut prev: Option<(i64, String)> = anchor
            .as_ref()
            .filter(|a| !a.prev_hash.is_empty())
            .map(|a| (a.first_kept - 1, a.prev_hash.clone()));
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if std::mem::take(&mut first)
                && let Some(a) = &anchor
                && id != a.first_kept
            {
                report.broken = Some((
                    id,
                    format!(
                        "the retention purge kept rows from {} on: rows in between are missing",
                        a.first_kept
                    ),
                ));
                break;
            }
            let stored: Option<String> = r.get(7)?;
            let Some(stored) = stored else {
                if prev.is_none() {
                    report.before_chain += 1;
                    continue;
                }
                report.broken = Some((id, "has no hash after the chain began".into()));
                break;
            };
            if let Some((prev_id, _)) = &prev
                && id != prev_id + 1
            {
                report.broken = Some((
                    id,
                    format!("follows row {prev_id}: rows in between are missing"),
                ));
                break;
            }
            let (action, record_type, detail): (String, Option<String>, Option<String>) =
                (r.get(3)?, r.get(4)?, r.get(6)?);
            let row = ChainRow {
                id,
                at: r.get(1)?,
                user_id: r.get(2)?,
                action: &action,
                record_type: record_type.as_deref(),
                record_id: r.get(5)?,
                detail: detail.as_deref(),
            };
            let expected = row.hash(prev.as_ref().map_or("", |(_, h)| h.as_str()));
            if expected != stored {
                report.broken = Some((id, "its content or its place was changed".into()));
                break;
            }
            report.chained += 1;
            if action == "audit_purged"
                && let (Some(want), Some(detail)) = (&purge_detail, &detail)
                && detail.starts_with(want.as_str())
            {
                purge_found = true;
            }
            prev = Some((id, stored));
        }
        if let Some(a) = &anchor
            && report.broken.is_none()
            && !purge_found
        {
            report.broken = Some((
                a.first_kept,
                "the rows before it were removed, and no retention purge in the log says so".into(),
            ));
        }
        report.head = prev
            .filter(|(id, _)| anchor.as_ref().is_none_or(|a| *id >= a.first_kept))
            .map(|(_, h)| h);
        Ok(report)
    }

    /// The id of the audit row holding `hash`, if any.
    pub fn audit_row_with_hash(&self, hash: &str) -> StoreResult<Option<i64>> {
        Ok(self
            .conn()
            .query_row("SELECT id FROM audit_log WHERE hash = ?1", [hash], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// The hash of the last audit row, if the chain has begun.
    pub fn audit_head(&self) -> StoreResult<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
    }
}
