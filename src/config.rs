//! Configuration: a TOML file layered over built-in defaults.
//!
//! The file comes from `--config`, then `HELPLINE_CONFIG`, then the platform
//! config directory (`config.toml`). Every option and its default is
//! documented in `config.example.toml`. An unknown key or a bad value is an
//! error that names the file, the line and the key.

pub mod db_key;
mod directory;
mod floor;
mod follow_up;
mod reports;
mod response_times;
mod retention;
mod wellbeing;

pub use directory::DirectoryConfig;
pub use floor::FloorConfig;
pub use follow_up::FollowUpConfig;
pub use reports::ReportsConfig;
pub use response_times::ResponseTimesConfig;
pub use retention::RetentionConfig;
pub use wellbeing::WellbeingConfig;

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The whole configuration. Missing sections and keys take their defaults.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub database: DatabaseConfig,
    pub security: SecurityConfig,
    pub ui: UiConfig,
    pub alerts: AlertsConfig,
    pub intake: IntakeConfig,
    pub logging: LoggingConfig,
    pub response_times: ResponseTimesConfig,
    pub follow_up: FollowUpConfig,
    pub directory: DirectoryConfig,
    pub retention: RetentionConfig,
    pub wellbeing: WellbeingConfig,
    pub floor: FloorConfig,
    pub reports: ReportsConfig,
    /// Key bindings per context, merged over the shipped keymap:
    /// `[keys.shell] "x" = "pane_cases"`; the action `none` removes a key.
    pub keys: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// Database file; `--db` and `HELPLINE_DB` take precedence.
    pub path: Option<PathBuf>,
    /// How long a statement waits for another process's lock, in ms.
    pub busy_timeout_ms: u64,
    /// File holding the SQLCipher key (builds with `--features sqlcipher`);
    /// `HELPLINE_DB_KEY` takes precedence. Must be readable by its owner only.
    pub key_file: Option<PathBuf>,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            path: None,
            busy_timeout_ms: 5000,
            key_file: None,
        }
    }
}

impl DatabaseConfig {
    pub fn busy_timeout(&self) -> Duration {
        Duration::from_millis(self.busy_timeout_ms)
    }

    /// The database key from `HELPLINE_DB_KEY` or `key_file`, if any.
    pub fn key(&self) -> Result<Option<crate::store::key::DbKey>, String> {
        db_key::database_key(std::env::var_os(db_key::KEY_VAR), self.key_file.as_deref())
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SecurityConfig {
    /// Consecutive failed logins that lock an account.
    pub max_failed_logins: u32,
    /// How long a locked account stays locked, in minutes.
    pub lockout_minutes: u32,
    /// Minutes without a key before the screen locks and asks for the
    /// password; 0 never locks. Fractions are allowed (0.5 is 30 seconds).
    pub idle_lock_minutes: f64,
}

impl Default for SecurityConfig {
    fn default() -> Self {
        SecurityConfig {
            max_failed_logins: 5,
            lockout_minutes: 15,
            idle_lock_minutes: 5.0,
        }
    }
}

impl SecurityConfig {
    pub fn lockout_policy(&self) -> crate::domain::LockoutPolicy {
        crate::domain::LockoutPolicy {
            max_failures: self.max_failed_logins,
            lock_for: chrono::Duration::minutes(i64::from(self.lockout_minutes)),
        }
    }

    /// When an idle screen locks, in whole seconds (checked by `check`
    /// to be 0 or between 3 seconds and a day).
    pub fn idle_lock(&self) -> crate::domain::idle_lock::IdleLock {
        crate::domain::idle_lock::IdleLock {
            after_secs: (self.idle_lock_minutes * 60.0).round() as i64,
        }
    }
}

/// Whether to draw in colour. `NO_COLOR` in the environment wins over `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ColorMode {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    /// Ring the terminal bell when an urgent alert arrives.
    pub bell: bool,
    pub color: ColorMode,
    /// The organisation's interface language (`en`, `sw`, `fr`, `pt`, `es`,
    /// `ar`); a person's own choice, stored with the account, wins.
    pub language: String,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            bell: true,
            color: ColorMode::Auto,
            language: "en".into(),
        }
    }
}

