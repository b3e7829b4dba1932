//! Hand-over of a live intake: offered with the giver's last keystrokes,
//! taken (the draft moves to the receiver in the same transaction, so it
//! never has two owners), declined or withdrawn; and a supervisor taking
//! over the draft of someone no longer on the floor.

use super::audit::{AuditEntry, append};
use super::drafts::{Draft, DraftSave, write_draft};
use super::{Store, StoreError, StoreResult};
use crate::domain::AuditAction;
use crate::domain::presence::GONE_AFTER_SECS;
use rusqlite::{OptionalExtension, Transaction, params};

/// An offer waiting for its receiver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandOverOffer {
    pub id: i64,
    pub draft_id: i64,
    pub from_user: i64,
    pub from_name: String,
    pub form_id: String,
    /// The call timer's start.
    pub call_started_at: i64,
    pub offered_at: i64,
}

/// Where an offer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandOverState {
    Offered,
    Taken,
    Declined,
    Withdrawn,
}

impl HandOverState {
    fn parse(text: &str) -> HandOverState {
        match text {
            "taken" => HandOverState::Taken,
            "declined" => HandOverState::Declined,
            "withdrawn" => HandOverState::Withdrawn,
            _ => HandOverState::Offered,
        }
    }
}

fn refused(message: &str) -> StoreError {
    StoreError::Invalid(message.to_string())
}

/// The offer's row, if it is still waiting for `user` to answer.
fn open_offer_for(tx: &Transaction<'_>, id: i64, user: i64) -> StoreResult<(i64, i64)> {
    let row: Option<(i64, i64, i64, String)> = tx
        .prepare_cached("SELECT draft_id, from_user, to_user, state FROM hand_overs WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    match row {
        Some((draft, from, to, state)) if to == user && state == "offered" => Ok((draft, from)),
        Some((_, _, to, _)) if to == user => Err(refused(
            "that hand-over is no longer offered (withdrawn, or already answered)",
        )),
        _ => Err(StoreError::NotFound {
            what: "hand-over".into(),
        }),
    }
}

/// Moves the draft from `from` to `to`, or says it is gone.
fn move_draft(
    tx: &Transaction<'_>,
    draft_id: i64,
    from: i64,
    to: i64,
    now: i64,
) -> StoreResult<Draft> {
    let moved = tx
        .prepare_cached(
            "UPDATE drafts SET operator_id = ?1, updated_at = ?2 WHERE id = ?3 AND operator_id = ?4",
        )?
        .execute(params![to, now, draft_id, from])?;
    if moved != 1 {
        return Err(refused(
            "that intake is no longer open (completed or discarded meanwhile)",
        ));
    }
    super::drafts::draft_in(tx, draft_id)?.ok_or_else(|| StoreError::NotFound {
        what: "draft".into(),
    })
}

