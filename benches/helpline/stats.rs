//! Timing many runs of one operation and summarising them against a target.

use std::time::{Duration, Instant};

/// Which figure of a run a target applies to.
#[derive(Debug, Clone, Copy)]
pub enum Pct {
    P95,
    P99,
    Max,
}

/// A target: this percentile must stay within this time.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub pct: Pct,
    pub limit: Duration,
}

pub const fn p95(ms: u64) -> Option<Target> {
    Some(Target {
        pct: Pct::P95,
        limit: Duration::from_millis(ms),
    })
}

pub const fn p99(ms: u64) -> Option<Target> {
    Some(Target {
        pct: Pct::P99,
        limit: Duration::from_millis(ms),
    })
}

pub const fn max(ms: u64) -> Option<Target> {
    Some(Target {
        pct: Pct::Max,
        limit: Duration::from_millis(ms),
    })
}

/// The summary of one measurement.
pub struct Summary {
    pub name: String,
    pub runs: usize,
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub max: Duration,
    pub target: Option<Target>,
}

impl Summary {
    pub fn new(name: &str, mut samples: Vec<Duration>, target: Option<Target>) -> Summary {
        samples.sort_unstable();
        let at = |q: f64| -> Duration {
            if samples.is_empty() {
                return Duration::ZERO;
            }
            // Nearest rank: the smallest sample with at least q of the runs at or below it.
            let rank = ((q * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
            samples[rank - 1]
        };
        Summary {
            name: name.to_string(),
            runs: samples.len(),
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
            max: samples.last().copied().unwrap_or_default(),
            target,
        }
    }

    /// Whether the target holds; None when there is no target.
    pub fn met(&self) -> Option<bool> {
        self.target.map(|t| {
            let figure = match t.pct {
                Pct::P95 => self.p95,
                Pct::P99 => self.p99,
                Pct::Max => self.max,
            };
            figure <= t.limit
        })
    }

    pub fn print_header() {
        println!(
            "{:<52} {:>6} {:>9} {:>9} {:>9} {:>9}  target",
            "measurement", "runs", "p50", "p95", "p99", "max"
        );
    }

    pub fn print(&self) {
        let target = match (self.target, self.met()) {
            (Some(t), Some(ok)) => {
                let pct = match t.pct {
                    Pct::P95 => "p95",
                    Pct::P99 => "p99",
                    Pct::Max => "max",
                };
                let verdict = if ok { "ok" } else { "MISSED" };
                format!("{pct} <= {} {verdict}", fmt(t.limit))
            }
            _ => String::new(),
        };
        println!(
            "{:<52} {:>6} {:>9} {:>9} {:>9} {:>9}  {target}",
            self.name,
            self.runs,
            fmt(self.p50),
            fmt(self.p95),
            fmt(self.p99),
            fmt(self.max)
        );
    }
}

/// Milliseconds with three decimals: the figures of interest run from a few
/// microseconds to a hundred milliseconds.
pub fn fmt(d: Duration) -> String {
    format!("{:.3}ms", d.as_secs_f64() * 1000.0)
}

/// Runs `f` `runs` times (after `warmup` untimed runs) and returns the
/// time of each timed run. `f` gets the run number, so it can vary its
/// input (a different case, a different search) from run to run.
pub fn time_runs(warmup: usize, runs: usize, mut f: impl FnMut(usize)) -> Vec<Duration> {
    for i in 0..warmup {
        f(i);
    }
    (0..runs)
        .map(|i| {
            let started = Instant::now();
            f(warmup + i);
            started.elapsed()
        })
        .collect()
}

/// Times runs of `f` where only part of each run counts: `f` returns the
/// time it measured itself (for work that needs untimed setup each run).
pub fn time_parts(runs: usize, mut f: impl FnMut(usize) -> Duration) -> Vec<Duration> {
    (0..runs).map(&mut f).collect()
}
