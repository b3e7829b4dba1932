//! Urgent-case alerts, shared by every session through the database.
//!
//! Who sees an alert: the case's worker, the user it is addressed to, and
//! the supervisors of the case's team (every supervisor when the case has
//! no team). A critical alert left unacknowledged past the escalation time
//! reaches every supervisor; escalation is derived from the clock at read
//! time, so no session has to be running for it to happen.

use super::audit::{AuditEntry, append};
use super::{Store, StoreError, StoreResult};
use crate::domain::{AuditAction, RiskLevel, Role};
use rusqlite::{OptionalExtension, Transaction, params};

/// What raised an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    /// A case's risk level became high or critical.
    UrgentRisk,
    /// A high or critical case is still unassigned past the time to assign.
    Unassigned,
}

impl AlertKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::UrgentRisk => "urgent_risk",
            AlertKind::Unassigned => "unassigned",
        }
    }

    /// Words for a stored kind.
    pub fn describe(kind: &str) -> &'static str {
        match kind {
            "urgent_risk" => "urgent risk",
            "unassigned" => "not assigned in time",
            "referral_overdue" => "referral overdue",
            "follow_up_due" => "follow-up due",
            "follow_up_missed" => "follow-up missed",
            "plan_action_overdue" => "plan action overdue",
            "no_contact_closure" => "no contact: consider closing",
            "glass_broken" => "glass broken: opened outside need-to-know",
            "talk_requested" => "asks to talk to a supervisor",
            "heavy_shift" => "many critical contacts this shift",
            _ => "alert",
        }
    }
}

/// The longest acknowledgement note, in characters.
pub const ACK_NOTE_MAX: usize = 500;

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A note on one line, for a timeline summary.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The viewer, for deciding which alerts they see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertViewer {
    pub user_id: i64,
    pub role: Role,
    pub team: Option<String>,
    /// Now, in UTC seconds.
    pub now: i64,
    /// Unacknowledged critical alerts older than this reach every supervisor.
    pub escalate_after_secs: i64,
}

/// One open alert as the Alerts pane lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertRow {
    pub id: i64,
    pub case_id: Option<i64>,
    pub case_number: Option<String>,
    pub kind: String,
    pub severity: RiskLevel,
    pub raised_at: i64,
    pub escalated: bool,
    /// The worker an alert is about (a request to talk, a heavy shift).
    pub about: Option<String>,
    /// A short note the alert carries (for a request to talk, how the
    /// worker said they were).
    pub note: Option<String>,
}

/// The visibility rule, shared by the list and the count. Parameters:
/// ?1 user id, ?2 is supervisor (0/1), ?3 team, ?4 escalation cutoff.
/// An alert addressed to one person (a reminder) is theirs alone; the
/// others of a case are seen by its worker too.
/// It reads only columns of the `alerts_open_visible` index (the case's
/// worker and team are copied onto its alerts), so no case is looked up
/// for an alert the viewer does not see.
pub(super) const VISIBLE: &str = "a.acknowledged_at IS NULL AND (
        a.for_user_id = ?1
     OR (a.case_worker_id = ?1 AND a.for_user_id IS NULL)
     OR (?2 = 1 AND a.for_user_id IS NULL
         AND (a.case_team IS NULL OR ?3 IS NULL OR a.case_team = ?3
              OR (a.severity = 4 AND a.raised_at <= ?4))))";

/// The columns [`alert_row`] reads, from `alerts a LEFT JOIN cases c`.
/// An alert about a worker (a request to talk) names them, by display name.
pub(super) const ROW_COLUMNS: &str = "a.id, a.case_id, c.number, a.kind, a.severity, a.raised_at,
     (SELECT u.display_name FROM users u WHERE u.id = a.about_user_id), a.note";

/// One row of [`ROW_COLUMNS`]; `cutoff` decides whether it escalated.
pub(super) fn alert_row(r: &rusqlite::Row<'_>, cutoff: i64) -> rusqlite::Result<AlertRow> {
    let severity = RiskLevel::from_rank(r.get(4)?);
    let raised_at: i64 = r.get(5)?;
    Ok(AlertRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        case_number: r.get(2)?,
        kind: r.get(3)?,
        severity,
        raised_at,
        escalated: severity == RiskLevel::Critical && raised_at <= cutoff,
        about: r.get(6)?,
        note: r.get(7)?,
    })
}

pub(super) fn viewer_params(v: &AlertViewer) -> (i64, i64, Option<&str>, i64) {
    (
        v.user_id,
        i64::from(v.role.supervises()),
        v.team.as_deref(),
        v.now - v.escalate_after_secs,
    )
}

