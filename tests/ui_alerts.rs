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

    drive(&mut state, &mut store, key(KeyCode::Char('a')));
    assert_eq!(state.status.unacknowledged_alerts, 2);
    let Screen::Shell(shell) = &state.screen else {
        panic!()
    };
    assert_eq!(shell.alerts.rows.len(), 2);
    assert_eq!(shell.alerts.message.as_deref(), Some("✓ Acknowledged."));
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
