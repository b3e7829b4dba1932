//! Data files shipped inside the binary (see `assets/`).

/// The default key bindings.
pub const KEYMAP: &str = include_str!("../assets/keymap.toml");

/// The case-management workflow: which step may follow which.
pub const WORKFLOW: &str = include_str!("../assets/workflow.toml");

/// An organisation's own data files (forms, lists, instruments) from one
/// folder: every `*.toml` file, in name order, as (file name, text). A
/// missing folder means none; an unreadable or non-UTF-8 file is an error
/// naming it, so a typo never silently falls back to the shipped default.
pub fn organisation_files(dir: &std::path::Path) -> Result<Vec<(String, String)>, String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read the folder {}: {e}", dir.display())),
    };
    let mut paths: Vec<std::path::PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes =
                std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let text = String::from_utf8(bytes)
                .map_err(|_| format!("{} is not UTF-8 text", path.display()))?;
            Ok((name, text))
        })
        .collect()
}

/// The intake forms and lists: shipped, with `<dir>/forms/*.toml` on top.
pub fn load_forms(dir: &std::path::Path) -> Result<crate::domain::forms::FormCatalog, String> {
    let files = organisation_files(&dir.join("forms"))?;
    crate::domain::forms::FormCatalog::with_overrides(files).map_err(|e| e.to_string())
}

/// The risk instruments: shipped, with `<dir>/instruments/*.toml` on top.
pub fn load_instruments(dir: &std::path::Path) -> Result<crate::domain::risk::Catalog, String> {
    let files = organisation_files(&dir.join("instruments"))?;
    crate::domain::risk::Catalog::with_overrides(files).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_adds_nothing_and_a_bad_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load_forms(dir.path()).unwrap().forms().count() >= 2);
        std::fs::create_dir(dir.path().join("instruments")).unwrap();
        std::fs::write(dir.path().join("instruments/ours.toml"), "id = 3\n").unwrap();
        let err = load_instruments(dir.path()).unwrap_err();
        assert!(err.contains("ours.toml"), "{err}");
        std::fs::write(dir.path().join("instruments/ours.toml"), [0xff, 0xfe]).unwrap();
        assert!(
            load_instruments(dir.path())
                .unwrap_err()
                .contains("not UTF-8")
        );
    }
}
