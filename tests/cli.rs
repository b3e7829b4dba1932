//! The command line, run as a user would: the real binary, real files.

mod common;

use common::*;
use std::path::Path;

/// The line of each invalid fixture that holds its mistake, and the key named.
const INVALID: &[(&str, usize, &str)] = &[
    ("unknown_key.toml", 3, "security.lockout_minuts"),
    ("bad_value.toml", 2, "ui.color"),
    ("out_of_range.toml", 2, "database.busy_timeout_ms"),
    ("bad_key_binding.toml", 2, "launch_rockets"),
    ("no_quit_key.toml", 6, "no key is left to quit"),
    ("not_toml.toml", 1, ""),
    ("log_file_in_missing_folder.toml", 3, "logging.file"),
    ("idle_lock_too_short.toml", 2, "security.idle_lock_minutes"),
    (
        "response_times_order.toml",
        2,
        "response_times.case_high_hours",
    ),
    ("retention_zero_years.toml", 3, "retention.audit_keep_years"),
    ("unknown_language.toml", 2, "ui.language"),
    (
        "reports_threshold_one.toml",
        2,
        "reports.small_count_threshold",
    ),
];

#[test]
fn the_example_config_is_the_defaults() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.example.toml");
    let mut config = helpline::config::Config::load(&path).unwrap();
    // The example shows an empty [keys.shell] table to document it.
    config.keys.retain(|_, bindings| !bindings.is_empty());
    assert_eq!(config, helpline::config::Config::default());
}

#[test]
fn every_valid_config_fixture_is_accepted_by_the_binary() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/configs/valid");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let (home, db) = temp_db();
        drop(open(&db));
        let out = helpline(home.path())
            .args([
                "--config",
                path.to_str().unwrap(),
                "--db",
                db.to_str().unwrap(),
            ])
            .args(["user", "list"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}: {}", path.display(), stderr(&out));
    }
}

#[test]
fn every_invalid_config_fixture_is_refused_naming_file_line_and_key() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/configs/invalid");
    let count = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(count, INVALID.len(), "every fixture needs an expectation");
    for (file, line, key) in INVALID {
        let path = dir.join(file);
        let (home, db) = temp_db();
        let out = helpline(home.path())
            .args([
                "--config",
                path.to_str().unwrap(),
                "--db",
                db.to_str().unwrap(),
            ])
            .args(["user", "list"])
            .output()
            .unwrap();
        let err = stderr(&out);
        assert!(!out.status.success(), "{file} was accepted");
        assert_eq!(
            err.lines().count(),
            1,
            "{file}: one line expected, got {err}"
        );
        assert!(
            err.contains(&format!("{}:{line}", path.display())),
            "{file}: {err}"
        );
        assert!(err.contains(key), "{file}: {err}");
        assert!(!err.contains("panicked"), "{file}: {err}");
        assert!(
            !db.exists(),
            "{file}: the database was created despite the bad config"
        );
    }
}

