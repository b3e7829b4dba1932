//! The follow-up protocol: the Follow-ups pane's queue for a supervisor,
//! a team and a worker, and the reminder check every session runs once a
//! minute (issue targets: p95 within 10 ms each).

use crate::fixture::user;
use crate::stats::{Summary, p95, time_runs};
use helpline::app::follow_ups::SECTION_LIMIT;
use helpline::domain::demo::DemoRng;
use helpline::store::Store;
use helpline::store::follow_ups::FollowUpScope;

const RUNS: usize = 200;
const WARMUP: usize = 10;

pub fn queue_and_reminders(store: &mut Store, out: &mut Vec<Summary>) {
    let now = chrono::Utc::now().timestamp();
    let supervisor = user(store, "demo");
    let worker = user(store, "worker1");
    let mut rng = DemoRng::new(17);
    // A different "now" each run, within the day: sections shift.
    let nows: Vec<i64> = (0..64)
        .map(|_| now - 43_200 + rng.below(86_400) as i64)
        .collect();
    let scopes = [
        (
            "follow-ups: the pane for a supervisor, all cases",
            FollowUpScope::All,
        ),
        (
            "follow-ups: the pane for a supervisor, the team",
            FollowUpScope::Team(supervisor.team.clone().unwrap_or_default()),
        ),
        (
            "follow-ups: the pane for a case worker, mine",
            FollowUpScope::Mine(worker.id),
        ),
    ];
    for (name, scope) in scopes {
        let samples = time_runs(WARMUP, RUNS, |i| {
            let now = nows[i % nows.len()];
            store
                .follow_up_queue(
                    &helpline::domain::access::Viewer::whole_floor(1),
                    &scope,
                    now,
                    now + 43_200,
                    SECTION_LIMIT,
                )
                .unwrap();
        });
        out.push(Summary::new(name, samples, p95(10)));
    }
    // The clock's check: the first runs raise what fell due since the
    // database was made (warm-up), then each minute finds little or none.
    let samples = time_runs(WARMUP, RUNS, |i| {
        store.raise_follow_up_reminders(now + i as i64).unwrap();
    });
    out.push(Summary::new(
        "follow-ups: the once-a-minute reminder check",
        samples,
        p95(10),
    ));
}
