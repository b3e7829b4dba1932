//! Referring an open case to a service: pick the service by typing part of
//! its name, place or type, record consent (or, for a high or critical
//! case, why the referral goes ahead without it), set the urgency and a
//! note, and save. The domain's consent rule decides; the store checks it
//! again against the case as it is when the referral is written.

use super::action::Action;
use super::dialog_drafts::{Snapshot, to_json};
use super::text_input::TextInput;
use super::update::Effect;
use crate::domain::referral::check_consent;
use crate::domain::{RiskLevel, Urgency};
use crate::store::Page;
use crate::store::dialog_drafts::{DialogKey, DialogKind};
use crate::store::services::ServiceRow;
use ratatui::crossterm::event::KeyEvent;

/// A referral being written, as its draft keeps it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct ReferDraft {
    target: ReferTarget,
    search: String,
    service_id: Option<i64>,
    consent: Option<bool>,
    override_reason: String,
    urgency: i64,
    note: String,
    focus: ReferField,
}

/// Services listed under the search field.
pub const RESULTS: u32 = 6;

/// Store work the dialog asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferEffect {
    /// Active services matching `text`.
    Search {
        generation: u64,
        text: String,
        page: Page,
    },
    Create(Box<ReferralToCreate>),
}

/// A referral on its way to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralToCreate {
    pub case_id: i64,
    pub service_id: i64,
    pub urgency: Urgency,
    pub consent_given: bool,
    pub override_reason: Option<String>,
    pub note: Option<String>,
    pub actor: i64,
}

/// The store's answers to [`ReferEffect`].
#[derive(Debug, Clone)]
pub enum ReferMsg {
    Found {
        generation: u64,
        rows: Result<Vec<ServiceRow>, String>,
    },
    /// The referral made, or why not.
    Created(Result<Created, String>),
}

/// A referral just made, for the confirmation line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub case_id: i64,
    /// The service and its organisation, in words.
    pub service: String,
    /// When the referral is due, UTC seconds.
    pub due_at: i64,
}

/// The dialog's fields, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReferField {
    Service,
    Consent,
    /// Asked only when there is no consent and the case is high or critical.
    Override,
    Urgency,
    Note,
}

/// The case being referred.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReferTarget {
    pub case_id: i64,
    pub number: String,
    pub child: String,
    pub risk: RiskLevel,
}

/// The referral dialog over an open case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferDialog {
    pub target: ReferTarget,
    pub search: TextInput,
    pub results: Vec<ServiceRow>,
    /// The highlighted result.
    pub picked: usize,
    pub generation: u64,
    /// `None` until the operator says whether consent was given.
    pub consent: Option<bool>,
    pub override_reason: TextInput,
    pub urgency: Urgency,
    pub note: TextInput,
    pub focus: ReferField,
    /// Why the referral cannot be saved yet, or the store's refusal.
    pub message: Option<String>,
    pub saving: bool,
    /// Esc was pressed once with text typed: a second Esc throws it away.
    pub confirm_cancel: bool,
    /// A draft being put back: the service it had picked, highlighted
    /// again when the search answers.
    pub want_service: Option<i64>,
    /// The note a save under way took.
    pub sent_note: Option<String>,
}

impl ReferDialog {
    /// Opens the dialog for `target`. No service is listed (so none is
    /// picked) until the operator types part of one's name, place or type.
    pub fn open(target: ReferTarget) -> ReferDialog {
        ReferDialog {
            urgency: Urgency::for_risk(target.risk),
            target,
            search: TextInput::default(),
            results: Vec::new(),
            picked: 0,
            generation: 0,
            consent: None,
            override_reason: TextInput::default(),
            note: TextInput::default(),
            focus: ReferField::Service,
            message: None,
            saving: false,
            confirm_cancel: false,
            want_service: None,
            sent_note: None,
        }
    }

    /// The dialog's state for its draft, once something was typed or
    /// chosen.
    pub fn draft(&self) -> Option<Snapshot> {
        let touched =
            self.unsaved() || !self.search.value().trim().is_empty() || self.consent.is_some();
        if !touched {
            return None;
        }
        let draft = ReferDraft {
            target: self.target.clone(),
            search: self.search.value().to_string(),
            service_id: self
                .results
                .get(self.picked)
                .map(|r| r.id)
                .or(self.want_service),
            consent: self.consent,
            override_reason: self.override_reason.value().to_string(),
            urgency: self.urgency.rank(),
            note: self.note.value().to_string(),
            focus: self.focus,
        };
        Some(Snapshot {
            key: DialogKey {
                kind: DialogKind::Referral,
                target_id: self.target.case_id,
            },
            state: to_json(DialogKind::Referral, &draft)?,
            urgent: false,
        })
    }

