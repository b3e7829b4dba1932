//! Intake drafts on a real SQLite file: the instruments run during a call
//! are kept with the answers, and drafts saved before they were load.

mod common;

use common::*;
use helpline::domain::Role;
use helpline::store::drafts::DraftSave;
use helpline::store::{Store, StoreOptions};

const NOW: i64 = 1_795_600_000;
const RAN: &str = r#"[{"instrument_id":"asq","score":2,"final_level":"critical"}]"#;

fn save(store: &mut Store, operator: i64, draft_id: Option<i64>, ran: Option<&str>) -> i64 {
    store
        .save_draft(
            &DraftSave {
                draft_id,
                operator_id: operator,
                form_id: "child_helpline",
                answers_json: r#"{"channel":"phone"}"#,
                focus_field: Some("narrative"),
                attach_case_id: None,
                assessments_json: ran,
                started_at: NOW,
            },
            NOW + 5,
        )
        .unwrap()
}

#[test]
fn a_draft_keeps_the_instruments_run_during_the_call() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let amina = add_user(&mut store, "amina", Role::Operator, "long enough");
    let id = save(&mut store, amina, None, Some("[]"));
    assert_eq!(
        store
            .draft(id)
            .unwrap()
            .unwrap()
            .assessments_json
            .as_deref(),
        Some("[]")
    );
    // The ASQ completes: saved with the answers, in the same row.
    assert_eq!(save(&mut store, amina, Some(id), Some(RAN)), id);
    drop(store);

    // Another process (the next log-in) reads it back from the file.
    let store = open(&db);
    let drafts = store.operator_drafts(amina).unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].assessments_json.as_deref(), Some(RAN));
    assert_eq!(drafts[0].answers_json, r#"{"channel":"phone"}"#);
}

#[test]
fn a_save_without_instruments_leaves_what_is_stored() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let amina = add_user(&mut store, "amina", Role::Operator, "long enough");
    let id = save(&mut store, amina, None, Some("{damaged"));
    save(&mut store, amina, Some(id), None);
    assert_eq!(
        store
            .draft(id)
            .unwrap()
            .unwrap()
            .assessments_json
            .as_deref(),
        Some("{damaged"),
        "a value the app could not read is never wiped unseen"
    );
    save(&mut store, amina, Some(id), Some(RAN));
    assert_eq!(
        store
            .draft(id)
            .unwrap()
            .unwrap()
            .assessments_json
            .as_deref(),
        Some(RAN)
    );
}

#[test]
fn discarding_a_draft_discards_its_instruments() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let amina = add_user(&mut store, "amina", Role::Operator, "long enough");
    let id = save(&mut store, amina, None, Some(RAN));
    store.discard_draft(id, amina).unwrap();
    assert!(store.draft(id).unwrap().is_none());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM drafts WHERE assessments IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn a_draft_saved_before_drafts_kept_instruments_still_loads() {
    let (_dir, db) = temp_db();
    let mut old = Store::open_at_version(&db, &StoreOptions::default(), 13).unwrap();
    let amina = add_user(&mut old, "amina", Role::Operator, "long enough");
    drop(old);
    // The draft as version 13 wrote it, without the column.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO drafts (operator_id, form_id, answers, focus_field, started_at, updated_at)
         VALUES (?1, 'child_helpline', '{\"channel\":\"sms\"}', 'channel', ?2, ?2)",
        rusqlite::params![amina, NOW],
    )
    .unwrap();
    drop(conn);

    let mut store = open(&db);
    let drafts = store.operator_drafts(amina).unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].answers_json, r#"{"channel":"sms"}"#);
    assert_eq!(drafts[0].assessments_json, None);
    // It is saved on as any other.
    let id = drafts[0].id;
    save(&mut store, amina, Some(id), Some(RAN));
    assert_eq!(
        store
            .draft(id)
            .unwrap()
            .unwrap()
            .assessments_json
            .as_deref(),
        Some(RAN)
    );
}
