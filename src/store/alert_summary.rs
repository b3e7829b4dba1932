//! What every session shows about alerts: the count, how many are
//! critical or escalated, the banner, and a change stamp, all read from one
//! snapshot so the status bar and the Alerts pane never disagree.
//!
//! The change stamp (`alert_changes.revision`) is bumped by triggers on
//! every write to `alerts`, whoever makes it: a session that sees the same
//! stamp knows nothing about alerts changed and need not count again.

use super::alerts::{AlertRow, AlertViewer, ROW_COLUMNS, VISIBLE, alert_row, viewer_params};
use super::{Store, StoreResult};
use rusqlite::{Connection, OptionalExtension, params};

/// The alerts one viewer sees, in figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertSummary {
    /// The change stamp when this was read.
    pub revision: i64,
    /// Unacknowledged alerts the viewer sees.
    pub open: i64,
    /// Of those, the critical ones.
    pub critical: i64,
    /// Of those, critical ones past the escalation time.
    pub escalated: i64,
    /// The latest raise (or raise in severity) among them, UTC seconds.
    pub latest_raise: Option<i64>,
    /// The newest of the most severe: what the banner names.
    pub banner: Option<AlertRow>,
}

/// The change stamp: it moves whenever any alert is raised, raised in
/// severity, acknowledged, resolved or moves to another worker or team.
fn revision(conn: &Connection) -> StoreResult<i64> {
    Ok(conn
        .prepare_cached("SELECT revision FROM alert_changes WHERE id = 1")?
        .query_row([], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

/// The summary, inside whatever snapshot the caller holds. The figures are
/// one scan of the covering index of open alerts; the banner is two
/// lookups that stop at their first row.
fn summary(conn: &Connection, viewer: &AlertViewer) -> StoreResult<AlertSummary> {
    let (user, sup, team, cutoff) = viewer_params(viewer);
    let figures = format!(
        "SELECT count(*), coalesce(sum(a.severity = 4), 0),
                coalesce(sum(a.severity = 4 AND a.raised_at <= ?4), 0), max(a.raised_at)
         FROM alerts a WHERE {VISIBLE}"
    );
    let (open, critical, escalated, latest_raise) = conn
        .prepare_cached(&figures)?
        .query_row(params![user, sup, team, cutoff], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    let top_severity = format!(
        "SELECT a.severity FROM alerts a WHERE {VISIBLE}
         ORDER BY a.severity DESC LIMIT 1"
    );
    let severity: Option<i64> = conn
        .prepare_cached(&top_severity)?
        .query_row(params![user, sup, team, cutoff], |r| r.get(0))
        .optional()?;
    // Within one severity the index runs oldest first: read it backwards.
    let newest = format!(
        "SELECT {ROW_COLUMNS}
         FROM alerts a LEFT JOIN cases c ON c.id = a.case_id
         WHERE a.severity = ?5 AND {VISIBLE}
         ORDER BY a.severity DESC, a.raised_at DESC, a.id DESC LIMIT 1"
    );
    let banner = match severity {
        Some(severity) => conn
            .prepare_cached(&newest)?
            .query_row(params![user, sup, team, cutoff, severity], |r| {
                alert_row(r, cutoff)
            })
            .optional()?,
        None => None,
    };
    Ok(AlertSummary {
        revision: revision(conn)?,
        open,
        critical,
        escalated,
        latest_raise,
        banner,
    })
}

impl Store {
    /// The alerts' change stamp (see the module's comment).
    pub fn alerts_revision(&self) -> StoreResult<i64> {
        revision(self.conn())
    }

    /// The count, critical and escalated counts, and the banner for this
    /// viewer, from one snapshot of the database.
    pub fn alert_summary(&self, viewer: &AlertViewer) -> StoreResult<AlertSummary> {
        let tx = self.conn().unchecked_transaction()?;
        let summary = summary(&tx, viewer)?;
        tx.finish()?;
        Ok(summary)
    }

    /// The summary and the first `limit` alerts of the list, from one
    /// snapshot: the pane's rows and the counts on screen always agree.
    pub fn alerts_with_summary(
        &self,
        viewer: &AlertViewer,
        limit: u32,
    ) -> StoreResult<(AlertSummary, Vec<AlertRow>)> {
        let tx = self.conn().unchecked_transaction()?;
        let summary = summary(&tx, viewer)?;
        let rows = self.list_open_alerts(viewer, limit)?;
        tx.finish()?;
        Ok((summary, rows))
    }
}
