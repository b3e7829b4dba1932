//! One timeline entry opened in full: the contact, assessment or referral
//! it records, read with the entry and audited as an access to the case.

use super::audit::{AuditEntry, append};
use super::cases::TimelineEntry;
use super::referrals::status_of;
use super::{Store, StoreError, StoreResult};
use crate::domain::access::{CaseAction, Viewer};
use crate::domain::{AuditAction, ReferralStatus, RiskLevel, Urgency};
use rusqlite::{Connection, OptionalExtension, params};

/// A timeline entry with everything it records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRecord {
    pub entry: TimelineEntry,
    pub content: EntryContent,
}

/// What an entry points at. Notes, step changes, assignments and alert
/// lines hold everything in the entry itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryContent {
    Contact(Box<ContactRecord>),
    Assessment(Box<AssessmentRecord>),
    Referral(Box<ReferralRecord>),
    Entry,
}

/// A contact as the intake stored it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRecord {
    pub id: i64,
    pub form_id: Option<String>,
    pub channel: String,
    pub contact_type: String,
    /// Who took it.
    pub operator: Option<String>,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub duration_s: Option<i64>,
    /// Every answer of the form, as stored (JSON); empty when none.
    pub answers_json: String,
    pub narrative: Option<String>,
}

/// An assessment as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRecord {
    pub id: i64,
    pub instrument_id: String,
    pub instrument_version: i64,
    /// Answers by item id (JSON).
    pub answers_json: String,
    pub score: i64,
    pub result_name: String,
    pub computed_level: RiskLevel,
    pub final_level: RiskLevel,
    pub judgement_reason: Option<String>,
    /// `assessment` (Risk pane) or `intake` (set by the intake's answers).
    pub source: String,
    pub assessed_by: Option<String>,
    pub assessed_at: i64,
}

/// A referral with its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralRecord {
    pub id: i64,
    /// The service and its organisation.
    pub service: String,
    pub status: ReferralStatus,
    pub urgency: Urgency,
    pub consent_given: bool,
    pub consent_override_reason: Option<String>,
    pub note: Option<String>,
    pub due_at: i64,
    pub decline_reason: Option<String>,
    pub cancel_reason: Option<String>,
    /// Its timeline entries, oldest first: made, then every status change.
    pub history: Vec<TimelineEntry>,
}

impl Store {
    /// Reads timeline entry `event_id` of case `case_id` with what it
    /// records. Every call is an access to the case and is audited (codes
    /// only: the entry's kind and id).
    pub fn open_timeline_entry(
        &mut self,
        case_id: i64,
        event_id: i64,
        viewer: &Viewer,
    ) -> StoreResult<EntryRecord> {
        self.require_case_access(case_id, viewer, CaseAction::View, super::unix_now())?;
        let viewer = viewer.user_id;
        self.write(|tx| {
            let (entry, ref_id) = read_entry(tx, case_id, event_id)?;
            let content = match (entry.kind.as_str(), ref_id) {
                ("contact", Some(id)) => read_contact(tx, case_id, id)?
                    .map_or(EntryContent::Entry, |c| EntryContent::Contact(Box::new(c))),
                ("assessment", Some(id)) => read_assessment(tx, case_id, id)?
                    .map_or(EntryContent::Entry, |a| {
                        EntryContent::Assessment(Box::new(a))
                    }),
                ("referral", Some(id)) => read_referral(tx, case_id, id)?
                    .map_or(EntryContent::Entry, |r| EntryContent::Referral(Box::new(r))),
                _ => EntryContent::Entry,
            };
            let detail = format!("entry:{}:{event_id}", entry.kind);
            append(
                tx,
                &AuditEntry::new(Some(viewer), AuditAction::CaseViewed)
                    .on("case", case_id)
                    .detail(&detail),
            )?;
            Ok(EntryRecord { entry, content })
        })
    }
}

fn entry_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<TimelineEntry> {
    Ok(TimelineEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        kind: r.get(3)?,
        summary: r.get(4)?,
        body: r.get(5)?,
    })
}

