//! The one seam to the database. Every SQL statement of the application
//! lives under this module, behind functions named for what they do, so a
//! second backend can be added here without touching domain/, app/ or ui/.
//!
//! Every connection runs in WAL mode with foreign keys on, a busy timeout and
//! `synchronous=NORMAL`; every write runs in a `BEGIN IMMEDIATE` transaction.
//! Waiting for another session's lock uses the handler in `busy.rs`, which
//! keeps every waiting session getting chances at the lock.

pub mod alert_summary;
pub mod alerts;
pub mod anonymise;
pub mod assessments;
pub mod assignment;
pub mod audit;
pub mod audit_chain;
pub mod audit_queue;
pub mod audit_search;
mod busy;
pub mod case_access;
pub mod case_plans;
pub mod case_search;
pub mod case_workflow;
pub mod cases;
pub mod closure_requests;
pub mod contacts;
pub mod demo;
pub mod dialog_drafts;
pub mod drafts;
pub mod erasure_requests;
pub mod error;
pub mod floor;
pub mod follow_ups;
pub mod hand_overs;
pub mod health;
pub mod key;
pub mod migrations;
pub mod next_steps;
pub mod page;
pub mod presence;
pub mod referral_queue;
pub mod referrals;
pub mod reports;
pub mod retention;
pub mod service_import;
pub mod service_search;
pub mod services;
pub mod timeline_entry;
pub mod user_language;
pub mod users;
pub mod wellbeing;

pub use error::{StoreError, StoreResult};
pub use page::Page;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How to open a store.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// How long a statement waits for another process's lock.
    pub busy_timeout: Duration,
    /// Create the file (mode 0600) when it does not exist.
    pub create: bool,
    /// The SQLCipher key, given to every connection before it reads.
    pub key: Option<key::DbKey>,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            busy_timeout: Duration::from_secs(5),
            create: true,
            key: None,
        }
    }
}

/// An open helpline database.
pub struct Store {
    // Declared before `busy`, so it is closed before the busy state that
    // SQLite points to is freed.
    conn: Connection,
    busy: Box<busy::BusyWait>,
    path: PathBuf,
    busy_timeout: Duration,
    /// Audit entries not yet written (see `audit_queue`).
    pending_audit: Vec<audit_queue::QueuedAudit>,
    /// The follow-up schedule that level changes and follow-ups apply.
    follow_up: std::sync::Arc<crate::domain::follow_up::FollowUpRules>,
    /// The schema has the follow-up columns (a test may open a database
    /// at an earlier version and write to it as that release did).
    schedules: bool,
    /// The schema has case plans and next-step dismissals.
    plans: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (and when allowed, creates) the database at `path`, sets the
    /// connection pragmas and brings the schema up to date.
    pub fn open(path: &Path, options: &StoreOptions) -> StoreResult<Store> {
        Self::open_at_version(path, options, migrations::latest_version())
    }

