//! Command-line interface (clap). `helpline` alone opens the terminal UI.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "helpline",
    version,
    about = "Case management for child-protection and gender-based-violence helplines",
    long_about = "Case management for child-protection and gender-based-violence helplines.\n\n\
        Run without a command to open the terminal application. The database path comes from \
        --db, then HELPLINE_DB, then the config file, then the platform data directory."
)]
pub struct Cli {
    /// Database file (created with mode 0600 on first use).
    #[arg(long, global = true, env = "HELPLINE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Configuration file (TOML); see config.example.toml.
    #[arg(long, global = true, env = "HELPLINE_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Open the demo database, creating it with synthetic data on first use.
    #[arg(long, conflicts_with = "db")]
    pub demo: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `helpline audit …`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Print the hash of the audit log's last row, to keep somewhere else
    /// (a ticket, a printout) and check later with `doctor --seal HASH`.
    Seal,
    /// List audit lines, newest first, filtered by person, case, action
    /// and period; `--csv FILE` writes them as CSV instead (the export is
    /// itself audited).
    List {
        /// Only what this account did (its user name).
        #[arg(long)]
        user: Option<String>,
        /// Only lines about this case (its number, e.g. HL-2026-000123).
        #[arg(long)]
        case: Option<String>,
        /// Only this action, e.g. case_viewed, glass_broken, cases_searched.
        #[arg(long)]
        action: Option<String>,
        /// From this day on (YYYY-MM-DD, UTC).
        #[arg(long)]
        since: Option<String>,
        /// Up to and including this day (YYYY-MM-DD, UTC).
        #[arg(long)]
        until: Option<String>,
        /// At most this many lines.
        #[arg(long, default_value_t = 200)]
        limit: u32,
        /// Write CSV to this file (`-` for standard output).
        #[arg(long)]
        csv: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database and its first admin account.
    Init {
        /// The admin's user name (asked for when not given).
        #[arg(long)]
        admin: Option<String>,
    },
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Create a database filled with realistic synthetic data and demo logins.
    Demo {
        /// How many cases to create.
        #[arg(long, default_value_t = 2000)]
        cases: u64,
        /// Seed for the synthetic data (same seed, same data).
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Import or export the service directory as CSV.
    #[command(subcommand)]
    Services(ServicesCommand),
    /// Check the database: integrity, schema version, WAL mode, file
    /// permissions, whether it sits on a network filesystem, and the audit
    /// log's hash chain.
    Doctor {
        /// A head hash printed earlier by `helpline audit seal`: the check
        /// fails unless the chain still runs through it.
        #[arg(long, value_name = "HASH")]
        seal: Option<String>,
    },
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Apply the retention schedule of the configuration (`[retention]`):
    /// delete old drafts, anonymise old closed cases, delete old audit rows.
    /// Without `apply` (or with --dry-run) it only lists what would change:
    /// counts per kind and the numbers of the cases, never names.
    Retention {
        /// List what would change and change nothing (the default).
        #[arg(long)]
        dry_run: bool,
        #[command(subcommand)]
        action: Option<RetentionCommand>,
    },
    /// A person's request to have their data anonymised: a supervisor asks,
    /// another person who is an admin approves, and it is carried out.
    #[command(subcommand)]
    Request(RequestCommand),
    /// Print one report of the Reports pane (supervisors and admins).
    #[command(after_help = REPORT_NAMES_HELP)]
    Report {
        /// Which report (see the list below).
        name: String,
        /// First day, YYYY-MM-DD (UTC days). Default: the first of this month.
        #[arg(long)]
        from: Option<String>,
        /// Last day, YYYY-MM-DD, included. Default: today.
        #[arg(long)]
        to: Option<String>,
        /// Only this team's contacts and cases. Default: every team.
        #[arg(long)]
        team: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// The supervisor or admin asking (password on standard input).
        #[arg(long = "as", value_name = "USER")]
        as_user: String,
    },
    /// Write a standard aggregate export as CSV, small counts suppressed.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Load test: run many operator processes against one database (given
    /// with --db; demo data is created when it is empty) and report commit
    /// latency, lock waits and errors, then check every reported write.
    Loadtest {
        /// How many operator processes to run at once.
        #[arg(long, default_value_t = 50)]
        operators: u32,
        /// How long they work.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        /// `realistic`: a draft saved each second while typing, an intake
        /// each minute, reads between; `max`: as fast as they can go.
        #[arg(long, value_enum, default_value_t = Pace::Realistic)]
        pace: Pace,
        /// Demo cases to create when the database is empty.
        #[arg(long, default_value_t = 2000)]
        cases: u64,
    },
    /// Write an encrypted copy of the database given with --db into a new
    /// file (builds with `--features sqlcipher`). The key comes from
    /// HELPLINE_DB_KEY or `[database] key_file`, never from the command
    /// line. Stop helpline first; the original is left as it is.
    Encrypt {
        /// The new, encrypted file (mode 0600; an existing file is refused).
        #[arg(long, value_name = "NEW.db")]
        out: PathBuf,
    },
    /// Write a plain (unencrypted) copy of the encrypted database given with
    /// --db into a new file, reading it with the configured key.
    Decrypt {
        /// The new, plain file (mode 0600; an existing file is refused).
        #[arg(long, value_name = "NEW.db")]
        out: PathBuf,
    },
    /// Print shell completions for SHELL to standard output, e.g.
    /// `helpline completions bash > ~/.local/share/bash-completion/completions/helpline`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output, e.g.
    /// `helpline man > ~/.local/share/man/man1/helpline.1`.
    Man,
    /// One operator process of a load test (started by `loadtest`).
    #[command(hide = true)]
    LoadtestWorker {
        /// Which operator account: operator1, operator2, … (wrapping at 30).
        #[arg(long)]
        operator: u32,
        /// How long to work, from the start time.
        #[arg(long)]
        seconds: u64,
        /// How fast to work.
        #[arg(long, value_enum)]
        pace: Pace,
        /// Wall-clock start, in Unix milliseconds, so all begin together.
        #[arg(long)]
        start_at_ms: i64,
    },
}

/// `helpline retention …`.
const REPORT_NAMES_HELP: &str = "Reports: channels, types, categories, hours, answered, \
handle-time, timings, overdue-referrals, follow-ups, closures, caseload. \
Periods are whole UTC days; overdue-referrals and caseload are as of now.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Child Helpline International annual data: contacts by channel and
    /// type, reasons by category and subcategory, the child's age group
    /// and gender.
    Chi {
        #[arg(long)]
        year: i32,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long = "as", value_name = "USER")]
        as_user: String,
    },
    /// GBVIMS monthly statistics: incidents by type, survivors by sex and
    /// age group, referrals by service type, time from incident to report.
    Gbvims {
        /// The month, YYYY-MM.
        #[arg(long)]
        month: String,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long = "as", value_name = "USER")]
        as_user: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// Do it, in small batches (each its own short transaction, audited
    /// with counts only). Run again after an interruption to finish.
    Apply,
}

