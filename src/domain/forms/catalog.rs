//! The forms and reference lists in use: the shipped ones, with an
//! organisation's own files laid over them.

use std::collections::BTreeMap;

use super::build::build_form;
use super::error::{FormError, Problem};
use super::model::{FieldKind, Form, Requirement};
use super::raw::{RawFormFile, parse_toml};
use crate::domain::gbv;
use crate::domain::taxonomy::Taxonomy;

/// Shipped reference lists, read before any form.
const BUILTIN_LISTS: (&str, &str) = (
    "lists.toml",
    include_str!("../../../assets/taxonomies/lists.toml"),
);
const BUILTIN_REASONS: (&str, &str) = (
    "reasons.toml",
    include_str!("../../../assets/taxonomies/reasons.toml"),
);
/// Shipped forms.
const BUILTIN_FORMS: [(&str, &str); 2] = [
    (
        "child_helpline.toml",
        include_str!("../../../assets/forms/child_helpline.toml"),
    ),
    ("gbv.toml", include_str!("../../../assets/forms/gbv.toml")),
];

/// What a file holds, told by its top-level tables.
enum FileKind {
    Form,
    Lists,
    Reasons,
}

fn file_kind(file: &str, text: &str) -> Result<FileKind, FormError> {
    let table: toml::Table = parse_toml(file, text)?;
    if table.contains_key("form") {
        Ok(FileKind::Form)
    } else if table.contains_key("list") {
        Ok(FileKind::Lists)
    } else if table.contains_key("category") {
        Ok(FileKind::Reasons)
    } else {
        Err(FormError::File {
            file: file.to_string(),
            problem: Problem::UnknownFileKind,
        })
    }
}

/// Fields that completing an intake reads from every form (see
/// `app::intake::record`): the channel, and the contact type, which decides
/// whether the contact opens a case. A form without them would save
/// contacts with no channel that never open a case.
pub const COMPLETION_FIELDS: [&str; 2] = ["channel", "contact_type"];

/// The first completion field `form` lacks, or has optional or of another
/// kind than a single choice.
fn missing_completion_field(form: &Form) -> Option<Problem> {
    COMPLETION_FIELDS.into_iter().find_map(|field| {
        let usable = form.field(field).is_some_and(|f| {
            matches!(f.kind, FieldKind::SingleChoice(_)) && f.required == Requirement::Always
        });
        (!usable).then(|| Problem::MissingCompletionField {
            form: form.id.clone(),
            field,
            kind: "single_choice",
        })
    })
}

/// Every form in use, by id, and the reference lists they draw on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormCatalog {
    taxonomy: Taxonomy,
    forms: BTreeMap<String, Form>,
}

impl FormCatalog {
    /// The shipped forms and lists alone.
    pub fn builtin() -> Result<Self, FormError> {
        Self::with_overrides(Vec::new())
    }

    /// The shipped forms and lists with an organisation's files over them.
    /// Each file is `(file name, text)`; what it holds is told by its
    /// tables: a `[form]` replaces the shipped form of the same id (or adds a
    /// new one), `[[list]]`s replace lists of the same id, and
    /// `[[category]]`s replace the reasons-for-contact taxonomy. Forms are
    /// checked after every list is in place, so an organisation's form may
    /// use an organisation's list.
    pub fn with_overrides(files: Vec<(String, String)>) -> Result<Self, FormError> {
        let mut taxonomy = Taxonomy::default();
        taxonomy.add_lists(BUILTIN_LISTS.0, BUILTIN_LISTS.1)?;
        taxonomy.set_reasons(BUILTIN_REASONS.0, BUILTIN_REASONS.1)?;

        // Form id -> (file it came from, its parsed text, whether it is an
        // organisation's file).
        let mut pending: BTreeMap<String, (String, RawFormFile, bool)> = BTreeMap::new();
        for (file, text) in BUILTIN_FORMS {
            let raw: RawFormFile = parse_toml(file, text)?;
            pending.insert(raw.form.id.clone(), (file.to_string(), raw, false));
        }
        for (file, text) in files {
            match file_kind(&file, &text)? {
                FileKind::Lists => taxonomy.add_lists(&file, &text)?,
                FileKind::Reasons => taxonomy.set_reasons(&file, &text)?,
                FileKind::Form => {
                    let raw: RawFormFile = parse_toml(&file, &text)?;
                    if let Some((other, _, true)) = pending.get(&raw.form.id) {
                        return Err(FormError::File {
                            problem: Problem::DuplicateForm {
                                form: raw.form.id.clone(),
                                other: other.clone(),
                            },
                            file,
                        });
                    }
                    pending.insert(raw.form.id.clone(), (file, raw, true));
                }
            }
        }

        let mut forms = BTreeMap::new();
        for (id, (file, raw, _)) in pending {
            let form = build_form(&file, raw, &taxonomy)?;
            // The classifier reads fixed field ids; a GBV form without them
            // would quietly classify every incident as non-GBV.
            if form.id == gbv::FORM_ID
                && let Some(&(field, kind)) = gbv::missing_fields(&form).first()
            {
                return Err(FormError::Field {
                    file,
                    field: field.to_string(),
                    problem: Problem::MissingGbvField { kind },
                });
            }
            if let Some(problem) = missing_completion_field(&form) {
                return Err(FormError::File { file, problem });
            }
            forms.insert(id, form);
        }
        Ok(FormCatalog { taxonomy, forms })
    }

