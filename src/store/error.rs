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
    #[error("{path} is not a helpline database (not an SQLite file, or damaged)")]
    NotADatabase { path: PathBuf },
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
        "{path} cannot use write-ahead logging (journal mode is `{mode}`); keep the database on a local disk"
    )]
    NoWal { path: PathBuf, mode: String },
    #[error("{what} was changed by someone else; reload it and apply your change again")]
    Conflict { what: &'static str },
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
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
                path: path.to_path_buf(),
            },
            Some(ErrorCode::CannotOpen) | Some(ErrorCode::PermissionDenied) => {
                StoreError::CannotOpen {
                    path: path.to_path_buf(),
                    reason: err.to_string(),
                }
            }
            _ => StoreError::Sqlite(err),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
