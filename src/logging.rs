//! Logs go to a file (never to the terminal, which belongs to the TUI), and
//! never contain names, phones or notes: only ids and codes.
//!
//! A log file named in the configuration that cannot be opened stops
//! helpline with one line naming the file and the reason: an organisation
//! that asked for a log (for audit or support) must not run without one
//! unknowingly. When no file is configured and the default one in the data
//! directory cannot be opened, helpline runs on and says so on standard
//! error, since no one asked for that file in particular.

use crate::config::{LogLevel, LoggingConfig};
use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Starts logging to the configured file, or `helpline.log` in the data
/// directory. Returns the path in use, `Ok(None)` when the default file
/// could not be opened (after a warning on standard error), or an error
/// line when the configured file cannot be opened.
pub fn init(config: &LoggingConfig) -> Result<Option<PathBuf>, String> {
    let (path, configured) = match &config.file {
        Some(p) => (p.clone(), true),
        None => match crate::paths::data_dir() {
            Ok(dir) => (dir.join("helpline.log"), false),
            Err(e) => {
                eprintln!("helpline: warning: running without a log file: {e}");
                return Ok(None);
            }
        },
    };
    let file = match open_log(&path) {
        Ok(file) => file,
        Err(reason) if configured => {
            return Err(format!(
                "cannot write the log file {} (logging.file in the configuration): {reason}",
                path.display()
            ));
        }
        Err(reason) => {
            eprintln!(
                "helpline: warning: running without a log file: cannot write {}: {reason}; set logging.file in the configuration to a writable file",
                path.display()
            );
            return Ok(None);
        }
    };
    let level = match config.level {
        LogLevel::Error => tracing::Level::ERROR,
        LogLevel::Warn => tracing::Level::WARN,
        LogLevel::Info => tracing::Level::INFO,
        LogLevel::Debug => tracing::Level::DEBUG,
    };
    // Fails only when a subscriber is already set (tests running several
    // commands in one process); logging then goes to that one.
    let _ = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_max_level(level)
        .try_init();
    Ok(Some(path))
}

/// Opens (creating, mode 0600) the log for appending; the reason in words
/// when it cannot be.
fn open_log(path: &Path) -> Result<std::fs::File, String> {
    if path.is_dir() {
        return Err("it is a folder; name a file".into());
    }
    OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| match e.kind() {
            ErrorKind::NotFound => match path.parent() {
                Some(dir) if !dir.as_os_str().is_empty() && !dir.exists() => {
                    format!("the folder {} does not exist", dir.display())
                }
                _ => "no such file or folder".into(),
            },
            ErrorKind::PermissionDenied => "permission denied".into(),
            _ => e.to_string(),
        })
}
