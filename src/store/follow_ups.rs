//! The follow-up protocol in the database: each open case's next
//! follow-up date, kept by the schedule as the case opens, changes level
//! and is followed up; recording a follow-up; the Follow-ups pane's
//! queue; and the reminders and missed-follow-up alerts the clock raises.

use super::audit::{AuditEntry, append};
use super::case_access::visible_condition;
use super::{Store, StoreError, StoreResult};
use crate::domain::access::Viewer;
use crate::domain::follow_up::{FollowUpRules, NeedsMet, Reached, SafeNow};
use crate::domain::{AuditAction, RiskLevel};
use rusqlite::{OptionalExtension, Transaction, params};

/// Alert kinds of the follow-up protocol.
pub const FOLLOW_UP_DUE: &str = "follow_up_due";
pub const FOLLOW_UP_MISSED: &str = "follow_up_missed";
/// A case not reachable for the configured no-contact days: closing it
/// for "no contact" is proposed to the team's supervisors.
pub const CLOSURE_PROPOSED: &str = "no_contact_closure";

/// The schema version that brought the follow-up columns.
pub const SCHEMA_VERSION: i64 = 13;

/// Sets the first follow-up of a case just opened at `level` (nothing on
/// a schema from before follow-ups: `rules` is None).
pub(crate) fn schedule_on_open(
    tx: &Transaction<'_>,
    rules: Option<&FollowUpRules>,
    case_id: i64,
    level: RiskLevel,
    now: i64,
) -> StoreResult<()> {
    let Some(rules) = rules else {
        return Ok(());
    };
    tx.prepare_cached("UPDATE cases SET next_follow_up_at = ?1 WHERE id = ?2")?
        .execute(params![rules.on_open(level, now), case_id])?;
    Ok(())
}

/// Moves the next follow-up of a case whose level went from `old` to
/// `new` at `now` (see `FollowUpRules::on_level_change`).
pub(crate) fn schedule_on_level_change(
    tx: &Transaction<'_>,
    rules: Option<&FollowUpRules>,
    case_id: i64,
    old: RiskLevel,
    new: RiskLevel,
    now: i64,
) -> StoreResult<()> {
    let Some(rules) = rules else {
        return Ok(());
    };
    let next: Option<i64> = tx
        .prepare_cached("SELECT next_follow_up_at FROM cases WHERE id = ?1")?
        .query_row([case_id], |r| r.get(0))
        .optional()?
        .flatten();
    let changed = rules.on_level_change(next, old, new, now);
    if changed != next {
        tx.prepare_cached("UPDATE cases SET next_follow_up_at = ?1 WHERE id = ?2")?
            .execute(params![changed, case_id])?;
    }
    Ok(())
}

/// A follow-up as the worker records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFollowUp {
    pub case_id: i64,
    /// The case's version when the form was opened.
    pub version: i64,
    /// When the attempt was made (UTC seconds).
    pub done_at: i64,
    pub channel: String,
    pub reached: Reached,
    /// Who answered, when someone else did.
    pub reached_who: Option<String>,
    /// Asked only when someone was reached.
    pub safe_now: Option<SafeNow>,
    pub new_concern: bool,
    pub needs_met: Option<NeedsMet>,
    /// Needs and progress against the plan's goals.
    pub progress: Option<String>,
    pub note: Option<String>,
    /// The next follow-up the worker chose; None: the schedule's.
    pub next_at: Option<i64>,
    /// Why the next follow-up is later than the schedule asks.
    pub next_reason: Option<String>,
}

/// What recording a follow-up changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpSaved {
    pub follow_up_id: i64,
    pub next_at: Option<i64>,
    /// Failed attempts in a row now.
    pub attempts: u32,
    /// The case became not reachable with this attempt.
    pub became_unreachable: bool,
    pub version: i64,
}

/// The follow-up side of a case, for its header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowUpState {
    pub next_at: Option<i64>,
    pub attempts: u32,
    pub unreachable_since: Option<i64>,
    pub last_contact_at: Option<i64>,
    pub last_follow_up_at: Option<i64>,
    /// What to try next, from the configuration, while not reachable.
    pub next_steps: Vec<String>,
    /// Whole days since the last contact, once they reach the no-contact
    /// period of a case not reachable: closing for "no contact" is
    /// proposed.
    pub no_contact_days: Option<i64>,
}

/// Whose follow-ups the pane lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowUpScope {
    Mine(i64),
    Team(String),
    All,
}

/// One case in the Follow-ups pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpRow {
    pub case_id: i64,
    pub number: String,
    pub level: RiskLevel,
    pub due_at: i64,
    pub child_name: Option<String>,
    pub worker: Option<String>,
    pub attempts: u32,
    pub unreachable: bool,
    pub version: i64,
}

