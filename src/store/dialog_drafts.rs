//! Dialog drafts: a note being written, an assessment in progress, and the
//! referral, closure, assignment and service dialogs, kept as the operator
//! types so that a killed process or a dropped connection loses nothing
//! but the last second. One row per operator, kind and target; the app
//! writes the dialog's own JSON and reads it back at the next log-in.

use super::{Store, StoreResult};
use rusqlite::params;

/// Which dialog a draft holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DialogKind {
    /// A case note (target: the case).
    Note,
    /// A risk assessment in progress (target: the case).
    Assessment,
    /// The referral dialog (target: the case).
    Referral,
    /// Closing a case: reason and outcome note (target: the case).
    Closure,
    /// Assigning a case to a worker (target: the case).
    Assignment,
    /// The service form (target: the service, 0 for a new one).
    Service,
    /// A supervisor's reason for sending a closure back (target: the case).
    SendBack,
    /// The reason for reopening a closed case (target: the case).
    Reopen,
    /// A follow-up being recorded (target: the case).
    FollowUp,
    /// A goal, an action or a drop reason of the case plan (target: the case).
    Plan,
    /// The reason for asking a closed case to be anonymised (target: the case).
    Erasure,
}

impl DialogKind {
    pub const ALL: [DialogKind; 11] = [
        DialogKind::Note,
        DialogKind::Assessment,
        DialogKind::Referral,
        DialogKind::Closure,
        DialogKind::Assignment,
        DialogKind::Service,
        DialogKind::SendBack,
        DialogKind::Reopen,
        DialogKind::FollowUp,
        DialogKind::Plan,
        DialogKind::Erasure,
    ];

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            DialogKind::Note => "note",
            DialogKind::Assessment => "assessment",
            DialogKind::Referral => "referral",
            DialogKind::Closure => "closure",
            DialogKind::Assignment => "assignment",
            DialogKind::Service => "service",
            DialogKind::SendBack => "send_back",
            DialogKind::Reopen => "reopen",
            DialogKind::FollowUp => "follow_up",
            DialogKind::Plan => "plan",
            DialogKind::Erasure => "erasure",
        }
    }

    pub fn parse(name: &str) -> Option<DialogKind> {
        DialogKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// Which dialog of whose, on what: a draft's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DialogKey {
    pub kind: DialogKind,
    /// The case id, or the service id (0: a service not stored yet).
    pub target_id: i64,
}

/// One write of a dialog's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DialogWrite<'a> {
    pub key: DialogKey,
    /// The dialog's state as JSON.
    pub state: &'a str,
    pub urgent: bool,
    /// The session writing, and the number of this write in it: a lower
    /// number from the same session arriving late is ignored.
    pub writer: i64,
    pub rev: i64,
}

/// A stored dialog draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialogDraft {
    pub key: DialogKey,
    /// The dialog's state as JSON, as the dialog wrote it.
    pub state: String,
    /// Offered before every other draft at the next log-in.
    pub urgent: bool,
    pub updated_at: i64,
}

impl Store {
    /// Keeps the latest state of an operator's dialog, replacing what was
    /// kept for the same dialog before, unless that came from a later
    /// write of the same session.
    pub fn keep_dialog_draft(
        &mut self,
        operator_id: i64,
        draft: &DialogWrite<'_>,
        now: i64,
    ) -> StoreResult<()> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO dialog_drafts
                     (operator_id, kind, target_id, state, urgent, updated_at, writer, rev)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (operator_id, kind, target_id)
                 DO UPDATE SET state = excluded.state, urgent = excluded.urgent,
                               updated_at = excluded.updated_at, writer = excluded.writer,
                               rev = excluded.rev
                 WHERE dialog_drafts.writer <> excluded.writer
                    OR excluded.rev >= dialog_drafts.rev",
            )?
            .execute(params![
                operator_id,
                draft.key.kind.as_str(),
                draft.key.target_id,
                draft.state,
                draft.urgent,
                now,
                draft.writer,
                draft.rev
            ])?;
            Ok(())
        })
    }

    /// An operator's dialog drafts, the urgent ones first, then the most
    /// recently touched. Rows of a kind this build does not know are left
    /// in the database and not listed.
    pub fn operator_dialog_drafts(&self, operator_id: i64) -> StoreResult<Vec<DialogDraft>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT kind, target_id, state, urgent, updated_at FROM dialog_drafts
             WHERE operator_id = ?1 ORDER BY urgent DESC, updated_at DESC, kind, target_id",
        )?;
        let rows = stmt.query_map([operator_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        let mut drafts = Vec::new();
        for row in rows {
            let (kind, target_id, state, urgent, updated_at) = row?;
            let Some(kind) = DialogKind::parse(&kind) else {
                continue;
            };
            drafts.push(DialogDraft {
                key: DialogKey { kind, target_id },
                state,
                urgent,
                updated_at,
            });
        }
        Ok(drafts)
    }

    /// Forgets a dialog draft: the dialog was saved or deliberately thrown
    /// away. Forgetting one that is not there is not an error.
    pub fn forget_dialog_draft(&mut self, operator_id: i64, key: DialogKey) -> StoreResult<()> {
        self.write(|tx| {
            tx.prepare_cached(
                "DELETE FROM dialog_drafts WHERE operator_id = ?1 AND kind = ?2 AND target_id = ?3",
            )?
            .execute(params![operator_id, key.kind.as_str(), key.target_id])?;
            Ok(())
        })
    }
}
