//! Hand-over of a live intake in the store, on real database files: the
//! offer carries the giver's last keystrokes, taking moves the draft so it
//! never has two owners, a giver cannot write or complete it afterwards,
//! declines and withdrawals, a supervisor's take-over of a draft whose
//! operator left the floor, and the hand-over on the case's timeline.

mod common;

use common::*;
use helpline::domain::Role;
use helpline::store::Store;
use helpline::store::drafts::DraftSave;
use helpline::store::hand_overs::HandOverState;

const NOW: i64 = 1_795_600_000;

fn draft<'a>(operator: i64, id: Option<i64>, answers: &'a str) -> DraftSave<'a> {
    DraftSave {
        draft_id: id,
        operator_id: operator,
        form_id: "child_helpline",
        answers_json: answers,
        focus_field: Some("narrative"),
        attach_case_id: None,
        assessments_json: None,
        started_at: NOW - 300,
    }
}

struct Floor {
    _dir: tempfile::TempDir,
    db: std::path::PathBuf,
    store: Store,
    amina: i64,
    baraka: i64,
    sup: i64,
}

fn floor() -> Floor {
    let (dir, db) = temp_db();
    let mut store = open(&db);
    let amina = add_user(&mut store, "amina", Role::Operator, "long enough pw");
    let baraka = add_user(&mut store, "baraka", Role::Operator, "long enough pw");
    let sup = add_user(&mut store, "wanjiru", Role::Supervisor, "long enough pw");
    Floor {
        _dir: dir,
        db,
        store,
        amina,
        baraka,
        sup,
    }
}

fn owner(f: &Floor, draft_id: i64) -> Option<i64> {
    f.store.draft(draft_id).unwrap().map(|d| d.operator_id)
}

#[test]
fn taking_moves_the_draft_with_the_givers_last_keystrokes() {
    let mut f = floor();
    let id = f
        .store
        .save_draft(&draft(f.amina, None, r#"{"narrative":"She is"}"#), NOW - 10)
        .unwrap();
    // The offer carries what was typed since the last save.
    let last = r#"{"narrative":"She is scared of her uncle"}"#;
    let (offer, same) = f
        .store
        .offer_hand_over(&draft(f.amina, Some(id), last), f.baraka, NOW)
        .unwrap();
    assert_eq!(same, id);
    let waiting = f.store.hand_overs_waiting_for(f.baraka).unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].call_started_at, NOW - 300);
    assert!(f.store.hand_overs_waiting_for(f.amina).unwrap().is_empty());
    // Still the giver's until taken.
    assert_eq!(owner(&f, id), Some(f.amina));

    let taken = f.store.take_hand_over(offer, f.baraka, NOW + 2).unwrap();
    assert_eq!(taken.operator_id, f.baraka);
    assert_eq!(taken.answers_json, last);
    assert_eq!(taken.focus_field.as_deref(), Some("narrative"));
    assert_eq!(taken.started_at, NOW - 300, "the call timer goes with it");
    assert_eq!(
        f.store.hand_over_state(offer).unwrap().map(|s| s.0),
        Some(HandOverState::Taken)
    );
    // The giver can no longer write it, nor take it back.
    assert!(
        f.store
            .save_draft(&draft(f.amina, Some(id), "{}"), NOW + 3)
            .is_err()
    );
    assert_eq!(
        f.store.withdraw_hand_over(offer, f.amina, NOW + 4).unwrap(),
        HandOverState::Taken
    );
    assert!(f.store.take_hand_over(offer, f.baraka, NOW + 5).is_err());
    assert_eq!(f.store.operator_drafts(f.amina).unwrap().len(), 0);
    assert_eq!(f.store.operator_drafts(f.baraka).unwrap().len(), 1);
}

