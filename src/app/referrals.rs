//! The Referrals pane: the queue of open referrals, most urgent and longest
//! overdue first (the store's order), filtered by agency, service type and
//! status, and moved along their lifecycle one key at a time.

use super::action::Action;
use super::keymap::Context;
use super::text_input::TextInput;
use super::update::Effect;
use crate::domain::referral::{Referral, ReferralError};
use crate::domain::{ReferralStatus, ServiceType};
use crate::store::Page;
use crate::store::referral_queue::{QueueFilter, QueueRow};
use crate::store::service_search::OrganisationName;

/// Rows fetched per page.
pub const PAGE: u32 = 100;

/// Store work the Referrals pane asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferralsEffect {
    Load {
        generation: u64,
        filter: QueueFilter,
        page: Page,
        append: bool,
    },
    /// The organisations, for the agency filter.
    LoadOrganisations,
    /// Moves a referral read at `version` to `to`.
    Move {
        referral_id: i64,
        case_id: i64,
        version: i64,
        to: ReferralStatus,
        reason: Option<String>,
        actor: i64,
    },
}

/// The store's answers to [`ReferralsEffect`].
#[derive(Debug, Clone)]
pub enum ReferralsMsg {
    Loaded {
        generation: u64,
        rows: Result<Vec<QueueRow>, String>,
        append: bool,
        limit: u32,
    },
    Organisations(Result<Vec<OrganisationName>, String>),
    Moved {
        case_id: i64,
        to: ReferralStatus,
        result: Result<(), MoveFailure>,
    },
}

/// Why a lifecycle move did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveFailure {
    /// Someone else changed the referral first; its status now, if it is
    /// still there.
    Conflict(Option<ReferralStatus>),
    /// The lifecycle (or the store) refused it, with the reason in words.
    Refused(String),
}

/// The queue's filters as the user set them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferralFilter {
    pub agency: Option<OrganisationName>,
    pub service_type: Option<ServiceType>,
    /// `None` shows every open referral.
    pub status: Option<ReferralStatus>,
}

impl ReferralFilter {
    /// The store's filter.
    pub fn query(&self) -> QueueFilter {
        QueueFilter {
            organisation_id: self.agency.as_ref().map(|a| a.id),
            service_type: self.service_type,
            status: self.status,
        }
    }

    /// The filters in force, in words, for the pane's title.
    pub fn describe(&self) -> String {
        let status = match self.status {
            None => "open".to_string(),
            Some(s) => s.as_str().to_string(),
        };
        let agency = match &self.agency {
            None => "all agencies".to_string(),
            Some(a) => a.name.clone(),
        };
        let kind = match self.service_type {
            None => "all services".to_string(),
            Some(t) => t.label().to_string(),
        };
        format!("{status} · {agency} · {kind}")
    }
}

/// The one-line field asking why a referral is declined or cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonPrompt {
    pub referral_id: i64,
    pub case_id: i64,
    pub version: i64,
    pub case_number: String,
    pub to: ReferralStatus,
    pub input: TextInput,
}

/// Everything the Referrals pane shows.
#[derive(Debug, Default)]
pub struct ReferralsPane {
    pub filter: ReferralFilter,
    pub organisations: Vec<OrganisationName>,
    pub rows: Vec<QueueRow>,
    pub selected: usize,
    /// No rows beyond those loaded.
    pub exhausted: bool,
    pub loading: bool,
    /// Results of a request older than this are stale and dropped.
    pub generation: u64,
    pub loaded_once: bool,
    pub reason: Option<ReasonPrompt>,
    /// A move is on its way to the store; further moves wait for it.
    pub moving: bool,
    /// The last outcome worth telling (a move, a refusal, a conflict).
    pub message: Option<String>,
}

