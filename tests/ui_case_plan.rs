//! The case plan and the proposed next steps driven like a user would, on
//! a real database, drawn at 80x24: adding a goal and an action, marking
//! it done, an overdue action on the case and in the Follow-ups pane, the
//! step dialog's gate, accepting and dismissing a proposal, and a plan
//! dialog that survives a killed process.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use helpline::app::keymap::Keymap;
use helpline::app::state::{Screen, Shell, State};
use helpline::app::{Msg, update};
use helpline::domain::case_plan::{ActionOwner, ActionStatus};
use helpline::domain::workflow::Workflow;
use helpline::domain::{CaseStatus, RiskLevel, Role};
use helpline::store::Store;
use helpline::store::case_plans::NewAction;
use helpline::store::case_workflow::CaseMove;
use helpline::store::cases::NewCase;
use helpline::store::dialog_drafts::DialogKind;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const NOW: i64 = 1_795_600_000;
const DAY: i64 = 86_400;

fn new_case(store: &mut Store, child: &str) -> i64 {
    store
        .open_case(
            &NewCase {
                opened_at: NOW - 600,
                risk: RiskLevel::Medium,
                child_name: Some(child),
                child_age: Some(14),
                ..NewCase::default()
            },
            None,
        )
        .unwrap()
        .0
}

fn log_in(store: &mut Store, name: &str, now: i64) -> State {
    let mut state = State::new(
        Keymap::shipped(),
        "helpline.db".into(),
        DateTime::<Utc>::from_timestamp(now, 0).unwrap(),
    );
    let user = store.find_login(name).unwrap().unwrap().user;
    drive(&mut state, store, Msg::LoginChecked(Ok(user)));
    state
}

fn shell(state: &State) -> &Shell {
    match &state.screen {
        Screen::Shell(shell) => shell,
        Screen::Login(_) => panic!("not logged in"),
    }
}

fn typed(state: &mut State, store: &mut Store, text: &str) {
    for c in text.chars() {
        drive(state, store, key(KeyCode::Char(c)));
    }
}

