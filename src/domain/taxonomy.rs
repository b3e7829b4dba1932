//! Reference lists that forms draw their options from: channels, contact
//! types, genders and the like, plus the two-level reasons-for-contact
//! taxonomy (domain reference, sections 1, 2, 3, 5 and 6).
//!
//! The lists are data in `assets/taxonomies/`; an organisation can replace a
//! list by shipping one with the same id.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::forms::error::{FormError, Problem};
use crate::domain::forms::raw::{RawOption, is_valid_id, parse_toml};

/// The flag on contact types that open or update a case.
pub const NEEDS_CASE: &str = "needs_case";
/// The list of contact types.
pub const CONTACT_TYPES: &str = "contact_types";
/// The generated list of reason-for-contact categories.
pub const REASON_CATEGORIES: &str = "reason_categories";
/// The generated list of every reason-for-contact subcategory, each grouped
/// by its category, with ids like `violence.physical_violence`.
pub const REASONS: &str = "reasons";

/// One choice a field offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChoiceOption {
    /// Stable id, stored in answers.
    pub id: String,
    /// Text shown to the counsellor.
    pub label: String,
    pub help: Option<String>,
    /// The option of another field this one belongs under (a subcategory's
    /// category); fields with `filter_by` offer only the matching options.
    pub group: Option<String>,
    /// Words that conditions can test, such as [`NEEDS_CASE`].
    pub flags: Vec<String>,
}

impl ChoiceOption {
    /// Whether the option carries `flag`.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }

    /// Checks a written option and makes it a choice without a group.
    pub(crate) fn from_raw(raw: RawOption) -> Result<Self, Problem> {
        if !is_valid_id(&raw.id) {
            return Err(Problem::BadId(raw.id));
        }
        if let Some(bad) = raw.flags.iter().find(|f| !is_valid_id(f)) {
            return Err(Problem::BadId(bad.clone()));
        }
        Ok(ChoiceOption {
            id: raw.id,
            label: raw.label,
            help: raw.help,
            group: None,
            flags: raw.flags,
        })
    }
}

/// Checks that a set of options is non-empty and has no repeated id.
pub(crate) fn check_options(options: &[ChoiceOption]) -> Result<(), Problem> {
    if options.is_empty() {
        return Err(Problem::NoOptions);
    }
    let mut seen = HashSet::new();
    match options.iter().find(|o| !seen.insert(o.id.as_str())) {
        Some(dup) => Err(Problem::DuplicateOption(dup.id.clone())),
        None => Ok(()),
    }
}

/// A named list of options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionList {
    pub id: String,
    pub label: String,
    pub help: Option<String>,
    pub options: Vec<ChoiceOption>,
}

impl OptionList {
    /// The option with this id.
    pub fn option(&self, id: &str) -> Option<&ChoiceOption> {
        self.options.iter().find(|o| o.id == id)
    }
}

/// One category of reasons for contact with its subcategories, whose ids
/// are already qualified (`violence.bullying`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReasonCategory {
    pub id: String,
    pub label: String,
    pub help: Option<String>,
    pub subcategories: Vec<ChoiceOption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawListFile {
    list: Vec<RawList>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    id: String,
    label: String,
    #[serde(default)]
    help: Option<String>,
    options: Vec<RawOption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReasonFile {
    category: Vec<RawCategory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: String,
    label: String,
    #[serde(default)]
    help: Option<String>,
    subcategories: Vec<RawOption>,
}

/// Every reference list, by id, and the reasons-for-contact taxonomy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taxonomy {
    lists: BTreeMap<String, OptionList>,
    categories: Vec<ReasonCategory>,
}

