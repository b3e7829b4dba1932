//! Cases. For now only opening a bare case, which referrals need; the
//! intake fills in the rest of a case.

use super::audit::{AuditEntry, append};
use super::{Store, StoreError, StoreResult};
use crate::domain::{AuditAction, CaseNumber, ResponseTimes, RiskLevel};
use chrono::{DateTime, Datelike, Utc};
use rusqlite::params;

/// A case just opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenedCase {
    pub id: i64,
    pub number: CaseNumber,
}

impl Store {
    /// Opens a case at `risk` with the next number of the year, its action
    /// deadline from `times`, a timeline entry and an audit line. Holds no
    /// personal data yet.
    pub fn open_case(
        &mut self,
        risk: RiskLevel,
        times: &ResponseTimes,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<OpenedCase> {
        self.write(|tx| {
            let year = now.year();
            let seq: i64 = tx
                .prepare_cached(
                    "INSERT INTO case_counters (year, last_seq) VALUES (?1, 1)
                     ON CONFLICT (year) DO UPDATE SET last_seq = last_seq + 1
                     RETURNING last_seq",
                )?
                .query_row([year], |r| r.get(0))?;
            let seq = u32::try_from(seq).map_err(|_| {
                StoreError::Invalid("no case numbers are left for this year".into())
            })?;
            let number = CaseNumber { year, seq };
            let at = now.timestamp();
            tx.prepare_cached(
                "INSERT INTO cases (number, risk_level, opened_at, updated_at, deadline_at, created_by)
                 VALUES (?1, ?2, ?3, ?3, ?4, ?5)",
            )?
            .execute(params![
                number.to_string(),
                risk.rank(),
                at,
                times.case_deadline(risk, now).map(|t| t.timestamp()),
                actor
            ])?;
            let id = tx.last_insert_rowid();
            tx.prepare_cached(
                "INSERT INTO case_events (case_id, at, actor_id, kind, summary)
                 VALUES (?1, ?2, ?3, 'opened', 'Case opened')",
            )?
            .execute(params![id, at, actor])?;
            append(
                tx,
                &AuditEntry::new(actor, AuditAction::CaseCreated)
                    .on("case", id)
                    .detail(risk.as_str()),
            )?;
            Ok(OpenedCase { id, number })
        })
    }
}
