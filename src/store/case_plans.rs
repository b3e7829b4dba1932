//! Case plans in the database: goals and their actions, each change in
//! one transaction with a version check, a timeline entry and an audit
//! line; the overdue actions of a worker; and the reminders the clock
//! raises for actions past their date, once per due date.

use super::audit::{AuditEntry, append};
use super::{Store, StoreError, StoreResult};
use crate::domain::case_plan::{self, ActionOwner, ActionStatus};
use crate::domain::{AuditAction, RiskLevel};
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// Alert kind of an action past its date, for its owner.
pub const PLAN_ACTION_OVERDUE: &str = "plan_action_overdue";

/// The schema version that brought case plans.
pub const SCHEMA_VERSION: i64 = 15;

/// One action of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanAction {
    pub id: i64,
    pub goal_id: i64,
    pub what: String,
    pub owner: ActionOwner,
    /// The worker's name, or the agency's service.
    pub owner_label: String,
    /// End of the day it is due by (UTC seconds).
    pub due_at: i64,
    pub status: ActionStatus,
    pub drop_reason: Option<String>,
    pub version: i64,
}

/// One goal of a plan, with its actions in the order they were added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanGoal {
    pub id: i64,
    pub need: String,
    pub version: i64,
    pub actions: Vec<PlanAction>,
}

/// A case's plan: its goals in the order they were added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CasePlan {
    pub goals: Vec<PlanGoal>,
}

impl CasePlan {
    /// Every action, goal by goal.
    pub fn actions(&self) -> impl Iterator<Item = &PlanAction> {
        self.goals.iter().flat_map(|g| g.actions.iter())
    }

    /// Open actions, and how many of them are past their date at `now`.
    pub fn open_and_overdue(&self, now: i64) -> (usize, usize) {
        let open = self
            .actions()
            .filter(|a| a.status == ActionStatus::Open)
            .count();
        let late = self
            .actions()
            .filter(|a| case_plan::is_overdue(a.status, a.due_at, now))
            .count();
        (open, late)
    }
}

/// A new action under a goal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAction {
    pub goal_id: i64,
    pub what: String,
    pub owner: ActionOwner,
    /// End of the day it is due by.
    pub due_at: i64,
}

/// What an action becomes when it is changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionChange {
    pub what: String,
    pub owner: ActionOwner,
    /// End of the day it is due by.
    pub due_at: i64,
}

/// Who may carry out an action of a case, as the plan dialog offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerChoice {
    pub owner: ActionOwner,
    pub label: String,
}

/// An open action past its date, as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverduePlanAction {
    pub action_id: i64,
    pub case_id: i64,
    pub number: String,
    pub what: String,
    pub due_at: i64,
}

/// How many goals a case's plan has (the case-plan step needs one).
pub(crate) fn goal_count(conn: &Connection, case_id: i64) -> StoreResult<i64> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM plan_goals WHERE case_id = ?1")?
        .query_row([case_id], |r| r.get(0))?)
}

fn invalid(e: case_plan::PlanError) -> StoreError {
    StoreError::Invalid(e.to_string())
}

/// Refuses changes to the plan of a closed or missing case.
fn check_case_open(tx: &Transaction<'_>, case_id: i64) -> StoreResult<()> {
    let status: Option<String> = tx
        .prepare_cached("SELECT status FROM cases WHERE id = ?1")?
        .query_row([case_id], |r| r.get(0))
        .optional()?;
    match status.as_deref() {
        None => Err(StoreError::NotFound {
            what: "case".into(),
        }),
        Some("closed") => Err(StoreError::Invalid(
            "the case is closed: reopen it to change its plan".into(),
        )),
        Some(_) => Ok(()),
    }
}

