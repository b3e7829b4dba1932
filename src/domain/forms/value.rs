//! Answers to a form: one [`FieldValue`] per field id, stored as JSON.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::model::{Field, FieldKind};

/// The answer to a yes / no / don't know question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YesNoDk {
    Yes,
    No,
    DontKnow,
}

impl YesNoDk {
    /// Every answer, in the order offered.
    pub const ALL: [YesNoDk; 3] = [YesNoDk::Yes, YesNoDk::No, YesNoDk::DontKnow];

    /// The id used in conditions and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            YesNoDk::Yes => "yes",
            YesNoDk::No => "no",
            YesNoDk::DontKnow => "dont_know",
        }
    }

    /// The answer for a stored id.
    pub fn from_id(id: &str) -> Option<YesNoDk> {
        YesNoDk::ALL.into_iter().find(|v| v.as_str() == id)
    }
}

/// One answer. Stored as JSON with an explicit kind tag,
/// e.g. `{"kind":"choice","value":"phone_call"}`, so stored answers stay
/// readable when a form changes; dates as ISO-8601 text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(into = "StoredValue", from = "StoredValue")]
pub enum FieldValue {
    #[default]
    Empty,
    /// Text, multi-line text and phone answers.
    Text(String),
    Number(i64),
    DateTime(NaiveDateTime),
    /// The id of the chosen option.
    Choice(String),
    /// The ids of the chosen options.
    Choices(Vec<String>),
    YesNoDk(YesNoDk),
}

impl FieldValue {
    /// Whether the answer counts as not given: empty, blank text or no
    /// choices.
    pub fn is_empty(&self) -> bool {
        match self {
            FieldValue::Empty => true,
            FieldValue::Text(t) => t.trim().is_empty(),
            FieldValue::Choices(c) => c.is_empty(),
            _ => false,
        }
    }

    /// A short name of the value's sort, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            FieldValue::Empty => "nothing",
            FieldValue::Text(_) => "text",
            FieldValue::Number(_) => "a number",
            FieldValue::DateTime(_) => "a date",
            FieldValue::Choice(_) => "one choice",
            FieldValue::Choices(_) => "several choices",
            FieldValue::YesNoDk(_) => "yes / no / don't know",
        }
    }
}

/// The stored shape of a [`FieldValue`]. chrono is built without its serde
/// feature, so dates go through [`IsoDateTime`].
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
enum StoredValue {
    Empty,
    Text(String),
    Number(i64),
    DateTime(IsoDateTime),
    Choice(String),
    Choices(Vec<String>),
    YesNoDk(YesNoDk),
}

impl From<FieldValue> for StoredValue {
    fn from(value: FieldValue) -> Self {
        match value {
            FieldValue::Empty => StoredValue::Empty,
            FieldValue::Text(t) => StoredValue::Text(t),
            FieldValue::Number(n) => StoredValue::Number(n),
            FieldValue::DateTime(d) => StoredValue::DateTime(IsoDateTime(d)),
            FieldValue::Choice(c) => StoredValue::Choice(c),
            FieldValue::Choices(c) => StoredValue::Choices(c),
            FieldValue::YesNoDk(v) => StoredValue::YesNoDk(v),
        }
    }
}

impl From<StoredValue> for FieldValue {
    fn from(value: StoredValue) -> Self {
        match value {
            StoredValue::Empty => FieldValue::Empty,
            StoredValue::Text(t) => FieldValue::Text(t),
            StoredValue::Number(n) => FieldValue::Number(n),
            StoredValue::DateTime(d) => FieldValue::DateTime(d.0),
            StoredValue::Choice(c) => FieldValue::Choice(c),
            StoredValue::Choices(c) => FieldValue::Choices(c),
            StoredValue::YesNoDk(v) => FieldValue::YesNoDk(v),
        }
    }
}

/// A date and time as ISO-8601 text (`2026-03-01T14:30:00`): readable in
/// the database and sortable as text.
struct IsoDateTime(NaiveDateTime);

const ISO_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

impl Serialize for IsoDateTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format(ISO_FORMAT))
    }
}

