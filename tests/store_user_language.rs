//! A person's interface language on a real database file: set, read back
//! after reopening, cleared to the organisation's default.

mod common;

use helpline::domain::Role;
use helpline::i18n::Language;

#[test]
fn an_accounts_language_round_trips_through_the_file() {
    let (_dir, db) = common::temp_db();
    let mut store = common::open(&db);
    let amina = common::add_user(&mut store, "amina", Role::Operator, "correct horse battery");
    let jose = common::add_user(&mut store, "josé", Role::Operator, "correct horse battery");
    assert_eq!(store.user_language(amina).unwrap(), None);

    store
        .set_user_language("amina", Some(Language::Sw))
        .unwrap();
    store.set_user_language("josé", Some(Language::Ar)).unwrap();
    drop(store);

    let mut store = common::open(&db);
    assert_eq!(store.user_language(amina).unwrap(), Some(Language::Sw));
    assert_eq!(store.user_language(jose).unwrap(), Some(Language::Ar));

    store.set_user_language("amina", None).unwrap();
    assert_eq!(store.user_language(amina).unwrap(), None);
}

#[test]
fn an_unknown_account_changes_nothing() {
    let (_dir, db) = common::temp_db();
    let mut store = common::open(&db);
    let amina = common::add_user(&mut store, "amina", Role::Operator, "correct horse battery");
    assert!(
        store
            .set_user_language("nobody", Some(Language::Fr))
            .is_err()
    );
    assert!(store.user_language(amina + 100).is_err());
    assert_eq!(store.user_language(amina).unwrap(), None);
}
