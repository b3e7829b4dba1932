//! The Intake pane: several intakes at once (a second call while the first
//! is on hold), each saved as a draft within a second of every change, and
//! completed into a contact and, when needed, a case.

mod draft_assessments;
mod hand_over;
mod record;
mod session;

pub use hand_over::DraftContent;
pub use record::{IntakeLevel, IntakeRecord, caller_phone_norm, intake_levels};
pub use session::{FieldInput, HandingOver, IntakeSession};

use super::action::Action;
use super::keymap::Context;
use super::risk::AssessmentToSave;
use super::update::Effect;
use crate::domain::forms::{Answers, FormCatalog, validate};
use crate::store::contacts::{CallerProfile, IntakeSaved, PriorMatch};
use crate::store::drafts::{Draft, StaleDraft};
use ratatui::crossterm::event::KeyEvent;

/// Why a draft save did not go through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftFailure {
    /// The row is gone: completed or discarded in another session.
    Gone,
    Other(String),
}

/// How long an untouched draft may wait before supervisors see it listed.
pub const SHIFT_SECS: i64 = 8 * 3600;

#[derive(Debug, Default)]
pub struct IntakePane {
    pub sessions: Vec<IntakeSession>,
    /// The session on screen; None shows the list of intakes on hold.
    pub current: Option<usize>,
    next_local: u64,
    pub list_selected: usize,
    /// Choosing which form a new intake uses.
    pub picking_form: Option<usize>,
    pub loaded: bool,
    pub message: Option<String>,
    /// For supervisors: drafts left longer than a shift.
    pub stale: Vec<StaleDraft>,
    /// `x` was pressed once on a draft: a second `x` discards it.
    pub confirm_discard: Option<u64>,
}

impl IntakePane {
    pub fn contexts(&self) -> Vec<Context> {
        if self.picking_form.is_some() {
            vec![Context::IntakePick]
        } else if self.current.is_some() {
            vec![Context::IntakeForm]
        } else {
            vec![Context::IntakeList]
        }
    }

    /// An intake form has the keyboard: letters type into it.
    pub fn typing(&self) -> bool {
        self.current.is_some() || self.picking_form.is_some()
    }

    pub fn session(&self) -> Option<&IntakeSession> {
        self.current.and_then(|i| self.sessions.get(i))
    }

    fn session_mut(&mut self) -> Option<&mut IntakeSession> {
        self.current.and_then(|i| self.sessions.get_mut(i))
    }

    fn by_local(&mut self, local: u64) -> Option<&mut IntakeSession> {
        self.sessions.iter_mut().find(|s| s.local == local)
    }

    /// Starts a new intake (from anywhere): a form picker when there are
    /// several forms, else the form itself.
    pub fn start_new(&mut self, forms: &FormCatalog, operator: i64, now: i64) -> Vec<Effect> {
        if forms.forms().count() > 1 {
            self.picking_form = Some(0);
            return Vec::new();
        }
        self.open_form(forms, 0, operator, now)
    }

    fn open_form(
        &mut self,
        forms: &FormCatalog,
        index: usize,
        operator: i64,
        now: i64,
    ) -> Vec<Effect> {
        self.picking_form = None;
        let Some(form) = forms.forms().nth(index) else {
            return Vec::new();
        };
        self.next_local += 1;
        let session = IntakeSession::new(self.next_local, form, now);
        self.sessions.push(session);
        self.current = Some(self.sessions.len() - 1);
        self.message = None;
        // Stored at once, empty, so the call is on record from its start.
        self.autosave(operator)
    }

