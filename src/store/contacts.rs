//! Contacts: completing an intake (the contact, and its case when the
//! contact type needs one, in one transaction) and recognising returning
//! callers.

use super::assessments::{NewAssessment, insert_assessment};
pub use super::assessments::{SOURCE_FLOOR, SOURCE_INTAKE, SOURCE_INTAKE_INSTRUMENT};
use super::audit::{AuditEntry, append};
use super::cases::{NewCase, insert_case};
use super::{Store, StoreError, StoreResult};
use crate::domain::{AuditAction, RiskLevel};
use rusqlite::{OptionalExtension, params};

/// What an intake recorded about one call, chat or visit.
#[derive(Debug, Clone, Default)]
pub struct NewContact<'a> {
    pub form_id: &'a str,
    pub channel: &'a str,
    pub contact_type: &'a str,
    pub started_at: i64,
    pub ended_at: i64,
    pub caller_name: Option<&'a str>,
    pub caller_relationship: Option<&'a str>,
    pub caller_phone: Option<&'a str>,
    pub phone_norm: Option<&'a str>,
    pub child_name: Option<&'a str>,
    pub child_age: Option<i64>,
    pub child_gender: Option<&'a str>,
    pub location: Option<&'a str>,
    pub language: Option<&'a str>,
    pub category: Option<&'a str>,
    pub subcategory: Option<&'a str>,
    /// Every answer of the form, as JSON.
    pub answers_json: &'a str,
    pub narrative: Option<&'a str>,
    /// Left for whoever takes this caller's next contact.
    pub next_time_note: Option<&'a str>,
}

/// Where the contact goes.
#[derive(Debug, Clone)]
pub enum CaseTarget<'a> {
    /// Counted, not cased (silent, hang-up, information ...).
    NoCase,
    /// Opens a new case.
    Open(NewCase<'a>),
    /// Added to an existing case (a returning caller).
    Attach(i64),
}

/// A level the intake set, stored as an assessment with the contact: an
/// answer that sets a level (child in immediate danger), an instrument run
/// during the intake, or a provisional floor its reasons set until the
/// instrument that fits is run (source [`SOURCE_FLOOR`]).
#[derive(Debug, Clone)]
pub struct IntakeRisk<'a> {
    pub instrument_id: &'a str,
    pub instrument_version: u32,
    /// JSON of the answers by item id (`{}` when set by intake answers).
    pub answers_json: &'a str,
    pub score: i64,
    pub result_name: &'a str,
    pub computed_level: RiskLevel,
    pub final_level: RiskLevel,
    pub judgement_reason: Option<&'a str>,
    /// [`SOURCE_INTAKE`] (answers), [`SOURCE_INTAKE_INSTRUMENT`] (an
    /// instrument run during the call) or [`SOURCE_FLOOR`] (provisional).
    pub source: &'a str,
    pub summary: &'a str,
}

impl<'a> IntakeRisk<'a> {
    /// A level set by the intake's answers, with no instrument items.
    pub fn from_answers(instrument_id: &'a str, level: RiskLevel, summary: &'a str) -> Self {
        IntakeRisk {
            instrument_id,
            instrument_version: 0,
            answers_json: "{}",
            score: 0,
            result_name: level.as_str(),
            computed_level: level,
            final_level: level,
            judgement_reason: None,
            source: SOURCE_INTAKE,
            summary,
        }
    }
}

/// Where a completed intake went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeSaved {
    pub contact_id: i64,
    /// The case (id and number) it opened or joined.
    pub case: Option<(i64, String)>,
    pub case_level: Option<RiskLevel>,
}

/// Everything known of a caller by the number or handle they contact us
/// from, with or without a case or a name: a child who calls again and
/// again is recognised from the first digit that completes the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerProfile {
    /// Earlier contacts from this number or handle.
    pub contacts: i64,
    pub first_at: i64,
    pub last_at: i64,
    /// The latest few: (when, contact type, reason subcategory if any).
    pub recent: Vec<(i64, String, Option<String>)>,
    /// The latest note left for next time: (note, when, by whom).
    pub note: Option<(String, i64, Option<String>)>,
}

/// An earlier contact or case that looks like the same caller or child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorMatch {
    pub case_id: Option<i64>,
    pub case_number: Option<String>,
    pub case_status: Option<String>,
    pub last_contact_at: i64,
    pub contacts: i64,
    /// "same phone" or "same name and age".
    pub why: &'static str,
}

