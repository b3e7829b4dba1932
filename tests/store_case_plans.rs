//! Case plans and proposed next steps on a real database: goals and
//! actions with their versions and timeline, the case-plan step's gate,
//! the overdue-action reminder (once per due date, to its owner only), the
//! proposals each trigger brings and their dismissal.

mod common;

use common::directory::seed_services;
use common::*;
use helpline::domain::case_plan::{ActionOwner, ActionStatus};
use helpline::domain::follow_up::{NeedsMet, Reached, SafeNow};
use helpline::domain::next_step::ProposalReason;
use helpline::domain::workflow::Workflow;
use helpline::domain::{CaseStatus, ReferralStatus, ResponseTimes, RiskLevel, Role};
use helpline::store::alerts::AlertViewer;
use helpline::store::case_plans::{ActionChange, NewAction};
use helpline::store::case_workflow::CaseMove;
use helpline::store::cases::NewCase;
use helpline::store::follow_ups::NewFollowUp;
use helpline::store::referrals::NewReferral;
use helpline::store::{Store, StoreError};
use std::path::Path;

const NOW: i64 = 1_795_600_000;
const DAY: i64 = 86_400;

fn at(ts: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(ts, 0).unwrap()
}

fn case(store: &mut Store) -> i64 {
    store
        .open_case(
            &NewCase {
                opened_at: NOW,
                risk: RiskLevel::High,
                team: Some("north"),
                ..NewCase::default()
            },
            None,
        )
        .unwrap()
        .0
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn move_to(store: &mut Store, id: i64, to: CaseStatus) -> Result<i64, StoreError> {
    let v = store.case_step(id).unwrap().version;
    store.change_case_status(
        id,
        v,
        &CaseMove::to(to),
        &Workflow::standard().unwrap(),
        None,
        at(NOW),
    )
}

fn action(goal_id: i64, what: &str, owner: ActionOwner, due_at: i64) -> NewAction {
    NewAction {
        goal_id,
        what: what.into(),
        owner,
        due_at,
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
fn goals_and_actions_are_versioned_and_on_the_timeline_and_in_the_audit_log() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let me = add_user(&mut store, "wanjiku", Role::Caseworker, "long enough");
    let id = case(&mut store);
    let goal = store
        .add_plan_goal(id, "  Safe at home, school attendance back  ", me, NOW)
        .unwrap();
    let err = store.add_plan_goal(id, "   ", me, NOW).unwrap_err();
    assert!(err.to_string().contains("goal is empty"), "{err}");
    let a = store
        .add_plan_action(
            id,
            &action(
                goal,
                "Call the school counsellor",
                ActionOwner::Worker(me),
                NOW + 3 * DAY,
            ),
            me,
            NOW,
        )
        .unwrap();
    // A due date already past is refused, and nothing is written.
    let err = store
        .add_plan_action(
            id,
            &action(goal, "Too late", ActionOwner::Worker(me), NOW - 1),
            me,
            NOW,
        )
        .unwrap_err();
    assert!(err.to_string().contains("due date"), "{err}");
    let plan = store.case_plan(id).unwrap();
    assert_eq!(plan.goals.len(), 1);
    assert_eq!(plan.goals[0].need, "Safe at home, school attendance back");
    assert_eq!(plan.goals[0].actions.len(), 1);
    let act = &plan.goals[0].actions[0];
    assert_eq!(
        (act.id, act.status, act.version),
        (a, ActionStatus::Open, 1)
    );
    assert_eq!(act.owner_label, "wanjiku");
    // Rewording a goal checks its version.
    let v = store
        .change_plan_goal(goal, 1, "Safe at home", me, NOW + 60)
        .unwrap();
    assert_eq!(v, 2);
    let stale = store.change_plan_goal(goal, 1, "Other", me, NOW + 60);
    assert!(matches!(stale, Err(StoreError::Conflict { .. })));
    // Dropping needs a reason; a stale version is a conflict; done is final.
    let err = store
        .close_plan_action(a, 1, ActionStatus::Dropped, Some(" "), me, NOW + 60)
        .unwrap_err();
    assert!(err.to_string().contains("reason"), "{err}");
    let stale = store.close_plan_action(a, 7, ActionStatus::Done, None, me, NOW + 60);
    assert!(matches!(stale, Err(StoreError::Conflict { .. })));
    assert_eq!(
        store
            .close_plan_action(a, 1, ActionStatus::Done, None, me, NOW + 120)
            .unwrap(),
        2
    );
    let err = store
        .close_plan_action(a, 2, ActionStatus::Dropped, Some("x"), me, NOW + 180)
        .unwrap_err();
    assert!(err.to_string().contains("already done"), "{err}");
    // Four changes: goal added, goal changed, action added, action done.
    assert_eq!(
        count(&db, "SELECT count(*) FROM case_events WHERE kind = 'plan'"),
        4
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'case_plan_changed'"
        ),
        4
    );
    let timeline = store.case_timeline(id, None, 50).unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| e.summary == "Plan action done: Call the school counsellor")
    );
}

