//! Store errors: one clear line for the user, never personal data.

use std::path::PathBuf;
use std::time::Duration;

/// Everything the store can report. Messages name files and record kinds,
/// never a person's name, phone number or notes.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create the database {path}: {reason}")]
    CannotCreate { path: PathBuf, reason: String },
    #[error("cannot open the database {path}: {reason}")]
    CannotOpen { path: PathBuf, reason: String },
    #[error(
        "{path} is not a helpline database (not an SQLite file, damaged, or encrypted and no key was given)"
    )]
    NotADatabase { path: PathBuf },
    #[error(
        "{path} cannot be read with the configured key: wrong key, or not an encrypted database"
    )]
    WrongKey { path: PathBuf },
    #[error(
        "{path} was written by a newer helpline (schema version {found}; this build knows up to {supported}); upgrade helpline"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("the database is busy: another process held it locked for more than {} s", .waited.as_secs_f32())]
    Busy { waited: Duration },
    #[error("the database {path} is read-only for this user")]
    ReadOnly { path: PathBuf },
    #[error(
        "the folder {} is not writable for this user: SQLite needs to create {name}-wal and {name}-shm beside the database; make the folder writable, or move the database to a folder that is",
        .folder.display()
    )]
    FolderNotWritable { folder: PathBuf, name: String },
    #[error(
        "{path} does not exist; check the path (nothing was created), or create a database with `helpline init`"
    )]
    Missing { path: PathBuf },
    #[error(
        "{path} has schema version {found} and this build needs {latest}; start helpline (or any command that changes data) once to upgrade it, then run this again"
    )]
    OlderSchema {
        path: PathBuf,
        found: i64,
        latest: i64,
    },
    #[error(
        "{path} cannot use write-ahead logging (journal mode is `{mode}`); keep the database on a local disk"
    )]
    NoWal { path: PathBuf, mode: String },
    #[error("{what} was changed by someone else; reload it and apply your change again")]
    Conflict { what: &'static str },
    #[error(
        "this case is outside your work (need-to-know); to open it, break the glass with a written reason: the supervisors are told"
    )]
    NeedToKnow { case_id: i64 },
    #[error("{what} not found")]
    NotFound { what: String },
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// Turns a low-level SQLite error into the store's own kinds, with the
    /// database path for context.
    pub(crate) fn classify(
        err: rusqlite::Error,
        path: &std::path::Path,
        busy: Duration,
    ) -> StoreError {
        use rusqlite::ErrorCode;
        match err.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase {
                path: path.to_path_buf(),
            },
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
                StoreError::Busy { waited: busy }
            }
            Some(ErrorCode::ReadOnly)
            | Some(ErrorCode::CannotOpen)
            | Some(ErrorCode::PermissionDenied) => unwritable(path).unwrap_or_else(|| {
                if err.sqlite_error_code() == Some(ErrorCode::ReadOnly) {
                    StoreError::ReadOnly {
                        path: path.to_path_buf(),
                    }
                } else {
                    StoreError::CannotOpen {
                        path: path.to_path_buf(),
                        reason: err.to_string(),
                    }
                }
            }),
            _ => StoreError::Sqlite(err),
        }
    }
}

impl StoreError {
    /// With a key configured, "not a database" means the key is wrong (or
    /// the file is not encrypted): say so.
    pub(crate) fn with_key(self, path: &std::path::Path, keyed: bool) -> StoreError {
        match self {
            StoreError::NotADatabase { .. } if keyed => StoreError::WrongKey {
                path: path.to_path_buf(),
            },
            other => other,
        }
    }
}

/// Which of the database file and its folder this user cannot write, when
/// one of them is the cause. SQLite reports both as "read-only database" or
/// "unable to open", but the fixes differ: in WAL mode SQLite creates the
/// `-wal` and `-shm` files beside the database, so a writable file in a
/// read-only folder fails as surely as a read-only file.
fn unwritable(path: &std::path::Path) -> Option<StoreError> {
    if path.exists() && !writable(path) {
        return Some(StoreError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    let folder = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if folder.exists() && !writable(&folder) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Some(StoreError::FolderNotWritable { folder, name });
    }
    None
}

/// Whether this process may write `path` (a file, or create files in a
/// folder), as the kernel decides: access(2) knows about root, groups, ACLs
/// and read-only mounts, which permission bits alone do not.
fn writable(path: &std::path::Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return true;
    };
    // SAFETY: `c_path` is a valid NUL-terminated string that outlives the call.
    unsafe { libc::access(c_path.as_ptr(), libc::W_OK) == 0 }
}

pub type StoreResult<T> = Result<T, StoreError>;
