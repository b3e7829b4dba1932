//! `helpline export chi --year YYYY` and `helpline export gbvims --month
//! YYYY-MM`: the standard aggregate exports as CSV, identifier-free by
//! construction, small counts suppressed, and audited (who, which export,
//! which period).

use crate::cli::ExportCommand;
use crate::config::Config;
use crate::domain::report_export::{ExportGroups, chi_tallies, gbvims_tallies, suppress, to_csv};
use crate::domain::report_period::Period;
use std::path::{Path, PathBuf};

pub fn run(
    db: &Path,
    config: &Config,
    org_dir: Option<&Path>,
    cmd: ExportCommand,
) -> Result<(), String> {
    let threshold = config
        .reports
        .threshold()
        .map_err(|(key, message)| format!("reports.{key} {message}"))?;
    let groups = ExportGroups::parse(crate::assets::REPORT_GROUPS)?;
    let (which, as_user, out) = match &cmd {
        ExportCommand::Chi { as_user, out, .. } => ("chi", as_user, out),
        ExportCommand::Gbvims { as_user, out, .. } => ("gbvims", as_user, out),
    };
    let mut store = super::open_store(db, config, false)?;
    let user = super::report::log_in_reader(&mut store, config, as_user)?;
    let (period_name, tallies) = match &cmd {
        ExportCommand::Chi { year, .. } => {
            let period = Period::year(*year)?;
            let counts = store.chi_counts(period).map_err(|e| e.to_string())?;
            (year.to_string(), chi_tallies(&counts, &groups.chi))
        }
        ExportCommand::Gbvims { month, .. } => {
            let period = Period::month(month)?;
            let forms = match org_dir {
                Some(dir) => crate::assets::load_forms(dir)?,
                None => crate::domain::forms::FormCatalog::builtin().map_err(|e| e.to_string())?,
            };
            let form = forms
                .form(crate::domain::gbv::FORM_ID)
                .ok_or("the GBV intake form is missing, so GBV incidents cannot be classified")?;
            let incidents = store
                .gbv_incidents(period, form)
                .map_err(|e| e.to_string())?;
            let referrals = store
                .referrals_by_service_type(period)
                .map_err(|e| e.to_string())?;
            (
                period.first_day().format("%Y-%m").to_string(),
                gbvims_tallies(&incidents, &referrals, &groups.gbvims),
            )
        }
    };
    let csv = to_csv(&period_name, &suppress(&tallies, threshold));
    // Audited first: an export that cannot be recorded is not written.
    let detail = format!("export={which} period={period_name} threshold={threshold}");
    store
        .record_report_exported(Some(user.id), &detail)
        .map_err(|e| e.to_string())?;
    write_out(out.as_ref(), &csv)?;
    if let Some(path) = out {
        eprintln!(
            "Wrote the {which} export for {period_name} to {}.",
            path.display()
        );
    }
    Ok(())
}

/// To the file (written whole, so a failure leaves no half file), or to
/// standard output.
fn write_out(out: Option<&PathBuf>, csv: &str) -> Result<(), String> {
    match out {
        Some(path) if path.as_os_str() != "-" => {
            std::fs::write(path, csv).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        _ => {
            print!("{csv}");
            Ok(())
        }
    }
}