#[test]
fn an_agency_action_needs_one_of_the_cases_referrals_and_a_closed_case_keeps_its_plan() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let me = add_user(&mut store, "me", Role::Caseworker, "long enough");
    let services = seed_services(&mut store);
    let id = case(&mut store);
    let other = case(&mut store);
    let referral = store
        .create_referral(
            &NewReferral {
                case_id: other,
                service_id: services[0],
                urgency: None,
                consent_given: true,
                override_reason: None,
                note: None,
            },
            &ResponseTimes::default(),
            Some(me),
            at(NOW),
        )
        .unwrap();
    let goal = store.add_plan_goal(id, "Safe shelter", me, NOW).unwrap();
    let err = store
        .add_plan_action(
            id,
            &action(
                goal,
                "Place in shelter",
                ActionOwner::Referral(referral),
                NOW + DAY,
            ),
            me,
            NOW,
        )
        .unwrap_err();
    assert!(err.to_string().contains("referrals"), "{err}");
    assert!(store.plan_referral_owners(id).unwrap().is_empty());
    assert_eq!(store.plan_referral_owners(other).unwrap().len(), 1);
    // A goal of another case cannot take this case's action.
    let other_goal = store.add_plan_goal(other, "Shelter", me, NOW).unwrap();
    store
        .add_plan_action(
            other,
            &action(
                other_goal,
                "Place in shelter",
                ActionOwner::Referral(referral),
                NOW + DAY,
            ),
            me,
            NOW,
        )
        .unwrap();
    let err = store
        .add_plan_action(
            id,
            &action(other_goal, "x", ActionOwner::Worker(me), NOW + DAY),
            me,
            NOW,
        )
        .unwrap_err();
    assert!(err.to_string().contains("goal"), "{err}");
    let plan = store.case_plan(other).unwrap();
    assert_eq!(plan.goals[0].actions[0].owner_label, "Tumaini Safe House");
}

#[test]
fn the_case_plan_step_needs_a_goal() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let me = add_user(&mut store, "me", Role::Caseworker, "long enough");
    let id = case(&mut store);
    move_to(&mut store, id, CaseStatus::Assessment).unwrap();
    let err = move_to(&mut store, id, CaseStatus::CasePlan).unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(m) if m.contains("at least one goal")),
        "{err}"
    );
    assert_eq!(store.case_step(id).unwrap().status, CaseStatus::Assessment);
    store.add_plan_goal(id, "Safe at home", me, NOW).unwrap();
    move_to(&mut store, id, CaseStatus::CasePlan).unwrap();
    assert_eq!(store.case_step(id).unwrap().status, CaseStatus::CasePlan);
}

