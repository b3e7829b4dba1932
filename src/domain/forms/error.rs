//! Errors found while reading form and taxonomy files.
//!
//! Every message starts with the file name and names the form part at fault,
//! so an organisation editing its own forms sees exactly where to look:
//! `gbv.toml: field `age`: minimum 10 is above maximum 5`.

/// A form or taxonomy file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// The text is not valid TOML, or a table has a key the schema lacks.
    #[error("{file}: line {line}: {message}")]
    Syntax {
        file: String,
        line: usize,
        message: String,
    },
    /// A problem in the file as a whole or in its `[form]` table.
    #[error("{file}: {problem}")]
    File { file: String, problem: Problem },
    /// A problem in one section of a form.
    #[error("{file}: section `{section}`: {problem}")]
    Section {
        file: String,
        section: String,
        problem: Problem,
    },
    /// A problem in one field of a form.
    #[error("{file}: field `{field}`: {problem}")]
    Field {
        file: String,
        field: String,
        problem: Problem,
    },
    /// A problem in one reference list.
    #[error("{file}: list `{list}`: {problem}")]
    List {
        file: String,
        list: String,
        problem: Problem,
    },
    /// A problem in one category of the reasons-for-contact taxonomy.
    #[error("{file}: category `{category}`: {problem}")]
    Category {
        file: String,
        category: String,
        problem: Problem,
    },
}

/// What is wrong, independent of where; [`FormError`] adds the place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The schema rejected a table (unknown key, wrong type, missing key).
    #[error("{0}")]
    Schema(String),
    #[error(
        "not a form or taxonomy file: expected a [form] table, [[list]] tables or [[category]] tables"
    )]
    UnknownFileKind,
    #[error("form `{form}` is defined both here and in {other}")]
    DuplicateForm { form: String, other: String },
    #[error("`{0}` is not a valid id (lower-case letters, digits and `_`, starting with a letter)")]
    BadId(String),
    #[error("the id is used more than once")]
    DuplicateId,
    #[error("option `{0}` is listed more than once")]
    DuplicateOption(String),
    #[error("list id `{0}` is reserved for the reasons-for-contact taxonomy")]
    ReservedList(String),
    #[error("has no fields")]
    NoFields,
    #[error("has no sections")]
    NoSections,
    #[error("has no options")]
    NoOptions,
    #[error("a {0} field needs `options` or `options_from`")]
    MissingOptions(&'static str),
    #[error("give either `options` or `options_from`, not both")]
    OptionsTwice,
    #[error("option list `{0}` does not exist")]
    UnknownList(String),
    #[error("`{key}` does not apply to a {kind} field")]
    NotApplicable {
        key: &'static str,
        kind: &'static str,
    },
    #[error("a number field needs both `min` and `max`")]
    MissingRange,
    #[error("minimum {min} is above maximum {max}")]
    MinAboveMax { min: i64, max: i64 },
    #[error("max_length {0} is outside 1..={max}", max = super::model::MAX_TEXT_LIMIT)]
    BadMaxLength(usize),
    #[error("set `required` or `required_when`, not both")]
    RequiredTwice,
    #[error(
        "a condition needs `field` and exactly one test (any_of, none_of, flag, min/max, answered), or only `any` or `all` with at least one condition"
    )]
    ConditionShape,
    #[error("the condition refers to `{0}`, which is not a field of this form")]
    ConditionUnknownField(String),
    #[error("the condition refers to `{0}`, which is not an earlier field")]
    ConditionNotEarlier(String),
    #[error("the condition's `{test}` test cannot be used on `{field}`, a {kind} field")]
    ConditionWrongKind {
        test: &'static str,
        field: String,
        kind: &'static str,
    },
    #[error("the condition's value `{value}` is not an option of `{field}`")]
    ConditionUnknownValue { field: String, value: String },
    #[error("no option of `{field}` has the flag `{flag}`")]
    ConditionUnknownFlag { field: String, flag: String },
    #[error("`filter_by` must name an earlier choice field, and `{0}` is not one")]
    BadFilter(String),
    #[error("the GBV form needs this field, of kind {kind}: the GBV classification reads it")]
    MissingGbvField { kind: &'static str },
    #[error(
        "form `{form}` needs a required {kind} field `{field}`: completing an intake records it"
    )]
    MissingCompletionField {
        form: String,
        field: &'static str,
        kind: &'static str,
    },
    #[error("option `{option}` has no group among the options of `{filter}`")]
    OptionOutsideFilter { option: String, filter: String },
}
