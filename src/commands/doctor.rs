//! `helpline doctor`: is this database safe to run on? It only reads: the
//! database is opened read-only, so checking a file never changes it.

use crate::config::Config;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Filesystems on which SQLite's locking cannot be trusted.
const NETWORK_FS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smb2",
    "smb3",
    "smbfs",
    "afs",
    "ncpfs",
    "9p",
    "fuse.sshfs",
    "ceph",
    "glusterfs",
    "fuse.glusterfs",
    "lustre",
    "davfs",
    "fuse.davfs2",
];

struct Report {
    failed: bool,
}

impl Report {
    fn ok(&self, what: &str) {
        println!("ok    {what}");
    }
    fn warn(&self, what: &str) {
        println!("warn  {what}");
    }
    fn fail(&mut self, what: &str) {
        self.failed = true;
        println!("FAIL  {what}");
    }
}

pub fn run(
    db: &Path,
    config: &Config,
    org_dir: Option<&Path>,
    seal: Option<&str>,
) -> Result<(), String> {
    let mut report = Report { failed: false };
    if let Some(dir) = org_dir {
        let forms = crate::assets::load_forms(dir);
        match &forms {
            Ok(forms) => report.ok(&format!("{} intake forms", forms.forms().count())),
            Err(e) => report.fail(e),
        }
        let instruments = crate::assets::load_instruments(dir);
        match &instruments {
            Ok(c) => report.ok(&format!("{} risk instruments", c.instruments().count())),
            Err(e) => report.fail(e),
        }
        if let (Ok(forms), Ok(instruments)) = (&forms, &instruments) {
            if let Err(e) = crate::assets::check_risk_instruments(forms, instruments) {
                report.fail(&e);
            }
            // A risk rule whose reasons an organisation's own lists lack can
            // never set a level: worth knowing, not an error.
            for form in forms.forms() {
                for because in &form.risk.inactive {
                    report.warn(&format!(
                        "form `{}`: the risk rule for {because} never applies: the option lists in use have none of its values",
                        form.id
                    ));
                }
            }
        }
        match crate::assets::load_workflow(dir) {
            Ok(w) => report.ok(&format!(
                "case workflow ({} closure reasons)",
                w.closure_reasons().len()
            )),
            Err(e) => report.fail(&e),
        }
    }
    check_catalogs(&report);
    println!("Checking {}", db.display());
    if !db.exists() {
        return Err(format!(
            "{} does not exist; create it with `helpline init`",
            db.display()
        ));
    }
    check_permissions(&mut report, db);
    match filesystem_of(db) {
        Some(fs) if NETWORK_FS.contains(&fs.as_str()) => report.warn(&format!(
            "the database is on a network filesystem ({fs}): SQLite locking is unsafe there; move it to a local disk"
        )),
        Some(fs) => report.ok(&format!("local filesystem ({fs})")),
        None => report.warn("could not tell which filesystem holds the database"),
    }
    // Read-only: the doctor looks and never changes what it examines (no
    // migration, no switch to WAL, no audit entry).
    let options = super::store_options(config, false)?;
    let store = crate::store::Store::open_read_only(db, &options).map_err(|e| e.to_string())?;
    if options.key.is_some() {
        report.ok("encrypted at rest (SQLCipher): the configured key opens it");
    }
    let latest = crate::store::migrations::latest_version();
    match store.schema_version() {
        Ok(v) if v < latest => report.warn(&format!(
            "schema version {v} (this build: {latest}): upgraded when helpline next opens it for writing"
        )),
        Ok(v) => report.ok(&format!("schema version {v} (this build: {latest})")),
        Err(e) => report.fail(&format!("cannot read the schema version: {e}")),
    }
    match store.journal_mode() {
        Ok(mode) if mode.eq_ignore_ascii_case("wal") => report.ok("write-ahead logging (WAL) on"),
        Ok(mode) => report.fail(&format!("journal mode is {mode}, not WAL")),
        Err(e) => report.fail(&format!("cannot read the journal mode: {e}")),
    }
    match store.integrity_problems() {
        Ok(problems) if problems.is_empty() => report.ok("integrity check passed"),
        Ok(problems) => {
            report.fail(&format!(
                "integrity check found {} problem(s):",
                problems.len()
            ));
            for p in problems.iter().take(20) {
                println!("      {p}");
            }
        }
        Err(e) => report.fail(&format!("integrity check could not run: {e}")),
    }
    match store.verify_audit_chain() {
        Ok(chain) if chain.holds() => {
            let mut line = format!("audit log: a chain of {} row(s) holds", chain.chained);
            if chain.before_chain > 0 {
                line.push_str(&format!(
                    " ({} older row(s) from before the chain)",
                    chain.before_chain
                ));
            }
            if let Some(through) = chain.purged_through {
                line.push_str(&format!(
                    " (rows up to {through} were removed by retention; the chain starts after them)"
                ));
            }
            if let Some(head) = &chain.head {
                line.push_str(&format!("; head {head}"));
            }
            report.ok(&line);
            if let Some(seal) = seal.map(str::trim) {
                match store.audit_row_with_hash(seal) {
                    Ok(Some(id)) => report.ok(&format!(
                        "audit log: the sealed head is row {id}, and the chain runs through it"
                    )),
                    Ok(None) if chain.purged_through.is_some() => report.fail(
                        "audit log: the sealed head is not in the chain: the log was rewritten since it was sealed, or retention removed the sealed row (take a new seal after each purge)",
                    ),
                    Ok(None) => report.fail(
                        "audit log: the sealed head is not in the chain: the log was rewritten since it was sealed",
                    ),
                    Err(e) => report.fail(&format!("audit log: the seal could not be checked: {e}")),
                }
            }
        }
        Ok(chain) => {
            if let Some((id, why)) = &chain.broken {
                report.fail(&format!(
                    "audit log: the chain breaks at row {id}: {why} (rows from there on cannot be trusted)"
                ));
            }
            for trigger in &chain.missing_triggers {
                report.fail(&format!(
                    "audit log: the append-only trigger {trigger} is missing: the log can be changed"
                ));
            }
        }
        Err(e) => report.fail(&format!("audit log could not be checked: {e}")),
    }
    match store.foreign_key_violations() {
        Ok(0) => report.ok("every reference points at an existing record"),
        Ok(n) => report.fail(&format!("{n} row(s) refer to missing records")),
        Err(e) => report.fail(&format!("reference check could not run: {e}")),
    }
    if report.failed {
        Err("the database has problems (see above)".into())
    } else {
        Ok(())
    }
}

