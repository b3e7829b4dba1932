//! The search index on a real database: a returning caller found by the
//! child's name and age, digits never matching an age, and cases written
//! before the age joined the index.

mod common;

use common::*;
use helpline::store::cases::NewCase;
use helpline::store::{Store, StoreOptions};

const NOW: i64 = 1_795_600_000;

fn add_case(store: &mut Store, name: &str, age: i64) -> i64 {
    store
        .open_case(
            &NewCase {
                opened_at: NOW,
                child_name: Some(name),
                child_age: Some(age),
                ..NewCase::default()
            },
            None,
        )
        .unwrap()
        .0
}

fn returning(store: &Store, name: &str, age: i64) -> Vec<Option<i64>> {
    store
        .find_returning(None, Some(name), Some(age), 5)
        .unwrap()
        .into_iter()
        .map(|m| m.case_id)
        .collect()
}

#[test]
fn a_given_name_and_age_find_the_earlier_case_and_digits_never_match_an_age() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let wanjiku_12 = add_case(&mut store, "Wanjiku Kamau", 12);
    add_case(&mut store, "Wanjiku Otieno", 9);
    add_case(&mut store, "Amina Hassan", 12);
    assert_eq!(returning(&store, "Wanjiku", 12), [Some(wanjiku_12)]);
    assert_eq!(returning(&store, "wanjiku kamau", 12), [Some(wanjiku_12)]);
    assert!(returning(&store, "Wanjiku", 13).is_empty());
    assert!(
        store
            .search_cases(&helpline::domain::access::Viewer::whole_floor(1), "12", 10)
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .search_cases(
                &helpline::domain::access::Viewer::whole_floor(1),
                "Amina 12",
                10
            )
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .search_cases(
                &helpline::domain::access::Viewer::whole_floor(1),
                "Wanj",
                10
            )
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn cases_written_before_the_age_joined_the_index_are_found_after_the_upgrade() {
    let (_dir, db) = temp_db();
    let id = {
        let mut old = Store::open_at_version(&db, &StoreOptions::default(), 4).unwrap();
        add_case(&mut old, "Zoë Achieng", 14)
    };
    let mut store = open(&db);
    assert_eq!(returning(&store, "Zoe", 14), [Some(id)]);
    assert_eq!(
        store
            .search_cases(
                &helpline::domain::access::Viewer::whole_floor(1),
                "zoe ach",
                10
            )
            .unwrap()[0]
            .id,
        id
    );
    // New cases and changed ones keep the index in step.
    let later = add_case(&mut store, "Zoë Wanjiru", 14);
    assert_eq!(returning(&store, "Zoë", 14).len(), 2);
    assert!(returning(&store, "Zoe", 14).contains(&Some(later)));
}

// ---- Search beyond names: notes, narratives, locations, case-number parts.

use helpline::domain::Role;
use helpline::store::case_search::MatchedField;
use helpline::store::contacts::{CaseTarget, NewContact};

fn matched(store: &Store, text: &str) -> Vec<(i64, Vec<MatchedField>)> {
    store
        .search_cases_matched(&helpline::domain::access::Viewer::whole_floor(1), text, 10)
        .unwrap()
        .into_iter()
        .map(|hit| (hit.row.id, hit.matched))
        .collect()
}

fn record_contact(
    store: &mut Store,
    operator: i64,
    target: CaseTarget<'_>,
    narrative: &str,
) -> i64 {
    store
        .complete_intake(
            None,
            operator,
            &NewContact {
                form_id: "child_helpline",
                channel: "phone_call",
                contact_type: "child_about_self",
                started_at: NOW,
                ended_at: NOW + 300,
                answers_json: "{}",
                location: Some("Mombasa Likoni"),
                narrative: Some(narrative),
                ..Default::default()
            },
            target,
            &[],
            NOW,
            &|_, _| None,
        )
        .unwrap()
        .case
        .unwrap()
        .0
}

#[test]
fn notes_narratives_locations_and_case_number_parts_are_found_and_labelled() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let operator = add_user(&mut store, "amina", Role::Operator, "long enough");
    let (kisumu, number) = store
        .open_case(
            &NewCase {
                opened_at: NOW,
                child_name: Some("Wanjiku Kamau"),
                location: Some("Kisumu Central"),
                ..NewCase::default()
            },
            None,
        )
        .unwrap();
    let other = add_case(&mut store, "Amina Hassan", 9);
    // Location of the case.
    assert_eq!(
        matched(&store, "kisumu"),
        [(kisumu, vec![MatchedField::Location])]
    );
    // A note added later is found at once (the index keeps in step).
    assert!(matched(&store, "grandmother").is_empty());
    store
        .add_case_note(
            kisumu,
            1,
            "Spoke with the grandmother; the school is aware.",
            operator,
            NOW,
        )
        .unwrap();
    assert_eq!(
        matched(&store, "grandmother"),
        [(kisumu, vec![MatchedField::Note])]
    );
    // A narrative recorded with a contact, and the contact's own location.
    assert!(matched(&store, "beaten").is_empty());
    record_contact(
        &mut store,
        operator,
        CaseTarget::Attach(other),
        "Her uncle beaten her at the market.",
    );
    assert_eq!(
        matched(&store, "uncle beaten"),
        [(other, vec![MatchedField::Narrative])]
    );
    assert_eq!(
        matched(&store, "likoni"),
        [(other, vec![MatchedField::Location])]
    );
    // Any part of a case number, not only its start.
    let infix = &number.to_string()[5..11]; // "25-000" of HL-2025-000001
    let hits = matched(&store, infix);
    assert!(
        hits.contains(&(kisumu, vec![MatchedField::CaseNumber])),
        "{hits:?}"
    );
    let seq_part = &number.to_string()[8..];
    assert!(
        matched(&store, seq_part)
            .iter()
            .any(|(id, f)| *id == kisumu && f.contains(&MatchedField::CaseNumber))
    );
    // A name still says name; a word in two fields lists both.
    assert_eq!(
        matched(&store, "wanjiku"),
        [(kisumu, vec![MatchedField::Name])]
    );
    store
        .add_case_note(
            kisumu,
            2,
            "Wanjiku asked us to call back on Friday.",
            operator,
            NOW,
        )
        .unwrap();
    assert_eq!(
        matched(&store, "wanjiku"),
        [(kisumu, vec![MatchedField::Name, MatchedField::Note])]
    );
    let hit = &store
        .search_cases_matched(
            &helpline::domain::access::Viewer::whole_floor(1),
            "wanjiku",
            10,
        )
        .unwrap()[0];
    assert_eq!(hit.matched_label(), "name, note");
}

