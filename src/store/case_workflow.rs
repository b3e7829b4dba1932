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

    /// [`Store::move_case`], returning only the new version.
    pub fn change_case_status(
        &mut self,
        case_id: i64,
        version: i64,
        step: &CaseMove,
        workflow: &Workflow,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        self.move_case(case_id, version, step, workflow, actor, now)
            .map(StepOutcome::version)
    }

    /// Makes the move `step` if nobody changed the case since `version` was read
    /// (else [`StoreError::Conflict`]) and `workflow` allows the move (else
    /// [`StoreError::Invalid`]). Closing stores the reason's code, the
    /// outcome note and the time, unless the closure needs a supervisor's
    /// approval: then it records a closure request and the case stays at
    /// its step (see `closure_requests`). Reopening a closed case needs a
    /// written reason: [`Store::reopen_case`].
    pub fn move_case(
        &mut self,
        case_id: i64,
        version: i64,
        step: &CaseMove,
        workflow: &Workflow,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<StepOutcome> {
        let (to, close) = (step.to, &step.close);
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
            if to == CaseStatus::Closed {
                let reason = close.reason.clone().ok_or_else(|| {
                    StoreError::Invalid("closing a case needs a closure reason".into())
                })?;
                let request = ClosureToMake {
                    case_id,
                    version,
                    from: step.status,
                    reason,
                    outcome_note: close.outcome_note.trim().to_string(),
                };
                return super::closure_requests::close_or_request(tx, &request, actor, at);
            }
            if step.status == CaseStatus::Closed {
                return Err(StoreError::Invalid(
                    "reopening a case needs a written reason".into(),
                ));
            }
            let changed = tx
                .prepare_cached(
                    // Acting on the case again ends a sent-back closure's
                    // notice on its header.
                    "UPDATE cases SET status = ?1, updated_at = ?2, version = version + 1,
                            closure_request = CASE WHEN closure_request = 'sent_back'
                                                   THEN NULL ELSE closure_request END
                     WHERE id = ?3 AND version = ?4",
                )?
                .execute(params![to.as_str(), at, case_id, version])?;
            if changed == 0 {
                return Err(StoreError::Conflict { what: "the case" });
            }
            let summary = format!("Step: {} -> {}", step.status.label(), to.label());
            tx.prepare_cached(
                "INSERT INTO case_events (case_id, at, actor_id, kind, summary)
                 VALUES (?1, ?2, ?3, 'status', ?4)",
            )?
            .execute(params![case_id, at, actor, summary])?;
            append(
                tx,
                &AuditEntry::new(actor, AuditAction::CaseUpdated)
                    .on("case", case_id)
                    .detail(&format!("status:{}>{}", step.status, to)),
            )?;
            Ok(StepOutcome::Moved(version + 1))
        })
    }
}

/// A closure asked for: the case, the version it was read at, its step,
/// and why and how it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ClosureToMake {
    pub case_id: i64,
    pub version: i64,
    pub from: CaseStatus,
    pub reason: ClosureReason,
    pub outcome_note: String,
}

/// What a step change did. Closing a case that needs a supervisor's
/// approval records a request instead of closing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    /// Moved (or closed at once); the new version.
    Moved(i64),
    /// Closed by a supervisor, approved at once; the new version.
    ClosedApproved(i64),
    /// The closure waits for a supervisor's approval; the new version.
    ClosureRequested(i64),
}

impl StepOutcome {
    /// The case's version after the change.
    pub fn version(self) -> i64 {
        match self {
            StepOutcome::Moved(v)
            | StepOutcome::ClosedApproved(v)
            | StepOutcome::ClosureRequested(v) => v,
        }
    }
}
