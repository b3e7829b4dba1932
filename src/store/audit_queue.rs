//! Audit entries that must not hold up the screen: reading a case is an
//! access and is audited, but the read must show at once even while another
//! session holds the write lock. Such entries are queued on the store, and
//! written
//!
//! - at once when the lock is free (one try, no waiting),
//! - else with this store's next write of any kind, in the same transaction,
//! - else by [`Store::flush_audit`], which the session calls on its change
//!   poll (without waiting) and once more when it ends (waiting as any write),
//! - and, as a last resort, when the store is dropped.
//!
//! Each entry keeps the time of the access, not the time it was written.

use super::audit::{AuditEntry, append_at};
use super::{Store, StoreError, StoreResult};
use crate::domain::AuditAction;
use rusqlite::Connection;

/// An audit entry waiting to be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueuedAudit {
    pub user_id: i64,
    pub action: AuditAction,
    pub record_type: &'static str,
    pub record_id: i64,
    /// How many records a list view showed (written as `results=N`).
    pub count: Option<u32>,
    /// When the access happened, UTC seconds.
    pub at: i64,
}

/// Writes every queued entry inside the caller's transaction.
pub(crate) fn write_queued(conn: &Connection, queued: &[QueuedAudit]) -> StoreResult<()> {
    for q in queued {
        let detail = q.count.map(|n| format!("results={n}"));
        let mut entry = AuditEntry::new(Some(q.user_id), q.action).on(q.record_type, q.record_id);
        if let Some(detail) = &detail {
            entry = entry.detail(detail);
        }
        append_at(conn, &entry, q.at)?;
    }
    Ok(())
}

impl Store {
    /// Queues an entry and tries once, without waiting for a lock, to write
    /// the queue. A lock held elsewhere leaves it queued (see the module
    /// documentation for when it is written then); other failures are
    /// logged and leave it queued too.
    pub fn audit_soon(&mut self, entry: QueuedAudit) {
        self.pending_audit.push(entry);
        if let Err(e) = self.flush_audit(false)
            && !matches!(e, StoreError::Busy { .. })
        {
            tracing::warn!(error = %e, queued = self.pending_audit.len(), "audit entry queued");
        }
    }

    /// Writes the queued entries in one transaction. With `wait`, waits for
    /// the lock as any write does; without, gives up at once when another
    /// session holds it (a `Busy` error, the queue kept). Returns how many
    /// entries were written.
    pub fn flush_audit(&mut self, wait: bool) -> StoreResult<usize> {
        let queued = self.pending_audit.len();
        if queued == 0 {
            return Ok(0);
        }
        self.busy.set_no_wait(!wait);
        // An empty write: `write` adds the queued entries to it.
        let result = self.write(|_| Ok(()));
        self.busy.set_no_wait(false);
        result.map(|()| queued)
    }

    /// How many audit entries wait to be written.
    pub fn pending_audit(&self) -> usize {
        self.pending_audit.len()
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Err(e) = self.flush_audit(true) {
            tracing::error!(error = %e, lost = self.pending_audit.len(), "audit entries not written");
        }
    }
}
