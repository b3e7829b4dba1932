//! `helpline report NAME`: one report of the Reports pane on the command
//! line, as a table, CSV or JSON, from the same store and domain code.
//! Supervisors and admins only (`--as`, password on standard input or at
//! the prompt); every report printed is audited.

use crate::cli::ReportFormat;
use crate::config::Config;
use crate::domain::report::{ReportName, ReportTable, Value, may_see_reports};
use crate::domain::report_period::{Period, from_flags};
use crate::domain::safe_text::terminal_line;
use crate::store::Store;
use crate::store::reports::ReportQuery;
use crate::store::users::User;
use std::path::Path;

/// The command line's choices.
#[derive(Debug, Clone)]
pub struct ReportArgs {
    pub name: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub team: Option<String>,
    pub format: ReportFormat,
    pub as_user: String,
}

pub fn run(db: &Path, config: &Config, args: &ReportArgs) -> Result<(), String> {
    let name = ReportName::parse(&args.name).ok_or_else(|| {
        format!(
            "no report named `{}`; the reports are {}",
            terminal_line(&args.name, 40),
            ReportName::names()
        )
    })?;
    let now = crate::clock::now();
    let period = from_flags(args.from.as_deref(), args.to.as_deref(), now.date_naive())?;
    let mut store = super::open_store(db, config, false)?;
    let user = log_in_reader(&mut store, config, &args.as_user)?;
    let query = ReportQuery {
        period,
        team: args.team.clone(),
        now: now.timestamp(),
        utc_offset_hours: local_offset_hours(),
        weights: config.floor.weights(),
    };
    let table = store.report(name, &query).map_err(|e| e.to_string())?;
    store
        .record_report_viewed(Some(user.id), name, &query)
        .map_err(|e| e.to_string())?;
    let text = match args.format {
        ReportFormat::Table => as_table(&table, period, args.team.as_deref()),
        ReportFormat::Csv => as_csv(&table)?,
        ReportFormat::Json => as_json(&table, period, args.team.as_deref()),
    };
    print!("{text}");
    Ok(())
}

/// The account named by `--as`, after its password was checked, if it may
/// read reports.
pub fn log_in_reader(store: &mut Store, config: &Config, name: &str) -> Result<User, String> {
    let password = super::password::read_password(name)?;
    let user = crate::auth::login(
        store,
        &config.security.lockout_policy(),
        name,
        &password,
        chrono::Utc::now(),
    )
    .map_err(|e| e.to_string())?;
    if !may_see_reports(user.role) {
        return Err(format!(
            "reports and exports are for supervisors and admins; {} is {}",
            terminal_line(&user.username, 40),
            user.role.label().to_lowercase()
        ));
    }
    Ok(user)
}

/// Whole hours this machine's clock is ahead of UTC.
pub fn local_offset_hours() -> i32 {
    chrono::Local::now().offset().local_minus_utc() / 3600
}

/// Aligned columns under a title line; numbers right-aligned.
pub fn as_table(table: &ReportTable, period: Period, team: Option<&str>) -> String {
    let mut out = format!(
        "{} ({}, {})\n",
        table.name.title(),
        period.label(),
        team.map_or_else(|| "all teams".to_string(), |t| format!("team {t}"))
    );
    let cells: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| {
            std::iter::once(terminal_line(&r.label, 40).into_owned())
                .chain(r.values.iter().map(|v| v.display()))
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..table.columns.len())
        .map(|i| {
            cells
                .iter()
                .map(|row| row.get(i).map_or(0, |c| c.chars().count()))
                .chain(std::iter::once(table.columns[i].chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |row: Vec<String>| {
        let mut text = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = widths[i].saturating_sub(cell.chars().count());
            if i == 0 {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            } else {
                text.push_str("  ");
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            }
        }
        text.trim_end().to_string() + "\n"
    };
    out.push_str(&line(table.columns.iter().map(|c| c.to_string()).collect()));
    for row in cells {
        out.push_str(&line(row));
    }
    if let Some(note) = table.note {
        out.push_str(note);
        out.push('\n');
    }
    out
}

/// A header of the column names, then one line per row: counts, seconds
/// and percentages as plain numbers.
pub fn as_csv(table: &ReportTable) -> Result<String, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| format!("cannot write the CSV: {e}");
    writer.write_record(&table.columns).map_err(fail)?;
    for row in &table.rows {
        // Labels are agency and staff names: never formulas.
        let label = crate::domain::safe_text::spreadsheet_cell(&row.label).into_owned();
        let record: Vec<String> = std::iter::once(label)
            .chain(row.values.iter().map(|v| v.raw()))
            .collect();
        writer.write_record(&record).map_err(fail)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| format!("cannot write the CSV: {e}"))?;
    String::from_utf8(bytes).map_err(|e| format!("cannot write the CSV: {e}"))
}

/// One object: the report, its period and team, and its rows keyed by
/// column name (durations in seconds, shares in percent).
pub fn as_json(table: &ReportTable, period: Period, team: Option<&str>) -> String {
    use serde_json::{Map, Value as Json, json};
    let rows: Vec<Json> = table
        .rows
        .iter()
        .map(|r| {
            let mut object = Map::new();
            object.insert(table.columns[0].into(), Json::String(r.label.clone()));
            for (column, value) in table.columns.iter().skip(1).zip(&r.values) {
                let v = match value {
                    Value::Count(n) => json!(n),
                    Value::Seconds(s) => json!(s),
                    Value::Percent(p) => json!(p.map(|p| (p * 10.0).round() / 10.0)),
                };
                object.insert((*column).into(), v);
            }
            Json::Object(object)
        })
        .collect();
    let doc = json!({
        "report": table.name.as_str(),
        "title": table.name.title(),
        "from": period.first_day().to_string(),
        "to": period.last_day().to_string(),
        "team": team,
        "columns": table.columns,
        "rows": rows,
        "note": table.note,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod csv_tests {
    use super::*;
    use crate::domain::report::{ChartKind, ReportName, ReportRow, ReportTable, Value};

    #[test]
    fn a_staff_or_agency_name_that_looks_like_a_formula_is_exported_as_text() {
        let table = ReportTable {
            name: ReportName::Caseload,
            columns: vec!["worker", "weighted"],
            rows: vec![ReportRow {
                label: "=cmd|' /C calc'!A0".into(),
                values: vec![Value::Count(3)],
            }],
            chart: ChartKind::Bars,
            note: None,
        };
        let csv = as_csv(&table).unwrap();
        assert!(csv.contains("'=cmd"), "{csv}");
    }
}
