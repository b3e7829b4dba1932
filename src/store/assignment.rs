//! Assigning cases to case workers, with each worker's open caseload
//! weighted by risk so supervisors can spread the work fairly.

use super::audit::{AuditEntry, append};
use super::{Store, StoreError, StoreResult};
use crate::domain::AuditAction;
use crate::domain::workload::{LevelCounts, OverCap, RiskWeights};
use rusqlite::{OptionalExtension, params};

/// A case worker and the weight of their open cases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerLoad {
    pub user_id: i64,
    pub display_name: String,
    pub team: Option<String>,
    pub open_cases: i64,
    /// Open cases weighted by risk (`[floor]` weights; by default none and
    /// low 1, medium 2, high 3, critical 5: a critical case asks far more
    /// of a worker).
    pub weighted: i64,
    /// Open cases by level.
    pub by_level: LevelCounts,
    /// Assigning the case at hand would take the worker over the cap (set
    /// by the app, which knows the case and the cap).
    pub over_cap: Option<OverCap>,
}

impl Store {
    /// Every enabled case worker with their open caseload, least loaded
    /// first, weighted by the default weights.
    pub fn worker_caseloads(&self) -> StoreResult<Vec<WorkerLoad>> {
        self.worker_caseloads_with(&RiskWeights::default())
    }

    /// Every enabled case worker with their open caseload by level and
    /// weighted by `weights`, least loaded first.
    pub fn worker_caseloads_with(&self, weights: &RiskWeights) -> StoreResult<Vec<WorkerLoad>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT u.id, u.display_name, u.team,
                    count(c.id) FILTER (WHERE c.risk_level <= 0),
                    count(c.id) FILTER (WHERE c.risk_level = 1),
                    count(c.id) FILTER (WHERE c.risk_level = 2),
                    count(c.id) FILTER (WHERE c.risk_level = 3),
                    count(c.id) FILTER (WHERE c.risk_level >= 4)
             FROM users u
             LEFT JOIN cases c ON c.worker_id = u.id AND c.status <> 'closed'
             WHERE u.role = 'caseworker' AND u.disabled = 0
             GROUP BY u.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let mut by_level = LevelCounts::default();
            for (i, slot) in by_level.0.iter_mut().enumerate() {
                *slot = u32::try_from(r.get::<_, i64>(3 + i)?).unwrap_or(u32::MAX);
            }
            Ok(WorkerLoad {
                user_id: r.get(0)?,
                display_name: r.get(1)?,
                team: r.get(2)?,
                open_cases: i64::from(by_level.total()),
                weighted: i64::from(by_level.weighted(weights)),
                by_level,
                over_cap: None,
            })
        })?;
        let mut workers: Vec<WorkerLoad> = rows.collect::<Result<_, _>>()?;
        workers.sort_by(|a, b| {
            (a.weighted, a.open_cases, &a.display_name).cmp(&(
                b.weighted,
                b.open_cases,
                &b.display_name,
            ))
        });
        Ok(workers)
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
        self.assign_case_above_cap(case_id, version, worker_id, actor, now, None)
    }

    /// [`Store::assign_case`], with the supervisor's reason when the
    /// assignment takes the worker above the caseload cap: the reason goes
    /// on the case's timeline with the assignment, and the audit line says
    /// the cap was passed.
    pub fn assign_case_above_cap(
        &mut self,
        case_id: i64,
        version: i64,
        worker_id: i64,
        actor: i64,
        now: i64,
        above_cap: Option<&str>,
    ) -> StoreResult<i64> {
        let reason = above_cap.map(str::trim);
        if reason.is_some_and(str::is_empty) {
            return Err(StoreError::Invalid(
                "give a reason for assigning above the caseload cap".into(),
            ));
        }
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
            let summary = match reason {
                Some(_) => format!("Assigned to {name}, above the caseload cap"),
                None => format!("Assigned to {name}"),
            };
            tx.execute(
                "INSERT INTO case_events (case_id, at, actor_id, kind, summary, body, ref_id)
                 VALUES (?1, ?2, ?3, 'assigned', ?4, ?5, ?6)",
                params![
                    case_id,
                    now,
                    actor,
                    summary,
                    reason.map(|r| format!("Reason for passing the cap: {r}")),
                    worker_id
                ],
            )?;
            append(
                tx,
                &AuditEntry::new(Some(actor), AuditAction::CaseUpdated)
                    .on("case", case_id)
                    .detail(if reason.is_some() {
                        "assigned above the caseload cap"
                    } else {
                        "assigned"
                    }),
            )?;
            Ok(version + 1)
        })
    }
}