#[test]
fn declined_and_withdrawn_offers_leave_the_intake_with_its_giver() {
    let mut f = floor();
    let (offer, id) = f
        .store
        .offer_hand_over(&draft(f.amina, None, "{}"), f.baraka, NOW)
        .unwrap();
    // One open offer per intake.
    assert!(
        f.store
            .offer_hand_over(&draft(f.amina, Some(id), "{}"), f.sup, NOW)
            .is_err()
    );
    // A giver whose session crashed finds the offer again, to freeze it.
    let open = f.store.hand_overs_offered_by(f.amina).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!((open[0].0, open[0].1), (offer, id));
    // Only its receiver answers it.
    assert!(f.store.take_hand_over(offer, f.sup, NOW + 1).is_err());
    f.store.decline_hand_over(offer, f.baraka, NOW + 1).unwrap();
    assert!(f.store.hand_overs_offered_by(f.amina).unwrap().is_empty());
    assert_eq!(owner(&f, id), Some(f.amina));
    assert!(f.store.take_hand_over(offer, f.baraka, NOW + 2).is_err());

    let (again, _) = f
        .store
        .offer_hand_over(&draft(f.amina, Some(id), "{}"), f.sup, NOW + 3)
        .unwrap();
    assert_eq!(
        f.store.withdraw_hand_over(again, f.amina, NOW + 4).unwrap(),
        HandOverState::Withdrawn
    );
    assert!(f.store.take_hand_over(again, f.sup, NOW + 5).is_err());
    assert_eq!(owner(&f, id), Some(f.amina));
    // Nobody hands an intake to themselves.
    assert!(
        f.store
            .offer_hand_over(&draft(f.amina, Some(id), "{}"), f.amina, NOW + 6)
            .is_err()
    );
}

#[test]
fn a_supervisor_takes_over_only_a_draft_whose_operator_left_the_floor() {
    let mut f = floor();
    let id = f
        .store
        .save_draft(&draft(f.amina, None, r#"{"narrative":"x"}"#), NOW)
        .unwrap();
    let conn = rusqlite::Connection::open(&f.db).unwrap();
    let beat = |at: i64| {
        conn.execute(
            "INSERT INTO presence (session_key, user_id, role, state, state_since, started_at,
                                   heartbeat_at)
             VALUES (7, ?1, 'operator', 'available', ?2, ?2, ?2)
             ON CONFLICT (session_key) DO UPDATE SET heartbeat_at = excluded.heartbeat_at",
            rusqlite::params![f.amina, at],
        )
        .unwrap();
    };
    beat(NOW);
    let err = f.store.take_over_draft(id, f.sup, NOW + 5).unwrap_err();
    assert!(err.to_string().contains("still on the floor"), "{err}");
    // An operator may not take over anyone's intake.
    assert!(f.store.take_over_draft(id, f.baraka, NOW + 60).is_err());
    // A minute without a heartbeat: gone.
    let taken = f.store.take_over_draft(id, f.sup, NOW + 60).unwrap();
    assert_eq!(taken.operator_id, f.sup);
    assert_eq!(owner(&f, id), Some(f.sup));
}

#[test]
fn a_handed_over_intake_that_becomes_a_case_says_so_on_its_timeline() {
    use helpline::store::cases::NewCase;
    use helpline::store::contacts::{CaseTarget, NewContact};
    let mut f = floor();
    let (offer, id) = f
        .store
        .offer_hand_over(&draft(f.amina, None, "{}"), f.baraka, NOW)
        .unwrap();
    f.store.take_hand_over(offer, f.baraka, NOW + 1).unwrap();
    let contact = NewContact {
        form_id: "child_helpline",
        channel: "phone",
        contact_type: "child",
        started_at: NOW - 300,
        ended_at: NOW + 60,
        ..NewContact::default()
    };
    // The giver cannot complete what is no longer theirs.
    assert!(
        f.store
            .complete_intake(
                Some(id),
                f.amina,
                &contact,
                CaseTarget::Open(NewCase::default()),
                &[],
                NOW + 60,
                &|_, _| None,
            )
            .is_err()
    );
    let saved = f
        .store
        .complete_intake(
            Some(id),
            f.baraka,
            &contact,
            CaseTarget::Open(NewCase::default()),
            &[],
            NOW + 60,
            &|_, _| None,
        )
        .unwrap();
    let (case_id, _) = saved.case.unwrap();
    let timeline = f.store.case_timeline(case_id, None, 20).unwrap();
    assert!(
        timeline
            .iter()
            .any(|e| e.summary.starts_with("Intake handed over by")),
        "{timeline:?}"
    );
}