    /// The dialog as its draft kept it, and the search that lists its
    /// service again; None when the draft cannot be read.
    pub fn resume(state: &str) -> Option<(ReferDialog, Vec<Effect>)> {
        let draft: ReferDraft = serde_json::from_str(state).ok()?;
        let mut dialog = ReferDialog::open(draft.target);
        dialog.search.insert(&draft.search);
        dialog.consent = draft.consent;
        dialog.override_reason.insert(&draft.override_reason);
        dialog.urgency = Urgency::from_rank(draft.urgency);
        dialog.note.insert(&draft.note);
        dialog.focus = draft.focus;
        let effects = dialog.search_again();
        dialog.want_service = draft.service_id;
        Some((dialog, effects))
    }

    /// Esc: whether the dialog may close now. With text typed the first
    /// Esc only warns, so a stray key never throws a note away.
    pub fn wants_close(&mut self) -> bool {
        if self.unsaved() && !self.confirm_cancel {
            self.confirm_cancel = true;
            self.message = Some("⚠ Press Esc again to throw this referral away.".into());
            return false;
        }
        true
    }

    fn search_again(&mut self) -> Vec<Effect> {
        self.generation += 1;
        self.picked = 0;
        if self.search.value().trim().is_empty() {
            self.results.clear();
            return Vec::new();
        }
        vec![Effect::Refer(ReferEffect::Search {
            generation: self.generation,
            text: self.search.value().trim().to_string(),
            page: Page::first(RESULTS),
        })]
    }

    /// The urgency the case's risk suggests.
    pub fn suggested_urgency(&self) -> Urgency {
        Urgency::for_risk(self.target.risk)
    }

    /// Whether the override reason is asked: no consent on a case whose
    /// risk allows an override.
    pub fn asks_override(&self) -> bool {
        self.consent == Some(false) && self.target.risk.is_urgent()
    }

    /// The consent rule's verdict on what is recorded so far, in words;
    /// `None` when the referral may go ahead (or consent is not yet set).
    pub fn consent_problem(&self) -> Option<String> {
        let given = self.consent?;
        let reason = self.override_reason.value();
        check_consent(self.target.risk, given, Some(reason))
            .err()
            .map(|e| super::referrals::sentence(&e.to_string()))
    }

    /// Whether anything was typed or chosen that would be lost.
    pub fn unsaved(&self) -> bool {
        !self.note.value().trim().is_empty() || !self.override_reason.value().trim().is_empty()
    }

    fn fields(&self) -> Vec<ReferField> {
        let mut list = vec![ReferField::Service, ReferField::Consent];
        if self.asks_override() {
            list.push(ReferField::Override);
        }
        list.extend([ReferField::Urgency, ReferField::Note]);
        list
    }

