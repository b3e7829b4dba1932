//! An assessment in progress as its draft keeps it: the case, the
//! instrument, the answers, any judgement, the question with the cursor
//! and a written answer or reason half typed. One with a positive answer
//! is urgent: at the next log-in it is offered before anything else.

use super::dialog_drafts::{Snapshot, to_json};
use super::risk::{RiskMode, RiskPane, RiskTarget};
use super::text_input::TextInput;
use crate::domain::RiskLevel;
use crate::domain::risk::{Answer, Assessment, Catalog, Judgement};
use crate::store::dialog_drafts::{DialogKey, DialogKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentDraft {
    pub case_id: i64,
    pub number: String,
    pub child: String,
    pub instrument_id: String,
    pub answers: BTreeMap<String, Answer>,
    pub judgement: Option<Judgement>,
    pub cursor: usize,
    /// A written or numeric answer being typed.
    pub editing: Option<String>,
    /// Raising the level: the level chosen and the reason typed so far.
    pub judging: Option<(RiskLevel, String)>,
}

impl RiskPane {
    /// The assessment in progress, once it has an answer.
    pub fn draft(&self) -> Option<Snapshot> {
        let a = self.assessment.as_ref()?;
        // An instrument run inside an intake has no case yet: its answers
        // live with the intake on screen, not as a draft of their own.
        let target = self.target.as_ref().filter(|t| t.intake.is_none())?;
        if a.answers().is_empty() && a.judgement().is_none() {
            return None;
        }
        let (editing, judging) = match &self.mode {
            RiskMode::EditText(input) => (Some(input.value().to_string()), None),
            RiskMode::Judge { level, reason } => (None, Some((*level, reason.value().to_string()))),
            _ => (None, None),
        };
        let draft = AssessmentDraft {
            case_id: target.case_id,
            number: target.number.clone(),
            child: target.child.clone(),
            instrument_id: a.instrument().id().to_string(),
            answers: a.answers().clone(),
            judgement: a.judgement().cloned(),
            cursor: self.cursor,
            editing,
            judging,
        };
        Some(Snapshot {
            key: DialogKey {
                kind: DialogKind::Assessment,
                target_id: target.case_id,
            },
            state: to_json(DialogKind::Assessment, &draft)?,
            urgent: is_positive(a),
        })
    }

    /// Whether an assessment is open here (answered or not).
    pub fn busy(&self) -> bool {
        self.saving
            || self
                .assessment
                .as_ref()
                .is_some_and(|a| !a.answers().is_empty())
    }

    /// Puts an assessment back as its draft kept it. Err says why it
    /// cannot be (an instrument this installation no longer has, say).
    pub fn resume(&mut self, state: &str, catalog: &Catalog) -> Result<(), String> {
        let draft: AssessmentDraft =
            serde_json::from_str(state).map_err(|_| "the draft could not be read".to_string())?;
        let instrument = catalog.get(&draft.instrument_id).ok_or_else(|| {
            format!(
                "the instrument `{}` is no longer installed",
                draft.instrument_id
            )
        })?;
        let mut a =
            Assessment::resume(instrument, &draft.answers, None).map_err(|e| e.to_string())?;
        if let Some(j) = &draft.judgement {
            // Checked again, as if raised now.
            let _ = a.raise(j.level(), j.reason());
        }
        let asked = a.asked_items().len();
        self.target = Some(RiskTarget {
            case_id: draft.case_id,
            number: draft.number,
            child: draft.child,
            intake: None,
            fits: None,
        });
        self.pick = catalog
            .instruments()
            .position(|i| i.id() == draft.instrument_id)
            .unwrap_or(0);
        self.assessment = Some(a);
        self.cursor = draft.cursor.min(asked.saturating_sub(1));
        self.mode = match (draft.editing, draft.judging) {
            (Some(text), _) => {
                let mut input = TextInput::default();
                input.insert(&text);
                RiskMode::EditText(input)
            }
            (None, Some((level, text))) => {
                let mut reason = TextInput::default();
                reason.insert(&text);
                RiskMode::Judge { level, reason }
            }
            (None, None) => RiskMode::Answer,
        };
        self.saving = false;
        Ok(())
    }
}

/// An answer that points to risk: a yes, or a level above none.
fn is_positive(a: &Assessment) -> bool {
    a.answers().values().any(|v| *v == Answer::Yes) || a.final_level() > RiskLevel::None
}
