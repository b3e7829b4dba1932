//! Presence on a real database file: sessions write their state and
//! heartbeat, the floor lists the live ones, and a silent or signed-out
//! session drops off.

mod common;

use helpline::domain::Role;
use helpline::domain::presence::{Activity, Beat, GONE_AFTER_SECS, PresenceState};
use helpline::store::presence::PresenceWrite;

fn write(key: i64, user_id: i64, role: Role, state: PresenceState, at: i64) -> PresenceWrite {
    let on_contact = state == PresenceState::OnContact;
    PresenceWrite {
        session_key: key,
        user_id,
        role,
        started_at: 1_000,
        beat: Beat {
            activity: Activity {
                state,
                form_id: on_contact.then(|| "child".to_string()),
                contact_since: on_contact.then_some(at - 30),
                case_id: None,
            },
            state_since: at - 5,
            at,
        },
    }
}

#[test]
fn live_sessions_are_listed_and_silent_ones_drop_off() {
    let (_dir, db) = common::temp_db();
    let mut store = common::open(&db);
    let amina = common::add_user(&mut store, "amina", Role::Operator, "correct horse battery");
    let jose = common::add_user(
        &mut store,
        "josé",
        Role::Supervisor,
        "correct horse battery",
    );
    let now = 10_000;
    store
        .record_presence(&write(
            1,
            amina,
            Role::Operator,
            PresenceState::OnContact,
            now,
        ))
        .unwrap();
    store
        .record_presence(&write(
            2,
            jose,
            Role::Supervisor,
            PresenceState::Available,
            now,
        ))
        .unwrap();

    let floor = store.present_people(now + 1).unwrap();
    assert_eq!(floor.len(), 2);
    let a = floor.iter().find(|p| p.user_id == amina).unwrap();
    assert_eq!(a.state, PresenceState::OnContact);
    assert_eq!(a.form_id.as_deref(), Some("child"));
    assert_eq!(a.contact_since, Some(now - 30));

    // The hand-over picker leaves the giver out.
    let colleagues = store.present_colleagues_at(amina, now + 1).unwrap();
    assert_eq!(colleagues.len(), 1);
    assert_eq!(colleagues[0].user_id, jose);
    assert_eq!(colleagues[0].name, "josé");
    assert_eq!(colleagues[0].role, Role::Supervisor);
    assert_eq!(colleagues[0].state, PresenceState::Available);

    // Amina's session keeps beating; José's goes silent (killed).
    store
        .record_presence(&write(
            1,
            amina,
            Role::Operator,
            PresenceState::Break,
            now + 20,
        ))
        .unwrap();
    let later = store.present_people(now + GONE_AFTER_SECS + 1).unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].state, PresenceState::Break);

    // Signing out ends the session at once.
    store.mark_presence_gone(1, now + 21).unwrap();
    assert!(
        store
            .present_people(now + 22)
            .unwrap()
            .iter()
            .all(|p| p.user_id != amina)
    );
}

#[test]
fn a_person_signed_in_twice_shows_once_as_the_newest_session() {
    let (_dir, db) = common::temp_db();
    let mut store = common::open(&db);
    let amina = common::add_user(&mut store, "amina", Role::Operator, "correct horse battery");
    store
        .record_presence(&write(
            1,
            amina,
            Role::Operator,
            PresenceState::Available,
            100,
        ))
        .unwrap();
    store
        .record_presence(&write(2, amina, Role::Operator, PresenceState::Break, 105))
        .unwrap();
    let floor = store.present_people(106).unwrap();
    assert_eq!(floor.len(), 1);
    assert_eq!(floor[0].state, PresenceState::Break);
}

#[test]
fn a_bad_state_is_refused_by_the_schema_and_old_rows_are_forgotten() {
    let (_dir, db) = common::temp_db();
    let mut store = common::open(&db);
    let amina = common::add_user(&mut store, "amina", Role::Operator, "correct horse battery");
    // On a contact without its start: refused, nothing written.
    let mut bad = write(1, amina, Role::Operator, PresenceState::OnContact, 100);
    bad.beat.activity.contact_since = None;
    assert!(store.record_presence(&bad).is_err());
    assert!(store.present_people(100).unwrap().is_empty());

    store
        .record_presence(&write(
            1,
            amina,
            Role::Operator,
            PresenceState::Available,
            100,
        ))
        .unwrap();
    store
        .record_presence(&write(
            2,
            amina,
            Role::Operator,
            PresenceState::Available,
            30 * 86_400,
        ))
        .unwrap();
    store.mark_presence_gone(2, 30 * 86_400 + 1).unwrap();
    store
        .record_presence(&write(
            3,
            amina,
            Role::Operator,
            PresenceState::Available,
            30 * 86_400,
        ))
        .unwrap();
    // Session 1 was forgotten with the sign-out; session 3 is live.
    assert_eq!(store.present_people(30 * 86_400 + 2).unwrap().len(), 1);
}
