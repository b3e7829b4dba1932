//! The supervisor's wallboard: the figures of the floor read in one
//! snapshot, and each present worker's workload. Counts and case numbers
//! only: no names of callers or children, no notes.

use super::alerts::{AlertRow, AlertViewer};
use super::presence::PresentPerson;
use super::{Store, StoreResult};
use crate::domain::RiskLevel;
use crate::domain::workload::LevelCounts;
use rusqlite::params;

/// How many alerts and unassigned cases the wallboard lists.
pub const LISTED: u32 = 12;

/// An unassigned high or critical case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnassignedCase {
    pub id: i64,
    pub number: String,
    pub level: RiskLevel,
    pub opened_at: i64,
}

/// Today's figures (from the local midnight given).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// Contacts by channel, most first.
    pub by_channel: Vec<(String, i64)>,
    pub contacts: i64,
    /// Contacts on cases now at high or critical level.
    pub heavy_contacts: i64,
    pub cases_opened: i64,
    pub referrals_made: i64,
    /// Contacts by hour of the day (local), for the sparkline.
    pub by_hour: [u64; 24],
}

/// What the wallboard refreshes whenever another session commits (at
/// most once a second), read in one snapshot. Today's counts and the
/// workloads, which cost more and change slowly, are read apart
/// ([`Store::day_counts`], [`Store::workloads`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Floor {
    pub people: Vec<PresentPerson>,
    pub unacknowledged_alerts: i64,
    /// The most severe, oldest first.
    pub alerts: Vec<AlertRow>,
    pub overdue_follow_ups: i64,
    pub overdue_referrals: i64,
    pub unassigned_urgent: i64,
    pub unassigned: Vec<UnassignedCase>,
}

/// One worker's workload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workload {
    pub user_id: i64,
    /// Their open cases by level (weights are applied by the caller).
    pub open: LevelCounts,
    /// Follow-ups of their open cases due before the end of the week.
    pub follow_ups_due: i64,
    /// Contacts they took on cases now high or critical: this shift, this week.
    pub heavy_shift: i64,
    pub heavy_week: i64,
}

const OPEN_REFERRAL: &str = "status IN ('pending', 'sent', 'acknowledged', 'accepted')";

impl Store {
    /// The wallboard's live figures at `now`: people on the floor, the
    /// alerts `viewer` sees, overdue work and unassigned urgent cases.
    pub fn floor(&self, viewer: &AlertViewer, now: i64) -> StoreResult<Floor> {
        // One read transaction: every figure from the same moment.
        let tx = self.conn().unchecked_transaction()?;
        let floor = self.floor_in_snapshot(viewer, now)?;
        tx.finish()?;
        Ok(floor)
    }