/// Checks an owner belongs with the case: an active worker, or a referral
/// of this case that was not cancelled. Returns its label.
fn check_owner(tx: &Transaction<'_>, case_id: i64, owner: ActionOwner) -> StoreResult<String> {
    let label: Option<String> = match owner {
        ActionOwner::Worker(id) => tx
            .prepare_cached("SELECT display_name FROM users WHERE id = ?1 AND disabled = 0")?
            .query_row([id], |r| r.get(0))
            .optional()?,
        ActionOwner::Referral(id) => tx
            .prepare_cached(
                "SELECT s.name FROM referrals r JOIN services s ON s.id = r.service_id
                 WHERE r.id = ?1 AND r.case_id = ?2 AND r.status <> 'cancelled'",
            )?
            .query_row([id, case_id], |r| r.get(0))
            .optional()?,
    };
    label.ok_or_else(|| {
        StoreError::Invalid(match owner {
            ActionOwner::Worker(_) => "the action's owner is not an active worker".into(),
            ActionOwner::Referral(_) => {
                "the action's agency must be one of this case's referrals".into()
            }
        })
    })
}

fn owner_columns(owner: ActionOwner) -> (Option<i64>, Option<i64>) {
    match owner {
        ActionOwner::Worker(id) => (Some(id), None),
        ActionOwner::Referral(id) => (None, Some(id)),
    }
}

fn event(
    tx: &Transaction<'_>,
    case_id: i64,
    actor: i64,
    now: i64,
    summary: &str,
    ref_id: i64,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO case_events (case_id, at, actor_id, kind, summary, ref_id)
         VALUES (?1, ?2, ?3, 'plan', ?4, ?5)",
    )?
    .execute(params![case_id, now, actor, summary, ref_id])?;
    append(
        tx,
        &AuditEntry::new(Some(actor), AuditAction::CasePlanChanged)
            .on("case", case_id)
            .detail(&format!("plan:{ref_id}")),
    )
}

