//! Closure approvals in the Cases pane, driven like users would on a real
//! database: a case worker's closure of a high case waits (the form says
//! so first; the header and the list row show it), a supervisor finds it
//! in the approvals list, sends it back with a reason, then approves the
//! next request; a closed case reopens with a reason; the typed reasons
//! are kept as dialog drafts.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use helpline::app::case_dialog::CaseDialog;
use helpline::app::keymap::Keymap;
use helpline::app::state::{Screen, Shell, State};
use helpline::app::{Msg, update};
use helpline::domain::closure_approval::RequestState;
use helpline::domain::{CaseStatus, RiskLevel, Role};
use helpline::store::Store;
use helpline::store::cases::NewCase;
use helpline::store::dialog_drafts::DialogKind;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const NOW: i64 = 1_795_600_000;

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    high: i64,
}

fn world() -> World {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "wanjiku", Role::Caseworker, "long enough");
    add_user(&mut store, "amani", Role::Supervisor, "long enough");
    add_user(&mut store, "otieno", Role::Operator, "long enough");
    let high = store
        .open_case(
            &NewCase {
                opened_at: NOW - 3 * 86_400,
                risk: RiskLevel::High,
                child_name: Some("Thị Hương"),
                child_age: Some(9),
                ..NewCase::default()
            },
            None,
        )
        .unwrap()
        .0;
    store
        .open_case(
            &NewCase {
                opened_at: NOW - 86_400,
                risk: RiskLevel::Low,
                child_name: Some("José Pérez"),
                child_age: Some(12),
                ..NewCase::default()
            },
            None,
        )
        .unwrap();
    World {
        _dir: dir,
        store,
        high,
    }
}

