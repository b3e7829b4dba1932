//! The Alerts pane and banner, driven on a real database.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use helpline::app::keymap::Keymap;
use helpline::app::pane::Pane;
use helpline::app::state::{Screen, Session, Shell, State};
use helpline::app::{Msg, update};
use helpline::domain::{RiskLevel, Role};
use helpline::store::Store;
use helpline::store::cases::NewCase;
use ratatui::crossterm::event::KeyCode;

const NOW: i64 = 1_795_600_000;

fn setup() -> (tempfile::TempDir, Store, State, Vec<i64>) {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let sup = add_user(&mut store, "amani", Role::Supervisor, "long enough");
    let mut ids = Vec::new();
    for (i, (name, level)) in [
        ("Zoë Achieng", RiskLevel::High),
        ("Thị Hương", RiskLevel::Critical),
        ("Chukwuemeka Obi", RiskLevel::High),
    ]
    .into_iter()
    .enumerate()
    {
        let (id, _) = store
            .open_case(
                &NewCase {
                    opened_at: NOW - 3000,
                    child_name: Some(name),
                    ..NewCase::default()
                },
                None,
            )
            .unwrap();
        store
            .set_case_risk(id, level, None, None, NOW - 1200 + i as i64 * 300)
            .unwrap();
        ids.push(id);
    }
    let user = store.list_users().unwrap().remove(0).user;
    assert_eq!(user.id, sup);
    let mut state = State::new(
        Keymap::shipped(),
        "helpline.db".into(),
        DateTime::<Utc>::from_timestamp(NOW, 0).unwrap(),
    );
    state.screen = Screen::Shell(Box::new(Shell::new(Session {
        user,
        started_at: state.now,
    })));
    (dir, store, state, ids)
}

#[test]
fn the_alerts_pane_lists_by_severity_and_acknowledges() {
    let (_dir, mut store, mut state, ids) = setup();
    drive(&mut state, &mut store, Msg::DataChanged);
    assert_eq!(state.status.unacknowledged_alerts, 3);
    drive(&mut state, &mut store, key(KeyCode::Char('5')));
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("alerts_{w}x{h}"), draw(&state, w, h));
    }
    let Screen::Shell(shell) = &state.screen else {
        panic!()
    };
    assert_eq!(shell.alerts.rows[0].case_id, Some(ids[1]), "critical first");
    assert!(
        shell.alerts.rows[0].escalated,
        "critical for 20 minutes: escalated"
    );

    // A critical alert asks first, and takes a note.
    drive(&mut state, &mut store, key(KeyCode::Char('a')));
    assert_eq!(state.status.unacknowledged_alerts, 3, "not yet");
    insta::assert_snapshot!("alerts_confirm_80x24", draw(&state, 80, 24));
    for c in "Police on the way".chars() {
        drive(&mut state, &mut store, key(KeyCode::Char(c)));
    }
    drive(&mut state, &mut store, key(KeyCode::Enter));
    assert_eq!(state.status.unacknowledged_alerts, 2);
    let Screen::Shell(shell) = &state.screen else {
        panic!()
    };
    assert_eq!(shell.alerts.rows.len(), 2);
    assert_eq!(
        shell.alerts.message.as_deref(),
        Some("✓ Acknowledged, with your note on the case's timeline.")
    );
    let event = store.case_timeline(ids[1], None, 1).unwrap().remove(0);
    assert_eq!(
        event.summary,
        "Critical alert acknowledged: Police on the way"
    );

    // A high one is acknowledged at once.
    drive(&mut state, &mut store, key(KeyCode::Char('a')));
    assert_eq!(state.status.unacknowledged_alerts, 1);
    let Screen::Shell(shell) = &state.screen else {
        panic!()
    };
    assert_eq!(shell.alerts.message.as_deref(), Some("✓ Acknowledged."));
}

#[test]
fn esc_leaves_a_critical_alert_open() {
    let (_dir, mut store, mut state, _) = setup();
    drive(&mut state, &mut store, key(KeyCode::Char('5')));
    drive(&mut state, &mut store, key(KeyCode::Char('a')));
    // Letters type into the note, never switch panes or quit.
    for c in "q5".chars() {
        drive(&mut state, &mut store, key(KeyCode::Char(c)));
    }
    assert!(draw(&state, 80, 24).contains("Note (optional): q5"));
    drive(&mut state, &mut store, key(KeyCode::Esc));
    assert!(!state.quit);
    assert_eq!(state.status.unacknowledged_alerts, 3);
    let Screen::Shell(shell) = &state.screen else {
        panic!()
    };
    assert_eq!(shell.pane, Pane::Alerts);
    assert!(shell.alerts.confirm.is_none());
    assert_eq!(
        shell.alerts.message.as_deref(),
        Some("Not acknowledged: the alert stays open.")
    );
}

