//! Dialogs on an open case: moving it to another step (closing asks for a
//! reason and an outcome note) and assigning it to a case worker.

use super::action::Action;
use super::closures::ClosuresEffect;
use super::dialog_drafts::AreaText;
use super::text_input::TextInput;
use super::update::Effect;
use crate::domain::CaseStatus;
use crate::domain::workflow::{ClosureReason, Workflow};
use crate::store::assignment::WorkerLoad;
use crate::store::case_workflow::CaseMove;
use crate::store::dialog_drafts::DialogKind;
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{TextArea, WrapMode};
use serde::{Deserialize, Serialize};

/// Which part of the closing form has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CloseFocus {
    Reason,
    Other,
    Note,
}

#[derive(Debug, Clone)]
pub enum CaseDialog {
    /// Choosing the step to move to, among those the workflow allows.
    Step {
        options: Vec<CaseStatus>,
        selected: usize,
        /// The plan has no goal yet: the case-plan step is refused here,
        /// before the store would refuse it.
        needs_goal: bool,
        /// Why the highlighted move cannot be made now.
        warning: Option<String>,
    },
    /// Closing: a reason from the reference and an outcome note.
    Close {
        reason: usize,
        other: TextInput,
        note: Box<TextArea<'static>>,
        focus: CloseFocus,
        /// A save is under way: a second Ctrl-S waits for it.
        saving: bool,
        /// Esc was pressed once with text written: a second Esc discards.
        confirm_cancel: bool,
        /// The outcome note a save under way took.
        sent: Option<String>,
    },
    /// Choosing a case worker, least loaded first.
    Assign {
        workers: Vec<WorkerLoad>,
        selected: usize,
    },
    /// A supervisor confirming the closure waiting on the case.
    Approve {
        /// A save is under way: a second key waits for it.
        saving: bool,
    },
    /// A written reason: sending a closure back, or reopening the case.
    Reason {
        purpose: ReasonFor,
        text: Box<TextArea<'static>>,
        saving: bool,
        confirm_cancel: bool,
    },
}

/// What a written reason is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonFor {
    /// A supervisor sends the closure waiting on the case back.
    SendBack,
    /// A closed case is reopened.
    Reopen,
    /// A person asked for their data on this closed case to be anonymised.
    Erasure,
    /// Assigning takes the worker above the caseload cap.
    AboveCap {
        worker_id: i64,
        over: crate::domain::workload::OverCap,
    },
}

impl ReasonFor {
    /// The draft kind that keeps the reason as it is typed.
    pub fn kind(self) -> DialogKind {
        match self {
            ReasonFor::SendBack => DialogKind::SendBack,
            ReasonFor::Reopen => DialogKind::Reopen,
            ReasonFor::Erasure => DialogKind::Erasure,
            // Not kept as a draft (see `draft`): the choice is made again.
            ReasonFor::AboveCap { .. } => DialogKind::Assignment,
        }
    }
}

/// A written reason as its draft keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonDraft {
    pub text: AreaText,
}

/// A closing form as a draft keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureDraft {
    pub reason: usize,
    pub other: String,
    pub note: AreaText,
    pub focus: CloseFocus,
}

/// An assignment being chosen, as a draft keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentDraft {
    /// The worker highlighted.
    pub worker_id: Option<i64>,
}

/// The closure reasons offered, in the workflow file's order.
pub fn closure_reasons(workflow: &Workflow) -> Vec<ClosureReason> {
    workflow.closure_reasons()
}

impl CaseDialog {
    /// Choosing the next step; `goals` is how many goals the case's plan
    /// has (None: not known yet, the store checks).
    pub fn step(workflow: &Workflow, from: CaseStatus, goals: Option<usize>) -> CaseDialog {
        CaseDialog::Step {
            options: workflow.allowed(from).to_vec(),
            selected: 0,
            needs_goal: goals == Some(0),
            warning: None,
        }
    }

