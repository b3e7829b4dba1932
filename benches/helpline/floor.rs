//! The supervisor's wallboard with 50 sessions on the floor (issue 14:
//! refresh p95 within 10 ms): the live figures every session change
//! brings, and today's counts with everyone's workload, read every half
//! minute. Also the presence write each session makes every ten seconds.

use crate::fixture::user;
use crate::stats::{Summary, p95, time_runs};
use helpline::domain::presence::{Activity, Beat, PresenceState};
use helpline::store::Store;
use helpline::store::alerts::AlertViewer;
use helpline::store::presence::PresenceWrite;

const RUNS: usize = 300;
const WARMUP: usize = 10;

/// Fifty people signed in: thirty operators (some on a contact) and
/// twenty case workers.
fn fifty_sessions(store: &Store, now: i64) -> Vec<PresenceWrite> {
    let names = (1..=30)
        .map(|n| format!("operator{n}"))
        .chain((1..=20).map(|n| format!("worker{n}")));
    names
        .enumerate()
        .map(|(i, name)| {
            let u = user(store, &name);
            let state = PresenceState::ALL[i % PresenceState::ALL.len()];
            let on_contact = state == PresenceState::OnContact;
            PresenceWrite {
                session_key: 9_000_000 + i as i64,
                user_id: u.id,
                role: u.role,
                started_at: now - 4 * 3600,
                beat: Beat {
                    activity: Activity {
                        state,
                        form_id: on_contact.then(|| "child_helpline".to_string()),
                        contact_since: on_contact.then_some(now - 300),
                        case_id: None,
                    },
                    state_since: now - 60 * i as i64,
                    at: now,
                },
            }
        })
        .collect()
}

pub fn wallboard(store: &mut Store, out: &mut Vec<Summary>) {
    let now = chrono::Utc::now().timestamp();
    let sessions = fifty_sessions(store, now);
    let samples = time_runs(WARMUP, RUNS, |i| {
        let mut write = sessions[i % sessions.len()].clone();
        write.beat.at = now + (i / sessions.len()) as i64;
        store.record_presence(&write).unwrap();
    });
    out.push(Summary::new(
        "floor: one session's presence write (every 10 s)",
        samples,
        p95(10),
    ));
    let supervisor = user(store, "demo");
    let viewer = AlertViewer {
        user_id: supervisor.id,
        role: supervisor.role,
        team: supervisor.team.clone(),
        now,
        escalate_after_secs: 300,
    };
    let samples = time_runs(WARMUP, RUNS, |_| {
        let floor = store.floor(&viewer, now + 1).unwrap();
        assert_eq!(floor.people.len(), 50);
    });
    out.push(Summary::new(
        "floor: wallboard refresh, 50 sessions (live figures)",
        samples,
        p95(10),
    ));
    let offset = chrono::FixedOffset::east_opt(0).expect("UTC");
    let (day_start, week_start) = helpline::app::wallboard::day_and_week_start(now, offset);
    let people: Vec<(i64, i64)> = sessions.iter().map(|s| (s.user_id, s.started_at)).collect();
    let samples = time_runs(3, 60, |_| {
        store.day_counts(day_start, now).unwrap();
        store
            .workloads(&people, week_start, week_start + 7 * 86_400)
            .unwrap();
    });
    out.push(Summary::new(
        "floor: today's counts and 50 workloads (every 30 s)",
        samples,
        None,
    ));
    // The sessions end, so later groups see the floor as they found it.
    for s in &sessions {
        store.mark_presence_gone(s.session_key, now + 2).unwrap();
    }
}