/// `helpline request …`. The acting account is named with --as and its
/// password read without echo (or one line from standard input).
#[derive(Debug, Subcommand)]
pub enum RequestCommand {
    /// Ask for the cases of a person to be anonymised (supervisors and
    /// admins). The cases must be closed.
    Erase {
        /// A case number (HL-YYYY-NNNNNN); repeat for several cases.
        #[arg(long = "case", required = true, value_name = "NUMBER")]
        cases: Vec<String>,
        /// Why (who asked, and how); no names or phone numbers.
        #[arg(long)]
        reason: String,
        /// The supervisor asking.
        #[arg(long = "as", value_name = "USER")]
        as_user: String,
    },
    /// List every request with its state and case numbers.
    List,
    /// Approve a request and carry it out (an admin who did not ask).
    Approve {
        id: i64,
        /// The approving admin.
        #[arg(long = "as", value_name = "USER")]
        as_user: String,
    },
    /// Finish carrying out an approved request that was interrupted.
    CarryOut {
        id: i64,
        /// An admin.
        #[arg(long = "as", value_name = "USER")]
        as_user: String,
    },
}

/// How fast load-test operators work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Pace {
    /// A person at a keyboard.
    Realistic,
    /// No pauses at all.
    Max,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account. The password is read without echo, or from standard
    /// input when that is not a terminal (one line, for scripts).
    Add {
        name: String,
        /// operator, caseworker, supervisor or admin.
        #[arg(long)]
        role: String,
        /// Name shown on screens (defaults to the user name).
        #[arg(long)]
        display_name: Option<String>,
        /// Team, for "my team" views and workload.
        #[arg(long)]
        team: Option<String>,
        /// For an admin: the role held on cases (operator, caseworker or
        /// supervisor). Without one, an admin reads no case content.
        #[arg(long)]
        case_role: Option<String>,
    },
    /// List accounts with their role and state.
    List,
    /// Give an admin account a role on cases (operator, caseworker or
    /// supervisor), or take it away with `none`: without one, an admin
    /// manages accounts and configuration but reads no case content.
    CaseRole { name: String, role: String },
    /// Set the interface language of an account: en, sw, fr, pt, es or ar,
    /// or `default` for the organisation's ([ui] language in the config).
    Language { name: String, language: String },
    /// Disable an account: it can no longer log in.
    Disable { name: String },
    /// Re-enable a disabled account.
    Enable { name: String },
    /// Lift a lockout after too many failed logins.
    Unlock { name: String },
}

