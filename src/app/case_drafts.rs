//! The open case's drafts: the note being written and the closing or
//! assignment dialog, kept with the case version they apply to, and put
//! back when their case is opened again.

use super::case_dialog::{AssignmentDraft, CaseDialog, ClosureDraft, ReasonDraft, ReasonFor};
use super::cases::CaseView;
use super::dialog_drafts::{AreaText, Snapshot, to_json};
use super::state::Shell;
use super::update::Effect;
use crate::domain::workflow::Workflow;
use crate::store::dialog_drafts::{DialogDraft, DialogKey, DialogKind};
use serde::{Deserialize, Serialize};

/// A note being written, as its draft keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteDraft {
    pub text: AreaText,
    /// The case version the note applies to: saving it later still meets
    /// any change made meanwhile as a conflict, never overwriting it.
    pub version: Option<i64>,
}

/// A closing or assignment dialog, as its draft keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct CaseDialogDraft {
    version: Option<i64>,
    dialog: serde_json::Value,
}

impl CaseView {
    /// The note and the dialog open on this case, when they hold something.
    pub fn drafts(&self) -> Vec<Snapshot> {
        let case_id = self.detail.row.id;
        let mut open = Vec::new();
        if let Some(editor) = &self.editor {
            let text = AreaText::of(editor);
            let draft = NoteDraft {
                text,
                version: self.edit_version,
            };
            if draft.text.has_text()
                && let Some(state) = to_json(DialogKind::Note, &draft)
            {
                open.push(Snapshot {
                    key: DialogKey {
                        kind: DialogKind::Note,
                        target_id: case_id,
                    },
                    state,
                    urgent: false,
                });
            }
        }
        if let Some((kind, dialog)) = self.dialog.as_ref().and_then(CaseDialog::draft) {
            let draft = CaseDialogDraft {
                version: self.edit_version,
                dialog,
            };
            if let Some(state) = to_json(kind, &draft) {
                open.push(Snapshot {
                    key: DialogKey {
                        kind,
                        target_id: case_id,
                    },
                    state,
                    urgent: false,
                });
            }
        }
        if let Some((kind, dialog)) = self.plan.dialog.as_ref().and_then(|d| d.draft())
            && let Some(state) = to_json(kind, &dialog)
        {
            open.push(Snapshot {
                key: DialogKey {
                    kind,
                    target_id: case_id,
                },
                state,
                urgent: false,
            });
        }
        open
    }
}

/// The case on screen was read: put back the drafts left on it.
pub fn resume_on_open_case(shell: &mut Shell, workflow: &Workflow) -> Vec<Effect> {
    let Some(case_id) = shell.cases.open.as_ref().map(|v| v.detail.row.id) else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    let mut resumed = Vec::new();
    for kind in [
        DialogKind::Note,
        DialogKind::Closure,
        DialogKind::Assignment,
        DialogKind::Referral,
        DialogKind::SendBack,
        DialogKind::Reopen,
        DialogKind::Erasure,
        DialogKind::Plan,
    ] {
        if !shell
            .dialog_drafts
            .waiting
            .iter()
            .any(|d| d.key.kind == kind && d.key.target_id == case_id)
        {
            continue;
        }
        let busy = match kind {
            DialogKind::Note => shell
                .cases
                .open
                .as_ref()
                .is_some_and(|v| v.editor.is_some()),
            DialogKind::Referral => shell.referring(),
            DialogKind::Plan => shell
                .cases
                .open
                .as_ref()
                .is_some_and(|v| v.plan.dialog.is_some()),
            _ => shell
                .cases
                .open
                .as_ref()
                .is_some_and(|v| v.dialog.is_some()),
        };
        if busy {
            continue;
        }
        let Some(draft) = shell.dialog_drafts.take_waiting(kind, case_id) else {
            continue;
        };
        match resume_one(shell, &draft, workflow) {
            Some(more) => {
                effects.extend(more);
                shell.dialog_drafts.reopened(draft.key, &draft.state);
                resumed.push(kind);
            }
            None => {
                tracing::warn!(
                    kind = kind.as_str(),
                    "dialog draft could not be read; left in the store"
                );
            }
        }
    }
    if !resumed.is_empty()
        && let Some(view) = shell.cases.open.as_mut()
    {
        let what: Vec<&str> = resumed.iter().map(|k| describe(*k)).collect();
        // Short enough for one line at 80 columns.
        let said = format!(
            "⚠ Back from before ({}): Ctrl-S saves, Esc twice throws away.",
            what.join(", ")
        );
        if view.editor.is_some() {
            view.conflict = Some(said.trim_start_matches("⚠ ").to_string());
        } else {
            view.notice = Some(said);
        }
    }
    effects
}

