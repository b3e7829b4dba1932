//! What a form shows for a set of answers, and what is wrong with them.

use std::collections::HashMap;

use super::model::{Field, FieldKind, Form, Requirement};
use super::value::{Answers, FieldValue};
use crate::domain::phone;
use crate::domain::taxonomy::ChoiceOption;

/// A field the form currently shows, and whether it must be answered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VisibleField<'f> {
    pub field: &'f Field,
    pub required: bool,
}

/// A problem with one answer, worded for the counsellor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field_id: String,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field_id, self.message)
    }
}

/// The answers of the fields shown so far: hidden fields read as unanswered,
/// so a stale answer to a question no longer asked changes nothing.
#[derive(Default)]
struct Shown<'a> {
    values: HashMap<&'a str, &'a FieldValue>,
}

impl<'a> Shown<'a> {
    fn holds(&self, condition: &super::Condition) -> bool {
        condition.holds(&|id| self.values.get(id).copied())
    }
}

/// The fields shown for these answers, in form order. One pass suffices
/// because conditions only read earlier fields.
pub fn visible_fields<'f>(form: &'f Form, answers: &Answers) -> Vec<VisibleField<'f>> {
    let mut shown = Shown::default();
    let mut out = Vec::new();
    for section in &form.sections {
        if section.show_if.as_ref().is_some_and(|c| !shown.holds(c)) {
            continue;
        }
        for field in &section.fields {
            if field.show_if.as_ref().is_some_and(|c| !shown.holds(c)) {
                continue;
            }
            let required = match &field.required {
                Requirement::Optional => false,
                Requirement::Always => true,
                Requirement::When(c) => shown.holds(c),
            };
            shown.values.insert(&field.id, answers.get(&field.id));
            out.push(VisibleField { field, required });
        }
    }
    out
}

/// The options a choice field offers for these answers: all of them, or,
/// for a field with `filter_by`, those grouped under what was chosen there.
pub fn available_options<'f>(
    form: &'f Form,
    field: &'f Field,
    answers: &Answers,
) -> Vec<&'f ChoiceOption> {
    let Some(choices) = field.kind.choices() else {
        return Vec::new();
    };
    let Some(filter) = &choices.filter_by else {
        return choices.options.iter().collect();
    };
    let parent_shown = visible_fields(form, answers)
        .iter()
        .any(|v| &v.field.id == filter);
    let chosen: Vec<&str> = match answers.get(filter) {
        _ if !parent_shown => Vec::new(),
        FieldValue::Choice(id) => vec![id.as_str()],
        FieldValue::Choices(ids) => ids.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    choices
        .options
        .iter()
        .filter(|o| o.group.as_deref().is_some_and(|g| chosen.contains(&g)))
        .collect()
}

/// Every problem with the answers to the shown fields: required answers
/// missing, numbers out of range, bad phone numbers, text too long, choices
/// that are not offered. Hidden fields are never checked.
pub fn validate(form: &Form, answers: &Answers) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for visible in visible_fields(form, answers) {
        let field = visible.field;
        let value = answers.get(&field.id);
        let problem = if value.is_empty() {
            visible
                .required
                .then(|| "an answer is required".to_string())
        } else {
            check_value(form, field, value, answers)
        };
        if let Some(message) = problem {
            errors.push(FieldError {
                field_id: field.id.clone(),
                message,
            });
        }
    }
    errors
}

/// Whether the answers can be saved as complete.
pub fn is_complete(form: &Form, answers: &Answers) -> bool {
    validate(form, answers).is_empty()
}

fn check_value(
    form: &Form,
    field: &Field,
    value: &FieldValue,
    answers: &Answers,
) -> Option<String> {
    match (&field.kind, value) {
        (FieldKind::Text { max_length }, FieldValue::Text(t)) => check_text(t, *max_length, false),
        (FieldKind::MultiLineText { max_length }, FieldValue::Text(t)) => {
            check_text(t, *max_length, true)
        }
        (FieldKind::Phone, FieldValue::Text(t)) => phone::validate(t).err().map(|e| e.to_string()),
        (FieldKind::Number { min, max }, FieldValue::Number(n)) => {
            (n < min || n > max).then(|| format!("{n} is outside the allowed range {min} to {max}"))
        }
        (FieldKind::DateTime { .. }, FieldValue::DateTime(_))
        | (FieldKind::YesNoDk, FieldValue::YesNoDk(_)) => None,
        (FieldKind::SingleChoice(_), FieldValue::Choice(id)) => {
            check_choices(form, field, std::slice::from_ref(id), answers)
        }
        (FieldKind::MultipleChoice(_), FieldValue::Choices(ids)) => {
            check_choices(form, field, ids, answers)
        }
        (kind, value) => Some(format!(
            "expected {}, found {}",
            expected(kind),
            value.kind_name()
        )),
    }
}

fn expected(kind: &FieldKind) -> &'static str {
    match kind {
        FieldKind::Text { .. } | FieldKind::MultiLineText { .. } => "text",
        FieldKind::Phone => "a phone number",
        FieldKind::Number { .. } => "a number",
        FieldKind::DateTime { .. } => "a date",
        FieldKind::SingleChoice(_) => "one choice",
        FieldKind::MultipleChoice(_) => "a list of choices",
        FieldKind::YesNoDk => "yes / no / don't know",
    }
}

/// Limits count characters, not bytes: a name in Arabic or with emoji gets
/// the same room as one in ASCII.
fn check_text(text: &str, max_length: usize, multi_line: bool) -> Option<String> {
    let bad_control = |c: char| c.is_control() && !(multi_line && (c == '\n' || c == '\t'));
    if text.chars().any(bad_control) {
        return Some("contains control characters; retype or paste the text again".to_string());
    }
    let length = text.chars().count();
    (length > max_length).then(|| {
        format!("too long: {length} characters, at most {max_length} allowed; shorten the text")
    })
}

fn check_choices(form: &Form, field: &Field, ids: &[String], answers: &Answers) -> Option<String> {
    let offered = available_options(form, field, answers);
    let unknown = ids
        .iter()
        .find(|id| !offered.iter().any(|o| &o.id == *id))?;
    Some(format!(
        "`{}` is not one of the options offered",
        shorten(unknown)
    ))
}

/// Keeps a message readable when a stored value is absurdly long.
fn shorten(text: &str) -> String {
    const KEEP: usize = 40;
    match text.char_indices().nth(KEEP) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}
