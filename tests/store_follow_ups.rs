//! The follow-up protocol on a real database: the schedule as cases open
//! and change level, recording follow-ups, failed attempts and the "not
//! reachable" mark, the Follow-ups queue, and the reminders and
//! missed-follow-up alerts the clock raises.

mod common;

use common::*;
use helpline::domain::follow_up::{NeedsMet, Reached, SafeNow};
use helpline::domain::{RiskLevel, Role};
use helpline::store::alerts::AlertViewer;
use helpline::store::cases::NewCase;
use helpline::store::follow_ups::{FollowUpScope, NewFollowUp};
use helpline::store::{Store, StoreError};

const NOW: i64 = 1_795_600_000;
const DAY: i64 = 86_400;

fn case(store: &mut Store, risk: RiskLevel, team: Option<&str>) -> i64 {
    store
        .open_case(
            &NewCase {
                opened_at: NOW,
                risk,
                team,
                ..NewCase::default()
            },
            None,
        )
        .unwrap()
        .0
}

fn follow_up(store: &Store, case_id: i64, reached: Reached, done_at: i64) -> NewFollowUp {
    NewFollowUp {
        case_id,
        version: store.case_step(case_id).unwrap().version,
        done_at,
        channel: "phone".into(),
        reached,
        reached_who: None,
        safe_now: (reached == Reached::Reached).then_some(SafeNow::Yes),
        new_concern: false,
        needs_met: Some(NeedsMet::Partly),
        progress: None,
        note: Some("Spoke briefly; school attendance improving.".into()),
        next_at: None,
        next_reason: None,
    }
}

fn viewer(user_id: i64, role: Role, team: Option<&str>, now: i64) -> AlertViewer {
    AlertViewer {
        user_id,
        role,
        team: team.map(str::to_string),
        now,
        escalate_after_secs: 300,
    }
}

#[test]
fn a_case_gets_its_first_follow_up_by_level_and_a_higher_level_brings_it_forward() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    // User 1 records the follow-ups.
    add_user(&mut store, "me", Role::Caseworker, "long enough");
    let medium = case(&mut store, RiskLevel::Medium, None);
    assert_eq!(
        store.follow_up_state(medium).unwrap().next_at,
        Some(NOW + 14 * DAY)
    );
    let none = case(&mut store, RiskLevel::None, None);
    assert_eq!(store.follow_up_state(none).unwrap().next_at, None);
    // Critical two days later: due a day after that, at once.
    store
        .set_case_risk(medium, RiskLevel::Critical, None, None, NOW + 2 * DAY)
        .unwrap();
    assert_eq!(
        store.follow_up_state(medium).unwrap().next_at,
        Some(NOW + 3 * DAY)
    );
    // Back down to low: the date stays until the next follow-up...
    store
        .set_case_risk(medium, RiskLevel::Low, None, None, NOW + 2 * DAY + 60)
        .unwrap();
    assert_eq!(
        store.follow_up_state(medium).unwrap().next_at,
        Some(NOW + 3 * DAY)
    );
    // ...which then schedules by the lower level (a month).
    let f = follow_up(&store, medium, Reached::Reached, NOW + 3 * DAY);
    let saved = store.record_follow_up(&f, 1, NOW + 3 * DAY).unwrap();
    let next = saved.next_at.unwrap();
    assert!((28 * DAY..=31 * DAY).contains(&(next - (NOW + 3 * DAY))));
}