    /// A written reason for `purpose`, empty or as its draft kept it.
    pub fn reason(purpose: ReasonFor, draft: Option<&AreaText>) -> CaseDialog {
        let mut text = draft.map_or_else(TextArea::default, AreaText::to_area);
        text.set_wrap_mode(WrapMode::WordOrGlyph);
        CaseDialog::Reason {
            purpose,
            text: Box::new(text),
            saving: false,
            confirm_cancel: false,
        }
    }

    /// The closing form with "needs met" chosen, as a proposal opens it.
    pub fn close_needs_met(workflow: &Workflow) -> CaseDialog {
        let mut dialog = CaseDialog::close();
        if let CaseDialog::Close { reason, .. } = &mut dialog {
            *reason = closure_reasons(workflow)
                .iter()
                .position(|r| *r == ClosureReason::NeedsMet)
                .unwrap_or(0);
        }
        dialog
    }

    fn close() -> CaseDialog {
        let mut note = TextArea::default();
        note.set_wrap_mode(WrapMode::WordOrGlyph);
        CaseDialog::Close {
            reason: 0,
            other: TextInput::default(),
            note: Box::new(note),
            focus: CloseFocus::Reason,
            saving: false,
            confirm_cancel: false,
            sent: None,
        }
    }

    /// The dialog's state for its draft: closing once a reason is moved
    /// or text written, an assignment while it is open.
    pub fn draft(&self) -> Option<(DialogKind, serde_json::Value)> {
        match self {
            CaseDialog::Close {
                reason,
                other,
                note,
                focus,
                ..
            } if *reason != 0 || self.has_text() => {
                let draft = ClosureDraft {
                    reason: *reason,
                    other: other.value().to_string(),
                    note: AreaText::of(note),
                    focus: *focus,
                };
                Some((DialogKind::Closure, serde_json::to_value(draft).ok()?))
            }
            CaseDialog::Reason {
                purpose: ReasonFor::AboveCap { .. },
                ..
            } => None,
            CaseDialog::Reason { purpose, text, .. } if self.has_text() => {
                let draft = ReasonDraft {
                    text: AreaText::of(text),
                };
                Some((purpose.kind(), serde_json::to_value(draft).ok()?))
            }
            CaseDialog::Assign { workers, selected } => {
                let draft = AssignmentDraft {
                    worker_id: workers.get(*selected).map(|w| w.user_id),
                };
                Some((DialogKind::Assignment, serde_json::to_value(draft).ok()?))
            }
            _ => None,
        }
    }

    /// The closing form as its draft kept it.
    pub fn resume_closure(draft: ClosureDraft, workflow: &Workflow) -> CaseDialog {
        let mut other = TextInput::default();
        other.insert(&draft.other);
        CaseDialog::Close {
            reason: draft.reason.min(closure_reasons(workflow).len() - 1),
            other,
            note: Box::new(draft.note.to_area()),
            focus: draft.focus,
            saving: false,
            confirm_cancel: false,
            sent: None,
        }
    }

    /// The outcome note typed while the closing was being saved, if any.
    pub fn typed_while_saving(&self) -> Option<String> {
        match self {
            CaseDialog::Close {
                note,
                sent: Some(sent),
                ..
            } => super::dialog_drafts::typed_while_saving(sent, &note.lines().join("\n")),
            _ => None,
        }
    }

    /// Whether the dialog has a text field with the keyboard.
    pub fn typing(&self) -> bool {
        matches!(self, CaseDialog::Close { focus, .. } if *focus != CloseFocus::Reason)
            || matches!(self, CaseDialog::Reason { .. })
    }

    /// Whether leaving would lose typed text.
    pub fn has_text(&self) -> bool {
        match self {
            CaseDialog::Close { other, note, .. } => {
                !other.value().trim().is_empty()
                    || note.lines().iter().any(|l| !l.trim().is_empty())
            }
            CaseDialog::Reason { text, .. } => text.lines().iter().any(|l| !l.trim().is_empty()),
            _ => false,
        }
    }

