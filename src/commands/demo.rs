//! `helpline demo` and `helpline --demo`: a database filled with realistic
//! synthetic data and demo logins.

use crate::config::Config;
use crate::domain::demo::DemoOptions;
use std::io::Write;
use std::path::Path;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo";

/// Shown on the login screen of the demo database.
pub const DEMO_LOGIN_HINT: &str =
    "Demo database: log in as demo / demo (also admin, operator1, worker1, super1; same password).";

/// How many cases `--demo` creates on first use: enough to look real, quick to make.
const FIRST_USE_CASES: u64 = 2000;

/// Creates a demo database at `db` with `cases` cases. Refuses a database
/// that already holds cases.
pub fn create(db: &Path, config: &Config, cases: u64, seed: u64) -> Result<(), String> {
    let mut store = super::open_store(db, config, true)?;
    let hash = crate::auth::hash_password(DEMO_PASSWORD)?;
    let options = DemoOptions {
        cases,
        seed,
        now: chrono::Utc::now(),
    };
    let interactive = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut last_percent = u64::MAX;
    let mut progress = |done: u64, total: u64| {
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        if interactive && percent != last_percent {
            last_percent = percent;
            eprint!("\rCreating demo data… {percent:>3}%");
            let _ = std::io::stderr().flush();
        }
    };
    let summary = store
        .fill_demo(&options, &hash, &mut progress)
        .map_err(|e| e.to_string())?;
    if interactive {
        eprintln!();
    }
    println!(
        "Created {}: {} cases, {} contacts, {} timeline events, {} alerts, {} services, {} referrals, {} accounts in {:.1} s.",
        db.display(),
        summary.cases,
        summary.contacts,
        summary.events,
        summary.alerts,
        summary.services,
        summary.referrals,
        summary.accounts,
        summary.elapsed.as_secs_f64()
    );
    println!("Demo login: user `demo`, password `{DEMO_PASSWORD}` (supervisor).");
    println!(
        "Other demo accounts (same password): admin, operator1..operator30, worker1..worker20, super1..super3."
    );
    println!("Open it with: helpline --db {}", db.display());
    Ok(())
}

/// Makes sure the demo database exists with its data, creating it on first use.
pub fn ensure_demo(db: &Path, config: &Config) -> Result<(), String> {
    let store = super::open_store(db, config, true)?;
    if store.count_users().map_err(|e| e.to_string())? > 0 {
        return Ok(());
    }
    drop(store);
    create(db, config, FIRST_USE_CASES, 2026)
}
