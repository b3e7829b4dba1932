//! Every query of the Reports pane, `helpline report` and the standard
//! exports. Contacts are read from the roll-up tables of migration 22
//! (whole UTC days), the steps of cases from `report_case_times`, closures
//! and follow-ups through the report indexes, so a
//! report over a month of a million-case database reads thousands of rows,
//! not millions. Nothing here returns a name, phone number or note.

use super::audit::{AuditEntry, append};
use super::{Store, StoreResult};
use crate::domain::AuditAction;
use crate::domain::forms::{Answers, Form};
use crate::domain::report::{
    self, FollowUpCounts, ON_TIME_GRACE_SECS, ReportData, ReportName, ReportTable, TimingSamples,
};
use crate::domain::report_export::{ChiCounts, GbvIncident};
use crate::domain::report_period::Period;
use rusqlite::params;

/// What a report covers: the period, a team (`Some("")` is the cases and
/// contacts in no team; `None` every team) and the moment it is read (for
/// the "now" reports: overdue referrals and caseload).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReportQuery {
    pub period: Period,
    pub team: Option<String>,
    pub now: i64,
    /// Hours the helpline's clock is ahead of UTC (hours of the day).
    pub utc_offset_hours: i32,
    /// How much an open case weighs by its level in the caseload report
    /// (the `[floor]` weights, as the wallboard and the assignment picker).
    pub weights: crate::domain::workload::RiskWeights,
}

impl ReportQuery {
    /// The coded line the audit log keeps: which report, period and team.
    pub fn audit_detail(&self, name: &str) -> String {
        format!(
            "report={name} from={} to={} team={}",
            self.period.first_day(),
            self.period.last_day(),
            self.team.as_deref().unwrap_or("all")
        )
    }
}

/// The statuses of open referrals (as `store::referral_queue`).
const OPEN_STATUSES: &str = "('pending', 'sent', 'acknowledged', 'accepted')";

impl Store {
    /// A report, built from the store's counts.
    pub fn report(&self, name: ReportName, q: &ReportQuery) -> StoreResult<ReportTable> {
        Ok(report::build(
            self.report_data(name, q)?,
            q.utc_offset_hours,
            &q.weights,
        ))
    }

