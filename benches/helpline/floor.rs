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

/// A live intake handed over (issue 14: the giver's key to the receiver's
/// prompt within 1 s): the offer, written with the giver's last keystrokes,
/// then the receiver's check that finds it. In the app the check runs on
/// the next change poll (`CHANGE_POLL`, 400 ms), so the whole hand-over
/// is at most that poll plus these two figures.
pub fn hand_over(store: &mut Store, out: &mut Vec<Summary>) {
    use helpline::store::drafts::DraftSave;
    let now = chrono::Utc::now().timestamp();
    let giver = user(store, "operator1").id;
    let receiver = user(store, "worker1").id;
    let answers = r#"{"narrative":"She says her uncle hits her when her mother is away"}"#;
    let draft = |id: Option<i64>| DraftSave {
        draft_id: id,
        operator_id: giver,
        form_id: "child_helpline",
        answers_json: answers,
        focus_field: Some("narrative"),
        attach_case_id: None,
        assessments_json: None,
        started_at: now - 240,
    };
    let drafts: Vec<i64> = (0..WARMUP + 100)
        .map(|_| store.save_draft(&draft(None), now).unwrap())
        .collect();
    let mut offers = Vec::new();
    let samples = time_runs(WARMUP, 100, |i| {
        let (offer, _) = store
            .offer_hand_over(&draft(Some(drafts[i])), receiver, now)
            .unwrap();
        let waiting = store.hand_overs_waiting_for(receiver).unwrap();
        assert!(waiting.iter().any(|w| w.id == offer));
        offers.push(offer);
    });
    out.push(Summary::new(
        "floor: hand-over offer and the receiver's check (plus a 400 ms poll)",
        samples,
        p95(600),
    ));
    let samples = time_runs(0, offers.len(), |i| {
        store.take_hand_over(offers[i], receiver, now + 1).unwrap();
    });
    out.push(Summary::new(
        "floor: taking a handed-over intake",
        samples,
        p95(10),
    ));
    // Leave the file as it was found.
    for id in drafts {
        store.discard_draft(id, receiver).unwrap();
    }
}
