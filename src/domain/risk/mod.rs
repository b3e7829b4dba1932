//! Risk instruments as data and the engine that scores them (domain
//! reference, section 4). Pure: no I/O, no SQL, no terminal.
//!
//! An [`Instrument`] is read from a TOML file (the shipped ones are in
//! `assets/instruments/`, embedded by [`Catalog`]). The UI drives an
//! [`Assessment`] one answer at a time and shows its [`Outcome`]: score,
//! result, level and the reasons behind it. A worker can raise the level by
//! professional judgement ([`Judgement`]), never lower it.
//!
//! # Instrument files
//!
//! ```toml
//! id = "asq"                      # stable; stored with each assessment
//! version = 1
//! title = "..."
//! credit = "..."                  # source and licence
//! description = "..."
//!
//! [[items]]                       # asked in this order
//! id = "asq5"
//! label = "Thoughts right now"    # short name used in explanations
//! text = "Are you having thoughts of killing yourself right now?"
//! help = "..."
//! kind = "yes_no"                 # yes_no | choice | number | text
//! weight = 0                      # yes_no: points for a yes
//! # choice: options = [{ value = 1, label = "...", weight = 0 }]
//! # number: min = 0, max = 100    (never scored; rules may test it)
//! ask_when = { any_of = [{ item = "asq1", in = ["yes", "refused"] }] }
//!
//! [[results]]                     # least to most severe
//! name = "acute_positive"
//! label = "Acute positive screen"
//! level = "critical"              # none | low | medium | high | critical
//! advice = "..."
//!
//! [[bands]]                       # optional; first starts at 0
//! min = 14
//! result = "high"
//!
//! [[rules]]
//! id = "acute"
//! when = { item = "asq5", in = ["yes", "refused"] }
//! result = "acute_positive"       # or: floor = "high" | suggest_judgement = true
//! reason = "Thoughts of suicide right now, or no answer"
//! open_question = false           # list the cited items as open questions
//! ```
//!
//! A long condition can be written as a sub-table placed last in its block
//! (`[items.ask_when]` or `[rules.when]`, then `any_of = [ ... ]` over several
//! lines), as the shipped files do.
//!
//! Conditions: `{ item, is = answer }`, `{ item, in = [answers] }`,
//! `{ item, at_least = n }` (number or choice items), `{ any_of = [...] }`,
//! `{ all_of = [...] }`. Answers are written `yes`, `no`, `dont_know`,
//! `refused`, or a number. Don't know and refused never score. The result is
//! the most severe one given by the band and the rules (the first result if
//! none); its level, raised by any floor, is the computed level.

mod answer;
mod assessment;
mod case_level;
mod catalog;
mod condition;
mod error;
mod instrument;
mod judgement;
mod parse;
mod scoring;
mod wording;

#[cfg(test)]
mod tests;

pub use answer::Answer;
pub use assessment::{AnswerError, Assessment};
pub use case_level::{LevelBasis, LevelEntry, case_level, current_level, not_assessed};
pub use catalog::Catalog;
pub use condition::{Answers, Condition};
pub use error::{InstrumentError, Place, Problem};
pub use instrument::{AnswerKind, Band, ChoiceOption, Effect, Instrument, Item, ResultSpec, Rule};
pub use judgement::{Judgement, JudgementError, final_level};
pub use scoring::{OpenQuestion, Outcome, Reason, asked_items, effective_answers, score};
pub use wording::{short_name, timeline_summary, without_score};
