//! Every form fixture goes through the same loading path as an
//! organisation's files: those in `valid/` must load over the shipped forms,
//! those in `invalid/` must be refused with a message naming the file and
//! the place in it. Each invalid fixture says what it expects on its first
//! line: `# expect: <text the message must contain>`.

use std::fs;
use std::path::{Path, PathBuf};

use helpline::domain::forms::FormCatalog;

fn fixtures(kind: &str) -> Vec<(String, String)> {
    let dir: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "forms",
        kind,
    ]
    .iter()
    .collect();
    let mut files: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| (file_name(&path), fs::read_to_string(&path).unwrap()))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn valid_fixtures_load_over_the_shipped_forms() {
    for (name, text) in fixtures("valid") {
        let result = FormCatalog::with_overrides(vec![(name.clone(), text)]);
        assert!(result.is_ok(), "{name}: {}", result.unwrap_err());
    }
}

#[test]
fn all_valid_fixtures_load_together() {
    let catalog = FormCatalog::with_overrides(fixtures("valid")).unwrap();
    for id in [
        "child_helpline",
        "gbv",
        "walk_in_register",
        "follow_up",
        "intake_ar",
    ] {
        assert!(catalog.form(id).is_some(), "{id}");
    }
    assert_eq!(catalog.taxonomy().subcategory_count(), 5);
}

#[test]
fn invalid_fixtures_are_refused_with_file_and_place_named() {
    for (name, text) in fixtures("invalid") {
        let expected = text
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{name} has no `# expect: ` first line"))
            .to_string();
        let message = match FormCatalog::with_overrides(vec![(name.clone(), text)]) {
            Ok(_) => panic!("{name} was accepted"),
            Err(err) => err.to_string(),
        };
        assert!(
            message.starts_with(&format!("{name}: ")),
            "{name}: message does not name the file: {message}"
        );
        assert!(
            message.contains(&expected),
            "{name}: expected {expected:?} in {message:?}"
        );
        assert!(
            !message.contains('\n'),
            "{name}: message is not one line: {message}"
        );
    }
}

#[test]
fn shipped_catalog_loads() {
    let catalog = FormCatalog::builtin().unwrap();
    assert!(catalog.taxonomy().subcategory_count() >= 80);
    assert!(catalog.form("child_helpline").is_some());
    assert!(catalog.form("gbv").is_some());
}