fn log_in(store: &mut Store, name: &str, at: i64) -> State {
    let mut state = State::new(
        Keymap::shipped(),
        "helpline.db".into(),
        DateTime::<Utc>::from_timestamp(at, 0).unwrap(),
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

fn press(state: &mut State, store: &mut Store, code: KeyCode) {
    drive(state, store, key(code));
}

fn typed(state: &mut State, store: &mut Store, text: &str) {
    for c in text.chars() {
        press(state, store, KeyCode::Char(c));
    }
}

fn ctrl_s(state: &mut State, store: &mut Store) {
    drive(
        state,
        store,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
}

fn open_first_case(state: &mut State, store: &mut Store) {
    press(state, store, KeyCode::Char('3'));
    press(state, store, KeyCode::Enter);
    assert!(shell(state).cases.open.is_some());
}

/// Closes the open case for its first reason ("needs met") with a note,
/// looking at the form before saving.
fn close_open_case(state: &mut State, store: &mut Store) -> String {
    press(state, store, KeyCode::Char('s'));
    let options = match &shell(state).cases.open.as_ref().unwrap().dialog {
        Some(CaseDialog::Step { options, .. }) => options.clone(),
        other => panic!("{other:?}"),
    };
    let closed = options
        .iter()
        .position(|s| *s == CaseStatus::Closed)
        .unwrap();
    for _ in 0..closed {
        press(state, store, KeyCode::Down);
    }
    press(state, store, KeyCode::Enter);
    press(state, store, KeyCode::Tab);
    typed(state, store, "Safe with her aunt; school re-enrolled.");
    let form = draw(state, 80, 24);
    ctrl_s(state, store);
    form
}

fn view(state: &State) -> &helpline::app::cases::CaseView {
    shell(state).cases.open.as_ref().unwrap()
}

#[test]
fn a_workers_closure_of_a_high_case_waits_and_shows_on_the_header_and_row() {
    let mut w = world();
    let mut state = log_in(&mut w.store, "wanjiku", NOW);
    open_first_case(&mut state, &mut w.store);
    assert_eq!(view(&state).detail.row.id, w.high);
    let form = close_open_case(&mut state, &mut w.store);
    assert!(
        form.contains("This closure will wait for a supervisor's approval."),
        "{form}"
    );
    insta::assert_snapshot!("closure_form_waits_80x24", form);

    let v = view(&state);
    assert!(v.dialog.is_none(), "{:?}", v.notice);
    assert_eq!(v.detail.row.status, CaseStatus::Open, "not closed");
    assert_eq!(v.detail.row.closure, Some(RequestState::Pending));
    assert!(v.notice.as_deref().unwrap().contains("Closure requested"));
    let screen = draw(&state, 80, 24);
    assert!(screen.contains("◷ Closure pending approval"), "{screen}");
    assert!(!screen.contains("A approve"), "not offered to a worker");
    insta::assert_snapshot!("closure_pending_header_80x24", screen);

    // The worker's keys do nothing but say why.
    press(&mut state, &mut w.store, KeyCode::Char('A'));
    assert!(view(&state).dialog.is_none());
    assert!(
        view(&state)
            .notice
            .as_deref()
            .unwrap()
            .contains("Only supervisors")
    );
    assert_eq!(w.store.case_step(w.high).unwrap().status, CaseStatus::Open);

    // The list row carries the marker, in 80 columns.
    press(&mut state, &mut w.store, KeyCode::Esc);
    let list = draw(&state, 80, 24);
    assert!(list.contains("◷ approval"), "{list}");
    assert!(list.contains("◷ closure pending approval"), "{list}");
    insta::assert_snapshot!("closure_pending_list_80x24", list);
    // The approvals filter is a supervisor's.
    press(&mut state, &mut w.store, KeyCode::Char('p'));
    assert!(!shell(&state).cases.filter.approvals);
    assert!(!draw(&state, 80, 24).contains("p approvals"));
}

#[test]
fn a_low_case_closes_at_once_and_says_so_first() {
    let mut w = world();
    let mut state = log_in(&mut w.store, "wanjiku", NOW);
    press(&mut state, &mut w.store, KeyCode::Char('3'));
    press(&mut state, &mut w.store, KeyCode::Down);
    press(&mut state, &mut w.store, KeyCode::Enter);
    assert_eq!(view(&state).detail.row.risk, RiskLevel::Low);
    let form = close_open_case(&mut state, &mut w.store);
    assert!(form.contains("The case closes at once."), "{form}");
    assert_eq!(view(&state).detail.row.status, CaseStatus::Closed);
}

#[test]
fn a_supervisor_sends_a_closure_back_then_approves_the_next_one() {
    let mut w = world();
    let mut worker = log_in(&mut w.store, "wanjiku", NOW - 7200);
    open_first_case(&mut worker, &mut w.store);
    close_open_case(&mut worker, &mut w.store);

    let mut sup = log_in(&mut w.store, "amani", NOW);
    press(&mut sup, &mut w.store, KeyCode::Char('3'));
    assert!(draw(&sup, 80, 24).contains("p approvals"));
    press(&mut sup, &mut w.store, KeyCode::Char('p'));
    let cases = &shell(&sup).cases;
    assert!(cases.filter.approvals);
    assert_eq!(cases.approvals.len(), 1);
    let list = draw(&sup, 80, 24);
    for expected in [
        "closures awaiting approval",
        "2h 00m",
        "wanjiku",
        "Thị Hương",
    ] {
        assert!(list.contains(expected), "{expected} missing:\n{list}");
    }
    insta::assert_snapshot!("approvals_list_80x24", list);

    press(&mut sup, &mut w.store, KeyCode::Enter);
    assert_eq!(view(&sup).detail.row.id, w.high);
    assert!(draw(&sup, 80, 24).contains("A approve"));
    press(&mut sup, &mut w.store, KeyCode::Char('B'));
    assert!(matches!(view(&sup).dialog, Some(CaseDialog::Reason { .. })));
    typed(
        &mut sup,
        &mut w.store,
        "Call her once more at the safe time.",
    );
    insta::assert_snapshot!("send_back_dialog_80x24", draw(&sup, 80, 24));
    ctrl_s(&mut sup, &mut w.store);
    let v = view(&sup);
    assert!(v.dialog.is_none(), "{:?}", v.notice);
    assert_eq!(v.detail.row.closure, Some(RequestState::SentBack));
    assert_eq!(v.detail.row.status, CaseStatus::Open);

    // The requester sees the reason on the header and the timeline.
    drive(
        &mut worker,
        &mut w.store,
        Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)),
    );
    let screen = draw(&worker, 80, 24);
    assert!(
        screen.contains("↩ Closure sent back by amani: Call her once more"),
        "{screen}"
    );
    insta::assert_snapshot!("closure_sent_back_header_80x24", screen);

    // Asked again; this time approved.
    close_open_case(&mut worker, &mut w.store);
    drive(
        &mut sup,
        &mut w.store,
        Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)),
    );
    press(&mut sup, &mut w.store, KeyCode::Char('A'));
    assert!(matches!(
        view(&sup).dialog,
        Some(CaseDialog::Approve { .. })
    ));
    let confirm = draw(&sup, 80, 24);
    assert!(confirm.contains("Enter approves"), "{confirm}");
    press(&mut sup, &mut w.store, KeyCode::Enter);
    let v = view(&sup);
    assert!(v.dialog.is_none(), "{:?}", v.notice);
    assert_eq!(v.detail.row.status, CaseStatus::Closed);
    assert_eq!(v.detail.closure_reason.as_deref(), Some("needs_met"));
    assert!(
        v.timeline[0]
            .summary
            .contains("closure requested by wanjiku approved"),
        "{}",
        v.timeline[0].summary
    );
}

