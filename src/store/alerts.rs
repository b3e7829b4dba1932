//! Urgent-case alerts shared by every session.

use super::{Store, StoreResult};
use crate::domain::Role;

impl Store {
    /// Unacknowledged alerts this user should see: all of them for
    /// supervisors and admins; those addressed to them or about their
    /// cases for everyone else.
    pub fn count_open_alerts(&self, user_id: i64, role: Role) -> StoreResult<i64> {
        let n = if role.supervises() {
            self.conn()
                .prepare_cached("SELECT count(*) FROM alerts WHERE acknowledged_at IS NULL")?
                .query_row([], |r| r.get(0))?
        } else {
            self.conn()
                .prepare_cached(
                    "SELECT count(*) FROM alerts a
                     LEFT JOIN cases c ON c.id = a.case_id
                     WHERE a.acknowledged_at IS NULL
                       AND (a.for_user_id = ?1 OR c.worker_id = ?1)",
                )?
                .query_row([user_id], |r| r.get(0))?
        };
        Ok(n)
    }
}
