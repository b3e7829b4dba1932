//! One assessment in progress, driven by the UI one answer at a time.

use super::answer::Answer;
use super::condition::Answers;
use super::instrument::{Instrument, Item};
use super::judgement::{self, Judgement, JudgementError};
use super::scoring::{self, Outcome};
use crate::domain::RiskLevel;

/// An answer the assessment cannot take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("this instrument has no item `{0}`")]
    UnknownItem(String),
    #[error("item `{0}` is not asked after the earlier answers")]
    NotAsked(String),
    #[error("“{0}” needs a chosen answer: don't know and refused do not answer it")]
    NeedsValue(String),
    #[error("that answer does not fit item `{item}` (expected {expected})")]
    DoesNotFit {
        item: String,
        expected: &'static str,
    },
}

/// The answers given so far to one instrument, plus any professional
/// judgement. Holds its own copy of the instrument, so the UI state can own it
/// without borrowing the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    instrument: Instrument,
    /// Only answers to items that are currently asked: skip logic drops the
    /// rest as soon as an earlier answer changes.
    answers: Answers,
    judgement: Option<Judgement>,
}

impl Assessment {
    /// A new, empty assessment.
    pub fn new(instrument: &Instrument) -> Assessment {
        Assessment {
            instrument: instrument.clone(),
            answers: Answers::new(),
            judgement: None,
        }
    }

    /// Reopens stored answers, checking each as if entered again in item
    /// order. Answers to items that skip logic now skips are dropped, as they
    /// would never count.
    pub fn resume(
        instrument: &Instrument,
        answers: &Answers,
        judgement: Option<Judgement>,
    ) -> Result<Assessment, AnswerError> {
        if let Some(unknown) = answers.keys().find(|id| instrument.item(id).is_none()) {
            return Err(AnswerError::UnknownItem(unknown.clone()));
        }
        let mut assessment = Assessment::new(instrument);
        for item in instrument.items() {
            let Some(answer) = answers.get(&item.id) else {
                continue;
            };
            match assessment.answer(&item.id, answer.clone()) {
                Ok(()) | Err(AnswerError::NotAsked(_)) => {}
                Err(e) => return Err(e),
            }
        }
        assessment.judgement = judgement;
        Ok(assessment)
    }

    pub fn instrument(&self) -> &Instrument {
        &self.instrument
    }

    /// Records (or replaces) the answer to an asked item. Items that the new
    /// answer makes skipped lose their answers.
    pub fn answer(&mut self, item_id: &str, answer: Answer) -> Result<(), AnswerError> {
        let item = self
            .instrument
            .item(item_id)
            .ok_or_else(|| AnswerError::UnknownItem(item_id.to_string()))?;
        if !self.asked_items().iter().any(|i| i.id == item_id) {
            return Err(AnswerError::NotAsked(item_id.to_string()));
        }
        if item.needs_value && matches!(answer, Answer::DontKnow | Answer::Refused) {
            return Err(AnswerError::NeedsValue(item.label.clone()));
        }
        if !item.kind.accepts(&answer) {
            return Err(AnswerError::DoesNotFit {
                item: item_id.to_string(),
                expected: item.kind.expected(),
            });
        }
        self.answers.insert(item_id.to_string(), answer);
        self.answers = scoring::effective_answers(&self.instrument, &self.answers);
        Ok(())
    }

    /// Removes the answer to an item (and to items that depended on it).
    pub fn clear(&mut self, item_id: &str) {
        self.answers.remove(item_id);
        self.answers = scoring::effective_answers(&self.instrument, &self.answers);
    }

    /// The answers that count, keyed by item id (store this as JSON).
    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    /// The items asked given the answers so far, in order.
    pub fn asked_items(&self) -> Vec<&Item> {
        scoring::asked_items(&self.instrument, &self.answers)
    }

    /// The first asked item without an answer: what the UI asks next.
    pub fn next_unanswered(&self) -> Option<&Item> {
        scoring::asked_items(&self.instrument, &self.answers)
            .into_iter()
            .find(|i| !self.answers.contains_key(&i.id))
    }

    /// Every asked item has an answer.
    pub fn is_complete(&self) -> bool {
        self.next_unanswered().is_none()
    }

    /// Score, result, computed level and reasons for the answers so far.
    pub fn result(&self) -> Outcome {
        scoring::score(&self.instrument, &self.answers)
    }

    /// Professional judgement: raises the level to `level` for the written
    /// `reason`. Refused if it would not raise the current final level (so a
    /// judgement on record is never walked back either) or has no reason.
    pub fn raise(&mut self, level: RiskLevel, reason: &str) -> Result<(), JudgementError> {
        self.judgement = Some(Judgement::raise(self.final_level(), level, reason)?);
        Ok(())
    }

    pub fn judgement(&self) -> Option<&Judgement> {
        self.judgement.as_ref()
    }

    /// The level that counts: the computed level, raised by any judgement.
    pub fn final_level(&self) -> RiskLevel {
        judgement::final_level(self.result().level, self.judgement.as_ref())
    }
}
