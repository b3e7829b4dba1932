//! Helpers shared by the tests that put answers to the shipped forms.

use super::{Answers, FieldValue, Form, FormCatalog, YesNoDk, validate, visible_fields};

pub(super) fn catalog() -> FormCatalog {
    FormCatalog::builtin().unwrap()
}

pub(super) fn choice(id: &str) -> FieldValue {
    FieldValue::Choice(id.to_string())
}

pub(super) fn choices(ids: &[&str]) -> FieldValue {
    FieldValue::Choices(ids.iter().map(|s| s.to_string()).collect())
}

pub(super) fn text(t: &str) -> FieldValue {
    FieldValue::Text(t.to_string())
}

/// Answers added on top of a case's base answers.
pub(super) type Extra<'a> = &'a [(&'a str, FieldValue)];

pub(super) const YES: FieldValue = FieldValue::YesNoDk(YesNoDk::Yes);
pub(super) const NO: FieldValue = FieldValue::YesNoDk(YesNoDk::No);

pub(super) fn answers(pairs: &[(&str, FieldValue)]) -> Answers {
    let mut a = Answers::new();
    for (id, v) in pairs {
        a.insert(*id, v.clone());
    }
    a
}

pub(super) fn shown(form: &Form, a: &Answers) -> Vec<String> {
    visible_fields(form, a)
        .iter()
        .map(|v| v.field.id.clone())
        .collect()
}

pub(super) fn error_ids(form: &Form, a: &Answers) -> Vec<String> {
    validate(form, a).into_iter().map(|e| e.field_id).collect()
}

pub(super) fn message_for(form: &Form, a: &Answers, field: &str) -> Option<String> {
    validate(form, a)
        .into_iter()
        .find(|e| e.field_id == field)
        .map(|e| e.message)
}
