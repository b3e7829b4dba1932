//! helpline's benchmarks against its targets, on a million-case database.
//!
//!     cargo bench --bench helpline [-- [--db PATH] [GROUP...]]
//!
//! Groups: start, queries, detail, alerts, search, returning, referrals,
//! follow-ups, floor, panes, keys, session (all by default). The database comes from `--db`,
//! follow-ups, reports, panes, keys, session (all by default). The database comes from `--db`,
//! `HELPLINE_BENCH_DB` or `target/bench/helpline-1m.db`, and is created
//! with the real demo
//! loader when it does not exist (about 30 s). Each measurement prints
//! p50/p95/p99/max over many runs and, where there is one, its target.

mod fixture;
mod floor;
mod follow_ups;
mod frames;
mod panes;
mod queries;
mod referrals;
mod reports;
mod session;
mod stats;

use stats::Summary;
use std::path::PathBuf;

const GROUPS: &[&str] = &[
    "start",
    "queries",
    "detail",
    "alerts",
    "search",
    "returning",
    "referrals",
    "follow-ups",
    "floor",
    "reports",
    "panes",
    "keys",
    "session",
];

fn main() {
    let mut db = None;
    let mut groups = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // cargo bench passes --bench; a test run passes nothing we need.
            "--bench" => {}
            "--db" => db = args.next().map(PathBuf::from),
            group if GROUPS.contains(&group) => groups.push(group.to_string()),
            other => {
                eprintln!(
                    "unknown argument `{other}`; groups are {}",
                    GROUPS.join(", ")
                );
                std::process::exit(2);
            }
        }
    }
    let wanted = |g: &str| groups.is_empty() || groups.iter().any(|x| x == g);

    let path = fixture::db_path(db);
    let mut store = fixture::ensure_db(&path);
    referrals::ensure_referrals(&mut store);
    let max_id = queries::max_case_id(&store);
    println!(
        "helpline benchmarks: {} ({max_id} cases), {} cores, load average {}",
        path.display(),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        load_average()
    );
    println!();
    Summary::print_header();
    let mut results: Vec<Summary> = Vec::new();
    let mut run = |name: &str, f: &mut dyn FnMut(&mut Vec<Summary>)| {
        if wanted(name) {
            let first = results.len();
            f(&mut results);
            for summary in &results[first..] {
                summary.print();
            }
        }
    };
    run("start", &mut |out| frames::startup(&path, out));
    run("queries", &mut |out| queries::case_lists(&store, out));
    run("detail", &mut |out| {
        queries::case_detail(&mut store, max_id, out)
    });
    run("alerts", &mut |out| queries::alerts(&mut store, out));
    run("search", &mut |out| queries::search(&store, max_id, out));
    run("returning", &mut |out| queries::returning(&store, out));
    run("referrals", &mut |out| referrals::queue(&store, out));
    run("follow-ups", &mut |out| {
        follow_ups::queue_and_reminders(&mut store, out)
    });
    run("floor", &mut |out| {
        floor::wallboard(&mut store, out);
        floor::hand_over(&mut store, out);
    });
    run("reports", &mut |out| reports::reports(&mut store, out));
    run("panes", &mut |out| panes::panes(&mut store, out));
    run("keys", &mut |out| frames::keypresses(&mut store, out));
    run("session", &mut |out| {
        if session::tmux_available() {
            session::first_frame(&path, out);
        } else {
            println!("(session: skipped, tmux is not installed)");
        }
    });
    if wanted("session") && session::tmux_available() {
        let (rss, peak) = session::memory(&path);
        let verdict = if rss < 20 * 1024 { "ok" } else { "MISSED" };
        println!(
            "memory: one TUI session after login, list, search, case, alerts: resident {:.1} MB (peak {:.1} MB)  target < 20 MB {verdict}",
            rss as f64 / 1024.0,
            peak as f64 / 1024.0
        );
    }
    println!();
    println!("load average after: {}", load_average());
    let missed: Vec<&str> = results
        .iter()
        .filter(|s| s.met() == Some(false))
        .map(|s| s.name.as_str())
        .collect();
    if missed.is_empty() {
        println!(
            "All {} timed targets met.",
            results.iter().filter(|s| s.target.is_some()).count()
        );
    } else {
        println!("Targets missed: {}", missed.join("; "));
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
