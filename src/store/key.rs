//! The database key (encryption at rest with SQLCipher) and the statements
//! that use it: `PRAGMA key` on every connection, and converting a file
//! between plain and encrypted with `sqlcipher_export`.
//!
//! The key never appears in a message: [`DbKey`] prints as `<hidden>`, and
//! errors from the statements that carry it are replaced by fixed text.

use super::{StoreError, StoreResult};
use rusqlite::Connection;
use std::path::Path;

/// Whether this build can encrypt (built with `--features sqlcipher`).
pub const AVAILABLE: bool = cfg!(feature = "sqlcipher");

/// What a build without SQLCipher says when a key is configured or a
/// conversion is asked for.
pub const UNAVAILABLE: &str = "this build has no encryption; build with --features sqlcipher";

/// A database key: a raw 256-bit key (64 hexadecimal digits, optionally
/// written `x'…'`), used as is, or a passphrase, which SQLCipher stretches
/// with PBKDF2 on every open (slow by design; see BENCHMARKS.md).
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey {
    /// The text given to `PRAGMA key`: `x'HEX'` for a raw key, else the
    /// passphrase.
    pragma: String,
    raw: bool,
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.raw {
            "DbKey(raw, <hidden>)"
        } else {
            "DbKey(passphrase, <hidden>)"
        })
    }
}

impl DbKey {
    /// Reads a key from the text of a key file or the environment. Leading
    /// and trailing white space (the file's final newline) is not part of
    /// it. `None` when nothing is left.
    pub fn parse(text: &str) -> Option<DbKey> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let hex = text
            .strip_prefix("x'")
            .or_else(|| text.strip_prefix("X'"))
            .and_then(|t| t.strip_suffix('\''))
            .unwrap_or(text);
        if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(DbKey {
                pragma: format!("x'{hex}'"),
                raw: true,
            });
        }
        Some(DbKey {
            pragma: text.to_string(),
            raw: false,
        })
    }

    /// A raw key, which skips key derivation.
    pub fn is_raw(&self) -> bool {
        self.raw
    }
}

/// Gives the key to a connection just opened, before anything reads the
/// file. Without SQLCipher a key is refused rather than ignored.
pub(crate) fn apply(conn: &Connection, key: Option<&DbKey>) -> StoreResult<()> {
    let Some(key) = key else { return Ok(()) };
    if !AVAILABLE {
        return Err(StoreError::Invalid(UNAVAILABLE.into()));
    }
    // SQLCipher writes its own errors ("error decrypting page 1") to
    // standard error, which is the operator's terminal: the store reports
    // a wrong key itself.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE");
    conn.pragma_update(None, "key", &key.pragma)
        .map_err(|_| StoreError::Invalid("the database key could not be applied".into()))
}

/// Which way [`convert`] goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    /// A plain database to an encrypted copy.
    Encrypt,
    /// An encrypted database to a plain copy.
    Decrypt,
}

/// What a conversion copied, to show the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub tables: i64,
    pub cases: i64,
}

/// Copies the database at `from` into the new file `out` (which must not
/// exist; it is created with mode 0600), encrypting it with `key` or
/// decrypting it with `key`, through SQLCipher's `sqlcipher_export`. On any
/// failure the new file is removed and `from` is unchanged.
pub fn convert(
    from: &Path,
    out: &Path,
    key: &DbKey,
    direction: Conversion,
) -> StoreResult<Converted> {
    if !AVAILABLE {
        return Err(StoreError::Invalid(UNAVAILABLE.into()));
    }
    if !from.exists() {
        return Err(StoreError::Missing {
            path: from.to_path_buf(),
        });
    }
    create_new_private(out)?;
    let result = export(from, out, key, direction);
    if result.is_err() {
        let _ = std::fs::remove_file(out);
        let mut journal = out.as_os_str().to_owned();
        journal.push("-journal");
        let _ = std::fs::remove_file(journal);
    }
    result
}