    fn floor_in_snapshot(&self, viewer: &AlertViewer, now: i64) -> StoreResult<Floor> {
        let conn = self.conn();
        let people = self.present_people(now)?;
        let unacknowledged_alerts = self.count_open_alerts(viewer)?;
        let alerts = self.list_open_alerts(viewer, LISTED)?;
        let overdue_follow_ups: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM cases INDEXED BY cases_follow_up_due
                 WHERE status <> 'closed' AND next_follow_up_at IS NOT NULL
                   AND next_follow_up_at < ?1",
            )?
            .query_row([now], |r| r.get(0))?;
        let overdue_referrals: i64 = conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM referrals WHERE {OPEN_REFERRAL} AND due_at < ?1"
            ))?
            .query_row([now], |r| r.get(0))?;
        let unassigned_urgent: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM cases
                 WHERE worker_id IS NULL AND status <> 'closed' AND -risk_level <= -3",
            )?
            .query_row([], |r| r.get(0))?;
        let unassigned = conn
            .prepare_cached(
                "SELECT id, number, risk_level, opened_at FROM cases
                 WHERE worker_id IS NULL AND status <> 'closed' AND -risk_level <= -3
                 ORDER BY -risk_level, opened_at, id LIMIT ?1",
            )?
            .query_map([LISTED], |r| {
                Ok(UnassignedCase {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    level: RiskLevel::from_rank(r.get(2)?),
                    opened_at: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Floor {
            people,
            unacknowledged_alerts,
            alerts,
            overdue_follow_ups,
            overdue_referrals,
            unassigned_urgent,
            unassigned,
        })
    }

    /// Today's figures: "today" starts at `day_start` (local midnight, UTC
    /// seconds) and ends at `now`.
    pub fn day_counts(&self, day_start: i64, now: i64) -> StoreResult<DayCounts> {
        let conn = self.conn();
        let mut today = DayCounts::default();
        let mut stmt = conn.prepare_cached(
            "SELECT channel, (started_at - ?1) / 3600, count(*) FROM contacts
             WHERE started_at >= ?1 AND started_at <= ?2
             GROUP BY 1, 2",
        )?;
        let mut rows = stmt.query(params![day_start, now])?;
        let mut by_channel: Vec<(String, i64)> = Vec::new();
        while let Some(r) = rows.next()? {
            let (channel, hour, n): (String, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if let Some(slot) = usize::try_from(hour)
                .ok()
                .and_then(|h| today.by_hour.get_mut(h))
            {
                *slot += n.max(0) as u64;
            }
            today.contacts += n;
            match by_channel.iter_mut().find(|(c, _)| *c == channel) {
                Some((_, total)) => *total += n,
                None => by_channel.push((channel, n)),
            }
        }
        by_channel.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        today.by_channel = by_channel;
        today.heavy_contacts = conn
            .prepare_cached(
                "SELECT count(*) FROM contacts t JOIN cases c INDEXED BY cases_level_by_id
                     ON c.id = t.case_id
                 WHERE t.started_at >= ?1 AND t.started_at <= ?2 AND c.risk_level >= 3",
            )?
            .query_row(params![day_start, now], |r| r.get(0))?;
        today.cases_opened = conn
            .prepare_cached("SELECT count(*) FROM cases WHERE opened_at >= ?1 AND opened_at <= ?2")?
            .query_row(params![day_start, now], |r| r.get(0))?;
        today.referrals_made = conn
            .prepare_cached(
                "SELECT count(*) FROM referrals WHERE created_at >= ?1 AND created_at <= ?2",
            )?
            .query_row(params![day_start, now], |r| r.get(0))?;
        Ok(today)
    }

    /// The workload of each of `people`: open cases by level, follow-ups
    /// due by `week_end`, and heavy contacts since their shift began
    /// (`shift_start` per person) and since `week_start`.
    pub fn workloads(
        &self,
        people: &[(i64, i64)],
        week_start: i64,
        week_end: i64,
    ) -> StoreResult<Vec<Workload>> {
        let conn = self.conn();
        let mut by_level = conn.prepare_cached(
            "SELECT -risk_level, count(*) FROM cases INDEXED BY cases_queue_by_worker
             WHERE worker_id = ?1 AND status <> 'closed' GROUP BY -risk_level",
        )?;
        let mut due = conn.prepare_cached(
            "SELECT count(*) FROM cases INDEXED BY cases_follow_up_by_worker
             WHERE worker_id = ?1 AND status <> 'closed' AND next_follow_up_at IS NOT NULL
               AND next_follow_up_at < ?2",
        )?;
        let mut heavy = conn.prepare_cached(
            "SELECT count(*) FILTER (WHERE t.started_at >= ?2), count(*)
             FROM contacts t JOIN cases c INDEXED BY cases_level_by_id ON c.id = t.case_id
             WHERE t.operator_id = ?1 AND t.started_at >= ?3 AND c.risk_level >= 3",
        )?;
        let mut out = Vec::with_capacity(people.len());
        for &(user_id, shift_start) in people {
            let mut open = LevelCounts::default();
            let mut rows = by_level.query([user_id])?;
            while let Some(r) = rows.next()? {
                // Read from the index, which keeps the level negated.
                let level = RiskLevel::from_rank(-r.get::<_, i64>(0)?);
                let n: i64 = r.get(1)?;
                open.0[level.rank() as usize] = u32::try_from(n).unwrap_or(u32::MAX);
            }
            let follow_ups_due = due.query_row(params![user_id, week_end], |r| r.get(0))?;
            let since = week_start.min(shift_start);
            let (heavy_shift, heavy_since): (i64, i64) = heavy
                .query_row(params![user_id, shift_start, since], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            let heavy_week = if since == week_start {
                heavy_since
            } else {
                heavy.query_row(params![user_id, week_start, week_start], |r| r.get(1))?
            };
            out.push(Workload {
                user_id,
                open,
                follow_ups_due,
                heavy_shift,
                heavy_week,
            });
        }
        Ok(out)
    }
}
