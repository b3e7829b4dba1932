//! The shapes of an instrument file as serde reads them, before checking.
//! Every struct refuses unknown fields, so a misspelt key is an error rather
//! than a silently ignored setting.

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInstrument {
    pub(super) id: String,
    pub(super) version: i64,
    pub(super) title: String,
    pub(super) credit: String,
    #[serde(default)]
    pub(super) description: String,
    // Sections stay plain tables here and are read one table at a time,
    // so an error inside one can name the item or rule it is in.
    #[serde(default)]
    pub(super) items: Vec<toml::Table>,
    #[serde(default)]
    pub(super) results: Vec<toml::Table>,
    #[serde(default)]
    pub(super) bands: Vec<toml::Table>,
    #[serde(default)]
    pub(super) rules: Vec<toml::Table>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    pub(super) id: String,
    pub(super) label: Option<String>,
    pub(super) text: String,
    #[serde(default)]
    pub(super) help: String,
    pub(super) kind: RawKind,
    pub(super) weight: Option<i64>,
    pub(super) options: Option<Vec<RawOption>>,
    pub(super) min: Option<i64>,
    pub(super) max: Option<i64>,
    pub(super) ask_when: Option<RawCondition>,
    /// Don't know and refused do not answer this item (a worker's own
    /// assessed level must be chosen).
    #[serde(default)]
    pub(super) needs_value: bool,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub(super) enum RawKind {
    YesNo,
    Choice,
    Number,
    Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOption {
    pub(super) value: i64,
    pub(super) label: String,
    #[serde(default)]
    pub(super) weight: i64,
}

/// All fields optional so that a wrongly shaped condition gets a message
/// saying what shape is expected, not serde's "did not match any variant".
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCondition {
    pub(super) any_of: Option<Vec<RawCondition>>,
    pub(super) all_of: Option<Vec<RawCondition>>,
    pub(super) item: Option<String>,
    pub(super) is: Option<toml::Value>,
    #[serde(rename = "in")]
    pub(super) in_set: Option<Vec<toml::Value>>,
    pub(super) at_least: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawResult {
    pub(super) name: String,
    pub(super) label: Option<String>,
    pub(super) level: String,
    #[serde(default)]
    pub(super) advice: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBand {
    pub(super) min: i64,
    pub(super) result: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    pub(super) id: String,
    pub(super) when: RawCondition,
    pub(super) result: Option<String>,
    pub(super) floor: Option<String>,
    #[serde(default)]
    pub(super) suggest_judgement: bool,
    pub(super) reason: String,
    #[serde(default)]
    pub(super) open_question: bool,
}
