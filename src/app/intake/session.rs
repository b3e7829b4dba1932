//! One intake in progress: its answers, the focused field and the editor
//! for it. Every edit is written into the answers at once, so the draft
//! saved a moment later holds exactly what was typed.

use crate::app::risk::AssessmentToSave;
use crate::app::text_input::TextInput;
use crate::domain::forms::{
    Answers, Field, FieldError, FieldKind, FieldValue, Form, YesNoDk, answer_word,
    available_options, clean_text, grows_into_answer_word, starts_answer_word, visible_fields,
};
use crate::store::contacts::{CallerProfile, PriorMatch};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::{TextArea, WrapMode};

/// The editor of the focused field.
#[derive(Debug, Clone, Default)]
pub enum FieldInput {
    /// Yes / no / don't know: single keys, no editor.
    #[default]
    Keys,
    Line(TextInput),
    Area(Box<TextArea<'static>>),
    /// A choice list filtered by what is typed.
    Choice {
        filter: TextInput,
        highlighted: usize,
    },
}

/// A yes/no word being typed into `field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerWord {
    pub field: String,
    pub typed: String,
    /// The focus has already moved past the field.
    pub moved: bool,
}

/// An intake being filled in.
#[derive(Debug, Clone)]
pub struct IntakeSession {
    /// Identifies the session until (and after) the store gives it a draft id.
    pub local: u64,
    pub draft_id: Option<i64>,
    pub form_id: String,
    pub answers: Answers,
    /// The focused field's id.
    pub focus: String,
    pub input: FieldInput,
    /// The call timer's start (UTC seconds).
    pub started_at: i64,
    /// Changed since the last draft save.
    pub dirty: bool,
    pub saving: bool,
    pub completing: bool,
    /// Problems found when completing, shown beside their fields.
    pub errors: Vec<FieldError>,
    /// A one-line note about the focused field's value (e.g. not a number).
    pub field_note: Option<String>,
    /// Earlier contacts that look like this caller or child.
    pub matches: Vec<PriorMatch>,
    /// What is known of the number or handle they contact us from.
    pub profile: Option<CallerProfile>,
    /// The case this contact will join instead of opening a new one.
    pub attach_case_id: Option<i64>,
    /// Bumped by every returning-caller lookup: a paste or keys batched by
    /// a slow link send several, answered in any order, and only the
    /// latest one's answer may set `matches`.
    pub returning_generation: u64,
    /// Ctrl-S was pressed once while the caller matches an open case and
    /// none is ticked: a second Ctrl-S opens a new case anyway.
    pub confirmed_new_case: bool,
    /// Instruments completed during the intake (Ctrl-R): stored with the
    /// contact when it completes. A newer result of an instrument replaces
    /// an older one.
    pub assessments: Vec<AssessmentToSave>,
    /// The resumed draft held instruments run during the call that could
    /// not be read (a damaged row): the intake says so, and draft saves
    /// leave that stored value alone until an instrument is run again.
    pub assessments_unread: bool,
    /// A yes/no answer being typed as a word. The first letter that is an
    /// answer (`y`, `n`, `d`) answers and moves on at once; the letters
    /// that follow finish the word (and may change the answer: `n` then
    /// `diyo` is yes in Kiswahili) instead of spilling into the next field.
    pub answer_word: Option<AnswerWord>,
    /// The answers as Ctrl-S sent them to be recorded: anything typed
    /// while the record is written is told apart from them, and kept.
    pub sent: Option<Answers>,
    /// Offered to a colleague: frozen (nothing typed, nothing saved) until
    /// they take it, decline it, or the operator takes the offer back.
    pub handing_over: Option<HandingOver>,
}

/// An intake being handed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandingOver {
    /// None until the store has recorded the offer.
    pub offer_id: Option<i64>,
    pub to_name: String,
}

impl IntakeSession {
    pub fn new(local: u64, form: &Form, started_at: i64) -> IntakeSession {
        let focus = form
            .fields()
            .next()
            .map(|f| f.id.clone())
            .unwrap_or_default();
        let mut s = IntakeSession {
            local,
            draft_id: None,
            form_id: form.id.clone(),
            answers: Answers::new(),
            focus,
            input: FieldInput::Keys,
            started_at,
            dirty: false,
            saving: false,
            completing: false,
            errors: Vec::new(),
            field_note: None,
            matches: Vec::new(),
            profile: None,
            attach_case_id: None,
            returning_generation: 0,
            confirmed_new_case: false,
            answer_word: None,
            sent: None,
            assessments: Vec::new(),
            assessments_unread: false,
            handing_over: None,
        };
        s.load_input(form);
        s
    }

