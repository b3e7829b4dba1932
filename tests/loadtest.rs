//! The load harness end to end: the real binary starts operator processes
//! against a fresh database, and every write they report is found.

mod common;

use common::*;

#[test]
fn a_short_load_test_on_a_new_database_passes() {
    let (dir, db) = temp_db();
    let out = helpline(dir.path())
        .args([
            "loadtest",
            "--operators",
            "3",
            "--seconds",
            "3",
            "--cases",
            "300",
        ])
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{text}\n{}", stderr(&out));
    assert!(text.lines().any(|l| l == "PASS"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["errors", "0"]),
        "{text}"
    );
}

#[test]
fn a_load_test_needs_a_database_named_on_the_command_line() {
    let (dir, _db) = temp_db();
    let out = helpline(dir.path())
        .args(["loadtest", "--operators", "1", "--seconds", "1"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--db PATH"), "{}", stderr(&out));
}