#[test]
fn a_closed_case_reopens_with_a_reason_kept_as_a_draft() {
    let mut w = world();
    let user = w.store.find_login("amani").unwrap().unwrap().user.id;
    let mut state = log_in(&mut w.store, "amani", NOW);
    open_first_case(&mut state, &mut w.store);
    close_open_case(&mut state, &mut w.store);
    assert_eq!(view(&state).detail.row.status, CaseStatus::Closed);

    press(&mut state, &mut w.store, KeyCode::Char('s'));
    assert!(matches!(
        view(&state).dialog,
        Some(CaseDialog::Reason { .. })
    ));
    typed(&mut state, &mut w.store, "New report from the school.");
    insta::assert_snapshot!("reopen_dialog_80x24", draw(&state, 80, 24));
    drive(&mut state, &mut w.store, Msg::AutosaveDue);
    let kinds: Vec<DialogKind> = w
        .store
        .operator_dialog_drafts(user)
        .unwrap()
        .into_iter()
        .map(|d| d.key.kind)
        .collect();
    assert_eq!(kinds, vec![DialogKind::Reopen]);
    // Killed: the reason comes back on the case at the next log-in.
    drop(state);
    let mut state = log_in(&mut w.store, "amani", NOW);
    match &view(&state).dialog {
        Some(CaseDialog::Reason { text, .. }) => {
            assert_eq!(text.lines().join("\n"), "New report from the school.")
        }
        other => panic!("{other:?}"),
    }
    ctrl_s(&mut state, &mut w.store);
    let v = view(&state);
    assert!(v.dialog.is_none(), "{:?}", v.notice);
    assert_eq!(v.detail.row.status, CaseStatus::Open);
    assert_eq!(
        v.detail.reopen_reason.as_deref(),
        Some("New report from the school.")
    );
    assert_eq!(v.timeline[0].summary, "Step: Closed -> Open (reopened)");
    drive(&mut state, &mut w.store, Msg::AutosaveDue);
    assert!(w.store.operator_dialog_drafts(user).unwrap().is_empty());
    let _ = update(
        &mut state,
        Msg::Tick(DateTime::<Utc>::from_timestamp(NOW, 0).unwrap()),
    );
}

#[test]
fn a_send_back_reason_is_kept_as_a_draft() {
    let mut w = world();
    let mut worker = log_in(&mut w.store, "wanjiku", NOW);
    open_first_case(&mut worker, &mut w.store);
    close_open_case(&mut worker, &mut w.store);
    let sup_id = w.store.find_login("amani").unwrap().unwrap().user.id;
    let mut sup = log_in(&mut w.store, "amani", NOW);
    open_first_case(&mut sup, &mut w.store);
    press(&mut sup, &mut w.store, KeyCode::Char('B'));
    typed(&mut sup, &mut w.store, "Safety plan missing.");
    drive(&mut sup, &mut w.store, Msg::AutosaveDue);
    drop(sup);
    let sup = log_in(&mut w.store, "amani", NOW);
    match &view(&sup).dialog {
        Some(CaseDialog::Reason { text, .. }) => {
            assert_eq!(text.lines().join("\n"), "Safety plan missing.")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        w.store.operator_dialog_drafts(sup_id).unwrap()[0].key.kind,
        DialogKind::SendBack
    );
}

#[test]
fn a_supervisor_asks_for_a_closed_case_to_be_anonymised_with_a_reason() {
    let mut w = world();
    // A case worker cannot ask.
    let mut state = log_in(&mut w.store, "wanjiku", NOW);
    open_first_case(&mut state, &mut w.store);
    press(&mut state, &mut w.store, KeyCode::Char('E'));
    assert!(view(&state).dialog.is_none());
    assert!(
        view(&state)
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("Only supervisors"))
    );
    drop(state);

    let mut state = log_in(&mut w.store, "amani", NOW);
    open_first_case(&mut state, &mut w.store);
    // An open case cannot be anonymised.
    press(&mut state, &mut w.store, KeyCode::Char('E'));
    assert!(view(&state).dialog.is_none());
    assert!(
        view(&state)
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("Close the case first"))
    );
    close_open_case(&mut state, &mut w.store);
    assert_eq!(view(&state).detail.row.status, CaseStatus::Closed);
    press(&mut state, &mut w.store, KeyCode::Char('E'));
    assert!(matches!(
        view(&state).dialog,
        Some(CaseDialog::Reason { .. })
    ));
    typed(&mut state, &mut w.store, "Asked in person at the office.");
    assert!(draw(&state, 80, 24).contains("Ask for this case to be anonymised"));
    ctrl_s(&mut state, &mut w.store);
    let v = view(&state);
    assert!(v.dialog.is_none(), "{:?}", v.notice);
    assert!(
        v.notice
            .as_deref()
            .is_some_and(|n| n.contains("Erasure requested")),
        "{:?}",
        v.notice
    );
    let requests = w.store.erasure_requests().unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].requested_by, "amani");
    assert_eq!(requests[0].reason, "Asked in person at the office.");
    assert_eq!(requests[0].case_numbers, vec![v.detail.row.number.clone()]);
    let _ = w.high;
}