    /// The ids of the fields shown now, in order.
    pub fn visible_ids(&self, form: &Form) -> Vec<String> {
        visible_fields(form, &self.answers)
            .iter()
            .map(|v| v.field.id.clone())
            .collect()
    }

    pub fn focused_field<'f>(&self, form: &'f Form) -> Option<&'f Field> {
        form.field(&self.focus)
    }

    /// Prepares the editor for the focused field from its answer.
    pub fn load_input(&mut self, form: &Form) {
        let Some(field) = form.field(&self.focus) else {
            self.input = FieldInput::Keys;
            return;
        };
        let value = self.answers.get(&field.id).clone();
        self.field_note = None;
        self.input = match &field.kind {
            FieldKind::YesNoDk => FieldInput::Keys,
            FieldKind::MultiLineText { .. } => {
                let text = match value {
                    FieldValue::Text(t) => t,
                    _ => String::new(),
                };
                let mut area = TextArea::new(text.split('\n').map(str::to_string).collect());
                area.set_wrap_mode(WrapMode::WordOrGlyph);
                area.move_cursor(ratatui_textarea::CursorMove::Bottom);
                area.move_cursor(ratatui_textarea::CursorMove::End);
                FieldInput::Area(Box::new(area))
            }
            FieldKind::SingleChoice(_) | FieldKind::MultipleChoice(_) => FieldInput::Choice {
                filter: TextInput::default(),
                highlighted: 0,
            },
            _ => {
                let mut line = TextInput::default();
                line.insert(&match value {
                    FieldValue::Text(t) => t,
                    FieldValue::Number(n) => n.to_string(),
                    FieldValue::DateTime(d) => d.format("%Y-%m-%d %H:%M").to_string(),
                    _ => String::new(),
                });
                FieldInput::Line(line)
            }
        };
    }

    /// Moves the focus `delta` visible fields on (or back).
    pub fn move_focus(&mut self, form: &Form, delta: isize) {
        let ids = self.visible_ids(form);
        if ids.is_empty() {
            return;
        }
        let at = ids.iter().position(|id| *id == self.focus).unwrap_or(0) as isize;
        let next = (at + delta).clamp(0, ids.len() as isize - 1) as usize;
        self.focus = ids[next].clone();
        self.load_input(form);
    }

    /// Puts the focus on a field (after a failed completion).
    pub fn focus_on(&mut self, form: &Form, field_id: &str) {
        self.focus = field_id.to_string();
        self.load_input(form);
    }

    fn set(&mut self, field: &Field, value: FieldValue) {
        if self.answers.get(&field.id) != &value {
            self.answers.set(field, value);
            self.dirty = true;
            self.errors.retain(|e| e.field_id != field.id);
        }
    }

    /// The options the focused choice field offers, filtered by the typed text.
    pub fn filtered_options<'f>(
        &self,
        form: &'f Form,
    ) -> Vec<&'f crate::domain::taxonomy::ChoiceOption> {
        let Some(field) = form.field(&self.focus) else {
            return Vec::new();
        };
        let filter = match &self.input {
            FieldInput::Choice { filter, .. } => filter.value().to_lowercase(),
            _ => String::new(),
        };
        available_options(form, field, &self.answers)
            .into_iter()
            .filter(|o| {
                filter.is_empty()
                    || o.label.to_lowercase().contains(&filter)
                    || o.id.to_lowercase().contains(&filter)
            })
            .collect()
    }

    /// Moves the highlight in a choice list.
    pub fn move_highlight(&mut self, form: &Form, delta: isize) {
        let count = self.filtered_options(form).len();
        if let FieldInput::Choice { highlighted, .. } = &mut self.input {
            let max = count.saturating_sub(1) as isize;
            *highlighted = (*highlighted as isize + delta).clamp(0, max.max(0)) as usize;
        }
    }

    /// Chooses the highlighted option. Returns true when the field is done
    /// (a single choice), so the caller can move on.
    pub fn choose(&mut self, form: &Form) -> bool {
        let Some(field) = form.field(&self.focus) else {
            return false;
        };
        let highlighted = match &self.input {
            FieldInput::Choice { highlighted, .. } => *highlighted,
            _ => return false,
        };
        let Some(option) = self
            .filtered_options(form)
            .get(highlighted)
            .map(|o| o.id.clone())
        else {
            return false;
        };
        match &field.kind {
            FieldKind::SingleChoice(_) => {
                self.set(field, FieldValue::Choice(option));
                true
            }
            FieldKind::MultipleChoice(_) => {
                let mut chosen = match self.answers.get(&field.id) {
                    FieldValue::Choices(ids) => ids.clone(),
                    _ => Vec::new(),
                };
                if let Some(at) = chosen.iter().position(|id| *id == option) {
                    chosen.remove(at);
                } else {
                    chosen.push(option);
                }
                let value = if chosen.is_empty() {
                    FieldValue::Empty
                } else {
                    FieldValue::Choices(chosen)
                };
                self.set(field, value);
                if let FieldInput::Choice { filter, .. } = &mut self.input {
                    filter.clear();
                }
                false
            }
            _ => false,
        }
    }

    /// Clears the typed filter of the focused choice list; false when there
    /// was none to clear.
    pub fn clear_filter(&mut self) -> bool {
        match &mut self.input {
            FieldInput::Choice { filter, .. } if !filter.value().is_empty() => {
                filter.clear();
                true
            }
            _ => false,
        }
    }

    /// Ends a yes/no word being typed, as a bound key (Tab, Ctrl-S …) does
    /// before it acts: letters typed after the word's answer are typed into
    /// the fields that follow, as if no word had been begun.
    pub fn finish_answer_word(&mut self, form: &Form) {
        if let Some(word) = self.answer_word.take()
            && word.moved
        {
            self.replay_after_word(form, &word);
        }
    }

    /// The longest whole word at the start of `word.typed` answers its
    /// field; the letters after it are typed afresh into the focused field
    /// (`n` `d` `y` answers three questions, `ndiyo` one).
    fn replay_after_word(&mut self, form: &Form, word: &AnswerWord) {
        let Some((len, value)) = longest_word(&word.typed) else {
            return;
        };
        if let Some(field) = form.field(&word.field).cloned() {
            self.set(&field, FieldValue::YesNoDk(value));
        }
        for c in word.typed.chars().skip(len) {
            self.on_key(form, &KeyEvent::from(KeyCode::Char(c)));
        }
    }

    /// Carries on a yes/no word with `c`; false when `c` cannot belong to
    /// it (the word then ends, and `c` is typed as usual).
    fn carry_answer_word(&mut self, form: &Form, c: char) -> bool {
        let Some(mut word) = self.answer_word.take() else {
            return false;
        };
        let next = format!("{}{c}", word.typed);
        if !starts_answer_word(&next) {
            if word.moved {
                self.replay_after_word(form, &word);
            } else {
                self.field_note = Some(WORD_HINT.into());
            }
            return false;
        }
        word.typed = next;
        if let (Some(value), Some(field)) = (answer_word(&word.typed), form.field(&word.field)) {
            let field = field.clone();
            self.set(&field, FieldValue::YesNoDk(value));
            if !word.moved {
                self.move_focus(form, 1);
                word.moved = true;
            }
        }
        if grows_into_answer_word(&word.typed) {
            self.answer_word = Some(word);
        }
        true
    }

    /// A key that is not a bound action: typed into the focused field.
    pub fn on_key(&mut self, form: &Form, key: &KeyEvent) {
        if let KeyCode::Char(c) = key.code
            && self.carry_answer_word(form, c)
        {
            return;
        }
        let Some(field) = form.field(&self.focus).cloned() else {
            return;
        };
        match &mut self.input {
            FieldInput::Keys => {
                let KeyCode::Char(c) = key.code else {
                    return;
                };
                let typed = c.to_string();
                if !starts_answer_word(&typed) {
                    self.field_note = Some(WORD_HINT.into());
                    return;
                }
                // `y`, `n` and `d` answer at once and move on; other first
                // letters (`h` of hapana, `j` of ja) wait for their word.
                let moved = match answer_word(&typed) {
                    Some(value) => {
                        self.set(&field, FieldValue::YesNoDk(value));
                        self.move_focus(form, 1);
                        true
                    }
                    None => false,
                };
                if grows_into_answer_word(&typed) {
                    self.answer_word = Some(AnswerWord {
                        field: field.id.clone(),
                        typed,
                        moved,
                    });
                }
            }
            FieldInput::Line(line) => {
                if line.handle_key(key) {
                    let text = line.value().to_string();
                    self.store_line(&field, &text);
                }
            }
            FieldInput::Area(area) => {
                if area.input(*key) {
                    let text = area.lines().join("\n");
                    self.store_text(&field, &text);
                }
            }
            FieldInput::Choice {
                filter,
                highlighted,
            } => {
                if filter.handle_key(key) {
                    *highlighted = 0;
                }
            }
        }
    }

    /// Fills the focused date-time field with `local_now` ("YYYY-MM-DD
    /// HH:MM", or the date alone for a date field); false for any other field.
    pub fn fill_now(&mut self, form: &Form, local_now: chrono::NaiveDateTime) -> bool {
        let Some(field) = form.field(&self.focus).cloned() else {
            return false;
        };
        let FieldKind::DateTime { date_only } = field.kind else {
            return false;
        };
        let FieldInput::Line(line) = &mut self.input else {
            return false;
        };
        let text = if date_only {
            local_now.format("%Y-%m-%d").to_string()
        } else {
            local_now.format("%Y-%m-%d %H:%M").to_string()
        };
        line.clear();
        line.insert(&text);
        self.store_line(&field, &text);
        true
    }

    /// Pasted text goes into the focused field, cleaned of control characters.
    pub fn on_paste(&mut self, form: &Form, text: &str) {
        let Some(field) = form.field(&self.focus).cloned() else {
            return;
        };
        match &mut self.input {
            FieldInput::Line(line) => {
                line.insert(&clean_text(text, false));
                let text = line.value().to_string();
                self.store_line(&field, &text);
            }
            FieldInput::Area(area) => {
                area.insert_str(clean_text(text, true));
                let text = area.lines().join("\n");
                self.store_text(&field, &text);
            }
            FieldInput::Choice { filter, .. } => filter.insert(text),
            FieldInput::Keys => match answer_word(text) {
                Some(v) => {
                    self.set(&field, FieldValue::YesNoDk(v));
                    self.move_focus(form, 1);
                }
                None => {
                    self.field_note = Some("Paste yes, no or don't know, or type y, n or d.".into())
                }
            },
        }
    }

    fn store_text(&mut self, field: &Field, text: &str) {
        let limit = field.kind.max_length().unwrap_or(usize::MAX);
        let count = text.chars().count();
        self.field_note = (count > limit).then(|| {
            format!("{count} characters: the limit is {limit}; shorten it before completing.")
        });
        let value = if text.trim().is_empty() {
            FieldValue::Empty
        } else {
            FieldValue::Text(text.to_string())
        };
        self.set(field, value);
    }

    fn store_line(&mut self, field: &Field, text: &str) {
        let trimmed = text.trim();
        match &field.kind {
            FieldKind::Number { min, max } => {
                if trimmed.is_empty() {
                    self.field_note = None;
                    self.set(field, FieldValue::Empty);
                } else if let Ok(n) = trimmed.parse::<i64>() {
                    self.field_note =
                        (n < *min || n > *max).then(|| format!("Between {min} and {max}."));
                    self.set(field, FieldValue::Number(n));
                } else {
                    // Kept as typed (the draft holds it too); completing
                    // the intake asks for a number here.
                    self.field_note = Some("Type a whole number.".into());
                    self.set(field, FieldValue::Text(trimmed.to_string()));
                }
            }
            FieldKind::DateTime { date_only } => {
                if trimmed.is_empty() {
                    self.field_note = None;
                    self.set(field, FieldValue::Empty);
                    return;
                }
                let parsed = chrono::NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%d %H:%M")
                    .ok()
                    .or_else(|| {
                        chrono::NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
                            .ok()
                            .and_then(|d| d.and_hms_opt(0, 0, 0))
                    });
                match parsed {
                    Some(at) => {
                        self.field_note = None;
                        self.set(field, FieldValue::DateTime(at));
                    }
                    None => {
                        self.set(field, FieldValue::Text(trimmed.to_string()));
                        self.field_note = Some(if *date_only {
                            "Type the date as YYYY-MM-DD.".into()
                        } else {
                            "Type YYYY-MM-DD HH:MM (or just the date).".into()
                        });
                    }
                }
            }
            _ => self.store_text(field, text),
        }
    }
}

const WORD_HINT: &str = "Answer with y (yes), n (no) or d (don't know), or the whole word.";

/// The longest whole answer word at the start of `typed`: its length in
/// characters and its answer.
fn longest_word(typed: &str) -> Option<(usize, YesNoDk)> {
    let chars: Vec<char> = typed.chars().collect();
    (1..=chars.len()).rev().find_map(|n| {
        let prefix: String = chars[..n].iter().collect();
        answer_word(&prefix).map(|v| (n, v))
    })
}