/// The pane's three sections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FollowUpQueue {
    pub overdue: Vec<FollowUpRow>,
    pub due_today: Vec<FollowUpRow>,
    pub upcoming: Vec<FollowUpRow>,
    /// The viewer's own plan actions past their date (see
    /// `Store::overdue_plan_actions`), filled by the caller.
    pub overdue_actions: Vec<super::case_plans::OverduePlanAction>,
}

/// What recording a follow-up reads of its case: version, step, level,
/// failed attempts, the due date and since when it is not reachable.
type CaseFollowUpRow = (i64, String, i64, u32, Option<i64>, Option<i64>);

const QUEUE_COLUMNS: &str = "c.id, c.number, c.risk_level, c.next_follow_up_at, c.child_name,
     u.display_name, c.follow_up_attempts, c.unreachable_since IS NOT NULL, c.version";

fn queue_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FollowUpRow> {
    Ok(FollowUpRow {
        case_id: r.get(0)?,
        number: r.get(1)?,
        level: RiskLevel::from_rank(r.get(2)?),
        due_at: r.get(3)?,
        child_name: r.get(4)?,
        worker: r.get(5)?,
        attempts: r.get(6)?,
        unreachable: r.get(7)?,
        version: r.get(8)?,
    })
}

impl Store {
    /// The follow-up rules this store schedules by.
    pub fn follow_up_rules(&self) -> &FollowUpRules {
        &self.follow_up
    }

    /// The rules level changes schedule by; None on a schema from before
    /// follow-ups.
    pub(crate) fn schedule_rules(&self) -> Option<std::sync::Arc<FollowUpRules>> {
        self.schedules.then(|| self.follow_up.clone())
    }

    /// Schedules by the organisation's rules from now on.
    pub fn set_follow_up_rules(&mut self, rules: FollowUpRules) {
        self.follow_up = std::sync::Arc::new(rules);
    }

