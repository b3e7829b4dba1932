//! The Risk pane: pick an instrument for a case, answer it with single
//! keys while skip logic hides what is not asked, watch the live total,
//! level and reasons, raise the level by professional judgement, and save.

use super::action::Action;
use super::keymap::Context;
use super::text_input::TextInput;
use super::update::Effect;
use crate::domain::RiskLevel;
use crate::domain::risk::{Answer, AnswerKind, Assessment, Catalog};

/// The case being assessed, or the intake in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskTarget {
    /// The case; 0 for an intake that has no case yet.
    pub case_id: i64,
    /// The case number, or words for the intake ("this intake").
    pub number: String,
    pub child: String,
    /// An intake in progress (its local id): the result goes back to it
    /// and is stored with the contact when the intake completes.
    pub intake: Option<u64>,
    /// The instrument that fits the case's reasons: the picker starts there.
    pub fits: Option<String>,
}

/// Where instrument `id` sits in the picker.
fn catalog_position(catalog: &Catalog, id: &str) -> Option<usize> {
    catalog.instruments().position(|i| i.id() == id)
}

/// What the keyboard is doing in the pane.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum RiskMode {
    /// Choosing an instrument.
    #[default]
    Pick,
    /// Answering items with single keys.
    Answer,
    /// Typing a written or numeric answer.
    EditText(TextInput),
    /// Raising the level: choosing the level and writing why.
    Judge { level: RiskLevel, reason: TextInput },
    /// Esc was pressed with answers given: a second Esc discards them.
    ConfirmDiscard,
}

/// A finished assessment on its way to the store. One run during an
/// intake waits in the intake's draft, as JSON, until the contact is stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AssessmentToSave {
    /// 0 for an instrument run during an intake (its case comes later).
    #[serde(default)]
    pub case_id: i64,
    pub instrument_id: String,
    pub instrument_version: u32,
    pub answers_json: String,
    pub score: i64,
    pub result_name: String,
    pub computed_level: RiskLevel,
    pub final_level: RiskLevel,
    #[serde(default)]
    pub judgement_reason: Option<String>,
    pub summary: String,
}

/// Rows PgDn/PgUp move the outcome by: a few, so a reason read at the
/// bottom is still in view at the top after the move.
pub const OUTCOME_PAGE: usize = 4;

/// The outcome as the Risk pane shows it, line by line, in plain text:
/// score and result, level, a judgement, why and each reason, the open
/// danger questions, the count of unanswered ones.
pub fn outcome_texts(a: &Assessment) -> Vec<String> {
    let outcome = a.result();
    let final_level = a.final_level();
    let mut lines = Vec::new();
    let score = if outcome.max_score > 0 {
        format!("Score {} / {}   ", outcome.score, outcome.max_score)
    } else {
        String::new()
    };
    lines.push(format!("{score}Result {}", outcome.result_label));
    let raised = if final_level > outcome.level {
        format!(" (rules: {}; raised by judgement)", outcome.level)
    } else {
        String::new()
    };
    lines.push(format!(
        "Level {} {final_level}{raised}",
        final_level.symbol()
    ));
    if let Some(j) = a.judgement() {
        lines.push(format!("Judgement: {}", j.reason()));
    }
    if !outcome.reasons.is_empty() {
        lines.push("Why".into());
        lines.extend(outcome.reasons.iter().map(|r| format!("• {}", r.text)));
    }
    if !outcome.open_questions.is_empty() {
        lines.push("Open danger questions".into());
        lines.extend(
            outcome
                .open_questions
                .iter()
                .map(|q| format!("? {}", q.text)),
        );
    }
    if !outcome.unanswered.is_empty() {
        lines.push(format!(
            "{} question(s) not answered yet",
            outcome.unanswered.len()
        ));
    }
    lines
}

