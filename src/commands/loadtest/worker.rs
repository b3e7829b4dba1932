//! One load-test operator: a process of its own, acting through the same
//! store functions the application uses, reporting each call as a JSON
//! line on standard output.
//!
//! At the realistic pace an operator saves the intake draft being typed
//! each second, completes an intake about each minute (most open a case,
//! some join one, some are silent calls), reads between (a search, a case
//! list, an opened case, the alert count) and assesses a case about every
//! half minute; every 400 ms it looks for other sessions' commits and
//! reloads its alert count and case list, as the application does, and
//! every ten seconds it writes its presence (state and heartbeat), as a
//! terminal session does. At the maximum pace the same steps run with no
//! pauses (presence still every ten seconds: sessions never write it
//! more often).

use super::intake::Intake;
use super::protocol::{Op, Report};
use crate::app::state::Settings;
use crate::cli::Pace;
use crate::config::Config;
use crate::domain::CaseStatus;
use crate::domain::RiskLevel;
use crate::domain::access::Viewer;
use crate::domain::demo::DemoRng;
use crate::domain::follow_up::{NeedsMet, Reached, SafeNow};
use crate::store::alerts::AlertViewer;
use crate::store::assessments::NewAssessment;
use crate::store::cases::{CaseQuery, CaseScope, StatusFilter};
use crate::store::follow_ups::NewFollowUp;
use crate::store::users::User;
use crate::store::{Page, Store, StoreResult};
use std::io::{BufWriter, Stdout, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// How often a session looks for other sessions' commits (as `tui.rs` does).
const POLL: Duration = Duration::from_millis(400);

/// Runs one operator until `seconds` after `start_at_ms`.
pub fn run(
    db: &Path,
    config: &Config,
    operator: u32,
    seconds: u64,
    pace: Pace,
    start_at_ms: i64,
) -> Result<(), String> {
    let store = crate::commands::open_store(db, config, false)?;
    let username = format!("operator{}", operator % 30 + 1);
    let user = store
        .find_login(&username)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("{} has no account `{username}`", db.display()))?
        .user;
    let mut worker = Worker::new(store, user, operator, pace);
    // The same rules the application takes from the configuration.
    worker.settings.escalate_after_secs = i64::from(config.alerts.escalate_after_minutes) * 60;
    worker.settings.response = config.response_times.response_times();
    worker.prepare().map_err(|e| e.to_string())?;
    let wait_ms = start_at_ms - chrono::Utc::now().timestamp_millis();
    if wait_ms > 0 {
        std::thread::sleep(Duration::from_millis(wait_ms as u64));
    }
    worker.work(Duration::from_secs(seconds));
    worker.finish().map_err(|e| format!("cannot report: {e}"))
}

pub(super) struct Worker {
    store: Store,
    pub(super) user: User,
    pub(super) pace: Pace,
    pub(super) rng: DemoRng,
    out: BufWriter<Stdout>,
    pub(super) settings: Settings,
    /// Cases to open, assess and join, and name prefixes to search for.
    pub(super) case_ids: Vec<i64>,
    /// Services to refer to, and this operator's referrals.
    pub(super) service_ids: Vec<i64>,
    pub(super) referrals: Vec<i64>,
    search_terms: Vec<String>,
    pub(super) intake: Option<Intake>,
    /// How long the run's first call lasts: it was already under way.
    pub(super) first_call_secs: u64,
    last_commit: Instant,
    longest_gap: Duration,
    /// The alerts' change stamp at the last status read.
    seen_alerts: Option<i64>,
    /// When the session signed in, and when its presence is written next.
    signed_in_at: i64,
    presence: crate::domain::presence::BeatSchedule,
}

impl Worker {
    fn new(store: Store, user: User, operator: u32, pace: Pace) -> Worker {
        let seed = u64::from(operator) << 32 ^ chrono::Utc::now().timestamp_micros() as u64;
        Worker {
            store,
            user,
            pace,
            rng: DemoRng::new(seed),
            out: BufWriter::new(std::io::stdout()),
            settings: Settings::default(),
            case_ids: Vec::new(),
            service_ids: Vec::new(),
            referrals: Vec::new(),
            search_terms: Vec::new(),
            intake: None,
            first_call_secs: 1,
            last_commit: Instant::now(),
            longest_gap: Duration::ZERO,
            seen_alerts: None,
            signed_in_at: chrono::Utc::now().timestamp(),
            presence: Default::default(),
        }
    }

