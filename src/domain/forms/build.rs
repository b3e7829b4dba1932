//! Turns a form file into a checked [`Form`]: unique ids, option lists that
//! exist, conditions on earlier fields only, sane limits.

use std::collections::HashSet;

use super::condition::{self, Scope};
use super::error::{FormError, Problem};
use super::model::{
    Choices, DEFAULT_MULTI_LINE_LIMIT, DEFAULT_TEXT_LIMIT, Field, FieldKind, Form, MAX_TEXT_LIMIT,
    Requirement, Section,
};
use super::raw::{RawField, RawFormFile, RawKind, is_valid_id, parse_table, parse_toml};
use crate::domain::taxonomy::{ChoiceOption, Taxonomy, check_options};

/// Reads and checks one form file; `file` is the name used in errors.
/// Option lists named by `options_from` are looked up in `taxonomy`.
pub fn parse_form(file: &str, text: &str, taxonomy: &Taxonomy) -> Result<Form, FormError> {
    let raw: RawFormFile = parse_toml(file, text)?;
    build_form(file, raw, taxonomy)
}

pub(super) fn build_form(
    file: &str,
    raw: RawFormFile,
    taxonomy: &Taxonomy,
) -> Result<Form, FormError> {
    let file_error = |problem| FormError::File {
        file: file.to_string(),
        problem,
    };
    if !is_valid_id(&raw.form.id) {
        return Err(file_error(Problem::BadId(raw.form.id)));
    }
    if raw.section.is_empty() {
        return Err(file_error(Problem::NoSections));
    }
    // Collected up front so a condition on a later field gets a message
    // saying "later", not "unknown".
    let all_ids: Vec<String> = raw
        .section
        .iter()
        .flat_map(|s| s.field.iter())
        .filter_map(|t| t.get("id").and_then(|v| v.as_str()).map(str::to_string))
        .collect();

    let mut sections: Vec<Section> = Vec::with_capacity(raw.section.len());
    let mut field_ids = HashSet::new();
    for raw_section in raw.section {
        let section_error = |problem| FormError::Section {
            file: file.to_string(),
            section: raw_section.id.clone(),
            problem,
        };
        if !is_valid_id(&raw_section.id) {
            return Err(section_error(Problem::BadId(raw_section.id.clone())));
        }
        if sections.iter().any(|s| s.id == raw_section.id) {
            return Err(section_error(Problem::DuplicateId));
        }
        if raw_section.field.is_empty() {
            return Err(section_error(Problem::NoFields));
        }
        let show_if = match raw_section.show_if {
            Some(c) => {
                let scope = Scope {
                    earlier: sections.iter().flat_map(|s| s.fields.iter()).collect(),
                    all_ids: &all_ids,
                };
                Some(condition::build(c, &scope).map_err(section_error)?)
            }
            None => None,
        };

        let mut fields: Vec<Field> = Vec::with_capacity(raw_section.field.len());
        for (n, table) in raw_section.field.into_iter().enumerate() {
            // Named by its id when it has one, so schema errors point at it.
            let name = match table.get("id").and_then(|v| v.as_str()) {
                Some(id) => id.to_string(),
                None => format!("#{} of section {}", n + 1, raw_section.id),
            };
            let field_error = |problem| FormError::Field {
                file: file.to_string(),
                field: name.clone(),
                problem,
            };
            let raw_field: RawField = parse_table(table).map_err(field_error)?;
            if !field_ids.insert(raw_field.id.clone()) {
                return Err(field_error(Problem::DuplicateId));
            }
            let scope = Scope {
                earlier: sections
                    .iter()
                    .flat_map(|s| s.fields.iter())
                    .chain(fields.iter())
                    .collect(),
                all_ids: &all_ids,
            };
            let field = build_field(raw_field, taxonomy, &scope).map_err(field_error)?;
            fields.push(field);
        }
        sections.push(Section {
            id: raw_section.id,
            title: raw_section.title,
            help: raw_section.help,
            show_if,
            fields,
        });
    }
    let mut form = Form {
        id: raw.form.id,
        title: raw.form.title,
        description: raw.form.description,
        version: raw.form.version,
        sections,
        risk: Default::default(),
    };
    if let Some(risk) = raw.risk {
        form.risk = super::risk_rules::build(file, risk, &form)?;
    }
    Ok(form)
}

