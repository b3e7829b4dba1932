//! Closures that wait for a supervisor (issue 12, item 7): recording the
//! request, approving it (the case closes), sending it back with a reason,
//! the approvals list, and reopening a closed case with a reason. Each
//! action is one transaction with a version check, a timeline entry and
//! an audit line.

use super::audit::{AuditEntry, append};
use super::case_workflow::{ClosureToMake, StepOutcome};
use super::{Store, StoreError, StoreResult};
use crate::domain::closure_approval::{
    ClosurePath, RequestState, check_decision_text, closure_path,
};
use crate::domain::workflow::{ClosureReason, Workflow};
use crate::domain::{AuditAction, CaseStatus, RiskLevel, Role};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

/// A closure request as the case header and the approvals list show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureRequest {
    pub id: i64,
    pub case_id: i64,
    pub state: RequestState,
    /// The reason asked for, with its words ("other") and period ("no
    /// contact").
    pub reason: ClosureReason,
    pub outcome_note: String,
    pub requested_by: Option<String>,
    pub requested_at: i64,
    pub decided_by: Option<String>,
    /// Why it was sent back.
    pub decision_note: Option<String>,
}

/// One line of the approvals list: a pending request and its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingClosure {
    pub request: ClosureRequest,
    pub case_number: String,
    pub risk: RiskLevel,
    pub child_name: Option<String>,
}

const REQUEST_COLUMNS: &str = "r.id, r.case_id, r.state, r.reason, r.reason_text,
     r.no_contact_days, r.outcome_note, q.display_name, r.requested_at,
     d.display_name, r.decision_note";

const REQUEST_JOINS: &str = "LEFT JOIN users q ON q.id = r.requested_by
     LEFT JOIN users d ON d.id = r.decided_by";

fn request_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ClosureRequest> {
    let state: String = r.get(2)?;
    let code: String = r.get(3)?;
    let text: Option<String> = r.get(4)?;
    let days: Option<i64> = r.get(5)?;
    let days = u32::try_from(days.unwrap_or(0)).unwrap_or(0);
    let reason = match ClosureReason::from_code(&code, days) {
        Some(ClosureReason::Other(_)) => ClosureReason::Other(text.unwrap_or_default()),
        Some(reason) => reason,
        None => ClosureReason::Other(code),
    };
    Ok(ClosureRequest {
        id: r.get(0)?,
        case_id: r.get(1)?,
        state: RequestState::parse(&state).unwrap_or(RequestState::Pending),
        reason,
        outcome_note: r.get(6)?,
        requested_by: r.get(7)?,
        requested_at: r.get(8)?,
        decided_by: r.get(9)?,
        decision_note: r.get(10)?,
    })
}

fn role_of(tx: &Transaction<'_>, actor: Option<i64>) -> StoreResult<Option<Role>> {
    let Some(id) = actor else {
        return Ok(None);
    };
    let role: Option<String> = tx
        .prepare_cached("SELECT role FROM users WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(role.and_then(|r| r.parse().ok()))
}

fn require_supervisor(tx: &Transaction<'_>, actor: i64, what: &str) -> StoreResult<()> {
    if role_of(tx, Some(actor))?.is_some_and(Role::supervises) {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!("only supervisors {what}")))
    }
}

fn pending_request(tx: &Transaction<'_>, case_id: i64) -> StoreResult<Option<ClosureRequest>> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {REQUEST_COLUMNS} FROM closure_requests r {REQUEST_JOINS}
             WHERE r.case_id = ?1 AND r.state = 'pending'"
        ))?
        .query_row([case_id], request_row)
        .optional()?)
}