#[test]
fn an_overdue_action_reminds_its_owner_alone_once_per_due_date() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "worker", Role::Caseworker, "long enough");
    let owner = add_user(&mut store, "owner", Role::Caseworker, "long enough");
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let id = case(&mut store);
    let v = store.case_step(id).unwrap().version;
    store.assign_case(id, v, worker, sup, NOW).unwrap();
    let goal = store
        .add_plan_goal(id, "Back at school", worker, NOW)
        .unwrap();
    let due = NOW + 2 * DAY;
    let a = store
        .add_plan_action(
            id,
            &action(
                goal,
                "Meet the head teacher",
                ActionOwner::Worker(owner),
                due,
            ),
            worker,
            NOW,
        )
        .unwrap();
    assert_eq!(
        store.raise_plan_action_reminders(due).unwrap(),
        0,
        "not yet"
    );
    assert!(
        store
            .overdue_plan_actions(owner, due, 10)
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.raise_plan_action_reminders(due + 1).unwrap(), 1);
    assert_eq!(
        store.raise_plan_action_reminders(due + 60).unwrap(),
        0,
        "once"
    );
    let kinds = |store: &Store, v: AlertViewer| {
        store
            .list_open_alerts(&v, 10)
            .unwrap()
            .into_iter()
            .filter(|a| a.kind == "plan_action_overdue")
            .count()
    };
    assert_eq!(
        kinds(&store, viewer(owner, Role::Caseworker, None, due + 60)),
        1
    );
    assert_eq!(
        kinds(&store, viewer(worker, Role::Caseworker, None, due + 60)),
        0,
        "the owner's alone"
    );
    assert_eq!(
        kinds(
            &store,
            viewer(sup, Role::Supervisor, Some("north"), due + 60)
        ),
        0
    );
    let late = store.overdue_plan_actions(owner, due + 60, 10).unwrap();
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].what, "Meet the head teacher");
    assert!(
        store
            .overdue_plan_actions(worker, due + 60, 10)
            .unwrap()
            .is_empty()
    );
    // Done: the reminder is answered and nothing is overdue.
    store
        .close_plan_action(a, 1, ActionStatus::Done, None, owner, due + 120)
        .unwrap();
    assert_eq!(
        kinds(&store, viewer(owner, Role::Caseworker, None, due + 120)),
        0
    );
    assert!(
        store
            .overdue_plan_actions(owner, due + 120, 10)
            .unwrap()
            .is_empty()
    );
    // A new action with its own due date gets its own reminder.
    store
        .add_plan_action(
            id,
            &action(
                goal,
                "Check attendance",
                ActionOwner::Worker(owner),
                due + DAY,
            ),
            worker,
            due + 120,
        )
        .unwrap();
    assert_eq!(store.raise_plan_action_reminders(due + DAY + 1).unwrap(), 1);
}

#[test]
fn an_agency_actions_reminder_goes_to_the_case_worker() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "worker", Role::Caseworker, "long enough");
    let sup = add_user(&mut store, "sup", Role::Supervisor, "long enough");
    let services = seed_services(&mut store);
    let id = case(&mut store);
    let v = store.case_step(id).unwrap().version;
    store.assign_case(id, v, worker, sup, NOW).unwrap();
    let referral = store
        .create_referral(
            &NewReferral {
                case_id: id,
                service_id: services[2],
                urgency: None,
                consent_given: true,
                override_reason: None,
                note: None,
            },
            &ResponseTimes::default(),
            Some(worker),
            at(NOW),
        )
        .unwrap();
    let goal = store
        .add_plan_goal(id, "Medical care", worker, NOW)
        .unwrap();
    store
        .add_plan_action(
            id,
            &action(
                goal,
                "Examination",
                ActionOwner::Referral(referral),
                NOW + DAY,
            ),
            worker,
            NOW,
        )
        .unwrap();
    assert_eq!(store.raise_plan_action_reminders(NOW + DAY + 1).unwrap(), 1);
    let overdue = store
        .overdue_plan_actions(worker, NOW + DAY + 1, 10)
        .unwrap();
    assert_eq!(overdue.len(), 1);
    let alerts = store
        .list_open_alerts(&viewer(worker, Role::Caseworker, None, NOW + DAY + 1), 10)
        .unwrap();
    assert!(alerts.iter().any(|a| a.kind == "plan_action_overdue"));
}

