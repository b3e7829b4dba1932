//! The audit log as a hash chain, on real database files: it holds as the
//! app writes it, and every way of rewriting it is found, by the store and
//! by `helpline doctor`.

mod common;

use common::*;
use helpline::domain::{AuditAction, Role};
use helpline::store::audit::AuditEntry;
use helpline::store::{Store, StoreOptions};

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
