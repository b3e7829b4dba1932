//! The form for adding or editing a directory entry: one line per field,
//! Tab between them, the service type chosen with left and right. The
//! domain's own checks (`ServiceRecord::from_fields`) decide what is valid,
//! the same ones a CSV import obeys.

use super::action::Action;
use super::dialog_drafts::{Snapshot, to_json};
use super::text_input::TextInput;
use crate::domain::ServiceType;
use crate::domain::service::{FIELDS, ServiceRecord};
use crate::store::dialog_drafts::{DialogKey, DialogKind};
use crate::store::services::ServiceRow;
use ratatui::crossterm::event::KeyEvent;

/// Where the service type sits in [`FIELDS`]; every other field is text.
pub const TYPE_FIELD: usize = 1;

/// The labels of the fields, in [`FIELDS`] order.
pub const LABELS: [&str; 9] = [
    "Organisation",
    "Type",
    "Name",
    "Location",
    "Phone",
    "E-mail",
    "Opening hours",
    "Languages",
    "Notes",
];

/// How a line break of a multi-line field shows in a one-line field.
const LINE_BREAK: &str = " / ";

/// The service being edited, as it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Editing {
    pub id: i64,
    pub version: i64,
}

/// A directory entry being written, as its draft keeps it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct ServiceDraft {
    editing: Option<Editing>,
    values: Vec<String>,
    service_type: ServiceType,
    focus: usize,
    initial: Vec<String>,
    initial_type: ServiceType,
    originals: Vec<Option<String>>,
}

/// A directory entry being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceForm {
    /// `None` adds a new service.
    pub editing: Option<Editing>,
    /// One input per field in [`FIELDS`] order; the type's is unused.
    pub inputs: [TextInput; 9],
    pub service_type: ServiceType,
    pub focus: usize,
    /// Problems found on saving, or the conflict explained.
    pub message: Option<String>,
    pub saving: bool,
    /// The last save met someone else's change; its message stays until
    /// the next save, however much is typed.
    conflicted: bool,
    /// Esc was pressed once with changes made: a second Esc drops them.
    pub confirm_cancel: bool,
    /// The fields as the form opened, to tell whether anything changed.
    initial: Vec<String>,
    initial_type: ServiceType,
    /// Multi-line values as stored, shown on one line: saved back as they
    /// were unless the operator changed them, so editing a phone number
    /// does not flatten the opening hours.
    originals: [Option<String>; 9],
    /// The fields a save under way took.
    sent: Option<(Vec<String>, ServiceType)>,
}

impl ServiceForm {
    /// An empty form for a new service.
    pub fn new() -> ServiceForm {
        ServiceForm {
            editing: None,
            inputs: Default::default(),
            service_type: ServiceType::ALL[0],
            focus: 0,
            message: None,
            saving: false,
            conflicted: false,
            confirm_cancel: false,
            initial: vec![String::new(); 9],
            initial_type: ServiceType::ALL[0],
            originals: Default::default(),
            sent: None,
        }
    }

    /// A form filled with a stored service.
    pub fn edit(row: &ServiceRow) -> ServiceForm {
        let mut form = ServiceForm::new();
        form.fill(row);
        form.initial = form.inputs.iter().map(|i| i.value().to_string()).collect();
        form.initial_type = form.service_type;
        form
    }

    /// Puts a stored service's values in the fields.
    fn fill(&mut self, row: &ServiceRow) {
        self.editing = Some(Editing {
            id: row.id,
            version: row.version,
        });
        self.service_type = row.record.service_type;
        for (i, value) in row.record.to_fields().into_iter().enumerate() {
            if i == TYPE_FIELD {
                continue;
            }
            let shown = one_line(value);
            self.originals[i] = (shown != value).then(|| value.to_string());
            self.inputs[i] = TextInput::default();
            self.inputs[i].insert(&shown);
        }
    }