impl Store {
    /// Offers an intake to `to_user`: saves the giver's draft as given
    /// (every keystroke up to the offer) and records the offer, in one
    /// transaction. Returns the offer's id and the draft's.
    pub fn offer_hand_over(
        &mut self,
        draft: &DraftSave<'_>,
        to_user: i64,
        now: i64,
    ) -> StoreResult<(i64, i64)> {
        if to_user == draft.operator_id {
            return Err(refused("choose someone else to hand the intake to"));
        }
        self.write(|tx| {
            let receiver: Option<i64> = tx
                .prepare_cached("SELECT disabled FROM users WHERE id = ?1")?
                .query_row([to_user], |r| r.get(0))
                .optional()?;
            if receiver != Some(0) {
                return Err(refused("that account cannot take an intake"));
            }
            let draft_id = write_draft(tx, draft, now)?;
            let waiting: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM hand_overs
                                    WHERE draft_id = ?1 AND state = 'offered')",
                )?
                .query_row([draft_id], |r| r.get(0))?;
            if waiting {
                return Err(refused("this intake is already offered to someone"));
            }
            tx.prepare_cached(
                "INSERT INTO hand_overs (draft_id, from_user, to_user, kind, state, offered_at)
                 VALUES (?1, ?2, ?3, 'offer', 'offered', ?4)",
            )?
            .execute(params![draft_id, draft.operator_id, to_user, now])?;
            let id = tx.last_insert_rowid();
            append(
                tx,
                &AuditEntry::new(Some(draft.operator_id), AuditAction::HandOverOffered)
                    .on("draft", draft_id)
                    .detail(&format!("hand_over={id} to={to_user}")),
            )?;
            Ok((id, draft_id))
        })
    }

    /// The offers waiting for `user`, oldest first.
    pub fn hand_overs_waiting_for(&self, user: i64) -> StoreResult<Vec<HandOverOffer>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT h.id, h.draft_id, h.from_user, u.display_name, d.form_id, d.started_at,
                    h.offered_at
             FROM hand_overs h
             JOIN users u ON u.id = h.from_user
             JOIN drafts d ON d.id = h.draft_id
             WHERE h.to_user = ?1 AND h.state = 'offered'
             ORDER BY h.offered_at, h.id",
        )?;
        let rows = stmt.query_map([user], |r| {
            Ok(HandOverOffer {
                id: r.get(0)?,
                draft_id: r.get(1)?,
                from_user: r.get(2)?,
                from_name: r.get(3)?,
                form_id: r.get(4)?,
                call_started_at: r.get(5)?,
                offered_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The offers `giver` made that still wait: (offer, draft, receiver's
    /// name). A session that comes back after a crash freezes those
    /// intakes again instead of letting them be typed into twice.
    pub fn hand_overs_offered_by(&self, giver: i64) -> StoreResult<Vec<(i64, i64, String)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT h.id, h.draft_id, u.display_name FROM hand_overs h
             JOIN users u ON u.id = h.to_user
             WHERE h.from_user = ?1 AND h.state = 'offered'",
        )?;
        let rows = stmt.query_map([giver], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Where an offer stands, with its receiver's display name.
    pub fn hand_over_state(&self, id: i64) -> StoreResult<Option<(HandOverState, String)>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT h.state, u.display_name FROM hand_overs h
                 JOIN users u ON u.id = h.to_user WHERE h.id = ?1",
            )?
            .query_row([id], |r| {
                Ok((HandOverState::parse(&r.get::<_, String>(0)?), r.get(1)?))
            })
            .optional()?)
    }

    /// The receiver takes the intake: the draft becomes theirs and the
    /// offer is marked taken, in one transaction. Returns the draft.
    pub fn take_hand_over(&mut self, id: i64, user: i64, now: i64) -> StoreResult<Draft> {
        self.write(|tx| {
            let (draft_id, from) = open_offer_for(tx, id, user)?;
            let draft = move_draft(tx, draft_id, from, user, now)?;
            tx.prepare_cached(
                "UPDATE hand_overs SET state = 'taken', answered_at = ?1 WHERE id = ?2",
            )?
            .execute(params![now, id])?;
            append(
                tx,
                &AuditEntry::new(Some(user), AuditAction::HandOverTaken)
                    .on("draft", draft_id)
                    .detail(&format!("hand_over={id} from={from}")),
            )?;
            Ok(draft)
        })
    }

    /// The receiver declines: the intake stays with the giver.
    pub fn decline_hand_over(&mut self, id: i64, user: i64, now: i64) -> StoreResult<()> {
        self.write(|tx| {
            let (draft_id, _) = open_offer_for(tx, id, user)?;
            tx.prepare_cached(
                "UPDATE hand_overs SET state = 'declined', answered_at = ?1 WHERE id = ?2",
            )?
            .execute(params![now, id])?;
            append(
                tx,
                &AuditEntry::new(Some(user), AuditAction::HandOverDeclined)
                    .on("draft", draft_id)
                    .detail(&format!("hand_over={id}")),
            )
        })
    }

    /// The giver takes the offer back. Too late when it was taken (or
    /// declined) meanwhile: the state it ended in is returned.
    pub fn withdraw_hand_over(
        &mut self,
        id: i64,
        giver: i64,
        now: i64,
    ) -> StoreResult<HandOverState> {
        self.write(|tx| {
            let changed = tx
                .prepare_cached(
                    "UPDATE hand_overs SET state = 'withdrawn', answered_at = ?1
                     WHERE id = ?2 AND from_user = ?3 AND state = 'offered'",
                )?
                .execute(params![now, id, giver])?;
            if changed == 1 {
                return Ok(HandOverState::Withdrawn);
            }
            let state: Option<String> = tx
                .prepare_cached("SELECT state FROM hand_overs WHERE id = ?1 AND from_user = ?2")?
                .query_row(params![id, giver], |r| r.get(0))
                .optional()?;
            state
                .map(|s| HandOverState::parse(&s))
                .ok_or_else(|| StoreError::NotFound {
                    what: "hand-over".into(),
                })
        })
    }

    /// A supervisor takes over the draft of someone who is no longer on
    /// the floor (crashed, logged out or gone away): the draft becomes
    /// the supervisor's, recorded like a hand-over and audited.
    pub fn take_over_draft(
        &mut self,
        draft_id: i64,
        supervisor: i64,
        now: i64,
    ) -> StoreResult<Draft> {
        self.write(|tx| {
            let role: Option<String> = tx
                .prepare_cached("SELECT role FROM users WHERE id = ?1 AND disabled = 0")?
                .query_row([supervisor], |r| r.get(0))
                .optional()?;
            if !matches!(role.as_deref(), Some("supervisor" | "admin")) {
                return Err(refused(
                    "only supervisors take over another person's intake",
                ));
            }
            let owner: i64 = tx
                .prepare_cached("SELECT operator_id FROM drafts WHERE id = ?1")?
                .query_row([draft_id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| {
                    refused("that intake is no longer open (completed or discarded meanwhile)")
                })?;
            if owner == supervisor {
                return Err(refused("that intake is already yours"));
            }
            let present: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM presence WHERE user_id = ?1
                                    AND ended_at IS NULL AND heartbeat_at >= ?2)",
                )?
                .query_row(params![owner, now - GONE_AFTER_SECS], |r| r.get(0))?;
            if present {
                return Err(refused(
                    "its operator is still on the floor: ask them to hand it over",
                ));
            }
            // An offer the owner left open goes with the draft.
            tx.prepare_cached(
                "UPDATE hand_overs SET state = 'withdrawn', answered_at = ?1
                 WHERE draft_id = ?2 AND state = 'offered'",
            )?
            .execute(params![now, draft_id])?;
            let draft = move_draft(tx, draft_id, owner, supervisor, now)?;
            tx.prepare_cached(
                "INSERT INTO hand_overs (draft_id, from_user, to_user, kind, state, offered_at,
                                         answered_at)
                 VALUES (?1, ?2, ?3, 'take_over', 'taken', ?4, ?4)",
            )?
            .execute(params![draft_id, owner, supervisor, now])?;
            append(
                tx,
                &AuditEntry::new(Some(supervisor), AuditAction::HandOverTaken)
                    .on("draft", draft_id)
                    .detail(&format!("take_over from={owner}")),
            )?;
            Ok(draft)
        })
    }
}

/// Puts every hand-over of a draft that became a case on the case's
/// timeline, inside the caller's transaction (completing the intake).
pub(super) fn hand_overs_to_timeline(
    tx: &Transaction<'_>,
    draft_id: i64,
    case_id: i64,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO case_events (case_id, at, actor_id, kind, summary, ref_id)
         SELECT ?2, h.answered_at, h.to_user, 'hand_over',
                CASE h.kind
                    WHEN 'take_over' THEN 'Intake taken over from ' || f.display_name
                                          || ' by ' || t.display_name
                    ELSE 'Intake handed over by ' || f.display_name || ' to ' || t.display_name
                END,
                h.id
         FROM hand_overs h
         JOIN users f ON f.id = h.from_user
         JOIN users t ON t.id = h.to_user
         WHERE h.draft_id = ?1 AND h.state = 'taken'
         ORDER BY h.answered_at, h.id",
    )?
    .execute(params![draft_id, case_id])?;
    Ok(())
}
