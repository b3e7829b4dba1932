//! The supervisor's wallboard on a real database: people in their states
//! (non-ASCII names), a contact past the handle time, alerts and an
//! unassigned critical case, workloads; snapshots at 80x24 and 200x60;
//! Enter opens a person's case; operators are refused the pane.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use helpline::app::Msg;
use helpline::app::keymap::Keymap;
use helpline::app::pane::Pane;
use helpline::app::state::{Screen, Shell, State};
use helpline::domain::presence::{Activity, Beat, PresenceState};
use helpline::domain::{RiskLevel, Role};
use helpline::store::Store;
use helpline::store::cases::NewCase;
use helpline::store::presence::PresenceWrite;
use ratatui::crossterm::event::KeyCode;

/// Thursday 2026-12-03 18:00 UTC.
const NOW: i64 = 1_796_320_800;

struct Floor {
    _dir: tempfile::TempDir,
    store: Store,
    worker_case: i64,
    ids: Vec<i64>,
}

fn person(store: &mut Store, username: &str, name: &str, role: Role) -> i64 {
    let hash = helpline::auth::hash_password("long enough password").unwrap();
    store
        .create_user(
            &helpline::store::users::NewUser {
                username,
                display_name: name,
                role,
                team: None,
                password_hash: &hash,
            },
            None,
        )
        .unwrap()
}

fn present(store: &mut Store, key: i64, user_id: i64, role: Role, activity: Activity, since: i64) {
    store
        .record_presence(&PresenceWrite {
            session_key: key,
            user_id,
            role,
            started_at: NOW - 4 * 3600,
            beat: Beat {
                activity,
                state_since: since,
                at: NOW - 3,
            },
        })
        .unwrap();
}

fn idle(state: PresenceState, case_id: Option<i64>) -> Activity {
    Activity {
        state,
        form_id: None,
        contact_since: None,
        case_id,
    }
}

fn floor() -> Floor {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let sup = person(&mut store, "baraka", "Baraka Ōtieno", Role::Supervisor);
    let long = person(
        &mut store,
        "nyambura",
        "Nyambura Wairimu-Ōtsuka Kariuki wa Ngʼangʼa",
        Role::Operator,
    );
    let huong = person(&mut store, "huong", "Thị Hương", Role::Operator);
    let jose = person(&mut store, "jose", "José Pérez", Role::Operator);
    let wanjiru = person(&mut store, "wanjiru", "Wanjiru Müller", Role::Caseworker);
    let mut worker_case = 0;
    for (level, assign) in [
        (RiskLevel::Critical, true),
        (RiskLevel::High, true),
        (RiskLevel::Low, true),
        (RiskLevel::Critical, false),
    ] {
        let (id, _) = store
            .open_case(
                &NewCase {
                    opened_at: NOW - 3600,
                    risk: level,
                    child_name: Some("Zoë Ängström"),
                    ..NewCase::default()
                },
                None,
            )
            .unwrap();
        if assign {
            let v = store.case_step(id).unwrap().version;
            store.assign_case(id, v, wanjiru, sup, NOW - 3000).unwrap();
            worker_case = id;
        }
        // A critical level raises the alert a supervisor sees.
        store
            .set_case_risk(id, level, None, Some(sup), NOW - 1800)
            .unwrap();
    }
    // Today's contacts (UTC: tests draw in UTC): phone calls through the
    // day, two chats, one of them on the critical case.
    let first_case = worker_case - 2;
    for (hour, channel, case) in [
        (8, "phone_call", None),
        (9, "phone_call", None),
        (9, "whatsapp", Some(first_case)),
        (12, "phone_call", None),
        (15, "web_chat", None),
        (17, "phone_call", Some(first_case)),
    ] {
        let at = NOW - 18 * 3600 + hour * 3600;
        let target = match case {
            Some(id) => helpline::store::contacts::CaseTarget::Attach(id),
            None => helpline::store::contacts::CaseTarget::NoCase,
        };
        store
            .complete_intake(
                None,
                jose,
                &helpline::store::contacts::NewContact {
                    form_id: "child_helpline",
                    channel,
                    contact_type: "information",
                    started_at: at,
                    ended_at: at + 300,
                    answers_json: "{}",
                    ..Default::default()
                },
                target,
                &[],
                at + 300,
                &|_, _| None,
            )
            .unwrap();
    }
    present(
        &mut store,
        1,
        long,
        Role::Operator,
        Activity {
            state: PresenceState::OnContact,
            form_id: Some("child_helpline".into()),
            contact_since: Some(NOW - 25 * 60),
            case_id: None,
        },
        NOW - 25 * 60,
    );
    present(
        &mut store,
        2,
        huong,
        Role::Operator,
        idle(PresenceState::Break, None),
        NOW - 600,
    );
    present(
        &mut store,
        3,
        jose,
        Role::Operator,
        idle(PresenceState::AfterContact, None),
        NOW - 90,
    );
    present(
        &mut store,
        4,
        wanjiru,
        Role::Caseworker,
        idle(PresenceState::Available, Some(worker_case)),
        NOW - 3600,
    );
    present(
        &mut store,
        5,
        sup,
        Role::Supervisor,
        idle(PresenceState::Available, None),
        NOW - 7200,
    );
    Floor {
        _dir: dir,
        store,
        worker_case,
        ids: vec![sup, long, huong, jose, wanjiru],
    }
}

