//! Login, lockout and their audit trail, on a real database file.

mod common;

use chrono::{Duration, Utc};
use common::*;
use helpline::auth::{LoginError, login};
use helpline::domain::{LockoutPolicy, Role};

fn policy() -> LockoutPolicy {
    LockoutPolicy::default()
}

#[test]
fn the_right_password_logs_in_and_is_audited() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let id = add_user(&mut store, "amina", Role::Operator, "correct horse");
    let user = login(&mut store, &policy(), "amina", "correct horse", Utc::now()).unwrap();
    assert_eq!((user.id, user.role), (id, Role::Operator));
    let audit = store.recent_audit(1).unwrap();
    assert_eq!(audit[0].action, "login");
    assert_eq!(audit[0].user_id, Some(id));
}

#[test]
fn a_wrong_password_and_an_unknown_name_look_the_same() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "amina", Role::Operator, "correct horse");
    let wrong = login(&mut store, &policy(), "amina", "nope", Utc::now()).unwrap_err();
    let unknown = login(&mut store, &policy(), "nobody", "nope", Utc::now()).unwrap_err();
    assert_eq!(wrong.to_string(), unknown.to_string());
    let audit = store.recent_audit(2).unwrap();
    assert!(audit.iter().all(|a| a.action == "login_failed"));
}

#[test]
fn five_failures_lock_the_account_until_the_lock_expires() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "amina", Role::Operator, "correct horse");
    let t0 = Utc::now();
    for _ in 0..4 {
        let err = login(&mut store, &policy(), "amina", "guess", t0).unwrap_err();
        assert!(matches!(err, LoginError::WrongCredentials), "{err}");
    }
    // The failure that locks says no more than any other...
    let err = login(&mut store, &policy(), "amina", "guess", t0).unwrap_err();
    assert!(matches!(err, LoginError::WrongCredentials), "{err}");
    // ...nor does a wrong password while locked: a guesser cannot tell a
    // locked account from a name that does not exist.
    let err = login(&mut store, &policy(), "amina", "guess", t0).unwrap_err();
    let unknown = login(&mut store, &policy(), "nobody", "guess", t0).unwrap_err();
    assert_eq!(err.to_string(), unknown.to_string());
    // The right password is refused while locked, and says why.
    let err = login(
        &mut store,
        &policy(),
        "amina",
        "correct horse",
        t0 + Duration::minutes(5),
    )
    .unwrap_err();
    assert!(matches!(err, LoginError::Locked { minutes: 10 }), "{err}");
    // After the lock time it works again.
    login(
        &mut store,
        &policy(),
        "amina",
        "correct horse",
        t0 + Duration::minutes(16),
    )
    .unwrap();

    let actions: Vec<String> = store
        .recent_audit(20)
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert!(
        actions.contains(&"account_locked".to_string()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"login_refused_locked".to_string()),
        "{actions:?}"
    );
}

#[test]
fn a_success_resets_the_failure_count() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "amina", Role::Operator, "correct horse");
    let now = Utc::now();
    for _ in 0..4 {
        let _ = login(&mut store, &policy(), "amina", "guess", now);
    }
    login(&mut store, &policy(), "amina", "correct horse", now).unwrap();
    for _ in 0..4 {
        let err = login(&mut store, &policy(), "amina", "guess", now).unwrap_err();
        assert!(matches!(err, LoginError::WrongCredentials));
    }
}

#[test]
fn the_configured_policy_is_used() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "amina", Role::Operator, "correct horse");
    let strict = LockoutPolicy {
        max_failures: 2,
        lock_for: Duration::minutes(60),
    };
    let _ = login(&mut store, &strict, "amina", "guess", Utc::now());
    let _ = login(&mut store, &strict, "amina", "guess", Utc::now());
    let err = login(&mut store, &strict, "amina", "correct horse", Utc::now()).unwrap_err();
    assert!(matches!(err, LoginError::Locked { minutes: 60 }), "{err}");
}

