//! Encryption at rest: the key's sources and checks in every build; with
//! `--features sqlcipher`, encrypted files, wrong keys and conversions.
//! CI runs this file again as `cargo test --no-default-features --features
//! sqlcipher --test encryption`.

mod common;

use common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// A raw 256-bit key, as `openssl rand -hex 32` prints one.
const RAW_KEY: &str = "6b1f0c8e5a3d47e2b9c40f17a2d85e6c3b9a0d4e7f12c5a86e3d9b0c4f7a1e28";

fn write_key_file(dir: &Path, text: &str, mode: u32) -> std::path::PathBuf {
    let path = dir.join("db.key");
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

fn config_with_key_file(dir: &Path, key_file: &Path) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!("[database]\nkey_file = \"{}\"\n", key_file.display()),
    )
    .unwrap();
    path
}

#[test]
fn a_key_file_that_group_or_others_can_read_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o644, 0o640, 0o604, 0o660] {
        let path = write_key_file(dir.path(), RAW_KEY, mode);
        let err = helpline::config::db_key::read_key_file(&path).unwrap_err();
        assert!(err.contains("chmod 600"), "{mode:o}: {err}");
        assert!(!err.contains(RAW_KEY), "the key leaked: {err}");
    }
    let path = write_key_file(dir.path(), &format!("{RAW_KEY}\n"), 0o600);
    let key = helpline::config::db_key::read_key_file(&path).unwrap();
    assert!(key.is_raw());
    let path = write_key_file(dir.path(), "\n", 0o400);
    let err = helpline::config::db_key::read_key_file(&path).unwrap_err();
    assert!(err.contains("is empty"), "{err}");
}

#[cfg(not(feature = "sqlcipher"))]
mod without_sqlcipher {
    use super::*;

    #[test]
    fn a_configured_key_is_refused_not_ignored() {
        let (home, db) = temp_db();
        drop(open(&db));
        let out = helpline(home.path())
            .env("HELPLINE_DB_KEY", "a secret passphrase")
            .args(["--db", db.to_str().unwrap(), "user", "list"])
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(
            err.contains("this build has no encryption; build with --features sqlcipher"),
            "{err}"
        );
        assert!(!err.contains("secret"), "the key leaked: {err}");

        let key_file = write_key_file(home.path(), RAW_KEY, 0o600);
        let config = config_with_key_file(home.path(), &key_file);
        let out = helpline(home.path())
            .args(["--config", config.to_str().unwrap()])
            .args(["--db", db.to_str().unwrap(), "doctor"])
            .output()
            .unwrap();
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("build with --features sqlcipher"),
            "{}",
            stderr(&out)
        );
    }

    #[test]
    fn encrypt_and_decrypt_say_the_build_lacks_encryption() {
        let (home, db) = temp_db();
        drop(open(&db));
        for command in ["encrypt", "decrypt"] {
            let new = home.path().join(format!("{command}.db"));
            let out = helpline(home.path())
                .args(["--db", db.to_str().unwrap(), command, "--out"])
                .arg(&new)
                .output()
                .unwrap();
            assert!(!out.status.success());
            assert!(
                stderr(&out).contains("this build has no encryption"),
                "{}",
                stderr(&out)
            );
            assert!(!new.exists());
        }
    }
}

#[cfg(feature = "sqlcipher")]
mod with_sqlcipher {
    use super::*;
    use helpline::store::key::DbKey;
    use helpline::store::{Store, StoreOptions};

    fn keyed(key: &str) -> StoreOptions {
        StoreOptions {
            key: DbKey::parse(key),
            ..StoreOptions::default()
        }
    }

    fn header(path: &Path) -> Vec<u8> {
        std::fs::read(path).unwrap()[..16].to_vec()
    }