fn follow_up(store: &Store, case_id: i64, needs: NeedsMet, done_at: i64) -> NewFollowUp {
    NewFollowUp {
        case_id,
        version: store.case_step(case_id).unwrap().version,
        done_at,
        channel: "phone".into(),
        reached: Reached::Reached,
        reached_who: None,
        safe_now: Some(SafeNow::Yes),
        new_concern: false,
        needs_met: Some(needs),
        progress: None,
        note: None,
        next_at: None,
        next_reason: None,
    }
}

fn reasons(store: &Store, id: i64) -> Vec<(ProposalReason, CaseStatus)> {
    store
        .next_step_proposals(id, &Workflow::standard().unwrap())
        .unwrap()
        .into_iter()
        .map(|p| (p.reason, p.to))
        .collect()
}

#[test]
fn finished_referrals_done_actions_and_needs_met_each_propose_a_step_until_dismissed() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let me = add_user(&mut store, "me", Role::Caseworker, "long enough");
    let services = seed_services(&mut store);
    let id = case(&mut store);
    move_to(&mut store, id, CaseStatus::Assessment).unwrap();
    let goal = store.add_plan_goal(id, "Safe at home", me, NOW).unwrap();
    move_to(&mut store, id, CaseStatus::CasePlan).unwrap();
    let a = store
        .add_plan_action(
            id,
            &action(goal, "Home visit", ActionOwner::Worker(me), NOW + DAY),
            me,
            NOW,
        )
        .unwrap();
    move_to(&mut store, id, CaseStatus::InService).unwrap();
    let referral = |service: i64, store: &mut Store| {
        store
            .create_referral(
                &NewReferral {
                    case_id: id,
                    service_id: service,
                    urgency: None,
                    consent_given: true,
                    override_reason: None,
                    note: None,
                },
                &ResponseTimes::default(),
                Some(me),
                at(NOW),
            )
            .unwrap()
    };
    let r1 = referral(services[2], &mut store);
    let r2 = referral(services[4], &mut store);
    assert!(reasons(&store, id).is_empty());
    // Both referrals end: one completed, one declined.
    let mut v = 1;
    for to in [
        ReferralStatus::Sent,
        ReferralStatus::Acknowledged,
        ReferralStatus::Accepted,
        ReferralStatus::Completed,
    ] {
        v = store
            .change_referral_status(r1, v, to, None, Some(me), at(NOW + 60))
            .unwrap();
    }
    assert!(reasons(&store, id).is_empty(), "one still open");
    let mut v = 1;
    for to in [ReferralStatus::Sent, ReferralStatus::Acknowledged] {
        v = store
            .change_referral_status(r2, v, to, None, Some(me), at(NOW + 60))
            .unwrap();
    }
    store
        .change_referral_status(
            r2,
            v,
            ReferralStatus::Declined,
            Some("no lawyer free"),
            Some(me),
            at(NOW + 60),
        )
        .unwrap();
    assert_eq!(
        reasons(&store, id),
        [(ProposalReason::ReferralsFinished, CaseStatus::FollowUp)]
    );
    let proposal = store
        .next_step_proposals(id, &Workflow::standard().unwrap())
        .unwrap()
        .remove(0);
    assert_eq!(
        proposal.text(),
        "All referrals completed or declined: move to Follow-up?"
    );
    // Dismissed: gone, and remembered on the timeline and in the audit.
    store
        .dismiss_next_step(id, &proposal, me, NOW + 120)
        .unwrap();
    assert!(reasons(&store, id).is_empty());
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM case_events WHERE kind = 'proposal'"
        ),
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM audit_log WHERE action = 'next_step_dismissed'"
        ),
        1
    );
    // The step never changed by itself.
    assert_eq!(store.case_step(id).unwrap().status, CaseStatus::InService);
    // Every action done: a proposal of its own.
    store
        .close_plan_action(a, 1, ActionStatus::Done, None, me, NOW + 180)
        .unwrap();
    assert_eq!(
        reasons(&store, id),
        [(ProposalReason::PlanActionsDone, CaseStatus::FollowUp)]
    );
    // A new referral, open: not all finished.
    let r3 = referral(services[0], &mut store);
    assert_eq!(
        reasons(&store, id),
        [(ProposalReason::PlanActionsDone, CaseStatus::FollowUp)]
    );
    // Once it completes, something new happened: the dismissed proposal
    // comes back.
    let mut v = 1;
    for to in [
        ReferralStatus::Sent,
        ReferralStatus::Acknowledged,
        ReferralStatus::Accepted,
        ReferralStatus::Completed,
    ] {
        v = store
            .change_referral_status(r3, v, to, None, Some(me), at(NOW + 240))
            .unwrap();
    }
    assert_eq!(
        reasons(&store, id),
        [
            (ProposalReason::PlanActionsDone, CaseStatus::FollowUp),
            (ProposalReason::ReferralsFinished, CaseStatus::FollowUp)
        ]
    );
    // Moved on; a follow-up finds the needs met: closing is proposed.
    move_to(&mut store, id, CaseStatus::FollowUp).unwrap();
    assert!(reasons(&store, id).is_empty());
    let f = follow_up(&store, id, NeedsMet::Partly, NOW + 2 * DAY);
    store.record_follow_up(&f, me, NOW + 2 * DAY).unwrap();
    assert!(reasons(&store, id).is_empty(), "partly is not met");
    let f = follow_up(&store, id, NeedsMet::Yes, NOW + 3 * DAY);
    store.record_follow_up(&f, me, NOW + 3 * DAY).unwrap();
    assert_eq!(
        reasons(&store, id),
        [(ProposalReason::NeedsMet, CaseStatus::Closed)]
    );
    assert_eq!(store.case_step(id).unwrap().status, CaseStatus::FollowUp);
}

