//! `helpline audit list`: the audit log read back, filtered by person,
//! case, action and period, on screen or as CSV (the export is itself
//! audited).

use crate::config::Config;
use crate::domain::AuditAction;
use crate::domain::safe_text::spreadsheet_cell as neutralised;
use crate::domain::safe_text::terminal_line;
use crate::store::audit::AuditEntry;
use crate::store::audit_search::{AuditFilter, AuditLine};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::{Path, PathBuf};

/// The command line's filters and output.
#[derive(Debug, Clone, Default)]
pub struct ListArgs {
    pub user: Option<String>,
    pub case: Option<String>,
    pub action: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: u32,
    pub csv: Option<PathBuf>,
}

/// The start of a day given as YYYY-MM-DD, in UTC seconds.
fn day_start(text: &str, flag: &str) -> Result<i64, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp())
        .ok_or_else(|| {
            format!(
                "--{flag} takes a day as YYYY-MM-DD, not `{}`",
                terminal_line(text, 40)
            )
        })
}

pub fn list(db: &Path, config: &Config, args: &ListArgs) -> Result<(), String> {
    // Listing only reads; an export writes its own audit line.
    let mut store = if args.csv.is_some() {
        super::open_store(db, config, false)?
    } else {
        super::open_store_read_only(db, config)?
    };
    let mut filter = AuditFilter {
        action: args.action.clone(),
        ..AuditFilter::default()
    };
    if let Some(name) = &args.user {
        filter.user_id = Some(
            store
                .user_id_named(name)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no account named `{}`", terminal_line(name, 64)))?,
        );
    }
    if let Some(number) = &args.case {
        filter.case_id = Some(
            store
                .case_id_numbered(number)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no case numbered `{}`", terminal_line(number, 40)))?,
        );
    }
    filter.since = args
        .since
        .as_deref()
        .map(|d| day_start(d, "since"))
        .transpose()?;
    filter.until = args
        .until
        .as_deref()
        .map(|d| day_start(d, "until").map(|t| t + 86_400))
        .transpose()?;
    let lines = store
        .audit_lines(&filter, args.limit)
        .map_err(|e| e.to_string())?;
    match &args.csv {
        None => {
            if lines.is_empty() {
                println!("No audit lines match.");
            }
            for line in &lines {
                println!("{}", text_line(line));
            }
            Ok(())
        }
        Some(path) => {
            let mut bytes = Vec::new();
            write_csv(&lines, &mut bytes)?;
            if path.as_os_str() == "-" {
                use std::io::Write;
                std::io::stdout()
                    .write_all(&bytes)
                    .map_err(|e| format!("cannot write the CSV: {e}"))?;
            } else {
                // Written whole, so a failure leaves no half file.
                std::fs::write(path, bytes)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
            let detail = format!("rows={}", lines.len());
            store
                .audit(AuditEntry::new(None, AuditAction::AuditExported).detail(&detail))
                .map_err(|e| e.to_string())?;
            if path.as_os_str() != "-" {
                eprintln!(
                    "Exported {} audit line(s) to {}.",
                    lines.len(),
                    path.display()
                );
            }
            Ok(())
        }
    }
}

fn time(at: i64) -> String {
    DateTime::<Utc>::from_timestamp(at, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|| at.to_string())
}

fn record(line: &AuditLine) -> String {
    match (&line.case_number, &line.record_type, line.record_id) {
        (Some(number), _, _) => number.clone(),
        (None, Some(kind), Some(id)) => format!("{kind} {id}"),
        (None, Some(kind), None) => kind.clone(),
        _ => "-".into(),
    }
}

/// One line for a terminal: every stored value made safe to print.
fn text_line(line: &AuditLine) -> String {
    format!(
        "{}  {:<16} {:<24} {:<20} {}",
        time(line.at),
        terminal_line(line.username.as_deref().unwrap_or("(system)"), 16),
        terminal_line(&line.action, 24),
        terminal_line(&record(line), 20),
        terminal_line(line.detail.as_deref().unwrap_or(""), 120)
    )
}

/// The audit lines as CSV, every text cell neutralised against formulas;
/// shared by `helpline audit list --csv` and the Audit pane's export.
pub(crate) fn write_csv(lines: &[AuditLine], out: &mut Vec<u8>) -> Result<(), String> {
    let mut writer = csv::Writer::from_writer(out);
    let fail = |e: csv::Error| format!("cannot write the CSV: {e}");
    writer
        .write_record([
            "time_utc",
            "user",
            "action",
            "record_type",
            "record_id",
            "case_number",
            "detail",
        ])
        .map_err(fail)?;
    for line in lines {
        let id = line.record_id.map(|i| i.to_string()).unwrap_or_default();
        writer
            .write_record([
                time(line.at).as_str(),
                &neutralised(line.username.as_deref().unwrap_or("")),
                &neutralised(&line.action),
                &neutralised(line.record_type.as_deref().unwrap_or("")),
                &id,
                &neutralised(line.case_number.as_deref().unwrap_or("")),
                &neutralised(line.detail.as_deref().unwrap_or("")),
            ])
            .map_err(fail)?;
    }
    writer
        .flush()
        .map_err(|e| format!("cannot write the CSV: {e}"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_as_utc_midnight_and_bad_ones_named() {
        assert_eq!(day_start("2026-12-03", "since"), Ok(1_796_256_000));
        let err = day_start("3/12/2026", "until").unwrap_err();
        assert!(
            err.contains("--until") && err.contains("3/12/2026"),
            "{err}"
        );
    }

    #[test]
    fn a_formula_in_a_detail_is_exported_as_text() {
        let line = AuditLine {
            id: 1,
            at: 0,
            username: Some("=cmd".into()),
            action: "glass_broken".into(),
            record_type: Some("case".into()),
            record_id: Some(3),
            case_number: Some("HL-2026-000003".into()),
            detail: Some("+1".into()),
        };
        let mut bytes = Vec::new();
        write_csv(&[line], &mut bytes).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("'=cmd"), "{text}");
        assert!(text.contains("'+1"), "{text}");
    }
}
