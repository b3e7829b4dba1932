//! Workers' wellbeing in the database: heavy contacts as exposure, the
//! check after one, the alerts that tell a team's supervisors (a request to
//! talk, a heavy shift), and a worker's own view of their shift.

use super::{Store, StoreResult};
use crate::domain::RiskLevel;
use crate::domain::wellbeing::{Feeling, HeavyContact, NextMove, ShiftSummary, WellbeingPolicy};
use rusqlite::{OptionalExtension, Transaction, params};

/// Stored alert kinds about a worker.
pub const TALK_ALERT: &str = "talk_requested";
pub const HEAVY_SHIFT_ALERT: &str = "heavy_shift";

/// Raises an alert about `user_id` for their team's supervisors.
fn alert_about(
    tx: &Transaction<'_>,
    user_id: i64,
    kind: &str,
    severity: RiskLevel,
    note: &str,
    now: i64,
) -> StoreResult<()> {
    let team: Option<String> = tx
        .prepare_cached("SELECT team FROM users WHERE id = ?1")?
        .query_row([user_id], |r| r.get(0))
        .optional()?
        .flatten();
    tx.prepare_cached(
        "INSERT INTO alerts (case_id, kind, severity, raised_at, case_team, about_user_id, note)
         VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![kind, severity.rank(), now, team, user_id, note])?;
    Ok(())
}

impl Store {
    /// Records a heavy contact a worker handled, and tells their team's
    /// supervisors when it brings the worker's critical contacts since
    /// `shift_since` to the policy's threshold; all in one transaction.
    pub fn record_heavy_contact(
        &mut self,
        user_id: i64,
        contact_id: i64,
        level: RiskLevel,
        shift_since: i64,
        now: i64,
        policy: &WellbeingPolicy,
    ) -> StoreResult<HeavyContact> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO heavy_contacts (user_id, contact_id, level, at)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![user_id, contact_id, level.rank(), now])?;
            let critical: u32 = tx
                .prepare_cached(
                    "SELECT count(*) FROM heavy_contacts
                     WHERE user_id = ?1 AND at >= ?2 AND level = ?3",
                )?
                .query_row(
                    params![user_id, shift_since, RiskLevel::Critical.rank()],
                    |r| r.get(0),
                )?;
            let told = level == RiskLevel::Critical && policy.tells_supervisors(critical);
            if told {
                let note = format!("{critical} critical contacts this shift");
                alert_about(
                    tx,
                    user_id,
                    HEAVY_SHIFT_ALERT,
                    RiskLevel::Medium,
                    &note,
                    now,
                )?;
            }
            Ok(HeavyContact {
                contact_id,
                level,
                critical_this_shift: critical,
                supervisors_told: told,
            })
        })
    }

    /// Records the worker's answers to the check after a heavy contact. A
    /// request to talk reaches their team's supervisors at once, with how
    /// the worker said they were; nothing else of the check leaves their
    /// own view.
    pub fn record_wellbeing_check(
        &mut self,
        user_id: i64,
        contact_id: Option<i64>,
        feeling: Option<Feeling>,
        next: NextMove,
        now: i64,
    ) -> StoreResult<()> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO wellbeing_checks (user_id, contact_id, at, feeling, next_move)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                user_id,
                contact_id,
                now,
                feeling.map(Feeling::value),
                next.as_str()
            ])?;
            if next == NextMove::TalkToSupervisor {
                let note = match feeling {
                    Some(f) => format!("feels {} ({} of 5)", f.label(), f.value()),
                    None => "asked after a heavy contact".to_string(),
                };
                alert_about(tx, user_id, TALK_ALERT, RiskLevel::High, &note, now)?;
            }
            Ok(())
        })
    }

    /// A worker's own shift since `since`: contacts, heavy ones, time on
    /// contacts, breaks and checks. For that worker's eyes only.
    pub fn shift_summary(&self, user_id: i64, since: i64) -> StoreResult<ShiftSummary> {
        let conn = self.conn();
        let (contacts, time_on_contacts): (u32, i64) = conn
            .prepare_cached(
                "SELECT count(*), coalesce(sum(duration_s), 0) FROM contacts
                 WHERE operator_id = ?1 AND started_at >= ?2",
            )?
            .query_row(params![user_id, since], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let (heavy_contacts, critical_contacts): (u32, u32) = conn
            .prepare_cached(
                "SELECT count(*), coalesce(sum(level = ?3), 0) FROM heavy_contacts
                 WHERE user_id = ?1 AND at >= ?2",
            )?
            .query_row(params![user_id, since, RiskLevel::Critical.rank()], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let (checks, breaks): (u32, u32) = conn
            .prepare_cached(
                "SELECT count(*), coalesce(sum(next_move = 'break'), 0) FROM wellbeing_checks
                 WHERE user_id = ?1 AND at >= ?2",
            )?
            .query_row(params![user_id, since], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let latest: Option<i64> = conn
            .prepare_cached(
                "SELECT feeling FROM wellbeing_checks
                 WHERE user_id = ?1 AND at >= ?2 AND feeling IS NOT NULL
                 ORDER BY at DESC, id DESC LIMIT 1",
            )?
            .query_row(params![user_id, since], |r| r.get(0))
            .optional()?;
        Ok(ShiftSummary {
            contacts,
            heavy_contacts,
            critical_contacts,
            time_on_contacts,
            breaks,
            checks,
            latest_feeling: latest
                .and_then(|v| u8::try_from(v).ok())
                .and_then(Feeling::new),
        })
    }
}
