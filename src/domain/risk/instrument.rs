//! A risk instrument as data: its items, how each answer scores, when each
//! item is asked, and the rules that turn answers into a result and a level.
//! Instruments are read from TOML files (see `parse`); the shipped ones live
//! in `assets/instruments/`.

use super::answer::Answer;
use super::condition::Condition;
use super::error::InstrumentError;
use super::parse;
use crate::domain::RiskLevel;

/// The largest weight one answer may carry. Instruments in use weigh
/// answers in single digits; the bound keeps every total far from overflow.
pub const MAX_WEIGHT: i64 = 1_000;

/// The largest total an instrument may reach, and the highest band minimum.
pub const MAX_SCORE: i64 = 1_000_000;

/// Adds points with checked arithmetic. Parsing bounds every weight, so the
/// sum cannot overflow; if it ever did, the total sticks at the top rather
/// than wrapping to a small number, since a lower score could hide a risk.
pub fn sum_points(points: impl IntoIterator<Item = i64>) -> i64 {
    points
        .into_iter()
        .try_fold(0i64, i64::checked_add)
        .unwrap_or(i64::MAX)
}

/// A validated instrument. Built only by [`Instrument::parse`], so every
/// reference inside it (items in conditions, result names) is known to exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instrument {
    pub(super) id: String,
    pub(super) version: u32,
    pub(super) title: String,
    pub(super) credit: String,
    pub(super) description: String,
    pub(super) items: Vec<Item>,
    pub(super) results: Vec<ResultSpec>,
    pub(super) bands: Vec<Band>,
    pub(super) rules: Vec<Rule>,
}

/// One question of an instrument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Stable id: stored assessments and tests refer to it.
    pub id: String,
    /// A few words naming the item in explanations ("Wished dead").
    pub label: String,
    /// The question as the worker asks it.
    pub text: String,
    /// Guidance for the worker: how to ask, what counts.
    pub help: String,
    pub kind: AnswerKind,
    /// Asked only when this holds on earlier answers; always asked if `None`.
    pub ask_when: Option<Condition>,
    /// Only a real value answers it: don't know and refused leave it open
    /// (the worker's own assessed level is not assessed by "don't know").
    pub needs_value: bool,
}

impl Item {
    /// Whether `answer` answers this item.
    pub fn accepts(&self, answer: &Answer) -> bool {
        let unknown = matches!(answer, Answer::DontKnow | Answer::Refused);
        !(self.needs_value && unknown) && self.kind.accepts(answer)
    }
}

/// What kind of answer an item takes. Every kind also accepts don't know and
/// refused, because any question can go unanswered on a helpline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerKind {
    /// Yes / no; a yes adds `weight` to the total.
    YesNo { weight: i64 },
    /// One of listed options; the chosen option adds its weight.
    Choice { options: Vec<ChoiceOption> },
    /// A whole number in `min..=max`, never scored (rules may test it).
    Number { min: i64, max: i64 },
    /// Free text, never scored.
    Text,
}

/// An option of a choice item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceOption {
    /// Stored as `Answer::Value(value)`.
    pub value: i64,
    pub label: String,
    pub weight: i64,
}

/// One of the instrument's own results (e.g. "acute positive") and the
/// common level it maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultSpec {
    pub name: String,
    pub label: String,
    pub level: RiskLevel,
    /// What the worker should do on this result.
    pub advice: String,
}

/// A score band: a total of `min` or more (up to the next band) gives `result`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    pub min: i64,
    pub result: String,
}

/// A rule that fires when `when` holds on the asked items' answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub id: String,
    pub when: Condition,
    pub effect: Effect,
    /// Plain words for the explanation ("Yes to thoughts of suicide right now").
    pub reason: String,
    /// When set, the items that made the rule fire are reported as open
    /// questions to resolve (e.g. a refused immediate-danger question).
    pub open_question: bool,
}

/// What a rule does when it fires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Gives this result; the most severe result given wins.
    Result(String),
    /// Keeps the level at least this high; the score and result stay unchanged.
    Floor(RiskLevel),
    /// Changes nothing, but prompts the worker to consider professional judgement.
    SuggestJudgement,
}

