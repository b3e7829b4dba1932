//! A stored set of answers read back for people: every answered question
//! with its label and the answer in words (option labels, not ids), in form
//! order under its section's title.

use super::model::{FieldKind, Form};
use super::validate::visible_fields;
use super::value::{Answers, FieldValue, YesNoDk};

/// One section of answered questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnsweredSection {
    pub title: String,
    /// (question label, answer in words), in form order.
    pub answers: Vec<(String, String)>,
}

/// Reads answers as stored with a contact. Entries that are not answers
/// (such as the `derived` facts a GBV intake adds) or that no longer parse
/// are left out rather than losing the whole record.
pub fn stored_answers(json: &str) -> Answers {
    let mut answers = Answers::new();
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(json) else {
        return answers;
    };
    for (id, value) in map {
        if let Ok(value) = serde_json::from_value::<FieldValue>(value) {
            answers.insert(id, value);
        }
    }
    answers
}

/// The answered questions of `form`, section by section, as the form showed
/// them for these answers (answers to questions the form hid do not count).
/// Answers to fields the form no longer has come last, under "Other
/// answers", so nothing recorded is hidden by a later change to the form.
pub fn answered_sections(form: &Form, answers: &Answers) -> Vec<AnsweredSection> {
    let shown: Vec<&str> = visible_fields(form, answers)
        .iter()
        .map(|v| v.field.id.as_str())
        .collect();
    let mut sections = Vec::new();
    for section in &form.sections {
        let rows: Vec<(String, String)> = section
            .fields
            .iter()
            .filter(|f| shown.contains(&f.id.as_str()))
            .filter_map(|f| {
                let value = answers.get(&f.id);
                (!value.is_empty()).then(|| (f.label.clone(), answer_words(&f.kind, value)))
            })
            .collect();
        if !rows.is_empty() {
            sections.push(AnsweredSection {
                title: section.title.clone(),
                answers: rows,
            });
        }
    }
    let unknown: Vec<(String, String)> = answers
        .iter()
        .filter(|(id, value)| form.field(id).is_none() && !value.is_empty())
        .map(|(id, value)| (id.replace('_', " "), plain_words(value)))
        .collect();
    if !unknown.is_empty() {
        sections.push(AnsweredSection {
            title: "Other answers".into(),
            answers: unknown,
        });
    }
    sections
}

/// An answer in words, with the labels of the options chosen.
pub fn answer_words(kind: &FieldKind, value: &FieldValue) -> String {
    let option = |id: &str| {
        kind.choices()
            .and_then(|c| c.option(id))
            .map_or_else(|| id.replace('_', " "), |o| o.label.clone())
    };
    match (kind, value) {
        (_, FieldValue::Choice(id)) => option(id),
        (_, FieldValue::Choices(ids)) => ids
            .iter()
            .map(|id| option(id))
            .collect::<Vec<_>>()
            .join(", "),
        (FieldKind::DateTime { date_only: true }, FieldValue::DateTime(at)) => {
            at.format("%Y-%m-%d").to_string()
        }
        _ => plain_words(value),
    }
}

fn plain_words(value: &FieldValue) -> String {
    match value {
        FieldValue::Empty => String::new(),
        FieldValue::Text(text) => text.clone(),
        FieldValue::Number(n) => n.to_string(),
        FieldValue::DateTime(at) => at.format("%Y-%m-%d %H:%M").to_string(),
        FieldValue::Choice(id) => id.replace('_', " "),
        FieldValue::Choices(ids) => ids.join(", ").replace('_', " "),
        FieldValue::YesNoDk(YesNoDk::Yes) => "yes".into(),
        FieldValue::YesNoDk(YesNoDk::No) => "no".into(),
        FieldValue::YesNoDk(YesNoDk::DontKnow) => "don't know".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::forms::FormCatalog;

    #[test]
    fn answers_read_back_with_labels_in_form_order_and_sections() {
        let catalog = FormCatalog::builtin().unwrap();
        let form = catalog.form("child_helpline").unwrap();
        let json = serde_json::json!({
            "narrative": {"kind": "text", "value": "Mwalimu alinipiga.\nNaogopa kurudi."},
            "channel": {"kind": "choice", "value": "phone_call"},
            "contact_type": {"kind": "choice", "value": "child_about_self"},
            "safe_to_talk": {"kind": "yes_no_dk", "value": "dont_know"},
            "derived": {"gbv_type": "rape"},
            "retired_field": {"kind": "number", "value": 3},
        });
        let answers = stored_answers(&json.to_string());
        let sections = answered_sections(form, &answers);
        let titles: Vec<&str> = sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Contact", "Safety first", "Narrative", "Other answers"]
        );
        assert_eq!(sections[0].answers[0].0, "Channel");
        assert_eq!(sections[0].answers[0].1, "Phone call");
        assert_eq!(
            sections[1].answers[0],
            ("Is it safe to talk now?".into(), "don't know".into())
        );
        assert_eq!(
            sections[2].answers[0].1,
            "Mwalimu alinipiga.\nNaogopa kurudi."
        );
        assert_eq!(sections[3].answers[0], ("retired field".into(), "3".into()));
    }

    #[test]
    fn unreadable_stored_answers_give_none_rather_than_an_error() {
        assert_eq!(stored_answers("not json"), Answers::new());
        assert_eq!(stored_answers("[1,2]"), Answers::new());
        assert_eq!(stored_answers(""), Answers::new());
    }
}