    /// Drafts found in the store at login: the operator resumes them.
    pub fn on_drafts_loaded(&mut self, forms: &FormCatalog, drafts: Result<Vec<Draft>, String>) {
        self.loaded = true;
        let drafts = match drafts {
            Ok(d) => d,
            Err(message) => {
                self.message = Some(message);
                return;
            }
        };
        // What could not be brought back, said after the resume line.
        let mut problems = Vec::new();
        for draft in drafts {
            if self.sessions.iter().any(|s| s.draft_id == Some(draft.id)) {
                continue;
            }
            let Some(form) = forms.form(&draft.form_id) else {
                problems.push(format!(
                    "A draft uses the form `{}`, which this installation no longer has.",
                    draft.form_id
                ));
                continue;
            };
            self.next_local += 1;
            let mut s = IntakeSession::new(self.next_local, form, draft.started_at);
            s.draft_id = Some(draft.id);
            let Ok(answers) = Answers::from_json(&draft.answers_json) else {
                // Never resume it empty: the first save would overwrite
                // what it holds. It stays in the database for an admin.
                problems.push(format!(
                    "Draft #{} could not be read; it is left untouched in the database.",
                    draft.id
                ));
                self.next_local -= 1;
                continue;
            };
            s.answers = answers;
            match draft_assessments::from_json(draft.assessments_json.as_deref()) {
                Ok(ran) => s.assessments = ran,
                Err(e) => {
                    // The answers are worth resuming on their own; the
                    // instrument can be run again.
                    // serde's message can quote the stored text: log
                    // where it failed, never what it read.
                    tracing::warn!(
                        draft = draft.id,
                        kind = ?e.classify(),
                        line = e.line(),
                        column = e.column(),
                        "draft assessments unreadable"
                    );
                    s.assessments_unread = true;
                    problems.push(format!(
                        "Draft #{}: the risk assessment run during that call could not be restored; run it again (Ctrl-R).",
                        draft.id
                    ));
                }
            }
            s.attach_case_id = draft.attach_case_id;
            if let Some(focus) = draft.focus_field.filter(|f| form.field(f).is_some()) {
                s.focus = focus;
            }
            s.load_input(form);
            self.sessions.push(s);
        }
        if !self.sessions.is_empty() && self.current.is_none() {
            problems.insert(
                0,
                format!(
                    "{} unfinished intake(s) from before: Enter resumes where you stopped.",
                    self.sessions.len()
                ),
            );
        }
        if !problems.is_empty() {
            self.message = Some(problems.join(" "));
        }
    }

    pub fn on_draft_saved(&mut self, local: u64, result: Result<i64, DraftFailure>) {
        let Some(s) = self.by_local(local) else {
            return;
        };
        s.saving = false;
        match result {
            Ok(id) => s.draft_id = Some(id),
            Err(DraftFailure::Gone) if s.completing => {}
            Err(DraftFailure::Gone) => {
                // Completed or discarded in another session: keep what is on
                // screen, stored again as a new draft by the next save.
                s.draft_id = None;
                s.dirty = true;
                self.message = Some(
                    "This intake was completed or discarded in another session; what you see here is kept as a new draft."
                        .into(),
                );
            }
            Err(DraftFailure::Other(message)) => {
                // Kept dirty: the next autosave tries again.
                s.dirty = true;
                self.message = Some(format!("Draft not saved yet ({message}); retrying."));
            }
        }
    }

    /// Whether any intake has changes (or is new) that the store has not
    /// got yet.
    pub fn autosave_pending(&self) -> bool {
        self.sessions
            .iter()
            .any(|s| (s.dirty || s.draft_id.is_none()) && !s.saving)
    }

    /// Saves every changed draft; called at most a second after a change.
    pub fn autosave(&mut self, operator: i64) -> Vec<Effect> {
        self.save_drafts(operator, false)
    }

    /// Saves every intake now, even one whose last save is still under way:
    /// for the moment a session ends.
    pub fn flush(&mut self, operator: i64) -> Vec<Effect> {
        self.save_drafts(operator, true)
    }

    fn save_drafts(&mut self, operator: i64, all: bool) -> Vec<Effect> {
        let mut effects = Vec::new();
        for s in &mut self.sessions {
            // An offered intake is the receiver's to write from the moment
            // it is taken: the offer itself carried the last keystrokes.
            if s.handing_over.is_some() {
                continue;
            }
            let unsaved = s.dirty || s.draft_id.is_none();
            if !all && (!unsaved || s.saving) {
                continue;
            }
            let Ok(answers_json) = s.answers.to_json() else {
                continue;
            };
            // Unreadable instruments stay stored as they are until one is
            // run again in this intake.
            let assessments_json = if s.assessments_unread && s.assessments.is_empty() {
                None
            } else {
                match draft_assessments::to_json(&s.assessments) {
                    Ok(json) => Some(json),
                    Err(_) => continue,
                }
            };
            s.dirty = false;
            s.saving = true;
            effects.push(Effect::SaveDraft {
                local: s.local,
                draft_id: s.draft_id,
                form_id: s.form_id.clone(),
                started_at: s.started_at,
                operator,
                answers_json,
                focus: Some(s.focus.clone()),
                attach_case_id: s.attach_case_id,
                assessments_json,
            });
        }
        effects
    }