#[test]
fn a_later_next_date_than_the_schedule_needs_a_written_reason() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    // User 1 records the follow-ups.
    add_user(&mut store, "me", Role::Caseworker, "long enough");
    let id = case(&mut store, RiskLevel::High, None);
    let mut f = follow_up(&store, id, Reached::Reached, NOW + DAY);
    f.next_at = Some(NOW + 30 * DAY);
    let refused = store.record_follow_up(&f, 1, NOW + DAY).unwrap_err();
    assert!(matches!(refused, StoreError::Invalid(m) if m.contains("reason")));
    // Nothing was written half-way.
    assert_eq!(
        store.follow_up_state(id).unwrap().next_at,
        Some(NOW + 7 * DAY)
    );
    f.next_reason = Some("Child away at grandmother's until the holidays end".into());
    let saved = store.record_follow_up(&f, 1, NOW + DAY).unwrap();
    assert_eq!(saved.next_at, Some(NOW + 30 * DAY));
    // Bringing it forward needs nothing.
    let mut sooner = follow_up(&store, id, Reached::Reached, NOW + 2 * DAY);
    sooner.next_at = Some(NOW + 3 * DAY);
    assert_eq!(
        store
            .record_follow_up(&sooner, 1, NOW + 2 * DAY)
            .unwrap()
            .next_at,
        Some(NOW + 3 * DAY)
    );
    // An old version is a conflict.
    let stale = follow_up(&store, id, Reached::Reached, NOW + 2 * DAY);
    store
        .record_follow_up(
            &NewFollowUp {
                version: 1,
                ..stale
            },
            1,
            NOW + 2 * DAY,
        )
        .unwrap_err();
}

#[test]
fn failed_attempts_mark_a_case_not_reachable_until_the_person_calls_again() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    // User 1 records the follow-ups.
    add_user(&mut store, "me", Role::Caseworker, "long enough");
    let id = case(&mut store, RiskLevel::High, None);
    for n in 1..=3 {
        let f = follow_up(&store, id, Reached::NotReached, NOW + n * DAY);
        let saved = store.record_follow_up(&f, 1, NOW + n * DAY).unwrap();
        assert_eq!(saved.attempts, n as u32);
        assert_eq!(saved.became_unreachable, n == 3);
    }
    let state = store.follow_up_state(id).unwrap();
    assert_eq!(state.attempts, 3);
    assert_eq!(state.unreachable_since, Some(NOW + 3 * DAY));
    // Someone else answering does not end the run...
    let mut other = follow_up(&store, id, Reached::SomeoneElse, NOW + 4 * DAY);
    other.reached_who = Some("aunt".into());
    store.record_follow_up(&other, 1, NOW + 4 * DAY).unwrap();
    assert!(
        store
            .follow_up_state(id)
            .unwrap()
            .unreachable_since
            .is_some()
    );
    // ...an intake that joins the case does.
    let operator = add_user(&mut store, "amina", Role::Operator, "long enough");
    store
        .complete_intake(
            None,
            operator,
            &helpline::store::contacts::NewContact {
                form_id: "child_helpline",
                channel: "phone_call",
                contact_type: "child_about_self",
                started_at: NOW + 5 * DAY,
                ended_at: NOW + 5 * DAY + 300,
                answers_json: "{}",
                ..Default::default()
            },
            helpline::store::contacts::CaseTarget::Attach(id),
            &[],
            NOW + 5 * DAY + 300,
            &|_, _| None,
        )
        .expect("intake joins the case");
    let state = store.follow_up_state(id).unwrap();
    assert_eq!((state.attempts, state.unreachable_since), (0, None));
    assert_eq!(state.last_contact_at, Some(NOW + 5 * DAY));
}

