//! Risk assessments and the case level they set.

use super::alerts::{AlertKind, raise};
use super::audit::{AuditEntry, append};
use super::{Store, StoreError, StoreResult};
use crate::domain::risk::{LevelBasis, LevelEntry, case_level, not_assessed};
use crate::domain::{AuditAction, RiskLevel};
use chrono::DateTime;
use rusqlite::{OptionalExtension, Transaction, params};

/// A completed assessment to store with its case.
#[derive(Debug, Clone)]
pub struct NewAssessment<'a> {
    pub case_id: i64,
    pub instrument_id: &'a str,
    pub instrument_version: u32,
    /// JSON of the answers by item id.
    pub answers_json: &'a str,
    pub score: i64,
    pub result_name: &'a str,
    pub computed_level: RiskLevel,
    pub final_level: RiskLevel,
    pub judgement_reason: Option<&'a str>,
    /// `assessment` from the Risk pane; `intake` from intake answers or an
    /// instrument run during the intake; `intake_floor` for a provisional
    /// level the intake's reasons set until the instrument is run.
    pub source: &'a str,
    /// The contact this assessment was made during, if any.
    pub contact_id: Option<i64>,
    /// One line for the case timeline (no personal details).
    pub summary: &'a str,
}

/// What storing an assessment did to its case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessmentSaved {
    pub assessment_id: i64,
    pub case_level: RiskLevel,
    pub alert_raised: bool,
}

/// A stored assessment, for the case history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentRow {
    pub id: i64,
    pub instrument_id: String,
    pub score: i64,
    pub result_name: String,
    pub final_level: RiskLevel,
    pub assessed_at: i64,
    pub assessed_by: Option<String>,
}

impl Store {
    /// Stores an assessment, sets the case's current level to the highest
    /// among the latest assessment of each instrument, moves its response
    /// deadline when the level changes (`deadline_for(level, now)`), writes
    /// the timeline and audit lines, and raises an alert when the case is
    /// high or critical — all in one transaction.
    pub fn record_assessment(
        &mut self,
        new: &NewAssessment<'_>,
        actor: i64,
        now: i64,
        deadline_for: &dyn Fn(RiskLevel, i64) -> Option<i64>,
    ) -> StoreResult<AssessmentSaved> {
        let rules = self.schedule_rules();
        self.write(|tx| insert_assessment(tx, new, actor, now, deadline_for, rules.as_deref()))
    }