/// Feeds a message as the event loop would and tells whether the bell rang.
fn drive_ringing(state: &mut State, store: &mut Store, msg: Msg) -> bool {
    let ctx = helpline::effects::EffectContext {
        now: state.now.timestamp(),
        settings: state.settings,
        ..Default::default()
    };
    let mut rang = false;
    let mut queue = vec![msg];
    while let Some(msg) = queue.pop() {
        for effect in update(state, msg) {
            rang |= effect == helpline::app::Effect::Bell;
            if let Some(next) = helpline::effects::perform(store, &ctx, effect) {
                queue.push(next);
            }
        }
    }
    rang
}

#[test]
fn a_high_alert_raised_to_critical_elsewhere_reaches_the_pane_banner_and_bell() {
    let (dir, mut store, mut state, ids) = setup();
    drive(&mut state, &mut store, key(KeyCode::Char('5')));
    assert_eq!(state.status.critical_alerts, 1);
    // Another session (its own connection) raises the oldest high alert:
    // the count stays 3 and a critical alert already tops the list.
    let mut other = open(&dir.path().join("helpline.db"));
    other
        .set_case_risk(ids[0], RiskLevel::Critical, None, None, NOW)
        .unwrap();
    let rang = drive_ringing(&mut state, &mut store, Msg::DataChanged);
    assert!(rang, "the raise rings the bell");
    assert_eq!(state.status.unacknowledged_alerts, 3);
    assert_eq!(state.status.critical_alerts, 2);
    let Screen::Shell(shell) = &state.screen else {
        panic!()
    };
    let row = shell
        .alerts
        .rows
        .iter()
        .find(|r| r.case_id == Some(ids[0]))
        .unwrap();
    assert_eq!(row.severity, RiskLevel::Critical, "the pane was read again");
    let number = row.case_number.clone().unwrap();
    let screen = draw(&state, 80, 24);
    assert!(
        screen.contains(&format!("CRITICAL ALERT · urgent risk · {number}")),
        "the banner names the newest critical alert:\n{screen}"
    );
    assert!(screen.contains("Alerts · 3 open, 2 critical"), "{screen}");
    // Nothing about alerts changed: no bell, and no count is run.
    assert!(!drive_ringing(&mut state, &mut store, Msg::DataChanged));
}

#[test]
fn the_pane_and_the_status_bar_show_the_same_count_past_the_list_limit() {
    let (_dir, mut store, mut state, _) = setup();
    let limit = helpline::app::alerts::ALERT_LIMIT as i64;
    for _ in 0..limit {
        let (id, _) = store
            .open_case(
                &NewCase {
                    opened_at: NOW - 100,
                    ..NewCase::default()
                },
                None,
            )
            .unwrap();
        store
            .set_case_risk(id, RiskLevel::High, None, None, NOW - 100)
            .unwrap();
    }
    drive(&mut state, &mut store, key(KeyCode::Char('5')));
    let total = limit + 3;
    let screen = draw(&state, 100, 30);
    assert!(screen.contains(&format!("⚠ {total} alerts")), "{screen}");
    assert!(
        screen.contains(&format!(
            "Alerts · {total} open, 1 critical · first {limit} listed"
        )),
        "{screen}"
    );
}

#[test]
fn enter_opens_the_alerts_case() {
    let (_dir, mut store, mut state, ids) = setup();
    drive(&mut state, &mut store, key(KeyCode::Char('5')));
    drive(&mut state, &mut store, key(KeyCode::Enter));
    let Screen::Shell(shell) = &state.screen else {
        panic!()
    };
    assert_eq!(shell.pane, Pane::Cases);
    assert_eq!(shell.cases.open.as_ref().unwrap().detail.row.id, ids[1]);
}

#[test]
fn a_new_alert_rings_the_bell_and_shows_the_banner() {
    let (_dir, mut store, mut state, _) = setup();
    drive(&mut state, &mut store, Msg::DataChanged);
    let (id, _) = store
        .open_case(
            &NewCase {
                opened_at: NOW,
                ..NewCase::default()
            },
            None,
        )
        .unwrap();
    store
        .set_case_risk(id, RiskLevel::Critical, None, None, NOW)
        .unwrap();
    let effects = update(&mut state, Msg::DataChanged);
    let mut rang = false;
    for effect in effects {
        if let Some(msg) = helpline::effects::perform(
            &mut store,
            &helpline::effects::EffectContext {
                now: NOW,
                ..Default::default()
            },
            effect,
        ) {
            rang |= update(&mut state, msg).contains(&helpline::app::Effect::Bell);
        }
    }
    assert!(rang, "a new alert rings the bell");
    assert!(draw(&state, 80, 24).contains("CRITICAL ALERT"));
}
