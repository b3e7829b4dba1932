//! The audit log as a hash chain, on real database files: it holds as the
//! app writes it, and every way of rewriting it is found, by the store and
//! by `helpline doctor`.

mod common;

use common::*;
use helpline::domain::{AuditAction, Role};
use helpline::store::audit::AuditEntry;
use helpline::store::{Store, StoreOptions};

/// An audit row as stored: id, at, user, action, record type and id, detail.
type StoredRow = (
    i64,
    i64,
    Option<i64>,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
);

fn written(db: &std::path::Path) {
    let mut store = open(db);
    add_user(&mut store, "amina", Role::Operator, "correct horse");
    for n in 0..5 {
        store
            .audit(AuditEntry::new(None, AuditAction::CaseViewed).on("case", n))
            .unwrap();
    }
}

fn raw(db: &std::path::Path, sql: &str) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(sql)
        .unwrap();
}

#[test]
fn the_chain_holds_as_written_and_an_upgraded_log_starts_it_after() {
    let (_dir, db) = temp_db();
    {
        // Rows an earlier release wrote, without hashes.
        let mut old = Store::open_at_version(&db, &StoreOptions::default(), 17).unwrap();
        add_user(&mut old, "baraka", Role::Operator, "correct horse");
    }
    written(&db);
    let report = open(&db).verify_audit_chain().unwrap();
    assert!(report.holds(), "{report:?}");
    assert!(report.before_chain >= 1, "{report:?}");
    assert!(report.chained >= 6, "{report:?}");
    assert_eq!(report.head, open(&db).audit_head().unwrap());
}

#[test]
fn a_changed_replaced_or_deleted_row_and_a_dropped_trigger_are_found() {
    // Changed, after dropping the trigger that forbids it.
    let (_dir, db) = temp_db();
    written(&db);
    raw(
        &db,
        "DROP TRIGGER audit_log_no_update;
         UPDATE audit_log SET detail = 'nothing to see' WHERE id = 3;",
    );
    let report = open(&db).verify_audit_chain().unwrap();
    assert_eq!(report.broken.as_ref().map(|b| b.0), Some(3), "{report:?}");
    assert_eq!(report.missing_triggers, ["audit_log_no_update"]);

    // Replaced: INSERT OR REPLACE gets past the delete trigger.
    let (_dir2, db) = temp_db();
    written(&db);
    raw(
        &db,
        "INSERT OR REPLACE INTO audit_log (id, at, user_id, action, record_type, record_id, hash)
         SELECT id, at, user_id, action, record_type, 999, hash FROM audit_log WHERE id = 4;",
    );
    let report = open(&db).verify_audit_chain().unwrap();
    assert_eq!(report.broken.as_ref().map(|b| b.0), Some(4), "{report:?}");
    assert!(report.missing_triggers.is_empty());

    // Deleted.
    let (_dir3, db) = temp_db();
    written(&db);
    raw(
        &db,
        "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2;",
    );
    let report = open(&db).verify_audit_chain().unwrap();
    assert_eq!(report.broken.as_ref().map(|b| b.0), Some(3), "{report:?}");

    // `helpline doctor` says so and fails.
    let out = helpline(db.parent().unwrap())
        .args(["--db", db.to_str().unwrap(), "doctor"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(text.contains("the chain breaks at row 3"), "{text}");
    assert!(text.contains("audit_log_no_delete is missing"), "{text}");
}

#[test]
fn a_tail_rewritten_whole_is_found_against_a_seal_kept_elsewhere() {
    let (_dir, db) = temp_db();
    written(&db);
    let home = db.parent().unwrap();
    let run = |args: &[&str]| {
        helpline(home)
            .args(["--db", db.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["audit", "seal"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let seal = stdout(&out).trim().to_string();
    assert_eq!(seal.len(), 64, "{seal}");
    // More work later: the chain grows past the seal and still holds.
    open(&db)
        .audit(AuditEntry::new(None, AuditAction::CaseViewed).on("case", 9))
        .unwrap();
    let out = run(&["doctor", "--seal", &seal]);
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(text.contains("the chain runs through it"), "{text}");

    // Someone with write access rewrites row 3 and recomputes every hash
    // after it: the chain holds again, but not through the seal.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_update")
        .unwrap();
    conn.execute("UPDATE audit_log SET detail = 'rewritten' WHERE id = 3", [])
        .unwrap();
    let rows: Vec<StoredRow> = conn
        .prepare("SELECT id, at, user_id, action, record_type, record_id, detail FROM audit_log ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut prev = String::new();
    for (id, at, user_id, action, record_type, record_id, detail) in rows {
        let hash = helpline::store::audit_chain::ChainRow {
            id,
            at,
            user_id,
            action: &action,
            record_type: record_type.as_deref(),
            record_id,
            detail: detail.as_deref(),
        }
        .hash(&prev);
        conn.execute(
            "UPDATE audit_log SET hash = ?1 WHERE id = ?2",
            rusqlite::params![hash, id],
        )
        .unwrap();
        prev = hash;
    }
    conn.execute_batch(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
    )
    .unwrap();
    drop(conn);
    assert!(open(&db).verify_audit_chain().unwrap().holds());
    let out = run(&["doctor", "--seal", &seal]);
    assert!(!out.status.success());
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        text.contains("the sealed head is not in the chain"),
        "{text}"
    );
}

#[test]
fn audit_list_filters_by_person_case_action_and_day_and_a_csv_export_is_itself_audited() {
    let (_dir, db) = temp_db();
    let number = {
        let mut store = open(&db);
        let amina = add_user(&mut store, "amina", Role::Operator, "correct horse");
        let (case_id, number) = store
            .open_case(&helpline::store::cases::NewCase::default(), Some(amina))
            .unwrap();
        for _ in 0..3 {
            store
                .audit(AuditEntry::new(Some(amina), AuditAction::CaseViewed).on("case", case_id))
                .unwrap();
        }
        store
            .audit(AuditEntry::new(None, AuditAction::CaseViewed).on("case", case_id + 99))
            .unwrap();
        number.to_string()
    };
    let home = db.parent().unwrap();
    let run = |args: &[&str]| {
        helpline(home)
            .args(["--db", db.to_str().unwrap(), "audit", "list"])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[
        "--user",
        "amina",
        "--case",
        &number,
        "--action",
        "case_viewed",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(
        text.lines()
            .all(|l| l.contains("amina") && l.contains(&number)),
        "{text}"
    );
    // A day with nothing, a day badly written, an unknown person.
    assert!(stdout(&run(&["--until", "2001-01-01"])).contains("No audit lines match."));
    let out = run(&["--since", "yesterday"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("YYYY-MM-DD"), "{}", stderr(&out));
    assert!(!run(&["--user", "nobody"]).status.success());
    // The export: CSV with a header, and one more audit line saying so.
    let csv = home.join("audit.csv");
    let out = run(&["--case", &number, "--csv", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = std::fs::read_to_string(&csv).unwrap();
    assert!(written.starts_with("time_utc,user,action,record_type,record_id,case_number,detail"));
    assert!(written.lines().count() >= 4, "{written}");
    let exported = stdout(&run(&["--action", "audit_exported"]));
    assert_eq!(exported.lines().count(), 1, "{exported}");
    assert!(exported.contains("rows="), "{exported}");
}
