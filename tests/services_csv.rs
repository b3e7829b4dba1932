//! `helpline services import | export`, run as a user would: the real
//! binary on fixture files in tests/fixtures/services/.

mod common;

use common::*;
use helpline::store::Page;
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/services")
        .join(name)
}

/// A bad fixture, its bad lines with a part of each reason, and how many
/// good lines `--skip-bad` imports.
type BadFile = (&'static str, &'static [(u64, &'static str)], usize);

const BAD: &[BadFile] = &[
    (
        "missing_column.csv",
        &[
            (
                3,
                "missing column(s) email, opening_hours, languages, notes",
            ),
            (5, "missing column(s) location"),
        ],
        2,
    ),
    (
        "bad_utf8.csv",
        &[(3, "organisation: not UTF-8"), (5, "notes: not UTF-8")],
        2,
    ),
    (
        "duplicate_lines.csv",
        &[(4, "duplicate of line 2"), (6, "duplicate of line 3")],
        3,
    ),
    (
        "empty_required_field.csv",
        &[
            (3, "organisation: required but empty"),
            (4, "name: required but empty"),
            (5, "service_type: required but empty"),
        ],
        2,
    ),
    (
        "unknown_type_and_long_field.csv",
        &[
            (3, "unknown service type `wellness`"),
            (4, "name: too long (201 characters; at most 200)"),
            (5, "email: not an e-mail address"),
        ],
        1,
    ),
];

fn services(home: &Path, db: &Path, args: &[&str]) -> Output {
    helpline(home)
        .args(["--db", db.to_str().unwrap(), "services"])
        .args(args)
        .output()
        .unwrap()
}

fn count_services(db: &Path) -> usize {
    open(db).list_services(Page::first(500)).unwrap().len()
}

#[test]
fn a_good_file_imports_and_round_trips_through_export() {
    let (home, db) = temp_db();
    let good = fixture("good.csv");
    let out = services(home.path(), &db, &["import", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Imported 5 service(s)")
            && stdout(&out).contains("5 new organisation(s)"),
        "{}",
        stdout(&out)
    );
    assert_eq!(stderr(&out), "");
    assert_eq!(count_services(&db), 5);

    let exported = home.path().join("export.csv");
    let out = services(home.path(), &db, &["export", exported.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let first = std::fs::read(&exported).unwrap();
    let text = String::from_utf8(first.clone()).unwrap();
    assert!(text.starts_with(
        "organisation,service_type,name,location,phone,email,opening_hours,languages,notes\n"
    ));
    assert!(
        text.contains("\"Mon-Fri 08:00-17:00\nWeekends: call first\""),
        "{text}"
    );
    assert!(text.contains("say \"\"helpline\"\" when"), "{text}");

    let to_stdout = services(home.path(), &db, &["export"]);
    assert_eq!(
        to_stdout.stdout, first,
        "standard output gets the same file"
    );

    let fresh = home.path().join("fresh.db");
    let out = services(home.path(), &fresh, &["import", exported.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let again = services(home.path(), &fresh, &["export"]);
    assert_eq!(
        again.stdout, first,
        "export -> import -> export changes nothing"
    );
    let good_records: Vec<_> = open(&db).active_services().unwrap();
    assert_eq!(open(&fresh).active_services().unwrap(), good_records);
}

#[test]
fn a_bad_file_imports_nothing_and_lists_every_bad_line() {
    for (file, bad_lines, _) in BAD {
        let (home, db) = temp_db();
        let path = fixture(file);
        let out = services(home.path(), &db, &["import", path.to_str().unwrap()]);
        let err = stderr(&out);
        assert!(!out.status.success(), "{file} was accepted");
        for (line, reason) in *bad_lines {
            let expected = format!("{}:{line}: ", path.display());
            let listed = err
                .lines()
                .find(|l| l.starts_with(&expected))
                .unwrap_or_else(|| panic!("{file}: line {line} not reported in\n{err}"));
            assert!(listed.contains(reason), "{file}: {listed}");
        }
        let reported = err.lines().filter(|l| l.contains(".csv:")).count();
        assert_eq!(reported, bad_lines.len() + 1, "{file}: {err}");
        assert!(err.contains("nothing imported"), "{file}: {err}");
        assert!(!err.contains("panicked"), "{file}: {err}");
        assert_eq!(count_services(&db), 0, "{file}");
    }
}

#[test]
fn skip_bad_imports_the_good_lines_and_reports_the_rest() {
    for (file, bad_lines, good) in BAD {
        let (home, db) = temp_db();
        let path = fixture(file);
        let out = services(
            home.path(),
            &db,
            &["import", path.to_str().unwrap(), "--skip-bad"],
        );
        assert!(out.status.success(), "{file}: {}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), bad_lines.len(), "{file}");
        let summary = stdout(&out);
        assert!(
            summary.contains(&format!("Imported {good} service(s)")),
            "{file}: {summary}"
        );
        assert!(
            summary.contains(&format!("Skipped {} bad line(s)", bad_lines.len())),
            "{file}: {summary}"
        );
        assert_eq!(count_services(&db), *good, "{file}");
    }
}

#[test]
fn a_second_import_finds_the_services_already_there() {
    let (home, db) = temp_db();
    let good = fixture("good.csv");
    let first = services(home.path(), &db, &["import", good.to_str().unwrap()]);
    assert!(first.status.success());
    let out = services(home.path(), &db, &["import", good.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("duplicate of a service already in the directory"))
            .count(),
        5,
        "{err}"
    );
    assert_eq!(count_services(&db), 5);
}

#[test]
fn a_header_without_a_documented_column_is_one_clear_line() {
    let (home, db) = temp_db();
    let path = fixture("missing_header_column.csv");
    let out = services(home.path(), &db, &["import", path.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!(
            "{}:1: missing column(s) opening_hours",
            path.display()
        )),
        "{err}"
    );
    let missing = home.path().join("nowhere.csv");
    let out = services(home.path(), &db, &["import", missing.to_str().unwrap()]);
    assert!(stderr(&out).contains("no such file"), "{}", stderr(&out));
}

#[test]
fn the_help_lists_the_columns() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        ["services", "import", "--help"],
        ["services", "export", "--help"],
    ] {
        let out = helpline(home.path()).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = stdout(&out);
        assert!(
            text.contains("organisation, service_type, name, location, phone, email, opening_hours, languages, notes"),
            "{text}"
        );
    }
}

#[test]
fn an_unclosed_quote_is_an_error_naming_its_line_and_imports_nothing() {
    for (file, expected) in [
        ("unclosed_quote.csv", "never closed"),
        ("quote_closed_lines_later.csv", "closes on line 5"),
    ] {
        a_quote_problem_imports_nothing(file, expected);
    }
}

fn a_quote_problem_imports_nothing(file: &str, expected: &str) {
    let path = fixture(file);
    for extra in [&[][..], &["--skip-bad"][..]] {
        let (home, db) = temp_db();
        let mut args = vec!["import", path.to_str().unwrap()];
        args.extend_from_slice(extra);
        let out = services(home.path(), &db, &args);
        let err = stderr(&out);
        assert!(
            !out.status.success(),
            "{extra:?}: accepted: {}",
            stdout(&out)
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(&format!("{}:3: ", path.display())) && err.contains(expected),
            "{err}"
        );
        assert!(err.contains("nothing imported"), "{err}");
        assert!(!db.exists() || count_services(&db) == 0, "{extra:?}");
    }
}

#[test]
fn formulas_are_neutralised_on_export_and_control_characters_refused_on_import() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("helpline.db");
    let csv = home.path().join("formulas.csv");
    std::fs::write(
        &csv,
        "organisation,service_type,name,location,phone,email,opening_hours,languages,notes\n\
         =HYPERLINK(\"http://evil\"),medical,@SUM(A1),Kisumu,+254 722 000 111,,,en,-2 beds\n",
    )
    .unwrap();
    let out = services(home.path(), &db, &["import", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let exported = home.path().join("out.csv");
    let out = services(home.path(), &db, &["export", exported.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&exported).unwrap();
    for cell in ["'=HYPERLINK", "'@SUM(A1)", "'+254 722 000 111", "'-2 beds"] {
        assert!(text.contains(cell), "{cell} in {text}");
    }
    // Imported again elsewhere, the values are as they were typed.
    let other = home.path().join("other.db");
    let out = services(home.path(), &other, &["import", exported.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let again = home.path().join("again.csv");
    services(home.path(), &other, &["export", again.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&again).unwrap(), text);

    // A name holding a terminal escape (a clipboard write) is refused,
    // named by line and code point, and the raw sequence is never printed.
    std::fs::write(
        &csv,
        "organisation,service_type,name,location,phone,email,opening_hours,languages,notes\n\
         Org,medical,Clinic\u{1b}]52;c;aGk=\u{7},Kisumu,,,,en,\n",
    )
    .unwrap();
    let out = services(home.path(), &db, &["import", csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains(":2: name: holds a control character (U+001B)"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
}