fn build_field(
    mut raw: RawField,
    taxonomy: &Taxonomy,
    scope: &Scope<'_>,
) -> Result<Field, Problem> {
    if !is_valid_id(&raw.id) {
        return Err(Problem::BadId(raw.id));
    }
    let kind = build_kind(&mut raw, taxonomy, scope)?;
    let show_if = raw
        .show_if
        .map(|c| condition::build(c, scope))
        .transpose()?;
    let required = match (raw.required, raw.required_when) {
        (true, Some(_)) => return Err(Problem::RequiredTwice),
        (true, None) => Requirement::Always,
        (false, Some(c)) => Requirement::When(condition::build(c, scope)?),
        (false, None) => Requirement::Optional,
    };
    Ok(Field {
        id: raw.id,
        label: raw.label,
        help: raw.help,
        kind,
        required,
        show_if,
    })
}

/// Builds the kind, refusing keys that mean nothing for it (a `max_length`
/// on a number is a mistake the author should hear about).
fn build_kind(
    raw: &mut RawField,
    taxonomy: &Taxonomy,
    scope: &Scope<'_>,
) -> Result<FieldKind, Problem> {
    let kind_name = raw.kind.name();
    let allowed: &[&str] = match raw.kind {
        RawKind::Text | RawKind::MultiLineText => &["max_length"],
        RawKind::Number => &["min", "max"],
        RawKind::DateTime => &["date_only"],
        RawKind::SingleChoice | RawKind::MultipleChoice => {
            &["options", "options_from", "filter_by"]
        }
        RawKind::Phone | RawKind::YesNoDk => &[],
    };
    let present = [
        ("max_length", raw.max_length.is_some()),
        ("min", raw.min.is_some()),
        ("max", raw.max.is_some()),
        ("date_only", raw.date_only.is_some()),
        ("options", raw.options.is_some()),
        ("options_from", raw.options_from.is_some()),
        ("filter_by", raw.filter_by.is_some()),
    ];
    if let Some((key, _)) = present.iter().find(|(k, p)| *p && !allowed.contains(k)) {
        return Err(Problem::NotApplicable {
            key,
            kind: kind_name,
        });
    }

    let text_limit = |default: usize| match raw.max_length {
        Some(n) if n == 0 || n > MAX_TEXT_LIMIT => Err(Problem::BadMaxLength(n)),
        Some(n) => Ok(n),
        None => Ok(default),
    };
    Ok(match raw.kind {
        RawKind::Text => FieldKind::Text {
            max_length: text_limit(DEFAULT_TEXT_LIMIT)?,
        },
        RawKind::MultiLineText => FieldKind::MultiLineText {
            max_length: text_limit(DEFAULT_MULTI_LINE_LIMIT)?,
        },
        RawKind::Number => match (raw.min, raw.max) {
            (Some(min), Some(max)) if min > max => return Err(Problem::MinAboveMax { min, max }),
            (Some(min), Some(max)) => FieldKind::Number { min, max },
            _ => return Err(Problem::MissingRange),
        },
        RawKind::DateTime => FieldKind::DateTime {
            date_only: raw.date_only.unwrap_or(false),
        },
        RawKind::Phone => FieldKind::Phone,
        RawKind::YesNoDk => FieldKind::YesNoDk,
        RawKind::SingleChoice => {
            FieldKind::SingleChoice(build_choices(raw, kind_name, taxonomy, scope)?)
        }
        RawKind::MultipleChoice => {
            FieldKind::MultipleChoice(build_choices(raw, kind_name, taxonomy, scope)?)
        }
    })
}

fn build_choices(
    raw: &mut RawField,
    kind_name: &'static str,
    taxonomy: &Taxonomy,
    scope: &Scope<'_>,
) -> Result<Choices, Problem> {
    let options: Vec<ChoiceOption> = match (raw.options.take(), &raw.options_from) {
        (Some(_), Some(_)) => return Err(Problem::OptionsTwice),
        (None, None) => return Err(Problem::MissingOptions(kind_name)),
        (None, Some(list)) => taxonomy
            .list(list)
            .ok_or_else(|| Problem::UnknownList(list.clone()))?
            .options
            .clone(),
        (Some(inline), None) => inline
            .into_iter()
            .map(ChoiceOption::from_raw)
            .collect::<Result<_, _>>()?,
    };
    check_options(&options)?;

    if let Some(filter) = &raw.filter_by {
        let parent = scope
            .earlier
            .iter()
            .find(|f| &f.id == filter)
            .and_then(|f| f.kind.choices())
            .ok_or_else(|| Problem::BadFilter(filter.clone()))?;
        let outside = options.iter().find(|o| {
            o.group
                .as_deref()
                .is_none_or(|g| parent.option(g).is_none())
        });
        if let Some(option) = outside {
            return Err(Problem::OptionOutsideFilter {
                option: option.id.clone(),
                filter: filter.clone(),
            });
        }
    }
    Ok(Choices {
        options,
        list: raw.options_from.clone(),
        filter_by: raw.filter_by.clone(),
    })
}
