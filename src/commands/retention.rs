//! `helpline retention [--dry-run | apply]`: the configured retention
//! schedule, listed or applied. Output holds counts and case numbers only.

use crate::config::Config;
use crate::store::retention::RetentionReport;
use std::path::Path;

pub fn run(db: &Path, config: &Config, apply: bool) -> Result<(), String> {
    // Checked when the configuration was read; asked again for the value.
    let schedule = config
        .retention
        .schedule()
        .map_err(|(key, message)| format!("key `retention.{key}`: {message}"))?;
    if schedule.is_empty() {
        println!(
            "No retention period is configured ([retention] in the configuration file): every record is kept."
        );
        return Ok(());
    }
    let now = chrono::Utc::now();
    if apply {
        let mut store = super::open_store(db, config, false)?;
        let report = store.apply_retention(&schedule, now).map_err(|e| {
            format!("{e} (what was done so far stays done; run it again to finish)")
        })?;
        print(&report, true);
    } else {
        let store = super::open_store_read_only(db, config)?;
        let report = store
            .retention_plan(&schedule, now)
            .map_err(|e| e.to_string())?;
        print(&report, false);
        if !report.is_empty() {
            println!("Nothing was changed. `helpline retention apply` does it.");
        }
    }
    Ok(())
}

fn day(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "-".into())
}

fn print(report: &RetentionReport, done: bool) {
    let (delete, anonymise) = if done {
        ("deleted", "anonymised")
    } else {
        ("to delete", "to anonymise")
    };
    let c = &report.cutoffs;
    match c.drafts_before {
        Some(before) => {
            println!(
                "intake drafts untouched since {}: {} {delete}",
                day(before),
                report.intake_drafts
            );
            println!(
                "dialog drafts untouched since {}: {} {delete}",
                day(before),
                report.dialog_drafts
            );
        }
        None => println!("drafts: kept (no drafts_days)"),
    }
    match c.closed_before {
        Some(before) => {
            println!(
                "cases closed before {}: {} {anonymise}",
                day(before),
                report.cases.len()
            );
            for numbers in report.cases.chunks(6) {
                let line: Vec<_> = numbers
                    .iter()
                    .map(|n| crate::domain::safe_text::terminal_line(n, 40))
                    .collect();
                println!("    {}", line.join("  "));
            }
            println!(
                "contacts without a case before {}: {} {anonymise}",
                day(before),
                report.contacts_without_case
            );
        }
        None => println!("closed cases: kept (no anonymise_closed_after_years)"),
    }
    match c.audit_before {
        Some(before) => {
            let through = report
                .audit_through
                .map(|t| format!(" (through row {t})"))
                .unwrap_or_default();
            println!(
                "audit rows before {}: {} {delete}{through}",
                day(before),
                report.audit_rows
            );
        }
        None => println!("audit rows: kept (no audit_keep_years)"),
    }
}
