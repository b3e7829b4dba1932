//! Where helpline keeps its files by default: the platform data directory
//! for the database and the log, the platform config directory for
//! `config.toml`.

use directories::ProjectDirs;
use std::path::PathBuf;

fn project_dirs() -> Result<ProjectDirs, String> {
    ProjectDirs::from("org", "helpline", "helpline").ok_or_else(|| {
        "cannot find a home directory for the default paths; pass --db and --config".to_string()
    })
}

/// The data directory, created on demand with mode 0700.
pub fn data_dir() -> Result<PathBuf, String> {
    let dir = project_dirs()?.data_dir().to_path_buf();
    ensure_private_dir(&dir)?;
    Ok(dir)
}

/// The default database file.
pub fn default_db() -> Result<PathBuf, String> {
    Ok(data_dir()?.join("helpline.db"))
}

/// The database `--demo` uses, created with demo data on first use.
pub fn demo_db() -> Result<PathBuf, String> {
    Ok(data_dir()?.join("demo.db"))
}

/// The config file read when neither `--config` nor `HELPLINE_CONFIG` is given.
pub fn default_config() -> Option<PathBuf> {
    project_dirs()
        .ok()
        .map(|d| d.config_dir().join("config.toml"))
}

/// Creates a directory (and its parents) readable by its owner only.
pub fn ensure_private_dir(dir: &std::path::Path) -> Result<(), String> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))
}