    /// The form's state for its draft, once something changed.
    pub fn draft(&self) -> Option<Snapshot> {
        if !self.changed() {
            return None;
        }
        let draft = ServiceDraft {
            editing: self.editing,
            values: self.inputs.iter().map(|i| i.value().to_string()).collect(),
            service_type: self.service_type,
            focus: self.focus,
            initial: self.initial.clone(),
            initial_type: self.initial_type,
            originals: self.originals.to_vec(),
        };
        Some(Snapshot {
            key: DialogKey {
                kind: DialogKind::Service,
                target_id: self.editing.map_or(0, |e| e.id),
            },
            state: to_json(DialogKind::Service, &draft)?,
            urgent: false,
        })
    }

    /// The form as its draft kept it; None when it cannot be read.
    pub fn resume(state: &str) -> Option<ServiceForm> {
        let draft: ServiceDraft = serde_json::from_str(state).ok()?;
        let mut form = ServiceForm::new();
        form.editing = draft.editing;
        for (input, value) in form.inputs.iter_mut().zip(&draft.values) {
            input.insert(value);
        }
        form.service_type = draft.service_type;
        form.focus = draft.focus.min(FIELDS.len() - 1);
        if draft.initial.len() == FIELDS.len() {
            form.initial = draft.initial;
        }
        form.initial_type = draft.initial_type;
        for (slot, original) in form.originals.iter_mut().zip(draft.originals) {
            *slot = original;
        }
        Some(form)
    }

    /// Whether anything was typed or chosen since the form opened.
    pub fn changed(&self) -> bool {
        self.service_type != self.initial_type
            || self
                .inputs
                .iter()
                .zip(&self.initial)
                .any(|(input, was)| input.value() != was)
    }

    /// Esc: whether the form may close now. With changes made the first
    /// Esc only warns, so a stray key never throws them away.
    pub fn wants_close(&mut self) -> bool {
        if self.changed() && !self.confirm_cancel {
            self.confirm_cancel = true;
            self.message = Some("⚠ Press Esc again to throw these changes away.".into());
            return false;
        }
        true
    }

    /// The record to save, or every problem the domain finds, in words.
    pub fn record(&self) -> Result<ServiceRecord, Vec<String>> {
        let values: Vec<&str> = (0..FIELDS.len())
            .map(|i| {
                if i == TYPE_FIELD {
                    return self.service_type.as_str();
                }
                let typed = self.inputs[i].value();
                match &self.originals[i] {
                    Some(original) if one_line(original) == typed => original.as_str(),
                    _ => typed,
                }
            })
            .collect();
        let mut fields = [""; 9];
        fields.copy_from_slice(&values);
        ServiceRecord::from_fields(fields)
    }