    /// The case a follow-up was recorded on; None when there is no such
    /// follow-up.
    pub fn follow_up_case(&self, follow_up_id: i64) -> StoreResult<Option<i64>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT case_id FROM follow_ups WHERE id = ?1")?
            .query_row([follow_up_id], |r| r.get(0))
            .optional()?)
    }

    /// The follow-up side of a case: next date, attempts, last contact.
    pub fn follow_up_state(&self, case_id: i64) -> StoreResult<FollowUpState> {
        if !self.schedules {
            return Ok(FollowUpState::default());
        }
        let mut state = self
            .conn()
            .prepare_cached(
                "SELECT next_follow_up_at, follow_up_attempts, unreachable_since, last_contact_at,
                        (SELECT max(done_at) FROM follow_ups f WHERE f.case_id = c.id)
                 FROM cases c WHERE id = ?1 AND status <> 'closed'",
            )?
            .query_row([case_id], |r| {
                Ok(FollowUpState {
                    next_at: r.get(0)?,
                    attempts: r.get(1)?,
                    unreachable_since: r.get(2)?,
                    last_contact_at: r.get(3)?,
                    last_follow_up_at: r.get(4)?,
                    next_steps: Vec::new(),
                    no_contact_days: None,
                })
            })
            .optional()?
            .unwrap_or_default();
        if state.unreachable_since.is_some() {
            state.next_steps = self.follow_up.unreachable_steps.clone();
            let since = match state.last_contact_at {
                Some(t) => Some(t),
                None => self
                    .conn()
                    .prepare_cached("SELECT opened_at FROM cases WHERE id = ?1")?
                    .query_row([case_id], |r| r.get(0))
                    .optional()?,
            };
            let now = super::unix_now();
            state.no_contact_days = since
                .filter(|t| self.follow_up.propose_no_contact_closure(*t, now))
                .map(|t| (now - t) / 86_400);
        }
        Ok(state)
    }

    /// Records a follow-up in one transaction: the follow-up, the case's
    /// next date, attempts and last contact, its reminders resolved, a
    /// timeline entry and an audit line. Refused when the case changed
    /// since `version`, is closed, or the next date is past the schedule
    /// without a reason.
    pub fn record_follow_up(
        &mut self,
        f: &NewFollowUp,
        actor: i64,
        now: i64,
    ) -> StoreResult<FollowUpSaved> {
        let rules = self.follow_up.clone();
        if f.channel.trim().is_empty() {
            return Err(StoreError::Invalid("say how the follow-up was made".into()));
        }
        if f.reached == Reached::SomeoneElse
            && f.reached_who.as_deref().is_none_or(|w| w.trim().is_empty())
        {
            return Err(StoreError::Invalid("say who was reached".into()));
        }
        if f.done_at > now + 60 {
            return Err(StoreError::Invalid(
                "a follow-up cannot be recorded in the future".into(),
            ));
        }
        self.write(|tx| {
            let row: Option<CaseFollowUpRow> = tx
                .prepare_cached(
                    "SELECT version, status, risk_level, follow_up_attempts, next_follow_up_at,
                            unreachable_since
                     FROM cases WHERE id = ?1",
                )?
                .query_row([f.case_id], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })
                .optional()?;
            let Some((version, status, rank, attempts_before, due_at, unreachable_since)) = row
            else {
                return Err(StoreError::NotFound {
                    what: "case".into(),
                });
            };
            if version != f.version {
                return Err(StoreError::Conflict { what: "the case" });
            }
            if status == "closed" {
                return Err(StoreError::Invalid(
                    "the case is closed: reopen it to follow it up".into(),
                ));
            }
            let level = RiskLevel::from_rank(rank);
            let reason = f
                .next_reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty());
            let next_at = match f.next_at {
                Some(chosen) => {
                    rules
                        .check_next(level, f.done_at, chosen, reason.is_some())
                        .map_err(|e| StoreError::Invalid(e.to_string()))?;
                    Some(chosen)
                }
                None => rules.after_follow_up(level, f.done_at),
            };
            let attempts = f.reached.attempts_after(attempts_before);
            let unreachable = rules.unreachable(attempts);
            let became_unreachable = unreachable && unreachable_since.is_none();
            let reached = f.reached != Reached::NotReached;
            tx.prepare_cached(
                "INSERT INTO follow_ups (case_id, done_at, channel, reached, reached_who, safe_now,
                        new_concern, needs_met, progress, note, due_at, next_at, next_reason,
                        recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                f.case_id,
                f.done_at,
                f.channel.trim(),
                f.reached.as_str(),
                f.reached_who.as_deref().map(str::trim),
                f.safe_now.map(SafeNow::as_str),
                f.new_concern,
                f.needs_met.map(NeedsMet::as_str),
                f.progress
                    .as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty()),
                f.note.as_deref().map(str::trim).filter(|t| !t.is_empty()),
                due_at,
                next_at,
                reason,
                actor,
                now
            ])?;
            let follow_up_id = tx.last_insert_rowid();
            tx.prepare_cached(
                "UPDATE cases SET next_follow_up_at = ?1, follow_up_attempts = ?2,
                        unreachable_since = CASE WHEN ?3 THEN coalesce(unreachable_since, ?4)
                                                 ELSE NULL END,
                        last_contact_at = CASE WHEN ?5 THEN max(coalesce(last_contact_at, 0), ?6)
                                               ELSE last_contact_at END,
                        updated_at = ?4, version = version + 1
                 WHERE id = ?7",
            )?
            .execute(params![
                next_at,
                attempts,
                unreachable,
                now,
                reached,
                f.done_at,
                f.case_id
            ])?;
            // The reminders of this case are answered; reaching someone
            // also ends a proposal to close for "no contact".
            tx.prepare_cached(
                "UPDATE alerts SET acknowledged_at = ?1, acknowledged_by = ?2
                 WHERE case_id = ?3 AND acknowledged_at IS NULL
                   AND (kind IN (?4, ?5) OR (?6 AND kind = ?7))",
            )?
            .execute(params![
                now,
                actor,
                f.case_id,
                FOLLOW_UP_DUE,
                FOLLOW_UP_MISSED,
                reached,
                CLOSURE_PROPOSED
            ])?;
            tx.prepare_cached(
                "INSERT INTO case_events (case_id, at, actor_id, kind, summary, body, ref_id)
                 VALUES (?1, ?2, ?3, 'follow_up', ?4, ?5, ?6)",
            )?
            .execute(params![
                f.case_id,
                now,
                actor,
                timeline_summary(f, attempts, became_unreachable),
                timeline_body(f),
                follow_up_id
            ])?;
            append(
                tx,
                &AuditEntry::new(Some(actor), AuditAction::FollowUpRecorded)
                    .on("case", f.case_id)
                    .detail(f.reached.as_str()),
            )?;
            Ok(FollowUpSaved {
                follow_up_id,
                next_at,
                attempts,
                became_unreachable,
                version: version + 1,
            })
        })
    }

    /// The Follow-ups pane: open cases with a follow-up date in `scope`,
    /// in three sections (overdue before `now`, due before `day_end`,
    /// upcoming), each by level then date, at most `limit` rows each.
    pub fn follow_up_queue(
        &self,
        viewer: &Viewer,
        scope: &FollowUpScope,
        now: i64,
        day_end: i64,
        limit: u32,
    ) -> StoreResult<FollowUpQueue> {
        // Each scope names its index: left to itself the planner takes the
        // all-cases one and filters a whole level (10 ms on a million).
        let (index, filter, arg): (&str, &str, rusqlite::types::Value) = match scope {
            FollowUpScope::Mine(id) => (
                "cases_follow_up_by_worker",
                "c.worker_id = ?4",
                (*id).into(),
            ),
            FollowUpScope::Team(team) => (
                "cases_follow_up_by_team",
                "c.team = ?4",
                team.clone().into(),
            ),
            FollowUpScope::All => (
                "cases_follow_up_queue",
                "?4 IS NULL",
                rusqlite::types::Value::Null,
            ),
        };
        // Only the cases the viewer may see (see `domain::access`); its
        // arguments follow the five numbered ones.
        let (visible, visible_args) = visible_condition(viewer, super::unix_now());
        // One index range per level keeps each section a seek whatever
        // the number of cases waiting.
        let sql = format!(
            "SELECT {QUEUE_COLUMNS} FROM cases c INDEXED BY {index}
             LEFT JOIN users u ON u.id = c.worker_id
             WHERE c.status <> 'closed' AND c.next_follow_up_at IS NOT NULL AND {filter}
               AND -c.risk_level = ?5 AND c.next_follow_up_at >= ?1 AND c.next_follow_up_at < ?2
               AND {visible}
             ORDER BY c.next_follow_up_at, c.id LIMIT ?3"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let mut section = |from: i64, to: i64| -> StoreResult<Vec<FollowUpRow>> {
            let mut rows = Vec::new();
            for rank in (0..=4).rev() {
                let left = limit.saturating_sub(rows.len() as u32);
                if left == 0 {
                    break;
                }
                let mut args: Vec<rusqlite::types::Value> = vec![
                    from.into(),
                    to.into(),
                    i64::from(left).into(),
                    arg.clone(),
                    (-rank).into(),
                ];
                args.extend(visible_args.iter().cloned());
                let page = stmt.query_map(rusqlite::params_from_iter(args), queue_row)?;
                for row in page {
                    rows.push(row?);
                }
            }
            Ok(rows)
        };
        Ok(FollowUpQueue {
            overdue: section(i64::MIN, now)?,
            due_today: section(now, day_end)?,
            upcoming: section(day_end, i64::MAX)?,
            overdue_actions: Vec::new(),
        })
    }

    /// The clock's work: a reminder to the worker of each case whose
    /// follow-up fell due, and an alert to the team's supervisors for each
    /// follow-up missed past its level's grace. Each is raised once per
    /// due date. Returns how many were raised.
    pub fn raise_follow_up_reminders(&mut self, now: i64) -> StoreResult<usize> {
        let rules = self.follow_up.clone();
        // Cheap reads first: most minutes nothing falls due.
        // The shortest grace: no missed follow-up is due before it.
        let grace_min = rules.grace_secs.iter().copied().min().unwrap_or(0).max(0);
        let any: bool = self
            .conn()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM cases INDEXED BY cases_follow_up_to_remind
                     WHERE status <> 'closed' AND next_follow_up_at IS NOT NULL
                       AND next_follow_up_at IS NOT reminded_due_at AND next_follow_up_at <= ?1)
                 OR EXISTS (SELECT 1 FROM cases INDEXED BY cases_follow_up_to_report
                     WHERE status <> 'closed' AND next_follow_up_at IS NOT NULL
                       AND next_follow_up_at IS NOT missed_due_at AND next_follow_up_at <= ?2)",
            )?
            .query_row(params![now, now - grace_min], |r| r.get(0))?;
        let proposals = self.no_contact_proposals_due(now)?;
        if !any && proposals.is_empty() {
            return Ok(0);
        }
        self.write(|tx| {
            let due: Vec<(i64, i64, i64, Option<i64>)> = tx
                .prepare_cached(
                    "SELECT id, next_follow_up_at, risk_level, worker_id
                     FROM cases INDEXED BY cases_follow_up_to_remind
                     WHERE status <> 'closed' AND next_follow_up_at IS NOT NULL
                       AND next_follow_up_at IS NOT reminded_due_at AND next_follow_up_at <= ?1
                     LIMIT 500",
                )?
                .query_map([now], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<_, _>>()?;
            let mut raised = 0;
            for (case_id, due_at, rank, worker) in due {
                // To the worker alone; an unassigned case's to its team's
                // supervisors.
                insert_alert(tx, case_id, FOLLOW_UP_DUE, rank.max(1), worker, now)?;
                tx.prepare_cached("UPDATE cases SET reminded_due_at = ?1 WHERE id = ?2")?
                    .execute(params![due_at, case_id])?;
                raised += 1;
            }
            let late: Vec<(i64, i64, i64)> = tx
                .prepare_cached(
                    "SELECT id, next_follow_up_at, risk_level
                     FROM cases INDEXED BY cases_follow_up_to_report
                     WHERE status <> 'closed' AND next_follow_up_at IS NOT NULL
                       AND next_follow_up_at IS NOT missed_due_at AND next_follow_up_at <= ?1
                     LIMIT 500",
                )?
                .query_map([now - grace_min], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?;
            for (case_id, due_at, rank) in late {
                let level = RiskLevel::from_rank(rank);
                if !rules.missed(level, due_at, now) {
                    continue;
                }
                // To the team's supervisors (and seen by the worker); a
                // critical one escalates like any unacknowledged critical
                // alert.
                insert_alert(tx, case_id, FOLLOW_UP_MISSED, rank.max(1), None, now)?;
                tx.prepare_cached("UPDATE cases SET missed_due_at = ?1 WHERE id = ?2")?
                    .execute(params![due_at, case_id])?;
                raised += 1;
            }
            // Not reachable past the no-contact period: once per run of
            // failed attempts, the supervisors are asked to consider
            // closing for "no contact" (the closure itself waits for them).
            for (case_id, rank) in &proposals {
                insert_alert(tx, *case_id, CLOSURE_PROPOSED, (*rank).max(1), None, now)?;
                raised += 1;
            }
            Ok(raised)
        })
    }
}

