//! Dialog drafts on a real SQLite file: kept, replaced, listed urgent
//! first, per operator, forgotten, and still there after the store is
//! opened again (as after a killed process).

mod common;

use helpline::domain::Role;
use helpline::store::dialog_drafts::{DialogKey, DialogKind, DialogWrite};

fn key(kind: DialogKind, target_id: i64) -> DialogKey {
    DialogKey { kind, target_id }
}

fn write(key: DialogKey, state: &str, urgent: bool) -> DialogWrite<'_> {
    DialogWrite {
        key,
        state,
        urgent,
        writer: 1,
        rev: 1,
    }
}

#[test]
fn a_kept_draft_survives_reopening_and_a_second_keep_replaces_it() {
    let (_dir, db) = common::temp_db();
    let mut store = common::open(&db);
    let op = common::add_user(&mut store, "op", Role::Operator, "pw-123456789");
    let note = key(DialogKind::Note, 7);
    store
        .keep_dialog_draft(op, &write(note, r#"{"lines":["first"]}"#, false), 100)
        .unwrap();
    store
        .keep_dialog_draft(
            op,
            &write(note, r#"{"lines":["Wanjikũ 🌻 second"]}"#, false),
            101,
        )
        .unwrap();
    drop(store);

    let store = common::open(&db);
    let drafts = store.operator_dialog_drafts(op).unwrap();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    assert_eq!(drafts[0].key, note);
    assert_eq!(drafts[0].state, r#"{"lines":["Wanjikũ 🌻 second"]}"#);
    assert_eq!(drafts[0].updated_at, 101);
}

#[test]
fn urgent_drafts_come_first_then_the_newest_and_each_operator_sees_only_theirs() {
    let (_dir, db) = common::temp_db();
    let mut store = common::open(&db);
    let op = common::add_user(&mut store, "op", Role::Operator, "pw-123456789");
    let other = common::add_user(&mut store, "other", Role::Operator, "pw-123456789");
    store
        .keep_dialog_draft(op, &write(key(DialogKind::Note, 1), "{}", false), 300)
        .unwrap();
    store
        .keep_dialog_draft(op, &write(key(DialogKind::Assessment, 2), "{}", true), 100)
        .unwrap();
    store
        .keep_dialog_draft(op, &write(key(DialogKind::Service, 0), "{}", false), 200)
        .unwrap();
    store
        .keep_dialog_draft(other, &write(key(DialogKind::Note, 1), "{}", false), 400)
        .unwrap();
    let order: Vec<DialogKey> = store
        .operator_dialog_drafts(op)
        .unwrap()
        .into_iter()
        .map(|d| d.key)
        .collect();
    assert_eq!(
        order,
        vec![
            key(DialogKind::Assessment, 2),
            key(DialogKind::Note, 1),
            key(DialogKind::Service, 0)
        ]
    );
    assert_eq!(store.operator_dialog_drafts(other).unwrap().len(), 1);
}

#[test]
fn forgetting_removes_only_that_dialog_and_is_safe_to_repeat() {
    let (_dir, db) = common::temp_db();
    let mut store = common::open(&db);
    let op = common::add_user(&mut store, "op", Role::Operator, "pw-123456789");
    store
        .keep_dialog_draft(op, &write(key(DialogKind::Note, 1), "{}", false), 1)
        .unwrap();
    store
        .keep_dialog_draft(op, &write(key(DialogKind::Referral, 1), "{}", false), 1)
        .unwrap();
    store
        .forget_dialog_draft(op, key(DialogKind::Note, 1))
        .unwrap();
    store
        .forget_dialog_draft(op, key(DialogKind::Note, 1))
        .unwrap();
    let left: Vec<DialogKey> = store
        .operator_dialog_drafts(op)
        .unwrap()
        .into_iter()
        .map(|d| d.key)
        .collect();
    assert_eq!(left, vec![key(DialogKind::Referral, 1)]);
}

#[test]
fn a_late_older_write_of_a_session_never_replaces_its_newer_one() {
    let (_dir, db) = common::temp_db();
    let mut store = common::open(&db);
    let op = common::add_user(&mut store, "op", Role::Operator, "pw-123456789");
    let note = key(DialogKind::Note, 3);
    let at = |state, writer, rev| DialogWrite {
        key: note,
        state,
        urgent: false,
        writer,
        rev,
    };
    store.keep_dialog_draft(op, &at("newer", 10, 2), 5).unwrap();
    store.keep_dialog_draft(op, &at("older", 10, 1), 6).unwrap();
    assert_eq!(store.operator_dialog_drafts(op).unwrap()[0].state, "newer");
    // The next session starts counting again, and wins.
    store
        .keep_dialog_draft(op, &at("next session", 11, 1), 7)
        .unwrap();
    assert_eq!(
        store.operator_dialog_drafts(op).unwrap()[0].state,
        "next session"
    );
}
