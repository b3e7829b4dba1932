//! Standardized intake forms as data.
//!
//! Forms live in `assets/forms/*.toml` and draw their options from the
//! reference lists in `assets/taxonomies/` (see [`crate::domain::taxonomy`]).
//! A form file is read into a [`Form`] by [`parse_form`], which refuses
//! unknown keys and checks the form as a whole; [`FormCatalog`] holds the
//! shipped forms with an organisation's own laid over them.
//!
//! Answers are a map of [`FieldValue`]s ([`Answers`]); [`visible_fields`]
//! says what the form shows for them and [`validate`] what is wrong.
//!
//! # File schema, in brief
//!
//! ```toml
//! [form]
//! id = "child_helpline"          # stable snake_case id
//! title = "Child helpline intake"
//! version = 1
//!
//! [[section]]
//! id = "safety"
//! title = "Safety first"
//! show_if = { field = "contact_type", flag = "needs_case" }
//!
//! [[section.field]]
//! id = "safe_to_talk"
//! label = "Is it safe to talk now?"
//! kind = "yes_no_dk"   # text, multi_line_text, number, date_time, phone,
//!                      # single_choice, multiple_choice, yes_no_dk
//! required = true      # or required_when = { <condition> }
//! help = "If not, agree a safe time to call back."
//! ```
//!
//! Kind-specific keys: `max_length` (text kinds), `min` and `max` (number,
//! both required), `date_only` (date_time), `options = [{ id, label, help,
//! flags }]` or `options_from = "<list id>"` and `filter_by = "<earlier
//! choice field>"` (choice kinds).
//!
//! A condition tests one earlier field: `any_of = [ids]`, `none_of = [ids]`,
//! `flag = "<option flag>"`, `min` / `max` (numbers) or `answered = bool`;
//! or combines conditions with `any = [..]` / `all = [..]`. Answers of hidden
//! fields count as unanswered.

mod answer_words;
mod answered;
mod build;
mod catalog;
mod condition;
pub(crate) mod error;
mod model;
pub(crate) mod raw;
mod risk_rules;
mod validate;
mod value;

pub use answer_words::{answer_word, grows_into_answer_word, starts_answer_word};
pub use answered::{AnsweredSection, answer_words, answered_sections, stored_answers};
pub use build::parse_form;
pub use catalog::FormCatalog;
pub use condition::Condition;
pub use error::{FormError, Problem};
pub use model::{
    Choices, DEFAULT_MULTI_LINE_LIMIT, DEFAULT_TEXT_LIMIT, Field, FieldKind, Form, MAX_TEXT_LIMIT,
    Requirement, Section,
};
pub use risk_rules::{RiskFloor, RiskRule, RiskRules, fitting_instrument, risk_floors};
pub use validate::{
    FieldError, VisibleField, available_options, is_complete, validate, visible_fields,
};
pub use value::{Answers, FieldValue, YesNoDk, clean_text};

#[cfg(test)]
mod build_tests;
#[cfg(test)]
mod risk_rules_tests;
#[cfg(test)]
mod test_answers;
#[cfg(test)]
mod validate_tests;
#[cfg(test)]
mod visibility_tests;