    /// The form with this id.
    pub fn form(&self, id: &str) -> Option<&Form> {
        self.forms.get(id)
    }

    /// Every form, by id.
    pub fn forms(&self) -> impl Iterator<Item = &Form> {
        self.forms.values()
    }

    /// The instrument that fits a case with this reason for contact: the
    /// first form whose risk rules name one for it; otherwise the default
    /// of the form the category names (GBV cases carry the form's id as
    /// their category), else of the first form.
    pub fn instrument_for_reason(
        &self,
        category: Option<&str>,
        subcategory: Option<&str>,
    ) -> Option<String> {
        use super::value::{Answers, FieldValue};
        let mut answers = Answers::new();
        if let Some(c) = category {
            answers.insert(
                "reason_categories",
                FieldValue::Choices(vec![c.to_string()]),
            );
        }
        if let Some(s) = subcategory {
            answers.insert(
                "reason_subcategories",
                FieldValue::Choices(vec![s.to_string()]),
            );
        }
        self.forms()
            .find_map(|f| super::risk_rules::rule_instrument(f, &answers))
            .or_else(|| {
                category
                    .and_then(|c| self.form(c))
                    .or_else(|| self.forms().next())
                    .and_then(|f| f.risk.default_instrument.clone())
            })
    }

    /// The reference lists and reasons taxonomy in use.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::taxonomy::{CONTACT_TYPES, REASONS};

    fn override_of(file: &str, text: &str) -> Vec<(String, String)> {
        vec![(file.to_string(), text.to_string())]
    }