/// Puts one draft back; None when it cannot be read.
fn resume_one(shell: &mut Shell, draft: &DialogDraft, workflow: &Workflow) -> Option<Vec<Effect>> {
    if draft.key.kind == DialogKind::Referral {
        let (dialog, effects) = super::refer::ReferDialog::resume(&draft.state)?;
        shell.refer = Some(dialog);
        return Some(effects);
    }
    let view = shell.cases.open.as_mut()?;
    match draft.key.kind {
        DialogKind::Note => {
            let note: NoteDraft = serde_json::from_str(&draft.state).ok()?;
            view.editor = Some(note.text.to_area());
            view.edit_version = note.version.or(Some(view.detail.version));
            Some(Vec::new())
        }
        DialogKind::Closure => {
            let kept: CaseDialogDraft = serde_json::from_str(&draft.state).ok()?;
            let closure: ClosureDraft = serde_json::from_value(kept.dialog).ok()?;
            view.dialog = Some(CaseDialog::resume_closure(closure, workflow));
            view.edit_version = kept.version.or(Some(view.detail.version));
            Some(Vec::new())
        }
        DialogKind::Assignment => {
            let kept: CaseDialogDraft = serde_json::from_str(&draft.state).ok()?;
            let assign: AssignmentDraft = serde_json::from_value(kept.dialog).ok()?;
            // The list of workers is read again; the one highlighted
            // before is highlighted again when it comes.
            view.resume_worker = assign.worker_id;
            Some(vec![Effect::LoadWorkers])
        }
        DialogKind::SendBack | DialogKind::Reopen | DialogKind::Erasure => {
            let kept: CaseDialogDraft = serde_json::from_str(&draft.state).ok()?;
            let reason: ReasonDraft = serde_json::from_value(kept.dialog).ok()?;
            let purpose = match draft.key.kind {
                DialogKind::SendBack => ReasonFor::SendBack,
                DialogKind::Erasure => ReasonFor::Erasure,
                _ => ReasonFor::Reopen,
            };
            view.dialog = Some(CaseDialog::reason(purpose, Some(&reason.text)));
            view.edit_version = kept.version.or(Some(view.detail.version));
            Some(Vec::new())
        }
        DialogKind::Plan => {
            let state: serde_json::Value = serde_json::from_str(&draft.state).ok()?;
            view.plan.dialog = Some(super::case_plan::PlanDialog::resume(&state)?);
            view.plan.open = true;
            Some(Vec::new())
        }
        _ => None,
    }
}

/// A draft's kind in words, for the line that says it is back.
pub fn describe(kind: DialogKind) -> &'static str {
    match kind {
        DialogKind::Note => "a note",
        DialogKind::Assessment => "an assessment",
        DialogKind::Referral => "a referral",
        DialogKind::Closure => "closing the case",
        DialogKind::Assignment => "an assignment",
        DialogKind::Service => "a service entry",
        DialogKind::SendBack => "sending a closure back",
        DialogKind::Reopen => "reopening the case",
        DialogKind::FollowUp => "a follow-up",
        DialogKind::Plan => "the case plan",
        DialogKind::Erasure => "asking for the case to be anonymised",
    }
}

/// Whether `draft` waits for its case to be opened: those drawn on the
/// case screen (an assessment is on the Risk pane, needing no case open).
pub fn waits_for_case(draft: &DialogDraft) -> bool {
    matches!(
        draft.key.kind,
        DialogKind::Note
            | DialogKind::Closure
            | DialogKind::Assignment
            | DialogKind::Referral
            | DialogKind::SendBack
            | DialogKind::Reopen
            | DialogKind::Erasure
            | DialogKind::Plan
    )
}