/// The highest level the case ever held (the store keeps it when the
/// level changes), its step and version.
fn peak_and_step(tx: &Transaction<'_>, case_id: i64) -> StoreResult<(RiskLevel, CaseStatus, i64)> {
    let row: Option<(i64, String, i64)> = tx
        .prepare_cached(
            "SELECT max(peak_risk_level, risk_level), status, version FROM cases WHERE id = ?1",
        )?
        .query_row([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (peak, status, version) = row.ok_or_else(|| StoreError::NotFound {
        what: "case".into(),
    })?;
    let status = status
        .parse::<CaseStatus>()
        .map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok((RiskLevel::from_rank(peak), status, version))
}

fn reason_columns(reason: &ClosureReason) -> (Option<&str>, Option<u32>) {
    match reason {
        ClosureReason::Other(text) => (Some(text.trim()), None),
        ClosureReason::NoContact { days } => (None, Some(*days)),
        _ => (None, None),
    }
}

/// The timeline body of a closure: the reason's own words, then the note.
fn closure_body(reason: &ClosureReason, note: &str) -> String {
    match reason {
        ClosureReason::Other(text) => format!("{}\n\n{note}", text.trim()),
        ClosureReason::NoContact { days } => format!("No contact for {days} days.\n\n{note}"),
        _ => note.to_string(),
    }
}

fn event(
    tx: &Transaction<'_>,
    case_id: i64,
    at: i64,
    actor: Option<i64>,
    kind: &str,
    summary: &str,
    body: Option<&str>,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO case_events (case_id, at, actor_id, kind, summary, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![case_id, at, actor, kind, summary, body])?;
    Ok(())
}

/// Closes the case row (version checked), resolves its open alerts and
/// writes the timeline entry; `how` ends its summary.
fn close_case_row(
    tx: &Transaction<'_>,
    close: &ClosureToMake,
    actor: Option<i64>,
    at: i64,
    how: &str,
) -> StoreResult<()> {
    let changed = tx
        .prepare_cached(
            "UPDATE cases SET status = 'closed', closed_at = ?1, closure_reason = ?2,
                    outcome_note = ?3, updated_at = ?1, version = version + 1,
                    closure_request = NULL, reopen_reason = NULL,
                    -- A closed case has nothing left to do by a deadline.
                    deadline_at = NULL
             WHERE id = ?4 AND version = ?5",
        )?
        .execute(params![
            at,
            close.reason.code(),
            close.outcome_note,
            close.case_id,
            close.version
        ])?;
    if changed == 0 {
        return Err(StoreError::Conflict { what: "the case" });
    }
    let mut summary = format!(
        "Step: {} -> {} ({}){how}",
        close.from.label(),
        CaseStatus::Closed.label(),
        close.reason.label()
    );
    // Closing resolves the case's open alerts in the same transaction.
    match super::alerts::resolve_for_closed_case(tx, close.case_id, actor, at)? {
        0 => {}
        1 => summary.push_str("; its open alert resolved"),
        n => summary.push_str(&format!("; its {n} open alerts resolved")),
    }
    // The free text of a closure belongs to the case record only.
    let body = closure_body(&close.reason, &close.outcome_note);
    event(
        tx,
        close.case_id,
        at,
        actor,
        "status",
        &summary,
        Some(&body),
    )?;
    append(
        tx,
        &AuditEntry::new(actor, AuditAction::CaseUpdated)
            .on("case", close.case_id)
            .detail(&format!(
                "status:{}>closed reason:{}",
                close.from,
                close.reason.code()
            )),
    )
}

fn insert_request(
    tx: &Transaction<'_>,
    close: &ClosureToMake,
    actor: Option<i64>,
    at: i64,
    state: RequestState,
) -> StoreResult<i64> {
    let (text, days) = reason_columns(&close.reason);
    let decided = state == RequestState::Approved;
    tx.prepare_cached(
        "INSERT INTO closure_requests (case_id, reason, reason_text, no_contact_days,
             outcome_note, requested_by, requested_at, state, decided_by, decided_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        close.case_id,
        close.reason.code(),
        text,
        days,
        close.outcome_note,
        actor,
        at,
        state.as_str(),
        actor.filter(|_| decided),
        decided.then_some(at)
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Closes the case, or records a closure request when the closure needs a
/// supervisor's approval (the case was ever high or critical, or the
/// reason is "no contact" or the survivor's request). A supervisor's own
/// closure is approved at once. The caller checked the workflow rules.
pub(super) fn close_or_request(
    tx: &Transaction<'_>,
    close: &ClosureToMake,
    actor: Option<i64>,
    at: i64,
) -> StoreResult<StepOutcome> {
    let (peak, _, _) = peak_and_step(tx, close.case_id)?;
    if pending_request(tx, close.case_id)?.is_some() {
        return Err(StoreError::Invalid(
            "a closure of this case already waits for a supervisor's approval".into(),
        ));
    }
    let role = role_of(tx, actor)?;
    match closure_path(peak, &close.reason, role) {
        ClosurePath::Immediate => {
            close_case_row(tx, close, actor, at, "")?;
            Ok(StepOutcome::Moved(close.version + 1))
        }
        ClosurePath::ApprovedBySupervisor => {
            let id = insert_request(tx, close, actor, at, RequestState::Approved)?;
            close_case_row(
                tx,
                close,
                actor,
                at,
                "; approved at once by the closing supervisor",
            )?;
            append(
                tx,
                &AuditEntry::new(actor, AuditAction::ClosureApproved)
                    .on("case", close.case_id)
                    .detail(&format!("request:{id} own")),
            )?;
            Ok(StepOutcome::ClosedApproved(close.version + 1))
        }
        ClosurePath::NeedsApproval => {
            let changed = tx
                .prepare_cached(
                    "UPDATE cases SET closure_request = 'pending', updated_at = ?1,
                            version = version + 1
                     WHERE id = ?2 AND version = ?3",
                )?
                .execute(params![at, close.case_id, close.version])?;
            if changed == 0 {
                return Err(StoreError::Conflict { what: "the case" });
            }
            let id = insert_request(tx, close, actor, at, RequestState::Pending)?;
            let summary = format!(
                "Closure requested ({}): waits for a supervisor's approval",
                close.reason.label()
            );
            let body = closure_body(&close.reason, &close.outcome_note);
            event(
                tx,
                close.case_id,
                at,
                actor,
                "closure",
                &summary,
                Some(&body),
            )?;
            append(
                tx,
                &AuditEntry::new(actor, AuditAction::ClosureRequested)
                    .on("case", close.case_id)
                    .detail(&format!("request:{id} reason:{}", close.reason.code())),
            )?;
            Ok(StepOutcome::ClosureRequested(close.version + 1))
        }
    }
}

/// The latest closure request of a case, if it ever had one.
pub(super) fn latest_request(
    conn: &rusqlite::Connection,
    case_id: i64,
) -> StoreResult<Option<ClosureRequest>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {REQUEST_COLUMNS} FROM closure_requests r {REQUEST_JOINS}
             WHERE r.case_id = ?1 ORDER BY r.id DESC LIMIT 1"
        ))?
        .query_row([case_id], request_row)
        .optional()?)
}