    fn step(&mut self, forward: bool) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = fields.len();
        self.focus = fields[if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        }];
    }

    fn input(&mut self) -> Option<&mut TextInput> {
        match self.focus {
            ReferField::Service => Some(&mut self.search),
            ReferField::Override => Some(&mut self.override_reason),
            ReferField::Note => Some(&mut self.note),
            ReferField::Consent | ReferField::Urgency => None,
        }
    }

    fn choose(&mut self, forward: bool) {
        match self.focus {
            ReferField::Consent => {
                self.consent = Some(match self.consent {
                    None => forward,
                    Some(given) => !given,
                });
            }
            ReferField::Urgency => {
                let all = Urgency::ALL;
                let at = all.iter().position(|u| *u == self.urgency).unwrap_or(0);
                let n = all.len();
                self.urgency = all[if forward {
                    (at + 1) % n
                } else {
                    (at + n - 1) % n
                }];
            }
            _ => {}
        }
    }

    /// Handles an action; `actor` is who refers.
    pub fn on_action(&mut self, action: Action, key: &KeyEvent, actor: i64) -> Vec<Effect> {
        self.confirm_cancel = false;
        match action {
            Action::NextField => self.step(true),
            Action::PrevField => self.step(false),
            Action::Down if self.focus == ReferField::Service => {
                self.picked = (self.picked + 1).min(self.results.len().saturating_sub(1));
            }
            Action::Up if self.focus == ReferField::Service => {
                self.picked = self.picked.saturating_sub(1);
            }
            Action::Down => self.step(true),
            Action::Up => self.step(false),
            Action::NextChoice | Action::PrevChoice => match self.input() {
                Some(input) => {
                    input.handle_key(key);
                }
                None => {
                    self.choose(action == Action::NextChoice);
                    self.message = None;
                }
            },
            Action::Save => return self.save(actor),
            _ => {}
        }
        Vec::new()
    }

    fn save(&mut self, actor: i64) -> Vec<Effect> {
        if self.saving {
            return Vec::new();
        }
        let problem = match (self.results.get(self.picked), self.consent) {
            (None, _) => Some("Choose a service: type part of its name, place or type.".into()),
            (_, None) => Some("Record whether consent was given (← →).".into()),
            _ => self.consent_problem(),
        };
        if let Some(problem) = problem {
            self.message = Some(format!("✗ {problem}"));
            return Vec::new();
        }
        let (Some(service), Some(consent_given)) = (self.results.get(self.picked), self.consent)
        else {
            return Vec::new();
        };
        let text = |input: &TextInput| {
            let t = input.value().trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        self.saving = true;
        self.message = None;
        self.sent_note = Some(self.note.value().to_string());
        vec![Effect::Refer(ReferEffect::Create(Box::new(
            ReferralToCreate {
                case_id: self.target.case_id,
                service_id: service.id,
                urgency: self.urgency,
                consent_given,
                override_reason: if consent_given {
                    None
                } else {
                    text(&self.override_reason)
                },
                note: text(&self.note),
                actor,
            },
        )))]
    }

    /// A key that is not an action types into the focused text field; a
    /// change to the search asks for services again.
    pub fn on_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        self.confirm_cancel = false;
        let searching = self.focus == ReferField::Service;
        let before = self.search.value().to_string();
        if let Some(input) = self.input()
            && input.handle_key(key)
        {
            // What was refused may be fixed now; the rule speaks again live.
            self.message = None;
        }
        if searching && self.search.value() != before {
            return self.search_again();
        }
        Vec::new()
    }

    /// Pasted text goes into the focused text field.
    pub fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        if let Some(input) = self.input() {
            input.insert(text);
        }
        if self.focus == ReferField::Service {
            return self.search_again();
        }
        Vec::new()
    }

    /// Services found for the search, unless a newer search superseded it.
    pub fn on_found(&mut self, generation: u64, rows: Result<Vec<ServiceRow>, String>) {
        if generation != self.generation {
            return;
        }
        match rows {
            Ok(rows) => {
                self.results = rows;
                if let Some(id) = self.want_service.take() {
                    self.picked = self.results.iter().position(|r| r.id == id).unwrap_or(0);
                }
                self.picked = self.picked.min(self.results.len().saturating_sub(1));
            }
            Err(message) => self.message = Some(format!("✗ {message}")),
        }
    }

    /// The note typed while the referral was being saved, if any.
    pub fn typed_while_saving(&self) -> Option<String> {
        let sent = self.sent_note.as_deref()?;
        super::dialog_drafts::typed_while_saving(sent, self.note.value())
    }

    /// The store refused the referral; everything typed stays.
    pub fn on_refused(&mut self, message: &str) {
        self.saving = false;
        self.message = Some(format!(
            "✗ Not referred: {}",
            super::referrals::sentence(message)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn dialog(risk: RiskLevel) -> ReferDialog {
        ReferDialog::open(ReferTarget {
            case_id: 1,
            number: "HL-1".into(),
            child: "Wanjikũ".into(),
            risk,
        })
    }

    #[test]
    fn urgency_follows_the_risk_and_the_override_is_asked_only_when_it_can_count() {
        let none = KeyEvent::new(KeyCode::Right, KeyModifiers::NONE);
        let mut low = dialog(RiskLevel::Low);
        assert_eq!(low.urgency, Urgency::Routine);
        low.focus = ReferField::Consent;
        low.on_action(Action::PrevChoice, &none, 1);
        assert_eq!(low.consent, Some(false));
        assert!(!low.asks_override());
        assert!(
            low.consent_problem()
                .unwrap()
                .starts_with("Consent is needed")
        );

        let mut high = dialog(RiskLevel::High);
        assert_eq!(high.urgency, Urgency::Urgent);
        high.focus = ReferField::Consent;
        high.on_action(Action::PrevChoice, &none, 1);
        assert!(high.asks_override());
        high.on_action(Action::NextField, &none, 1);
        assert_eq!(high.focus, ReferField::Override);
        assert!(
            high.consent_problem().is_some(),
            "the reason is still empty"
        );
        high.override_reason.insert("Child in immediate danger");
        assert_eq!(high.consent_problem(), None);
    }
}
