//! Logs go to a file (never to the terminal, which belongs to the TUI), and
//! never contain names, phone numbers or notes: only ids and codes.

use crate::config::{LogLevel, LoggingConfig};
use std::fs::OpenOptions;
use std::os::unix::fs::OpenOptionsExt;
use std::path::PathBuf;
use std::sync::Mutex;

/// Starts logging to the configured file, or `helpline.log` in the data
/// directory. Returns the path, or None when no log file could be opened,
/// in which case helpline runs without a log rather than not at all.
pub fn init(config: &LoggingConfig) -> Option<PathBuf> {
    let path = match &config.file {
        Some(p) => p.clone(),
        None => crate::paths::data_dir().ok()?.join("helpline.log"),
    };
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(&path)
        .ok()?;
    let level = match config.level {
        LogLevel::Error => tracing::Level::ERROR,
        LogLevel::Warn => tracing::Level::WARN,
        LogLevel::Info => tracing::Level::INFO,
        LogLevel::Debug => tracing::Level::DEBUG,
    };
    tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_max_level(level)
        .try_init()
        .ok()?;
    Some(path)
}