/// Raises an alert inside the caller's transaction, unless the same kind
/// is already open for the case (so repeated checks never duplicate it).
/// A higher severity raises the open alert instead, and restarts its
/// escalation clock: it counts from the moment it became critical. A
/// closed case raises nothing. Returns whether a new alert was written.
pub(crate) fn raise(
    tx: &Transaction<'_>,
    case_id: i64,
    kind: AlertKind,
    severity: RiskLevel,
    now: i64,
) -> StoreResult<bool> {
    let closed: Option<bool> = tx
        .prepare_cached("SELECT status = 'closed' FROM cases WHERE id = ?1")?
        .query_row([case_id], |r| r.get(0))
        .optional()?;
    if closed.unwrap_or(false) {
        return Ok(false);
    }
    let open: Option<(i64, i64)> = tx
        .prepare_cached(
            "SELECT id, severity FROM alerts
             WHERE case_id = ?1 AND kind = ?2 AND acknowledged_at IS NULL",
        )?
        .query_row(params![case_id, kind.as_str()], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((id, current)) = open {
        if severity.rank() > current {
            tx.prepare_cached("UPDATE alerts SET severity = ?1, raised_at = ?2 WHERE id = ?3")?
                .execute(params![severity.rank(), now, id])?;
            append(
                tx,
                &AuditEntry::new(None, AuditAction::AlertRaised)
                    .on("alert", id)
                    .detail(&format!("severity:{}", severity.as_str())),
            )?;
        }
        return Ok(false);
    }
    tx.prepare_cached(
        "INSERT INTO alerts (case_id, kind, severity, raised_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![case_id, kind.as_str(), severity.rank(), now])?;
    Ok(true)
}

/// Resolves every open alert of a case that is being closed, inside the
/// closing's transaction: a closed case has nobody left to alert, and its
/// alerts must never escalate. Returns how many were resolved.
pub(crate) fn resolve_for_closed_case(
    tx: &Transaction<'_>,
    case_id: i64,
    actor: Option<i64>,
    now: i64,
) -> StoreResult<usize> {
    let ids: Vec<i64> = tx
        .prepare_cached("SELECT id FROM alerts WHERE case_id = ?1 AND acknowledged_at IS NULL")?
        .query_map([case_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for &id in &ids {
        tx.prepare_cached(
            "UPDATE alerts SET acknowledged_at = ?1, acknowledged_by = ?2,
                               resolved_by_closing = 1
             WHERE id = ?3",
        )?
        .execute(params![now, actor, id])?;
        append(
            tx,
            &AuditEntry::new(actor, AuditAction::AlertAcknowledged)
                .on("alert", id)
                .detail("case closed"),
        )?;
    }
    Ok(ids.len())
}

impl Store {
    /// Unacknowledged alerts this viewer sees.
    pub fn count_open_alerts(&self, viewer: &AlertViewer) -> StoreResult<i64> {
        let (user, sup, team, cutoff) = viewer_params(viewer);
        let sql = format!("SELECT count(*) FROM alerts a WHERE {VISIBLE}");
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row(params![user, sup, team, cutoff], |r| r.get(0))?)
    }

    /// Unacknowledged alerts this viewer sees, most severe first, then oldest.
    pub fn list_open_alerts(&self, viewer: &AlertViewer, limit: u32) -> StoreResult<Vec<AlertRow>> {
        let (user, sup, team, cutoff) = viewer_params(viewer);
        let sql = format!(
            "SELECT {ROW_COLUMNS}
             FROM alerts a LEFT JOIN cases c ON c.id = a.case_id
             WHERE {VISIBLE}
             ORDER BY a.severity DESC, a.raised_at ASC, a.id ASC LIMIT ?5"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![user, sup, team, cutoff, limit], |r| {
            alert_row(r, cutoff)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Acknowledges an alert, recording who and when, with a timeline entry
    /// on its case. An alert someone else acknowledged first is reported as
    /// a conflict and left as they recorded it.
    pub fn acknowledge_alert(&mut self, alert_id: i64, user_id: i64, now: i64) -> StoreResult<()> {
        self.acknowledge_alert_with_note(alert_id, user_id, None, now)
    }

    /// Acknowledges an alert as [`Store::acknowledge_alert`] does, keeping
    /// an optional note (what was done about it) on the alert and on the
    /// case's timeline. The audit line says that a note was left, never
    /// what it says. A blank note is no note.
    pub fn acknowledge_alert_with_note(
        &mut self,
        alert_id: i64,
        user_id: i64,
        note: Option<&str>,
        now: i64,
    ) -> StoreResult<()> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if note.is_some_and(|n| n.chars().count() > ACK_NOTE_MAX) {
            return Err(StoreError::Invalid(format!(
                "the note is longer than {ACK_NOTE_MAX} characters"
            )));
        }
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE alerts SET acknowledged_at = ?1, acknowledged_by = ?2, ack_note = ?3
                 WHERE id = ?4 AND acknowledged_at IS NULL",
                params![now, user_id, note, alert_id],
            )?;
            if changed == 0 {
                return Err(StoreError::Conflict { what: "the alert" });
            }
            let (case_id, severity): (Option<i64>, i64) = tx.query_row(
                "SELECT case_id, severity FROM alerts WHERE id = ?1",
                [alert_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            if let Some(case_id) = case_id {
                let level = RiskLevel::from_rank(severity);
                let what = if level.is_urgent() {
                    format!("{} alert acknowledged", capitalised(level.as_str()))
                } else {
                    "Alert acknowledged".to_string()
                };
                let summary = match note {
                    Some(note) => format!("{what}: {}", one_line(note)),
                    None => what,
                };
                tx.execute(
                    "INSERT INTO case_events (case_id, at, actor_id, kind, summary, body, ref_id)
                     VALUES (?1, ?2, ?3, 'alert', ?4, ?5, ?6)",
                    params![case_id, now, user_id, summary, note, alert_id],
                )?;
            }
            let mut entry = AuditEntry::new(Some(user_id), AuditAction::AlertAcknowledged)
                .on("alert", alert_id);
            if note.is_some() {
                entry = entry.detail("with note");
            }
            append(tx, &entry)
        })
    }

    /// The note left when an alert was acknowledged, if any.
    pub fn alert_ack_note(&self, alert_id: i64) -> StoreResult<Option<String>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT ack_note FROM alerts WHERE id = ?1")?
            .query_row([alert_id], |r| r.get(0))
            .optional()?
            .flatten())
    }

    /// Sets a case's risk level (and its response deadline) and raises an
    /// urgent alert when the level is high or critical, all in one
    /// transaction. Returns whether a new alert was raised.
    pub fn set_case_risk(
        &mut self,
        case_id: i64,
        level: RiskLevel,
        deadline_at: Option<i64>,
        actor: Option<i64>,
        now: i64,
    ) -> StoreResult<bool> {
        let rules = self.schedule_rules();
        self.write(|tx| {
            let old: Option<i64> = tx
                .prepare_cached("SELECT risk_level FROM cases WHERE id = ?1")?
                .query_row([case_id], |r| r.get(0))
                .optional()?;
            let changed = tx.execute(
                "UPDATE cases SET risk_level = ?1, deadline_at = ?2, updated_at = ?3,
                                  version = version + 1
                 WHERE id = ?4",
                params![level.rank(), deadline_at, now, case_id],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound {
                    what: "case".into(),
                });
            }
            if let Some(old) = old.map(RiskLevel::from_rank) {
                super::follow_ups::schedule_on_level_change(
                    tx,
                    rules.as_deref(),
                    case_id,
                    old,
                    level,
                    now,
                )?;
            }
            tx.execute(
                "INSERT INTO case_events (case_id, at, actor_id, kind, summary)
                 VALUES (?1, ?2, ?3, 'risk', ?4)",
                params![case_id, now, actor, format!("Risk level set to {level}")],
            )?;
            append(
                tx,
                &AuditEntry::new(actor, AuditAction::CaseUpdated)
                    .on("case", case_id)
                    .detail("risk"),
            )?;
            if level.is_urgent() {
                raise(tx, case_id, AlertKind::UrgentRisk, level, now)
            } else {
                Ok(false)
            }
        })
    }

    /// Raises an alert for every high or critical case still unassigned
    /// `grace_secs` after it opened. Every session runs this each minute, so
    /// it first looks without a write lock and only writes when there is
    /// something to raise; an open alert is never raised twice. Returns how
    /// many were raised.
    pub fn raise_unassigned_alerts(&mut self, now: i64, grace_secs: i64) -> StoreResult<usize> {
        // `-risk_level <= -3` matches the queue index's key (high and critical).
        const LATE: &str = "SELECT c.id, c.risk_level FROM cases c
             WHERE c.status <> 'closed' AND c.worker_id IS NULL
               AND -c.risk_level <= -3 AND c.opened_at <= ?1
               AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.case_id = c.id
                               AND a.kind = 'unassigned'
                               AND (a.acknowledged_at IS NULL
                                    OR a.raised_at >= coalesce(c.assigned_at, c.opened_at)))
             LIMIT 500";
        let cutoff = now - grace_secs;
        let any: Option<i64> = self
            .conn()
            .prepare_cached(LATE)?
            .query_row([cutoff], |r| r.get(0))
            .optional()?;
        if any.is_none() {
            return Ok(0);
        }
        self.write(|tx| {
            let ids: Vec<(i64, i64)> = tx
                .prepare_cached(LATE)?
                .query_map([cutoff], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let mut raised = 0;
            for (case_id, rank) in ids {
                if raise(
                    tx,
                    case_id,
                    AlertKind::Unassigned,
                    RiskLevel::from_rank(rank),
                    now,
                )? {
                    raised += 1;
                }
            }
            Ok(raised)
        })
    }
}
