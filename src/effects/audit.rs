//! The store work of the Audit pane: reading the log with the filters as
//! typed (names and case numbers resolved here, unknown ones said), and
//! exporting what they find as CSV beside the database.

use super::EffectContext;
use crate::app::audit::{AuditEffect, AuditMsg, AuditQuery, LIMIT};
use crate::app::message::Msg;
use crate::domain::AuditAction;
use crate::store::Store;
use crate::store::audit::AuditEntry;
use crate::store::audit_search::{AuditFilter, AuditLine};
use std::path::PathBuf;

pub fn perform(store: &mut Store, ctx: &EffectContext, effect: AuditEffect) -> Msg {
    Msg::Audit(match effect {
        AuditEffect::Load {
            generation,
            reader,
            query,
            audit,
        } => AuditMsg::Loaded {
            generation,
            lines: read(store, reader, &query).inspect(|lines| {
                if audit {
                    store.audit_list_view(reader, "audit_log", lines.len());
                }
            }),
        },
        AuditEffect::Export { reader, query } => AuditMsg::Exported(
            read(store, reader, &query)
                .and_then(|lines| export(store, ctx, reader, &query, &lines)),
        ),
    })
}

/// The lines the query finds, for a reader allowed to see them.
fn read(store: &Store, reader: i64, query: &AuditQuery) -> Result<Vec<AuditLine>, String> {
    if !store.may_read_audit(reader).map_err(|e| e.to_string())? {
        return Err("Only supervisors and admins read the audit log.".into());
    }
    let mut filter = AuditFilter {
        action_part: query.action.clone(),
        since: query.since,
        until: query.until,
        ..AuditFilter::default()
    };
    if let Some(name) = &query.person {
        filter.user_id = Some(
            store
                .user_id_named(name)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("No account is named “{name}”."))?,
        );
    }
    if let Some(number) = &query.case_number {
        filter.case_id = Some(
            store
                .case_id_numbered(number)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("No case is numbered “{number}”."))?,
        );
    }
    store.audit_lines(&filter, LIMIT).map_err(|e| e.to_string())
}

/// Writes the lines to `exports/audit-<time>.csv` beside the database,
/// readable by its owner only, and audits the export with its filters.
fn export(
    store: &mut Store,
    ctx: &EffectContext,
    reader: i64,
    query: &AuditQuery,
    lines: &[AuditLine],
) -> Result<(String, usize), String> {
    let mut bytes = Vec::new();
    crate::commands::audit::write_csv(lines, &mut bytes)?;
    let folder = store
        .path()
        .parent()
        .map_or_else(|| PathBuf::from("exports"), |p| p.join("exports"));
    crate::paths::ensure_private_dir(&folder)?;
    let stamp = chrono::DateTime::from_timestamp(ctx.now, 0)
        .unwrap_or_default()
        .format("%Y%m%d-%H%M%S");
    let path = unused_name(&folder, &format!("audit-{stamp}"));
    write_private(&path, &bytes)?;
    let detail = describe(query, lines.len());
    store
        .audit(AuditEntry::new(Some(reader), AuditAction::AuditExported).detail(&detail))
        .map_err(|e| e.to_string())?;
    Ok((path.display().to_string(), lines.len()))
}

/// `<stem>.csv`, or `<stem>-2.csv` and so on when an export in the same
/// second already took the name.
fn unused_name(folder: &std::path::Path, stem: &str) -> PathBuf {
    let first = folder.join(format!("{stem}.csv"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| folder.join(format!("{stem}-{n}.csv")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// A new file with mode 0600, written whole.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(fail)?;
    file.write_all(bytes).map_err(fail)?;
    file.sync_all().map_err(fail)
}

/// Which lines went out, for the audit line of the export.
fn describe(query: &AuditQuery, rows: usize) -> String {
    let mut parts = vec![format!("rows={rows}"), "via=pane".to_string()];
    if let Some(p) = &query.person {
        parts.push(format!("person={p}"));
    }
    if let Some(c) = &query.case_number {
        parts.push(format!("case={c}"));
    }
    if let Some(a) = &query.action {
        parts.push(format!("action~{a}"));
    }
    if let Some(s) = query.since {
        parts.push(format!("since={s}"));
    }
    if let Some(u) = query.until {
        parts.push(format!("until={u}"));
    }
    parts.join(" ")
}