    /// Handles an action. Returns the effect to run, and whether the
    /// dialog is finished (None: keep it open).
    pub fn on_action(
        &mut self,
        action: Action,
        key: &KeyEvent,
        workflow: &Workflow,
        target: (i64, i64),
        actor: i64,
    ) -> (Vec<Effect>, Option<Option<CaseDialog>>) {
        let (case_id, version) = target;
        match self {
            CaseDialog::Step {
                options,
                selected,
                needs_goal,
                warning,
            } => match action {
                Action::Down => {
                    *warning = None;
                    *selected = (*selected + 1).min(options.len().saturating_sub(1))
                }
                Action::Up => {
                    *warning = None;
                    *selected = selected.saturating_sub(1)
                }
                Action::Select | Action::Open => match options.get(*selected) {
                    Some(CaseStatus::CasePlan) if *needs_goal => {
                        *warning = Some("Add a goal first (Esc, p: the plan).".into());
                    }
                    Some(CaseStatus::Closed) => {
                        return (Vec::new(), Some(Some(CaseDialog::close())));
                    }
                    Some(to) => {
                        let effect = Effect::ChangeStep {
                            case_id,
                            version,
                            step: Box::new(CaseMove::to(*to)),
                            actor,
                        };
                        return (vec![effect], Some(None));
                    }
                    None => {}
                },
                Action::Cancel | Action::Back => return (Vec::new(), Some(None)),
                _ => {}
            },
            CaseDialog::Assign { workers, selected } => match action {
                Action::Down => *selected = (*selected + 1).min(workers.len().saturating_sub(1)),
                Action::Up => *selected = selected.saturating_sub(1),
                Action::Select | Action::Open => {
                    if let Some(w) = workers.get(*selected) {
                        // Above the cap: the supervisor says why first.
                        if let Some(over) = w.over_cap {
                            let purpose = ReasonFor::AboveCap {
                                worker_id: w.user_id,
                                over,
                            };
                            return (Vec::new(), Some(Some(CaseDialog::reason(purpose, None))));
                        }
                        let effect = Effect::AssignCase {
                            case_id,
                            version,
                            worker_id: w.user_id,
                            actor,
                            above_cap: None,
                        };
                        return (vec![effect], Some(None));
                    }
                }
                Action::Cancel | Action::Back => return (Vec::new(), Some(None)),
                _ => {}
            },
            CaseDialog::Approve { saving } => match action {
                Action::Select | Action::Open | Action::Save if !*saving => {
                    *saving = true;
                    let effect = Effect::Closures(ClosuresEffect::Approve {
                        case_id,
                        version,
                        actor,
                    });
                    return (vec![effect], None);
                }
                Action::Cancel | Action::Back => return (Vec::new(), Some(None)),
                _ => {}
            },
            CaseDialog::Reason {
                purpose,
                text,
                saving,
                confirm_cancel,
            } => match action {
                Action::Save if *saving => {}
                Action::Save => {
                    let reason = text.lines().join("\n");
                    if let ReasonFor::AboveCap { worker_id, .. } = purpose {
                        if reason.trim().is_empty() {
                            return (Vec::new(), None);
                        }
                        let effect = Effect::AssignCase {
                            case_id,
                            version,
                            worker_id: *worker_id,
                            actor,
                            above_cap: Some(reason),
                        };
                        return (vec![effect], Some(None));
                    }
                    *saving = true;
                    let effect = match purpose {
                        ReasonFor::SendBack => ClosuresEffect::SendBack {
                            case_id,
                            version,
                            reason,
                            actor,
                        },
                        ReasonFor::Reopen => ClosuresEffect::Reopen {
                            case_id,
                            version,
                            reason,
                            actor,
                        },
                        ReasonFor::Erasure => ClosuresEffect::RequestErasure {
                            case_id,
                            reason,
                            actor,
                        },
                        ReasonFor::AboveCap { .. } => return (Vec::new(), None),
                    };
                    // Kept open until the store agrees: a refusal keeps
                    // what was typed.
                    return (vec![Effect::Closures(effect)], None);
                }
                Action::Cancel => {
                    let written = text.lines().iter().any(|l| !l.trim().is_empty());
                    if written && !*confirm_cancel {
                        *confirm_cancel = true;
                        return (Vec::new(), None);
                    }
                    return (Vec::new(), Some(None));
                }
                _ => {
                    text.input(*key);
                }
            },
            CaseDialog::Close {
                reason,
                other,
                note,
                focus,
                saving,
                confirm_cancel,
                sent,
            } => {
                let reasons = closure_reasons(workflow);
                let is_other = matches!(reasons.get(*reason), Some(ClosureReason::Other(_)));
                match action {
                    Action::NextField => {
                        *focus = match (*focus, is_other) {
                            (CloseFocus::Reason, true) => CloseFocus::Other,
                            (CloseFocus::Reason, false) | (CloseFocus::Other, _) => {
                                CloseFocus::Note
                            }
                            (CloseFocus::Note, _) => CloseFocus::Reason,
                        }
                    }
                    Action::PrevField => {
                        *focus = match (*focus, is_other) {
                            (CloseFocus::Note, true) => CloseFocus::Other,
                            (CloseFocus::Note, false) | (CloseFocus::Other, _) => {
                                CloseFocus::Reason
                            }
                            (CloseFocus::Reason, _) => CloseFocus::Note,
                        }
                    }
                    Action::Down if *focus == CloseFocus::Reason => {
                        *reason = (*reason + 1).min(reasons.len() - 1)
                    }
                    Action::Up if *focus == CloseFocus::Reason => {
                        *reason = reason.saturating_sub(1)
                    }
                    Action::Save if *saving => {}
                    Action::Save => {
                        *saving = true;
                        let mut chosen = reasons
                            .get(*reason)
                            .cloned()
                            .unwrap_or(ClosureReason::NeedsMet);
                        if let ClosureReason::Other(text) = &mut chosen {
                            *text = other.value().trim().to_string();
                        }
                        let outcome = note.lines().join("\n");
                        *sent = Some(outcome.clone());
                        let effect = Effect::ChangeStep {
                            case_id,
                            version,
                            step: Box::new(CaseMove::close(chosen, &outcome)),
                            actor,
                        };
                        // The dialog stays until the store agrees, so a
                        // refusal (no note, say) keeps what was typed.
                        return (vec![effect], None);
                    }
                    Action::Cancel => {
                        let written = !other.value().trim().is_empty()
                            || note.lines().iter().any(|l| !l.trim().is_empty());
                        if written && !*confirm_cancel {
                            *confirm_cancel = true;
                            return (Vec::new(), None);
                        }
                        return (Vec::new(), Some(None));
                    }
                    _ if *focus == CloseFocus::Note => {
                        note.input(*key);
                    }
                    _ => {}
                }
            }
        }
        (Vec::new(), None)
    }

    /// Pasted text goes into the focused text field.
    pub fn on_paste(&mut self, text: &str) {
        if let CaseDialog::Reason { text: area, .. } = self {
            area.insert_str(text);
            return;
        }
        if let CaseDialog::Close {
            other, note, focus, ..
        } = self
        {
            match focus {
                CloseFocus::Other => other.insert(text),
                CloseFocus::Note => {
                    note.insert_str(text);
                }
                CloseFocus::Reason => {}
            }
        }
    }

    /// A key that is not an action: typed into the focused text field.
    pub fn on_key(&mut self, key: &KeyEvent) {
        if let CaseDialog::Reason { text, .. } = self {
            text.input(*key);
            return;
        }
        if let CaseDialog::Close {
            other, note, focus, ..
        } = self
        {
            match focus {
                CloseFocus::Other => {
                    other.handle_key(key);
                }
                CloseFocus::Note => {
                    note.input(*key);
                }
                CloseFocus::Reason => {}
            }
        }
    }
}
