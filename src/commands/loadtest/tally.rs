//! Adding up the workers' reports, printing the figures, and checking
//! that the database holds every write a worker reported as committed.

use super::protocol::{Op, Report, digest};
use crate::store::Store;
use std::collections::BTreeMap;
use std::time::Duration;

/// Everything one worker reported.
#[derive(Debug, Default)]
pub struct Tally {
    pub operator: u32,
    /// Latencies of successful calls, in microseconds, by call.
    pub calls: BTreeMap<Op, Vec<u64>>,
    /// The longest commit: microseconds, which call, and its lock retries
    /// (few retries on a slow commit mean it waited for the CPU or the
    /// disk, not for another operator's lock).
    pub slowest_commit: Option<(u64, Op, u64)>,
    pub errors: Vec<String>,
    pub intakes: Vec<IntakeDone>,
    /// Drafts left open at the end, with the digest of their last save.
    pub open_drafts: Vec<(i64, u64)>,
    /// Assessment id and its case.
    pub assessments: Vec<(i64, i64)>,
    pub follow_ups: Vec<(i64, i64)>,
    /// Referral id, its case and the last status committed.
    pub referrals: BTreeMap<i64, (i64, String)>,
    pub busy_retries: u64,
    pub longest_gap: Duration,
    /// The worker sent its last line.
    pub finished: bool,
}

/// A completed intake as its worker reported it.
#[derive(Debug, Clone, Copy)]
pub struct IntakeDone {
    pub draft_id: Option<i64>,
    pub contact_id: i64,
    pub case_id: Option<i64>,
    pub answers: u64,
}

impl Tally {
    pub fn new(operator: u32) -> Tally {
        Tally {
            operator,
            ..Tally::default()
        }
    }

    /// Adds one line of the worker's output.
    pub fn add_line(&mut self, line: &str) {
        match serde_json::from_str::<Report>(line) {
            Ok(Report::Done { op, us, retries }) => {
                if op.writes() && self.slowest_commit.is_none_or(|(slowest, ..)| us > slowest) {
                    self.slowest_commit = Some((us, op, retries));
                }
                self.calls.entry(op).or_default().push(us)
            }
            Ok(Report::Error { op, message }) => {
                self.errors.push(format!("{}: {message}", op.name()))
            }
            Ok(Report::Intake {
                draft_id,
                contact_id,
                case_id,
                answers,
            }) => self.intakes.push(IntakeDone {
                draft_id,
                contact_id,
                case_id,
                answers,
            }),
            Ok(Report::OpenDraft { draft_id, answers }) => {
                self.open_drafts.push((draft_id, answers))
            }
            Ok(Report::Assessment { id, case_id }) => self.assessments.push((id, case_id)),
            Ok(Report::FollowUp { id, case_id }) => self.follow_ups.push((id, case_id)),
            Ok(Report::Referral {
                id,
                case_id,
                status,
            }) => {
                self.referrals.insert(id, (case_id, status));
            }
            Ok(Report::Finished {
                busy_retries,
                longest_gap_us,
            }) => {
                self.busy_retries = busy_retries;
                self.longest_gap = Duration::from_micros(longest_gap_us);
                self.finished = true;
            }
            Err(_) => self.errors.push(format!("unreadable report: {line}")),
        }
    }

    fn commits(&self) -> impl Iterator<Item = u64> + '_ {
        self.calls
            .iter()
            .filter(|(op, _)| op.writes())
            .flat_map(|(_, us)| us.iter().copied())
    }
}

/// The nearest-rank percentile `q` of sorted values.
fn percentile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(us: u64) -> String {
    format!("{:.1} ms", us as f64 / 1000.0)
}

fn line(label: &str, mut values: Vec<u64>, seconds: f64) -> String {
    values.sort_unstable();
    format!(
        "{label:<28} {:>7} ({:>6.1}/s)  p50 {:>9}  p99 {:>9}  max {:>9}",
        values.len(),
        values.len() as f64 / seconds,
        ms(percentile(&values, 0.50)),
        ms(percentile(&values, 0.99)),
        ms(values.last().copied().unwrap_or(0)),
    )
}