/// The width of the outcome on a terminal `columns` wide: under the
/// questions inside the pane's border, or beside them (42%) when the pane
/// is 100 or wider, as the Risk pane lays it out.
pub fn outcome_width(columns: u16) -> usize {
    let body = usize::from(columns.saturating_sub(2));
    if body >= 100 {
        (body * 42 / 100).saturating_sub(1)
    } else {
        body
    }
}

#[derive(Debug, Default)]
pub struct RiskPane {
    pub target: Option<RiskTarget>,
    /// Selected instrument in the picker.
    pub pick: usize,
    pub assessment: Option<Assessment>,
    /// Selected item, as an index into the items currently asked.
    pub cursor: usize,
    pub mode: RiskMode,
    pub message: Option<String>,
    pub saving: bool,
    /// The first row of the outcome shown, when its reasons are longer than
    /// the room under the questions (PgDn/PgUp scroll it; the drawing keeps
    /// it within the outcome).
    pub outcome_scroll: usize,
    /// A result finished for an intake, waiting to be handed to it.
    for_intake: Option<(u64, AssessmentToSave)>,
    /// The answers and judgement a save under way took: answers changed
    /// meanwhile are kept when it returns.
    pub sent: Option<(
        crate::domain::risk::Answers,
        Option<crate::domain::risk::Judgement>,
    )>,
}

impl RiskPane {
    pub fn contexts(&self) -> Vec<Context> {
        match self.mode {
            RiskMode::Pick => vec![Context::RiskPick],
            RiskMode::Answer => vec![Context::Risk],
            RiskMode::EditText(_) | RiskMode::Judge { .. } => vec![Context::RiskText],
            RiskMode::ConfirmDiscard => vec![Context::Risk],
        }
    }

    /// PgDn/PgUp: scrolls the outcome by [`OUTCOME_PAGE`] rows, within the
    /// rows it wraps to at `width` (the drawing keeps the last screenful).
    pub fn scroll_outcome(&mut self, action: Action, width: usize) {
        let Some(a) = &self.assessment else {
            return;
        };
        let rows: usize = outcome_texts(a)
            .iter()
            .map(|l| super::timeline_entry::wrap(l, width.max(1)).len())
            .sum();
        self.outcome_scroll = match action {
            Action::PageDown => (self.outcome_scroll + OUTCOME_PAGE).min(rows.saturating_sub(1)),
            Action::PageUp => self.outcome_scroll.saturating_sub(OUTCOME_PAGE),
            _ => self.outcome_scroll,
        };
    }

    /// Whether keys should type (or answer) rather than switch panes.
    pub fn typing(&self) -> bool {
        !matches!(self.mode, RiskMode::Pick)
    }

    /// Starts assessing `target` (from the Cases pane), with the picker on
    /// the instrument that fits it.
    pub fn assess(&mut self, target: RiskTarget, catalog: &Catalog) {
        if self.assessment.is_some() && self.target.as_ref() == Some(&target) {
            return;
        }
        let answered = self
            .assessment
            .as_ref()
            .is_some_and(|a| !a.answers().is_empty());
        if answered || self.saving {
            let number = self
                .target
                .as_ref()
                .map(|t| t.number.clone())
                .unwrap_or_default();
            self.message = Some(format!(
                "An assessment of {number} is not saved yet: save it (Ctrl-S) or discard it (Esc twice) first."
            ));
            return;
        }
        if let Some(fits) = &target.fits {
            self.pick = catalog_position(catalog, fits).unwrap_or(self.pick);
        }
        self.target = Some(target);
        self.assessment = None;
        self.mode = RiskMode::Pick;
        self.message = None;
    }

    /// Starts assessing `target` and opens the instrument that fits at once
    /// (Ctrl-R in the intake), skipping the picker; Esc goes back to it.
    pub fn assess_now(&mut self, target: RiskTarget, catalog: &Catalog) {
        let fits = target.fits.clone();
        self.assess(target.clone(), catalog);
        if self.target.as_ref() != Some(&target) || self.assessment.is_some() {
            return;
        }
        let instrument = fits.as_deref().and_then(|id| catalog.get(id));
        if let Some(instrument) = instrument {
            self.assessment = Some(Assessment::new(instrument));
            self.outcome_scroll = 0;
            self.cursor = 0;
            self.mode = RiskMode::Answer;
        }
    }

