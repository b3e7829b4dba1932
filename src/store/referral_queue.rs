//! The referral queue supervisors work from, and the alerts raised for
//! referrals that passed their due time.

use super::audit::{AuditEntry, append};
use super::referrals::{status_of, ts};
use super::services::service_type_of;
use super::{Page, Store, StoreResult};
use crate::domain::referral::Referral;
use crate::domain::{AuditAction, ReferralStatus, RiskLevel, ServiceType, Urgency};
use chrono::{DateTime, Duration, Utc};
use rusqlite::params;

/// The alert kind raised for an overdue referral.
pub const REFERRAL_OVERDUE: &str = "referral_overdue";

/// The statuses of open referrals, as SQL; the same list as the partial
/// index `referrals_open_queue`, so the planner can use it.
const OPEN_STATUSES: &str = "('pending', 'sent', 'acknowledged', 'accepted')";

/// Which referrals the queue shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueFilter {
    pub organisation_id: Option<i64>,
    pub service_type: Option<ServiceType>,
    /// `None` shows every open referral; a status shows only that one,
    /// closed ones included (to review what was declined, say).
    pub status: Option<ReferralStatus>,
}

/// One line of the referral queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub referral_id: i64,
    pub version: i64,
    pub case_id: i64,
    pub case_number: String,
    pub case_risk: RiskLevel,
    pub service_id: i64,
    pub service_name: String,
    pub service_type: ServiceType,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub status: ReferralStatus,
    pub urgency: Urgency,
    pub due_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// How long past due it is; `None` when not due yet or no longer open.
    pub overdue_by: Option<Duration>,
}

impl QueueRow {
    /// Open and past its due time.
    pub fn is_overdue(&self) -> bool {
        self.overdue_by.is_some()
    }
}

impl Store {
    /// The referral queue at `now`: most urgent first, then the longest
    /// overdue (the earliest due), one page at a time.
    pub fn referral_queue(
        &self,
        filter: &QueueFilter,
        page: Page,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<QueueRow>> {
        let (index, status_clause) = match filter.status {
            Some(_) => ("", "r.status = ?1".to_string()),
            // ?1 is still bound (NULL) so both forms take the same parameters.
            // Left to itself the planner reads every open referral through
            // `referrals_by_status` and sorts them (40 ms for 18,000 on a
            // million-case database); the open-queue index is already in
            // list order, so a page reads only its own rows.
            None => (
                "INDEXED BY referrals_open_queue",
                format!("(?1 IS NULL AND r.status IN {OPEN_STATUSES})"),
            ),
        };
        let sql = format!(
            "SELECT r.id, r.version, r.case_id, c.number, c.risk_level, s.id, s.name,
                    s.service_type, o.id, o.name, r.status, r.urgency, r.due_at, r.created_at
             FROM referrals r {index}
             JOIN cases c ON c.id = r.case_id
             JOIN services s ON s.id = r.service_id
             JOIN organisations o ON o.id = s.organisation_id
             WHERE {status_clause}
               AND (?2 IS NULL OR s.organisation_id = ?2)
               AND (?3 IS NULL OR s.service_type = ?3)
             ORDER BY r.urgency DESC, r.due_at, r.id
             LIMIT ?4 OFFSET ?5"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                filter.status.map(ReferralStatus::as_str),
                filter.organisation_id,
                filter.service_type.map(ServiceType::as_str),
                page.sql_limit(),
                page.sql_offset()
            ],
            |r| {
                let status = status_of(r, 10)?;
                let urgency = Urgency::from_rank(r.get(11)?);
                let due_at = ts(r.get(12)?);
                let rules = Referral {
                    status,
                    urgency,
                    due_at,
                    decline_reason: None,
                    cancel_reason: None,
                };
                Ok(QueueRow {
                    referral_id: r.get(0)?,
                    version: r.get(1)?,
                    case_id: r.get(2)?,
                    case_number: r.get(3)?,
                    case_risk: RiskLevel::from_rank(r.get(4)?),
                    service_id: r.get(5)?,
                    service_name: r.get(6)?,
                    service_type: service_type_of(r, 7)?,
                    organisation_id: r.get(8)?,
                    organisation_name: r.get(9)?,
                    status,
                    urgency,
                    due_at,
                    created_at: ts(r.get(13)?),
                    overdue_by: rules.overdue_by(now),
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Raises one `referral_overdue` alert, for every supervisor, for each
    /// open referral past due at `now` that has none yet, with the case's
    /// risk level as its severity. Running it again raises nothing new.
    /// Returns how many alerts were raised.
    pub fn raise_overdue_referral_alerts(&mut self, now: DateTime<Utc>) -> StoreResult<usize> {
        self.write(|tx| {
            let overdue: Vec<(i64, i64, i64)> = {
                let mut stmt = tx.prepare_cached(&format!(
                    "SELECT r.id, r.case_id, c.risk_level FROM referrals r
                     JOIN cases c ON c.id = r.case_id
                     WHERE r.status IN {OPEN_STATUSES} AND r.due_at < ?1
                       AND c.status <> 'closed'
                       AND NOT EXISTS (SELECT 1 FROM alerts a
                                       WHERE a.referral_id = r.id AND a.kind = ?2)
                     ORDER BY r.due_at"
                ))?;
                stmt.query_map(params![now.timestamp(), REFERRAL_OVERDUE], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?
                .collect::<Result<_, _>>()?
            };
            let mut insert = tx.prepare_cached(
                "INSERT INTO alerts (case_id, kind, severity, raised_at, referral_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for &(referral_id, case_id, risk) in &overdue {
                let severity = RiskLevel::from_rank(risk).rank();
                insert.execute(params![
                    case_id,
                    REFERRAL_OVERDUE,
                    severity,
                    now.timestamp(),
                    referral_id
                ])?;
                let alert_id = tx.last_insert_rowid();
                append(
                    tx,
                    &AuditEntry::new(None, AuditAction::AlertRaised)
                        .on("alert", alert_id)
                        .detail(REFERRAL_OVERDUE),
                )?;
            }
            Ok(overdue.len())
        })
    }
}