/// The date an action is due by, in the organisation's time zone.
pub fn due_date(due_at: i64, zone: FixedOffset) -> String {
    DateTime::from_timestamp(due_at, 0)
        .map(|t| t.with_timezone(&zone).format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// What closing or changing an action reads of it: case, goal, status and
/// version.
type ActionHead = (i64, String, i64);

fn load_action(tx: &Transaction<'_>, action_id: i64) -> StoreResult<ActionHead> {
    tx.prepare_cached("SELECT case_id, status, version FROM plan_actions WHERE id = ?1")?
        .query_row([action_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?
        .ok_or_else(|| StoreError::NotFound {
            what: "plan action".into(),
        })
}

impl Store {
    /// A case's plan: goals and actions in the order they were added.
    pub fn case_plan(&self, case_id: i64) -> StoreResult<CasePlan> {
        let conn = self.conn();
        let mut goals: Vec<PlanGoal> = conn
            .prepare_cached(
                "SELECT id, need, version FROM plan_goals WHERE case_id = ?1 ORDER BY id",
            )?
            .query_map([case_id], |r| {
                Ok(PlanGoal {
                    id: r.get(0)?,
                    need: r.get(1)?,
                    version: r.get(2)?,
                    actions: Vec::new(),
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt = conn.prepare_cached(
            "SELECT a.id, a.goal_id, a.what, a.owner_user_id, a.owner_referral_id,
                    coalesce(u.display_name, s.name, '?'), a.due_at, a.status, a.drop_reason,
                    a.version
             FROM plan_actions a
             LEFT JOIN users u ON u.id = a.owner_user_id
             LEFT JOIN referrals r ON r.id = a.owner_referral_id
             LEFT JOIN services s ON s.id = r.service_id
             WHERE a.case_id = ?1 ORDER BY a.goal_id, a.id",
        )?;
        let rows = stmt.query_map([case_id], |r| {
            let user: Option<i64> = r.get(3)?;
            let referral: Option<i64> = r.get(4)?;
            let status: String = r.get(7)?;
            Ok(PlanAction {
                id: r.get(0)?,
                goal_id: r.get(1)?,
                what: r.get(2)?,
                owner: match (user, referral) {
                    (Some(id), _) => ActionOwner::Worker(id),
                    (None, id) => ActionOwner::Referral(id.unwrap_or_default()),
                },
                owner_label: r.get(5)?,
                due_at: r.get(6)?,
                status: ActionStatus::parse(&status).unwrap_or(ActionStatus::Open),
                drop_reason: r.get(8)?,
                version: r.get(9)?,
            })
        })?;
        for action in rows {
            let action = action?;
            if let Some(goal) = goals.iter_mut().find(|g| g.id == action.goal_id) {
                goal.actions.push(action);
            }
        }
        Ok(CasePlan { goals })
    }

    /// Who may carry out an action of the case besides a worker: the
    /// agencies of its referrals that were not cancelled.
    pub fn plan_referral_owners(&self, case_id: i64) -> StoreResult<Vec<OwnerChoice>> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT r.id, s.name FROM referrals r JOIN services s ON s.id = r.service_id
                 WHERE r.case_id = ?1 AND r.status <> 'cancelled' ORDER BY r.id",
            )?
            .query_map([case_id], |r| {
                Ok(OwnerChoice {
                    owner: ActionOwner::Referral(r.get(0)?),
                    label: r.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    /// Adds a goal to an open case's plan. Returns its id.
    pub fn add_plan_goal(
        &mut self,
        case_id: i64,
        need: &str,
        actor: i64,
        now: i64,
    ) -> StoreResult<i64> {
        let need = case_plan::plan_text("goal", need).map_err(invalid)?;
        self.write(|tx| {
            check_case_open(tx, case_id)?;
            tx.prepare_cached(
                "INSERT INTO plan_goals (case_id, need, created_by, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
            )?
            .execute(params![case_id, need, actor, now])?;
            let id = tx.last_insert_rowid();
            event(
                tx,
                case_id,
                actor,
                now,
                &format!("Plan goal added: {need}"),
                id,
            )?;
            Ok(id)
        })
    }

    /// Rewords a goal, if nobody changed it since `version`. Returns the
    /// new version.
    pub fn change_plan_goal(
        &mut self,
        goal_id: i64,
        version: i64,
        need: &str,
        actor: i64,
        now: i64,
    ) -> StoreResult<i64> {
        let need = case_plan::plan_text("goal", need).map_err(invalid)?;
        self.write(|tx| {
            let (case_id, stored): (i64, i64) = tx
                .prepare_cached("SELECT case_id, version FROM plan_goals WHERE id = ?1")?
                .query_row([goal_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
                .ok_or_else(|| StoreError::NotFound {
                    what: "plan goal".into(),
                })?;
            if stored != version {
                return Err(StoreError::Conflict { what: "the goal" });
            }
            check_case_open(tx, case_id)?;
            tx.prepare_cached(
                "UPDATE plan_goals SET need = ?1, updated_at = ?2, version = version + 1
                 WHERE id = ?3 AND version = ?4",
            )?
            .execute(params![need, now, goal_id, version])?;
            event(
                tx,
                case_id,
                actor,
                now,
                &format!("Plan goal changed: {need}"),
                goal_id,
            )?;
            Ok(version + 1)
        })
    }

    /// Adds an action under a goal of an open case. Returns its id.
    pub fn add_plan_action(
        &mut self,
        case_id: i64,
        action: &NewAction,
        actor: i64,
        now: i64,
    ) -> StoreResult<i64> {
        let what = case_plan::plan_text("action", &action.what).map_err(invalid)?;
        case_plan::check_due(action.due_at, now).map_err(invalid)?;
        let zone = self.follow_up.zone;
        self.write(|tx| {
            check_case_open(tx, case_id)?;
            let goal_case: Option<i64> = tx
                .prepare_cached("SELECT case_id FROM plan_goals WHERE id = ?1")?
                .query_row([action.goal_id], |r| r.get(0))
                .optional()?;
            if goal_case != Some(case_id) {
                return Err(StoreError::Invalid(
                    "the action's goal is not in this case's plan".into(),
                ));
            }
            let label = check_owner(tx, case_id, action.owner)?;
            let (user, referral) = owner_columns(action.owner);
            tx.prepare_cached(
                "INSERT INTO plan_actions (goal_id, case_id, what, owner_user_id, owner_referral_id,
                        due_at, created_by, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            )?
            .execute(params![
                action.goal_id,
                case_id,
                what,
                user,
                referral,
                action.due_at,
                actor,
                now
            ])?;
            let id = tx.last_insert_rowid();
            let summary = format!(
                "Plan action added: {what} — {label}, by {}",
                due_date(action.due_at, zone)
            );
            event(tx, case_id, actor, now, &summary, id)?;
            Ok(id)
        })
    }

    /// Changes what an open action is, who does it and by when, if nobody
    /// changed it since `version`. A new due date gets its own reminder.
    /// Returns the new version.
    pub fn change_plan_action(
        &mut self,
        action_id: i64,
        version: i64,
        change: &ActionChange,
        actor: i64,
        now: i64,
    ) -> StoreResult<i64> {
        let what = case_plan::plan_text("action", &change.what).map_err(invalid)?;
        let zone = self.follow_up.zone;
        self.write(|tx| {
            let (case_id, status, stored) = load_action(tx, action_id)?;
            if stored != version {
                return Err(StoreError::Conflict { what: "the action" });
            }
            check_case_open(tx, case_id)?;
            let status = ActionStatus::parse(&status).unwrap_or(ActionStatus::Open);
            if status != ActionStatus::Open {
                return Err(invalid(case_plan::PlanError::NotOpen(status)));
            }
            case_plan::check_due(change.due_at, now).map_err(invalid)?;
            let label = check_owner(tx, case_id, change.owner)?;
            let (user, referral) = owner_columns(change.owner);
            tx.prepare_cached(
                "UPDATE plan_actions SET what = ?1, owner_user_id = ?2, owner_referral_id = ?3,
                        due_at = ?4, updated_at = ?5, version = version + 1
                 WHERE id = ?6 AND version = ?7",
            )?
            .execute(params![
                what,
                user,
                referral,
                change.due_at,
                now,
                action_id,
                version
            ])?;
            let summary = format!(
                "Plan action changed: {what} — {label}, by {}",
                due_date(change.due_at, zone)
            );
            event(tx, case_id, actor, now, &summary, action_id)?;
            Ok(version + 1)
        })
    }

    /// Marks an open action done, or drops it with a reason, if nobody
    /// changed it since `version`. Its overdue reminders are answered.
    /// Returns the new version.
    pub fn close_plan_action(
        &mut self,
        action_id: i64,
        version: i64,
        to: ActionStatus,
        reason: Option<&str>,
        actor: i64,
        now: i64,
    ) -> StoreResult<i64> {
        self.write(|tx| {
            let (case_id, status, stored) = load_action(tx, action_id)?;
            if stored != version {
                return Err(StoreError::Conflict { what: "the action" });
            }
            check_case_open(tx, case_id)?;
            let from = ActionStatus::parse(&status).unwrap_or(ActionStatus::Open);
            let reason = case_plan::check_close(from, to, reason).map_err(invalid)?;
            tx.prepare_cached(
                "UPDATE plan_actions SET status = ?1, drop_reason = ?2, closed_at = ?3,
                        updated_at = ?3, version = version + 1
                 WHERE id = ?4 AND version = ?5",
            )?
            .execute(params![to.as_str(), reason, now, action_id, version])?;
            let what: String = tx
                .prepare_cached("SELECT what FROM plan_actions WHERE id = ?1")?
                .query_row([action_id], |r| r.get(0))?;
            let summary = match &reason {
                Some(reason) => format!("Plan action dropped: {what} ({reason})"),
                None => format!("Plan action done: {what}"),
            };
            event(tx, case_id, actor, now, &summary, action_id)?;
            // Nothing overdue left on the case: its reminders are answered.
            let late: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM plan_actions
                                    WHERE case_id = ?1 AND status = 'open' AND due_at < ?2)",
                )?
                .query_row(params![case_id, now], |r| r.get(0))?;
            if !late {
                tx.prepare_cached(
                    "UPDATE alerts SET acknowledged_at = ?1, acknowledged_by = ?2
                     WHERE case_id = ?3 AND kind = ?4 AND acknowledged_at IS NULL",
                )?
                .execute(params![now, actor, case_id, PLAN_ACTION_OVERDUE])?;
            }
            Ok(version + 1)
        })
    }

    /// The open actions past their date that `owner` answers for: their
    /// own, and those of agencies on the cases they work. Latest first.
    pub fn overdue_plan_actions(
        &self,
        owner: i64,
        now: i64,
        limit: u32,
    ) -> StoreResult<Vec<OverduePlanAction>> {
        Ok(self
            .conn()
            .prepare_cached(
                // One index range each: the owner's own actions, then the
                // agencies' actions past their date on the owner's cases.
                "SELECT a.id, a.case_id, c.number, a.what, a.due_at
                 FROM plan_actions a INDEXED BY plan_actions_open_by_owner
                 JOIN cases c ON c.id = a.case_id
                 WHERE a.owner_user_id = ?1 AND a.status = 'open' AND a.due_at < ?2
                   AND c.status <> 'closed'
                 UNION ALL
                 SELECT a.id, a.case_id, c.number, a.what, a.due_at
                 FROM plan_actions a INDEXED BY plan_actions_open_by_referral
                 JOIN cases c ON c.id = a.case_id
                 WHERE a.owner_referral_id IS NOT NULL AND a.status = 'open' AND a.due_at < ?2
                   AND c.worker_id = ?1 AND c.status <> 'closed'
                 ORDER BY 5, 1 LIMIT ?3",
            )?
            .query_map(params![owner, now, limit], |r| {
                Ok(OverduePlanAction {
                    action_id: r.get(0)?,
                    case_id: r.get(1)?,
                    number: r.get(2)?,
                    what: r.get(3)?,
                    due_at: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    /// The clock's work: one reminder to the owner of each open action
    /// that passed its date (an agency's action: to the case's worker, or
    /// its team's supervisors while unassigned), once per due date.
    /// Returns how many were raised.
    pub fn raise_plan_action_reminders(&mut self, now: i64) -> StoreResult<usize> {
        if !self.plans {
            return Ok(0);
        }
        // Cheap read first: most minutes nothing falls due.
        let any: bool = self
            .conn()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM plan_actions INDEXED BY plan_actions_to_remind
                     WHERE status = 'open' AND due_at IS NOT reminded_due_at AND due_at < ?1)",
            )?
            .query_row([now], |r| r.get(0))?;
        if !any {
            return Ok(0);
        }
        self.write(|tx| {
            type Due = (i64, i64, i64, Option<i64>, String, i64, Option<i64>);
            let due: Vec<Due> = tx
                .prepare_cached(
                    "SELECT a.id, a.due_at, a.case_id, a.owner_user_id, c.status, c.risk_level,
                            c.worker_id
                     FROM plan_actions a INDEXED BY plan_actions_to_remind
                     JOIN cases c ON c.id = a.case_id
                     WHERE a.status = 'open' AND a.due_at IS NOT a.reminded_due_at
                       AND a.due_at < ?1
                     LIMIT 500",
                )?
                .query_map([now], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                    ))
                })?
                .collect::<Result<_, _>>()?;
            let mut raised = 0;
            for (action_id, due_at, case_id, owner, status, rank, worker) in due {
                // A closed case's actions are passed over, not reminded.
                if status != "closed" {
                    let to = owner.or(worker);
                    let severity = RiskLevel::from_rank(rank).rank().max(1);
                    tx.prepare_cached(
                        "INSERT INTO alerts (case_id, kind, severity, for_user_id, raised_at)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![
                        case_id,
                        PLAN_ACTION_OVERDUE,
                        severity,
                        to,
                        now
                    ])?;
                    let id = tx.last_insert_rowid();
                    append(
                        tx,
                        &AuditEntry::new(None, AuditAction::AlertRaised)
                            .on("alert", id)
                            .detail(PLAN_ACTION_OVERDUE),
                    )?;
                    raised += 1;
                }
                tx.prepare_cached("UPDATE plan_actions SET reminded_due_at = ?1 WHERE id = ?2")?
                    .execute(params![due_at, action_id])?;
            }
            Ok(raised)
        })
    }
}