impl ReferralsPane {
    /// The key contexts in force, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        match self.reason {
            Some(_) => vec![Context::ReferralReason],
            None => vec![Context::Referrals],
        }
    }

    /// Whether the reason field has the keyboard.
    pub fn typing(&self) -> bool {
        self.reason.is_some()
    }

    /// Loads the first page again (as many rows as are shown), and the
    /// organisations the agency filter cycles through.
    pub fn reload(&mut self) -> Vec<Effect> {
        self.generation += 1;
        self.loading = true;
        let limit = PAGE.max(self.rows.len() as u32).min(Page::MAX_LIMIT);
        vec![
            Effect::Referrals(ReferralsEffect::Load {
                generation: self.generation,
                filter: self.filter.query(),
                page: Page::first(limit),
                append: false,
            }),
            Effect::Referrals(ReferralsEffect::LoadOrganisations),
        ]
    }

    /// Applies a page of the queue, unless a newer request superseded it.
    pub fn on_rows(
        &mut self,
        generation: u64,
        rows: Result<Vec<QueueRow>, String>,
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
        super::paging::apply_page(&mut self.rows, &mut self.selected, rows, append, |r| {
            r.referral_id
        });
    }

    /// The organisations for the agency filter.
    pub fn on_organisations(&mut self, result: Result<Vec<OrganisationName>, String>) {
        match result {
            Ok(list) => self.organisations = list,
            Err(message) => self.message = Some(format!("✗ {message}")),
        }
    }

    fn more_if_near_end(&mut self) -> Vec<Effect> {
        if self.loading || self.exhausted || self.selected + 20 < self.rows.len() {
            return Vec::new();
        }
        self.loading = true;
        vec![Effect::Referrals(ReferralsEffect::Load {
            generation: self.generation,
            filter: self.filter.query(),
            page: Page {
                limit: PAGE,
                offset: self.rows.len() as u32,
            },
            append: true,
        })]
    }

    /// Handles an action on the queue or in the reason field; `actor` is
    /// who moves referrals.
    pub fn on_action(&mut self, action: Action, actor: i64, page_rows: usize) -> Vec<Effect> {
        if let Some(prompt) = self.reason.take() {
            return self.on_reason_action(action, prompt, actor);
        }
        let last = self.rows.len().saturating_sub(1);
        let mut filter = self.filter.clone();
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
            Action::Reload => return self.reload(),
            Action::CycleAgency => filter.agency = next_agency(&self.organisations, &filter),
            Action::CycleServiceType => {
                filter.service_type = cycle(&ServiceType::ALL, filter.service_type)
            }
            Action::CycleReferralStatus => {
                filter.status = cycle(&ReferralStatus::ALL, filter.status)
            }
            other => {
                if let Some(to) = move_for(other) {
                    return self.start_move(to, actor);
                }
            }
        }
        if filter != self.filter {
            self.filter = filter;
            self.selected = 0;
            self.rows.clear();
            self.message = None;
            return self.reload();
        }
        Vec::new()
    }

    /// Checks the move against the lifecycle first, so a move it refuses
    /// is explained at once and a reason is asked only when one can count.
    fn start_move(&mut self, to: ReferralStatus, actor: i64) -> Vec<Effect> {
        let Some(row) = self.rows.get(self.selected) else {
            return Vec::new();
        };
        if self.moving {
            self.message = Some("Wait: the last change is still being saved.".into());
            return Vec::new();
        }
        let mut rules = Referral::new(row.urgency, row.due_at);
        rules.status = row.status;
        match rules.transition(to, None) {
            Ok(()) => {
                self.moving = true;
                self.message = None;
                vec![Effect::Referrals(ReferralsEffect::Move {
                    referral_id: row.referral_id,
                    case_id: row.case_id,
                    version: row.version,
                    to,
                    reason: None,
                    actor,
                })]
            }
            Err(ReferralError::ReasonRequired(_)) => {
                self.message = None;
                self.reason = Some(ReasonPrompt {
                    referral_id: row.referral_id,
                    case_id: row.case_id,
                    version: row.version,
                    case_number: row.case_number.clone(),
                    to,
                    input: TextInput::default(),
                });
                Vec::new()
            }
            Err(refused) => {
                self.message = Some(format!("✗ {}", sentence(&refused.to_string())));
                Vec::new()
            }
        }
    }

    fn on_reason_action(
        &mut self,
        action: Action,
        prompt: ReasonPrompt,
        actor: i64,
    ) -> Vec<Effect> {
        match action {
            Action::Confirm => {
                let reason = prompt.input.value().trim().to_string();
                if reason.is_empty() {
                    self.message = Some(format!(
                        "✗ {}",
                        sentence(&ReferralError::ReasonRequired(prompt.to).to_string())
                    ));
                    self.reason = Some(prompt);
                    return Vec::new();
                }
                self.moving = true;
                self.message = None;
                vec![Effect::Referrals(ReferralsEffect::Move {
                    referral_id: prompt.referral_id,
                    case_id: prompt.case_id,
                    version: prompt.version,
                    to: prompt.to,
                    reason: Some(reason),
                    actor,
                })]
            }
            Action::Cancel => {
                self.message = Some("Not changed.".into());
                Vec::new()
            }
            _ => {
                self.reason = Some(prompt);
                Vec::new()
            }
        }
    }

    /// A key that is not an action: it types into the reason field.
    pub fn on_key(&mut self, key: &ratatui::crossterm::event::KeyEvent) -> bool {
        let typed = match &mut self.reason {
            Some(prompt) => prompt.input.handle_key(key),
            None => false,
        };
        if typed {
            self.message = None;
        }
        typed
    }

    /// Pasted text goes into the reason field.
    pub fn on_paste(&mut self, text: &str) -> bool {
        match &mut self.reason {
            Some(prompt) => {
                prompt.input.insert(text);
                true
            }
            None => false,
        }
    }

    /// The store's answer to a move: say what happened and show the queue
    /// as it is now (on a conflict, with the other person's change).
    pub fn on_moved(&mut self, to: ReferralStatus, result: Result<(), MoveFailure>) -> Vec<Effect> {
        self.moving = false;
        self.message = Some(match result {
            Ok(()) => format!("✓ Marked {}.", to.as_str()),
            Err(MoveFailure::Conflict(now)) => {
                let now = now
                    .map(|s| format!(" (it is now {})", s.as_str()))
                    .unwrap_or_default();
                format!(
                    "⚠ Someone else changed this referral first{now}. Nothing was changed; the list shows it as it is now."
                )
            }
            Err(MoveFailure::Refused(message)) => format!("✗ {}", sentence(&message)),
        });
        self.reload()
    }

    /// The case of the selected referral, for opening it.
    pub fn selected_case(&self) -> Option<i64> {
        self.rows.get(self.selected).map(|r| r.case_id)
    }
}