fn ctrl(state: &mut State, store: &mut Store, c: char) {
    drive(
        state,
        store,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
}

fn open_case(state: &mut State, store: &mut Store, case_id: i64) {
    drive(state, store, key(KeyCode::Char('3')));
    drive(state, store, key(KeyCode::Home));
    for _ in 0..10 {
        let on = shell(state)
            .cases
            .rows
            .get(shell(state).cases.selected)
            .map(|r| r.id);
        if on == Some(case_id) {
            break;
        }
        drive(state, store, key(KeyCode::Down));
    }
    drive(state, store, key(KeyCode::Enter));
    assert_eq!(
        shell(state).cases.open.as_ref().map(|v| v.detail.row.id),
        Some(case_id)
    );
}

fn move_to(store: &mut Store, id: i64, to: CaseStatus) {
    let v = store.case_step(id).unwrap().version;
    store
        .change_case_status(
            id,
            v,
            &CaseMove::to(to),
            &Workflow::standard().unwrap(),
            None,
            DateTime::from_timestamp(NOW - 300, 0).unwrap(),
        )
        .unwrap();
}

fn setup() -> (tempfile::TempDir, Store, i64) {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let worker = add_user(&mut store, "amina", Role::Caseworker, "long enough");
    (dir, store, worker)
}

#[test]
fn the_plan_view_adds_a_goal_and_an_action_and_marks_it_done() {
    let (_dir, mut store, worker) = setup();
    let case_id = new_case(&mut store, "Nyambura Wanjiru");
    let mut state = log_in(&mut store, "amina", NOW);
    open_case(&mut state, &mut store, case_id);
    drive(&mut state, &mut store, key(KeyCode::Char('p')));
    insta::assert_snapshot!("plan_empty_80x24", draw(&state, 80, 24));
    drive(&mut state, &mut store, key(KeyCode::Char('g')));
    typed(&mut state, &mut store, "Safe at home; back at school 🌻");
    ctrl(&mut state, &mut store, 's');
    drive(&mut state, &mut store, key(KeyCode::Char('a')));
    typed(
        &mut state,
        &mut store,
        "Meet the head teacher with Wanjikũ's aunt",
    );
    insta::assert_snapshot!("plan_action_dialog_80x24", draw(&state, 80, 24));
    ctrl(&mut state, &mut store, 's');
    let plan = store.case_plan(case_id).unwrap();
    assert_eq!(plan.goals.len(), 1);
    let action = &plan.goals[0].actions[0];
    assert_eq!(action.owner, ActionOwner::Worker(worker));
    // Due a week from today by default, at the end of that day.
    assert!((7 * DAY - 1..8 * DAY).contains(&(action.due_at - NOW)));
    drive(&mut state, &mut store, key(KeyCode::Char('j')));
    // Changed: a day later than prefilled.
    drive(&mut state, &mut store, key(KeyCode::Char('e')));
    drive(&mut state, &mut store, key(KeyCode::Tab));
    drive(&mut state, &mut store, key(KeyCode::Tab));
    for _ in 0..10 {
        drive(&mut state, &mut store, key(KeyCode::Backspace));
    }
    typed(&mut state, &mut store, "2026-12-09");
    ctrl(&mut state, &mut store, 's');
    let plan = store.case_plan(case_id).unwrap();
    let action = &plan.goals[0].actions[0];
    assert_eq!(action.version, 2);
    assert!(draw(&state, 80, 24).contains("by 2026-12-09"));
    drive(&mut state, &mut store, key(KeyCode::Char('d')));
    let plan = store.case_plan(case_id).unwrap();
    assert_eq!(plan.goals[0].actions[0].status, ActionStatus::Done);
    insta::assert_snapshot!("plan_action_done_80x24", draw(&state, 80, 24));
}

#[test]
fn dropping_an_action_asks_why_and_an_empty_reason_changes_nothing() {
    let (_dir, mut store, worker) = setup();
    let case_id = new_case(&mut store, "Otieno Achieng");
    let goal = store
        .add_plan_goal(case_id, "Medical care", worker, NOW)
        .unwrap();
    store
        .add_plan_action(
            case_id,
            &NewAction {
                goal_id: goal,
                what: "Clinic visit".into(),
                owner: ActionOwner::Worker(worker),
                due_at: NOW + DAY,
            },
            worker,
            NOW,
        )
        .unwrap();
    let mut state = log_in(&mut store, "amina", NOW);
    open_case(&mut state, &mut store, case_id);
    drive(&mut state, &mut store, key(KeyCode::Char('p')));
    drive(&mut state, &mut store, key(KeyCode::Down));
    drive(&mut state, &mut store, key(KeyCode::Char('x')));
    ctrl(&mut state, &mut store, 's');
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("Write the reason"), "{screen}");
    typed(&mut state, &mut store, "Family moved to Kisumu");
    ctrl(&mut state, &mut store, 's');
    let plan = store.case_plan(case_id).unwrap();
    let action = &plan.goals[0].actions[0];
    assert_eq!(action.status, ActionStatus::Dropped);
    assert_eq!(
        action.drop_reason.as_deref(),
        Some("Family moved to Kisumu")
    );
}

#[test]
fn an_overdue_action_shows_on_the_case_and_in_the_follow_ups_pane() {
    let (_dir, mut store, worker) = setup();
    let case_id = new_case(&mut store, "Zoë Achieng");
    let goal = store
        .add_plan_goal(case_id, "Safe at home", worker, NOW)
        .unwrap();
    store
        .add_plan_action(
            case_id,
            &NewAction {
                goal_id: goal,
                what: "Home visit with the social worker".into(),
                owner: ActionOwner::Worker(worker),
                due_at: NOW + DAY,
            },
            worker,
            NOW,
        )
        .unwrap();
    let later = NOW + 3 * DAY;
    let mut state = log_in(&mut store, "amina", later);
    open_case(&mut state, &mut store, case_id);
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("1 open action (1 OVERDUE)"), "{screen}");
    drive(&mut state, &mut store, key(KeyCode::Char('p')));
    insta::assert_snapshot!("plan_overdue_80x24", draw(&state, 80, 24));
    drive(&mut state, &mut store, key(KeyCode::Esc));
    drive(&mut state, &mut store, key(KeyCode::Esc));
    drive(&mut state, &mut store, key(KeyCode::Char('8')));
    insta::assert_snapshot!("follow_ups_overdue_actions_80x24", draw(&state, 80, 24));
}

#[test]
fn the_step_dialog_says_the_plan_step_needs_a_goal() {
    let (_dir, mut store, _worker) = setup();
    let case_id = new_case(&mut store, "Thị Hương");
    move_to(&mut store, case_id, CaseStatus::Assessment);
    let mut state = log_in(&mut store, "amina", NOW);
    open_case(&mut state, &mut store, case_id);
    drive(&mut state, &mut store, key(KeyCode::Char('s')));
    drive(&mut state, &mut store, key(KeyCode::Enter));
    insta::assert_snapshot!("step_needs_goal_80x24", draw(&state, 80, 24));
    assert_eq!(
        store.case_step(case_id).unwrap().status,
        CaseStatus::Assessment
    );
}

