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
    assert!(store.search_cases("12", 10).unwrap().is_empty());
    assert!(store.search_cases("Amina 12", 10).unwrap().is_empty());
    assert_eq!(store.search_cases("Wanj", 10).unwrap().len(), 2);
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
    assert_eq!(store.search_cases("zoe ach", 10).unwrap()[0].id, id);
    // New cases and changed ones keep the index in step.
    let later = add_case(&mut store, "Zoë Wanjiru", 14);
    assert_eq!(returning(&store, "Zoë", 14).len(), 2);
    assert!(returning(&store, "Zoe", 14).contains(&Some(later)));
}
