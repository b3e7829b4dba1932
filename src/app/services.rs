//! The Services pane: the service directory, paged, with type-to-search,
//! a form to add or edit an entry, and retiring or bringing back a service
//! after a confirm step.

use super::action::Action;
use super::keymap::Context;
use super::service_form::ServiceForm;
use super::text_input::TextInput;
use super::update::Effect;
use crate::domain::service::ServiceRecord;
use crate::store::Page;
use crate::store::services::ServiceRow;
use ratatui::crossterm::event::KeyEvent;

/// Rows fetched per page.
pub const PAGE: u32 = 100;

/// Store work the Services pane asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServicesEffect {
    /// A page of the directory (retired services included) matching `query`.
    Load {
        generation: u64,
        query: String,
        page: Page,
        append: bool,
    },
    /// Adds a service, or replaces one read at `version`.
    Save {
        editing: Option<(i64, i64)>,
        record: Box<ServiceRecord>,
        actor: i64,
    },
    SetActive {
        id: i64,
        version: i64,
        active: bool,
        actor: i64,
    },
}

/// The store's answers to [`ServicesEffect`].
#[derive(Debug, Clone)]
pub enum ServicesMsg {
    Loaded {
        generation: u64,
        rows: Result<Vec<ServiceRow>, String>,
        append: bool,
        limit: u32,
    },
    /// The entry saved, or why not.
    Saved(Result<SavedService, SaveFailure>),
    /// Whether the service is now active, or why nothing changed.
    ActiveSet(Result<bool, String>),
}

/// A service just saved: its name, id and new version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedService {
    pub name: String,
    pub id: i64,
    pub version: i64,
}

/// Why a service was not saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveFailure {
    /// Someone else saved it first; the entry as it is now.
    Conflict(Box<ServiceRow>),
    Refused(String),
}

/// Retiring or bringing back the selected service, waiting for a yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub id: i64,
    pub version: i64,
    pub activate: bool,
    pub name: String,
}

/// Everything the Services pane shows.
#[derive(Debug, Default)]
pub struct ServicesPane {
    pub rows: Vec<ServiceRow>,
    pub selected: usize,
    pub exhausted: bool,
    pub loading: bool,
    /// Results of a request older than this are stale and dropped.
    pub generation: u64,
    pub loaded_once: bool,
    pub search: TextInput,
    /// The search field has the keyboard.
    pub searching: bool,
    pub form: Option<ServiceForm>,
    pub confirm: Option<Confirm>,
    pub message: Option<String>,
}