    /// Picks cases and search terms from the database's own cases.
    fn prepare(&mut self) -> StoreResult<()> {
        // Cases are picked from the whole floor, and opened as a floor
        // supervisor would, so that every pick succeeds; lists and
        // searches run under the worker's own need-to-know.
        let floor = Viewer::whole_floor(self.user.id);
        let open = self
            .store
            .list_cases(&floor, &CaseQuery::default(), None, 100)?;
        let closed = CaseQuery {
            status: StatusFilter::Only(CaseStatus::Closed),
            ..CaseQuery::default()
        };
        let closed = self.store.list_cases(&floor, &closed, None, 100)?;
        for row in open.iter().chain(&closed) {
            self.case_ids.push(row.id);
            if let Some(word) = row
                .child_name
                .as_deref()
                .and_then(|n| n.split_whitespace().next())
            {
                self.search_terms.push(word.chars().take(4).collect());
            }
        }
        self.search_terms.push("Wanj".into());
        self.service_ids = self
            .store
            .list_services(Page::first(100))?
            .into_iter()
            .map(|s| s.id)
            .collect();
        Ok(())
    }

    pub(super) fn report(&mut self, report: &Report) {
        // A failed write to the parent shows as missing reports there.
        if let Ok(line) = serde_json::to_string(report) {
            let _ = writeln!(self.out, "{line}");
        }
    }

    /// Runs one store call, timing it and reporting its outcome.
    pub(super) fn call<T>(
        &mut self,
        op: Op,
        f: impl FnOnce(&mut Store) -> StoreResult<T>,
    ) -> Option<T> {
        let retries_before = self.store.busy_retries();
        let started = Instant::now();
        let result = f(&mut self.store);
        let took = started.elapsed();
        let retries = self.store.busy_retries() - retries_before;
        match result {
            Ok(value) => {
                if op.writes() {
                    let now = Instant::now();
                    self.longest_gap = self.longest_gap.max(now - self.last_commit);
                    self.last_commit = now;
                }
                self.report(&Report::Done {
                    op,
                    us: took.as_micros() as u64,
                    retries,
                });
                Some(value)
            }
            Err(e) => {
                self.report(&Report::Error {
                    op,
                    message: e.to_string(),
                });
                None
            }
        }
    }

    fn work(&mut self, length: Duration) {
        let started = Instant::now();
        self.last_commit = started;
        let end = started + length;
        // Operators do not all press keys on the same millisecond.
        let mut tick = started + Duration::from_millis(self.rng.below(1000));
        // The first call and assessment fall somewhere in the run, so even
        // a short run completes intakes and stores assessments.
        let span = length.as_secs().clamp(2, 30);
        self.first_call_secs = 1 + self.rng.below(span - 1);
        let mut next_assessment = started + Duration::from_secs(self.rng.below(span));
        let mut first = true;
        let mut poll = started;
        let mut seen_version = None;
        while Instant::now() < end {
            if self.pace == Pace::Realistic {
                // Between keystrokes the session looks for others' commits,
                // as the application does, and refreshes what it shows.
                while poll < tick {
                    sleep_until(poll);
                    poll += POLL;
                    let version = self.store.data_version().ok();
                    if version != seen_version {
                        seen_version = version;
                        self.refresh();
                    }
                }
                sleep_until(tick);
                tick += Duration::from_secs(1);
            }
            self.record_presence();
            self.type_intake(first);
            first = false;
            self.read_something();
            let assess = match self.pace {
                Pace::Realistic => Instant::now() >= next_assessment,
                Pace::Max => self.rng.chance(10),
            };
            if assess {
                self.assess();
                next_assessment += Duration::from_secs(20 + self.rng.below(20));
                // Case workers follow up as often as they assess.
                self.follow_up();
            }
            if self.pace == Pace::Realistic && self.rng.chance(15) {
                self.open_case();
            }
            // Services answer now and then.
            let answered = match self.pace {
                Pace::Realistic => self.rng.chance(5),
                Pace::Max => self.rng.chance(20),
            };
            if answered {
                self.advance_referral();
            }
        }
        self.longest_gap = self.longest_gap.max(self.last_commit.elapsed());
    }

