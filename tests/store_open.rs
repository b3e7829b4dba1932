//! Opening the store: migrations, refusal of newer schemas, file modes,
//! bad files, and two processes opening a new database at once.

mod common;

use common::*;
use helpline::store::migrations::{MIGRATIONS, latest_version};
use helpline::store::{Store, StoreError, StoreOptions};
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

fn tables(db: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_new_database_reaches_the_latest_schema_in_wal_mode() {
    let (_dir, db) = temp_db();
    let store = open(&db);
    assert_eq!(store.schema_version().unwrap(), latest_version());
    assert_eq!(store.journal_mode().unwrap(), "wal");
    let names = tables(&db);
    for table in [
        "users",
        "audit_log",
        "cases",
        "contacts",
        "case_events",
        "alerts",
        "organisations",
        "services",
        "referrals",
    ] {
        assert!(
            names.iter().any(|n| n == table),
            "{table} missing from {names:?}"
        );
    }
}

#[test]
fn every_earlier_version_migrates_to_the_latest_keeping_its_data() {
    for from in 0..latest_version() {
        let (_dir, db) = temp_db();
        let mut old = Store::open_at_version(&db, &StoreOptions::default(), from).unwrap();
        assert_eq!(old.schema_version().unwrap(), from);
        if from >= 1 {
            add_user(
                &mut old,
                "amina",
                helpline::domain::Role::Operator,
                "long enough",
            );
        }
        drop(old);
        let store = open(&db);
        assert_eq!(
            store.schema_version().unwrap(),
            latest_version(),
            "from {from}"
        );
        if from >= 1 {
            assert!(store.find_login("amina").unwrap().is_some(), "from {from}");
        }
    }
    assert_eq!(MIGRATIONS.len() as i64, latest_version());
}

#[test]
fn a_database_from_a_newer_release_is_refused_untouched() {
    let (_dir, db) = temp_db();
    drop(open(&db));
    let newer = latest_version() + 1;
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", newer)
        .unwrap();
    let err = Store::open(&db, &StoreOptions::default()).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found, .. } if found == newer),
        "{err}"
    );
    assert!(err.to_string().contains("newer helpline"), "{err}");
    let version: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, newer);
}

#[test]
fn a_new_database_file_is_private_to_its_owner() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    add_user(
        &mut store,
        "amina",
        helpline::domain::Role::Operator,
        "long enough",
    );
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", db.display());
        if let Ok(meta) = std::fs::metadata(&path) {
            assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{path}");
        }
    }
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_alone() {
    let (_dir, db) = temp_db();
    let junk = "this is a shopping list, not a database\n".repeat(200);
    std::fs::write(&db, &junk).unwrap();
    let err = Store::open(&db, &StoreOptions::default()).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert_eq!(std::fs::read_to_string(&db).unwrap(), junk);
}

#[test]
fn a_missing_folder_is_named_in_the_error() {
    let (dir, _) = temp_db();
    let db = dir.path().join("no-such-folder").join("x.db");
    let err = Store::open(&db, &StoreOptions::default()).unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
}

#[test]
fn a_lock_held_past_the_timeout_gives_a_busy_error() {
    let (_dir, db) = temp_db();
    drop(open(&db));
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let options = StoreOptions {
        busy_timeout: Duration::from_millis(150),
        create: false,
        key: None,
    };
    let mut store = Store::open(&db, &options);
    // Opening may already wait on the lock; if it got through, a write must not.
    if let Ok(store) = store.as_mut() {
        let err = store.set_user_disabled("nobody", true, None).unwrap_err();
        assert!(matches!(err, StoreError::Busy { .. }), "{err:?}");
    } else {
        let err = store.unwrap_err();
        assert!(matches!(err, StoreError::Busy { .. }), "{err:?}");
    }
    holder.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_waiting_writer_gets_the_lock_when_it_comes_free_and_counts_its_retries() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        holder.execute_batch("COMMIT").unwrap();
    });
    let entry =
        helpline::store::audit::AuditEntry::new(None, helpline::domain::AuditAction::Logout);
    store.audit(entry).unwrap();
    release.join().unwrap();
    assert!(store.busy_retries() > 0, "the write should have waited");
}

#[test]
fn two_processes_creating_the_same_database_both_succeed() {
    let (dir, db) = temp_db();
    let spawn = |name: &str| {
        let mut cmd = helpline(dir.path());
        cmd.args([
            "--db",
            db.to_str().unwrap(),
            "user",
            "add",
            name,
            "--role",
            "operator",
        ]);
        cmd.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        use std::io::Write;
        // A child that failed early may have closed its input already;
        // its exit status below tells.
        let _ = child.stdin.take().unwrap().write_all(b"a long password\n");
        child
    };
    let a = spawn("amina");
    let b = spawn("baraka");
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let store = open(&db);
    assert_eq!(store.count_users().unwrap(), 2);
    assert_eq!(store.schema_version().unwrap(), latest_version());
}

#[test]
fn the_audit_log_cannot_be_changed_or_emptied() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    add_user(
        &mut store,
        "amina",
        helpline::domain::Role::Operator,
        "long enough",
    );
    drop(store);
    let conn = rusqlite::Connection::open(&db).unwrap();
    assert!(
        conn.execute("UPDATE audit_log SET action = 'x'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
}

#[test]
fn a_read_only_open_refuses_a_missing_file_and_creates_nothing() {
    let (dir, db) = temp_db();
    let err = Store::open_read_only(&db, &StoreOptions::default()).unwrap_err();
    assert!(matches!(err, StoreError::Missing { .. }), "{err:?}");
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let options = StoreOptions {
        create: false,
        key: None,
        ..StoreOptions::default()
    };
    assert!(matches!(
        Store::open(&db, &options).unwrap_err(),
        StoreError::Missing { .. }
    ));
    assert!(!db.exists());
}

#[test]
fn a_read_only_open_neither_migrates_nor_writes() {
    let (_dir, db) = temp_db();
    drop(Store::open_at_version(&db, &StoreOptions::default(), 1).unwrap());
    let before = std::fs::read(&db).unwrap();
    let mut store = Store::open_read_only(&db, &StoreOptions::default()).unwrap();
    assert_eq!(store.schema_version().unwrap(), 1);
    let err = store.require_current_schema().unwrap_err();
    assert!(
        matches!(err, StoreError::OlderSchema { found: 1, .. }),
        "{err:?}"
    );
    // A write through it is refused, not carried out.
    let entry =
        helpline::store::audit::AuditEntry::new(None, helpline::domain::AuditAction::Logout);
    assert!(store.audit(entry).is_err());
    drop(store);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn a_read_only_open_refuses_a_newer_schema() {
    let (_dir, db) = temp_db();
    drop(open(&db));
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.pragma_update(None, "user_version", latest_version() + 1)
        .unwrap();
    drop(conn);
    let err = Store::open_read_only(&db, &StoreOptions::default()).unwrap_err();
    assert!(matches!(err, StoreError::NewerSchema { .. }), "{err:?}");
}