    /// The counts behind one report.
    pub fn report_data(&self, name: ReportName, q: &ReportQuery) -> StoreResult<ReportData> {
        let (first, end) = q.period.day_numbers();
        let team = q.team.as_deref();
        Ok(match name {
            ReportName::Channels => ReportData::Counts(
                name,
                self.rollup_counts("report_contact_days", "channel", first, end, team)?,
            ),
            ReportName::ContactTypes => ReportData::Counts(
                name,
                self.rollup_counts("report_contact_days", "contact_type", first, end, team)?,
            ),
            ReportName::Categories => ReportData::Counts(
                name,
                self.rollup_counts("report_reason_days", "category", first, end, team)?,
            ),
            ReportName::Answered => ReportData::Answered(self.rollup_counts(
                "report_contact_days",
                "contact_type",
                first,
                end,
                team,
            )?),
            ReportName::Hours => {
                let mut hours = [0; 24];
                for (hour, n) in self.rollup_counts("report_hour_days", "hour", first, end, team)? {
                    if let Some(slot) = hour.parse::<usize>().ok().and_then(|h| hours.get_mut(h)) {
                        *slot += n;
                    }
                }
                ReportData::Hours(hours)
            }
            ReportName::HandleTime => {
                let mut stmt = self.conn().prepare_cached(
                    "SELECT channel, sum(contacts), sum(handle_s) FROM report_contact_days
                     WHERE day >= ?1 AND day < ?2 AND (?3 IS NULL OR team = ?3)
                     GROUP BY channel",
                )?;
                let rows = stmt.query_map(params![first, end, team], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
                ReportData::HandleTime(rows.collect::<Result<_, _>>()?)
            }
            ReportName::Timings => ReportData::Timings(self.timing_samples(q)?),
            ReportName::OverdueReferrals => {
                let sql = format!(
                    "SELECT o.name, count(*), max(?1 - r.due_at)
                     FROM referrals r INDEXED BY referrals_open_queue
                     JOIN services s ON s.id = r.service_id
                     JOIN organisations o ON o.id = s.organisation_id
                     JOIN cases c ON c.id = r.case_id
                     WHERE r.status IN {OPEN_STATUSES} AND r.due_at < ?1
                       AND (?2 IS NULL OR ifnull(c.team, '') = ?2)
                     GROUP BY o.id"
                );
                let mut stmt = self.conn().prepare_cached(&sql)?;
                let rows = stmt.query_map(params![q.now, team], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })?;
                ReportData::Overdue(rows.collect::<Result<_, _>>()?)
            }
            ReportName::FollowUps => {
                let mut stmt = self.conn().prepare_cached(
                    "SELECT f.due_at IS NULL, f.done_at <= f.due_at + ?4, count(*)
                     FROM follow_ups f INDEXED BY report_follow_ups_done
                     JOIN cases c ON c.id = f.case_id
                     WHERE f.done_at >= ?1 AND f.done_at < ?2
                       AND (?3 IS NULL OR ifnull(c.team, '') = ?3)
                     GROUP BY 1, 2",
                )?;
                let mut counts = FollowUpCounts::default();
                let rows = stmt.query_map(
                    params![q.period.from, q.period.to, team, ON_TIME_GRACE_SECS],
                    |r| {
                        Ok((
                            r.get::<_, bool>(0)?,
                            r.get::<_, Option<bool>>(1)?,
                            r.get::<_, i64>(2)?,
                        ))
                    },
                )?;
                for row in rows {
                    match row? {
                        (true, _, n) => counts.unscheduled += n,
                        (false, Some(true), n) => counts.on_time += n,
                        (false, _, n) => counts.late += n,
                    }
                }
                ReportData::FollowUps(counts)
            }
            ReportName::Closures => {
                let mut stmt = self.conn().prepare_cached(
                    "SELECT ifnull(closure_reason, ''), count(*)
                     FROM cases INDEXED BY report_cases_closed
                     WHERE closed_at >= ?1 AND closed_at < ?2 AND closed_at IS NOT NULL
                       AND (?3 IS NULL OR ifnull(team, '') = ?3)
                     GROUP BY 1",
                )?;
                let rows = stmt.query_map(params![q.period.from, q.period.to, team], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
                ReportData::Closures(rows.collect::<Result<_, _>>()?)
            }
            ReportName::Caseload => {
                let mut stmt = self.conn().prepare_cached(
                    "SELECT c.worker_id, ifnull(u.username, ''), c.risk_level, count(*)
                     FROM cases c INDEXED BY cases_queue_open
                     LEFT JOIN users u ON u.id = c.worker_id
                     WHERE c.status <> 'closed' AND (?1 IS NULL OR ifnull(c.team, '') = ?1)
                     GROUP BY c.worker_id, c.risk_level",
                )?;
                let rows = stmt.query_map(params![team], |r| {
                    Ok((
                        r.get::<_, Option<i64>>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, i64>(3)?,
                    ))
                })?;
                let mut workers: Vec<(Option<i64>, String, [i64; 5])> = Vec::new();
                for row in rows {
                    let (id, name, level, n) = row?;
                    let at = match workers.iter().position(|w| w.0 == id) {
                        Some(at) => at,
                        None => {
                            let name = if id.is_none() {
                                "(unassigned)".to_string()
                            } else {
                                name
                            };
                            workers.push((id, name, [0; 5]));
                            workers.len() - 1
                        }
                    };
                    if let Some(slot) = workers[at].2.get_mut(level.clamp(0, 4) as usize) {
                        *slot += n;
                    }
                }
                ReportData::Caseload(workers.into_iter().map(|w| (w.1, w.2)).collect())
            }
        })
    }

    /// Sums of one key of a roll-up table over the days `first..end`.
    fn rollup_counts(
        &self,
        table: &str,
        key: &str,
        first: i64,
        end: i64,
        team: Option<&str>,
    ) -> StoreResult<Vec<(String, i64)>> {
        let sql = format!(
            "SELECT CAST({key} AS TEXT), sum(contacts) FROM {table}
             WHERE day >= ?1 AND day < ?2 AND (?3 IS NULL OR team = ?3)
             GROUP BY {key}"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![first, end, team], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// For the cases opened in the period: seconds from the first contact
    /// (or the opening, when no contact came earlier) to each step.
    fn timing_samples(&self, q: &ReportQuery) -> StoreResult<TimingSamples> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT opened_at, first_contact_at, assigned_at, first_referral_at, first_accepted_at
             FROM report_case_times INDEXED BY report_case_times_by_opened
             WHERE opened_at >= ?1 AND opened_at < ?2 AND (?3 IS NULL OR team = ?3)",
        )?;
        let mut samples = TimingSamples::default();
        let rows = stmt.query_map(params![q.period.from, q.period.to, q.team], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        })?;
        for row in rows {
            let (opened, first_contact, assigned, referred, accepted) = row?;
            let start = first_contact.map_or(opened, |c| c.min(opened));
            samples.to_case.push(opened - start);
            let step = |at: Option<i64>, into: &mut Vec<i64>| {
                if let Some(at) = at {
                    into.push((at - start).max(0));
                }
            };
            step(assigned, &mut samples.to_assignment);
            step(referred, &mut samples.to_first_referral);
            step(accepted, &mut samples.to_referral_accepted);
        }
        Ok(samples)
    }

