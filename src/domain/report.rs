//! The measures supervisors ask for (domain reference, section 7), each a
//! table of numbers built from counts the store reads. The Reports pane and
//! `helpline report` both draw these tables, so they cannot disagree.
//!
//! No table holds a name, phone number or free text: rows are codes
//! (channels, types, categories, reasons, levels), service organisations,
//! and the user names of staff in the caseload table.

/// Contact types where the caller left before any conversation: counted as
/// abandoned against the answered rest.
pub const ABANDONED_TYPES: [&str; 2] = ["hang_up", "silent"];

/// A follow-up done within this long after its due time is on time (the
/// day it was due).
pub const ON_TIME_GRACE_SECS: i64 = 86_400;

/// Who may see the Reports pane, print reports and write the standard
/// exports: supervisors and admins (aggregates identify nobody, so an
/// admin needs no case role for them).
pub fn may_see_reports(role: super::Role) -> bool {
    role.supervises()
}

/// Every report, by the name `helpline report NAME` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportName {
    Channels,
    ContactTypes,
    Categories,
    Hours,
    Answered,
    HandleTime,
    Timings,
    OverdueReferrals,
    FollowUps,
    Closures,
    Caseload,
}

impl ReportName {
    /// In the order the pane lists them.
    pub const ALL: [ReportName; 11] = [
        ReportName::Channels,
        ReportName::ContactTypes,
        ReportName::Categories,
        ReportName::Hours,
        ReportName::Answered,
        ReportName::HandleTime,
        ReportName::Timings,
        ReportName::OverdueReferrals,
        ReportName::FollowUps,
        ReportName::Closures,
        ReportName::Caseload,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportName::Channels => "channels",
            ReportName::ContactTypes => "types",
            ReportName::Categories => "categories",
            ReportName::Hours => "hours",
            ReportName::Answered => "answered",
            ReportName::HandleTime => "handle-time",
            ReportName::Timings => "timings",
            ReportName::OverdueReferrals => "overdue-referrals",
            ReportName::FollowUps => "follow-ups",
            ReportName::Closures => "closures",
            ReportName::Caseload => "caseload",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            ReportName::Channels => "Contacts by channel",
            ReportName::ContactTypes => "Contacts by type",
            ReportName::Categories => "Contacts by reason category",
            ReportName::Hours => "Contacts by hour of day",
            ReportName::Answered => "Answered and abandoned",
            ReportName::HandleTime => "Average handle time",
            ReportName::Timings => "Time from first contact",
            ReportName::OverdueReferrals => "Overdue referrals by agency (now)",
            ReportName::FollowUps => "Follow-ups done on time",
            ReportName::Closures => "Cases closed by reason",
            ReportName::Caseload => "Caseload per worker (now)",
        }
    }

    /// The report a name on the command line means.
    pub fn parse(text: &str) -> Option<ReportName> {
        ReportName::ALL
            .into_iter()
            .find(|r| r.as_str() == text.trim().to_lowercase())
    }

    /// Every name, for help and error messages.
    pub fn names() -> String {
        ReportName::ALL.map(ReportName::as_str).join(", ")
    }
}

/// One number of a report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Count(i64),
    /// A duration; `None` when there was nothing to measure.
    Seconds(Option<i64>),
    /// A share of the table's total, 0 to 100.
    Percent(Option<f64>),
}

impl Value {
    /// As a terminal table shows it.
    pub fn display(self) -> String {
        match self {
            Value::Count(n) => n.to_string(),
            Value::Seconds(Some(s)) => duration_words(s),
            Value::Seconds(None) | Value::Percent(None) => "-".into(),
            Value::Percent(Some(p)) => format!("{p:.1}%"),
        }
    }

    /// As CSV and JSON carry it: counts, seconds, percent with one decimal;
    /// empty when there is nothing.
    pub fn raw(self) -> String {
        match self {
            Value::Count(n) => n.to_string(),
            Value::Seconds(Some(s)) => s.to_string(),
            Value::Percent(Some(p)) => format!("{p:.1}"),
            Value::Seconds(None) | Value::Percent(None) => String::new(),
        }
    }

    /// The number a chart draws.
    pub fn chart(self) -> u64 {
        match self {
            Value::Count(n) | Value::Seconds(Some(n)) => n.max(0).unsigned_abs(),
            Value::Percent(Some(p)) => p.max(0.0).round() as u64,
            _ => 0,
        }
    }
}

/// "4m 05s", "2h 10m", "3d 4h".
pub fn duration_words(secs: i64) -> String {
    let s = secs.max(0);
    if s < 3600 {
        format!("{}m {:02}s", s / 60, s % 60)
    } else if s < 86_400 {
        format!("{}h {:02}m", s / 3600, (s % 3600) / 60)
    } else {
        format!("{}d {}h", s / 86_400, (s % 86_400) / 3600)
    }
}

/// One row: a label (a code, an agency, a worker) and its numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    pub label: String,
    pub values: Vec<Value>,
}

/// How the pane draws a report beside its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Bars of the first number column, one per row.
    Bars,
    /// A line over the rows in order (hours of the day).
    Line,
}