    /// The case an assessment belongs to; None when there is no such assessment.
    pub fn assessment_case(&self, assessment_id: i64) -> StoreResult<Option<i64>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT case_id FROM assessments WHERE id = ?1")?
            .query_row([assessment_id], |r| r.get(0))
            .optional()?)
    }

    /// A case's assessments, newest first.
    pub fn case_assessments(&self, case_id: i64) -> StoreResult<Vec<AssessmentRow>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT a.id, a.instrument_id, a.score, a.result_name, a.final_level, a.assessed_at,
                    u.display_name
             FROM assessments a LEFT JOIN users u ON u.id = a.assessed_by
             WHERE a.case_id = ?1 ORDER BY a.assessed_at DESC, a.id DESC",
        )?;
        let rows = stmt.query_map([case_id], |r| {
            Ok(AssessmentRow {
                id: r.get(0)?,
                instrument_id: r.get(1)?,
                score: r.get(2)?,
                result_name: r.get(3)?,
                final_level: RiskLevel::from_rank(r.get(4)?),
                assessed_at: r.get(5)?,
                assessed_by: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Where a stored level came from (the `source` column).
/// The Risk pane.
pub const SOURCE_ASSESSMENT: &str = "assessment";
/// Intake answers that set a level (a child in immediate danger).
pub const SOURCE_INTAKE: &str = "intake";
/// An instrument run during an intake, stored with its contact.
pub const SOURCE_INTAKE_INSTRUMENT: &str = "intake_instrument";
/// A provisional floor an intake's reasons set until an instrument is run.
pub const SOURCE_FLOOR: &str = "intake_floor";

fn basis(source: &str) -> LevelBasis {
    match source {
        SOURCE_FLOOR => LevelBasis::Provisional,
        SOURCE_INTAKE => LevelBasis::IntakeAnswers,
        _ => LevelBasis::Instrument,
    }
}

/// A case's level and the instruments it waits for ("risk not assessed":
/// the standing floors' instruments, space-separated; None when none).
fn level_of(history: &[(String, i64, i64, String)]) -> (RiskLevel, Option<String>) {
    let entries: Vec<LevelEntry<'_>> = history
        .iter()
        .map(|(id, at, level, source)| LevelEntry {
            instrument: id,
            at: DateTime::from_timestamp(*at, 0).unwrap_or_default(),
            level: RiskLevel::from_rank(*level),
            basis: basis(source),
        })
        .collect();
    let waiting = not_assessed(&entries).then(|| {
        let last_run = entries
            .iter()
            .filter(|e| e.basis == LevelBasis::Instrument)
            .map(|e| e.at)
            .max();
        let mut ids: Vec<&str> = entries
            .iter()
            .filter(|e| e.basis == LevelBasis::Provisional && last_run.is_none_or(|r| r < e.at))
            .map(|e| e.instrument)
            .collect();
        ids.dedup();
        ids.join(" ")
    });
    (case_level(&entries), waiting)
}

/// Stores an assessment inside the caller's transaction (an intake stores
/// its contact and the assessment its answers imply together).
pub(crate) fn insert_assessment(
    tx: &Transaction<'_>,
    new: &NewAssessment<'_>,
    actor: i64,
    now: i64,
    deadline_for: &dyn Fn(RiskLevel, i64) -> Option<i64>,
    rules: Option<&crate::domain::follow_up::FollowUpRules>,
) -> StoreResult<AssessmentSaved> {
    if new.final_level < new.computed_level {
        return Err(StoreError::Invalid(
            "a level computed by the rules cannot be lowered".into(),
        ));
    }
    let old_level: Option<i64> = tx
        .query_row(
            "SELECT risk_level FROM cases WHERE id = ?1",
            [new.case_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(old_level) = old_level.map(RiskLevel::from_rank) else {
        return Err(StoreError::NotFound {
            what: "case".into(),
        });
    };
    tx.prepare_cached(
        "INSERT INTO assessments (case_id, instrument_id, instrument_version, answers, score,
                 result_name, computed_level, final_level, judgement_reason, source,
                 assessed_by, assessed_at, contact_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        new.case_id,
        new.instrument_id,
        new.instrument_version,
        new.answers_json,
        new.score,
        new.result_name,
        new.computed_level.rank(),
        new.final_level.rank(),
        new.judgement_reason,
        new.source,
        actor,
        now,
        new.contact_id
    ])?;
    let assessment_id = tx.last_insert_rowid();
    let history: Vec<(String, i64, i64, String)> = tx
        .prepare_cached(
            "SELECT instrument_id, assessed_at, final_level, source
             FROM assessments WHERE case_id = ?1 ORDER BY assessed_at, id",
        )?
        .query_map([new.case_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<Result<_, _>>()?;
    let (level, unassessed) = level_of(&history);
    if level == old_level {
        tx.execute(
            "UPDATE cases SET updated_at = ?1, unassessed = ?2, version = version + 1
             WHERE id = ?3",
            params![now, unassessed, new.case_id],
        )?;
    } else {
        tx.execute(
            "UPDATE cases SET risk_level = ?1, deadline_at = ?2, updated_at = ?3,
                              unassessed = ?4, version = version + 1 WHERE id = ?5",
            params![
                level.rank(),
                deadline_for(level, now),
                now,
                unassessed,
                new.case_id
            ],
        )?;
        super::follow_ups::schedule_on_level_change(tx, rules, new.case_id, old_level, level, now)?;
    }
    tx.execute(
        "INSERT INTO case_events (case_id, at, actor_id, kind, summary, body, ref_id)
             VALUES (?1, ?2, ?3, 'assessment', ?4, ?5, ?6)",
        params![
            new.case_id,
            now,
            actor,
            new.summary,
            new.judgement_reason,
            assessment_id
        ],
    )?;
    append(
        tx,
        &AuditEntry::new(Some(actor), AuditAction::AssessmentRecorded)
            .on("case", new.case_id)
            .detail(new.instrument_id),
    )?;
    let alert_raised = level.is_urgent()
        && level > old_level
        && raise(tx, new.case_id, AlertKind::UrgentRisk, level, now)?;
    Ok(AssessmentSaved {
        assessment_id,
        case_level: level,
        alert_raised,
    })
}
