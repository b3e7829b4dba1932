//! Intake drafts: saved as the operator types, resumed after a crash,
//! listed for supervisors when they outlive a shift.

use super::audit::{AuditEntry, append};
use super::{Store, StoreError, StoreResult};
use crate::domain::AuditAction;
use rusqlite::{OptionalExtension, Row, params};

/// A stored draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub id: i64,
    pub operator_id: i64,
    pub form_id: String,
    pub answers_json: String,
    pub focus_field: Option<String>,
    pub attach_case_id: Option<i64>,
    /// The instruments completed during the call, as the app wrote them (a
    /// JSON array); None for a draft saved before drafts kept them.
    pub assessments_json: Option<String>,
    pub started_at: i64,
    pub updated_at: i64,
}

/// What a draft save writes.
#[derive(Debug, Clone)]
pub struct DraftSave<'a> {
    /// None for an intake not stored yet.
    pub draft_id: Option<i64>,
    pub operator_id: i64,
    pub form_id: &'a str,
    pub answers_json: &'a str,
    pub focus_field: Option<&'a str>,
    pub attach_case_id: Option<i64>,
    /// The instruments completed during the call (a JSON array), written in
    /// the same statement as the answers. None leaves what is stored as it
    /// is (a new row gets none): the app sends None while it holds a value
    /// it could not read, so a save never wipes it unseen.
    pub assessments_json: Option<&'a str>,
    /// The call timer's start.
    pub started_at: i64,
}

/// A draft as a supervisor sees it: whose and how old, never its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleDraft {
    pub id: i64,
    pub operator: String,
    pub form_id: String,
    pub started_at: i64,
    pub updated_at: i64,
}

fn draft(r: &Row<'_>) -> rusqlite::Result<Draft> {
    Ok(Draft {
        id: r.get(0)?,
        operator_id: r.get(1)?,
        form_id: r.get(2)?,
        answers_json: r.get(3)?,
        focus_field: r.get(4)?,
        attach_case_id: r.get(5)?,
        started_at: r.get(6)?,
        updated_at: r.get(7)?,
        assessments_json: r.get(8)?,
    })
}

const COLUMNS: &str = "id, operator_id, form_id, answers, focus_field, attach_case_id, started_at,
     updated_at, assessments";

impl Store {
    /// Saves the current answers of an intake, with the instruments run
    /// during the call, and returns its draft id.
    /// Without an id (a new intake) the row is created. A row that is gone
    /// (completed or discarded in another session) is reported as not
    /// found rather than brought back; the app then decides. Only the
    /// operator writes their drafts, so the last save wins.
    pub fn save_draft(&mut self, draft: &DraftSave<'_>, now: i64) -> StoreResult<i64> {
        self.write(|tx| write_draft(tx, draft, now))
    }

    /// An operator's unfinished intakes, most recently touched first.
    pub fn operator_drafts(&self, operator_id: i64) -> StoreResult<Vec<Draft>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM drafts WHERE operator_id = ?1 ORDER BY updated_at DESC, id DESC"
        ))?;
        let rows = stmt.query_map([operator_id], draft)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One draft by id, if it still exists (a completed intake removes it).
    pub fn draft(&self, draft_id: i64) -> StoreResult<Option<Draft>> {
        Ok(self
            .conn()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM drafts WHERE id = ?1"))?
            .query_row([draft_id], draft)
            .optional()?)
    }

    /// Drafts not touched since `before`: for supervisors, to follow up
    /// intakes left unfinished past a shift. Shows no content.
    pub fn stale_drafts(&self, before: i64, limit: u32) -> StoreResult<Vec<StaleDraft>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT d.id, u.display_name, d.form_id, d.started_at, d.updated_at
             FROM drafts d JOIN users u ON u.id = d.operator_id
             WHERE d.updated_at < ?1 ORDER BY d.updated_at LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![before, limit], |r| {
            Ok(StaleDraft {
                id: r.get(0)?,
                operator: r.get(1)?,
                form_id: r.get(2)?,
                started_at: r.get(3)?,
                updated_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The drafts a supervisor may need to take over: untouched for longer
    /// than a shift (`before`), or left by someone no longer on the floor
    /// (their session crashed, lost its connection, or signed out).
    pub fn drafts_left_behind(
        &self,
        before: i64,
        now: i64,
        limit: u32,
    ) -> StoreResult<Vec<StaleDraft>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT d.id, u.display_name, d.form_id, d.started_at, d.updated_at
             FROM drafts d JOIN users u ON u.id = d.operator_id
             WHERE d.updated_at < ?1
                OR (EXISTS (SELECT 1 FROM presence p WHERE p.user_id = d.operator_id)
                    AND NOT EXISTS (SELECT 1 FROM presence p
                                    WHERE p.user_id = d.operator_id AND p.ended_at IS NULL
                                      AND p.heartbeat_at >= ?2))
             ORDER BY d.updated_at LIMIT ?3",
        )?;
        let gone_before = now - crate::domain::presence::GONE_AFTER_SECS;
        let rows = stmt.query_map(params![before, gone_before, limit], |r| {
            Ok(StaleDraft {
                id: r.get(0)?,
                operator: r.get(1)?,
                form_id: r.get(2)?,
                started_at: r.get(3)?,
                updated_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Throws a draft away (the operator confirmed it).
    pub fn discard_draft(&mut self, draft_id: i64, operator_id: i64) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM drafts WHERE id = ?1 AND operator_id = ?2",
                params![draft_id, operator_id],
            )?;
            append(
                tx,
                &AuditEntry::new(Some(operator_id), AuditAction::DraftDiscarded)
                    .on("draft", draft_id),
            )
        })
    }
}

/// One draft, read inside the caller's transaction.
pub(super) fn draft_in(
    tx: &rusqlite::Transaction<'_>,
    draft_id: i64,
) -> StoreResult<Option<Draft>> {
    Ok(tx
        .prepare_cached(&format!("SELECT {COLUMNS} FROM drafts WHERE id = ?1"))?
        .query_row([draft_id], draft)
        .optional()?)
}

/// Writes a draft inside the caller's transaction (see
/// [`Store::save_draft`]); a hand-over saves the giver's last keystrokes
/// this way in the same transaction as its offer.
pub(super) fn write_draft(
    tx: &rusqlite::Transaction<'_>,
    draft: &DraftSave<'_>,
    now: i64,
) -> StoreResult<i64> {
    if let Some(id) = draft.draft_id {
        let changed = tx
            .prepare_cached(
                "UPDATE drafts SET answers = ?1, focus_field = ?2, attach_case_id = ?3,
                                   updated_at = ?4,
                                   assessments = COALESCE(?7, assessments)
                 WHERE id = ?5 AND operator_id = ?6",
            )?
            .execute(params![
                draft.answers_json,
                draft.focus_field,
                draft.attach_case_id,
                now,
                id,
                draft.operator_id,
                draft.assessments_json
            ])?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                what: "draft".into(),
            });
        }
        return Ok(id);
    }
    tx.prepare_cached(
        "INSERT INTO drafts (operator_id, form_id, answers, focus_field, attach_case_id,
                             started_at, updated_at, assessments)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        draft.operator_id,
        draft.form_id,
        draft.answers_json,
        draft.focus_field,
        draft.attach_case_id,
        draft.started_at,
        now,
        draft.assessments_json
    ])?;
    Ok(tx.last_insert_rowid())
}