/// A built report: its columns (the first names the labels) and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportTable {
    pub name: ReportName,
    pub columns: Vec<&'static str>,
    pub rows: Vec<ReportRow>,
    pub chart: ChartKind,
    /// What the numbers mean, where a column name cannot say it.
    pub note: Option<&'static str>,
}

/// What the store reads for each report; `build` turns it into a table.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportData {
    /// Contacts per key (channel, type or category), any order.
    Counts(ReportName, Vec<(String, i64)>),
    /// Contacts per UTC hour of the day.
    Hours([i64; 24]),
    /// Contacts per contact type.
    Answered(Vec<(String, i64)>),
    /// Per channel: contacts and their handle time summed, in seconds.
    HandleTime(Vec<(String, i64, i64)>),
    Timings(TimingSamples),
    /// Per agency: overdue open referrals and the oldest due time.
    Overdue(Vec<(String, i64, i64)>),
    FollowUps(FollowUpCounts),
    /// Cases closed per reason.
    Closures(Vec<(String, i64)>),
    /// Open cases per worker and level (none .. critical).
    Caseload(Vec<(String, [i64; 5])>),
}

/// For each case opened in the period, the seconds from its first contact
/// to each step it reached.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimingSamples {
    pub to_case: Vec<i64>,
    pub to_assignment: Vec<i64>,
    pub to_first_referral: Vec<i64>,
    pub to_referral_accepted: Vec<i64>,
}

/// Follow-ups done in the period, by whether they kept their due time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FollowUpCounts {
    pub on_time: i64,
    pub late: i64,
    /// Done without a due time (an extra contact).
    pub unscheduled: i64,
}

/// Whether a follow-up done at `done_at` kept its due time.
pub fn on_time(due_at: i64, done_at: i64) -> bool {
    done_at <= due_at + ON_TIME_GRACE_SECS
}

