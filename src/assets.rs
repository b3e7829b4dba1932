//! Data files shipped inside the binary (see `assets/`).

/// The default key bindings.
pub const KEYMAP: &str = include_str!("../assets/keymap.toml");

/// The case-management workflow: which step may follow which.
pub const WORKFLOW: &str = include_str!("../assets/workflow.toml");

/// The age groups and child contact types of the standard exports.
pub const REPORT_GROUPS: &str = include_str!("../assets/taxonomies/report_groups.toml");

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

/// The case workflow and closure reasons: `<dir>/workflow.toml` when the
/// organisation has one, else the shipped file. A bad file is one line
/// naming it and its problem, and nothing of it is used.
pub fn load_workflow(dir: &std::path::Path) -> Result<crate::domain::Workflow, String> {
    let path = dir.join("workflow.toml");
    let text = match std::fs::read(&path) {
        Ok(bytes) => {
            String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return crate::domain::Workflow::standard().map_err(|e| e.to_string());
        }
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    crate::domain::Workflow::from_toml(&text)
        .map_err(|e| format!("{}: {}", path.display(), one_line(&e.to_string())))
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every instrument a form's risk rules name exists, so Ctrl-R in an
/// intake never opens nothing and a floor never waits for an instrument
/// nobody can run.
pub fn check_risk_instruments(
    forms: &crate::domain::forms::FormCatalog,
    instruments: &crate::domain::risk::Catalog,
) -> Result<(), String> {
    for form in forms.forms() {
        if let Some(id) = form
            .risk
            .instrument_ids()
            .find(|id| instruments.get(id).is_none())
        {
            return Err(format!(
                "form `{}`: its risk rules name the instrument `{id}`, which is not installed",
                form.id
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_forms_name_only_shipped_instruments() {
        let forms = crate::domain::forms::FormCatalog::builtin().unwrap();
        let instruments = crate::domain::risk::Catalog::shipped().unwrap();
        check_risk_instruments(&forms, &instruments).unwrap();
    }

    #[test]
    fn a_rule_naming_a_missing_instrument_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("forms")).unwrap();
        std::fs::write(
            dir.path().join("forms/ours.toml"),
            r#"
[form]
id = "ours"
title = "Ours"
version = 1

[[section]]
id = "contact"
title = "Contact"

[[section.field]]
id = "channel"
label = "Channel"
kind = "single_choice"
options_from = "channels"
required = true

[[section.field]]
id = "contact_type"
label = "Contact type"
kind = "single_choice"
options_from = "contact_types"
required = true

[risk]
default_instrument = "no_such_tool"
"#,
        )
        .unwrap();
        let forms = load_forms(dir.path()).unwrap();
        let instruments = load_instruments(dir.path()).unwrap();
        let err = check_risk_instruments(&forms, &instruments).unwrap_err();
        assert!(
            err.contains("no_such_tool") && err.contains("ours"),
            "{err}"
        );
    }

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