#[test]
fn a_disabled_account_cannot_log_in_and_an_admin_can_unlock() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "amina", Role::Operator, "correct horse");
    store.set_user_disabled("amina", true, None).unwrap();
    let err = login(&mut store, &policy(), "amina", "correct horse", Utc::now()).unwrap_err();
    assert!(matches!(err, LoginError::Disabled));
    // Without the password, "disabled" is never said.
    let err = login(&mut store, &policy(), "amina", "guess", Utc::now()).unwrap_err();
    assert!(matches!(err, LoginError::WrongCredentials), "{err}");
    store.set_user_disabled("amina", false, None).unwrap();
    for _ in 0..5 {
        let _ = login(&mut store, &policy(), "amina", "guess", Utc::now());
    }
    store.unlock_user("amina", None).unwrap();
    login(&mut store, &policy(), "amina", "correct horse", Utc::now()).unwrap();
}

#[test]
fn the_audit_log_holds_no_names_or_passwords() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "amina", Role::Operator, "correct horse");
    let _ = login(&mut store, &policy(), "amina", "correct horse", Utc::now());
    let _ = login(&mut store, &policy(), "amina", "secret guess", Utc::now());
    let _ = login(&mut store, &policy(), "correct horse", "x", Utc::now());
    for row in store.recent_audit(50).unwrap() {
        let text = format!("{row:?}");
        for secret in ["amina", "correct horse", "secret guess"] {
            assert!(!text.contains(secret), "{secret} leaked into {text}");
        }
    }
}

#[test]
fn passwords_are_stored_as_argon2id_hashes() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "amina", Role::Operator, "correct horse");
    let record = store.find_login("amina").unwrap().unwrap();
    assert!(
        record.password_hash.starts_with("$argon2id$"),
        "{}",
        record.password_hash
    );
    assert!(!record.password_hash.contains("correct horse"));
}

#[test]
fn account_names_are_printable_and_a_name_differing_only_in_case_is_refused() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "amina", Role::Operator, "correct horse");
    let hash = helpline::auth::hash_password("a long password").unwrap();
    let new = |username: &'static str, display: &'static str, team: Option<&'static str>| {
        helpline::store::users::NewUser {
            username,
            display_name: display,
            role: Role::Operator,
            team,
            password_hash: Box::leak(hash.clone().into_boxed_str()),
        }
    };
    for bad in [
        new("Amina", "Amina", None),
        new("ba\u{202E}raka", "Baraka", None),
        new("baraka", "Baraka\u{1b}]0;x\u{7}", None),
        new("baraka", "Baraka", Some("North\u{1b}[2J")),
    ] {
        let err = store.create_user(&bad, None).unwrap_err();
        assert!(
            matches!(err, helpline::store::StoreError::Invalid(_)),
            "{err}"
        );
    }
    store
        .create_user(&new("baraka", "Baraka Otieno", Some("North")), None)
        .unwrap();
}

#[test]
fn a_new_account_that_looks_like_an_existing_one_is_refused_naming_it() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    add_user(&mut store, "operator1", Role::Operator, "correct horse");
    let hash = helpline::auth::hash_password("a long password").unwrap();
    let new = |username: &'static str, display: &'static str| helpline::store::users::NewUser {
        username,
        display_name: display,
        role: Role::Operator,
        team: None,
        password_hash: Box::leak(hash.clone().into_boxed_str()),
    };
    for (username, display) in [
        ("operatorl", "Someone Else"),
        ("OPERATORI", "Someone Else"),
        ("baraka", "\u{43E}perator1"), // Cyrillic о in the display name
        ("baraka", "0perator1"),
    ] {
        let err = store
            .create_user(&new(username, display), None)
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("looks like the existing account `operator1`"),
            "{username} / {display}: {err}"
        );
    }
    // A name mixing alphabets is refused by the name rule itself.
    let err = store
        .create_user(&new("\u{43E}perator1", "Someone"), None)
        .unwrap_err();
    assert!(err.to_string().contains("letters of one alphabet"), "{err}");
    store
        .create_user(&new("operator2", "Baraka Otieno"), None)
        .unwrap();
    assert_eq!(store.count_users().unwrap(), 2);
}
