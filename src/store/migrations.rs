//! Versioned schema migrations, applied in one transaction when a database
//! is opened. `PRAGMA user_version` holds the version reached.
//!
//! Never edit a migration that has shipped: add a new one at the end.

use super::error::StoreError;
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

/// One step of the schema.
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration in order; `MIGRATIONS[i].version == i + 1`.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "accounts and audit log",
        sql: include_str!("sql/0001_accounts.sql"),
    },
    Migration {
        version: 2,
        name: "contacts, cases, timeline and alerts",
        sql: include_str!("sql/0002_cases.sql"),
    },
    Migration {
        version: 3,
        name: "service directory, referrals and referral alerts",
        sql: include_str!("sql/0003_services_referrals.sql"),
    },
    Migration {
        version: 4,
        name: "alert visibility without a join",
        sql: include_str!("sql/0004_alert_visibility.sql"),
    },
    Migration {
        version: 5,
        name: "child age in the search index",
        sql: include_str!("sql/0005_search_by_age.sql"),
    },
    Migration {
        version: 6,
        name: "intake risk: assessments of a contact, cases not yet assessed",
        sql: include_str!("sql/0006_intake_risk.sql"),
    },
    Migration {
        version: 7,
        name: "notes for a caller's next contact",
        sql: include_str!("sql/0007_caller_profiles.sql"),
    },
    Migration {
        version: 8,
        name: "alert change stamp, acknowledgement notes, alerts resolved by closing",
        sql: include_str!("sql/0008_alert_changes.sql"),
    },
    Migration {
        version: 9,
        name: "dialog drafts: notes, assessments and dialogs kept as typed",
        sql: include_str!("sql/0009_dialog_drafts.sql"),
    },
    Migration {
        version: 10,
        name: "facts about the database (demo data)",
        sql: include_str!("sql/0010_database_facts.sql"),
    },
    Migration {
        version: 11,
        name: "search notes, narratives, locations and any part of a case number",
        sql: include_str!("sql/0011_search_text.sql"),
    },
    Migration {
        version: 12,
        name: "case-number parts found on the number index",
        sql: include_str!("sql/0012_number_parts_without_index.sql"),
    },
    Migration {
        version: 13,
        name: "follow-up schedule, follow-ups and reminders",
        sql: include_str!("sql/0013_follow_ups.sql"),
    },
    Migration {
        version: 14,
        name: "intake drafts keep the instruments run during the call",
        sql: include_str!("sql/0014_intake_draft_assessments.sql"),
    },
    Migration {
        version: 15,
        name: "closure approvals, the peak risk level and reopening with a reason",
        sql: include_str!("sql/0015_closure_approvals.sql"),
    },
    Migration {
        version: 16,
        name: "case plans: goals and actions, dismissed next-step proposals",
        sql: include_str!("sql/0016_case_plans.sql"),
    },
    Migration {
        version: 17,
        name: "phone fragments searched in the last nine digits",
        sql: include_str!("sql/0017_phone_search_national.sql"),
    },
    Migration {
        version: 18,
        name: "the audit log as a hash chain",
        sql: include_str!("sql/0018_audit_chain.sql"),
    },
    Migration {
        version: 19,
        name: "search indexes keyed newest first",
        sql: include_str!("sql/0019_search_newest_first.sql"),
    },
    Migration {
        version: 20,
        name: "need-to-know: restricted cases, admins' case role, broken glass",
        sql: include_str!("sql/0020_need_to_know.sql"),
    },
    Migration {
        version: 21,
        name: "retention: anonymised records, erasure requests, audit anchors",
        sql: include_str!("sql/0021_retention.sql"),
    },
    Migration {
        version: 22,
        name: "wellbeing: heavy contacts, checks, alerts about a worker",
        sql: include_str!("sql/0022_wellbeing.sql"),
    },
    Migration {
        version: 23,
        name: "presence: who is on the floor, in what state, since when",
        sql: include_str!("sql/0023_presence.sql"),
    },
    Migration {
        version: 24,
        name: "hand-overs: a live intake passed to a colleague, or taken over",
        sql: include_str!("sql/0024_hand_overs.sql"),
    },
    Migration {
        version: 25,
        name: "report roll-ups of contacts, referral acceptance times, report indexes",
        sql: include_str!("sql/0025_report_rollups.sql"),
    },
    Migration {
        version: 26,
        name: "a person's own interface language on the account",
        sql: include_str!("sql/0026_user_language.sql"),
    },
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Reads the schema version of an open database.
pub fn current_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Brings the database up to `target` (at most the latest version) in one
/// IMMEDIATE transaction, so two processes opening a new file at once
/// cannot both migrate it. A database newer than this build is refused.
pub fn migrate_to(conn: &mut Connection, path: &Path, target: i64) -> Result<(), StoreError> {
    let found = current_version(conn)?;
    if found > latest_version() {
        return Err(newer(path, found));
    }
    if found >= target {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated between our read and our lock.
    let found = current_version(&tx)?;
    if found > latest_version() {
        return Err(newer(path, found));
    }
    for migration in MIGRATIONS
        .iter()
        .filter(|m| m.version > found && m.version <= target)
    {
        tx.execute_batch(migration.sql)?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "schema migrated"
        );
    }
    tx.pragma_update(None, "user_version", target.max(found))?;
    tx.commit()?;
    Ok(())
}

fn newer(path: &Path, found: i64) -> StoreError {
    StoreError::NewerSchema {
        path: path.to_path_buf(),
        found,
        supported: latest_version(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_consecutive() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "{}", m.name);
        }
    }
}
