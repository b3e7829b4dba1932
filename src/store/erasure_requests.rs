//! A person's request to have their data anonymised: asked for by a
//! supervisor with a reason and the case numbers, approved by another
//! person who is an admin, then carried out case by case (each case its own
//! transaction, so a run stopped half-way continues when run again). Every
//! step is audited. Deleting a case outright is not offered: its contacts,
//! assessments, referrals, plans and alerts refer to it, and the aggregate
//! reports count it; anonymising removes everything that identifies anyone.

use super::anonymise::anonymise_case;
use super::audit::{AuditEntry, append};
use super::{Store, StoreError, StoreResult};
use crate::domain::erasure::{may_approve, may_request};
use crate::domain::{AuditAction, Role};
use rusqlite::{OptionalExtension, params};

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasureState {
    Pending,
    Approved,
    CarriedOut,
}

impl ErasureState {
    pub fn as_str(self) -> &'static str {
        match self {
            ErasureState::Pending => "pending",
            ErasureState::Approved => "approved",
            ErasureState::CarriedOut => "carried_out",
        }
    }

    fn parse(text: &str) -> ErasureState {
        match text {
            "approved" => ErasureState::Approved,
            "carried_out" => ErasureState::CarriedOut,
            _ => ErasureState::Pending,
        }
    }
}

/// A request as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureRequest {
    pub id: i64,
    pub state: ErasureState,
    pub reason: String,
    pub requested_by: String,
    pub requested_at: i64,
    pub approved_by: Option<String>,
    pub approved_at: Option<i64>,
    pub carried_out_at: Option<i64>,
    pub case_numbers: Vec<String>,
}

/// The longest reason accepted.
pub const MAX_REASON_CHARS: usize = 1_000;

