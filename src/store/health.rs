//! Checks for `helpline doctor`.

use super::{Store, StoreResult};

impl Store {
    /// SQLite's own consistency check: "ok", or the problems it found.
    pub fn integrity_problems(&self) -> StoreResult<Vec<String>> {
        let mut stmt = self.conn().prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(rows.into_iter().filter(|r| r != "ok").collect())
    }

    /// How many rows point at a record that does not exist.
    pub fn foreign_key_violations(&self) -> StoreResult<i64> {
        let mut stmt = self.conn().prepare("PRAGMA foreign_key_check")?;
        let mut rows = stmt.query([])?;
        let mut n = 0;
        while rows.next()?.is_some() {
            n += 1;
        }
        Ok(n)
    }

    /// The journal mode in force (helpline needs `wal`).
    pub fn journal_mode(&self) -> StoreResult<String> {
        Ok(self
            .conn()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))?)
    }
}
