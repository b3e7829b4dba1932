//! A person's request to have their data anonymised, on a real database:
//! a supervisor asks, another person who is an admin approves, it is
//! carried out once, and every step is audited and listed; through the
//! store and through `helpline request`.

mod common;

use common::*;
use helpline::domain::{RiskLevel, Role};
use helpline::store::cases::NewCase;
use helpline::store::erasure_requests::ErasureState;
use helpline::store::{Store, StoreError};

const PASSWORD: &str = "correct horse battery";

struct Staff {
    operator: i64,
    supervisor: i64,
    admin: i64,
    other_admin: i64,
}

fn staff(store: &mut Store) -> Staff {
    Staff {
        operator: add_user(store, "amina", Role::Operator, PASSWORD),
        supervisor: add_user(store, "baraka", Role::Supervisor, PASSWORD),
        admin: add_user(store, "chebet", Role::Admin, PASSWORD),
        other_admin: add_user(store, "daudi", Role::Admin, PASSWORD),
    }
}

/// A case for Wanjiku, closed unless `open`; returns its id and number.
fn case(store: &mut Store, db: &std::path::Path, open: bool) -> (i64, String) {
    let (id, number) = store
        .open_case(
            &NewCase {
                opened_at: chrono::Utc::now().timestamp() - 86_400,
                risk: RiskLevel::Medium,
                child_name: Some("Wanjiku Kamau"),
                child_age: Some(11),
                phone_norm: Some("254722987654"),
                category: Some("violence"),
                subcategory: Some("violence.physical"),
                ..Default::default()
            },
            None,
        )
        .unwrap();
    if !open {
        rusqlite::Connection::open(db)
            .unwrap()
            .execute(
                "UPDATE cases SET status = 'closed', closed_at = unixepoch(), closure_reason = 'needs_met' WHERE id = ?1",
                [id],
            )
            .unwrap();
    }
    (id, number.to_string())
}

fn refused(result: Result<impl std::fmt::Debug, StoreError>, words: &str) {
    let err = result.expect_err("refused");
    assert!(err.to_string().contains(words), "{err}");
}

#[test]
fn a_supervisor_asks_another_admin_approves_and_it_is_carried_out_once() {
    let (_dir, db) = temp_db();
    let mut store = open(&db);
    let s = staff(&mut store);
    let (closed_id, closed) = case(&mut store, &db, false);
    let (_, open_case) = case(&mut store, &db, true);
    let now = chrono::Utc::now().timestamp();

    // Who may ask, and for what.
    refused(
        store.request_erasure(
            s.operator,
            std::slice::from_ref(&closed),
            "asked by phone",
            now,
        ),
        "only a supervisor or an admin",
    );
    refused(
        store.request_erasure(s.supervisor, &[open_case], "x", now),
        "still open",
    );
    refused(
        store.request_erasure(
            s.supervisor,
            &[closed.clone(), "HL-1999-000001".into()],
            "asked by phone",
            now,
        ),
        "not found",
    );
    refused(
        store.request_erasure(s.supervisor, std::slice::from_ref(&closed), "  ", now),
        "reason",
    );
    assert!(
        store.erasure_requests().unwrap().is_empty(),
        "nothing half-recorded"
    );

    let id = store
        .request_erasure(
            s.supervisor,
            std::slice::from_ref(&closed),
            "the survivor asked in person",
            now,
        )
        .unwrap();
    refused(
        store.carry_out_erasure(id, Some(s.admin), now),
        "waits for an admin",
    );
    // Four eyes: a supervisor cannot approve; an admin cannot approve
    // their own request.
    refused(
        store.approve_erasure(id, s.supervisor, now),
        "only an admin",
    );
    let own = store
        .request_erasure(s.admin, std::slice::from_ref(&closed), "again", now)
        .unwrap();
    refused(
        store.approve_erasure(own, s.admin, now),
        "cannot approve it",
    );
    store.approve_erasure(id, s.other_admin, now).unwrap();
    refused(store.approve_erasure(id, s.admin, now), "approved already");
    assert_eq!(
        store
            .carry_out_erasure(id, Some(s.other_admin), now)
            .unwrap(),
        vec![closed.clone()]
    );
    assert!(
        store
            .carry_out_erasure(id, Some(s.other_admin), now)
            .unwrap()
            .is_empty(),
        "not twice"
    );
    let detail = store.reload_case_detail(closed_id).unwrap();
    assert!(detail.row.anonymised && detail.row.child_name.is_none());
    // An anonymised case stays closed.
    refused(
        store.reopen_case(
            closed_id,
            detail.version,
            "she called again",
            &helpline::domain::Workflow::standard().unwrap(),
            Some(s.supervisor),
            chrono::Utc::now(),
        ),
        "cannot be reopened",
    );
    assert!(
        !store
            .search_cases_matched(
                &helpline::domain::access::Viewer::whole_floor(1),
                "Wanjiku",
                10
            )
            .unwrap()
            .iter()
            .any(|h| h.row.id == closed_id)
    );
    let listed = store.erasure_requests().unwrap();
    let done = listed.iter().find(|r| r.id == id).unwrap();
    assert_eq!(done.state, ErasureState::CarriedOut);
    assert_eq!(done.requested_by, "baraka");
    assert_eq!(done.approved_by.as_deref(), Some("daudi"));
    assert_eq!(done.case_numbers, vec![closed]);
    // Audited: asked, approved, the case anonymised, carried out.
    let actions: Vec<String> = store
        .recent_audit(30)
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    for action in [
        "erasure_requested",
        "erasure_approved",
        "case_anonymised",
        "erasure_carried_out",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }
    assert!(store.verify_audit_chain().unwrap().holds());
}

#[test]
fn the_request_commands_check_the_acting_account_and_its_password() {
    let (dir, db) = temp_db();
    let number = {
        let mut store = open(&db);
        staff(&mut store);
        case(&mut store, &db, false).1
    };
    let run = |args: &[&str], password: &str| {
        let mut cmd = helpline(dir.path());
        cmd.args(["--db", db.to_str().unwrap()]).args(args);
        run_with_input(cmd, &format!("{password}\n"))
    };
    let out = run(
        &[
            "request",
            "erase",
            "--case",
            &number,
            "--reason",
            "asked by phone",
            "--as",
            "amina",
        ],
        PASSWORD,
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("only a supervisor"),
        "{}",
        stderr(&out)
    );

    let out = run(
        &[
            "request",
            "erase",
            "--case",
            &number,
            "--reason",
            "asked by phone",
            "--as",
            "baraka",
        ],
        PASSWORD,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Erasure request 1 recorded"),
        "{}",
        stdout(&out)
    );

    let out = run(&["request", "list"], "");
    assert!(out.status.success(), "{}", stderr(&out));
    let listed = stdout(&out);
    assert!(
        listed.contains("pending") && listed.contains(&number),
        "{listed}"
    );
    assert!(!listed.contains("Wanjiku"), "{listed}");

    let out = run(
        &["request", "approve", "1", "--as", "chebet"],
        "wrong password!!",
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("Wrong user name or password"),
        "{}",
        stderr(&out)
    );
    let out = run(&["request", "approve", "1", "--as", "baraka"], PASSWORD);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("only an admin"), "{}", stderr(&out));

    let out = run(&["request", "approve", "1", "--as", "chebet"], PASSWORD);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("1 case(s) anonymised") && text.contains(&number),
        "{text}"
    );

    let out = run(&["request", "list"], "");
    assert!(stdout(&out).contains("carried_out"), "{}", stdout(&out));
}
