//! `helpline services import FILE.csv [--skip-bad]` and
//! `helpline services export [FILE.csv]`: the service directory as CSV.

pub(super) mod csv_file;

use crate::cli::ServicesCommand;
use crate::config::Config;
use std::io::Write;
use std::path::Path;

/// Runs `helpline services import` or `export` against the database at `db`.
pub fn run(db: &Path, config: &Config, cmd: ServicesCommand) -> Result<(), String> {
    match cmd {
        ServicesCommand::Import { file, skip_bad } => import(db, config, &file, skip_bad),
        ServicesCommand::Export { file } => export(db, config, file.as_deref()),
    }
}

/// Checks the whole file, then imports it in one transaction: everything,
/// or with `skip_bad` the good lines only. Bad lines go to standard error,
/// one per line; the summary to standard output.
fn import(db: &Path, config: &Config, file: &Path, skip_bad: bool) -> Result<(), String> {
    let name = file.display();
    let bytes = std::fs::read(file).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{name}: no such file"),
        std::io::ErrorKind::PermissionDenied => format!("{name}: permission denied"),
        _ => format!("{name}: cannot read: {e}"),
    })?;
    let batch = csv_file::read_batch(&bytes).map_err(|e| match e.line {
        Some(line) => format!("{name}:{line}: {}", e.message),
        None => format!("{name}: {}", e.message),
    })?;
    let mut store = super::open_store(db, config, true)?;
    let report = store
        .import_services(batch, skip_bad, None)
        .map_err(|e| e.to_string())?;
    let mut err = std::io::stderr().lock();
    for problem in &report.problems {
        // A reason may quote the file's own text.
        let reason = crate::domain::safe_text::terminal_line(&problem.reason, 300);
        let _ = writeln!(err, "{name}:{}: {reason}", problem.line);
    }
    let bad = report.problems.len();
    if report.has_problems() && !skip_bad {
        return Err(format!(
            "{name}: {bad} bad line(s); nothing imported. Fix them, or use --skip-bad to import the good lines"
        ));
    }
    let mut summary = format!(
        "Imported {} service(s) from {name}, {} new organisation(s).",
        report.imported, report.new_organisations
    );
    if bad > 0 {
        summary.push_str(&format!(" Skipped {bad} bad line(s)."));
    }
    println!("{summary}");
    Ok(())
}

/// Writes every active service, to `file` or to standard output.
fn export(db: &Path, config: &Config, file: Option<&Path>) -> Result<(), String> {
    let store = super::open_store_read_only(db, config)?;
    let services = store.active_services().map_err(|e| e.to_string())?;
    match file {
        None => csv_file::write_services(&services, std::io::stdout().lock()),
        Some(path) => {
            // Written whole, then saved, so a failure leaves no half file.
            let mut bytes = Vec::new();
            csv_file::write_services(&services, &mut bytes)?;
            std::fs::write(path, bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            eprintln!(
                "Exported {} service(s) to {}.",
                services.len(),
                path.display()
            );
            Ok(())
        }
    }
}