impl UiConfig {
    /// The organisation's default language (checked by `check`, so an
    /// unknown code never gets this far from a loaded file).
    pub fn language(&self) -> crate::i18n::Language {
        crate::i18n::Language::from_code(&self.language).unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlertsConfig {
    /// An unacknowledged critical alert reaches every supervisor after
    /// this many minutes.
    pub escalate_after_minutes: u32,
}

impl Default for AlertsConfig {
    fn default() -> Self {
        AlertsConfig {
            escalate_after_minutes: 5,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct IntakeConfig {
    /// Country calling code (digits, e.g. "254") for phone numbers typed
    /// without one, so that 0722 123 456 and +254 722 123 456 match.
    /// Empty: numbers are matched as typed.
    pub default_country_code: String,
}

impl IntakeConfig {
    pub fn country_code(&self) -> Option<String> {
        let code = self.default_country_code.trim().trim_start_matches('+');
        (!code.is_empty()).then(|| code.to_string())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LogLevel {
    Error,
    Warn,
    #[default]
    Info,
    Debug,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct LoggingConfig {
    pub level: LogLevel,
    /// Log file; by default `helpline.log` in the data directory.
    pub file: Option<PathBuf>,
}

/// A configuration file that could not be used: one line naming the file,
/// the line and the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl Config {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read(path).map_err(|e| ConfigError {
            file: path.to_path_buf(),
            line: None,
            message: format!("cannot read the configuration: {}", io_reason(&e)),
        })?;
        let text = String::from_utf8(text).map_err(|_| ConfigError {
            file: path.to_path_buf(),
            line: None,
            message: "the configuration is not UTF-8 text".into(),
        })?;
        Self::parse(path, &text)
    }

    /// Parses configuration text; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of_offset(text, s.start));
            let key = line.and_then(|l| key_at_line(text, l));
            ConfigError {
                file: path.to_path_buf(),
                line,
                message: describe(key.as_deref(), e.message()),
            }
        })?;
        config
            .check()
            .map_err(|(table, key, message)| ConfigError {
                file: path.to_path_buf(),
                line: line_of_key(text, table, key),
                message: describe(Some(&join_key(table, key)), &message),
            })?;
        config.check_keys(path, text)?;
        Ok(config)
    }

    /// An error about a value that parsed but cannot be used (a log file
    /// that cannot be opened), placed at the line of the file that sets it.
    pub fn error_at_key(path: &Path, table: &str, key: &str, message: String) -> ConfigError {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        ConfigError {
            file: path.to_path_buf(),
            line: line_of_key(&text, table, key),
            message: describe(Some(&join_key(table, key)), &message),
        }
    }

    /// Range checks serde cannot express. Returns (table, key, message).
    fn check(&self) -> Result<(), (&str, &str, String)> {
        if self.database.busy_timeout_ms == 0 || self.database.busy_timeout_ms > 600_000 {
            return Err((
                "database",
                "busy_timeout_ms",
                "must be between 1 and 600000 (ms)".into(),
            ));
        }
        if !(1..=100).contains(&self.security.max_failed_logins) {
            return Err((
                "security",
                "max_failed_logins",
                "must be between 1 and 100".into(),
            ));
        }
        if !(1..=10_080).contains(&self.security.lockout_minutes) {
            return Err((
                "security",
                "lockout_minutes",
                "must be between 1 and 10080 (one week)".into(),
            ));
        }
        let idle = self.security.idle_lock_minutes;
        if !(idle == 0.0 || (0.05..=1440.0).contains(&idle)) {
            return Err((
                "security",
                "idle_lock_minutes",
                "must be 0 (never lock) or between 0.05 (3 seconds) and 1440 (one day)".into(),
            ));
        }
        if crate::i18n::Language::from_code(&self.ui.language).is_none() {
            return Err((
                "ui",
                "language",
                format!(
                    "`{}` is not a language helpline ships (one of {})",
                    crate::domain::safe_text::terminal_line(&self.ui.language, 20),
                    crate::i18n::Language::codes()
                ),
            ));
        }
        if !(1..=1440).contains(&self.alerts.escalate_after_minutes) {
            return Err((
                "alerts",
                "escalate_after_minutes",
                "must be between 1 and 1440 (one day)".into(),
            ));
        }
        let code = self
            .intake
            .default_country_code
            .trim()
            .trim_start_matches('+');
        if !(code.is_empty()
            || (1..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_digit()))
        {
            return Err((
                "intake",
                "default_country_code",
                "must be 1 to 3 digits, like \"254\", or empty".into(),
            ));
        }
        if let Err((key, message)) = self.response_times.check() {
            return Err(("response_times", key, message));
        }
        if let Err((key, message)) = self.directory.editors() {
            return Err(("directory", key, message));
        }
        if let Err((key, message)) = self.floor.check() {
            return Err(("floor", key, message));
        }
        if let Err((key, message)) = self.follow_up.rules() {
            return Err(("follow_up", key, message));
        }
        if let Err((key, message)) = self.retention.schedule() {
            return Err(("retention", key, message));
        }
        if let Err((key, message)) = self.wellbeing.policy() {
            return Err(("wellbeing", key, message));
        }
        if let Err((key, message)) = self.reports.threshold() {
            return Err(("reports", key, message));
        }
        Ok(())
    }

    /// Checks the `[keys.CONTEXT]` tables: each binding, and that the
    /// merged keymap still has a key for every essential action (quit, log
    /// out, save). Errors are placed at the binding's own line.
    fn check_keys(&self, path: &Path, text: &str) -> Result<(), ConfigError> {
        use crate::app::keymap::{Context, Keymap, check_binding};
        let fail = |line: Option<usize>, key: String, message: String| ConfigError {
            file: path.to_path_buf(),
            line,
            message: describe(Some(&key), &message),
        };
        for (context, bindings) in &self.keys {
            if Context::from_name(context).is_none() {
                // Any binding gives the message; the header is the line.
                if let Err(message) = check_binding(context, "q", "quit") {
                    return Err(fail(
                        line_of_key(text, "keys", context),
                        format!("keys.{context}"),
                        message,
                    ));
                }
            }
            for (key, action) in bindings {
                if let Err(message) = check_binding(context, key, action) {
                    return Err(fail(
                        line_of_binding(text, context, key),
                        format!("keys.{context}"),
                        format!("\"{key}\": {message}"),
                    ));
                }
            }
        }
        let keymap =
            Keymap::with_overrides(&self.keys).map_err(|m| fail(None, String::new(), m))?;
        if let Some((context, action, what)) = keymap.missing_essential() {
            let shipped = Keymap::shipped();
            // The override that took away the last key for the action.
            let culprit = [context, Context::Global]
                .into_iter()
                .flat_map(|ctx| {
                    let shipped = &shipped;
                    self.keys
                        .get(ctx.name())
                        .into_iter()
                        .flatten()
                        .filter(move |(key, _)| {
                            crate::app::keymap::KeySpec::parse(key).is_some_and(|spec| {
                                shipped
                                    .bindings(ctx)
                                    .iter()
                                    .any(|(k, a)| *k == spec && *a == action)
                            })
                        })
                        .map(move |(key, _)| (ctx, key.clone()))
                })
                .filter_map(|(ctx, key)| {
                    line_of_binding(text, ctx.name(), &key).map(|l| (l, ctx, key))
                })
                .max();
            let (line, ctx) = match culprit {
                Some((line, ctx, _)) => (Some(line), ctx),
                None => (line_of_key(text, "keys", context.name()), context),
            };
            return Err(fail(
                line,
                format!("keys.{}", ctx.name()),
                format!(
                    "no key is left to {what}: keep one bound to `{}` in [keys.{}] or [keys.global]",
                    action.name(),
                    context.name()
                ),
            ));
        }
        Ok(())
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn describe(key: Option<&str>, message: &str) -> String {
    let message = message.trim().trim_end_matches('\n');
    match key {
        Some(key) if !key.is_empty() => format!("key `{key}`: {message}"),
        _ => message.to_string(),
    }
}

fn join_key(table: &str, key: &str) -> String {
    if table.is_empty() {
        key.to_string()
    } else {
        format!("{table}.{key}")
    }
}

/// 1-based line of a byte offset.
fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The table header in force at a line, and the key written on it, joined
/// with a dot: `security.lockout_minutes`. For a header line, the table.
fn key_at_line(text: &str, line: usize) -> Option<String> {
    let mut table = String::new();
    for (i, raw) in text.lines().enumerate() {
        let l = raw.trim();
        if let Some(header) = table_header(l) {
            table = header;
            if i + 1 == line {
                return Some(table);
            }
            continue;
        }
        if i + 1 == line {
            let key = l.split('=').next()?.trim().trim_matches('"');
            return Some(join_key(&table, key));
        }
    }
    None
}

fn table_header(line: &str) -> Option<String> {
    let inner = line.strip_prefix('[')?;
    let end = inner.find(']')?;
    Some(inner[..end].trim_matches(['[', ' ']).to_string())
}

/// The line of the binding `key` in `[keys.CONTEXT]` (as `"x" = ...` or
/// `x = ...`), else the line that opens that context's bindings.
fn line_of_binding(text: &str, context: &str, key: &str) -> Option<usize> {
    let table = format!("keys.{context}");
    let mut current = String::new();
    for (i, raw) in text.lines().enumerate() {
        let l = raw.trim();
        if let Some(header) = table_header(l) {
            current = header;
            continue;
        }
        let Some((written, _)) = l.split_once('=') else {
            continue;
        };
        let written = written.trim();
        let bare = written.trim_matches(['"', '\'']);
        let dotted = format!("{context}.{key}");
        let full = format!("keys.{context}.{key}");
        let quoted = [
            format!("{context}.\"{key}\""),
            format!("keys.{context}.\"{key}\""),
        ];
        if current == table && bare == key
            || current == "keys" && (written == dotted || quoted[0] == written)
            || current.is_empty() && (written == full || quoted[1] == written)
        {
            return Some(i + 1);
        }
    }
    line_of_key(text, "keys", context)
}

/// The line where `key` is set inside `[table]` (or where `[table.key]`
/// starts), for messages about values that parsed but are out of range.
fn line_of_key(text: &str, table: &str, key: &str) -> Option<usize> {
    let mut current = String::new();
    let full = join_key(table, key);
    for (i, raw) in text.lines().enumerate() {
        let l = raw.trim();
        if let Some(header) = table_header(l) {
            if header == full {
                return Some(i + 1);
            }
            current = header;
            continue;
        }
        let written = l.split('=').next().unwrap_or("").trim().trim_matches('"');
        if l.contains('=')
            && (current == table && written == key || current.is_empty() && written == full)
        {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("/etc/helpline.toml"), text)
    }

    #[test]
    fn empty_text_gives_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let err = parse("[database]\nbusy_timeout_ms = 10\nbusy_timout = 3\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        let text = err.to_string();
        assert!(
            text.starts_with("/etc/helpline.toml:3: key `database.busy_timout`"),
            "{text}"
        );
    }

    #[test]
    fn the_language_is_one_helpline_ships() {
        assert_eq!(
            parse("[ui]\nlanguage = \"sw\"\n").unwrap().ui.language(),
            crate::i18n::Language::Sw
        );
        assert_eq!(Config::default().ui.language(), crate::i18n::Language::En);
        let err = parse("[ui]\nbell = true\nlanguage = \"xx\"\n").unwrap_err();
        assert_eq!(err.line, Some(3));
        let text = err.to_string();
        assert!(text.contains("ui.language"), "{text}");
        assert!(text.contains("en, sw, fr, pt, es, ar"), "{text}");
    }

    #[test]
    fn bad_value_type_names_the_key() {
        let err = parse("[security]\nlockout_minutes = \"ten\"\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(
            err.to_string().contains("security.lockout_minutes"),
            "{err}"
        );
    }

    #[test]
    fn the_idle_lock_takes_whole_minutes_fractions_or_zero() {
        let secs = |text: &str| parse(text).map(|c| c.security.idle_lock().after_secs);
        assert_eq!(secs("").unwrap(), 300);
        assert_eq!(secs("[security]\nidle_lock_minutes = 10\n").unwrap(), 600);
        assert_eq!(secs("[security]\nidle_lock_minutes = 0.5\n").unwrap(), 30);
        assert_eq!(secs("[security]\nidle_lock_minutes = 0\n").unwrap(), 0);
        for bad in ["-1", "0.01", "1441", "nan", "\"5m\""] {
            let err = secs(&format!("[security]\nidle_lock_minutes = {bad}\n")).unwrap_err();
            assert_eq!(err.line, Some(2), "{bad}");
            assert!(
                err.to_string().contains("security.idle_lock_minutes"),
                "{err}"
            );
        }
    }

    #[test]
    fn out_of_range_value_names_the_key() {
        let err = parse("# c\n[security]\n\nmax_failed_logins = 0\n").unwrap_err();
        assert_eq!(err.line, Some(4));
        assert!(
            err.to_string().contains("security.max_failed_logins"),
            "{err}"
        );
    }

    #[test]
    fn default_response_times_are_the_reference_ones() {
        assert_eq!(
            Config::default().response_times.response_times(),
            crate::domain::ResponseTimes::default()
        );
    }

    #[test]
    fn response_times_are_range_checked_naming_the_key() {
        let cases = [
            (
                "case_high_hours = 3000",
                2,
                "response_times.case_high_hours",
                "between 0 and 2160",
            ),
            (
                "assign_urgent_minutes = 0",
                2,
                "response_times.assign_urgent_minutes",
                "between 1 and 10080",
            ),
            (
                "referral_critical_hours = 0",
                2,
                "response_times.referral_critical_hours",
                "between 1 and 2160",
            ),
            (
                "\nreferral_high_hours = 100",
                3,
                "response_times.referral_high_hours",
                "not be longer than referral_medium_hours",
            ),
            (
                "no_contact_close_days = 0",
                2,
                "response_times.no_contact_close_days",
                "between 1 and 365",
            ),
        ];
        for (line, at, key, message) in cases {
            let err = parse(&format!("[response_times]\n{line}\n")).unwrap_err();
            assert_eq!(err.line, Some(at), "{err}");
            let text = err.to_string();
            assert!(text.contains(key) && text.contains(message), "{text}");
        }
        let ok =
            parse("[response_times]\nreferral_critical_hours = 2\nassign_other_minutes = 120\n")
                .unwrap();
        let times = ok.response_times.response_times();
        assert_eq!(times.referral_due.critical, chrono::Duration::hours(2));
        assert_eq!(times.assign_other, chrono::Duration::minutes(120));
    }

    #[test]
    fn a_bad_binding_names_its_own_line() {
        let text = "[keys.shell]\n\"x\" = \"pane_cases\"\n\"y\" = \"launch\"\n";
        let err = parse(text).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.to_string().contains("unknown action `launch`"), "{err}");
        let err = parse("[keys]\nshell.qq = \"quit\"\n").unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        let err = parse("[keys.shel]\n\"x\" = \"quit\"\n").unwrap_err();
        assert_eq!(err.line, Some(1), "{err}");
    }

    #[test]
    fn a_keymap_with_no_way_to_quit_or_save_is_refused() {
        let text = "[keys.global]\n\"ctrl-c\" = \"none\"\n\n[keys.shell]\n\"x\" = \"pane_cases\"\n\"q\" = \"help\"\n";
        let err = parse(text).unwrap_err();
        assert_eq!(err.line, Some(6), "{err}");
        assert!(
            err.to_string()
                .contains("key `keys.shell`: no key is left to quit from the main screen"),
            "{err}"
        );
        // One quit key is enough.
        assert!(parse("[keys.shell]\n\"q\" = \"none\"\n").is_ok());
        let err = parse("[keys.editor]\n\"ctrl-s\" = \"none\"\n\"f2\" = \"none\"\n").unwrap_err();
        assert!(err.to_string().contains("save a note"), "{err}");
        assert_eq!(err.line, Some(3), "{err}");
    }

    #[test]
    fn retention_keys_are_optional_and_bad_values_name_the_key() {
        assert!(
            parse("").unwrap().retention.schedule().unwrap().is_empty(),
            "absent keeps forever"
        );
        let ok = parse("[retention]\ndrafts_days = 30\naudit_keep_years = 10\n").unwrap();
        let schedule = ok.retention.schedule().unwrap();
        assert_eq!(schedule.drafts_days, Some(30));
        assert_eq!(schedule.anonymise_closed_after_years, None);
        for (line, key) in [
            ("drafts_days = 0", "retention.drafts_days"),
            (
                "anonymise_closed_after_years = 500",
                "retention.anonymise_closed_after_years",
            ),
            ("audit_keep_years = -1", "retention.audit_keep_years"),
            ("audit_keep_years = \"ten\"", "retention.audit_keep_years"),
            ("keep_forever = true", "retention.keep_forever"),
        ] {
            let err = parse(&format!("[retention]\n{line}\n")).unwrap_err();
            assert_eq!(err.line, Some(2), "{err}");
            assert!(err.to_string().contains(key), "{err}");
        }
    }

    #[test]
    fn unknown_section_is_refused() {
        let err = parse("[datbase]\npath = \"x\"\n").unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(err.to_string().contains("datbase"), "{err}");
    }
}