impl Instrument {
    /// Reads and validates an instrument. `file` is only used to name the
    /// file in error messages.
    pub fn parse(file: &str, text: &str) -> Result<Instrument, InstrumentError> {
        parse::parse(file, text)
    }

    /// Stable id, e.g. `dash`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Revision of the instrument file; stored with each assessment.
    pub fn version(&self) -> u32 {
        self.version
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    /// Source and licence credit, shown with the instrument.
    pub fn credit(&self) -> &str {
        &self.credit
    }

    pub fn description(&self) -> &str {
        &self.description
    }

    /// Every item in the order asked, including ones skip logic may skip.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Results from least to most severe.
    pub fn results(&self) -> &[ResultSpec] {
        &self.results
    }

    pub fn bands(&self) -> &[Band] {
        &self.bands
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Severity rank of a result: its position in [`Instrument::results`].
    pub fn result_rank(&self, name: &str) -> Option<usize> {
        self.results.iter().position(|r| r.name == name)
    }

    /// The highest total the items can reach.
    pub fn max_score(&self) -> i64 {
        sum_points(self.items.iter().map(Item::max_points))
    }
}

impl Item {
    /// Points this answer adds to the total. Don't know, refused, text and
    /// numbers never score.
    pub fn points(&self, answer: &Answer) -> i64 {
        match (&self.kind, answer) {
            (AnswerKind::YesNo { weight }, Answer::Yes) => *weight,
            (AnswerKind::Choice { options }, Answer::Value(v)) => options
                .iter()
                .find(|o| o.value == *v)
                .map_or(0, |o| o.weight),
            _ => 0,
        }
    }

    /// The most points any answer to this item can add.
    pub fn max_points(&self) -> i64 {
        match &self.kind {
            AnswerKind::YesNo { weight } => *weight,
            AnswerKind::Choice { options } => options.iter().map(|o| o.weight).max().unwrap_or(0),
            AnswerKind::Number { .. } | AnswerKind::Text => 0,
        }
    }

    /// The answer in words for an explanation. Free text is not repeated:
    /// it may hold names, and explanations end up in logs and reports.
    pub fn describe(&self, answer: &Answer) -> String {
        match answer {
            Answer::Yes => "yes".into(),
            Answer::No => "no".into(),
            Answer::DontKnow => "don't know".into(),
            Answer::Refused => "refused".into(),
            Answer::Value(v) => match &self.kind {
                AnswerKind::Choice { options } => options
                    .iter()
                    .find(|o| o.value == *v)
                    .map_or_else(|| v.to_string(), |o| o.label.clone()),
                _ => v.to_string(),
            },
            Answer::Text(_) => "written answer".into(),
        }
    }
}

impl AnswerKind {
    /// Name used in instrument files and error messages.
    pub fn name(&self) -> &'static str {
        match self {
            AnswerKind::YesNo { .. } => "yes_no",
            AnswerKind::Choice { .. } => "choice",
            AnswerKind::Number { .. } => "number",
            AnswerKind::Text => "text",
        }
    }

    /// Whether `answer` is a possible answer of this kind.
    pub fn accepts(&self, answer: &Answer) -> bool {
        match (self, answer) {
            (_, Answer::DontKnow | Answer::Refused) => true,
            (AnswerKind::YesNo { .. }, Answer::Yes | Answer::No) => true,
            (AnswerKind::Choice { options }, Answer::Value(v)) => {
                options.iter().any(|o| o.value == *v)
            }
            (AnswerKind::Number { min, max }, Answer::Value(v)) => (*min..=*max).contains(v),
            (AnswerKind::Text, Answer::Text(t)) => !t.trim().is_empty(),
            _ => false,
        }
    }

    /// The answers of this kind, in words, for messages.
    pub fn expected(&self) -> &'static str {
        match self {
            AnswerKind::YesNo { .. } => "yes, no, dont_know or refused",
            AnswerKind::Choice { .. } => "one of the option values, dont_know or refused",
            AnswerKind::Number { .. } => "a whole number in range, dont_know or refused",
            AnswerKind::Text => "some text, dont_know or refused",
        }
    }
}