impl Store {
    /// Cases not reachable past the no-contact period with no proposal
    /// raised since they became not reachable: (case, level rank).
    fn no_contact_proposals_due(&self, now: i64) -> StoreResult<Vec<(i64, i64)>> {
        let cutoff = now - i64::from(self.follow_up.no_contact_days) * 86_400;
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT c.id, c.risk_level FROM cases c INDEXED BY cases_unreachable
                 WHERE c.status <> 'closed' AND c.unreachable_since IS NOT NULL
                   AND coalesce(c.last_contact_at, c.opened_at) <= ?1
                   AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.case_id = c.id
                                   AND a.kind = ?2 AND a.raised_at >= c.unreachable_since)
                 LIMIT 500",
            )?
            .query_map(params![cutoff, CLOSURE_PROPOSED], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<_, _>>()?)
    }
}

fn insert_alert(
    tx: &Transaction<'_>,
    case_id: i64,
    kind: &str,
    severity: i64,
    for_user: Option<i64>,
    now: i64,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO alerts (case_id, kind, severity, for_user_id, raised_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![case_id, kind, severity, for_user, now])?;
    let id = tx.last_insert_rowid();
    append(
        tx,
        &AuditEntry::new(None, AuditAction::AlertRaised)
            .on("alert", id)
            .detail(kind),
    )
}