#[test]
fn reminders_reach_the_worker_and_missed_follow_ups_the_supervisors_once_per_due_date() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "worker", Role::Caseworker, "long enough");
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let id = case(&mut store, RiskLevel::High, Some("north"));
    let version = store.case_step(id).unwrap().version;
    store.assign_case(id, version, worker, sup, NOW).unwrap();
    let due = NOW + 7 * DAY;
    assert_eq!(store.raise_follow_up_reminders(due - 1).unwrap(), 0);
    assert_eq!(store.raise_follow_up_reminders(due).unwrap(), 1);
    assert_eq!(
        store.raise_follow_up_reminders(due + 60).unwrap(),
        0,
        "once"
    );
    let mine = store
        .list_open_alerts(&viewer(worker, Role::Caseworker, None, due), 10)
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].kind, "follow_up_due");
    let sups = store
        .list_open_alerts(&viewer(sup, Role::Supervisor, Some("north"), due), 10)
        .unwrap();
    assert!(sups.is_empty(), "a reminder is the worker's own");
    // High: a day's grace, then the team's supervisors hear of it.
    assert_eq!(store.raise_follow_up_reminders(due + DAY).unwrap(), 0);
    assert_eq!(store.raise_follow_up_reminders(due + DAY + 1).unwrap(), 1);
    let sups = store
        .list_open_alerts(
            &viewer(sup, Role::Supervisor, Some("north"), due + DAY + 1),
            10,
        )
        .unwrap();
    assert_eq!(sups.len(), 1);
    assert_eq!(sups[0].kind, "follow_up_missed");
    assert_eq!(sups[0].severity, RiskLevel::High);
    // Recording the follow-up answers both.
    let f = follow_up(&store, id, Reached::Reached, due + DAY + 60);
    store.record_follow_up(&f, worker, due + DAY + 60).unwrap();
    for v in [
        viewer(worker, Role::Caseworker, None, due + DAY + 60),
        viewer(sup, Role::Supervisor, Some("north"), due + DAY + 60),
    ] {
        assert!(store.list_open_alerts(&v, 10).unwrap().is_empty());
    }
}

#[test]
fn a_critical_follow_up_missed_escalates_like_a_critical_alert() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let other_sup = add_user(&mut store, "south-sup", Role::Supervisor, "long enough");
    let id = case(&mut store, RiskLevel::Critical, Some("north"));
    let due = store.follow_up_state(id).unwrap().next_at.unwrap();
    assert_eq!(due, NOW + DAY);
    // No grace for critical: missed the moment it is due.
    assert_eq!(store.raise_follow_up_reminders(due + 1).unwrap(), 2);
    let south = |now| viewer(other_sup, Role::Supervisor, Some("south"), now);
    let missed = |store: &Store, now| {
        store
            .list_open_alerts(&south(now), 10)
            .unwrap()
            .into_iter()
            .filter(|a| a.kind == "follow_up_missed")
            .count()
    };
    assert_eq!(
        missed(&store, due + 60),
        0,
        "another team's supervisor, not yet"
    );
    assert_eq!(
        missed(&store, due + 301),
        1,
        "escalated to every supervisor"
    );
}

#[test]
fn the_queue_lists_overdue_due_today_and_upcoming_by_level_then_date() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "worker", Role::Caseworker, "long enough");
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let critical = case(&mut store, RiskLevel::Critical, Some("north")); // due NOW+1d
    let high = case(&mut store, RiskLevel::High, Some("north")); // NOW+7d
    let medium = case(&mut store, RiskLevel::Medium, Some("south")); // NOW+14d
    let low = case(&mut store, RiskLevel::Low, Some("north")); // ~NOW+30d
    let v = store.case_step(high).unwrap().version;
    store.assign_case(high, v, worker, sup, NOW).unwrap();
    let now = NOW + 10 * DAY;
    let day_end = now + 3600;
    let q = store
        .follow_up_queue(
            &helpline::domain::access::Viewer::whole_floor(1),
            &FollowUpScope::All,
            now,
            day_end,
            50,
        )
        .unwrap();
    let ids = |rows: &[helpline::store::follow_ups::FollowUpRow]| {
        rows.iter().map(|r| r.case_id).collect::<Vec<_>>()
    };
    assert_eq!(ids(&q.overdue), [critical, high]);
    assert!(q.due_today.is_empty());
    assert_eq!(ids(&q.upcoming), [medium, low]);
    let mine = store
        .follow_up_queue(
            &helpline::domain::access::Viewer::whole_floor(1),
            &FollowUpScope::Mine(worker),
            now,
            day_end,
            50,
        )
        .unwrap();
    assert_eq!(ids(&mine.overdue), [high]);
    let team = store
        .follow_up_queue(
            &helpline::domain::access::Viewer::whole_floor(1),
            &FollowUpScope::Team("south".into()),
            now,
            day_end,
            50,
        )
        .unwrap();
    assert_eq!(ids(&team.upcoming), [medium]);
    let today = store
        .follow_up_queue(
            &helpline::domain::access::Viewer::whole_floor(1),
            &FollowUpScope::All,
            NOW + 14 * DAY - 60,
            NOW + 14 * DAY + 60,
            50,
        )
        .unwrap();
    assert_eq!(ids(&today.due_today), [medium]);
}