impl ServicesPane {
    /// The key contexts in force, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if self.form.is_some() {
            vec![Context::ServiceForm]
        } else if self.confirm.is_some() {
            vec![Context::ServiceConfirm]
        } else if self.searching {
            vec![Context::ServiceSearch]
        } else {
            vec![Context::Services]
        }
    }

    /// Whether keys type (or answer the confirm step) rather than switch
    /// panes.
    pub fn typing(&self) -> bool {
        self.form.is_some() || self.confirm.is_some() || self.searching
    }

    /// Whether a form holds typed text not yet saved.
    pub fn unsaved(&self) -> bool {
        self.form.as_ref().is_some_and(ServiceForm::changed)
    }

    /// Loads the first page again, for the current search.
    pub fn reload(&mut self) -> Vec<Effect> {
        self.generation += 1;
        self.loading = true;
        let limit = PAGE.max(self.rows.len() as u32).min(Page::MAX_LIMIT);
        vec![Effect::Services(ServicesEffect::Load {
            generation: self.generation,
            query: self.search.value().trim().to_string(),
            page: Page::first(limit),
            append: false,
        })]
    }

    /// Applies a page, unless a newer request superseded it.
    pub fn on_rows(
        &mut self,
        generation: u64,
        rows: Result<Vec<ServiceRow>, String>,
        append: bool,
        limit: u32,
    ) {
        if generation != self.generation {
            return;
        }
        self.loading = false;
        self.loaded_once = true;
        let rows = match rows {
            Ok(rows) => rows,
            Err(message) => {
                self.message = Some(format!("✗ {message}"));
                return;
            }
        };
        self.exhausted = (rows.len() as u32) < limit;
        super::paging::apply_page(&mut self.rows, &mut self.selected, rows, append, |r| r.id);
    }

    fn more_if_near_end(&mut self) -> Vec<Effect> {
        if self.loading || self.exhausted || self.selected + 20 < self.rows.len() {
            return Vec::new();
        }
        self.loading = true;
        vec![Effect::Services(ServicesEffect::Load {
            generation: self.generation,
            query: self.search.value().trim().to_string(),
            page: Page {
                limit: PAGE,
                offset: self.rows.len() as u32,
            },
            append: true,
        })]
    }

    /// Handles an action in the list, the search, the form or the confirm
    /// step; `actor` is who changes the directory.
    pub fn on_action(
        &mut self,
        action: Action,
        key: &KeyEvent,
        actor: i64,
        page_rows: usize,
    ) -> Vec<Effect> {
        if let Some(form) = &mut self.form {
            if action == Action::Cancel {
                if form.wants_close() {
                    self.form = None;
                    self.message = Some("Not saved.".into());
                }
                return Vec::new();
            }
            return match form.on_action(action, key) {
                Some(record) => vec![Effect::Services(ServicesEffect::Save {
                    editing: form.editing.map(|e| (e.id, e.version)),
                    record: Box::new(record),
                    actor,
                })],
                None => Vec::new(),
            };
        }
        if let Some(confirm) = self.confirm.take() {
            if action == Action::Confirm {
                return vec![Effect::Services(ServicesEffect::SetActive {
                    id: confirm.id,
                    version: confirm.version,
                    active: confirm.activate,
                    actor,
                })];
            }
            self.message = Some("Not changed.".into());
            return Vec::new();
        }
        let last = self.rows.len().saturating_sub(1);
        match action {
            Action::Down => {
                self.selected = (self.selected + 1).min(last);
                return self.more_if_near_end();
            }
            Action::PageDown => {
                self.selected = (self.selected + page_rows.max(1)).min(last);
                return self.more_if_near_end();
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageUp => self.selected = self.selected.saturating_sub(page_rows.max(1)),
            Action::First => self.selected = 0,
            // The search box opens empty: a new search, not the last one.
            Action::Search if !self.searching && !self.search.value().is_empty() => {
                self.searching = true;
                self.search.clear();
                self.selected = 0;
                return self.reload();
            }
            Action::Search => self.searching = true,
            // A search that found nothing keeps the keyboard, so letters
            // typed next do not act on the list.
            Action::FinishSearch => self.searching = self.rows.is_empty(),
            Action::Cancel => {
                self.searching = false;
                self.search.clear();
                self.selected = 0;
                return self.reload();
            }
            Action::Reload => return self.reload(),
            Action::NewService => {
                self.searching = false;
                self.form = Some(ServiceForm::new());
            }
            Action::EditService => {
                self.searching = false;
                if let Some(row) = self.rows.get(self.selected) {
                    self.form = Some(ServiceForm::edit(row));
                }
            }
            Action::ToggleActive => {
                if let Some(row) = self.rows.get(self.selected) {
                    self.confirm = Some(Confirm {
                        id: row.id,
                        version: row.version,
                        activate: !row.active,
                        name: row.record.name.clone(),
                    });
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// A key that is not an action: it types into the form or the search.
    pub fn on_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        if let Some(form) = &mut self.form {
            form.on_key(key);
            return Vec::new();
        }
        if self.searching {
            let before = self.search.value().to_string();
            self.search.handle_key(key);
            if self.search.value() != before {
                self.selected = 0;
                return self.reload();
            }
        }
        Vec::new()
    }

    /// Pasted text goes into the form or the search.
    pub fn on_paste(&mut self, text: &str) -> Vec<Effect> {
        if let Some(form) = &mut self.form {
            form.on_paste(text);
        } else if self.searching {
            self.search.insert(text);
            self.selected = 0;
            return self.reload();
        }
        Vec::new()
    }

    /// The store's answer to a save.
    pub fn on_saved(&mut self, result: Result<SavedService, SaveFailure>) -> Vec<Effect> {
        let Some(form) = &mut self.form else {
            return Vec::new();
        };
        match result {
            Ok(saved) => {
                let at = super::service_form::Editing {
                    id: saved.id,
                    version: saved.version,
                };
                if !form.on_saved(at, &saved.name) {
                    self.form = None;
                    self.message = Some(format!("✓ Saved “{}”.", saved.name));
                }
                self.reload()
            }
            Err(SaveFailure::Conflict(fresh)) => {
                form.on_conflict(&fresh);
                self.reload()
            }
            Err(SaveFailure::Refused(message)) => {
                form.on_refused(&message);
                Vec::new()
            }
        }
    }

    /// The store's answer to retiring or bringing back a service.
    pub fn on_active_set(&mut self, result: Result<bool, String>) -> Vec<Effect> {
        self.message = Some(match result {
            Ok(true) => "✓ Back in the directory.".into(),
            Ok(false) => "✓ Retired: no new referrals go to it.".into(),
            Err(message) => format!("✗ Not changed: {message}."),
        });
        self.reload()
    }
}
