//! Proposed next steps in the database: the facts a case's proposals are
//! computed from (its referrals, its plan's actions, its last follow-up),
//! and the dismissals that hold a proposal back until something new
//! happens. The proposals themselves are `domain::next_step`'s.

use super::audit::{AuditEntry, append};
use super::case_workflow::CaseStep;
use super::{Store, StoreError, StoreResult};
use crate::domain::next_step::{self, CaseFacts, Proposal, ProposalReason, Tally};
use crate::domain::workflow::Workflow;
use crate::domain::{AuditAction, CaseStatus};
use rusqlite::{OptionalExtension, params};

impl Store {
    /// What the proposals of a case are computed from.
    pub fn next_step_facts(&self, case_id: i64) -> StoreResult<CaseFacts> {
        let conn = self.conn();
        let step: CaseStep = self.case_step(case_id)?;
        let referrals = conn
            .prepare_cached(
                "SELECT count(*) FILTER (WHERE status IN ('completed', 'declined')),
                        count(*) FILTER (WHERE status = 'declined'),
                        count(*) FILTER (WHERE status IN ('pending', 'sent', 'acknowledged', 'accepted')),
                        count(*) || '.' || coalesce(max(updated_at), 0) || '.' || coalesce(sum(version), 0)
                 FROM referrals WHERE case_id = ?1",
            )?
            .query_row([case_id], |r| {
                Ok(Tally {
                    finished: r.get(0)?,
                    declined: r.get(1)?,
                    open: r.get(2)?,
                    stamp: r.get(3)?,
                })
            })?;
        let actions = conn
            .prepare_cached(
                "SELECT count(*) FILTER (WHERE status = 'done'), 0,
                        count(*) FILTER (WHERE status = 'open'),
                        count(*) || '.' || coalesce(max(updated_at), 0) || '.' || coalesce(sum(version), 0)
                 FROM plan_actions WHERE case_id = ?1",
            )?
            .query_row([case_id], |r| {
                Ok(Tally {
                    finished: r.get(0)?,
                    declined: r.get(1)?,
                    open: r.get(2)?,
                    stamp: r.get(3)?,
                })
            })?;
        // The latest follow-up that reached someone decides "needs met".
        let needs_met_follow_up = conn
            .prepare_cached(
                "SELECT id, needs_met FROM follow_ups
                 WHERE case_id = ?1 AND needs_met IS NOT NULL
                 ORDER BY done_at DESC, id DESC LIMIT 1",
            )?
            .query_row([case_id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?
            .filter(|(_, met)| met == "yes")
            .map(|(id, _)| id);
        Ok(CaseFacts {
            status: step.status,
            referrals,
            actions,
            needs_met_follow_up,
        })
    }

    /// The proposals a case shows now, strongest first (none on a closed
    /// case, nor those dismissed since their facts last changed).
    pub fn next_step_proposals(
        &self,
        case_id: i64,
        workflow: &Workflow,
    ) -> StoreResult<Vec<Proposal>> {
        let facts = self.next_step_facts(case_id)?;
        if facts.status == CaseStatus::Closed {
            return Ok(Vec::new());
        }
        let dismissed: Vec<(ProposalReason, String)> = self
            .conn()
            .prepare_cached("SELECT reason, stamp FROM next_step_dismissals WHERE case_id = ?1")?
            .query_map([case_id], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?
            .filter_map(|row| match row {
                Ok((reason, stamp)) => ProposalReason::parse(&reason).map(|r| Ok((r, stamp))),
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<_, _>>()?;
        Ok(next_step::proposals(
            &facts,
            workflow.allowed(facts.status),
            &dismissed,
        ))
    }

    /// Remembers that the worker dismissed `proposal`: it stays away until
    /// its facts change. On the case's timeline and in the audit log.
    pub fn dismiss_next_step(
        &mut self,
        case_id: i64,
        proposal: &Proposal,
        actor: i64,
        now: i64,
    ) -> StoreResult<()> {
        self.write(|tx| {
            let open: Option<String> = tx
                .prepare_cached("SELECT status FROM cases WHERE id = ?1")?
                .query_row([case_id], |r| r.get(0))
                .optional()?;
            if open.is_none() {
                return Err(StoreError::NotFound {
                    what: "case".into(),
                });
            }
            tx.prepare_cached(
                "INSERT INTO next_step_dismissals (case_id, reason, stamp, dismissed_by, dismissed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (case_id, reason) DO UPDATE SET stamp = excluded.stamp,
                     dismissed_by = excluded.dismissed_by, dismissed_at = excluded.dismissed_at",
            )?
            .execute(params![
                case_id,
                proposal.reason.as_str(),
                proposal.stamp,
                actor,
                now
            ])?;
            tx.prepare_cached(
                "INSERT INTO case_events (case_id, at, actor_id, kind, summary)
                 VALUES (?1, ?2, ?3, 'proposal', ?4)",
            )?
            .execute(params![
                case_id,
                now,
                actor,
                format!("Proposal dismissed: {}", proposal.text())
            ])?;
            append(
                tx,
                &AuditEntry::new(Some(actor), AuditAction::NextStepDismissed)
                    .on("case", case_id)
                    .detail(proposal.reason.as_str()),
            )
        })
    }
}