/// Each interface language's coverage of the English messages; a missing
/// message shows in English, so a gap is worth knowing, not a failure.
fn check_catalogs(report: &Report) {
    for c in crate::i18n::coverage() {
        let name = format!("{} ({})", c.language.native_name(), c.language.code());
        if let Some(e) = &c.error {
            report.warn(&format!(
                "catalog {name} does not load, English is shown: {e}"
            ));
        } else if c.missing.is_empty() {
            report.ok(&format!(
                "catalog {name}: {}/{} messages",
                c.present, c.total
            ));
        } else {
            report.warn(&format!(
                "catalog {name}: {}/{} messages, missing {}",
                c.present,
                c.total,
                c.missing.join(", ")
            ));
        }
    }
}

fn check_permissions(report: &mut Report, db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = db.as_os_str().to_os_string();
        name.push(suffix);
        let path = PathBuf::from(name);
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            report.warn(&format!(
                "{} has mode {mode:o}: other accounts can read it; run chmod 600",
                path.display()
            ));
        } else {
            report.ok(&format!("{} mode {mode:o}", path.display()));
        }
    }
}

/// The filesystem type of the mount holding `path`, from /proc/mounts.
fn filesystem_of(path: &Path) -> Option<String> {
    let full = std::fs::canonicalize(path).ok()?;
    let mounts = std::fs::read_to_string("/proc/mounts").ok()?;
    mounts
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let _device = parts.next()?;
            let mount = unescape_mount(parts.next()?);
            let fs = parts.next()?;
            full.starts_with(&mount)
                .then(|| (mount.len(), fs.to_string()))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, fs)| fs)
}

/// /proc/mounts writes spaces and tabs in mount points as octal escapes.
fn unescape_mount(text: &str) -> String {
    text.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\134", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_filesystem_of_the_root() {
        assert!(filesystem_of(Path::new("/")).is_some());
        assert_eq!(unescape_mount("/mnt/my\\040disk"), "/mnt/my disk");
    }
}
