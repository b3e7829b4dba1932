//! Referrals of cases to services: creating one (consent rule, due time)
//! and moving it through its lifecycle, each with a timeline entry and an
//! audit line in the same transaction.

use super::audit::{AuditEntry, append};
use super::{Store, StoreError, StoreResult};
use crate::domain::referral::{ConsentBasis, Referral, check_consent};
use crate::domain::{AuditAction, ReferralStatus, ResponseTimes, RiskLevel, Urgency};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

/// The longest referral note kept, in characters.
pub const MAX_NOTE_CHARS: usize = 4000;

/// A referral to make.
#[derive(Debug, Clone, Copy)]
pub struct NewReferral<'a> {
    pub case_id: i64,
    pub service_id: i64,
    /// `None` takes the urgency suggested by the case's risk level.
    pub urgency: Option<Urgency>,
    pub consent_given: bool,
    /// Why the referral goes ahead without consent (high or critical risk only).
    pub override_reason: Option<&'a str>,
    /// What the receiving service should know.
    pub note: Option<&'a str>,
}

/// A referral as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralRow {
    pub id: i64,
    pub case_id: i64,
    pub service_id: i64,
    /// Status, urgency, due time and reasons, as the lifecycle rules see them.
    pub referral: Referral,
    pub consent_given: bool,
    pub consent_override_reason: Option<String>,
    pub note: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Pass back to [`Store::change_referral_status`].
    pub version: i64,
}

pub(crate) fn ts(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

pub(crate) fn status_of(row: &Row<'_>, idx: usize) -> rusqlite::Result<ReferralStatus> {
    let text: String = row.get(idx)?;
    text.parse()
        .map_err(|e: crate::domain::referral::UnknownReferralStatus| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        })
}

fn referral_of(row: &Row<'_>) -> rusqlite::Result<ReferralRow> {
    Ok(ReferralRow {
        id: row.get(0)?,
        case_id: row.get(1)?,
        service_id: row.get(2)?,
        referral: Referral {
            status: status_of(row, 3)?,
            urgency: Urgency::from_rank(row.get(4)?),
            due_at: ts(row.get(5)?),
            decline_reason: row.get(6)?,
            cancel_reason: row.get(7)?,
        },
        consent_given: row.get::<_, i64>(8)? != 0,
        consent_override_reason: row.get(9)?,
        note: row.get(10)?,
        created_by: row.get(11)?,
        created_at: ts(row.get(12)?),
        updated_at: ts(row.get(13)?),
        version: row.get(14)?,
    })
}

fn load(conn: &Connection, id: i64) -> StoreResult<ReferralRow> {
    conn.prepare_cached(
        "SELECT id, case_id, service_id, status, urgency, due_at, decline_reason, cancel_reason,
                consent_given, consent_override_reason, note, created_by, created_at, updated_at,
                version
         FROM referrals WHERE id = ?1",
    )?
    .query_row([id], referral_of)
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        what: "referral".into(),
    })
}

/// The name of a service and its organisation, for the case timeline.
fn service_title(conn: &Connection, service_id: i64) -> StoreResult<(String, bool)> {
    conn.prepare_cached(
        "SELECT s.name || ' (' || o.name || ')', s.active FROM services s
         JOIN organisations o ON o.id = s.organisation_id WHERE s.id = ?1",
    )?
    .query_row([service_id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)))
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        what: "service".into(),
    })
}

/// Adds a `referral` entry to the case timeline. The summary names the
/// service and what happened; free text (reasons) goes in the body, which
/// only the case record shows.
fn timeline(
    conn: &Connection,
    case_id: i64,
    referral_id: i64,
    actor: Option<i64>,
    now: DateTime<Utc>,
    summary: &str,
    body: Option<&str>,
) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO case_events (case_id, at, actor_id, kind, summary, body, ref_id)
         VALUES (?1, ?2, ?3, 'referral', ?4, ?5, ?6)",
    )?
    .execute(params![
        case_id,
        now.timestamp(),
        actor,
        summary,
        body,
        referral_id
    ])?;
    Ok(())
}

fn check_note(note: Option<&str>) -> StoreResult<Option<String>> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if let Some(n) = note {
        let chars = n.chars().count();
        if chars > MAX_NOTE_CHARS {
            return Err(StoreError::Invalid(format!(
                "the referral note is too long ({chars} characters; at most {MAX_NOTE_CHARS})"
            )));
        }
    }
    Ok(note.map(str::to_string))
}

