//! `helpline loadtest`: many operator processes against one database file,
//! as on a call-centre server, to see how long commits wait, whether every
//! operator keeps making progress, and whether every write is kept.
//!
//! The parent prepares the database, starts one worker process (the same
//! binary, `loadtest-worker`) per operator, adds up what they report on
//! their standard output, and afterwards looks up every write they
//! reported as committed.

mod intake;
mod protocol;
mod referrals;
mod tally;
pub mod worker;

use crate::cli::Pace;
use crate::config::Config;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use tally::Tally;

/// What to run.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub operators: u32,
    pub seconds: u64,
    pub pace: Pace,
    /// Demo cases to create when the database is empty.
    pub cases: u64,
}

/// How long past the planned end a worker may take before it is stopped.
const GRACE: Duration = Duration::from_secs(60);

/// Runs the load test and prints its figures and verdict; Err when a write
/// was lost, an operator saw an error, or a worker failed.
pub fn run(
    db: Option<&Path>,
    config_path: Option<&Path>,
    config: &Config,
    plan: &Plan,
) -> Result<(), String> {
    // Never the configured database by default: the workers write made-up intakes.
    let db = db.ok_or(
        "loadtest writes made-up intakes: name a test database with --db PATH (never a live one)",
    )?;
    if plan.operators == 0 || plan.seconds == 0 {
        return Err("loadtest needs at least one operator and one second".into());
    }
    prepare(db, config, plan.cases)?;
    let pace = match plan.pace {
        Pace::Realistic => "realistic",
        Pace::Max => "max",
    };
    println!(
        "Load test: {} operator processes for {} s at {pace} pace on {}",
        plan.operators,
        plan.seconds,
        db.display()
    );
    let exe = std::env::current_exe().map_err(|e| format!("cannot find helpline itself: {e}"))?;
    // Time to start every process before the work begins together.
    let start_at = chrono::Utc::now().timestamp_millis() + 1000 + 40 * i64::from(plan.operators);
    let mut workers = Vec::new();
    for operator in 0..plan.operators {
        let mut cmd = Command::new(&exe);
        cmd.arg("--db").arg(db);
        if let Some(path) = config_path {
            cmd.arg("--config").arg(path);
        }
        cmd.args(["loadtest-worker", "--pace", pace])
            .args(["--operator", &operator.to_string()])
            .args(["--seconds", &plan.seconds.to_string()])
            .args(["--start-at-ms", &start_at.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match Worker::start(cmd, operator) {
            Ok(worker) => workers.push(worker),
            Err(e) => {
                for mut w in workers {
                    let _ = w.child.kill();
                    let _ = w.child.wait();
                }
                return Err(format!("cannot start operator process {operator}: {e}"));
            }
        }
    }
    let deadline = Instant::now()
        + Duration::from_millis((start_at - chrono::Utc::now().timestamp_millis()).max(0) as u64)
        + Duration::from_secs(plan.seconds)
        + GRACE;
    let tallies: Vec<Tally> = workers.into_iter().map(|w| w.finish(deadline)).collect();

    tally::print_figures(&tallies, plan.seconds);
    // The check only reads what the workers wrote.
    let store = super::open_store_read_only(db, config)?;
    let checked = tally::verify(&store, &tallies)?;
    println!(
        "  check: {} completed intakes, {} drafts still open, {} assessments, {} follow-ups, {} referrals looked up in the database",
        checked.intakes,
        checked.open_drafts,
        checked.assessments,
        checked.follow_ups,
        checked.referrals
    );
    for problem in checked.missing.iter().take(10) {
        println!("    lost: {problem}");
    }
    let errors: usize = tallies.iter().map(|t| t.errors.len()).sum();
    let unfinished = tallies.iter().filter(|t| !t.finished).count();
    if checked.missing.is_empty() && errors == 0 && unfinished == 0 {
        println!("PASS");
        Ok(())
    } else {
        println!("FAIL");
        Err(format!(
            "load test failed: {} lost writes, {errors} errors, {unfinished} operator processes did not finish",
            checked.missing.len()
        ))
    }
}

/// Fills an empty database with demo data (and a small service directory
/// when it has none); refuses one without the demo operator accounts,
/// which the workers log in as.
fn prepare(db: &Path, config: &Config, cases: u64) -> Result<(), String> {
    let store = super::open_store(db, config, true)?;
    if store.count_users().map_err(|e| e.to_string())? == 0 {
        drop(store);
        super::demo::create(db, config, cases, 2026)?;
    } else if store
        .find_login("operator1")
        .map_err(|e| e.to_string())?
        .is_none()
    {
        return Err(format!(
            "{} has no demo operator accounts: run the load test on an empty file or a demo database (`helpline demo --db PATH`)",
            db.display()
        ));
    }
    let mut store = super::open_store(db, config, false)?;
    referrals::ensure_directory(&mut store).map_err(|e| e.to_string())
}

/// A running worker process and the threads reading its output.
struct Worker {
    operator: u32,
    child: Child,
    reports: JoinHandle<Tally>,
    stderr: JoinHandle<String>,
}

impl Worker {
    fn start(mut cmd: Command, operator: u32) -> std::io::Result<Worker> {
        let mut child = cmd.spawn()?;
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        let reports = std::thread::spawn(move || {
            let mut tally = Tally::new(operator);
            if let Some(out) = stdout {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    tally.add_line(&line);
                }
            }
            tally
        });
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut err) = stderr {
                let _ = err.read_to_string(&mut text);
            }
            text
        });
        Ok(Worker {
            operator,
            child,
            reports,
            stderr,
        })
    }

    /// Waits for the worker to exit (stopping it at `deadline`) and returns
    /// its reports, with anything it said on standard error as errors.
    fn finish(mut self, deadline: Instant) -> Tally {
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(50))
                }
                _ => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break None;
                }
            }
        };
        let mut tally = self
            .reports
            .join()
            .unwrap_or_else(|_| Tally::new(self.operator));
        let stderr = self.stderr.join().unwrap_or_default();
        match status {
            Some(s) if s.success() => {}
            Some(s) => tally.errors.push(format!("worker exited with {s}")),
            None => tally.errors.push("worker did not finish in time".into()),
        }
        if let Some(first) = stderr.lines().find(|l| !l.trim().is_empty()) {
            tally.errors.push(first.to_string());
        }
        tally
    }
}
