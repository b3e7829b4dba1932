//! Anonymising one case, or contacts without a case, inside the caller's
//! transaction: every column that names, reaches or describes a person is
//! cleared; the coded columns the aggregate reports count stay (see
//! `domain::retention`). Updating the source columns fires the search
//! triggers (migrations 11 and 19), so the words leave every search index
//! in the same transaction.

use super::StoreResult;
use super::audit::{AuditEntry, append};
use crate::domain::AuditAction;
use crate::domain::retention::{coded_form_answers, coded_instrument_answers};
use rusqlite::{Transaction, params};

/// What the text columns that must stay non-empty (CHECK constraints) are
/// set to.
pub const REMOVED: &str = "(anonymised)";

/// Anonymises a case and everything recorded on it, audited with `why`
/// (a code: `retention` or `request:ID`). Returns false, changing nothing,
/// when the case was anonymised already (or does not exist).
pub(crate) fn anonymise_case(
    tx: &Transaction<'_>,
    case_id: i64,
    now: i64,
    actor: Option<i64>,
    why: &str,
) -> StoreResult<bool> {
    let changed = tx.execute(
        "UPDATE cases
         SET child_name = NULL, phone_norm = NULL, location = NULL, consent = NULL,
             outcome_note = NULL, reopen_reason = NULL, anonymised_at = ?2,
             version = version + 1
         WHERE id = ?1 AND anonymised_at IS NULL",
        params![case_id, now],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    let contact_ids: Vec<(i64, Option<String>)> = tx
        .prepare_cached("SELECT id, answers FROM contacts WHERE case_id = ?1")?
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, answers) in contact_ids {
        anonymise_contact(tx, id, answers.as_deref(), now)?;
    }
    // Summaries of some entries quote what was typed (a goal, who was
    // reached): every entry keeps only its kind.
    tx.execute(
        "UPDATE case_events SET body = NULL, summary = kind || ' ' || ?2 WHERE case_id = ?1",
        params![case_id, REMOVED],
    )?;
    let assessments: Vec<(i64, String)> = tx
        .prepare_cached("SELECT id, answers FROM assessments WHERE case_id = ?1")?
        .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, answers) in assessments {
        tx.execute(
            "UPDATE assessments SET answers = ?2, judgement_reason = NULL WHERE id = ?1",
            params![id, coded_instrument_answers(&answers)],
        )?;
    }
    tx.execute(
        "UPDATE follow_ups
         SET reached_who = NULL, progress = NULL, note = NULL, next_reason = NULL
         WHERE case_id = ?1",
        [case_id],
    )?;
    // Reasons some states require stay present, as a marker.
    tx.execute(
        "UPDATE referrals
         SET note = NULL,
             consent_override_reason = CASE WHEN consent_override_reason IS NULL THEN NULL ELSE ?2 END,
             decline_reason = CASE WHEN decline_reason IS NULL THEN NULL ELSE ?2 END,
             cancel_reason = CASE WHEN cancel_reason IS NULL THEN NULL ELSE ?2 END
         WHERE case_id = ?1",
        params![case_id, REMOVED],
    )?;
    tx.execute(
        "UPDATE closure_requests
         SET reason_text = NULL, outcome_note = ?2, decision_note = NULL
         WHERE case_id = ?1",
        params![case_id, REMOVED],
    )?;
    tx.execute(
        "UPDATE plan_goals SET need = ?2 WHERE case_id = ?1",
        params![case_id, REMOVED],
    )?;
    tx.execute(
        "UPDATE plan_actions
         SET what = ?2, drop_reason = CASE WHEN drop_reason IS NULL THEN NULL ELSE ?2 END
         WHERE case_id = ?1",
        params![case_id, REMOVED],
    )?;
    tx.execute(
        "UPDATE alerts SET ack_note = NULL WHERE case_id = ?1",
        [case_id],
    )?;
    // Dialogs being typed about the case (every kind but the service form
    // targets a case).
    tx.execute(
        "DELETE FROM dialog_drafts WHERE target_id = ?1 AND kind <> 'service'",
        [case_id],
    )?;
    append(
        tx,
        &AuditEntry::new(actor, AuditAction::CaseAnonymised)
            .on("case", case_id)
            .detail(why),
    )?;
    Ok(true)
}

/// Clears one contact's identifying columns and reduces its answers to
/// codes.
pub(crate) fn anonymise_contact(
    tx: &Transaction<'_>,
    contact_id: i64,
    answers: Option<&str>,
    now: i64,
) -> StoreResult<()> {
    tx.prepare_cached(
        "UPDATE contacts
         SET caller_name = NULL, caller_phone = NULL, phone_norm = NULL, child_name = NULL,
             location = NULL, narrative = NULL, next_time_note = NULL, answers = ?2,
             anonymised_at = ?3
         WHERE id = ?1",
    )?
    .execute(params![contact_id, answers.map(coded_form_answers), now])?;
    Ok(())
}
