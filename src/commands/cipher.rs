//! `helpline encrypt` and `helpline decrypt`: convert a database between
//! plain SQLite and SQLCipher into a new file.

use crate::config::Config;
use crate::store::key::{self, Conversion};
use std::path::Path;

/// Converts `db` into the new file `out` with the configured key.
pub fn run(db: &Path, config: &Config, out: &Path, direction: Conversion) -> Result<(), String> {
    if !key::AVAILABLE {
        return Err(key::UNAVAILABLE.into());
    }
    let key = config.database.key()?.ok_or_else(|| {
        format!(
            "no database key: set {} or [database] key_file (a raw key is 64 hexadecimal digits, e.g. from `openssl rand -hex 32`)",
            crate::config::db_key::KEY_VAR
        )
    })?;
    let done = key::convert(db, out, &key, direction).map_err(|e| e.to_string())?;
    let (what, next) = match direction {
        Conversion::Encrypt => (
            "encrypted",
            "point --db or [database] path at it, keep the key configured",
        ),
        Conversion::Decrypt => (
            "plain (unencrypted)",
            "remove the key from the configuration to use it",
        ),
    };
    println!(
        "wrote {} ({what}): {} tables, {} cases; {next}; the original {} is unchanged",
        out.display(),
        done.tables,
        done.cases,
        db.display()
    );
    Ok(())
}