    #[test]
    fn shipped_forms_and_taxonomy_parse() {
        let catalog = FormCatalog::builtin().unwrap();
        let ids: Vec<&str> = catalog.forms().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["child_helpline", "gbv"]);
        let taxonomy = catalog.taxonomy();
        assert_eq!(taxonomy.reason_categories().len(), 11);
        assert!(taxonomy.subcategory_count() >= 80);
        assert_eq!(
            taxonomy.list(REASONS).unwrap().options.len(),
            taxonomy.subcategory_count()
        );
        for category in taxonomy.reason_categories() {
            let other = format!("{}.unspecified_other", category.id);
            assert!(
                category.subcategories.iter().any(|s| s.id == other),
                "{} lacks unspecified / other",
                category.id
            );
        }
    }

    #[test]
    fn only_three_contact_types_open_a_case() {
        let catalog = FormCatalog::builtin().unwrap();
        let taxonomy = catalog.taxonomy();
        let cased: Vec<&str> = taxonomy
            .list(CONTACT_TYPES)
            .unwrap()
            .options
            .iter()
            .filter(|o| taxonomy.needs_case(&o.id) == Some(true))
            .map(|o| o.id.as_str())
            .collect();
        assert_eq!(
            cased,
            [
                "child_about_self",
                "someone_about_child",
                "adult_survivor_about_self"
            ]
        );
        assert_eq!(taxonomy.needs_case("silent"), Some(false));
        assert_eq!(taxonomy.needs_case("no_such_type"), None);
    }

    #[test]
    fn gbv_type_list_matches_classifier() {
        let catalog = FormCatalog::builtin().unwrap();
        let list = catalog.taxonomy().list("gbv_incident_types").unwrap();
        let ids: Vec<&str> = list.options.iter().map(|o| o.id.as_str()).collect();
        let mut expected: Vec<&str> = gbv::GbvType::CORE_ORDER
            .iter()
            .map(|t| t.as_str())
            .collect();
        expected.push(gbv::GbvType::NonGbv.as_str());
        assert_eq!(ids, expected);
    }

    #[test]
    fn organisation_form_replaces_shipped_one() {
        let text = r#"
            [form]
            id = "gbv"
            title = "Our GBV form"
            version = 7
            [[section]]
            id = "all"
            title = "All"
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
            [[section.field]]
            id = "survivor_age"
            label = "Age"
            kind = "number"
            min = 0
            max = 120
        "#;
        let yes_no: String = [
            gbv::PENETRATION,
            gbv::ATTEMPTED_RAPE,
            gbv::FGMC,
            gbv::SEXUAL_CONTACT,
            gbv::PHYSICAL_ASSAULT,
            gbv::FORCED_MARRIAGE,
            gbv::DENIAL_OF_RESOURCES,
            gbv::PSYCHOLOGICAL_ABUSE,
            gbv::MONEY_OR_GOODS,
        ]
        .iter()
        .map(|id| {
            format!("[[section.field]]\nid = \"{id}\"\nlabel = \"{id}\"\nkind = \"yes_no_dk\"\n")
        })
        .collect();
        let catalog =
            FormCatalog::with_overrides(override_of("ours.toml", &format!("{text}{yes_no}")))
                .unwrap();
        let form = catalog.form("gbv").unwrap();
        assert_eq!((form.title.as_str(), form.version), ("Our GBV form", 7));
        assert!(catalog.form("child_helpline").is_some());

        let err = FormCatalog::with_overrides(override_of("ours.toml", text)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ours.toml: field `gbv_penetration`: the GBV form needs this field, of kind yes_no_dk: \
             the GBV classification reads it"
        );
    }

    #[test]
    fn organisation_lists_are_in_place_before_forms_are_checked() {
        let lists = r#"
            [[list]]
            id = "channels"
            label = "Channel"
            options = [{ id = "radio", label = "Community radio call-in" }]
        "#;
        let catalog = FormCatalog::with_overrides(override_of("channels.toml", lists)).unwrap();
        let form = catalog.form("child_helpline").unwrap();
        let channel = form.field("channel").unwrap().kind.choices().unwrap();
        assert_eq!(channel.options.len(), 1);
        assert_eq!(channel.options[0].id, "radio");
    }

    #[test]
    fn override_errors_name_the_file() {
        let form = "[form]\nid = \"extra\"\ntitle = \"x\"\nversion = 1\n[[section]]\nid = \"s\"\ntitle = \"s\"\n[[section.field]]\nid = \"a\"\nlabel = \"a\"\nkind = \"text\"\n";
        let cases = [
            (
                vec![("a.toml", form), ("b.toml", form)],
                "b.toml: form `extra` is defined both here and in a.toml",
            ),
            (
                vec![("notes.toml", "title = \"notes\"\n")],
                "notes.toml: not a form or taxonomy file",
            ),
            (vec![("broken.toml", "[form\n")], "broken.toml: line 1: "),
            (
                vec![(
                    "reasons.toml",
                    "[[category]]\nid = \"Bad Id\"\nlabel = \"x\"\nsubcategories = []\n",
                )],
                "reasons.toml: category `Bad Id`: `Bad Id` is not a valid id",
            ),
        ];
        for (files, expected) in cases {
            let files = files
                .into_iter()
                .map(|(name, text)| (name.to_string(), text.to_string()))
                .collect();
            let err = FormCatalog::with_overrides(files).unwrap_err().to_string();
            assert!(err.starts_with(expected), "{err}");
        }
    }
}