    pub fn on_returning(
        &mut self,
        local: u64,
        generation: u64,
        matches: Vec<PriorMatch>,
        profile: Option<CallerProfile>,
    ) {
        if let Some(s) = self.by_local(local) {
            if generation != s.returning_generation {
                // An older lookup answering late: a newer one is on its way.
                return;
            }
            if s.attach_case_id
                .is_some_and(|id| !matches.iter().any(|m| m.case_id == Some(id)))
            {
                s.attach_case_id = None;
            }
            s.matches = matches;
            s.profile = profile;
        }
    }

    /// The store's answer to completing intake `local`. Returns the case
    /// and the text typed while the record was being written, if any: the
    /// caller keeps it as a note on that case.
    pub fn on_completed(
        &mut self,
        local: u64,
        result: Result<IntakeSaved, String>,
        forms: &FormCatalog,
    ) -> Option<(i64, String)> {
        let index = self.sessions.iter().position(|s| s.local == local)?;
        let mut kept = None;
        match result {
            Ok(saved) => {
                let session = self.sessions.remove(index);
                let attached = session.attach_case_id.is_some();
                let later = typed_while_recording(&session, forms);
                let case_id = saved.case.as_ref().map(|(id, _)| *id);
                // The operator may already be typing the next call: only
                // leave the form if it was this intake's.
                self.current = match self.current {
                    Some(c) if c == index => None,
                    Some(c) if c > index => Some(c - 1),
                    other => other,
                };
                self.list_selected = 0;
                self.message = Some(match saved.case {
                    Some((_, number)) => {
                        let risk = saved
                            .case_level
                            .map(|level| format!(" (risk {level})"))
                            .unwrap_or_default();
                        if attached {
                            format!("✓ Added to case {number}{risk}.")
                        } else {
                            format!("✓ Saved: new case {number}{risk}.")
                        }
                    }
                    None => format!("✓ Contact #{} recorded (no case needed).", saved.contact_id),
                });
                if let Some(text) = later {
                    match case_id {
                        Some(case_id) => kept = Some((case_id, text)),
                        // No case to hold it: it stays on screen.
                        None => {
                            if let Some(message) = &mut self.message {
                                message.push_str(&format!(
                                    " Typed after Ctrl-S, not part of the record: {text}"
                                ));
                            }
                        }
                    }
                }
            }
            Err(message) => {
                self.sessions[index].completing = false;
                self.sessions[index].sent = None;
                self.message = Some(format!("Not saved: {message}. Everything typed is kept."));
            }
        }
        kept
    }

    /// The instrument that fits the intake on screen (Ctrl-R opens it), with
    /// the intake's local id and the child's name for the Risk pane.
    pub fn fitting_instrument(&self, forms: &FormCatalog) -> Option<(u64, String, String)> {
        let session = self.session()?;
        let form = forms.form(&session.form_id)?;
        let instrument = crate::domain::forms::fitting_instrument(form, &session.answers)?;
        let child = watched_fields(session)
            .1
            .unwrap_or_else(|| "(no name)".into());
        Some((session.local, instrument, child))
    }

    /// An instrument completed during intake `local` joins it (replacing an
    /// earlier result of the same instrument), and the intake comes back on
    /// screen. False when that intake is gone. The intake is marked for its
    /// draft to be saved: the caller saves at once, as a completed screen
    /// is worth more than a second's typing.
    pub fn add_assessment(&mut self, local: u64, result: AssessmentToSave) -> bool {
        let Some(index) = self.sessions.iter().position(|s| s.local == local) else {
            return false;
        };
        let session = &mut self.sessions[index];
        let line = format!(
            "✓ {} done: it joins this contact when you complete the intake (Ctrl-S).",
            // The timeline line begins with the instrument's short name.
            result.summary.split(':').next().unwrap_or("The instrument")
        );
        session
            .assessments
            .retain(|a| a.instrument_id != result.instrument_id);
        session.assessments.push(result);
        session.assessments_unread = false;
        session.dirty = true;
        self.current = Some(index);
        self.message = Some(line);
        true
    }