impl Taxonomy {
    /// Reads a file of `[[list]]` tables; a list replaces any list of the
    /// same id read before. Nothing changes if the file has an error.
    pub fn add_lists(&mut self, file: &str, text: &str) -> Result<(), FormError> {
        let raw: RawListFile = parse_toml(file, text)?;
        let mut parsed = Vec::with_capacity(raw.list.len());
        let mut seen = HashSet::new();
        for list in raw.list {
            let place = |problem| FormError::List {
                file: file.to_string(),
                list: list.id.clone(),
                problem,
            };
            if !is_valid_id(&list.id) {
                return Err(place(Problem::BadId(list.id.clone())));
            }
            if list.id == REASONS || list.id == REASON_CATEGORIES {
                return Err(place(Problem::ReservedList(list.id.clone())));
            }
            if !seen.insert(list.id.clone()) {
                return Err(place(Problem::DuplicateId));
            }
            let options = list
                .options
                .into_iter()
                .map(ChoiceOption::from_raw)
                .collect::<Result<Vec<_>, _>>()
                .map_err(place)?;
            check_options(&options).map_err(place)?;
            parsed.push(OptionList {
                id: list.id,
                label: list.label,
                help: list.help,
                options,
            });
        }
        for list in parsed {
            self.lists.insert(list.id.clone(), list);
        }
        Ok(())
    }

    /// Reads a reasons-for-contact file of `[[category]]` tables, replacing
    /// the whole taxonomy, and regenerates the [`REASON_CATEGORIES`] and
    /// [`REASONS`] lists from it.
    pub fn set_reasons(&mut self, file: &str, text: &str) -> Result<(), FormError> {
        let raw: RawReasonFile = parse_toml(file, text)?;
        let mut categories: Vec<ReasonCategory> = Vec::with_capacity(raw.category.len());
        for category in raw.category {
            let place = |problem| FormError::Category {
                file: file.to_string(),
                category: category.id.clone(),
                problem,
            };
            if !is_valid_id(&category.id) {
                return Err(place(Problem::BadId(category.id.clone())));
            }
            if categories.iter().any(|c| c.id == category.id) {
                return Err(place(Problem::DuplicateId));
            }
            let mut subcategories = Vec::with_capacity(category.subcategories.len());
            for sub in category.subcategories {
                let mut option = ChoiceOption::from_raw(sub).map_err(place)?;
                option.id = format!("{}.{}", category.id, option.id);
                option.group = Some(category.id.clone());
                subcategories.push(option);
            }
            check_options(&subcategories).map_err(place)?;
            categories.push(ReasonCategory {
                id: category.id,
                label: category.label,
                help: category.help,
                subcategories,
            });
        }
        let category_options: Vec<ChoiceOption> = categories
            .iter()
            .map(|c| ChoiceOption {
                id: c.id.clone(),
                label: c.label.clone(),
                help: c.help.clone(),
                group: None,
                flags: Vec::new(),
            })
            .collect();
        if let Err(problem) = check_options(&category_options) {
            return Err(FormError::File {
                file: file.to_string(),
                problem,
            });
        }
        let reasons = categories
            .iter()
            .flat_map(|c| c.subcategories.iter().cloned())
            .collect();
        self.lists.insert(
            REASON_CATEGORIES.to_string(),
            OptionList {
                id: REASON_CATEGORIES.to_string(),
                label: "Reason for contact: category".to_string(),
                help: None,
                options: category_options,
            },
        );
        self.lists.insert(
            REASONS.to_string(),
            OptionList {
                id: REASONS.to_string(),
                label: "Reason for contact".to_string(),
                help: None,
                options: reasons,
            },
        );
        self.categories = categories;
        Ok(())
    }

    /// The list with this id, including the generated reasons lists.
    pub fn list(&self, id: &str) -> Option<&OptionList> {
        self.lists.get(id)
    }

    /// Every list, by id.
    pub fn lists(&self) -> impl Iterator<Item = &OptionList> {
        self.lists.values()
    }

    /// The reasons-for-contact categories, in file order.
    pub fn reason_categories(&self) -> &[ReasonCategory] {
        &self.categories
    }

    /// How many subcategories the reasons taxonomy has across categories.
    pub fn subcategory_count(&self) -> usize {
        self.categories.iter().map(|c| c.subcategories.len()).sum()
    }

    /// Whether a contact of this type opens or updates a case; `None` for an
    /// id that is not a contact type.
    pub fn needs_case(&self, contact_type: &str) -> Option<bool> {
        self.list(CONTACT_TYPES)?
            .option(contact_type)
            .map(|o| o.has_flag(NEEDS_CASE))
    }
}