    fn case_count(db: &Path, key: Option<&str>) -> i64 {
        let conn = rusqlite::Connection::open(db).unwrap();
        if let Some(key) = key {
            conn.pragma_update(None, "key", format!("x'{key}'"))
                .unwrap();
        }
        conn.query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn an_encrypted_file_is_unreadable_without_the_key_and_readable_with_it() {
        let (_dir, db) = temp_db();
        for (key, raw) in [(RAW_KEY, true), ("a long passphrase", false)] {
            assert_eq!(DbKey::parse(key).unwrap().is_raw(), raw);
            let _ = std::fs::remove_file(&db);
            let mut store = Store::open(&db, &keyed(key)).unwrap();
            add_user(
                &mut store,
                "admin",
                helpline::domain::Role::Admin,
                "a long password",
            );
            drop(store);
            assert_ne!(header(&db), b"SQLite format 3\0", "the file is plain");

            let err = Store::open(&db, &StoreOptions::default())
                .unwrap_err()
                .to_string();
            assert!(err.contains("not a helpline database"), "{err}");
            assert!(err.contains("encrypted and no key was given"), "{err}");

            let err = Store::open_read_only(&db, &keyed("the wrong key"))
                .unwrap_err()
                .to_string();
            assert!(err.contains("wrong key"), "{err}");
            assert!(!err.contains("the wrong key"), "the key leaked: {err}");

            let store = Store::open_read_only(&db, &keyed(key)).unwrap();
            assert_eq!(store.count_users().unwrap(), 1);
        }
    }

    #[test]
    fn encrypt_then_decrypt_keeps_every_case_and_never_overwrites() {
        let (home, plain) = temp_db();
        let out = helpline(home.path())
            .args(["--db", plain.to_str().unwrap(), "demo", "--cases", "40"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let cases = case_count(&plain, None);
        assert!(cases >= 40, "{cases}");

        let encrypted = home.path().join("encrypted.db");
        let out = helpline(home.path())
            .env("HELPLINE_DB_KEY", RAW_KEY)
            .args(["--db", plain.to_str().unwrap(), "encrypt", "--out"])
            .arg(&encrypted)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stdout(&out).contains(&format!("{cases} cases")),
            "{}",
            stdout(&out)
        );
        assert!(!stdout(&out).contains(RAW_KEY));
        let mode = std::fs::metadata(&encrypted).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_ne!(header(&encrypted), b"SQLite format 3\0");
        assert_eq!(case_count(&encrypted, Some(RAW_KEY)), cases);

        // The encrypted copy is a working database: the doctor (integrity,
        // schema, audit chain) passes with the key from a private file, and
        // the full-text index answers.
        let key_file = write_key_file(home.path(), &format!("{RAW_KEY}\n"), 0o600);
        let config = config_with_key_file(home.path(), &key_file);
        let out = helpline(home.path())
            .args(["--config", config.to_str().unwrap()])
            .args(["--db", encrypted.to_str().unwrap(), "doctor"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
        assert!(
            stdout(&out).contains("encrypted at rest"),
            "{}",
            stdout(&out)
        );
        assert!(!stdout(&out).contains("warn "), "{}", stdout(&out));
        let store = Store::open(&encrypted, &keyed(RAW_KEY)).unwrap();
        assert_eq!(store.count_users().unwrap(), case_users(&plain));
        drop(store);

        // Never over an existing file.
        let before = std::fs::read(&plain).unwrap();
        let out = helpline(home.path())
            .env("HELPLINE_DB_KEY", RAW_KEY)
            .args(["--db", encrypted.to_str().unwrap(), "decrypt", "--out"])
            .arg(&plain)
            .output()
            .unwrap();
        assert!(!out.status.success());
        assert!(stderr(&out).contains("exists already"), "{}", stderr(&out));
        assert_eq!(std::fs::read(&plain).unwrap(), before);

        let back = home.path().join("back.db");
        let out = helpline(home.path())
            .env("HELPLINE_DB_KEY", RAW_KEY)
            .args(["--db", encrypted.to_str().unwrap(), "decrypt", "--out"])
            .arg(&back)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(header(&back), b"SQLite format 3\0");
        let version = |db: &Path| -> i64 {
            rusqlite::Connection::open(db)
                .unwrap()
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(version(&back), version(&plain));
        assert_eq!(case_count(&back, None), cases);
        let mode = std::fs::metadata(&back).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    fn case_users(db: &Path) -> i64 {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row("SELECT count(*) FROM users", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn decrypting_with_the_wrong_key_fails_and_leaves_no_file() {
        let (home, db) = temp_db();
        drop(Store::open(&db, &keyed(RAW_KEY)).unwrap());
        let out_file = home.path().join("plain.db");
        let out = helpline(home.path())
            .env("HELPLINE_DB_KEY", "not the key")
            .args(["--db", db.to_str().unwrap(), "decrypt", "--out"])
            .arg(&out_file)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(err.contains("wrong key"), "{err}");
        assert!(!err.contains("not the key"), "the key leaked: {err}");
        assert!(!out_file.exists());
    }

    #[test]
    fn a_loose_key_file_stops_the_binary_with_the_fix() {
        let (home, db) = temp_db();
        drop(Store::open(&db, &keyed(RAW_KEY)).unwrap());
        let key_file = write_key_file(home.path(), RAW_KEY, 0o644);
        let config = config_with_key_file(home.path(), &key_file);
        let out = helpline(home.path())
            .args(["--config", config.to_str().unwrap()])
            .args(["--db", db.to_str().unwrap(), "user", "list"])
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(err.contains("group or others"), "{err}");
        assert!(err.contains("chmod 600"), "{err}");
        assert!(!err.contains(RAW_KEY), "the key leaked: {err}");
    }
}