#[test]
fn closing_stops_follow_ups_and_reopening_starts_them_again() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    // A supervisor's closure of a high case is approved at once.
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let id = case(&mut store, RiskLevel::High, None);
    let workflow = helpline::domain::workflow::Workflow::standard().unwrap();
    let v = store.case_step(id).unwrap().version;
    let close = helpline::store::case_workflow::CaseMove::close(
        helpline::domain::workflow::ClosureReason::NeedsMet,
        "Safe with relatives; school re-enrolled.",
    );
    let at = chrono::DateTime::from_timestamp(NOW + DAY, 0).unwrap();
    store
        .change_case_status(id, v, &close, &workflow, Some(sup), at)
        .unwrap();
    assert_eq!(
        store.case_step(id).unwrap().status,
        helpline::domain::CaseStatus::Closed
    );
    assert_eq!(store.raise_follow_up_reminders(NOW + 30 * DAY).unwrap(), 0);
    assert_eq!(store.follow_up_state(id).unwrap().next_at, None);
    let v = store.case_step(id).unwrap().version;
    let later = chrono::DateTime::from_timestamp(NOW + 40 * DAY, 0).unwrap();
    store
        .reopen_case(
            id,
            v,
            "Called again: the aunt can no longer keep her",
            &workflow,
            Some(sup),
            later,
        )
        .unwrap();
    assert_eq!(
        store.follow_up_state(id).unwrap().next_at,
        Some(NOW + 47 * DAY)
    );
}

#[test]
fn a_case_not_reachable_for_the_no_contact_period_is_proposed_for_closure_once() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "worker", Role::Caseworker, "long enough");
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let id = case(&mut store, RiskLevel::Medium, None);
    for n in 1..=3 {
        let f = follow_up(&store, id, Reached::NotReached, NOW + n * DAY);
        store.record_follow_up(&f, worker, NOW + n * DAY).unwrap();
    }
    let proposals = |store: &Store, now| {
        store
            .list_open_alerts(&viewer(sup, Role::Supervisor, None, now), 50)
            .unwrap()
            .into_iter()
            .filter(|a| a.kind == "no_contact_closure")
            .count()
    };
    // Thirty days from the opening (no contact since): not before.
    store.raise_follow_up_reminders(NOW + 29 * DAY).unwrap();
    assert_eq!(proposals(&store, NOW + 29 * DAY), 0);
    store.raise_follow_up_reminders(NOW + 30 * DAY).unwrap();
    assert_eq!(proposals(&store, NOW + 30 * DAY), 1);
    store.raise_follow_up_reminders(NOW + 31 * DAY).unwrap();
    assert_eq!(proposals(&store, NOW + 31 * DAY), 1, "once");
    // The child is reached: the proposal no longer holds.
    let f = follow_up(&store, id, Reached::Reached, NOW + 32 * DAY);
    store.record_follow_up(&f, worker, NOW + 32 * DAY).unwrap();
    assert_eq!(proposals(&store, NOW + 32 * DAY), 0);
    assert_eq!(store.follow_up_state(id).unwrap().unreachable_since, None);
}
