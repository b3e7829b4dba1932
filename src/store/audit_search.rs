//! Reading the audit log back: who did what to which record, filtered by
//! person, case, action and period, for the `helpline audit list` command
//! and its CSV export.

use super::{Store, StoreResult};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

/// Which audit lines to read. Every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub user_id: Option<i64>,
    /// Lines about this case (its opens, views and changes).
    pub case_id: Option<i64>,
    /// A stored action name, e.g. `case_viewed`.
    pub action: Option<String>,
    /// Actions whose stored name holds this text ("glass" finds
    /// `glass_broken`), for the Audit pane.
    pub action_part: Option<String>,
    /// From this time on (UTC seconds, inclusive).
    pub since: Option<i64>,
    /// Before this time (UTC seconds, exclusive).
    pub until: Option<i64>,
}

/// One audit line as listed, with names instead of ids where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLine {
    pub id: i64,
    pub at: i64,
    pub username: Option<String>,
    pub action: String,
    pub record_type: Option<String>,
    pub record_id: Option<i64>,
    /// The case's number when the line is about a case.
    pub case_number: Option<String>,
    pub detail: Option<String>,
}

impl Store {
    /// Audit lines matching `filter`, newest first, at most `limit`.
    pub fn audit_lines(&self, filter: &AuditFilter, limit: u32) -> StoreResult<Vec<AuditLine>> {
        let mut sql = String::from(
            "SELECT a.id, a.at, u.username, a.action, a.record_type, a.record_id,
                    CASE WHEN a.record_type = 'case' THEN c.number END, a.detail
             FROM audit_log a
             LEFT JOIN users u ON u.id = a.user_id
             LEFT JOIN cases c ON a.record_type = 'case' AND c.id = a.record_id
             WHERE 1",
        );
        let mut args: Vec<Value> = Vec::new();
        if let Some(user) = filter.user_id {
            sql.push_str(" AND a.user_id = ?");
            args.push(Value::Integer(user));
        }
        if let Some(case) = filter.case_id {
            sql.push_str(" AND a.record_type = 'case' AND a.record_id = ?");
            args.push(Value::Integer(case));
        }
        if let Some(action) = &filter.action {
            sql.push_str(" AND a.action = ?");
            args.push(Value::Text(action.clone()));
        }
        if let Some(part) = &filter.action_part {
            sql.push_str(" AND instr(a.action, ?) > 0");
            args.push(Value::Text(part.clone()));
        }
        if let Some(since) = filter.since {
            sql.push_str(" AND a.at >= ?");
            args.push(Value::Integer(since));
        }
        if let Some(until) = filter.until {
            sql.push_str(" AND a.at < ?");
            args.push(Value::Integer(until));
        }
        sql.push_str(" ORDER BY a.id DESC LIMIT ?");
        args.push(Value::Integer(i64::from(limit)));
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok(AuditLine {
                id: r.get(0)?,
                at: r.get(1)?,
                username: r.get(2)?,
                action: r.get(3)?,
                record_type: r.get(4)?,
                record_id: r.get(5)?,
                case_number: r.get(6)?,
                detail: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether the account may read the audit log: a supervisor or an
    /// admin, not disabled, read afresh so a change of role applies at once.
    pub fn may_read_audit(&self, user_id: i64) -> StoreResult<bool> {
        Ok(self
            .find_login_by_id(user_id)?
            .is_some_and(|login| !login.disabled && login.user.role.supervises()))
    }

    /// The id of the case numbered `number`, if there is one.
    pub fn case_id_numbered(&self, number: &str) -> StoreResult<Option<i64>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT id FROM cases WHERE number = ?1")?
            .query_row([number.trim().to_uppercase()], |r| r.get(0))
            .optional()?)
    }
}
