//! Moving a case between case-management steps, by the workflow rules,
//! with an optimistic version check, a timeline entry and an audit line in
//! one transaction.

use super::audit::{AuditEntry, append};
use super::{Store, StoreError, StoreResult};
use crate::domain::workflow::{CloseInfo, ClosureReason, Workflow};
use crate::domain::{AuditAction, CaseStatus, RiskLevel};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

/// Why a move to the case-plan step is refused.
pub const PLAN_NEEDS_A_GOAL: &str =
    "the case plan step needs at least one goal: add a goal to the case's plan first";

/// Where a case stands in the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseStep {
    pub status: CaseStatus,
    pub risk: RiskLevel,
    /// Pass back to [`Store::change_case_status`].
    pub version: i64,
}

/// A move to make: the step to go to and, when closing, why and how the
/// case ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseMove {
    pub to: CaseStatus,
    pub close: CloseInfo,
}

impl CaseMove {
    /// A move to `step` that is not a closure.
    pub fn to(step: CaseStatus) -> CaseMove {
        CaseMove {
            to: step,
            close: CloseInfo::default(),
        }
    }

    /// Closing the case for `reason`, with an outcome note.
    pub fn close(reason: ClosureReason, outcome_note: &str) -> CaseMove {
        CaseMove {
            to: CaseStatus::Closed,
            close: CloseInfo {
                reason: Some(reason),
                outcome_note: outcome_note.to_string(),
            },
        }
    }
}

fn load_step(conn: &Connection, case_id: i64) -> StoreResult<CaseStep> {
    let row: Option<(String, i64, i64)> = conn
        .prepare_cached("SELECT status, risk_level, version FROM cases WHERE id = ?1")?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (status, risk, version) = row.ok_or_else(|| StoreError::NotFound {
        what: "case".into(),
    })?;
    let status = status
        .parse::<CaseStatus>()
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok(CaseStep {
        status,
        risk: RiskLevel::from_rank(risk),
        version,
    })
}

impl Store {
    /// The step, risk level and version of a case.
    pub fn case_step(&self, case_id: i64) -> StoreResult<CaseStep> {
        load_step(self.conn(), case_id)
    }

    /// Makes the move `step` if nobody changed the case since `version` was read
    /// (else [`StoreError::Conflict`]) and `workflow` allows the move (else
    /// [`StoreError::Invalid`]). Closing stores the reason's code, the
    /// outcome note and the time; reopening clears them, and the timeline
    /// keeps what they were. Returns the new version.
    pub fn change_case_status(
        &mut self,
        case_id: i64,
        version: i64,
        step: &CaseMove,
        workflow: &Workflow,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let (to, close) = (step.to, &step.close);
        let rules = self.schedule_rules();
        let plans = self.plans;
        self.write(|tx| {
            let step = load_step(tx, case_id)?;
            if step.version != version {
                return Err(StoreError::Conflict { what: "the case" });
            }
            workflow
                .check(step.status, to, close)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            if to == CaseStatus::CasePlan
                && plans
                && super::case_plans::goal_count(tx, case_id)? == 0
            {
                return Err(StoreError::Invalid(PLAN_NEEDS_A_GOAL.into()));
            }
            let at = now.timestamp();
            // "No contact for N days" must be true of the case's contacts.
            if to == CaseStatus::Closed
                && matches!(close.reason, Some(ClosureReason::NoContact { .. }))
            {
                let last: Option<i64> = tx.query_row(
                    "SELECT max(started_at) FROM contacts WHERE case_id = ?1",
                    [case_id],
                    |r| r.get(0),
                )?;
                let quiet_days = last.map(|t| (at - t) / 86_400);
                let needed = i64::from(workflow.no_contact_days());
                if let Some(days) = quiet_days.filter(|d| *d < needed) {
                    return Err(StoreError::Invalid(format!(
                        "the last contact was {days} day(s) ago; \"no contact\" needs {needed}"
                    )));
                }
            }
            let closing = to == CaseStatus::Closed;
            let reason = close.reason.as_ref().filter(|_| closing);
            let note = closing.then(|| close.outcome_note.trim());
            let changed = tx
                .prepare_cached(
                    "UPDATE cases SET status = ?1, closed_at = ?2, closure_reason = ?3,
                            outcome_note = ?4, updated_at = ?5, version = version + 1,
                            -- A closed case has nothing left to do by a deadline.
                            deadline_at = CASE WHEN ?1 = 'closed' THEN NULL ELSE deadline_at END
                     WHERE id = ?6 AND version = ?7",
                )?
                .execute(params![
                    to.as_str(),
                    closing.then_some(at),
                    reason.map(ClosureReason::code),
                    note,
                    at,
                    case_id,
                    version
                ])?;
            if changed == 0 {
                return Err(StoreError::Conflict { what: "the case" });
            }
            if step.status == CaseStatus::Closed && to != CaseStatus::Closed {
                // Reopened: followed up again from now, by its level.
                super::follow_ups::schedule_on_open(tx, rules.as_deref(), case_id, step.risk, at)?;
            }
            let mut summary = format!("Step: {} -> {}", step.status.label(), to.label());
            if let Some(reason) = reason {
                summary.push_str(&format!(" ({})", reason.label()));
            }
            // Closing resolves the case's open alerts in the same transaction.
            if closing {
                match super::alerts::resolve_for_closed_case(tx, case_id, actor, at)? {
                    0 => {}
                    1 => summary.push_str("; its open alert resolved"),
                    n => summary.push_str(&format!("; its {n} open alerts resolved")),
                }
            }
            // The free text of a closure belongs to the case record only.
            let body = reason.map(|r| match r {
                ClosureReason::Other(text) => format!("{}\n\n{}", text.trim(), note.unwrap_or("")),
                ClosureReason::NoContact { days } => {
                    format!("No contact for {days} days.\n\n{}", note.unwrap_or(""))
                }
                _ => note.unwrap_or("").to_string(),
            });
            tx.prepare_cached(
                "INSERT INTO case_events (case_id, at, actor_id, kind, summary, body)
                 VALUES (?1, ?2, ?3, 'status', ?4, ?5)",
            )?
            .execute(params![case_id, at, actor, summary, body])?;
            let detail = match reason {
                Some(r) => format!("status:{}>{} reason:{}", step.status, to, r.code()),
                None => format!("status:{}>{}", step.status, to),
            };
            append(
                tx,
                &AuditEntry::new(actor, AuditAction::CaseUpdated)
                    .on("case", case_id)
                    .detail(&detail),
            )?;
            Ok(version + 1)
        })
    }
}
