//! Why an instrument file was refused. Every message names the file and the
//! place in it (item, rule, result, band or line), so the person who wrote
//! the file can find and fix it without reading code.

use crate::domain::RiskLevel;
use std::fmt;

/// Where in an instrument file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The top-level fields (id, version, title, ...).
    Instrument,
    /// A line of the file, for TOML syntax errors.
    Line(usize),
    /// An item, by id (or `#n`, its position, when the id itself is missing).
    Item(String),
    /// A result, by name (or `#n`).
    Result(String),
    /// A score band, by position from 1.
    Band(usize),
    /// A rule, by id (or `#n`).
    Rule(String),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Instrument => f.write_str("instrument"),
            Place::Line(n) => write!(f, "line {n}"),
            Place::Item(id) => write!(f, "item `{id}`"),
            Place::Result(name) => write!(f, "result `{name}`"),
            Place::Band(n) => write!(f, "score band {n}"),
            Place::Rule(id) => write!(f, "rule `{id}`"),
        }
    }
}

/// What is wrong at that place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// TOML syntax, a missing or unknown field, or a value of the wrong type.
    #[error("{0}")]
    Malformed(String),
    #[error("`{0}` is not a valid id (use lower-case letters, digits and _)")]
    BadId(String),
    #[error("the id is used more than once")]
    Duplicate,
    #[error("`{0}` must not be empty")]
    Empty(&'static str),
    #[error("version must be a whole number of 1 or more, not {0}")]
    BadVersion(i64),
    #[error("an instrument needs at least one {0}")]
    Missing(&'static str),
    #[error("refers to unknown item `{0}`")]
    UnknownItem(String),
    #[error("refers to item `{0}`, which is not asked before this one")]
    LaterItem(String),
    #[error("unknown answer `{answer}` for item `{item}` (expected {expected})")]
    UnknownAnswer {
        item: String,
        answer: String,
        expected: &'static str,
    },
    #[error("`at_least` needs a number or choice item, and `{0}` is neither")]
    NotNumeric(String),
    #[error("unknown level `{0}` (expected none, low, medium, high or critical)")]
    UnknownLevel(String),
    #[error("unknown result `{0}` (results are declared under [[results]])")]
    UnknownResult(String),
    #[error("`{field}` does not apply to a {kind} item")]
    FieldNotForKind {
        field: &'static str,
        kind: &'static str,
    },
    #[error("a choice item needs at least one option")]
    NoOptions,
    #[error("option value {0} is listed more than once")]
    DuplicateOption(i64),
    #[error("weights must not be negative (found {0})")]
    NegativeWeight(i64),
    #[error("weight {0} is too large (at most {max})", max = super::instrument::MAX_WEIGHT)]
    WeightTooLarge(i64),
    #[error(
        "band minimum {0} is too large (at most {max})",
        max = super::instrument::MAX_SCORE
    )]
    BandTooHigh(i64),
    #[error(
        "the weights add up to more than {max}; use smaller weights",
        max = super::instrument::MAX_SCORE
    )]
    ScoreTooLarge,
    #[error("min {min} is above max {max}")]
    BadRange { min: i64, max: i64 },
    #[error("{0}")]
    BadCondition(&'static str),
    #[error("a rule needs exactly one of `result`, `floor` or `suggest_judgement = true`")]
    RuleEffect,
    #[error(
        "results must be listed from least to most severe, but `{name}` ({level}) comes after a {previous} result"
    )]
    ResultsOutOfOrder {
        name: String,
        level: RiskLevel,
        previous: RiskLevel,
    },
    #[error(
        "the first band must start at 0 and each band must start above the one before (found {0})"
    )]
    BandOrder(i64),
}

/// An instrument file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstrumentError {
    #[error("{file}: {place}: {problem}")]
    Invalid {
        file: String,
        place: Place,
        problem: Problem,
    },
    #[error("{file}: instrument `{id}` is also defined in {other}")]
    DuplicateInstrument {
        file: String,
        id: String,
        other: String,
    },
}

impl InstrumentError {
    /// The file the problem is in.
    pub fn file(&self) -> &str {
        match self {
            InstrumentError::Invalid { file, .. }
            | InstrumentError::DuplicateInstrument { file, .. } => file,
        }
    }
}