/// The timeline entry's text: the progress on the plan, then the note.
fn timeline_body(f: &NewFollowUp) -> Option<String> {
    fn clean(t: &Option<String>) -> Option<&str> {
        t.as_deref().map(str::trim).filter(|t| !t.is_empty())
    }
    match (clean(&f.progress), clean(&f.note)) {
        (Some(progress), Some(note)) => Some(format!("Progress: {progress}\n\n{note}")),
        (Some(progress), None) => Some(format!("Progress: {progress}")),
        (None, note) => note.map(str::to_string),
    }
}

/// The timeline line of a follow-up: how it went, and what it found.
fn timeline_summary(f: &NewFollowUp, attempts: u32, became_unreachable: bool) -> String {
    let mut line = format!("Follow-up ({}): {}", f.channel.trim(), f.reached.label());
    if let Some(who) = f
        .reached_who
        .as_deref()
        .filter(|_| f.reached == Reached::SomeoneElse)
    {
        line.push_str(&format!(" ({})", who.trim()));
    }
    if let Some(safe) = f.safe_now {
        line.push_str(&format!("; safe now: {}", safe.label().to_lowercase()));
    }
    if f.new_concern {
        line.push_str("; new concern");
    }
    if let Some(needs) = f.needs_met {
        line.push_str(&format!("; needs {}", needs.label().to_lowercase()));
    }
    if f.reached == Reached::NotReached {
        line.push_str(&format!("; attempt {attempts} without contact"));
    }
    if became_unreachable {
        line.push_str("; now not reachable");
    }
    line
}