    /// Moves the focus, wrapping at both ends.
    fn step(&mut self, forward: bool) {
        let n = FIELDS.len();
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    fn cycle_type(&mut self, forward: bool) {
        let all = ServiceType::ALL;
        let at = all
            .iter()
            .position(|t| *t == self.service_type)
            .unwrap_or(0);
        let next = if forward {
            (at + 1) % all.len()
        } else {
            (at + all.len() - 1) % all.len()
        };
        self.service_type = all[next];
    }

    /// Handles a form action; returns the record when it is to be saved.
    /// Left and right choose the type on the type field and move the
    /// cursor in a text field.
    pub fn on_action(&mut self, action: Action, key: &KeyEvent) -> Option<ServiceRecord> {
        self.confirm_cancel = false;
        match action {
            Action::NextField => self.step(true),
            Action::PrevField => self.step(false),
            Action::NextChoice | Action::PrevChoice if self.focus == TYPE_FIELD => {
                self.cycle_type(action == Action::NextChoice)
            }
            Action::NextChoice | Action::PrevChoice => {
                self.inputs[self.focus].handle_key(key);
            }
            Action::Save if !self.saving => match self.record() {
                Ok(record) => {
                    self.saving = true;
                    self.sent = Some((self.values(), self.service_type));
                    self.conflicted = false;
                    self.message = None;
                    return Some(record);
                }
                Err(problems) => {
                    self.message = Some(format!("✗ Not saved: {}.", problems.join("; ")));
                }
            },
            _ => {}
        }
        None
    }

    /// A key that is not an action types into the focused text field.
    pub fn on_key(&mut self, key: &KeyEvent) {
        self.confirm_cancel = false;
        if self.focus != TYPE_FIELD && self.inputs[self.focus].handle_key(key) && !self.conflicted {
            // What was wrong may be fixed now; the next save checks again.
            self.message = None;
        }
    }

    /// Pasted text goes into the focused text field.
    pub fn on_paste(&mut self, text: &str) {
        if self.focus != TYPE_FIELD {
            self.inputs[self.focus].insert(text);
        }
    }

    fn values(&self) -> Vec<String> {
        self.inputs.iter().map(|i| i.value().to_string()).collect()
    }

    /// The store saved the form as `saved`. When something was typed while
    /// it saved, the form stays open on the saved entry, holding it, and
    /// says so (true); else it may close (false).
    pub fn on_saved(&mut self, saved: Editing, name: &str) -> bool {
        self.saving = false;
        let Some((values, service_type)) = self.sent.take() else {
            return false;
        };
        if values == self.values() && service_type == self.service_type {
            return false;
        }
        self.editing = Some(saved);
        self.initial = values;
        self.initial_type = service_type;
        self.originals = Default::default();
        self.message = Some(format!(
            "✓ Saved “{name}”. What you typed while it saved is not saved yet: Ctrl-S saves it."
        ));
        true
    }

    /// Someone else saved the service first: keep what was typed, take the
    /// fresh version so that saving again is a deliberate overwrite, and
    /// say what the other person's entry now holds.
    pub fn on_conflict(&mut self, fresh: &ServiceRow) {
        self.saving = false;
        self.conflicted = true;
        self.editing = Some(Editing {
            id: fresh.id,
            version: fresh.version,
        });
        let state = if fresh.active { "" } else { ", now retired" };
        self.message = Some(format!(
            "⚠ Someone else changed this service while you edited it (now “{}” of {}{state}). What you typed is kept: save again to replace their change, or Esc to keep theirs.",
            fresh.record.name, fresh.record.organisation
        ));
    }

    /// The store refused the save; what was typed stays.
    pub fn on_refused(&mut self, message: &str) {
        self.saving = false;
        self.message = Some(format!("✗ Not saved: {message}."));
    }
}

impl Default for ServiceForm {
    fn default() -> Self {
        ServiceForm::new()
    }
}

/// A multi-line value on one line.
fn one_line(value: &str) -> String {
    value
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(LINE_BREAK)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> ServiceRow {
        ServiceRow {
            id: 4,
            organisation_id: 2,
            record: ServiceRecord {
                organisation: "Wanjikũ Trust".into(),
                service_type: ServiceType::SafeShelter,
                name: "Tumaini House".into(),
                location: "Kisumu".into(),
                phone: "+254 700 111 222".into(),
                email: String::new(),
                opening_hours: "Mon-Fri 8-17\nSat 9-12".into(),
                languages: "sw, en".into(),
                notes: String::new(),
            },
            active: true,
            version: 3,
        }
    }

    #[test]
    fn editing_keeps_multi_line_values_unless_changed() {
        let mut form = ServiceForm::edit(&row());
        assert_eq!(form.inputs[6].value(), "Mon-Fri 8-17 / Sat 9-12");
        assert_eq!(form.record().unwrap(), row().record);
        form.inputs[6].insert(" and Sun");
        assert_eq!(
            form.record().unwrap().opening_hours,
            "Mon-Fri 8-17 / Sat 9-12 and Sun"
        );
    }

    #[test]
    fn an_empty_form_names_its_missing_fields() {
        let problems = ServiceForm::new().record().unwrap_err();
        assert!(problems.iter().any(|p| p.starts_with("organisation")));
        assert!(problems.iter().any(|p| p.starts_with("name")));
    }
}