/// The role of an active account, read in the caller's transaction.
fn account_role(tx: &rusqlite::Connection, user_id: i64) -> StoreResult<Role> {
    let found: Option<(String, bool)> = tx
        .query_row(
            "SELECT role, disabled FROM users WHERE id = ?1",
            [user_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match found {
        None => Err(StoreError::NotFound {
            what: "account".into(),
        }),
        Some((_, true)) => Err(StoreError::Invalid("the account is disabled".into())),
        Some((role, false)) => role
            .parse()
            .map_err(|_| StoreError::Invalid("the account has an unknown role".into())),
    }
}

impl Store {
    /// Records a request to anonymise the cases numbered `numbers`, asked
    /// for by the account `requester` (a supervisor or an admin, as the
    /// accounts table says). Every case must exist, be closed and not be
    /// anonymised yet; nothing is recorded otherwise.
    pub fn request_erasure(
        &mut self,
        requester: i64,
        numbers: &[String],
        reason: &str,
        now: i64,
    ) -> StoreResult<i64> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Invalid(
                "give the reason for the request".into(),
            ));
        }
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(StoreError::Invalid(format!(
                "the reason is longer than {MAX_REASON_CHARS} characters"
            )));
        }
        if crate::domain::safe_text::refused_char(reason, false).is_some() {
            return Err(StoreError::Invalid(
                "the reason holds control characters; write it as plain text".into(),
            ));
        }
        if numbers.is_empty() {
            return Err(StoreError::Invalid("name at least one case number".into()));
        }
        self.write(|tx| {
            may_request(account_role(tx, requester)?)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            tx.execute(
                "INSERT INTO erasure_requests (reason, requested_by, requested_at) VALUES (?1, ?2, ?3)",
                params![reason, requester, now],
            )?;
            let id = tx.last_insert_rowid();
            for number in numbers {
                let number = number.trim();
                let shown = crate::domain::safe_text::terminal_line(number, 40);
                let case: Option<(i64, String, Option<i64>)> = tx
                    .query_row(
                        "SELECT id, status, anonymised_at FROM cases WHERE number = ?1",
                        [number],
                        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                    )
                    .optional()?;
                let case_id = match case {
                    None => return Err(StoreError::NotFound { what: format!("case {shown}") }),
                    Some((_, _, Some(_))) => {
                        return Err(StoreError::Invalid(format!(
                            "case {shown} is anonymised already"
                        )));
                    }
                    Some((_, status, None)) if status != "closed" => {
                        return Err(StoreError::Invalid(format!(
                            "case {shown} is still open: close it first"
                        )));
                    }
                    Some((id, _, None)) => id,
                };
                tx.execute(
                    "INSERT OR IGNORE INTO erasure_request_cases (request_id, case_id) VALUES (?1, ?2)",
                    params![id, case_id],
                )?;
            }
            let detail = format!("cases={}", numbers.len());
            append(
                tx,
                &AuditEntry::new(Some(requester), AuditAction::ErasureRequested)
                    .on("erasure_request", id)
                    .detail(&detail),
            )?;
            Ok(id)
        })
    }

    /// Approves a pending request: the account `approver` must be an admin
    /// and not the person who asked.
    pub fn approve_erasure(&mut self, request_id: i64, approver: i64, now: i64) -> StoreResult<()> {
        self.write(|tx| {
            let found: Option<(i64, String)> = tx
                .query_row(
                    "SELECT requested_by, state FROM erasure_requests WHERE id = ?1",
                    [request_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((requester, state)) = found else {
                return Err(StoreError::NotFound {
                    what: format!("erasure request {request_id}"),
                });
            };
            if state != "pending" {
                return Err(StoreError::Invalid(format!(
                    "erasure request {request_id} is {} already",
                    state.replace('_', " ")
                )));
            }
            may_approve(account_role(tx, approver)?, approver, requester)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            tx.execute(
                "UPDATE erasure_requests SET state = 'approved', approved_by = ?2, approved_at = ?3
                 WHERE id = ?1 AND state = 'pending'",
                params![request_id, approver, now],
            )?;
            append(
                tx,
                &AuditEntry::new(Some(approver), AuditAction::ErasureApproved)
                    .on("erasure_request", request_id),
            )?;
            Ok(())
        })
    }

    /// Anonymises every case of an approved request, one transaction per
    /// case, then marks it carried out. Returns the numbers of the cases
    /// anonymised by this run: a request carried out already, or cases
    /// done by an earlier interrupted run, are not done twice.
    pub fn carry_out_erasure(
        &mut self,
        request_id: i64,
        actor: Option<i64>,
        now: i64,
    ) -> StoreResult<Vec<String>> {
        let state: Option<String> = self
            .conn()
            .query_row(
                "SELECT state FROM erasure_requests WHERE id = ?1",
                [request_id],
                |r| r.get(0),
            )
            .optional()?;
        match state.as_deref() {
            None => {
                return Err(StoreError::NotFound {
                    what: format!("erasure request {request_id}"),
                });
            }
            Some("pending") => {
                return Err(StoreError::Invalid(format!(
                    "erasure request {request_id} waits for an admin's approval"
                )));
            }
            Some("carried_out") => return Ok(Vec::new()),
            Some(_) => {}
        }
        let cases: Vec<(i64, String)> = self
            .conn()
            .prepare(
                "SELECT c.id, c.number FROM erasure_request_cases r JOIN cases c ON c.id = r.case_id
                 WHERE r.request_id = ?1 ORDER BY c.id",
            )?
            .query_map([request_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        self.conn().pragma_update(None, "secure_delete", "ON")?;
        let why = format!("request:{request_id}");
        let mut done = Vec::new();
        for (case_id, number) in cases {
            if self.write(|tx| anonymise_case(tx, case_id, now, actor, &why))? {
                done.push(number);
            }
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE erasure_requests SET state = 'carried_out', carried_out_at = ?2
                 WHERE id = ?1 AND state = 'approved'",
                params![request_id, now],
            )?;
            append(
                tx,
                &AuditEntry::new(actor, AuditAction::ErasureCarriedOut)
                    .on("erasure_request", request_id),
            )
        })?;
        Ok(done)
    }

    /// Every request, newest first, with its case numbers.
    pub fn erasure_requests(&self) -> StoreResult<Vec<ErasureRequest>> {
        let mut requests: Vec<ErasureRequest> = self
            .conn()
            .prepare(
                "SELECT e.id, e.state, e.reason, r.username, e.requested_at, a.username,
                        e.approved_at, e.carried_out_at
                 FROM erasure_requests e
                 JOIN users r ON r.id = e.requested_by
                 LEFT JOIN users a ON a.id = e.approved_by
                 ORDER BY e.id DESC",
            )?
            .query_map([], |r| {
                Ok(ErasureRequest {
                    id: r.get(0)?,
                    state: ErasureState::parse(&r.get::<_, String>(1)?),
                    reason: r.get(2)?,
                    requested_by: r.get(3)?,
                    requested_at: r.get(4)?,
                    approved_by: r.get(5)?,
                    approved_at: r.get(6)?,
                    carried_out_at: r.get(7)?,
                    case_numbers: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut numbers = self.conn().prepare(
            "SELECT c.number FROM erasure_request_cases r JOIN cases c ON c.id = r.case_id
             WHERE r.request_id = ?1 ORDER BY c.number",
        )?;
        for request in &mut requests {
            request.case_numbers = numbers
                .query_map([request.id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
        }
        Ok(requests)
    }
}