    /// The teams a report can be narrowed to: every team an account or a
    /// case is in, by name.
    pub fn report_teams(&self) -> StoreResult<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT team FROM users WHERE team IS NOT NULL AND team <> ''
             UNION SELECT DISTINCT team FROM report_contact_days WHERE team <> ''
             ORDER BY 1",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What the CHI annual export counts, for the period.
    pub fn chi_counts(&self, period: Period) -> StoreResult<ChiCounts> {
        let (first, end) = period.day_numbers();
        let conn = self.conn();
        let mut counts = ChiCounts::default();
        let mut stmt = conn.prepare_cached(
            "SELECT channel, contact_type, sum(contacts) FROM report_contact_days
             WHERE day >= ?1 AND day < ?2 GROUP BY 1, 2",
        )?;
        for row in stmt.query_map(params![first, end], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })? {
            counts.by_channel_type.push(row?);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT category, subcategory, sum(contacts) FROM report_reason_days
             WHERE day >= ?1 AND day < ?2 GROUP BY 1, 2",
        )?;
        for row in stmt.query_map(params![first, end], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })? {
            counts.by_reason.push(row?);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT contact_type, child_age, child_gender, sum(contacts) FROM report_child_days
             WHERE day >= ?1 AND day < ?2 GROUP BY 1, 2, 3",
        )?;
        for row in stmt.query_map(params![first, end], |r| {
            let age: i64 = r.get(1)?;
            Ok((r.get(0)?, (age >= 0).then_some(age), r.get(2)?, r.get(3)?))
        })? {
            counts.by_child.push(row?);
        }
        Ok(counts)
    }

    /// The GBV incidents recorded in the period, classified by `form`
    /// (the GBV intake form). Answers that do not parse count as an
    /// incident with nothing known, so the count stays whole.
    pub fn gbv_incidents(&self, period: Period, form: &Form) -> StoreResult<Vec<GbvIncident>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT ifnull(answers, '{}') FROM contacts INDEXED BY report_gbv_contacts
             WHERE form_id = 'gbv' AND started_at >= ?1 AND started_at < ?2",
        )?;
        let rows = stmt.query_map(params![period.from, period.to], |r| r.get::<_, String>(0))?;
        let mut incidents = Vec::new();
        for row in rows {
            let answers = Answers::from_json(&row?).unwrap_or_default();
            incidents.push(GbvIncident::from_answers(form, &answers));
        }
        Ok(incidents)
    }

    /// Referrals made in the period, by service type.
    pub fn referrals_by_service_type(&self, period: Period) -> StoreResult<Vec<(String, i64)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.service_type, count(*) FROM referrals r
             JOIN services s ON s.id = r.service_id
             WHERE r.created_at >= ?1 AND r.created_at < ?2
             GROUP BY 1",
        )?;
        let rows = stmt.query_map(params![period.from, period.to], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records that `user` saw or printed a report (which, period, team).
    pub fn record_report_viewed(
        &mut self,
        user: Option<i64>,
        name: ReportName,
        q: &ReportQuery,
    ) -> StoreResult<()> {
        let detail = q.audit_detail(name.as_str());
        self.write(|tx| {
            append(
                tx,
                &AuditEntry::new(user, AuditAction::ReportViewed).detail(&detail),
            )
        })
    }

    /// Records that `user` wrote a standard export; `detail` names it, its
    /// period and threshold (codes only).
    pub fn record_report_exported(&mut self, user: Option<i64>, detail: &str) -> StoreResult<()> {
        self.write(|tx| {
            append(
                tx,
                &AuditEntry::new(user, AuditAction::ReportExported).detail(detail),
            )
        })
    }
}