impl<'de> Deserialize<'de> for IsoDateTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        NaiveDateTime::parse_from_str(&text, ISO_FORMAT)
            .map(IsoDateTime)
            .map_err(serde::de::Error::custom)
    }
}

/// Removes characters that corrupt a terminal or a report: every control
/// character, except that multi-line text keeps newlines and tabs. One-line
/// text turns newlines and tabs into spaces so pasted words stay apart.
/// Everything else, emoji, right-to-left scripts, combining marks and
/// direction marks included, is kept as typed.
pub fn clean_text(raw: &str, multi_line: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A Windows line end is one newline, not a newline and a space.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\t' | '\r' if multi_line => out.push(if c == '\r' { '\n' } else { c }),
            '\n' | '\t' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The answers given so far, by field id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(BTreeMap<String, FieldValue>);

static EMPTY: FieldValue = FieldValue::Empty;

impl Answers {
    /// No answers.
    pub fn new() -> Self {
        Answers::default()
    }

    /// The answer to a field; [`FieldValue::Empty`] when there is none.
    pub fn get(&self, field_id: &str) -> &FieldValue {
        self.0.get(field_id).unwrap_or(&EMPTY)
    }

    /// Records an answer as entered for `field`, cleaning text of control
    /// characters first (see [`clean_text`]).
    pub fn set(&mut self, field: &Field, value: FieldValue) {
        let value = match (value, &field.kind) {
            (FieldValue::Text(t), FieldKind::MultiLineText { .. }) => {
                FieldValue::Text(clean_text(&t, true))
            }
            (FieldValue::Text(t), _) => FieldValue::Text(clean_text(&t, false)),
            (other, _) => other,
        };
        self.insert(field.id.clone(), value);
    }

    /// Records an answer exactly as given (stored answers, tests).
    pub fn insert(&mut self, field_id: impl Into<String>, value: FieldValue) {
        self.0.insert(field_id.into(), value);
    }

    /// Forgets the answer to a field.
    pub fn remove(&mut self, field_id: &str) -> Option<FieldValue> {
        self.0.remove(field_id)
    }

    /// Every answer, by field id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FieldValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The answers as JSON, for storage.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    /// Answers read back from storage.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_removes_control_characters_only() {
        let cases = [
            ("plain", false, "plain"),
            ("two\nlines", false, "two lines"),
            ("two\r\nlines\tand tab", false, "two lines and tab"),
            ("two\r\nlines\tand tab", true, "two\nlines\tand tab"),
            ("old mac\rline", true, "old mac\nline"),
            ("bell\u{7} and \u{1b}[31mred", true, "bell and [31mred"),
            ("nul\0byte\u{7f}del\u{85}nel", false, "nulbytedelnel"),
            ("سلام 👋🏽", false, "سلام 👋🏽"),
            (
                "\u{200F}rtl mark and e\u{301}",
                false,
                "\u{200F}rtl mark and e\u{301}",
            ),
            ("", true, ""),
        ];
        for (raw, multi_line, expected) in cases {
            assert_eq!(clean_text(raw, multi_line), expected, "{raw:?}");
        }
    }

    #[test]
    fn values_are_stored_with_a_kind_tag() {
        let cases = [
            (FieldValue::Empty, r#"{"kind":"empty"}"#),
            (
                FieldValue::Text("ነው".into()),
                r#"{"kind":"text","value":"ነው"}"#,
            ),
            (FieldValue::Number(-3), r#"{"kind":"number","value":-3}"#),
            (
                FieldValue::Choice("sms".into()),
                r#"{"kind":"choice","value":"sms"}"#,
            ),
            (
                FieldValue::Choices(vec!["a".into(), "b".into()]),
                r#"{"kind":"choices","value":["a","b"]}"#,
            ),
            (
                FieldValue::YesNoDk(YesNoDk::DontKnow),
                r#"{"kind":"yes_no_dk","value":"dont_know"}"#,
            ),
        ];
        for (value, json) in cases {
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
            assert_eq!(serde_json::from_str::<FieldValue>(json).unwrap(), value);
        }
    }
}