fn signed_in(store: &mut Store, username: &str) -> State {
    let mut state = State::new(
        Keymap::shipped(),
        "helpline.db".into(),
        DateTime::<Utc>::from_timestamp(NOW, 0).unwrap(),
    );
    let user = store.find_login(username).unwrap().unwrap().user;
    drive(&mut state, store, Msg::LoginChecked(Ok(user)));
    state
}

fn shell(state: &State) -> &Shell {
    match &state.screen {
        Screen::Shell(shell) => shell,
        Screen::Login(_) => panic!("not logged in"),
    }
}

#[test]
fn the_wallboard_at_80x24_and_200x60() {
    let mut f = floor();
    let mut state = signed_in(&mut f.store, "baraka");
    drive(&mut state, &mut f.store, key(KeyCode::Char('9')));
    assert_eq!(shell(&state).pane, Pane::Wallboard);
    let wall = &shell(&state).wallboard;
    let floor = wall.floor.as_ref().expect("loaded");
    // Longest in their state first.
    let order: Vec<i64> = floor.people.iter().map(|p| p.user_id).collect();
    assert_eq!(
        order,
        vec![f.ids[0], f.ids[4], f.ids[1], f.ids[2], f.ids[3]]
    );
    assert_eq!(floor.unassigned_urgent, 1);
    assert!(floor.unacknowledged_alerts >= 2);
    let load = wall.workload(f.ids[4]).expect("workload read");
    // Critical 5 + high 3 + low 1.
    assert_eq!(load.open.weighted(&Default::default()), 9);

    let small = draw(&state, 80, 24);
    assert!(small.contains("Wallboard"), "{small}");
    assert!(small.contains("Thị Hương"), "{small}");
    assert!(
        small.contains("⚠ long"),
        "the 25-minute contact is flagged:\n{small}"
    );
    assert!(small.contains("on break"), "{small}");
    insta::assert_snapshot!("wallboard_80x24", small);

    let big = draw(&state, 200, 60);
    assert!(big.contains("Heavy sh/wk"), "{big}");
    assert!(big.contains("By hour"), "{big}");
    assert!(big.contains("Wanjiru Müller"), "{big}");
    insta::assert_snapshot!("wallboard_200x60", big);
}

#[test]
fn enter_on_a_person_opens_their_case() {
    let mut f = floor();
    let mut state = signed_in(&mut f.store, "baraka");
    drive(&mut state, &mut f.store, key(KeyCode::Char('9')));
    // Baraka, then Wanjiru, who works on a case.
    drive(&mut state, &mut f.store, key(KeyCode::Down));
    drive(&mut state, &mut f.store, key(KeyCode::Enter));
    let shell = shell(&state);
    assert_eq!(shell.pane, Pane::Cases);
    assert_eq!(
        shell.cases.open.as_ref().map(|v| v.detail.row.id),
        Some(f.worker_case)
    );
}

