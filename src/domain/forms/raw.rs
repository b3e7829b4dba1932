//! The TOML schema of form files, exactly as written, before any checks.
//!
//! Every table denies unknown keys so that a misspelt key (`requird = true`)
//! is an error instead of a silently optional field. Field tables are kept as
//! plain TOML tables at first and read one by one, so that a schema error can
//! name the field it happened in.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::error::{FormError, Problem};

/// A whole form file: one `[form]` table and its `[[section]]`s.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFormFile {
    pub form: RawFormHeader,
    #[serde(default)]
    pub section: Vec<RawSection>,
    /// Risk during the intake: the instrument that fits, provisional floors.
    #[serde(default)]
    pub risk: Option<super::risk_rules::RawRisk>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFormHeader {
    pub id: String,
    pub title: String,
    pub version: u32,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSection {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub show_if: Option<RawCondition>,
    #[serde(default)]
    pub field: Vec<toml::Table>,
}

/// One `[[section.field]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawField {
    pub id: String,
    pub label: String,
    pub kind: RawKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub required_when: Option<RawCondition>,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub show_if: Option<RawCondition>,
    #[serde(default)]
    pub options: Option<Vec<RawOption>>,
    #[serde(default)]
    pub options_from: Option<String>,
    #[serde(default)]
    pub filter_by: Option<String>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub max_length: Option<usize>,
    #[serde(default)]
    pub date_only: Option<bool>,
}

/// The `kind = "..."` names accepted in form files.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum RawKind {
    Text,
    MultiLineText,
    Number,
    DateTime,
    Phone,
    SingleChoice,
    MultipleChoice,
    YesNoDk,
}

impl RawKind {
    /// The name as written in files, for messages.
    pub fn name(self) -> &'static str {
        match self {
            RawKind::Text => "text",
            RawKind::MultiLineText => "multi_line_text",
            RawKind::Number => "number",
            RawKind::DateTime => "date_time",
            RawKind::Phone => "phone",
            RawKind::SingleChoice => "single_choice",
            RawKind::MultipleChoice => "multiple_choice",
            RawKind::YesNoDk => "yes_no_dk",
        }
    }
}

/// A choice written in a file: inline in a field, or in a reference list.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOption {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub flags: Vec<String>,
}

/// A condition as written: either one test on one field, or `any` / `all`
/// of nested conditions. Which combination is meaningful is checked when
/// the form is built, where the error can say what is wrong.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCondition {
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default)]
    pub any_of: Option<Vec<String>>,
    #[serde(default)]
    pub none_of: Option<Vec<String>>,
    #[serde(default)]
    pub flag: Option<String>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub answered: Option<bool>,
    #[serde(default)]
    pub any: Option<Vec<RawCondition>>,
    #[serde(default)]
    pub all: Option<Vec<RawCondition>>,
}

/// Reads TOML text into `T`, turning errors into one line that names the
/// file and the line, instead of toml's multi-line caret diagram.
pub(crate) fn parse_toml<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, FormError> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .and_then(|span| text.as_bytes().get(..span.start))
            .map_or(1, |before| {
                before.iter().filter(|&&b| b == b'\n').count() + 1
            });
        FormError::Syntax {
            file: file.to_string(),
            line,
            message: one_line(e.message()),
        }
    })
}

/// Reads one table of an already-parsed file (a field) into `T`.
pub(super) fn parse_table<T: DeserializeOwned>(table: toml::Table) -> Result<T, Problem> {
    table
        .try_into()
        .map_err(|e: toml::de::Error| Problem::Schema(one_line(e.message())))
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `id` is a stable snake_case id: a lower-case ASCII letter, then
/// lower-case letters, digits or `_`, at most 64 characters. Ids are stored
/// in the database and in reports, so they stay plain ASCII.
pub(crate) fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('a'..='z'))
        && id.len() <= 64
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}