#[test]
fn users_can_be_added_listed_disabled_and_unlocked() {
    let (home, db) = temp_db();
    let db_arg = db.to_str().unwrap();
    let mut add = helpline(home.path());
    add.args([
        "--db",
        db_arg,
        "user",
        "add",
        "amina",
        "--role",
        "caseworker",
    ]);
    let out = run_with_input(add, "a long password\n");
    assert!(out.status.success(), "{}", stderr(&out));

    let mut short = helpline(home.path());
    short.args([
        "--db", db_arg, "user", "add", "baraka", "--role", "operator",
    ]);
    let out = run_with_input(short, "short\n");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("at least 12 characters"),
        "{}",
        stderr(&out)
    );

    let mut bad_role = helpline(home.path());
    bad_role.args(["--db", db_arg, "user", "add", "chidi", "--role", "boss"]);
    let out = run_with_input(bad_role, "a long password\n");
    assert!(stderr(&out).contains("unknown role"), "{}", stderr(&out));

    let list = |home: &Path| {
        let out = helpline(home)
            .args(["--db", db_arg, "user", "list"])
            .output()
            .unwrap();
        stdout(&out)
    };
    let listed = list(home.path());
    assert!(
        listed.contains("amina") && listed.contains("caseworker") && listed.contains("active"),
        "{listed}"
    );
    assert!(!listed.contains("baraka"), "{listed}");

    let out = helpline(home.path())
        .args(["--db", db_arg, "user", "disable", "amina"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(list(home.path()).contains("disabled"));

    let out = helpline(home.path())
        .args(["--db", db_arg, "user", "disable", "nobody"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("user not found"), "{}", stderr(&out));
}

#[test]
fn an_accounts_language_is_set_by_name_and_checked() {
    let (home, db) = temp_db();
    let mut store = open(&db);
    let amina = add_user(
        &mut store,
        "amina",
        helpline::domain::Role::Operator,
        "correct horse battery",
    );
    drop(store);
    let db_arg = db.to_str().unwrap();
    let set = helpline(home.path())
        .args(["--db", db_arg, "user", "language", "amina", "sw"])
        .output()
        .unwrap();
    assert!(set.status.success(), "{}", stderr(&set));
    assert!(stdout(&set).contains("Kiswahili"), "{}", stdout(&set));
    assert_eq!(
        open(&db).user_language(amina).unwrap(),
        Some(helpline::i18n::Language::Sw)
    );

    let bad = helpline(home.path())
        .args(["--db", db_arg, "user", "language", "amina", "xx"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("en, sw, fr, pt, es, ar"),
        "{}",
        stderr(&bad)
    );
    assert_eq!(
        open(&db).user_language(amina).unwrap(),
        Some(helpline::i18n::Language::Sw),
        "a refused language changes nothing"
    );

    let back = helpline(home.path())
        .args(["--db", db_arg, "user", "language", "amina", "default"])
        .output()
        .unwrap();
    assert!(back.status.success(), "{}", stderr(&back));
    assert_eq!(open(&db).user_language(amina).unwrap(), None);
}

#[test]
fn init_creates_the_first_admin_once() {
    let (home, db) = temp_db();
    let db_arg = db.to_str().unwrap();
    let mut init = helpline(home.path());
    init.args(["--db", db_arg, "init", "--admin", "root-admin"]);
    let out = run_with_input(init, "a long password\n");
    assert!(out.status.success(), "{}", stderr(&out));
    let store = open(&db);
    let users = store.list_users().unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].user.role, helpline::domain::Role::Admin);
    drop(store);

    let mut again = helpline(home.path());
    again.args(["--db", db_arg, "init", "--admin", "other"]);
    let out = run_with_input(again, "a long password\n");
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("already has accounts"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn bad_database_files_give_one_clear_line() {
    let (home, db) = temp_db();
    std::fs::write(&db, "not a database at all, just some text".repeat(100)).unwrap();
    let out = helpline(home.path())
        .args(["--db", db.to_str().unwrap(), "user", "list"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is not a helpline database"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stderr(&out).lines().count(), 1);

    let missing = home.path().join("nowhere").join("x.db");
    let out = helpline(home.path())
        .args(["--db", missing.to_str().unwrap(), "user", "list"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
}

#[test]
fn the_tui_refuses_to_start_without_a_terminal() {
    let (home, db) = temp_db();
    let out = helpline(home.path())
        .args(["--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("needs a terminal"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn doctor_checks_a_healthy_database() {
    let (home, db) = temp_db();
    let mut store = open(&db);
    add_user(
        &mut store,
        "amina",
        helpline::domain::Role::Admin,
        "a long password",
    );
    drop(store);
    let out = helpline(home.path())
        .args(["--db", db.to_str().unwrap(), "doctor"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    assert!(text.contains("integrity check passed"), "{text}");
    assert!(text.contains("WAL"), "{text}");
    assert!(text.contains("mode 600"), "{text}");
    // Every shipped catalog, with its coverage of the English messages.
    for code in ["(en)", "(sw)", "(fr)", "(pt)", "(es)", "(ar)"] {
        let line = text
            .lines()
            .find(|l| l.contains("catalog") && l.contains(code))
            .unwrap_or_else(|| panic!("no catalog line for {code}: {text}"));
        assert!(line.starts_with("ok"), "{line}");
        assert!(line.contains(" messages"), "{line}");
    }
}

#[test]
fn doctor_warns_about_loose_permissions_and_missing_files() {
    use std::os::unix::fs::PermissionsExt;
    let (home, db) = temp_db();
    drop(open(&db));
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = helpline(home.path())
        .args(["--db", db.to_str().unwrap(), "doctor"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("chmod 600"), "{}", stdout(&out));

    let missing = home.path().join("missing.db");
    let out = helpline(home.path())
        .args(["--db", missing.to_str().unwrap(), "doctor"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(!missing.exists());
}

#[test]
fn every_command_has_help() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["init", "--help"],
        vec!["user", "--help"],
        vec!["user", "add", "--help"],
        vec!["demo", "--help"],
        vec!["doctor", "--help"],
        vec!["services", "--help"],
        vec!["services", "import", "--help"],
        vec!["services", "export", "--help"],
    ] {
        let out = helpline(home.path()).args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(stdout(&out).contains("Usage"), "{args:?}");
    }
}

#[test]
fn an_organisations_bad_instrument_is_named_by_doctor_and_at_start() {
    let (home, db) = temp_db();
    drop(open(&db));
    let config_dir = home.path().join("etc");
    std::fs::create_dir_all(config_dir.join("instruments")).unwrap();
    let config = config_dir.join("config.toml");
    std::fs::write(&config, "").unwrap();
    std::fs::write(
        config_dir.join("instruments/local_screen.toml"),
        "id = \"local\"\nversion = 1\ntitle = \"Local\"\ncredit = \"us\"\ndescription = \"x\"\n\n[[items]]\nid = \"q1\"\nlabel = \"Q\"\ntext = \"Q?\"\nhelp = \"\"\nkind = \"maybe\"\n",
    )
    .unwrap();
    let args = [
        "--config",
        config.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ];
    let out = helpline(home.path())
        .args(args)
        .arg("doctor")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stdout(&out).contains("local_screen.toml"),
        "{}",
        stdout(&out)
    );
    let out = helpline(home.path()).args(args).output().unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("local_screen.toml"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
}

#[test]
fn an_organisations_bad_workflow_is_named_by_doctor_and_at_start() {
    let (home, db) = temp_db();
    drop(open(&db));
    let config_dir = home.path().join("etc");
    std::fs::create_dir_all(&config_dir).unwrap();
    let config = config_dir.join("config.toml");
    std::fs::write(&config, "").unwrap();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/workflow/invalid/unknown_reason_code.toml");
    std::fs::copy(&fixture, config_dir.join("workflow.toml")).unwrap();
    let args = [
        "--config",
        config.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ];
    let out = helpline(home.path())
        .args(args)
        .arg("doctor")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.contains("workflow.toml"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.starts_with("FAIL") && line.contains("graduated"),
        "{text}"
    );
    let out = helpline(home.path()).args(args).output().unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("workflow.toml"), "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    // A good override is reported as such.
    let good = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/workflow/valid/no_skips_three_reasons.toml");
    std::fs::copy(&good, config_dir.join("workflow.toml")).unwrap();
    let out = helpline(home.path())
        .args(args)
        .arg("doctor")
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("case workflow (3 closure reasons)"),
        "{}",
        stdout(&out)
    );
}

/// The file's bytes and modification time, to show a command left it alone.
fn fingerprint(path: &Path) -> (Vec<u8>, std::time::SystemTime) {
    let bytes = std::fs::read(path).unwrap();
    let modified = std::fs::metadata(path).unwrap().modified().unwrap();
    (bytes, modified)
}

#[test]
fn read_only_commands_refuse_a_missing_database_and_create_nothing() {
    let home = tempfile::tempdir().unwrap();
    let mistyped = home.path().join("helpline.dbb");
    for args in [
        vec!["user", "list"],
        vec!["services", "export"],
        vec!["doctor"],
        vec!["user", "disable", "amina"],
    ] {
        let out = helpline(home.path())
            .args(["--db", mistyped.to_str().unwrap()])
            .args(&args)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(err.contains("does not exist"), "{args:?}: {err}");
        assert!(err.contains(mistyped.to_str().unwrap()), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            !mistyped.exists(),
            "{args:?} created {}",
            mistyped.display()
        );
    }
}

#[test]
fn read_only_commands_leave_the_database_file_unchanged() {
    let (home, db) = temp_db();
    let mut store = open(&db);
    add_user(
        &mut store,
        "amina",
        helpline::domain::Role::Admin,
        "a long password",
    );
    drop(store);
    let before = fingerprint(&db);
    // A coarse file-system clock could hide a write made within the same tick.
    std::thread::sleep(std::time::Duration::from_millis(20));
    for args in [
        vec!["user", "list"],
        vec!["services", "export"],
        vec!["doctor"],
    ] {
        let out = helpline(home.path())
            .args(["--db", db.to_str().unwrap()])
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(fingerprint(&db) == before, "{args:?} changed the database");
    }
}

#[test]
fn doctor_neither_migrates_nor_switches_the_journal_of_the_file_it_checks() {
    use helpline::store::{Store, StoreOptions};
    // A database as an earlier release left it, in rollback-journal mode.
    let (home, db) = temp_db();
    drop(Store::open_at_version(&db, &StoreOptions::default(), 1).unwrap());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    drop(conn);
    let before = fingerprint(&db);
    std::thread::sleep(std::time::Duration::from_millis(20));

    let out = helpline(home.path())
        .args(["--db", db.to_str().unwrap(), "doctor"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("journal mode is delete, not WAL"), "{text}");
    assert!(text.contains("schema version 1"), "{text}");
    assert!(fingerprint(&db) == before, "doctor changed the database");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);

    // Listing users needs the current schema and says how to get it.
    let out = helpline(home.path())
        .args(["--db", db.to_str().unwrap(), "user", "list"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("schema version 1"),
        "{}",
        stderr(&out)
    );
    assert!(fingerprint(&db) == before, "user list changed the database");
}

#[test]
fn a_read_only_folder_is_named_as_the_folder_not_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let folder = home.path().join("data");
    std::fs::create_dir(&folder).unwrap();
    let db = folder.join("helpline.db");
    drop(open(&db));
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/services/good.csv");
    // The database file stays writable; only the folder is not.
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let mut cmd = as_unprivileged_user(home.path(), &[&db]);
    cmd.args(["--db", db.to_str().unwrap(), "services", "import"])
        .arg(&csv);
    let out = cmd.output().unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains(&format!("the folder {} is not writable", folder.display())),
        "{err}"
    );
    assert!(err.contains("helpline.db-wal"), "{err}");
    assert!(!err.contains("is read-only for this user"), "{err}");
}

/// The binary as an account without root's power to write anywhere: when
/// the tests run as root (as in containers), through setpriv as `nobody`,
/// with `files` handed to that account.
fn as_unprivileged_user(home: &Path, files: &[&Path]) -> std::process::Command {
    let root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    if !root {
        return helpline(home);
    }
    let user_home = home.join("nobody-home");
    std::fs::create_dir_all(&user_home).unwrap();
    std::os::unix::fs::chown(&user_home, Some(65534), Some(65534)).unwrap();
    for file in files {
        std::os::unix::fs::chown(file, Some(65534), Some(65534)).unwrap();
    }
    let mut cmd = std::process::Command::new("setpriv");
    cmd.args([
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        env!("CARGO_BIN_EXE_helpline"),
    ])
    .env("HOME", &user_home)
    .env_remove("HELPLINE_DB")
    .env_remove("HELPLINE_CONFIG")
    .env_remove("XDG_DATA_HOME")
    .env_remove("XDG_CONFIG_HOME");
    cmd
}

#[test]
fn a_log_file_that_cannot_be_written_stops_helpline_with_one_clear_line() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/configs/invalid");
    let config = dir.join("log_file_in_missing_folder.toml");
    let (home, db) = temp_db();
    drop(open(&db));
    let out = helpline(home.path())
        .args([
            "--config",
            config.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .args(["user", "list"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(
        !out.status.success(),
        "ran without its log: {}",
        stdout(&out)
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot write the log file /nonexistent-helpline-folder/helpline.log")
            && err.contains("the folder /nonexistent-helpline-folder does not exist"),
        "{err}"
    );

    // A folder given as the log file is refused the same way.
    let as_folder = home.path().join("config.toml");
    std::fs::write(
        &as_folder,
        format!("[logging]\nfile = \"{}\"\n", home.path().display()),
    )
    .unwrap();
    let out = helpline(home.path())
        .args([
            "--config",
            as_folder.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .args(["user", "list"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("it is a folder"), "{}", stderr(&out));
}

#[test]
fn completions_are_generated_for_every_shell_from_the_real_commands() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = helpline(home.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for word in [
            "helpline",
            "demo",
            "services",
            "completions",
            "cases",
            "team",
        ] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
    let bash = helpline(home.path())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    let file = home.path().join("helpline.bash");
    std::fs::write(&file, &bash.stdout).unwrap();
    // The script is valid bash, where bash is installed.
    if let Ok(check) = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
    {
        assert!(check.status.success(), "{}", stderr(&check));
    }
    let unknown = helpline(home.path())
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("bash"), "{}", stderr(&unknown));
}

#[test]
fn the_man_page_is_roff_with_a_section_for_every_command() {
    let home = tempfile::tempdir().unwrap();
    let out = helpline(home.path()).arg("man").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{page:.200}"
    );
    assert!(page.contains(".TH helpline 1"), "{page:.300}");
    for section in [
        "HELPLINE INIT",
        "HELPLINE USER ADD",
        "HELPLINE DEMO",
        "HELPLINE SERVICES IMPORT",
        "HELPLINE DOCTOR",
        "HELPLINE COMPLETIONS",
        "HELPLINE MAN",
    ] {
        assert!(page.contains(section), "no section {section}");
    }
    assert!(
        page.contains("\\-\\-team"),
        "user add --team is in the manual"
    );
    assert!(!page.contains("LOADTEST\\-WORKER") && !page.contains("LOADTEST-WORKER"));
}

#[test]
fn completions_and_manual_need_no_configuration() {
    let home = tempfile::tempdir().unwrap();
    let broken = home.path().join("broken.toml");
    std::fs::write(&broken, "this is = = not toml").unwrap();
    for args in [vec!["completions", "bash"], vec!["man"]] {
        let out = helpline(home.path())
            .env("HELPLINE_CONFIG", &broken)
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(!out.stdout.is_empty());
    }
}

#[test]
fn doctor_warns_of_a_risk_rule_an_organisations_reasons_switch_off() {
    let (home, db) = temp_db();
    drop(open(&db));
    let config_dir = home.path().join("etc");
    std::fs::create_dir_all(config_dir.join("forms")).unwrap();
    let config = config_dir.join("config.toml");
    std::fs::write(&config, "").unwrap();
    // A shorter reasons taxonomy with no suicide or self-harm reasons.
    std::fs::copy(
        "tests/fixtures/forms/valid/org_reasons.toml",
        config_dir.join("forms/org_reasons.toml"),
    )
    .unwrap();
    let out = helpline(home.path())
        .args(["--config", config.to_str().unwrap()])
        .args(["--db", db.to_str().unwrap(), "doctor"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("warn")
            && text.contains("suicidal thoughts")
            && text.contains("never applies"),
        "{text}"
    );
    // The rules whose reasons remain still apply: no failure for them.
    assert!(!text.contains("FAIL  form"), "{text}");
}

#[test]
fn names_and_messages_never_send_the_terminal_a_control_sequence() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("helpline.db");
    let mut store = open(&db);
    add_user(
        &mut store,
        "amina",
        helpline::domain::Role::Caseworker,
        "a long password",
    );
    // A team name written before names were checked (or by hand).
    drop(store);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE users SET team = ?1 WHERE username = 'amina'",
            ["North\u{1b}]0;owned\u{7}\u{1b}]52;c;aGk=\u{7}"],
        )
        .unwrap();
    let out = helpline(home.path())
        .args(["--db", db.to_str().unwrap(), "user", "list"])
        .output()
        .unwrap();
    let listed = stdout(&out);
    assert!(
        listed.contains("amina") && listed.contains("North"),
        "{listed}"
    );
    assert!(
        !listed.contains('\u{1b}') && !listed.contains('\u{7}'),
        "{listed:?}"
    );
    // A message that quotes what was typed (an unknown role) is safe too.
    let mut bad = helpline(home.path());
    bad.args([
        "--db",
        db.to_str().unwrap(),
        "user",
        "add",
        "chidi",
        "--role",
        "boss\u{1b}[2J",
    ]);
    let out = run_with_input(bad, "a long password\n");
    let err = stderr(&out);
    assert!(err.contains("unknown role"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn user_add_refuses_a_look_alike_name_before_asking_for_a_password() {
    let (home, db) = temp_db();
    let db_arg = db.to_str().unwrap();
    let mut add = helpline(home.path());
    add.args([
        "--db",
        db_arg,
        "user",
        "add",
        "operator1",
        "--role",
        "operator",
    ]);
    let out = run_with_input(add, "a long password\n");
    assert!(out.status.success(), "{}", stderr(&out));

    for (name, display) in [("operatorl", None), ("baraka", Some("OPERATOR1"))] {
        let mut add = helpline(home.path());
        add.args(["--db", db_arg, "user", "add", name, "--role", "operator"]);
        if let Some(display) = display {
            add.args(["--display-name", display]);
        }
        // No password on standard input: the refusal comes first.
        let out = run_with_input(add, "");
        assert!(!out.status.success());
        let err = stderr(&out);
        assert!(
            err.contains("looks like the existing account `operator1`"),
            "{name}: {err}"
        );
        assert!(!err.contains("password"), "{name}: {err}");
    }

    let mut spaced = helpline(home.path());
    spaced.args([
        "--db",
        db_arg,
        "user",
        "add",
        "amina wanjiru",
        "--role",
        "operator",
    ]);
    let out = run_with_input(spaced, "a long password\n");
    assert!(
        stderr(&out).contains("letters of one alphabet, digits, '.', '_' or '-'"),
        "{}",
        stderr(&out)
    );
    let listed = stdout(
        &helpline(home.path())
            .args(["--db", db_arg, "user", "list"])
            .output()
            .unwrap(),
    );
    assert_eq!(listed.lines().count(), 1, "{listed}");
}