    /// Opens the database and migrates it only up to `version`. Used by tests
    /// that need a database as an earlier release left it.
    pub fn open_at_version(
        path: &Path,
        options: &StoreOptions,
        version: i64,
    ) -> StoreResult<Store> {
        if options.create {
            create_private_file(path)?;
        } else if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let classify = |e: StoreError| {
            match e {
                StoreError::Sqlite(e) => StoreError::classify(e, path, options.busy_timeout),
                other => other,
            }
            .with_key(path, options.key.is_some())
        };
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(e.into()))?;
        key::apply(&conn, options.key.as_ref())?;
        let mut store = Store {
            conn,
            busy: busy::BusyWait::new(options.busy_timeout),
            path: path.to_path_buf(),
            busy_timeout: options.busy_timeout,
            pending_audit: Vec::new(),
            follow_up: Default::default(),
            schedules: version >= follow_ups::SCHEMA_VERSION,
            plans: version >= case_plans::SCHEMA_VERSION,
        };
        // Switching a new file to WAL, and WAL recovery after a crash, can
        // report "busy" without waiting on the busy handler; retry those
        // within the busy timeout, as any other lock wait.
        let started = std::time::Instant::now();
        let mut pause = Duration::from_millis(2);
        loop {
            let attempt = store
                .configure()
                .and_then(|()| migrations::migrate_to(&mut store.conn, path, version))
                .map_err(classify);
            match attempt {
                Err(StoreError::Busy { .. }) if started.elapsed() < options.busy_timeout => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                other => return other.map(|()| store),
            }
        }
    }

    /// Opens an existing database for reading only: nothing is created,
    /// migrated or written (no WAL switch, no audit), so commands that only
    /// read can never change the file they look at. A missing file is an
    /// error; so is a schema newer than this build. An older schema is
    /// reported by [`Store::require_current_schema`], for callers whose
    /// queries need the latest one.
    ///
    /// SQLite still creates the `-wal` and `-shm` files beside a WAL
    /// database when they are missing (readers need the shared index), as
    /// every helpline session does; the database file itself is untouched.
    pub fn open_read_only(path: &Path, options: &StoreOptions) -> StoreResult<Store> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let classify = |e: StoreError| {
            match e {
                StoreError::Sqlite(e) => StoreError::classify(e, path, options.busy_timeout),
                other => other,
            }
            .with_key(path, options.key.is_some())
        };
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(e.into()))?;
        key::apply(&conn, options.key.as_ref())?;
        let store = Store {
            conn,
            busy: busy::BusyWait::new(options.busy_timeout),
            path: path.to_path_buf(),
            busy_timeout: options.busy_timeout,
            pending_audit: Vec::new(),
            follow_up: Default::default(),
            schedules: false,
            plans: false,
        };
        let check = || -> StoreResult<()> {
            busy::install(&store.conn, &store.busy)?;
            store.conn.pragma_update(None, "query_only", "ON")?;
            store
                .conn
                .query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                    r.get::<_, i64>(0)
                })?;
            let found = migrations::current_version(&store.conn)?;
            if found > migrations::latest_version() {
                return Err(StoreError::NewerSchema {
                    path: path.to_path_buf(),
                    found,
                    supported: migrations::latest_version(),
                });
            }
            Ok(())
        };
        check().map_err(classify)?;
        Ok(store)
    }

    /// An error unless the database is at this build's schema version; for
    /// read-only callers, which cannot migrate it.
    pub fn require_current_schema(&self) -> StoreResult<()> {
        let found = self.schema_version()?;
        let latest = migrations::latest_version();
        if found < latest {
            return Err(StoreError::OlderSchema {
                path: self.path.clone(),
                found,
                latest,
            });
        }
        Ok(())
    }

    fn configure(&mut self) -> StoreResult<()> {
        busy::install(&self.conn, &self.busy)?;
        // Reading the schema first turns "not a database" into an error here
        // rather than in the middle of a later statement.
        self.conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
                r.get::<_, i64>(0)
            })?;
        let mode: String = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::NoWal {
                path: self.path.clone(),
                mode,
            });
        }
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(())
    }

    /// The file this store is open on.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The busy timeout this connection was opened with.
    pub fn busy_timeout(&self) -> Duration {
        self.busy_timeout
    }

    /// How many times this connection found a lock taken and waited to
    /// retry, since it was opened: a measure of contention.
    pub fn busy_retries(&self) -> u64 {
        self.busy.retries()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> StoreResult<i64> {
        Ok(migrations::current_version(&self.conn)?)
    }

    /// A number that changes whenever another connection commits a change.
    /// Polling it is cheap (no disk read), so sessions use it to notice
    /// other operators' work without reloading anything.
    pub fn data_version(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction and commits when it
    /// returns Ok; anything else rolls the whole change back.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let path = self.path.clone();
        let busy = self.busy_timeout;
        let classify = |e: StoreError| match e {
            StoreError::Sqlite(e) => StoreError::classify(e, &path, busy),
            other => other,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(e.into()))?;
        let value = f(&tx).map_err(classify)?;
        // Audit entries queued while the lock was taken commit with this
        // change (see `audit_queue`).
        let queued = self.pending_audit.len();
        audit_queue::write_queued(&tx, &self.pending_audit).map_err(classify)?;
        tx.commit().map_err(|e| classify(e.into()))?;
        self.pending_audit.drain(..queued);
        Ok(value)
    }

    /// Read-only access for the query functions of this module.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Mutable access for bulk loaders that manage their own transactions.
    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

/// Creates the database file with mode 0600 when it does not exist yet, so
/// that not even for a moment can another account read it.
fn create_private_file(path: &Path) -> StoreResult<()> {
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => {
            let reason = match e.kind() {
                ErrorKind::NotFound => match path.parent() {
                    Some(dir) if !dir.as_os_str().is_empty() => {
                        format!("the folder {} does not exist", dir.display())
                    }
                    _ => e.to_string(),
                },
                ErrorKind::PermissionDenied => "permission denied".into(),
                _ => e.to_string(),
            };
            Err(StoreError::CannotCreate {
                path: path.to_path_buf(),
                reason,
            })
        }
    }
}

/// Current time as stored in the database: UTC seconds.
pub(crate) fn unix_now() -> i64 {
    crate::clock::now().timestamp()
}
