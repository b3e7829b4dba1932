//! Need-to-know in the database: the ties between a viewer and a case,
//! the lists' condition that shows only the cases a viewer may see, the
//! broken glass and restricted cases. The rules themselves are the matrix
//! in `domain::access`; this module only gathers the facts it decides on,
//! and `tests/store_case_access.rs` checks that the lists' condition and
//! the matrix agree on every kind of tie.

use super::audit::{AuditEntry, append};
use super::{Store, StoreError, StoreResult};
use crate::domain::access::{
    CaseAction, CaseTies, Decision, GLASS_GRANT_SECS, Viewer, check_glass_reason, decide_for,
};
use crate::domain::{AuditAction, RiskLevel, Role};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params};

/// The viewer took one of the case's contacts.
const TOOK_CONTACT: &str =
    "EXISTS (SELECT 1 FROM contacts t WHERE t.operator_id = ? AND t.case_id = c.id)";
/// The viewer broke the glass on the case and the grant still runs.
const GLASS_BROKEN: &str = "EXISTS (SELECT 1 FROM case_access_grants g
     WHERE g.user_id = ? AND g.case_id = c.id AND g.expires_at > ?)";

/// The stored alert kind of a broken glass.
pub const GLASS_ALERT: &str = "glass_broken";

/// The condition, over `cases c`, that holds for exactly the cases
/// `viewer` may see in a list (the matrix's `View`), with its arguments.
pub(crate) fn visible_condition(viewer: &Viewer, now: i64) -> (String, Vec<Value>) {
    let me = Value::Integer(viewer.user_id);
    // Without a live grant the look-up per row is spared: `0` stands for it.
    let (glass_sql, glass_args) = if viewer.may_hold_grants {
        (GLASS_BROKEN, vec![me.clone(), Value::Integer(now)])
    } else {
        ("0", Vec::new())
    };
    let glass = || glass_args.clone();
    let Some(role) = viewer.case_role.role else {
        return (format!("({glass_sql})"), glass());
    };
    if viewer.case_role.whole_floor {
        return ("1".to_string(), Vec::new());
    }
    let mut args = vec![me.clone()];
    let sql = if role.supervises() {
        // Their team's, the intake queue's, their own: restricted or not.
        let team = match &viewer.team {
            Some(team) => {
                args.push(Value::Text(team.clone()));
                "c.team = ? OR "
            }
            None => "",
        };
        args.push(me.clone());
        format!("(c.worker_id = ? OR {team}c.team IS NULL OR {TOOK_CONTACT} OR {glass_sql})")
    } else {
        args.push(me.clone());
        let team = match (&viewer.team, role) {
            (Some(team), Role::Caseworker) => {
                args.push(Value::Text(team.clone()));
                " OR c.team = ?"
            }
            // Without teams the floor is one team: the cases in none.
            (None, Role::Caseworker) => " OR c.team IS NULL",
            _ => "",
        };
        format!("(c.worker_id = ? OR (c.restricted = 0 AND ({TOOK_CONTACT}{team})) OR {glass_sql})")
    };
    args.extend(glass());
    (sql, args)
}

/// Columns giving a case's ties to the viewer, in `CaseTies` order
/// (worker, took contact, team, no team, restricted, glass broken), over
/// `cases c`; their arguments come first in the statement.
pub(crate) fn ties_columns(viewer: &Viewer, now: i64) -> (String, Vec<Value>) {
    let sql = format!(
        "c.worker_id IS ?, {TOOK_CONTACT}, c.team IS ?, c.team IS NULL,
         c.restricted, {GLASS_BROKEN}"
    );
    let args = vec![
        Value::Integer(viewer.user_id),
        Value::Integer(viewer.user_id),
        viewer.team.clone().map_or(Value::Null, Value::Text),
        Value::Integer(viewer.user_id),
        Value::Integer(now),
    ];
    (sql, args)
}

/// Reads the six `ties_columns` starting at column `at`.
pub(crate) fn ties_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<CaseTies> {
    Ok(CaseTies {
        worker: r.get(at)?,
        took_contact: r.get(at + 1)?,
        team: r.get(at + 2)?,
        no_team: r.get(at + 3)?,
        restricted: r.get::<_, i64>(at + 4)? != 0,
        glass_broken: r.get(at + 5)?,
    })
}

