//! Where the database key comes from: the `HELPLINE_DB_KEY` environment
//! variable, else the file named by `[database] key_file`, which must be
//! readable by its owner only. Never a command-line argument (other users
//! can read those in `ps`). The key is never part of a message.

use crate::store::key::{AVAILABLE, DbKey, UNAVAILABLE};
use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// The environment variable that holds the key.
pub const KEY_VAR: &str = "HELPLINE_DB_KEY";

/// The configured key, if any: `env` is the value of `HELPLINE_DB_KEY`,
/// `key_file` the configured file. A configured key in a build without
/// SQLCipher is an error, never silently ignored.
pub fn database_key(
    env: Option<OsString>,
    key_file: Option<&Path>,
) -> Result<Option<DbKey>, String> {
    if env.is_none() && key_file.is_none() {
        return Ok(None);
    }
    if !AVAILABLE {
        let source = match env {
            Some(_) => format!("{KEY_VAR} is set"),
            None => "[database] key_file is set".into(),
        };
        return Err(format!("{source}, but {UNAVAILABLE}"));
    }
    if let Some(value) = env {
        let text = value
            .into_string()
            .map_err(|_| format!("{KEY_VAR} is not UTF-8 text"))?;
        return DbKey::parse(&text)
            .map(Some)
            .ok_or_else(|| format!("{KEY_VAR} is set but empty"));
    }
    let Some(path) = key_file else {
        return Ok(None);
    };
    read_key_file(path).map(Some)
}

/// Reads a key file, refusing one that group or others could read.
pub fn read_key_file(path: &Path) -> Result<DbKey, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("cannot read the key file {shown}: {}", reason(&e)))?;
    if !meta.is_file() {
        return Err(format!("the key file {shown} is not a regular file"));
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(format!(
            "the key file {shown} can be read or changed by group or others (mode {mode:03o}); \
             make it the service account's only: chmod 600 {shown}"
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| format!("cannot read the key file {shown}: {}", reason(&e)))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("the key file {shown} is not text"))?;
    DbKey::parse(&text).ok_or_else(|| format!("the key file {shown} is empty"))
}

fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "it does not exist".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_configured_is_no_key() {
        assert_eq!(database_key(None, None), Ok(None));
    }

    #[cfg(not(feature = "sqlcipher"))]
    #[test]
    fn a_configured_key_without_sqlcipher_is_refused() {
        let err = database_key(Some("abc".into()), None).unwrap_err();
        assert!(err.contains("build with --features sqlcipher"), "{err}");
        assert!(!err.contains("abc"));
        let err = database_key(None, Some(Path::new("/nonexistent/key"))).unwrap_err();
        assert!(err.contains("this build has no encryption"), "{err}");
    }
}