#[test]
fn changing_an_open_action_checks_its_version_and_a_new_due_date_reminds_again() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let me = add_user(&mut store, "me", Role::Caseworker, "long enough");
    let other = add_user(&mut store, "other", Role::Caseworker, "long enough");
    let id = case(&mut store);
    let goal = store.add_plan_goal(id, "Back at school", me, NOW).unwrap();
    let a = store
        .add_plan_action(
            id,
            &action(
                goal,
                "Meet the head teacher",
                ActionOwner::Worker(me),
                NOW + DAY,
            ),
            me,
            NOW,
        )
        .unwrap();
    assert_eq!(store.raise_plan_action_reminders(NOW + DAY + 1).unwrap(), 1);
    let change = ActionChange {
        what: "Meet the head teacher and the class teacher".into(),
        owner: ActionOwner::Worker(other),
        due_at: NOW + 4 * DAY,
    };
    let stale = store.change_plan_action(a, 9, &change, me, NOW + DAY + 60);
    assert!(matches!(stale, Err(StoreError::Conflict { .. })));
    assert_eq!(
        store
            .change_plan_action(a, 1, &change, me, NOW + DAY + 60)
            .unwrap(),
        2
    );
    let plan = store.case_plan(id).unwrap();
    let changed = &plan.goals[0].actions[0];
    assert_eq!(changed.owner, ActionOwner::Worker(other));
    assert_eq!(changed.due_at, NOW + 4 * DAY);
    // Its new date gets its own reminder, to its new owner.
    assert_eq!(store.raise_plan_action_reminders(NOW + 2 * DAY).unwrap(), 0);
    assert_eq!(
        store
            .raise_plan_action_reminders(NOW + 4 * DAY + 1)
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .overdue_plan_actions(other, NOW + 4 * DAY + 1, 10)
            .unwrap()
            .len(),
        1
    );
    // A done action stays as it was.
    store
        .close_plan_action(a, 2, ActionStatus::Done, None, other, NOW + 5 * DAY)
        .unwrap();
    let err = store
        .change_plan_action(a, 3, &change, me, NOW + 5 * DAY)
        .unwrap_err();
    assert!(err.to_string().contains("already done"), "{err}");
    assert!(store.case_timeline(id, None, 50).unwrap().iter().any(|e| {
        e.summary
            .starts_with("Plan action changed: Meet the head teacher and")
    }));
}