#[test]
fn operators_and_case_workers_cannot_open_the_wallboard() {
    let mut f = floor();
    for name in ["jose", "wanjiru"] {
        let mut state = signed_in(&mut f.store, name);
        drive(&mut state, &mut f.store, key(KeyCode::Char('9')));
        assert_ne!(shell(&state).pane, Pane::Wallboard, "{name}");
        assert!(shell(&state).wallboard.floor.is_none(), "{name}");
        assert!(shell(&state).wallboard.workloads.is_empty(), "{name}");
        let screen = draw(&state, 80, 24);
        assert!(
            screen.contains("The wallboard is for supervisors."),
            "{screen}"
        );
        assert!(!screen.contains("Wall"), "no tab for {name}:\n{screen}");
    }
}

#[test]
fn a_change_in_another_session_shows_on_the_next_poll() {
    let mut f = floor();
    let mut state = signed_in(&mut f.store, "baraka");
    drive(&mut state, &mut f.store, key(KeyCode::Char('9')));
    present(
        &mut f.store,
        2,
        f.ids[2],
        Role::Operator,
        idle(PresenceState::Available, None),
        NOW,
    );
    drive(&mut state, &mut f.store, Msg::DataChanged);
    let floor = shell(&state).wallboard.floor.as_ref().unwrap();
    let huong = floor.people.iter().find(|p| p.user_id == f.ids[2]).unwrap();
    assert_eq!(huong.state, PresenceState::Available);
}

#[test]
fn assigning_above_the_cap_asks_for_a_reason_and_puts_it_on_the_timeline() {
    use helpline::app::case_dialog::CaseDialog;
    let mut f = floor();
    let mut state = signed_in(&mut f.store, "baraka");
    // Wanjiru holds 9 (critical 5, high 3, low 1); the cap is 10 here.
    state.settings.floor.cap = helpline::domain::workload::Cap(Some(10));
    drive(&mut state, &mut f.store, key(KeyCode::Char('9')));
    // The unassigned critical case: after the people and the alerts.
    let (people, alerts) = {
        let floor = shell(&state).wallboard.floor.as_ref().unwrap();
        (floor.people.len(), floor.alerts.len())
    };
    for _ in 0..people + alerts {
        drive(&mut state, &mut f.store, key(KeyCode::Down));
    }
    drive(&mut state, &mut f.store, key(KeyCode::Enter));
    let case_id = shell(&state).cases.open.as_ref().unwrap().detail.row.id;
    drive(&mut state, &mut f.store, key(KeyCode::Char('w')));
    let Some(CaseDialog::Assign { workers, .. }) = dialog(&state) else {
        panic!("{:?}", dialog(&state));
    };
    let wanjiru = workers.iter().find(|w| w.user_id == f.ids[4]).unwrap();
    assert_eq!(wanjiru.weighted, 9);
    let over = wanjiru.over_cap.expect("a critical case takes her to 14");
    assert_eq!((over.before, over.after, over.cap), (9, 14, 10));
    let picker = draw(&state, 80, 24);
    assert!(picker.contains("  9!"), "the cap is marked:\n{picker}");

    // Enter asks why; an empty reason assigns nothing.
    drive(&mut state, &mut f.store, key(KeyCode::Enter));
    let asked = draw(&state, 80, 24);
    assert!(asked.contains("above the cap of 10"), "{asked}");
    drive(&mut state, &mut f.store, ctrl('s'));
    assert!(matches!(dialog(&state), Some(CaseDialog::Reason { .. })));
    assert_eq!(f.store.reload_case_detail(case_id).unwrap().worker_id, None);

    type_text(&mut state, &mut f.store, "Only Wanjiru speaks Kikuyu");
    drive(&mut state, &mut f.store, ctrl('s'));
    assert_eq!(
        f.store.reload_case_detail(case_id).unwrap().worker_id,
        Some(f.ids[4])
    );
    let timeline = f.store.case_timeline(case_id, None, 50).unwrap();
    let entry = timeline
        .iter()
        .find(|e| e.summary.contains("above the caseload cap"))
        .expect("the assignment on the timeline");
    assert!(
        entry
            .body
            .as_deref()
            .is_some_and(|b| b.contains("Only Wanjiru speaks Kikuyu")),
        "{entry:?}"
    );
}

fn ctrl(c: char) -> Msg {
    Msg::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char(c),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ))
}

fn type_text(state: &mut State, store: &mut Store, text: &str) {
    for c in text.chars() {
        drive(state, store, key(KeyCode::Char(c)));
    }
}

fn dialog(state: &State) -> Option<helpline::app::case_dialog::CaseDialog> {
    shell(state).cases.open.as_ref().unwrap().dialog.clone()
}
