//! Importing many directory entries at once (`helpline services import`):
//! all or nothing, unless the caller chose to skip bad lines, and always in
//! one transaction.

use super::audit::{AuditEntry, append};
use super::services::{insert_service, is_duplicate, organisation_for};
use super::{Store, StoreResult};
use crate::domain::AuditAction;
use crate::domain::service::ServiceRecord;
use std::collections::HashMap;

/// A line of the file that passed its own checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportLine {
    /// Line number in the file (1 is the header).
    pub line: u64,
    pub record: ServiceRecord,
}

/// A line that cannot be imported, and why. The reason names fields, never
/// the text in them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    pub line: u64,
    pub reason: String,
}

/// A whole file, read and checked line by line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportBatch {
    pub lines: Vec<ImportLine>,
    pub problems: Vec<LineProblem>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Services added.
    pub imported: usize,
    /// Organisations created for them.
    pub new_organisations: usize,
    /// Every bad line, in line order, including duplicates found here.
    pub problems: Vec<LineProblem>,
}

impl ImportReport {
    /// Whether any line was refused.
    pub fn has_problems(&self) -> bool {
        !self.problems.is_empty()
    }
}

impl Store {
    /// Imports a checked file in one transaction. Lines that duplicate an
    /// earlier line or an active service join the batch's problems; then,
    /// unless `skip_bad`, any problem means nothing is imported.
    pub fn import_services(
        &mut self,
        batch: ImportBatch,
        skip_bad: bool,
        actor: Option<i64>,
    ) -> StoreResult<ImportReport> {
        self.write(|tx| {
            let mut problems = batch.problems;
            let mut first_line: HashMap<String, u64> = HashMap::new();
            let mut good = Vec::new();
            for line in batch.lines {
                let key = line.record.duplicate_key();
                if let Some(first) = first_line.get(&key) {
                    problems.push(LineProblem {
                        line: line.line,
                        reason: format!(
                            "duplicate of line {first} (same organisation, name and location)"
                        ),
                    });
                } else if is_duplicate(tx, &line.record, 0)? {
                    problems.push(LineProblem {
                        line: line.line,
                        reason: "duplicate of a service already in the directory".into(),
                    });
                } else {
                    first_line.insert(key, line.line);
                    good.push(line);
                }
            }
            problems.sort_by_key(|p| p.line);
            let mut report = ImportReport {
                imported: 0,
                new_organisations: 0,
                problems,
            };
            if report.has_problems() && !skip_bad {
                return Ok(report);
            }
            for line in &good {
                let (organisation_id, created) =
                    organisation_for(tx, &line.record.organisation, actor)?;
                report.new_organisations += usize::from(created);
                insert_service(tx, organisation_id, &line.record, actor)?;
                report.imported += 1;
            }
            let detail = format!(
                "imported:{} skipped:{}",
                report.imported,
                report.problems.len()
            );
            append(
                tx,
                &AuditEntry::new(actor, AuditAction::ServicesImported).detail(&detail),
            )?;
            Ok(report)
        })
    }
}