    /// What an operator looks at between keystrokes.
    fn read_something(&mut self) {
        match self.rng.below(10) {
            0..=3 => {
                let term = if self.rng.chance(20) {
                    format!("{}", 100 + self.rng.below(900))
                } else if self.search_terms.is_empty() {
                    "Wanj".to_string()
                } else {
                    self.rng.pick(&self.search_terms).clone()
                };
                let viewer = self.user.viewer();
                self.call(Op::SearchCases, |s| s.search_cases(&viewer, &term, 50));
            }
            4..=6 => {
                let scope = match (self.rng.below(3), &self.user.team) {
                    (0, _) | (_, None) => CaseScope::All,
                    (1, _) => CaseScope::Unassigned,
                    (_, Some(team)) => CaseScope::Team(team.clone()),
                };
                let query = CaseQuery {
                    scope,
                    min_risk: self.rng.chance(30).then_some(RiskLevel::High),
                    ..CaseQuery::default()
                };
                let viewer = self.user.viewer();
                self.call(Op::ListCases, |s| s.list_cases(&viewer, &query, None, 100));
            }
            7 => self.read_referral_queue(),
            _ => {
                let viewer = self.viewer();
                self.call(Op::CountAlerts, |s| s.count_open_alerts(&viewer));
            }
        }
        if self.pace == Pace::Max && self.rng.chance(30) {
            self.open_case();
        }
    }

    /// What a session reloads when another committed: the status bar's
    /// alert figures when the alerts' change stamp moved, and the first
    /// page of the case list.
    fn refresh(&mut self) {
        let viewer = self.viewer();
        let stamp = self.store.alerts_revision().ok();
        if stamp.is_none() || stamp != self.seen_alerts {
            self.seen_alerts = stamp;
            self.call(Op::CountAlerts, |s| s.alert_summary(&viewer));
        }
        let me = self.user.viewer();
        self.call(Op::ListCases, |s| {
            s.list_cases(&me, &CaseQuery::default(), None, 100)
        });
    }

    /// Writes the session's presence when its ten seconds are up, as the
    /// terminal does: on a contact while an intake is open.
    fn record_presence(&mut self) {
        use crate::domain::presence::{Signals, activity};
        let now = chrono::Utc::now().timestamp();
        let signals = Signals {
            contact: self
                .intake
                .as_ref()
                .map(|i| ("child_helpline".to_string(), i.started_at)),
            ..Signals::default()
        };
        let Some(beat) = self.presence.observe(activity(&signals, now), now) else {
            return;
        };
        let write = crate::store::presence::PresenceWrite {
            session_key: crate::app::presence::session_key(
                std::process::id(),
                self.signed_in_at * 1000,
            ),
            user_id: self.user.id,
            role: self.user.role,
            started_at: self.signed_in_at,
            beat,
        };
        self.call(Op::RecordPresence, |s| s.record_presence(&write));
    }

    fn viewer(&self) -> AlertViewer {
        AlertViewer {
            user_id: self.user.id,
            role: self.user.role,
            team: self.user.team.clone(),
            now: chrono::Utc::now().timestamp(),
            escalate_after_secs: self.settings.escalate_after_secs,
        }
    }

    pub(super) fn some_case(&mut self) -> Option<i64> {
        (!self.case_ids.is_empty()).then(|| *self.rng.pick(&self.case_ids))
    }

    /// Opens a case: the audited header (a write) and its timeline.
    fn open_case(&mut self) {
        let Some(case_id) = self.some_case() else {
            return;
        };
        let floor = Viewer::whole_floor(self.user.id);
        if self
            .call(Op::OpenCase, |s| s.open_case_detail(case_id, &floor))
            .is_some()
        {
            self.call(Op::CaseTimeline, |s| s.case_timeline(case_id, None, 200));
        }
    }