/// The nearest-rank percentile (`p` in 1..=100) of unsorted samples.
pub fn percentile(samples: &[i64], p: u32) -> Option<i64> {
    if samples.is_empty() {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let rank = (u64::from(p.clamp(1, 100)) * sorted.len() as u64).div_ceil(100);
    sorted.get((rank.max(1) - 1) as usize).copied()
}

fn share(part: i64, total: i64) -> Value {
    Value::Percent((total > 0).then(|| part as f64 * 100.0 / total as f64))
}

fn blank(code: &str) -> String {
    if code.is_empty() {
        "(not recorded)".into()
    } else {
        code.to_string()
    }
}

/// Counts, most first (then by label), with each one's share.
fn count_rows(counts: Vec<(String, i64)>) -> Vec<ReportRow> {
    let mut merged: Vec<(String, i64)> = Vec::new();
    for (key, n) in counts {
        let key = blank(&key);
        match merged.iter_mut().find(|(k, _)| *k == key) {
            Some((_, total)) => *total += n,
            None => merged.push((key, n)),
        }
    }
    merged.retain(|(_, n)| *n != 0);
    merged.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let total: i64 = merged.iter().map(|(_, n)| n).sum();
    let mut rows: Vec<ReportRow> = merged
        .into_iter()
        .map(|(label, n)| ReportRow {
            label,
            values: vec![Value::Count(n), share(n, total)],
        })
        .collect();
    rows.push(ReportRow {
        label: "total".into(),
        values: vec![Value::Count(total), share(total, total)],
    });
    rows
}

/// Builds a report's table. `utc_offset_hours` moves the hours of the day
/// to the helpline's clock.
pub fn build(
    data: ReportData,
    utc_offset_hours: i32,
    weights: &super::workload::RiskWeights,
) -> ReportTable {
    // Weights by level, none to critical, as the counts are kept.
    let weights: [i64; 5] = [
        super::RiskLevel::None,
        super::RiskLevel::Low,
        super::RiskLevel::Medium,
        super::RiskLevel::High,
        super::RiskLevel::Critical,
    ]
    .map(|level| i64::from(weights.of(level)));
    let table = |name, columns, rows, chart, note| ReportTable {
        name,
        columns,
        rows,
        chart,
        note,
    };
    match data {
        ReportData::Counts(name, counts) => {
            let label = match name {
                ReportName::Channels => "channel",
                ReportName::ContactTypes => "contact type",
                _ => "category",
            };
            table(
                name,
                vec![label, "contacts", "share"],
                count_rows(counts),
                ChartKind::Bars,
                None,
            )
        }
        ReportData::Hours(by_utc_hour) => {
            let rows = (0..24)
                .map(|local| {
                    let utc = (local - utc_offset_hours).rem_euclid(24) as usize;
                    ReportRow {
                        label: format!("{local:02}:00"),
                        values: vec![Value::Count(by_utc_hour[utc])],
                    }
                })
                .collect();
            table(
                ReportName::Hours,
                vec!["hour", "contacts"],
                rows,
                ChartKind::Line,
                Some("Hours on the helpline's clock."),
            )
        }
        ReportData::Answered(by_type) => {
            let (mut answered, mut abandoned) = (0, 0);
            for (kind, n) in by_type {
                if ABANDONED_TYPES.contains(&kind.as_str()) {
                    abandoned += n;
                } else {
                    answered += n;
                }
            }
            let total = answered + abandoned;
            let row = |label: &str, n| ReportRow {
                label: label.into(),
                values: vec![Value::Count(n), share(n, total)],
            };
            table(
                ReportName::Answered,
                vec!["outcome", "contacts", "share"],
                vec![
                    row("answered", answered),
                    row("abandoned", abandoned),
                    row("total", total),
                ],
                ChartKind::Bars,
                Some("Abandoned: hang-ups and silent contacts."),
            )
        }
        ReportData::HandleTime(by_channel) => {
            let mut rows: Vec<ReportRow> = Vec::new();
            let (mut all_n, mut all_s) = (0, 0);
            let mut sorted = by_channel;
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            for (channel, n, secs) in sorted.into_iter().filter(|r| r.1 > 0) {
                all_n += n;
                all_s += secs;
                rows.push(ReportRow {
                    label: blank(&channel),
                    values: vec![Value::Count(n), Value::Seconds(Some(secs / n))],
                });
            }
            rows.push(ReportRow {
                label: "all channels".into(),
                values: vec![
                    Value::Count(all_n),
                    Value::Seconds((all_n > 0).then(|| all_s / all_n)),
                ],
            });
            table(
                ReportName::HandleTime,
                vec!["channel", "contacts", "average"],
                rows,
                ChartKind::Bars,
                Some("Talk and after-contact work, from the start of the contact to its record."),
            )
        }
        ReportData::Timings(samples) => {
            let row = |label: &str, s: &[i64]| ReportRow {
                label: label.into(),
                values: vec![
                    Value::Count(s.len() as i64),
                    Value::Seconds(percentile(s, 50)),
                    Value::Seconds(percentile(s, 90)),
                ],
            };
            table(
                ReportName::Timings,
                vec!["step", "cases", "median", "90th pct"],
                vec![
                    row("to case opened", &samples.to_case),
                    row("to assignment", &samples.to_assignment),
                    row("to first referral", &samples.to_first_referral),
                    row("to referral accepted", &samples.to_referral_accepted),
                ],
                ChartKind::Bars,
                Some("Cases opened in the period, from their first contact."),
            )
        }
        ReportData::Overdue(by_agency) => {
            let mut sorted = by_agency;
            sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let total: i64 = sorted.iter().map(|r| r.1).sum();
            let mut rows: Vec<ReportRow> = sorted
                .into_iter()
                .map(|(agency, n, overdue_s)| ReportRow {
                    label: agency,
                    values: vec![Value::Count(n), Value::Seconds(Some(overdue_s))],
                })
                .collect();
            rows.push(ReportRow {
                label: "total".into(),
                values: vec![Value::Count(total), Value::Seconds(None)],
            });
            table(
                ReportName::OverdueReferrals,
                vec!["agency", "overdue", "longest"],
                rows,
                ChartKind::Bars,
                Some("Open referrals past their due time, at the moment of the report."),
            )
        }
        ReportData::FollowUps(c) => {
            let due = c.on_time + c.late;
            let row = |label: &str, n, of| ReportRow {
                label: label.into(),
                values: vec![Value::Count(n), share(n, of)],
            };
            table(
                ReportName::FollowUps,
                vec!["follow-ups", "count", "share of due"],
                vec![
                    row("on time", c.on_time, due),
                    row("late", c.late, due),
                    ReportRow {
                        label: "not scheduled".into(),
                        values: vec![Value::Count(c.unscheduled), Value::Percent(None)],
                    },
                ],
                ChartKind::Bars,
                Some("On time: done by the end of the day after the time it was due."),
            )
        }
        ReportData::Closures(by_reason) => table(
            ReportName::Closures,
            vec!["reason", "cases", "share"],
            count_rows(by_reason),
            ChartKind::Bars,
            None,
        ),
        ReportData::Caseload(by_worker) => {
            let mut rows: Vec<ReportRow> = by_worker
                .into_iter()
                .map(|(worker, levels)| {
                    let open: i64 = levels.iter().sum();
                    let weighted: i64 = levels.iter().zip(weights).map(|(n, w)| n * w).sum();
                    let mut values = vec![Value::Count(weighted), Value::Count(open)];
                    values.extend(levels.iter().rev().map(|n| Value::Count(*n)));
                    ReportRow {
                        label: worker,
                        values,
                    }
                })
                .collect();
            rows.sort_by(|a, b| {
                b.values[0]
                    .chart()
                    .cmp(&a.values[0].chart())
                    .then_with(|| a.label.cmp(&b.label))
            });
            table(
                ReportName::Caseload,
                vec![
                    "worker", "weighted", "open", "critical", "high", "medium", "low", "none",
                ],
                rows,
                ChartKind::Bars,
                Some("Weights: critical 5, high 3, medium 2, low 1, none 1."),
            )
        }
    }
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
