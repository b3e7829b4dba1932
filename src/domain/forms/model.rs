//! A checked form: sections of fields, each with its kind, options,
//! limits and conditions. Built only by [`super::parse_form`], so every
//! reference in it (option lists, condition fields, values) is known good.

use serde::Serialize;

use super::condition::Condition;
use crate::domain::taxonomy::ChoiceOption;

/// Largest `max_length` a form may set: far above any real answer, low
/// enough that a runaway paste cannot fill the database.
pub const MAX_TEXT_LIMIT: usize = 100_000;
/// Length limit of a one-line text field that sets none.
pub const DEFAULT_TEXT_LIMIT: usize = 200;
/// Length limit of a multi-line text field that sets none.
pub const DEFAULT_MULTI_LINE_LIMIT: usize = 10_000;

/// An intake form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Form {
    /// Stable id; an organisation's form with the same id replaces the
    /// shipped one.
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// Bumped by whoever edits the form, stored with each set of answers.
    pub version: u32,
    pub sections: Vec<Section>,
    /// The instrument that fits a contact and the levels its answers set
    /// until that instrument is done.
    pub risk: super::risk_rules::RiskRules,
}

impl Form {
    /// Every field in form order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }

    /// The field with this id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields().find(|f| f.id == id)
    }
}

/// A titled group of fields, shown or hidden as a whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub help: Option<String>,
    /// Shown only when this holds; refers to fields of earlier sections.
    pub show_if: Option<Condition>,
    pub fields: Vec<Field>,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// Stable id, the key of the answer.
    pub id: String,
    pub label: String,
    pub help: Option<String>,
    pub kind: FieldKind,
    pub required: Requirement,
    /// Shown only when this holds; refers to earlier fields only.
    pub show_if: Option<Condition>,
}

/// When a shown field must be answered. A hidden field is never required.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    Optional,
    Always,
    /// Required when the condition holds, e.g. only for contact types that
    /// open a case.
    When(Condition),
}

/// What sort of answer a field takes, with the limits for that sort.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// One line; control characters are removed on entry.
    Text {
        max_length: usize,
    },
    /// Several lines; newlines and tabs are kept.
    MultiLineText {
        max_length: usize,
    },
    /// A whole number in `min..=max`.
    Number {
        min: i64,
        max: i64,
    },
    /// A date and time; `date_only` fields show and ask for the date alone.
    DateTime {
        date_only: bool,
    },
    /// A phone number as typed; checked for 7 to 15 digits.
    Phone,
    SingleChoice(Choices),
    MultipleChoice(Choices),
    /// Yes, no or don't know.
    YesNoDk,
}

impl FieldKind {
    /// The name used for this kind in form files and messages.
    pub fn name(&self) -> &'static str {
        match self {
            FieldKind::Text { .. } => "text",
            FieldKind::MultiLineText { .. } => "multi_line_text",
            FieldKind::Number { .. } => "number",
            FieldKind::DateTime { .. } => "date_time",
            FieldKind::Phone => "phone",
            FieldKind::SingleChoice(_) => "single_choice",
            FieldKind::MultipleChoice(_) => "multiple_choice",
            FieldKind::YesNoDk => "yes_no_dk",
        }
    }

    /// The options of a choice field.
    pub fn choices(&self) -> Option<&Choices> {
        match self {
            FieldKind::SingleChoice(c) | FieldKind::MultipleChoice(c) => Some(c),
            _ => None,
        }
    }

    /// The character limit of a text field.
    pub fn max_length(&self) -> Option<usize> {
        match self {
            FieldKind::Text { max_length } | FieldKind::MultiLineText { max_length } => {
                Some(*max_length)
            }
            _ => None,
        }
    }
}

/// The options of a choice field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choices {
    pub options: Vec<ChoiceOption>,
    /// The reference list the options came from, if not written inline.
    pub list: Option<String>,
    /// An earlier choice field: only options whose group was chosen there
    /// are offered (subcategories of the chosen categories).
    pub filter_by: Option<String>,
}

impl Choices {
    /// The option with this id.
    pub fn option(&self, id: &str) -> Option<&ChoiceOption> {
        self.options.iter().find(|o| o.id == id)
    }
}
