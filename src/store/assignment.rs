//! Assigning cases to case workers, with each worker's open caseload
//! weighted by risk so supervisors can spread the work fairly.

use super::audit::{AuditEntry, append};
use super::{Store, StoreError, StoreResult};
use crate::domain::AuditAction;
use rusqlite::{OptionalExtension, params};

/// A case worker and the weight of their open cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerLoad {
    pub user_id: i64,
    pub display_name: String,
    pub team: Option<String>,
    pub open_cases: i64,
    /// Open cases weighted by risk: none and low 1, medium 2, high 3,
    /// critical 5 — a critical case asks far more of a worker.
    pub weighted: i64,
}

impl Store {
    /// Every enabled case worker with their open caseload, least loaded first.
    pub fn worker_caseloads(&self) -> StoreResult<Vec<WorkerLoad>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT u.id, u.display_name, u.team,
                    count(c.id),
                    coalesce(sum(CASE WHEN c.id IS NULL THEN 0 WHEN c.risk_level = 4 THEN 5
                                  WHEN c.risk_level = 3 THEN 3 WHEN c.risk_level = 2 THEN 2
                                  ELSE 1 END), 0) AS weighted
             FROM users u
             LEFT JOIN cases c ON c.worker_id = u.id AND c.status <> 'closed'
             WHERE u.role = 'caseworker' AND u.disabled = 0
             GROUP BY u.id
             ORDER BY weighted, count(c.id), u.display_name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(WorkerLoad {
                user_id: r.get(0)?,
                display_name: r.get(1)?,
                team: r.get(2)?,
                open_cases: r.get(3)?,
                weighted: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Assigns (or reassigns) a case to a case worker if nobody changed the
    /// case since `version` was read; the case takes the worker's team.
    /// Returns the new version.
    pub fn assign_case(
        &mut self,
        case_id: i64,
        version: i64,
        worker_id: i64,
        actor: i64,
        now: i64,
    ) -> StoreResult<i64> {
        self.write(|tx| {
            let worker: Option<(String, Option<String>, String)> = tx
                .query_row(
                    "SELECT display_name, team, role FROM users WHERE id = ?1 AND disabled = 0",
                    [worker_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((name, team, role)) = worker else {
                return Err(StoreError::NotFound {
                    what: "case worker".into(),
                });
            };
            if role != "caseworker" {
                return Err(StoreError::Invalid(
                    "cases are assigned to case workers".into(),
                ));
            }
            let changed = tx.execute(
                "UPDATE cases SET worker_id = ?1, team = coalesce(?2, team), assigned_at = ?3,
                                  updated_at = ?3, version = version + 1
                 WHERE id = ?4 AND version = ?5",
                params![worker_id, team, now, case_id, version],
            )?;
            if changed == 0 {
                return Err(StoreError::Conflict { what: "the case" });
            }
            tx.execute(
                "INSERT INTO case_events (case_id, at, actor_id, kind, summary, ref_id)
                 VALUES (?1, ?2, ?3, 'assigned', ?4, ?5)",
                params![
                    case_id,
                    now,
                    actor,
                    format!("Assigned to {name}"),
                    worker_id
                ],
            )?;
            append(
                tx,
                &AuditEntry::new(Some(actor), AuditAction::CaseUpdated)
                    .on("case", case_id)
                    .detail("assigned"),
            )?;
            Ok(version + 1)
        })
    }
}