    /// The result finished for an intake, to hand to it: (intake, result).
    pub fn take_for_intake(&mut self) -> Option<(u64, AssessmentToSave)> {
        self.for_intake.take()
    }

    fn current_item_id(&self) -> Option<String> {
        let a = self.assessment.as_ref()?;
        a.asked_items().get(self.cursor).map(|i| i.id.clone())
    }

    fn give(&mut self, answer: Answer) {
        let id = self.current_item_id();
        let (Some(a), Some(id)) = (self.assessment.as_mut(), id) else {
            return;
        };
        match a.answer(&id, answer) {
            Ok(()) => {
                self.message = None;
                // Move on to the next question still open, as on paper.
                let asked: Vec<String> = a.asked_items().iter().map(|i| i.id.clone()).collect();
                let next = a.next_unanswered().map(|i| i.id.clone());
                self.cursor = next
                    .and_then(|n| asked.iter().position(|x| *x == n))
                    .unwrap_or_else(|| self.cursor.min(asked.len().saturating_sub(1)));
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Handles an action; `catalog` lists the instruments.
    pub fn on_action(&mut self, action: Action, catalog: &Catalog, actor: i64) -> Vec<Effect> {
        let mode = std::mem::take(&mut self.mode);
        self.mode = match mode {
            RiskMode::Pick => self.on_pick(action, catalog),
            RiskMode::Answer | RiskMode::ConfirmDiscard => {
                let confirming = mode == RiskMode::ConfirmDiscard;
                match self.on_answer(action, confirming, actor) {
                    Ok(mode) => mode,
                    Err(effects) => {
                        // A result handed to an intake leaves the picker.
                        if self.assessment.is_some() {
                            self.mode = RiskMode::Answer;
                        }
                        return effects;
                    }
                }
            }
            RiskMode::EditText(input) => self.on_edit(action, input),
            RiskMode::Judge { level, reason } => self.on_judge(action, level, reason),
        };
        Vec::new()
    }

    fn on_pick(&mut self, action: Action, catalog: &Catalog) -> RiskMode {
        let count = catalog.instruments().count();
        match action {
            Action::Down => self.pick = (self.pick + 1).min(count.saturating_sub(1)),
            Action::Up => self.pick = self.pick.saturating_sub(1),
            Action::Open => {
                if self.target.is_none() {
                    self.message =
                        Some("Choose a case first: open it in the Cases pane and press a.".into());
                    return RiskMode::Pick;
                }
                if let Some(instrument) = catalog.instruments().nth(self.pick) {
                    self.assessment = Some(Assessment::new(instrument));
                    self.outcome_scroll = 0;
                    self.cursor = 0;
                    self.message = None;
                    return RiskMode::Answer;
                }
            }
            _ => {}
        }
        RiskMode::Pick
    }

    /// Err carries effects to run (the save), leaving the mode as Answer.
    fn on_answer(
        &mut self,
        action: Action,
        confirming: bool,
        actor: i64,
    ) -> Result<RiskMode, Vec<Effect>> {
        let asked = self
            .assessment
            .as_ref()
            .map_or(0, |a| a.asked_items().len());
        match action {
            Action::Down => self.cursor = (self.cursor + 1).min(asked.saturating_sub(1)),
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::AnswerYes => self.give(Answer::Yes),
            Action::AnswerNo => self.give(Answer::No),
            Action::AnswerDontKnow => self.give(Answer::DontKnow),
            Action::AnswerRefused => self.give(Answer::Refused),
            Action::Open => {
                let kind = self
                    .assessment
                    .as_ref()
                    .and_then(|a| a.asked_items().get(self.cursor).map(|i| i.kind.clone()));
                if matches!(kind, Some(AnswerKind::Text | AnswerKind::Number { .. })) {
                    let mut input = TextInput::default();
                    if let Some(Answer::Text(t)) = self.current_answer() {
                        input.insert(&t);
                    } else if let Some(Answer::Value(v)) = self.current_answer() {
                        input.insert(&v.to_string());
                    }
                    return Ok(RiskMode::EditText(input));
                }
            }
            Action::Raise => {
                let level = self
                    .assessment
                    .as_ref()
                    .map_or(RiskLevel::None, |a| a.final_level());
                if level == RiskLevel::Critical {
                    self.message = Some("The level is already critical.".into());
                } else {
                    return Ok(RiskMode::Judge {
                        level: RiskLevel::from_rank(level.rank() + 1),
                        reason: TextInput::default(),
                    });
                }
            }
            Action::Save => return Err(self.save(actor)),
            Action::Cancel | Action::Back => {
                let answered = self
                    .assessment
                    .as_ref()
                    .is_some_and(|a| !a.answers().is_empty());
                if answered && !confirming {
                    self.message = Some("Press Esc again to discard these answers.".into());
                    return Ok(RiskMode::ConfirmDiscard);
                }
                self.assessment = None;
                self.message = None;
                return Ok(RiskMode::Pick);
            }
            _ => {}
        }
        Ok(RiskMode::Answer)
    }

    fn current_answer(&self) -> Option<Answer> {
        let id = self.current_item_id()?;
        self.assessment.as_ref()?.answers().get(&id).cloned()
    }

    fn on_edit(&mut self, action: Action, input: TextInput) -> RiskMode {
        match action {
            Action::Submit => {
                let text = input.value().trim().to_string();
                let kind = self
                    .assessment
                    .as_ref()
                    .and_then(|a| a.asked_items().get(self.cursor).map(|i| i.kind.clone()));
                let answer = match kind {
                    Some(AnswerKind::Number { .. }) => match text.parse::<i64>() {
                        Ok(v) => Answer::Value(v),
                        Err(_) => {
                            self.message = Some("Type a whole number.".into());
                            return RiskMode::EditText(input);
                        }
                    },
                    _ => Answer::Text(text),
                };
                self.give(answer);
                RiskMode::Answer
            }
            Action::Cancel => RiskMode::Answer,
            _ => RiskMode::EditText(input),
        }
    }

    fn on_judge(&mut self, action: Action, level: RiskLevel, reason: TextInput) -> RiskMode {
        let floor = self
            .assessment
            .as_ref()
            .map_or(RiskLevel::None, |a| a.final_level());
        match action {
            Action::Up => RiskMode::Judge {
                level: RiskLevel::from_rank((level.rank() + 1).min(4)),
                reason,
            },
            Action::Down => RiskMode::Judge {
                level: RiskLevel::from_rank((level.rank() - 1).max(floor.rank() + 1)),
                reason,
            },
            Action::Submit => {
                let Some(a) = self.assessment.as_mut() else {
                    return RiskMode::Answer;
                };
                match a.raise(level, reason.value()) {
                    Ok(()) => {
                        self.message = Some(format!(
                            "Level raised to {level} by professional judgement."
                        ));
                        RiskMode::Answer
                    }
                    Err(e) => {
                        self.message = Some(e.to_string());
                        RiskMode::Judge { level, reason }
                    }
                }
            }
            Action::Cancel => RiskMode::Answer,
            _ => RiskMode::Judge { level, reason },
        }
    }

    /// Keys that are not actions: digits answer scales, letters type.
    pub fn on_key(&mut self, key: &ratatui::crossterm::event::KeyEvent) {
        use ratatui::crossterm::event::KeyCode;
        match &mut self.mode {
            RiskMode::EditText(input) => {
                input.handle_key(key);
            }
            RiskMode::Judge { reason, .. } => {
                reason.handle_key(key);
            }
            RiskMode::Answer | RiskMode::ConfirmDiscard => {
                if let Some(v) = match key.code {
                    KeyCode::Char(c) => c.to_digit(10),
                    _ => None,
                } {
                    self.mode = RiskMode::Answer;
                    self.give(Answer::Value(i64::from(v)));
                }
            }
            RiskMode::Pick => {}
        }
    }

    /// Pasted text goes into the field being typed.
    pub fn on_paste(&mut self, text: &str) {
        match &mut self.mode {
            RiskMode::EditText(input) => input.insert(text),
            RiskMode::Judge { reason, .. } => reason.insert(text),
            _ => {}
        }
    }

    fn save(&mut self, actor: i64) -> Vec<Effect> {
        let (Some(a), Some(target)) = (self.assessment.as_ref(), self.target.as_ref()) else {
            return Vec::new();
        };
        if self.saving {
            return Vec::new();
        }
        let outcome = a.result();
        if !outcome.unanswered.is_empty() {
            self.message = Some(format!(
                "{} question(s) still open; answer them (d for don't know, r for refused) before saving.",
                outcome.unanswered.len()
            ));
            return Vec::new();
        }
        let Ok(answers_json) = serde_json::to_string(a.answers()) else {
            self.message = Some("The answers could not be prepared for saving.".into());
            return Vec::new();
        };
        let instrument = a.instrument();
        let final_level = a.final_level();
        let judgement = a.judgement().map(|j| j.reason().to_string());
        let summary = crate::domain::risk::timeline_summary(
            instrument,
            &outcome.result_label,
            outcome.level,
            final_level,
        );
        let record = AssessmentToSave {
            case_id: target.case_id,
            instrument_id: instrument.id().to_string(),
            instrument_version: instrument.version(),
            answers_json: answers_json.clone(),
            score: outcome.score,
            result_name: outcome.result_name.clone(),
            computed_level: outcome.level,
            final_level,
            judgement_reason: judgement.clone(),
            summary: summary.clone(),
        };
        if let Some(local) = target.intake {
            // Nothing is stored yet: the result joins the contact.
            self.for_intake = Some((local, record));
            self.assessment = None;
            self.target = None;
            self.mode = RiskMode::Pick;
            self.message = None;
            return Vec::new();
        }
        self.saving = true;
        self.sent = Some((a.answers().clone(), a.judgement().cloned()));
        vec![Effect::SaveAssessment {
            record: Box::new(AssessmentToSave {
                case_id: target.case_id,
                instrument_id: instrument.id().to_string(),
                instrument_version: instrument.version(),
                answers_json,
                score: outcome.score,
                result_name: outcome.result_name.clone(),
                computed_level: outcome.level,
                final_level,
                judgement_reason: judgement,
                summary,
            }),
            actor,
        }]
    }

    /// The store's answer to a save.
    pub fn on_saved(&mut self, result: Result<RiskLevel, String>) {
        self.saving = false;
        match result {
            Ok(level) => {
                let number = self
                    .target
                    .as_ref()
                    .map(|t| t.number.clone())
                    .unwrap_or_default();
                let sent = self.sent.take();
                let now = self
                    .assessment
                    .as_ref()
                    .map(|a| (a.answers().clone(), a.judgement().cloned()));
                let typing = matches!(self.mode, RiskMode::EditText(_) | RiskMode::Judge { .. });
                if typing || (now.is_some() && now != sent) {
                    // Answered or typed while it saved: kept, to be saved
                    // as the case's next assessment.
                    self.message = Some(format!(
                        "✓ Saved ({level}). Changed while saving: kept; Ctrl-S saves a new one."
                    ));
                    return;
                }
                self.message = Some(format!("✓ Saved. Case {number} is now {level}."));
                self.assessment = None;
                self.mode = RiskMode::Pick;
            }
            Err(message) => {
                self.message = Some(format!("Not saved: {message}. Your answers are kept."))
            }
        }
    }
}
