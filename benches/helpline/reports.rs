//! The Reports pane and `helpline report` (issue 15): every report for
//! last month, for a random week, and for a whole year ending on a random
//! day, plus the two standard exports (target: p95 within 1 s each). The
//! "today" of each run is drawn from the database's two years, so each
//! run reads other days.

use crate::stats::{Summary, p95, time_runs};
use chrono::NaiveDate;
use helpline::domain::demo::DemoRng;
use helpline::domain::report::ReportName;
use helpline::domain::report_export::{ExportGroups, chi_tallies, gbvims_tallies, suppress};
use helpline::domain::report_period::{Period, PeriodChoice};
use helpline::store::Store;
use helpline::store::reports::ReportQuery;

const RUNS: usize = 20;
const WARMUP: usize = 2;

/// Days the runs' "today" is drawn from: the two years before today,
/// where the demo loader puts its contacts.
fn days() -> (NaiveDate, NaiveDate) {
    let today = chrono::Utc::now().date_naive();
    (today - chrono::Duration::days(700), today)
}

pub fn reports(store: &mut Store, out: &mut Vec<Summary>) {
    let (first, last) = days();
    let span = (last - first).num_days().max(1) as u64;
    let mut rng = DemoRng::new(15);
    let todays: Vec<NaiveDate> = (0..64)
        .map(|_| first + chrono::Duration::days(rng.below(span) as i64))
        .collect();
    let now = chrono::Utc::now().timestamp();
    type PeriodOf = fn(NaiveDate) -> Period;
    let periods: [(&str, PeriodOf); 3] = [
        ("last month", |d| PeriodChoice::LastMonth.resolve(d)),
        ("a week", |d| {
            PeriodChoice::ThisWeek.resolve(d + chrono::Duration::days(6))
        }),
        ("a year", |d| {
            Period::days(d - chrono::Duration::days(364), d).unwrap_or(Period::year(2026).unwrap())
        }),
    ];
    for name in ReportName::ALL {
        for (label, period) in periods {
            let samples = time_runs(WARMUP, RUNS, |i| {
                let query = ReportQuery {
                    period: period(todays[i % todays.len()]),
                    team: (i % 2 == 1).then(|| "Amani".to_string()),
                    now,
                    utc_offset_hours: 3,
                    weights: Default::default(),
                };
                store.report(name, &query).unwrap();
            });
            out.push(Summary::new(
                &format!("reports: {} over {label}", name.as_str()),
                samples,
                p95(1000),
            ));
        }
    }
    let groups = ExportGroups::parse(helpline::assets::REPORT_GROUPS).unwrap();
    let samples = time_runs(WARMUP, RUNS, |i| {
        let year = 2025 + (i % 2) as i32;
        let counts = store.chi_counts(Period::year(year).unwrap()).unwrap();
        suppress(&chi_tallies(&counts, &groups.chi), 5);
    });
    out.push(Summary::new(
        "reports: export chi, a year",
        samples,
        p95(1000),
    ));
    let forms = helpline::domain::forms::FormCatalog::builtin().unwrap();
    let form = forms.form(helpline::domain::gbv::FORM_ID).unwrap();
    let samples = time_runs(WARMUP, RUNS, |i| {
        let day = todays[i % todays.len()];
        let period = PeriodChoice::LastMonth.resolve(day);
        let incidents = store.gbv_incidents(period, form).unwrap();
        let referrals = store.referrals_by_service_type(period).unwrap();
        suppress(&gbvims_tallies(&incidents, &referrals, &groups.gbvims), 5);
    });
    out.push(Summary::new(
        "reports: export gbvims, a month",
        samples,
        p95(1000),
    ));
}