/// Prints throughput, latencies, lock waits and errors.
pub fn print_figures(tallies: &[Tally], seconds: u64) {
    let secs = seconds.max(1) as f64;
    let commits: Vec<u64> = tallies.iter().flat_map(Tally::commits).collect();
    let reads: Vec<u64> = tallies
        .iter()
        .flat_map(|t| t.calls.iter().filter(|(op, _)| !op.writes()))
        .flat_map(|(_, us)| us.iter().copied())
        .collect();
    println!("{}", line("  commits", commits, secs));
    let mut by_op: BTreeMap<Op, Vec<u64>> = BTreeMap::new();
    for t in tallies {
        for (op, us) in &t.calls {
            by_op.entry(*op).or_default().extend(us);
        }
    }
    for (op, us) in by_op.iter().filter(|(op, _)| op.writes()) {
        println!("{}", line(&format!("    {}", op.name()), us.clone(), secs));
    }
    println!("{}", line("  reads", reads, secs));
    for (op, us) in by_op.iter().filter(|(op, _)| !op.writes()) {
        println!("{}", line(&format!("    {}", op.name()), us.clone(), secs));
    }
    let retries: u64 = tallies.iter().map(|t| t.busy_retries).sum();
    println!("  busy retries                 {retries}");
    let errors: usize = tallies.iter().map(|t| t.errors.len()).sum();
    println!("  errors                       {errors}");
    for t in tallies.iter().filter(|t| !t.errors.is_empty()).take(5) {
        println!("    operator {}: {}", t.operator, t.errors[0]);
    }
    let slowest = tallies
        .iter()
        .filter_map(|t| t.slowest_commit.map(|s| (s, t.operator)))
        .max();
    if let Some(((us, op, retries), operator)) = slowest {
        println!(
            "  longest commit wait          {} (operator {operator}, {}, {retries} lock retries)",
            ms(us),
            op.name()
        );
    }
    if let Some(t) = tallies.iter().max_by_key(|t| t.longest_gap) {
        println!(
            "  longest time without a commit, one operator: {} (operator {})",
            ms(t.longest_gap.as_micros() as u64),
            t.operator
        );
    }
    if let Some((n, operator)) = tallies
        .iter()
        .map(|t| (t.commits().count(), t.operator))
        .min()
    {
        println!("  fewest commits by one operator: {n} (operator {operator})");
    }
}

/// What the check found.
#[derive(Debug, Default)]
pub struct Checked {
    pub intakes: usize,
    pub open_drafts: usize,
    pub assessments: usize,
    pub follow_ups: usize,
    pub referrals: usize,
    /// Each write reported as committed but not found as reported.
    pub missing: Vec<String>,
}

/// Looks up every write the workers reported as committed.
pub fn verify(store: &Store, tallies: &[Tally]) -> Result<Checked, String> {
    let err = |e: crate::store::StoreError| e.to_string();
    let mut checked = Checked::default();
    // Draft ids are reused once the newest draft is gone, so a completed
    // intake's draft id may now belong to a draft still being typed.
    let open: std::collections::HashSet<i64> = tallies
        .iter()
        .flat_map(|t| t.open_drafts.iter().map(|(id, _)| *id))
        .collect();
    for t in tallies {
        for intake in &t.intakes {
            checked.intakes += 1;
            match store.contact_answers(intake.contact_id).map_err(err)? {
                Some((answers, case_id))
                    if digest(&answers) == intake.answers && case_id == intake.case_id => {}
                Some(_) => checked.missing.push(format!(
                    "contact {} (operator {}) differs from what was committed",
                    intake.contact_id, t.operator
                )),
                None => checked.missing.push(format!(
                    "contact {} (operator {}) is missing",
                    intake.contact_id, t.operator
                )),
            }
            if let Some(case_id) = intake.case_id
                && store.reload_case_detail(case_id).is_err()
            {
                checked.missing.push(format!("case {case_id} is missing"));
            }
            let outlived = match intake.draft_id {
                Some(id) => !open.contains(&id) && store.draft(id).map_err(err)?.is_some(),
                None => false,
            };
            if outlived {
                checked.missing.push(format!(
                    "the draft of contact {} outlived its completed intake",
                    intake.contact_id
                ));
            }
        }
        for (draft_id, answers) in &t.open_drafts {
            checked.open_drafts += 1;
            match store.draft(*draft_id).map_err(err)? {
                Some(d) if digest(&d.answers_json) == *answers => {}
                Some(_) => checked
                    .missing
                    .push(format!("draft {draft_id} lost its last save")),
                None => checked.missing.push(format!("draft {draft_id} is missing")),
            }
        }
        for (id, (case_id, status)) in &t.referrals {
            checked.referrals += 1;
            match store.referral(*id) {
                Ok(row) if row.case_id == *case_id && row.referral.status.as_str() == status => {}
                Ok(_) => checked
                    .missing
                    .push(format!("referral {id} lost its move to {status}")),
                Err(_) => checked.missing.push(format!("referral {id} is missing")),
            }
        }
        for (id, case_id) in &t.assessments {
            checked.assessments += 1;
            if store.assessment_case(*id).map_err(err)? != Some(*case_id) {
                checked
                    .missing
                    .push(format!("assessment {id} of case {case_id} is missing"));
            }
        }
        for (id, case_id) in &t.follow_ups {
            checked.follow_ups += 1;
            if store.follow_up_case(*id).map_err(err)? != Some(*case_id) {
                checked
                    .missing
                    .push(format!("follow-up {id} of case {case_id} is missing"));
            }
        }
    }
    Ok(checked)
}