    /// Handles a bound action. `key` is the key that produced it, for
    /// editors that give keys such as Enter a meaning of their own.
    #[allow(clippy::too_many_arguments)]
    pub fn on_action(
        &mut self,
        action: Action,
        key: &KeyEvent,
        forms: &FormCatalog,
        operator: i64,
        now: i64,
        country: Option<&str>,
        title_of: &dyn Fn(&str) -> String,
    ) -> Vec<Effect> {
        if let Some(pick) = self.picking_form {
            let count = forms.forms().count();
            match action {
                Action::Down => self.picking_form = Some((pick + 1).min(count.saturating_sub(1))),
                Action::Up => self.picking_form = Some(pick.saturating_sub(1)),
                Action::Select | Action::Open => return self.open_form(forms, pick, operator, now),
                Action::Back | Action::Cancel => self.picking_form = None,
                _ => {}
            }
            return Vec::new();
        }
        if self.current.is_none() {
            return self.on_list_action(action, forms, operator, now);
        }
        let Some(session) = self.session_mut() else {
            return Vec::new();
        };
        let Some(form) = forms.form(&session.form_id) else {
            return Vec::new();
        };
        let before = watched_fields(session);
        if action != Action::Toggle {
            // A bound key ends a yes/no word (space may be part of one).
            session.finish_answer_word(form);
        }
        let in_area = matches!(session.input, FieldInput::Area(_));
        let in_choice = matches!(session.input, FieldInput::Choice { .. });
        match action {
            Action::NextField => session.move_focus(form, 1),
            Action::PrevField => session.move_focus(form, -1),
            Action::Down | Action::Up | Action::Select if in_area => session.on_key(form, key),
            Action::Down if in_choice => session.move_highlight(form, 1),
            Action::Up if in_choice => session.move_highlight(form, -1),
            Action::Down => session.move_focus(form, 1),
            Action::Up => session.move_focus(form, -1),
            // A single choice is done once chosen: move on, as on paper.
            Action::Select if in_choice && session.choose(form) => session.move_focus(form, 1),
            Action::Select if in_choice => {}
            Action::Select => session.move_focus(form, 1),
            Action::Toggle if in_choice => {
                session.choose(form);
            }
            Action::Toggle => session.on_key(form, key),
            Action::Attach => {
                let cases: Vec<i64> = session.matches.iter().filter_map(|m| m.case_id).collect();
                session.attach_case_id = match session.attach_case_id {
                    None => cases.first().copied(),
                    Some(id) => cases
                        .iter()
                        .position(|c| *c == id)
                        .and_then(|i| cases.get(i + 1))
                        .copied(),
                };
                session.dirty = true;
            }
            Action::Complete => return self.complete(forms, operator, now, country, title_of),
            // Esc first gives up a typed filter; a second Esc holds the intake.
            Action::Back if session.clear_filter() => {}
            Action::Back => {
                // The intake stays as a draft, on hold.
                self.current = None;
                self.message = Some("Intake on hold: it stays saved as a draft.".into());
                return Vec::new();
            }
            _ => {}
        }
        self.after_edit(before, forms, country)
    }