    fn assess(&mut self) {
        let Some(case_id) = self.some_case() else {
            return;
        };
        let (computed, result) = match self.rng.below(20) {
            0 => (RiskLevel::High, "positive, acute"),
            1..=4 => (RiskLevel::Medium, "positive"),
            _ => (RiskLevel::Low, "negative"),
        };
        let new = NewAssessment {
            case_id,
            instrument_id: "asq",
            instrument_version: 1,
            answers_json: r#"{"q1":"no","q2":"no","q3":"no","q4":"no"}"#,
            score: 0,
            result_name: result,
            computed_level: computed,
            final_level: computed,
            judgement_reason: None,
            source: "assessment",
            contact_id: None,
            summary: "ASQ screened",
        };
        let (user, settings, now) = (self.user.id, self.settings, chrono::Utc::now().timestamp());
        let saved = self.call(Op::RecordAssessment, |s| {
            s.record_assessment(&new, user, now, &|l, at| settings.deadline_for(l, at))
        });
        if let Some(saved) = saved {
            self.report(&Report::Assessment {
                id: saved.assessment_id,
                case_id,
            });
        }
    }

    /// Looks at the Follow-ups pane and records a follow-up on one of
    /// its cases: reached or not, with a note; a case someone changed
    /// meanwhile is read again, as a worker told of the change would.
    fn follow_up(&mut self) {
        let (user, now) = (self.user.id, chrono::Utc::now().timestamp());
        let floor = Viewer::whole_floor(user);
        let queue = self.call(Op::FollowUpQueue, |s| {
            s.follow_up_queue(
                &floor,
                &crate::store::follow_ups::FollowUpScope::All,
                now,
                now + 43_200,
                crate::app::follow_ups::SECTION_LIMIT,
            )
        });
        // One of the cases waiting, the most urgent sections first.
        let waiting: Vec<i64> = queue
            .iter()
            .flat_map(|q| q.overdue.iter().chain(&q.due_today).chain(&q.upcoming))
            .map(|r| r.case_id)
            .take(20)
            .collect();
        if waiting.is_empty() {
            return;
        }
        let case_id = *self.rng.pick(&waiting);
        let reached = if self.rng.chance(3) {
            Reached::NotReached
        } else {
            Reached::Reached
        };
        let saved = self.call(Op::RecordFollowUp, |s| {
            let mut tries = 0;
            loop {
                let version = s.case_step(case_id)?.version;
                let f = NewFollowUp {
                    case_id,
                    version,
                    done_at: now,
                    channel: "phone".into(),
                    reached,
                    reached_who: None,
                    safe_now: (reached == Reached::Reached).then_some(SafeNow::Yes),
                    new_concern: false,
                    needs_met: Some(NeedsMet::Partly),
                    progress: None,
                    note: Some("Load test: follow-up call".into()),
                    next_at: None,
                    next_reason: None,
                };
                match s.record_follow_up(&f, user, now) {
                    Err(crate::store::StoreError::Conflict { .. }) if tries < 5 => tries += 1,
                    other => return other,
                }
            }
        });
        if let Some(saved) = saved {
            self.report(&Report::FollowUp {
                id: saved.follow_up_id,
                case_id,
            });
        }
    }

    fn finish(mut self) -> std::io::Result<()> {
        if let Some(draft_id) = self.intake.as_ref().and_then(|i| i.draft_id) {
            let answers = self.intake.as_ref().map_or(0, |i| i.saved);
            self.report(&Report::OpenDraft { draft_id, answers });
        }
        let report = Report::Finished {
            busy_retries: self.store.busy_retries(),
            longest_gap_us: self.longest_gap.as_micros() as u64,
        };
        self.report(&report);
        self.out.flush()
    }
}

fn sleep_until(at: Instant) {
    let now = Instant::now();
    if at > now {
        std::thread::sleep(at - now);
    }
}
