//! What each command-line command does. Errors come back as one line for
//! the user; details go to the log.

pub(crate) mod audit;
mod cipher;
mod demo;
mod doctor;
mod export;
mod init;
mod loadtest;
mod password;
pub mod report;
mod request;
mod retention;
mod services;
mod user;

pub use demo::{DEMO_LOGIN_HINT, ensure_demo};

use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::store::{Store, StoreOptions};
use std::path::{Path, PathBuf};

/// Runs the command the user asked for.
pub fn run(cli: Cli) -> Result<(), String> {
    // Completions and the manual need no database and no configuration,
    // so a broken config file cannot keep them from being installed.
    match cli.command {
        Some(Command::Completions { shell }) => {
            crate::cli::write_completions(shell, &mut std::io::stdout());
            return Ok(());
        }
        Some(Command::Man) => {
            return crate::cli::write_man_page(&mut std::io::stdout())
                .map_err(|e| format!("could not write the manual page: {e}"));
        }
        _ => {}
    }
    let config = load_config(cli.config.as_deref())?;
    crate::logging::init(&config.logging).map_err(|reason| {
        // Only a configured log file stops helpline: name it where it is set.
        match config_in_use(cli.config.as_deref()) {
            Some(file) => Config::error_at_key(&file, "logging", "file", reason).to_string(),
            None => reason,
        }
    })?;
    match cli.command {
        None => {
            let (db, demo) = if cli.demo {
                (crate::paths::demo_db()?, true)
            } else {
                (db_path(cli.db.as_deref(), &config)?, false)
            };
            let org_dir = organisation_dir(cli.config.as_deref());
            crate::tui::launch(&db, &config, org_dir.as_deref(), demo)
        }
        Some(Command::Init { admin }) => {
            init::run(&db_path(cli.db.as_deref(), &config)?, &config, admin)
        }
        Some(Command::User(cmd)) => user::run(&db_path(cli.db.as_deref(), &config)?, &config, cmd),
        Some(Command::Demo { cases, seed }) => {
            let db = match cli.db {
                Some(db) => db,
                None => crate::paths::demo_db()?,
            };
            demo::create(&db, &config, cases, seed).map(|_| ())
        }
        Some(Command::Services(cmd)) => {
            services::run(&db_path(cli.db.as_deref(), &config)?, &config, cmd)
        }
        Some(Command::Doctor { seal }) => doctor::run(
            &db_path(cli.db.as_deref(), &config)?,
            &config,
            organisation_dir(cli.config.as_deref()).as_deref(),
            seal.as_deref(),
        ),
        Some(Command::Audit(crate::cli::AuditCommand::List {
            user,
            case,
            action,
            since,
            until,
            limit,
            csv,
        })) => audit::list(
            &db_path(cli.db.as_deref(), &config)?,
            &config,
            &audit::ListArgs {
                user,
                case,
                action,
                since,
                until,
                limit,
                csv,
            },
        ),
        Some(Command::Audit(crate::cli::AuditCommand::Seal)) => {
            let store = open_store_read_only(&db_path(cli.db.as_deref(), &config)?, &config)?;
            match store.audit_head().map_err(|e| e.to_string())? {
                Some(head) => {
                    println!("{head}");
                    Ok(())
                }
                None => Err("the audit log has no chained row yet".into()),
            }
        }
        Some(Command::Retention { dry_run, action }) => retention::run(
            &db_path(cli.db.as_deref(), &config)?,
            &config,
            action.is_some() && !dry_run,
        ),
        Some(Command::Request(cmd)) => {
            request::run(&db_path(cli.db.as_deref(), &config)?, &config, cmd)
        }
        Some(Command::Report {
            name,
            from,
            to,
            team,
            format,
            as_user,
        }) => report::run(
            &db_path(cli.db.as_deref(), &config)?,
            &config,
            &report::ReportArgs {
                name,
                from,
                to,
                team,
                format,
                as_user,
            },
        ),
        Some(Command::Export(cmd)) => export::run(
            &db_path(cli.db.as_deref(), &config)?,
            &config,
            organisation_dir(cli.config.as_deref()).as_deref(),
            cmd,
        ),
        Some(Command::Loadtest {
            operators,
            seconds,
            pace,
            cases,
        }) => loadtest::run(
            cli.db.as_deref(),
            cli.config.as_deref(),
            &config,
            &loadtest::Plan {
                operators,
                seconds,
                pace,
                cases,
            },
        ),
        Some(Command::Encrypt { out }) => cipher::run(
            &db_path(cli.db.as_deref(), &config)?,
            &config,
            &out,
            crate::store::key::Conversion::Encrypt,
        ),
        Some(Command::Decrypt { out }) => cipher::run(
            &db_path(cli.db.as_deref(), &config)?,
            &config,
            &out,
            crate::store::key::Conversion::Decrypt,
        ),
        // Answered above, before the configuration is read.
        Some(Command::Completions { .. } | Command::Man) => Ok(()),
        Some(Command::LoadtestWorker {
            operator,
            seconds,
            pace,
            start_at_ms,
        }) => loadtest::worker::run(
            &db_path(cli.db.as_deref(), &config)?,
            &config,
            operator,
            seconds,
            pace,
            start_at_ms,
        ),
    }
}