fn read_entry(
    conn: &Connection,
    case_id: i64,
    event_id: i64,
) -> StoreResult<(TimelineEntry, Option<i64>)> {
    conn.prepare_cached(
        "SELECT e.id, e.at, u.display_name, e.kind, e.summary, e.body, e.ref_id
         FROM case_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.id = ?1 AND e.case_id = ?2",
    )?
    .query_row(params![event_id, case_id], |r| {
        Ok((entry_of(r)?, r.get(6)?))
    })
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        what: "timeline entry".into(),
    })
}

fn read_contact(conn: &Connection, case_id: i64, id: i64) -> StoreResult<Option<ContactRecord>> {
    Ok(conn
        .prepare_cached(
            "SELECT ct.id, ct.form_id, ct.channel, ct.contact_type, u.display_name,
                    ct.started_at, ct.ended_at, ct.duration_s, ifnull(ct.answers, ''),
                    ct.narrative
             FROM contacts ct LEFT JOIN users u ON u.id = ct.operator_id
             WHERE ct.id = ?1 AND ct.case_id = ?2",
        )?
        .query_row(params![id, case_id], |r| {
            Ok(ContactRecord {
                id: r.get(0)?,
                form_id: r.get(1)?,
                channel: r.get(2)?,
                contact_type: r.get(3)?,
                operator: r.get(4)?,
                started_at: r.get(5)?,
                ended_at: r.get(6)?,
                duration_s: r.get(7)?,
                answers_json: r.get(8)?,
                narrative: r.get(9)?,
            })
        })
        .optional()?)
}

fn read_assessment(
    conn: &Connection,
    case_id: i64,
    id: i64,
) -> StoreResult<Option<AssessmentRecord>> {
    Ok(conn
        .prepare_cached(
            "SELECT a.id, a.instrument_id, a.instrument_version, a.answers, a.score,
                    a.result_name, a.computed_level, a.final_level, a.judgement_reason,
                    a.source, u.display_name, a.assessed_at
             FROM assessments a LEFT JOIN users u ON u.id = a.assessed_by
             WHERE a.id = ?1 AND a.case_id = ?2",
        )?
        .query_row(params![id, case_id], |r| {
            Ok(AssessmentRecord {
                id: r.get(0)?,
                instrument_id: r.get(1)?,
                instrument_version: r.get(2)?,
                answers_json: r.get(3)?,
                score: r.get(4)?,
                result_name: r.get(5)?,
                computed_level: RiskLevel::from_rank(r.get(6)?),
                final_level: RiskLevel::from_rank(r.get(7)?),
                judgement_reason: r.get(8)?,
                source: r.get(9)?,
                assessed_by: r.get(10)?,
                assessed_at: r.get(11)?,
            })
        })
        .optional()?)
}

fn read_referral(conn: &Connection, case_id: i64, id: i64) -> StoreResult<Option<ReferralRecord>> {
    let found = conn
        .prepare_cached(
            "SELECT r.id, s.name || ' (' || o.name || ')', r.status, r.urgency, r.consent_given,
                    r.consent_override_reason, r.note, r.due_at, r.decline_reason,
                    r.cancel_reason
             FROM referrals r JOIN services s ON s.id = r.service_id
                  JOIN organisations o ON o.id = s.organisation_id
             WHERE r.id = ?1 AND r.case_id = ?2",
        )?
        .query_row(params![id, case_id], |r| {
            Ok(ReferralRecord {
                id: r.get(0)?,
                service: r.get(1)?,
                status: status_of(r, 2)?,
                urgency: Urgency::from_rank(r.get(3)?),
                consent_given: r.get::<_, i64>(4)? != 0,
                consent_override_reason: r.get(5)?,
                note: r.get(6)?,
                due_at: r.get(7)?,
                decline_reason: r.get(8)?,
                cancel_reason: r.get(9)?,
                history: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut referral) = found else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.at, u.display_name, e.kind, e.summary, e.body
         FROM case_events e LEFT JOIN users u ON u.id = e.actor_id
         WHERE e.case_id = ?1 AND e.kind = 'referral' AND e.ref_id = ?2
         ORDER BY e.at, e.id",
    )?;
    referral.history = stmt
        .query_map(params![case_id, id], entry_of)?
        .collect::<Result<_, _>>()?;
    Ok(Some(referral))
}