/// The lifecycle move an action asks for.
fn move_for(action: Action) -> Option<ReferralStatus> {
    Some(match action {
        Action::MarkSent => ReferralStatus::Sent,
        Action::MarkAcknowledged => ReferralStatus::Acknowledged,
        Action::MarkAccepted => ReferralStatus::Accepted,
        Action::MarkDeclined => ReferralStatus::Declined,
        Action::MarkCompleted => ReferralStatus::Completed,
        Action::MarkCancelled => ReferralStatus::Cancelled,
        _ => return None,
    })
}

/// The next value of a filter: none, then each value in turn, then none.
fn cycle<T: Copy + PartialEq>(all: &[T], current: Option<T>) -> Option<T> {
    match current {
        None => all.first().copied(),
        Some(value) => {
            let at = all.iter().position(|v| *v == value);
            at.and_then(|i| all.get(i + 1)).copied()
        }
    }
}

fn next_agency(list: &[OrganisationName], filter: &ReferralFilter) -> Option<OrganisationName> {
    match &filter.agency {
        None => list.first().cloned(),
        Some(current) => {
            let at = list.iter().position(|o| o.id == current.id);
            at.and_then(|i| list.get(i + 1)).cloned()
        }
    }
}

/// A message from the rules as a sentence: capital first, full stop.
pub fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.is_empty() && !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_cycle_through_every_value_and_back() {
        let mut value = None;
        let mut seen = Vec::new();
        for _ in 0..=ServiceType::ALL.len() {
            value = cycle(&ServiceType::ALL, value);
            seen.push(value);
        }
        assert_eq!(seen.first(), Some(&Some(ServiceType::SafeShelter)));
        assert_eq!(seen.last(), Some(&None));
    }

    #[test]
    fn rule_messages_read_as_sentences() {
        assert_eq!(sentence("a pending referral"), "A pending referral.");
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence(""), "");
    }
}