fn export(from: &Path, out: &Path, key: &DbKey, direction: Conversion) -> StoreResult<Converted> {
    let not_readable = |_| match direction {
        Conversion::Encrypt => StoreError::Invalid(format!(
            "{} cannot be read as a plain database (is it encrypted already?)",
            from.display()
        )),
        Conversion::Decrypt => StoreError::Invalid(format!(
            "{} cannot be read with the configured key (wrong key, or not an encrypted helpline database)",
            from.display()
        )),
    };
    let conn = Connection::open_with_flags(
        from,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::classify(e, from, std::time::Duration::from_secs(5)))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let (source_key, target_key) = match direction {
        Conversion::Encrypt => (None, key.pragma.as_str()),
        Conversion::Decrypt => (Some(key), ""),
    };
    apply(&conn, source_key)?;
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .map_err(not_readable)?;
    let out_name = out
        .to_str()
        .ok_or_else(|| StoreError::Invalid(format!("{} is not a UTF-8 path", out.display())))?;
    // An empty key attaches the new file unencrypted.
    conn.execute(
        "ATTACH DATABASE ?1 AS converted KEY ?2",
        rusqlite::params![out_name, target_key],
    )
    .map_err(|_| StoreError::Invalid(format!("cannot attach {} to convert into", out.display())))?;
    conn.query_row("SELECT sqlcipher_export('converted')", [], |_| Ok(()))
        .map_err(|e| {
            StoreError::Invalid(format!(
                "the conversion failed: {}",
                e.sqlite_error_code()
                    .map(|c| format!("{c:?}"))
                    .unwrap_or_else(|| "error".into())
            ))
        })?;
    let count = |schema: &str| -> StoreResult<i64> {
        let has_cases: bool = conn.query_row(
            &format!("SELECT count(*) > 0 FROM {schema}.sqlite_schema WHERE name = 'cases'"),
            [],
            |r| r.get(0),
        )?;
        if !has_cases {
            return Ok(0);
        }
        Ok(
            conn.query_row(&format!("SELECT count(*) FROM {schema}.cases"), [], |r| {
                r.get(0)
            })?,
        )
    };
    // sqlcipher_export copies the schema and rows, not the schema version
    // (user_version) nor the journal mode: carry both over.
    let version: i64 = conn.pragma_query_value(Some("main"), "user_version", |r| r.get(0))?;
    conn.pragma_update(Some("converted"), "user_version", version)?;
    let _: String =
        conn.pragma_update_and_check(Some("converted"), "journal_mode", "WAL", |r| r.get(0))?;
    let (before, after) = (count("main")?, count("converted")?);
    conn.execute("DETACH DATABASE converted", [])?;
    if before != after {
        return Err(StoreError::Invalid(format!(
            "the copy holds {after} cases where the source holds {before}; the new file was removed"
        )));
    }
    Ok(Converted {
        tables,
        cases: after,
    })
}

/// Creates `path` empty with mode 0600, refusing one that exists.
fn create_new_private(path: &Path) -> StoreResult<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(|_| ())
        .map_err(|e| StoreError::CannotCreate {
            path: path.to_path_buf(),
            reason: if e.kind() == std::io::ErrorKind::AlreadyExists {
                "it exists already; give a new file name (nothing is overwritten)".into()
            } else {
                e.to_string()
            },
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_four_hex_digits_are_a_raw_key_with_or_without_x_quotes() {
        let hex = "0123456789abcdef".repeat(4);
        for text in [hex.clone(), format!("x'{hex}'\n"), format!("  {hex}\n")] {
            let key = DbKey::parse(&text).unwrap();
            assert!(key.is_raw());
            assert_eq!(key.pragma, format!("x'{hex}'"));
        }
    }

    #[test]
    fn other_text_is_a_passphrase_and_blank_text_no_key() {
        let key = DbKey::parse("correct horse battery staple\n").unwrap();
        assert!(!key.is_raw());
        assert_eq!(key.pragma, "correct horse battery staple");
        assert!(DbKey::parse(" \n").is_none());
        assert!(!DbKey::parse(&"ab".repeat(31)).unwrap().is_raw());
    }

    #[test]
    fn the_key_never_shows_in_debug_output() {
        let key = DbKey::parse("secret passphrase").unwrap();
        assert!(!format!("{key:?}").contains("secret"));
    }
}