    fn on_list_action(
        &mut self,
        action: Action,
        forms: &FormCatalog,
        operator: i64,
        now: i64,
    ) -> Vec<Effect> {
        let last = self.sessions.len().saturating_sub(1);
        // The cursor runs on into the drafts left behind (supervisors).
        let last_row = (self.sessions.len() + self.stale.len()).saturating_sub(1);
        let on_session = self.list_selected < self.sessions.len();
        match action {
            Action::Down => self.list_selected = (self.list_selected + 1).min(last_row),
            Action::Up => self.list_selected = self.list_selected.saturating_sub(1),
            Action::Open | Action::Select if on_session => {
                self.current = Some(self.list_selected.min(last));
                self.message = None;
            }
            Action::NewIntake => return self.start_new(forms, operator, now),
            Action::Discard if on_session => {
                let Some(s) = self.sessions.get(self.list_selected) else {
                    return Vec::new();
                };
                if self.confirm_discard != Some(s.local) {
                    self.confirm_discard = Some(s.local);
                    self.message = Some("Press x again to throw this intake away for good.".into());
                    return Vec::new();
                }
                let s = self.sessions.remove(self.list_selected);
                self.confirm_discard = None;
                self.list_selected = self
                    .list_selected
                    .min(self.sessions.len().saturating_sub(1));
                self.message = Some("Intake discarded.".into());
                if let Some(draft_id) = s.draft_id {
                    return vec![Effect::DiscardDraft { draft_id, operator }];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// Keys that are not bound actions type into the focused field.
    pub fn on_key(
        &mut self,
        key: &KeyEvent,
        forms: &FormCatalog,
        country: Option<&str>,
    ) -> Vec<Effect> {
        let Some(session) = self.session_mut() else {
            return Vec::new();
        };
        let Some(form) = forms.form(&session.form_id) else {
            return Vec::new();
        };
        let before = watched_fields(session);
        session.on_key(form, key);
        self.after_edit(before, forms, country)
    }

    pub fn on_paste(
        &mut self,
        text: &str,
        forms: &FormCatalog,
        country: Option<&str>,
    ) -> Vec<Effect> {
        let Some(session) = self.session_mut() else {
            return Vec::new();
        };
        let Some(form) = forms.form(&session.form_id) else {
            return Vec::new();
        };
        let before = watched_fields(session);
        session.on_paste(form, text);
        self.after_edit(before, forms, country)
    }

    /// The 'now' key: the focused date-time field takes the local time.
    pub fn fill_now(
        &mut self,
        forms: &FormCatalog,
        local_now: chrono::NaiveDateTime,
        country: Option<&str>,
    ) -> Vec<Effect> {
        let Some(session) = self.session_mut() else {
            return Vec::new();
        };
        let Some(form) = forms.form(&session.form_id) else {
            return Vec::new();
        };
        let before = watched_fields(session);
        session.finish_answer_word(form);
        if !session.fill_now(form, local_now) {
            self.message = Some("The 'now' key fills a date and time field.".into());
            return Vec::new();
        }
        self.after_edit(before, forms, country)
    }

    /// Looks for a returning caller when the phone, name or age changed.
    fn after_edit(
        &mut self,
        before: Watched,
        _forms: &FormCatalog,
        country: Option<&str>,
    ) -> Vec<Effect> {
        let Some(session) = self.session_mut() else {
            return Vec::new();
        };
        let left = session.errors.len();
        let effects = if watched_fields(session) == before {
            Vec::new()
        } else {
            lookup_returning(session, country).into_iter().collect()
        };
        // The count shown at Ctrl-S follows the fields as they are fixed.
        if self.message.as_deref().is_some_and(is_attention) {
            self.message = Some(attention(left));
        }
        effects
    }

    /// Looks up returning callers for every intake on hold or on screen:
    /// after drafts are resumed, their match panels come back.
    pub fn lookup_all_returning(&mut self, country: Option<&str>) -> Vec<Effect> {
        self.sessions
            .iter_mut()
            .filter_map(|s| lookup_returning(s, country))
            .collect()
    }

    fn complete(
        &mut self,
        forms: &FormCatalog,
        operator: i64,
        now: i64,
        country: Option<&str>,
        title_of: &dyn Fn(&str) -> String,
    ) -> Vec<Effect> {
        let Some(session) = self.session_mut() else {
            return Vec::new();
        };
        let Some(form) = forms.form(&session.form_id) else {
            return Vec::new();
        };
        if session.completing {
            return Vec::new();
        }
        if session.saving {
            // Completing while the draft row is being written could leave
            // that row behind; the save takes milliseconds.
            self.message = Some("One moment: the draft is being saved. Press Ctrl-S again.".into());
            return Vec::new();
        }
        let errors = validate(form, &session.answers);
        if let Some(first) = errors.first() {
            let field = first.field_id.clone();
            let count = errors.len();
            session.errors = errors;
            session.focus_on(form, &field);
            self.message = Some(attention(count));
            return Vec::new();
        }
        // A caller who matches an open case: ask before opening another.
        let needs_case = match session.answers.get("contact_type") {
            crate::domain::forms::FieldValue::Choice(t) => {
                forms.taxonomy().needs_case(t).unwrap_or(false)
            }
            _ => false,
        };
        let open_match = session
            .matches
            .iter()
            .find(|m| m.case_id.is_some() && m.case_status.as_deref() != Some("closed"));
        if needs_case
            && session.attach_case_id.is_none()
            && !session.confirmed_new_case
            && let Some(m) = open_match
        {
            session.confirmed_new_case = true;
            self.message = Some(format!(
                "This caller matches open case {}: Ctrl-T adds the contact to it; Ctrl-S again opens a new case.",
                m.case_number.as_deref().unwrap_or("?")
            ));
            return Vec::new();
        }
        let record = match record::build(
            form,
            forms.taxonomy(),
            &session.answers,
            &session.assessments,
            title_of,
            session.started_at,
            now,
            session.attach_case_id,
            country,
        ) {
            Ok(r) => r,
            Err(e) => {
                self.message = Some(format!("The answers could not be prepared: {e}"));
                return Vec::new();
            }
        };
        session.completing = true;
        session.sent = Some(session.answers.clone());
        vec![Effect::CompleteIntake {
            local: session.local,
            draft_id: session.draft_id,
            operator,
            record: Box::new(record),
        }]
    }
}

/// What was typed into `session` after Ctrl-S sent its answers, field by
/// field ("Narrative: … "), or None when nothing changed.
fn typed_while_recording(session: &IntakeSession, forms: &FormCatalog) -> Option<String> {
    let sent = session.sent.as_ref()?;
    let form = forms.form(&session.form_id)?;
    let lines: Vec<String> = form
        .fields()
        .filter(|f| session.answers.get(&f.id) != sent.get(&f.id))
        .map(|f| {
            let now = session.answers.get(&f.id);
            let words = crate::domain::forms::answer_words(&f.kind, now);
            format!(
                "{}: {}",
                f.label,
                if words.is_empty() {
                    "(cleared)".into()
                } else {
                    words
                }
            )
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// A new returning-caller lookup for `session`, or None (and no matches)
/// when it has neither a phone nor a name with an age.
fn lookup_returning(session: &mut IntakeSession, country: Option<&str>) -> Option<Effect> {
    let (_, name, age) = watched_fields(session);
    let phone_norm = caller_phone_norm(&session.answers, country);
    session.returning_generation += 1;
    if phone_norm.is_none() {
        session.profile = None;
    }
    if phone_norm.is_none() && (name.is_none() || age.is_none()) {
        session.matches.clear();
        return None;
    }
    Some(Effect::FindReturning {
        local: session.local,
        generation: session.returning_generation,
        phone_norm,
        child_name: name,
        child_age: age,
    })
}

/// The phone, child name and age: what returning-caller matching reads.
type Watched = (Option<String>, Option<String>, Option<i64>);

fn watched_fields(s: &IntakeSession) -> Watched {
    use crate::domain::forms::FieldValue;
    let text = |id: &str| match s.answers.get(id) {
        FieldValue::Text(t) => Some(t.clone()),
        _ => None,
    };
    let phone = text("contact_from")
        .or_else(|| text("caller_phone"))
        .or_else(|| text("child_phone"))
        .or_else(|| text("survivor_phone"));
    let name = text("child_name").or_else(|| text("survivor_name"));
    let age = match (s.answers.get("child_age"), s.answers.get("survivor_age")) {
        (FieldValue::Number(n), _) | (_, FieldValue::Number(n)) => Some(*n),
        _ => None,
    };
    (phone, name, age)
}

const ATTENTION: &str = "need attention before saving.";
const ATTENTION_DONE: &str = "All the marked fields are answered: Ctrl-S saves.";

/// The message that counts the fields still to fix after Ctrl-S.
fn attention(count: usize) -> String {
    if count == 0 {
        ATTENTION_DONE.into()
    } else {
        format!("{count} field(s) {ATTENTION}")
    }
}

fn is_attention(message: &str) -> bool {
    message.ends_with(ATTENTION) || message == ATTENTION_DONE
}