/// The configuration from `--config`/`HELPLINE_CONFIG` (which must exist),
/// else the platform config file if there is one, else the defaults.
pub fn load_config(flag: Option<&Path>) -> Result<Config, String> {
    match flag {
        Some(path) => Config::load(path).map_err(|e| e.to_string()),
        None => match crate::paths::default_config() {
            Some(path) if path.exists() => Config::load(&path).map_err(|e| e.to_string()),
            _ => Ok(Config::default()),
        },
    }
}

/// The configuration file in use, if any (see [`load_config`]).
fn config_in_use(flag: Option<&Path>) -> Option<PathBuf> {
    match flag {
        Some(path) => Some(path.to_path_buf()),
        None => crate::paths::default_config().filter(|p| p.exists()),
    }
}

/// The folder of an organisation's own forms and instruments: beside the
/// config file in use, else the platform config directory.
pub fn organisation_dir(config_flag: Option<&Path>) -> Option<PathBuf> {
    match config_flag {
        Some(path) => path.parent().map(Path::to_path_buf),
        None => crate::paths::default_config().and_then(|p| p.parent().map(Path::to_path_buf)),
    }
}

/// `--db`/`HELPLINE_DB`, then the config file, then the data directory.
pub fn db_path(flag: Option<&Path>, config: &Config) -> Result<PathBuf, String> {
    match (flag, &config.database.path) {
        (Some(p), _) => Ok(p.to_path_buf()),
        (None, Some(p)) => Ok(p.clone()),
        (None, None) => crate::paths::default_db(),
    }
}

/// How to open the database: the configured timeout and key.
pub fn store_options(config: &Config, create: bool) -> Result<StoreOptions, String> {
    Ok(StoreOptions {
        busy_timeout: config.database.busy_timeout(),
        create,
        key: config.database.key()?,
    })
}

/// Opens an existing database for a command that only reads: nothing is
/// created, migrated or written, and a mistyped path is an error.
pub fn open_store_read_only(path: &Path, config: &Config) -> Result<Store, String> {
    let store =
        Store::open_read_only(path, &store_options(config, false)?).map_err(|e| e.to_string())?;
    store.require_current_schema().map_err(|e| e.to_string())?;
    Ok(store)
}

/// Opens the store with the configured timeout.
pub fn open_store(path: &Path, config: &Config, create: bool) -> Result<Store, String> {
    let mut store =
        Store::open(path, &store_options(config, create)?).map_err(|e| e.to_string())?;
    // The configuration was checked when it was read.
    if let Ok(mut rules) = config.follow_up.rules() {
        rules.no_contact_days = config.response_times.no_contact_close_days;
        store.set_follow_up_rules(rules);
    }
    Ok(store)
}