/// A case at the plan step whose only action is done.
fn plan_done(store: &mut Store, worker: i64, child: &str) -> i64 {
    let case_id = new_case(store, child);
    move_to(store, case_id, CaseStatus::Assessment);
    let goal = store
        .add_plan_goal(case_id, "Safe at home", worker, NOW - 200)
        .unwrap();
    move_to(store, case_id, CaseStatus::CasePlan);
    let a = store
        .add_plan_action(
            case_id,
            &NewAction {
                goal_id: goal,
                what: "Safety plan with the caregiver".into(),
                owner: ActionOwner::Worker(worker),
                due_at: NOW + DAY,
            },
            worker,
            NOW - 100,
        )
        .unwrap();
    store
        .close_plan_action(a, 1, ActionStatus::Done, None, worker, NOW - 50)
        .unwrap();
    case_id
}

#[test]
fn a_proposal_is_accepted_with_one_key_or_dismissed_and_never_moves_the_case_by_itself() {
    let (_dir, mut store, worker) = setup();
    let accepted = plan_done(&mut store, worker, "José Pérez");
    let dismissed = plan_done(&mut store, worker, "محمد علي");
    let mut state = log_in(&mut store, "amina", NOW);
    open_case(&mut state, &mut store, dismissed);
    insta::assert_snapshot!("proposal_on_case_80x24", draw(&state, 80, 24));
    assert_eq!(
        store.case_step(dismissed).unwrap().status,
        CaseStatus::CasePlan
    );
    drive(&mut state, &mut store, key(KeyCode::Char('X')));
    let screen = draw(&state, 80, 24);
    assert!(!screen.contains("➜"), "{screen}");
    assert!(screen.contains("✓ Proposal dismissed."), "{screen}");
    assert_eq!(
        store.case_step(dismissed).unwrap().status,
        CaseStatus::CasePlan
    );
    // Dismissed stays dismissed on the next opening.
    drive(&mut state, &mut store, key(KeyCode::Esc));
    open_case(&mut state, &mut store, dismissed);
    assert!(!draw(&state, 80, 24).contains("➜"));
    // The other one: one key makes the move, by the workflow rules.
    drive(&mut state, &mut store, key(KeyCode::Esc));
    open_case(&mut state, &mut store, accepted);
    drive(&mut state, &mut store, key(KeyCode::Char('P')));
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("✓ Saved."), "{screen}");
    assert_eq!(
        store.case_step(accepted).unwrap().status,
        CaseStatus::FollowUp
    );
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("Step Follow-up"), "{screen}");
}

#[test]
fn a_plan_dialog_being_typed_survives_a_killed_process() {
    let (_dir, mut store, worker) = setup();
    let case_id = new_case(&mut store, "Ngozi Okafor");
    let mut state = log_in(&mut store, "amina", NOW);
    open_case(&mut state, &mut store, case_id);
    drive(&mut state, &mut store, key(KeyCode::Char('p')));
    drive(&mut state, &mut store, key(KeyCode::Char('g')));
    typed(&mut state, &mut store, "Counselling for Ngozi 🌻");
    drive(&mut state, &mut store, Msg::AutosaveDue);
    let kinds: Vec<DialogKind> = store
        .operator_dialog_drafts(worker)
        .unwrap()
        .into_iter()
        .map(|d| d.key.kind)
        .collect();
    assert_eq!(kinds, [DialogKind::Plan]);
    drop(state); // killed: no exit effects run

    let mut state = log_in(&mut store, "amina", NOW + 60);
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("Counselling for Ngozi 🌻"), "{screen}");
    assert!(
        screen.contains("Back from before (the case plan)"),
        "{screen}"
    );
    ctrl(&mut state, &mut store, 's');
    assert_eq!(
        store.case_plan(case_id).unwrap().goals[0].need,
        "Counselling for Ngozi 🌻"
    );
    // Saved: the draft is forgotten.
    drive(&mut state, &mut store, Msg::AutosaveDue);
    assert!(store.operator_dialog_drafts(worker).unwrap().is_empty());
    let _ = update(&mut state, Msg::AutosaveDue);
}