/// The CSV columns, shown in `--help`.
const SERVICE_COLUMNS_HELP: &str = "Columns (a header row naming them is required; any order): \
organisation, service_type, name, location, phone, email, opening_hours, languages, notes.\n\
Required: organisation, service_type, name. service_type is one of safe_shelter, police, \
medical, mental_health, legal_aid, child_protection, education, livelihoods, other. \
Files are UTF-8, with RFC 4180 quoting: a field holding commas, quotes or line breaks \
(notes, opening_hours) is written in double quotes.";

#[derive(Debug, Subcommand)]
pub enum ServicesCommand {
    /// Import services from a CSV file.
    ///
    /// The whole file is checked first, and every bad line is listed with
    /// its line number and reason (missing column, unknown service type, not
    /// UTF-8, duplicate of another line or of a service already in the
    /// directory, empty required field, over-long field). Nothing is imported
    /// unless every line is good, or --skip-bad is given. The import is one
    /// transaction.
    #[command(after_help = SERVICE_COLUMNS_HELP)]
    Import {
        /// The CSV file.
        file: PathBuf,
        /// Import the good lines and report the bad ones.
        #[arg(long)]
        skip_bad: bool,
    },
    /// Export every active service as CSV, in the columns import reads.
    #[command(after_help = SERVICE_COLUMNS_HELP)]
    Export {
        /// Where to write (standard output when not given).
        file: Option<PathBuf>,
    },
}

/// Writes the completion script for `shell` to `out`, generated from the
/// definitions above so it always offers the real commands and options.
pub fn write_completions(shell: clap_complete::Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut Cli::command(), "helpline", out);
}

/// Writes the manual page (roff, section 1) to `out`, with one section per
/// command, generated from the definitions above.
pub fn write_man_page(out: &mut dyn Write) -> std::io::Result<()> {
    let mut command = Cli::command();
    command.build();
    clap_mangen::Man::new(command.clone()).render(out)?;
    for sub in command.get_subcommands().filter(|c| !c.is_hide_set()) {
        write_subcommand_section(sub, "helpline", out)?;
    }
    Ok(())
}

/// A man-page section for one command: its synopsis, description and
/// options, then the same for each of its own commands.
fn write_subcommand_section(
    command: &clap::Command,
    parent: &str,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let name = format!("{parent} {}", command.get_name());
    let man = clap_mangen::Man::new(command.clone().bin_name(name.clone()));
    writeln!(out, ".SH \"{}\"", name.to_uppercase())?;
    // The command's own parts are subsections of its section.
    let mut parts = Vec::new();
    man.render_synopsis_section(&mut parts)?;
    man.render_description_section(&mut parts)?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut parts)?;
    }
    // Each part repeats the page's preamble (the apostrophe string); the
    // page has it once already.
    let preamble = |line: &str| line.starts_with(".ie \\n(.g .ds Aq") || line == ".el .ds Aq '";
    for line in String::from_utf8_lossy(&parts).lines() {
        if preamble(line) {
            continue;
        }
        match line.strip_prefix(".SH ") {
            Some(title) => writeln!(out, ".SS {title}")?,
            None => writeln!(out, "{line}")?,
        }
    }
    for sub in command.get_subcommands().filter(|c| !c.is_hide_set()) {
        write_subcommand_section(sub, &name, out)?;
    }
    Ok(())
}