#[test]
fn free_text_folds_diacritics_like_names_and_a_new_case_keeps_the_index_in_step() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let operator = add_user(&mut store, "amina", Role::Operator, "long enough");
    let case = record_contact(
        &mut store,
        operator,
        CaseTarget::Open(NewCase {
            opened_at: NOW,
            location: Some("Ségou"),
            ..NewCase::default()
        }),
        "L'élève a été frappée à l'école.",
    );
    assert_eq!(
        matched(&store, "segou"),
        [(case, vec![MatchedField::Location])]
    );
    assert_eq!(
        matched(&store, "ÉCOLE"),
        [(case, vec![MatchedField::Narrative])]
    );
    assert_eq!(
        matched(&store, "eleve frappee"),
        [(case, vec![MatchedField::Narrative])]
    );
    // Two-letter words never search free text (only names).
    assert!(matched(&store, "a").is_empty());
}

#[test]
fn notes_narratives_and_locations_written_before_the_upgrade_are_found() {
    let (_dir, db) = temp_db();
    let (case, note_case) = {
        let mut old = Store::open_at_version(&db, &StoreOptions::default(), 10).unwrap();
        let operator = add_user(&mut old, "amina", Role::Operator, "long enough");
        let case = record_contact(
            &mut old,
            operator,
            CaseTarget::Open(NewCase {
                opened_at: NOW,
                location: Some("Eldoret"),
                ..NewCase::default()
            }),
            "Caller worried about a neighbour's child.",
        );
        let note_case = add_case(&mut old, "Baraka Otieno", 10);
        old.add_case_note(note_case, 1, "Followed up with the chief.", operator, NOW)
            .unwrap();
        (case, note_case)
    };
    let store = open(&db);
    assert_eq!(
        matched(&store, "eldoret"),
        [(case, vec![MatchedField::Location])]
    );
    assert_eq!(
        matched(&store, "neighbour"),
        [(case, vec![MatchedField::Narrative])]
    );
    assert_eq!(
        matched(&store, "chief"),
        [(note_case, vec![MatchedField::Note])]
    );
}

#[test]
fn every_index_rebuilt_newest_first_still_finds_what_was_written_before() {
    let (_dir, db) = temp_db();
    let (case, note_case) = {
        let mut old = Store::open_at_version(&db, &StoreOptions::default(), 18).unwrap();
        let operator = add_user(&mut old, "amina", Role::Operator, "long enough");
        let case = record_contact(
            &mut old,
            operator,
            CaseTarget::Open(NewCase {
                opened_at: NOW,
                child_name: Some("Nafula Wekesa"),
                phone_norm: Some("254733918274"),
                location: Some("Bungoma"),
                ..NewCase::default()
            }),
            "The caller's sister sleeps outside.",
        );
        let note_case = add_case(&mut old, "Baraka Otieno", 10);
        old.add_case_note(note_case, 1, "Chief visited the home.", operator, NOW)
            .unwrap();
        (case, note_case)
    };
    let mut store = open(&db);
    for (text, field) in [
        ("nafula", MatchedField::Name),
        ("918274", MatchedField::Phone),
        ("bungoma", MatchedField::Location),
        ("sister sleeps", MatchedField::Narrative),
    ] {
        assert_eq!(matched(&store, text), [(case, vec![field])], "{text}");
    }
    assert_eq!(
        matched(&store, "chief"),
        [(note_case, vec![MatchedField::Note])]
    );
    // The triggers write the same keys: a note written after the upgrade
    // is found too.
    store
        .add_case_note(note_case, 2, "Grandmother will call back.", 1, NOW)
        .unwrap();
    assert_eq!(
        matched(&store, "grandmother"),
        [(note_case, vec![MatchedField::Note])]
    );
}

#[test]
fn the_newest_matches_are_the_candidates() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let ids: Vec<i64> = (0..60)
        .map(|i| add_case(&mut store, "Wanjiru Chebet", 5 + i % 10))
        .collect();
    // Ten shown, from the newest forty candidates: never an older case.
    let found: Vec<i64> = matched(&store, "wanjiru")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(found.len(), 10);
    let oldest_candidate = ids[ids.len() - 40];
    assert!(found.iter().all(|id| *id >= oldest_candidate), "{found:?}");
}