impl Store {
    /// Completes an intake: writes the contact, opens or joins its case,
    /// stores the levels the intake set (answers, instruments run during
    /// the call, provisional floors), adds the timeline entry and the audit
    /// line, and removes the draft — all or nothing.
    #[allow(clippy::too_many_arguments)]
    pub fn complete_intake(
        &mut self,
        draft_id: Option<i64>,
        operator_id: i64,
        contact: &NewContact<'_>,
        target: CaseTarget<'_>,
        risks: &[IntakeRisk<'_>],
        now: i64,
        deadline_for: &dyn Fn(RiskLevel, i64) -> Option<i64>,
    ) -> StoreResult<IntakeSaved> {
        let rules = self.schedule_rules();
        self.write(|tx| {
            let case = match &target {
                CaseTarget::NoCase => None,
                CaseTarget::Open(new) => {
                    let (id, number) = insert_case(tx, new, Some(operator_id), rules.as_deref())?;
                    Some((id, number.to_string()))
                }
                CaseTarget::Attach(id) => {
                    let number: Option<String> = tx
                        .query_row("SELECT number FROM cases WHERE id = ?1", [id], |r| r.get(0))
                        .optional()?;
                    let number = number.ok_or_else(|| StoreError::NotFound {
                        what: "case".into(),
                    })?;
                    tx.execute(
                        "UPDATE cases SET updated_at = ?1, version = version + 1 WHERE id = ?2",
                        params![now, id],
                    )?;
                    Some((*id, number))
                }
            };
            let case_id = case.as_ref().map(|(id, _)| *id);
            tx.prepare_cached(
                "INSERT INTO contacts (case_id, channel, contact_type, operator_id, started_at,
                     ended_at, duration_s, form_id, caller_name, caller_relationship, caller_phone,
                     phone_norm, child_name, child_age, child_gender, location, language, category,
                     subcategory, answers, narrative, created_at, next_time_note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                         ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
            )?
            .execute(params![
                case_id,
                contact.channel,
                contact.contact_type,
                operator_id,
                contact.started_at,
                contact.ended_at,
                (contact.ended_at - contact.started_at).max(0),
                contact.form_id,
                contact.caller_name,
                contact.caller_relationship,
                contact.caller_phone,
                contact.phone_norm,
                contact.child_name,
                contact.child_age,
                contact.child_gender,
                contact.location,
                contact.language,
                contact.category,
                contact.subcategory,
                contact.answers_json,
                contact.narrative,
                now,
                contact.next_time_note
            ])?;
            let contact_id = tx.last_insert_rowid();
            let mut case_level = None;
            if let Some(case_id) = case_id {
                tx.execute(
                    "INSERT INTO case_events (case_id, at, actor_id, kind, summary, ref_id)
                     VALUES (?1, ?2, ?3, 'contact', ?4, ?5)",
                    params![
                        case_id,
                        contact.started_at,
                        operator_id,
                        format!(
                            "Contact by {}: {}",
                            contact.channel.replace('_', " "),
                            contact.contact_type.replace('_', " ")
                        ),
                        contact_id
                    ],
                )?;
                for risk in risks {
                    let saved = insert_assessment(
                        tx,
                        &NewAssessment {
                            case_id,
                            instrument_id: risk.instrument_id,
                            instrument_version: risk.instrument_version,
                            answers_json: risk.answers_json,
                            score: risk.score,
                            result_name: risk.result_name,
                            computed_level: risk.computed_level,
                            final_level: risk.final_level,
                            judgement_reason: risk.judgement_reason,
                            source: risk.source,
                            contact_id: Some(contact_id),
                            summary: risk.summary,
                        },
                        operator_id,
                        now,
                        deadline_for,
                        rules.as_deref(),
                    )?;
                    case_level = Some(saved.case_level);
                }
            }
            if let Some(draft_id) = draft_id {
                let removed = tx.execute(
                    "DELETE FROM drafts WHERE id = ?1 AND operator_id = ?2",
                    params![draft_id, operator_id],
                )?;
                // Gone already: this intake was completed (or discarded) in
                // another session; completing it again would duplicate it.
                if removed == 0 {
                    return Err(StoreError::Conflict {
                        what: "this intake",
                    });
                }
                // Passed from hand to hand during the call: on the case.
                if let Some(case_id) = case_id {
                    super::hand_overs::hand_overs_to_timeline(tx, draft_id, case_id)?;
                }
            }
            let mut entry = AuditEntry::new(Some(operator_id), AuditAction::ContactRecorded)
                .on("contact", contact_id);
            let detail = contact.contact_type.to_string();
            entry = entry.detail(&detail);
            append(tx, &entry)?;
            Ok(IntakeSaved {
                contact_id,
                case,
                case_level,
            })
        })
    }

    /// The stored answers (JSON) of a contact, and the case it belongs to;
    /// None when there is no such contact.
    pub fn contact_answers(&self, contact_id: i64) -> StoreResult<Option<(String, Option<i64>)>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT ifnull(answers, ''), case_id FROM contacts WHERE id = ?1")?
            .query_row([contact_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Earlier contacts and cases that look like this caller: the same
    /// normalised phone number, or a case with the same child name and age.
    pub fn find_returning(
        &self,
        phone_norm: Option<&str>,
        child_name: Option<&str>,
        child_age: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<PriorMatch>> {
        let mut found: Vec<PriorMatch> = Vec::new();
        if let Some(phone) = phone_norm.filter(|p| p.len() >= 7) {
            let mut stmt = self.conn().prepare_cached(
                // A case is described by all its contacts, whoever called,
                // so the phone line and the name line agree on a case.
                "SELECT ct.case_id, c.number, c.status,
                        CASE WHEN ct.case_id IS NULL THEN max(ct.started_at)
                             ELSE (SELECT max(x.started_at) FROM contacts x
                                   WHERE x.case_id = ct.case_id) END,
                        CASE WHEN ct.case_id IS NULL THEN count(*)
                             ELSE (SELECT count(*) FROM contacts x
                                   WHERE x.case_id = ct.case_id) END
                 FROM contacts ct LEFT JOIN cases c ON c.id = ct.case_id
                 WHERE ct.phone_norm = ?1
                 GROUP BY ct.case_id ORDER BY max(ct.started_at) DESC LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![phone, limit], |r| {
                Ok(PriorMatch {
                    case_id: r.get(0)?,
                    case_number: r.get(1)?,
                    case_status: r.get(2)?,
                    last_contact_at: r.get(3)?,
                    contacts: r.get(4)?,
                    why: "same phone",
                })
            })?;
            for row in rows {
                found.push(row?);
            }
        }
        if let (Some(name), Some(age)) = (child_name, child_age) {
            let phrase: Vec<String> = name
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| format!("\"{w}\""))
                .collect();
            if !phrase.is_empty() {
                // The age is in the index too, so only cases with both are read.
                let query = format!(
                    "child_name : ({}) AND child_age : \"{age}\"",
                    phrase.join(" ")
                );
                let mut stmt = self.conn().prepare_cached(
                    "SELECT c.id, c.number, c.status,
                            ifnull((SELECT max(ct.started_at) FROM contacts ct
                                    WHERE ct.case_id = c.id), c.opened_at),
                            (SELECT count(*) FROM contacts ct WHERE ct.case_id = c.id)
                     FROM cases c
                     WHERE c.id IN (SELECT -rowid FROM case_search WHERE case_search MATCH ?1)
                       AND c.child_age = ?2
                     ORDER BY c.updated_at DESC LIMIT ?3",
                )?;
                let rows = stmt.query_map(params![query, age, limit], |r| {
                    Ok(PriorMatch {
                        case_id: r.get(0)?,
                        case_number: r.get(1)?,
                        case_status: r.get(2)?,
                        last_contact_at: r.get(3)?,
                        contacts: r.get(4)?,
                        why: "same name and age",
                    })
                })?;
                for row in rows {
                    let row = row?;
                    if !found
                        .iter()
                        .any(|f| f.case_id.is_some() && f.case_id == row.case_id)
                    {
                        found.push(row);
                    }
                }
            }
        }
        found.truncate(limit as usize);
        Ok(found)
    }

    /// The profile of the caller who contacts us from `phone_norm` (a
    /// normalised number or `@handle`); None when they never did.
    pub fn caller_profile(&self, phone_norm: &str) -> StoreResult<Option<CallerProfile>> {
        let (contacts, first_at, last_at): (i64, Option<i64>, Option<i64>) = self
            .conn()
            .prepare_cached(
                "SELECT count(*), min(started_at), max(started_at) FROM contacts
                 WHERE phone_norm = ?1",
            )?
            .query_row([phone_norm], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let (Some(first_at), Some(last_at)) = (first_at, last_at) else {
            return Ok(None);
        };
        let recent = self
            .conn()
            .prepare_cached(
                "SELECT started_at, contact_type, subcategory FROM contacts
                 WHERE phone_norm = ?1 ORDER BY started_at DESC LIMIT 5",
            )?
            .query_map([phone_norm], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        let note = self
            .conn()
            .prepare_cached(
                "SELECT ct.next_time_note, ct.started_at, u.display_name
                 FROM contacts ct LEFT JOIN users u ON u.id = ct.operator_id
                 WHERE ct.phone_norm = ?1 AND ct.next_time_note IS NOT NULL
                 ORDER BY ct.started_at DESC LIMIT 1",
            )?
            .query_row([phone_norm], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        Ok(Some(CallerProfile {
            contacts,
            first_at,
            last_at,
            recent,
            note,
        }))
    }
}