impl Store {
    /// The latest closure request of a case, if it ever had one.
    pub fn latest_closure_request(&self, case_id: i64) -> StoreResult<Option<ClosureRequest>> {
        latest_request(self.conn(), case_id)
    }

    /// The approvals list: closure requests waiting for a supervisor,
    /// oldest first, at most `limit`.
    pub fn pending_closures(&self, limit: u32) -> StoreResult<Vec<PendingClosure>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {REQUEST_COLUMNS}, c.number, c.risk_level, c.child_name
             FROM closure_requests r JOIN cases c ON c.id = r.case_id {REQUEST_JOINS}
             WHERE r.state = 'pending'
             ORDER BY r.requested_at, r.id LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit], |r| {
            Ok(PendingClosure {
                request: request_row(r)?,
                case_number: r.get(11)?,
                risk: RiskLevel::from_rank(r.get(12)?),
                child_name: r.get(13)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A supervisor approves the closure waiting on the case: it closes
    /// with the requested reason and note, if nobody changed the case since
    /// `version` (else a conflict) and the workflow still allows closing
    /// from its step. Returns the new version.
    pub fn approve_closure(
        &mut self,
        case_id: i64,
        version: i64,
        workflow: &Workflow,
        actor: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let at = now.timestamp();
        self.write(|tx| {
            require_supervisor(tx, actor, "approve closures")?;
            let (_, from, current) = peak_and_step(tx, case_id)?;
            if current != version {
                return Err(StoreError::Conflict { what: "the case" });
            }
            let request = pending_request(tx, case_id)?.ok_or_else(|| {
                StoreError::Invalid("no closure of this case waits for approval".into())
            })?;
            let close = ClosureToMake {
                case_id,
                version,
                from,
                reason: request.reason.clone(),
                outcome_note: request.outcome_note.clone(),
            };
            let info = crate::domain::workflow::CloseInfo {
                reason: Some(close.reason.clone()),
                outcome_note: close.outcome_note.clone(),
            };
            workflow
                .check(from, CaseStatus::Closed, &info)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            let by = request
                .requested_by
                .as_deref()
                .unwrap_or("an earlier session");
            close_case_row(
                tx,
                &close,
                Some(actor),
                at,
                &format!("; closure requested by {by} approved"),
            )?;
            tx.prepare_cached(
                "UPDATE closure_requests SET state = 'approved', decided_by = ?1, decided_at = ?2
                 WHERE id = ?3",
            )?
            .execute(params![actor, at, request.id])?;
            append(
                tx,
                &AuditEntry::new(Some(actor), AuditAction::ClosureApproved)
                    .on("case", case_id)
                    .detail(&format!("request:{}", request.id)),
            )?;
            Ok(version + 1)
        })
    }

    /// A supervisor sends the closure waiting on the case back with a
    /// written reason: the case stays at its step and shows the reason
    /// until the requester acts again. Returns the new version.
    pub fn send_back_closure(
        &mut self,
        case_id: i64,
        version: i64,
        reason: &str,
        actor: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let at = now.timestamp();
        self.write(|tx| {
            require_supervisor(tx, actor, "send closures back")?;
            check_decision_text(reason, "sending a closure back").map_err(StoreError::Invalid)?;
            let request = pending_request(tx, case_id)?.ok_or_else(|| {
                StoreError::Invalid("no closure of this case waits for approval".into())
            })?;
            let changed = tx
                .prepare_cached(
                    "UPDATE cases SET closure_request = 'sent_back', updated_at = ?1,
                            version = version + 1
                     WHERE id = ?2 AND version = ?3",
                )?
                .execute(params![at, case_id, version])?;
            if changed == 0 {
                return Err(StoreError::Conflict { what: "the case" });
            }
            let reason = reason.trim();
            tx.prepare_cached(
                "UPDATE closure_requests SET state = 'sent_back', decided_by = ?1,
                        decided_at = ?2, decision_note = ?3
                 WHERE id = ?4",
            )?
            .execute(params![actor, at, reason, request.id])?;
            let summary = format!(
                "Closure ({}) sent back: the case stays open",
                request.reason.label()
            );
            event(
                tx,
                case_id,
                at,
                Some(actor),
                "closure",
                &summary,
                Some(reason),
            )?;
            append(
                tx,
                &AuditEntry::new(Some(actor), AuditAction::ClosureSentBack)
                    .on("case", case_id)
                    .detail(&format!("request:{}", request.id)),
            )?;
            Ok(version + 1)
        })
    }

    /// Reopens a closed case with a written reason (domain reference,
    /// section 5): back to the first step the workflow allows from closed,
    /// the closure cleared from the case and kept on the timeline. Returns
    /// the new version.
    pub fn reopen_case(
        &mut self,
        case_id: i64,
        version: i64,
        reason: &str,
        workflow: &Workflow,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let at = now.timestamp();
        let rules = self.schedule_rules();
        self.write(|tx| {
            check_decision_text(reason, "reopening a case").map_err(StoreError::Invalid)?;
            let (_, from, current) = peak_and_step(tx, case_id)?;
            if current != version {
                return Err(StoreError::Conflict { what: "the case" });
            }
            if from != CaseStatus::Closed {
                return Err(StoreError::Invalid(
                    "only a closed case can be reopened".into(),
                ));
            }
            let anonymised: bool = tx
                .prepare_cached("SELECT anonymised_at IS NOT NULL FROM cases WHERE id = ?1")?
                .query_row([case_id], |r| r.get(0))?;
            if anonymised {
                return Err(StoreError::Invalid(
                    "an anonymised case cannot be reopened: record a new contact, which opens a new case".into(),
                ));
            }
            let to = workflow
                .allowed(CaseStatus::Closed)
                .first()
                .copied()
                .ok_or_else(|| StoreError::Invalid("the workflow never reopens a case".into()))?;
            let reason = reason.trim();
            let changed = tx
                .prepare_cached(
                    "UPDATE cases SET status = ?1, closed_at = NULL, closure_reason = NULL,
                            outcome_note = NULL, closure_request = NULL, reopen_reason = ?2,
                            updated_at = ?3, version = version + 1
                     WHERE id = ?4 AND version = ?5",
                )?
                .execute(params![to.as_str(), reason, at, case_id, version])?;
            if changed == 0 {
                return Err(StoreError::Conflict { what: "the case" });
            }
            // Followed up again from now, by its level.
            let level: i64 = tx
                .prepare_cached("SELECT risk_level FROM cases WHERE id = ?1")?
                .query_row([case_id], |r| r.get(0))?;
            super::follow_ups::schedule_on_open(
                tx,
                rules.as_deref(),
                case_id,
                crate::domain::RiskLevel::from_rank(level),
                at,
            )?;
            let summary = format!("Step: Closed -> {} (reopened)", to.label());
            event(tx, case_id, at, actor, "status", &summary, Some(reason))?;
            append(
                tx,
                &AuditEntry::new(actor, AuditAction::CaseReopened)
                    .on("case", case_id)
                    .detail(&format!("status:closed>{to}")),
            )?;
            Ok(version + 1)
        })
    }
}