impl Store {
    /// How `viewer` stands to one case; None when there is no such case.
    pub fn case_ties(
        &self,
        case_id: i64,
        viewer: &Viewer,
        now: i64,
    ) -> StoreResult<Option<CaseTies>> {
        let (columns, mut args) = ties_columns(viewer, now);
        args.push(Value::Integer(case_id));
        let sql = format!("SELECT {columns} FROM cases c WHERE c.id = ?");
        Ok(self
            .conn()
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(args), |r| ties_at(r, 0))
            .optional()?)
    }

    /// Refuses with `NeedToKnow` unless the matrix lets `viewer` do
    /// `action` on the case.
    pub fn require_case_access(
        &self,
        case_id: i64,
        viewer: &Viewer,
        action: CaseAction,
        now: i64,
    ) -> StoreResult<()> {
        let ties = self
            .case_ties(case_id, viewer, now)?
            .ok_or_else(|| StoreError::NotFound {
                what: "case".into(),
            })?;
        match decide_for(viewer.case_role, &ties, action) {
            Decision::Allow => Ok(()),
            Decision::NeedToKnow => Err(StoreError::NeedToKnow { case_id }),
        }
    }

    /// Breaks the glass: lets `viewer` into a case outside their rights
    /// for the rest of a shift, with their written reason. One
    /// transaction: the grant, a timeline entry on the case (so its worker
    /// sees who looked and why), an alert to the supervisors overseeing the
    /// case, and an audit line.
    pub fn break_glass(
        &mut self,
        case_id: i64,
        viewer: &Viewer,
        reason: &str,
        now: i64,
    ) -> StoreResult<()> {
        let reason = check_glass_reason(reason).map_err(StoreError::Invalid)?;
        if let Some(c) = crate::domain::safe_text::refused_char(reason, true) {
            return Err(StoreError::Invalid(format!(
                "the reason holds a control character (U+{:04X}); use printable text",
                u32::from(c)
            )));
        }
        let user_id = viewer.user_id;
        self.write(|tx| {
            let exists: bool = tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM cases WHERE id = ?1)")?
                .query_row([case_id], |r| r.get(0))?;
            if !exists {
                return Err(StoreError::NotFound {
                    what: "case".into(),
                });
            }
            tx.prepare_cached(
                "INSERT INTO case_access_grants (case_id, user_id, reason, granted_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                case_id,
                user_id,
                reason,
                now,
                now + GLASS_GRANT_SECS
            ])?;
            let grant = tx.last_insert_rowid();
            let name: String = tx
                .prepare_cached("SELECT display_name FROM users WHERE id = ?1")?
                .query_row([user_id], |r| r.get(0))
                .optional()?
                .unwrap_or_else(|| "someone".into());
            tx.prepare_cached(
                "INSERT INTO case_events (case_id, at, actor_id, kind, summary, body, ref_id)
                 VALUES (?1, ?2, ?3, 'access', ?4, ?5, ?6)",
            )?
            .execute(params![
                case_id,
                now,
                user_id,
                format!("Glass broken: {name} opened the case outside their work"),
                reason,
                grant
            ])?;
            tx.prepare_cached(
                "INSERT INTO alerts (case_id, kind, severity, raised_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![case_id, GLASS_ALERT, RiskLevel::High.rank(), now])?;
            append(
                tx,
                &AuditEntry::new(Some(user_id), AuditAction::GlassBroken)
                    .on("case", case_id)
                    .detail(&format!("grant={grant}")),
            )
        })
    }

    /// Marks a case restricted (seen only by its worker and the
    /// supervisors overseeing it), or lifts that, if the case is still at
    /// `expected_version` and the matrix lets `viewer` restrict it.
    pub fn set_case_restricted(
        &mut self,
        case_id: i64,
        expected_version: i64,
        restricted: bool,
        viewer: &Viewer,
        now: i64,
    ) -> StoreResult<()> {
        self.require_case_access(case_id, viewer, CaseAction::Restrict, now)?;
        let user_id = viewer.user_id;
        self.write(|tx| {
            let changed = tx
                .prepare_cached(
                    "UPDATE cases SET restricted = ?1, version = version + 1, updated_at = ?2
                     WHERE id = ?3 AND version = ?4",
                )?
                .execute(params![restricted, now, case_id, expected_version])?;
            if changed == 0 {
                return Err(StoreError::Conflict { what: "the case" });
            }
            let summary = if restricted {
                "Restricted: only its worker and supervisors see it"
            } else {
                "Restriction lifted"
            };
            tx.prepare_cached(
                "INSERT INTO case_events (case_id, at, actor_id, kind, summary)
                 VALUES (?1, ?2, ?3, 'access', ?4)",
            )?
            .execute(params![case_id, now, user_id, summary])?;
            append(
                tx,
                &AuditEntry::new(Some(user_id), AuditAction::CaseRestricted)
                    .on("case", case_id)
                    .detail(if restricted { "restricted" } else { "lifted" }),
            )
        })
    }
}