impl Store {
    /// Refers a case to a service. The consent rule is checked against the
    /// case's risk level as it is now, inside the transaction, so a level
    /// lowered by someone else a moment ago is the one that counts. The
    /// referral is due after the time `times` gives that level.
    pub fn create_referral(
        &mut self,
        new: &NewReferral<'_>,
        times: &ResponseTimes,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let note = check_note(new.note)?;
        self.write(|tx| {
            let case: Option<(i64, String)> = tx
                .prepare_cached("SELECT risk_level, status FROM cases WHERE id = ?1")?
                .query_row([new.case_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((rank, status)) = case else {
                return Err(StoreError::NotFound {
                    what: "case".into(),
                });
            };
            if status == "closed" {
                return Err(StoreError::Invalid(
                    "a closed case cannot be referred; reopen it first".into(),
                ));
            }
            let risk = RiskLevel::from_rank(rank);
            let consent = check_consent(risk, new.consent_given, new.override_reason)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            let (title, active) = service_title(tx, new.service_id)?;
            if !active {
                return Err(StoreError::Invalid(
                    "that service has been retired from the directory".into(),
                ));
            }
            let urgency = new.urgency.unwrap_or(Urgency::for_risk(risk));
            let due_at = times.referral_due_at(risk, now);
            let (override_reason, consent_code, consent_words) = match &consent {
                ConsentBasis::Given => (None, "consent_given", "with consent"),
                ConsentBasis::Override { reason } => (
                    Some(reason.as_str()),
                    "consent_override",
                    "without consent (override recorded)",
                ),
            };
            tx.prepare_cached(
                "INSERT INTO referrals (case_id, service_id, urgency, consent_given,
                        consent_override_reason, note, due_at, created_by, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            )?
            .execute(params![
                new.case_id,
                new.service_id,
                urgency.rank(),
                new.consent_given as i64,
                override_reason,
                note,
                due_at.timestamp(),
                actor,
                now.timestamp()
            ])?;
            let id = tx.last_insert_rowid();
            timeline(
                tx,
                new.case_id,
                id,
                actor,
                now,
                &format!("Referred to {title}: {urgency}, {consent_words}"),
                None,
            )?;
            let detail = format!("{} {consent_code}", urgency.as_str());
            append(
                tx,
                &AuditEntry::new(actor, AuditAction::ReferralCreated)
                    .on("referral", id)
                    .detail(&detail),
            )?;
            Ok(id)
        })
    }

    /// One referral.
    pub fn referral(&self, id: i64) -> StoreResult<ReferralRow> {
        load(self.conn(), id)
    }

    /// Every referral of a case, oldest first.
    pub fn referrals_of_case(&self, case_id: i64) -> StoreResult<Vec<ReferralRow>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, case_id, service_id, status, urgency, due_at, decline_reason, cancel_reason,
                    consent_given, consent_override_reason, note, created_by, created_at,
                    updated_at, version
             FROM referrals WHERE case_id = ?1 ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map([case_id], referral_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Moves a referral to `to` if nobody changed it since `version` was
    /// read (else [`StoreError::Conflict`]) and the lifecycle allows it
    /// (else [`StoreError::Invalid`]); declining and cancelling need a
    /// `reason`. Returns the new version.
    pub fn change_referral_status(
        &mut self,
        id: i64,
        version: i64,
        to: ReferralStatus,
        reason: Option<&str>,
        actor: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        self.write(|tx| {
            let row = load(tx, id)?;
            if row.version != version {
                return Err(StoreError::Conflict {
                    what: "the referral",
                });
            }
            let from = row.referral.status;
            let mut referral = row.referral;
            referral
                .transition(to, reason)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            let changed = tx
                .prepare_cached(
                    "UPDATE referrals SET status = ?1, decline_reason = ?2, cancel_reason = ?3,
                            updated_at = ?4, version = version + 1
                     WHERE id = ?5 AND version = ?6",
                )?
                .execute(params![
                    to.as_str(),
                    referral.decline_reason,
                    referral.cancel_reason,
                    now.timestamp(),
                    id,
                    version
                ])?;
            if changed == 0 {
                return Err(StoreError::Conflict {
                    what: "the referral",
                });
            }
            let (title, _) = service_title(tx, row.service_id)?;
            let body = match to {
                ReferralStatus::Declined => referral.decline_reason.as_deref(),
                ReferralStatus::Cancelled => referral.cancel_reason.as_deref(),
                _ => None,
            };
            timeline(
                tx,
                row.case_id,
                id,
                actor,
                now,
                &format!("Referral to {title}: {} -> {}", from.label(), to.label()),
                body,
            )?;
            let detail = format!("{from}>{to}");
            append(
                tx,
                &AuditEntry::new(actor, AuditAction::ReferralStatusChanged)
                    .on("referral", id)
                    .detail(&detail),
            )?;
            Ok(version + 1)
        })
    }
}
