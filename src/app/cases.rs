//! The Cases pane: the paged case list with its filters and search, and
//! the open case with its timeline and note editor.

use super::action::Action;
use super::break_glass::{GlassDialog, GlassOutcome};
use super::case_dialog::CaseDialog;
use super::entry_doc::EntryDoc;
use super::keymap::Context;
use super::search_audit::SearchAudit;
use super::text_input::TextInput;
use super::timeline_entry::EntryView;
use super::update::Effect;
use crate::domain::{CaseStatus, RiskLevel};
use crate::store::case_search::{MatchedField, SearchHit};
use crate::store::cases::{CaseDetail, CaseQuery, CaseRow, CaseScope, StatusFilter, TimelineEntry};
use crate::store::closure_requests::PendingClosure;
use crate::store::users::User;
use ratatui_textarea::{TextArea, WrapMode};

/// Rows fetched per page. A page is one index range scan.
pub const PAGE: u32 = 100;
/// Most rows a refresh reloads at once.
pub const RELOAD_MAX: u32 = 500;
/// Most search results shown.
pub const SEARCH_LIMIT: u32 = 50;
/// Timeline entries loaded with a case.
pub const TIMELINE_PAGE: u32 = 200;

/// The list's filters as the user sets them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListFilter {
    pub scope: CaseScope,
    pub status: StatusFilter,
    pub min_risk: Option<RiskLevel>,
    pub overdue: bool,
    /// Reason-for-contact category id and its label.
    pub category: Option<(String, String)>,
    /// The approvals list instead of cases: closures awaiting a
    /// supervisor, oldest first. The other filters do not apply to it.
    pub approvals: bool,
}

impl ListFilter {
    pub fn query(&self, now: i64) -> CaseQuery {
        CaseQuery {
            scope: self.scope.clone(),
            status: self.status,
            min_risk: self.min_risk,
            category: self.category.as_ref().map(|(id, _)| id.clone()),
            overdue_at: self.overdue.then_some(now),
        }
    }

    /// One line describing the filters in force, in words.
    pub fn describe(&self) -> String {
        if self.approvals {
            return "closures awaiting approval".into();
        }
        let scope = match &self.scope {
            CaseScope::All => "all cases".to_string(),
            CaseScope::Mine(_) => "my cases".to_string(),
            CaseScope::Team(team) => format!("team {team}"),
            CaseScope::Unassigned => "unassigned".to_string(),
        };
        let status = match self.status {
            StatusFilter::Open => "open".to_string(),
            StatusFilter::Only(s) => s.label().to_lowercase(),
        };
        let mut text = format!("{scope} · {status}");
        if let Some(min) = self.min_risk {
            text.push_str(&format!(" · risk {min}+"));
        }
        if self.overdue {
            text.push_str(" · overdue");
        }
        if let Some((_, label)) = &self.category {
            text.push_str(&format!(" · {label}"));
        }
        text
    }
}

/// A case opened from the list.
#[derive(Debug)]
pub struct CaseView {
    pub detail: CaseDetail,
    pub timeline: Vec<TimelineEntry>,
    /// The timeline entry under the cursor (Enter opens it).
    pub selected: usize,
    /// A timeline entry opened in full.
    pub entry: Option<EntryView>,
    pub editor: Option<TextArea<'static>>,
    /// Set when a save met someone else's change; the typed note is kept.
    pub conflict: Option<String>,
    pub saving: bool,
    /// A step change or an assignment in progress.
    pub dialog: Option<CaseDialog>,
    /// The outcome of the last step change or assignment.
    pub notice: Option<String>,
    /// The case version the note or dialog being written applies to, taken
    /// when it opened: a refresh from another session's change must not
    /// quietly move it, or a stale change would overwrite theirs.
    pub edit_version: Option<i64>,
    /// After a conflict: take the next reload's version, now that the user
    /// has seen the fresh case.
    pub rebase: bool,
    /// Esc was pressed once on a written note: a second Esc discards it.
    pub confirm_cancel: bool,
    /// An assignment draft being put back: the worker it had highlighted.
    pub resume_worker: Option<i64>,
    /// The note text a save under way took: what is typed meanwhile is
    /// kept when it returns.
    pub sent_note: Option<String>,
    /// The case plan, its view and dialogs, and the proposed next step.
    pub plan: super::case_plan::PlanState,
}

/// Everything the Cases pane shows.
#[derive(Debug, Default)]
pub struct CasesPane {
    /// Text to open in the note editor when this case is shown (typed into
    /// an intake while it was being recorded).
    pub pending_note: Option<(i64, String)>,
    pub filter: ListFilter,
    pub rows: Vec<CaseRow>,
    pub selected: usize,
    /// The list has no rows beyond those loaded.
    pub exhausted: bool,
    pub loading: bool,
    /// Results of a request older than this are stale and dropped.
    pub generation: u64,
    pub search: TextInput,
    /// The search field has the keyboard.
    pub searching: bool,
    /// For each search result on screen, the fields it matched.
    pub matched: std::collections::HashMap<i64, Vec<MatchedField>>,
    /// The search typed but not yet audited.
    pub search_audit: SearchAudit,
    pub open: Option<CaseView>,
    /// A case asked for and not shown yet. Keys meanwhile are dropped: they
    /// were typed for the case, and must not change the list's filters.
    pub opening: Option<i64>,
    pub error: Option<String>,
    pub loaded_once: bool,
    /// The approvals list, when its filter is on.
    pub approvals: Vec<PendingClosure>,
    /// The signed-in user, whose need-to-know bounds lists and searches.
    pub viewer: i64,
    /// Search results outside the viewer's rights: only their number,
    /// initials, age and level are shown; opening one breaks the glass.
    pub minimal: std::collections::HashSet<i64>,
    /// Breaking the glass to open a case outside the viewer's rights.
    pub glass: Option<super::break_glass::GlassDialog>,
    /// The filters of the last list view audited: a refresh of the same
    /// list is not audited again, a new filter or page is.
    pub listed: Option<ListFilter>,
}

impl CasesPane {
    /// The key contexts in force, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if self.glass.is_some() {
            return vec![Context::BreakGlass];
        }
        match &self.open {
            Some(view) if view.entry.is_some() => vec![Context::CaseEntry],
            Some(view) if view.editor.is_some() => vec![Context::Editor],
            Some(view) if view.dialog.is_some() => vec![Context::CaseDialog],
            Some(view) if view.plan.dialog.is_some() => vec![Context::PlanDialog],
            Some(view) if view.plan.open => vec![Context::CasePlan],
            Some(_) => vec![Context::Case],
            // The case's keys while it is on its way (Esc gives up on it).
            None if self.opening.is_some() => vec![Context::Case],
            None if self.searching => vec![Context::CaseSearch],
            None => vec![Context::Cases],
        }
    }

    /// Whether a text field has the keyboard (so shell keys like `q` type).
    pub fn typing(&self) -> bool {
        self.searching
            || self.glass.is_some()
            || self.open.as_ref().is_some_and(|v| {
                v.editor.is_some()
                    || v.dialog.as_ref().is_some_and(CaseDialog::typing)
                    || v.plan.dialog.as_ref().is_some_and(|d| d.typing())
            })
    }

    /// Asks for a case to be shown, as a new access (audited). Until it
    /// arrives, keys meant for it are dropped rather than acting on the list.
    pub fn begin_open(&mut self, case_id: i64, viewer: i64) -> Effect {
        self.searching = false;
        self.opening = Some(case_id);
        Effect::OpenCase {
            case_id,
            viewer,
            audit: true,
        }
    }

    /// Requests the first page for the current filters or search.
    pub fn reload(&mut self, now: i64) -> Vec<Effect> {
        self.generation += 1;
        self.loading = true;
        self.error = None;
        let text = self.search.value().trim().to_string();
        if !text.is_empty() {
            return vec![Effect::SearchCases {
                generation: self.generation,
                viewer: self.viewer,
                text,
            }];
        }
        if self.filter.approvals {
            return vec![Effect::Closures(
                super::closures::ClosuresEffect::LoadPending {
                    generation: self.generation,
                },
            )];
        }
        let audit = self.listed.as_ref() != Some(&self.filter);
        self.listed = Some(self.filter.clone());
        vec![Effect::LoadCases {
            generation: self.generation,
            viewer: self.viewer,
            audit,
            query: self.filter.query(now),
            after: None,
            // Keep what was scrolled into view, within reason: a refresh
            // must stay one quick index range.
            limit: PAGE.max(self.rows.len() as u32).min(RELOAD_MAX),
            append: false,
        }]
    }

    /// Applies a page of results, unless a newer request superseded it.
    pub fn on_rows(&mut self, generation: u64, rows: Vec<CaseRow>, append: bool, limit: u32) {
        if generation != self.generation {
            return;
        }
        self.loading = false;
        self.loaded_once = true;
        self.matched.clear();
        self.exhausted = (rows.len() as u32) < limit || !self.search.value().trim().is_empty();
        super::paging::apply_page(&mut self.rows, &mut self.selected, rows, append, |r| r.id);
    }

    /// Applies the approvals list, unless a newer request superseded it.
    pub fn on_approvals(&mut self, generation: u64, rows: Result<Vec<PendingClosure>, String>) {
        if generation != self.generation {
            return;
        }
        self.loading = false;
        self.loaded_once = true;
        self.exhausted = true;
        match rows {
            Ok(rows) => {
                self.selected = self.selected.min(rows.len().saturating_sub(1));
                self.approvals = rows;
            }
            Err(message) => self.error = Some(message),
        }
    }

    /// How many lines the list shows: cases, or pending closures.
    pub fn shown_len(&self) -> usize {
        if self.filter.approvals {
            self.approvals.len()
        } else {
            self.rows.len()
        }
    }

    /// Applies search results with the fields each matched, unless a newer
    /// request superseded them.
    pub fn on_search_hits(&mut self, generation: u64, hits: Vec<SearchHit>) {
        if generation != self.generation {
            return;
        }
        self.search_audit.answered(hits.len());
        let matched = hits
            .iter()
            .map(|hit| (hit.row.id, hit.matched.clone()))
            .collect();
        self.minimal = hits
            .iter()
            .filter(|h| h.minimal)
            .map(|h| h.row.id)
            .collect();
        let rows = hits.into_iter().map(|hit| hit.row).collect();
        self.on_rows(generation, rows, false, SEARCH_LIMIT);
        self.matched = matched;
    }

    /// The clock ticked: audits a search whose typing has settled.
    pub fn on_tick(&mut self, user_id: i64, now: i64) -> Vec<Effect> {
        self.search_audit
            .settled(now)
            .map(|results| Effect::RecordCaseSearch { user_id, results })
            .into_iter()
            .collect()
    }

    /// The search box closed (or the session ends): audits the search typed
    /// since the last audit line, if any.
    pub fn close_search_audit(&mut self, user_id: i64) -> Vec<Effect> {
        self.search_audit
            .closed()
            .map(|results| Effect::RecordCaseSearch { user_id, results })
            .into_iter()
            .collect()
    }

    fn more_if_near_end(&mut self, now: i64) -> Vec<Effect> {
        if self.filter.approvals
            || self.loading
            || self.exhausted
            || self.selected + 20 < self.rows.len()
        {
            return Vec::new();
        }
        let Some(last) = self.rows.last() else {
            return Vec::new();
        };
        self.loading = true;
        vec![Effect::LoadCases {
            generation: self.generation,
            viewer: self.viewer,
            audit: true,
            query: self.filter.query(now),
            after: Some(last.page_key()),
            limit: PAGE,
            append: true,
        }]
    }

    /// Shows only cases of the next reason category in `categories` (id,
    /// label), after the last one all categories again.
    pub fn cycle_category(&mut self, categories: &[(String, String)], now: i64) -> Vec<Effect> {
        let mut filter = self.filter.clone();
        filter.approvals = false;
        let at = filter
            .category
            .as_ref()
            .and_then(|(id, _)| categories.iter().position(|(c, _)| c == id));
        filter.category = match at {
            None => categories.first().cloned(),
            Some(i) => categories.get(i + 1).cloned(),
        };
        self.set_filter(filter, now)
    }

    fn set_filter(&mut self, filter: ListFilter, now: i64) -> Vec<Effect> {
        self.filter = filter;
        self.selected = 0;
        self.rows.clear();
        self.approvals.clear();
        self.reload(now)
    }

    /// Handles an action in the list, the search or the open case.
    pub fn on_action(
        &mut self,
        action: Action,
        user: &User,
        now: i64,
        page_rows: usize,
    ) -> Vec<Effect> {
        if let Some(glass) = &mut self.glass {
            return match glass.on_action(action, user.id) {
                GlassOutcome::Stay(effects) => effects,
                GlassOutcome::Close => {
                    self.glass = None;
                    Vec::new()
                }
            };
        }
        if action == Action::Back && self.open.is_some() {
            self.open = None;
            return Vec::new();
        }
        let shown = self.open.as_ref().map(|v| v.detail.row.id);
        if self.opening.is_some() && self.opening != shown {
            // Typed ahead of the case on its way: not for the list behind
            // it, nor for another case still on screen. Esc gives up on it.
            if matches!(action, Action::Back | Action::Cancel) {
                self.opening = None;
            }
            return Vec::new();
        }
        if let Some(view) = &mut self.open {
            return on_case_action(view, action, user, page_rows);
        }
        let page = page_rows.max(1);
        let mut filter = self.filter.clone();
        match action {
            Action::Down => {
                self.selected = (self.selected + 1).min(self.shown_len().saturating_sub(1));
                return self.more_if_near_end(now);
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown => {
                self.selected = (self.selected + page).min(self.shown_len().saturating_sub(1));
                return self.more_if_near_end(now);
            }
            Action::PageUp => self.selected = self.selected.saturating_sub(page),
            Action::First => self.selected = 0,
            Action::Open => {
                let mut effects = Vec::new();
                // A search that found nothing keeps the keyboard: letters
                // typed next still go to it, not to the list's filters.
                let id = if self.filter.approvals {
                    self.approvals.get(self.selected).map(|p| p.request.case_id)
                } else {
                    self.rows.get(self.selected).map(|r| r.id)
                };
                if let Some(id) = id {
                    self.searching = false;
                    effects.extend(self.close_search_audit(user.id));
                    effects.push(self.begin_open(id, user.id));
                }
                return effects;
            }
            // The search box opens empty: a new search, not the last one.
            Action::Search if !self.searching && !self.search.value().is_empty() => {
                self.searching = true;
                self.search.clear();
                self.selected = 0;
                return self.reload(now);
            }
            Action::Search => {
                self.searching = true;
                // A search looks through cases, not the approvals list.
                if self.filter.approvals {
                    self.filter.approvals = false;
                    self.approvals.clear();
                }
            }
            Action::Cancel => {
                self.searching = false;
                let mut effects = self.close_search_audit(user.id);
                self.search.clear();
                effects.extend(self.reload(now));
                return effects;
            }
            Action::Reload => return self.reload(now),
            Action::FilterApprovals if !user.role.supervises() => {
                self.error = Some("Only supervisors approve closures.".into());
            }
            Action::FilterApprovals => filter.approvals = !filter.approvals,
            Action::FilterAll => filter.scope = CaseScope::All,
            Action::FilterMine => filter.scope = CaseScope::Mine(user.id),
            Action::FilterTeam => match &user.team {
                Some(team) => filter.scope = CaseScope::Team(team.clone()),
                None => {
                    self.error = Some("You are not in a team; showing all cases.".into());
                    filter.scope = CaseScope::All;
                }
            },
            Action::FilterUnassigned => filter.scope = CaseScope::Unassigned,
            Action::CycleStatus => filter.status = next_status(filter.status),
            Action::CycleRisk => filter.min_risk = next_min_risk(filter.min_risk),
            Action::ToggleOverdue => filter.overdue = !filter.overdue,
            _ => {}
        }
        // The other filters are for cases: they leave the approvals list.
        if matches!(
            action,
            Action::FilterAll
                | Action::FilterMine
                | Action::FilterTeam
                | Action::FilterUnassigned
                | Action::CycleStatus
                | Action::CycleRisk
                | Action::ToggleOverdue
        ) {
            filter.approvals = false;
        }
        if filter != self.filter {
            return self.set_filter(filter, now);
        }
        Vec::new()
    }

    /// A case was read: show it, or refresh the one on screen (keeping
    /// the scroll position and any note being written).
    pub fn on_case_loaded(&mut self, result: Result<(CaseDetail, Vec<TimelineEntry>), String>) {
        // Assessments stored before lines were named plainly carry a score
        // such as "(0/0)" that reads as a failure: shown without it.
        let result = result.map(|(detail, mut timeline)| {
            for entry in timeline.iter_mut().filter(|e| e.kind == "assessment") {
                entry.summary = crate::domain::risk::without_score(&entry.summary);
            }
            (detail, timeline)
        });
        let shown = self.open.as_ref().map(|v| v.detail.row.id);
        match result {
            // Neither asked for nor on screen: a refresh that arrived after
            // the case was closed, or an opening given up with Esc.
            Ok((detail, _))
                if self.opening != Some(detail.row.id)
                    && shown != Some(detail.row.id)
                    && self
                        .glass
                        .as_ref()
                        .is_none_or(|g| g.case_id != detail.row.id) => {}
            Ok((detail, timeline)) => {
                if self.opening == Some(detail.row.id) {
                    self.opening = None;
                }
                if self
                    .glass
                    .as_ref()
                    .is_some_and(|g| g.case_id == detail.row.id)
                {
                    self.glass = None;
                }
                self.show_case(detail, timeline);
            }
            Err(message) => {
                // Which case failed is not known: unblock the list either way.
                self.opening = None;
                self.error = Some(message);
            }
        }
    }

    /// The case asked for is outside the viewer's rights. Being opened:
    /// offer to break the glass. On screen (restricted meanwhile, or the
    /// broken glass ran out): it leaves the screen.
    pub fn on_needs_glass(&mut self, case_id: i64) {
        if self
            .open
            .as_ref()
            .is_some_and(|v| v.detail.row.id == case_id)
        {
            self.open = None;
            self.error = Some(
                "That case is no longer within your work; it was closed on your screen.".into(),
            );
            return;
        }
        if let Some(glass) = &mut self.glass
            && glass.case_id == case_id
        {
            glass.on_refused("The case is still outside your work.".into());
            return;
        }
        if self.opening == Some(case_id) {
            self.opening = None;
            let number = self
                .rows
                .iter()
                .find(|r| r.id == case_id)
                .map(|r| r.number.clone());
            self.glass = Some(GlassDialog::new(case_id, number));
        }
    }

    /// Breaking the glass failed; the dialog says why.
    pub fn on_glass_refused(&mut self, message: String) {
        match &mut self.glass {
            Some(glass) => glass.on_refused(message),
            None => self.error = Some(message),
        }
    }

    /// Shows a loaded case: fresh, or over the same case already on screen.
    fn show_case(&mut self, detail: CaseDetail, timeline: Vec<TimelineEntry>) {
        match &mut self.open {
            Some(view) if view.detail.row.id == detail.row.id => {
                if view.rebase {
                    view.edit_version = Some(detail.version);
                    view.rebase = false;
                }
                // Stay on the same entry when newer ones arrive above it.
                let was = view.timeline.get(view.selected).map(|e| e.id);
                view.detail = detail;
                view.timeline = timeline;
                view.selected = was
                    .and_then(|id| view.timeline.iter().position(|e| e.id == id))
                    .unwrap_or(view.selected)
                    .min(view.timeline.len().saturating_sub(1));
            }
            _ => {
                self.open = Some(CaseView {
                    detail,
                    timeline,
                    selected: 0,
                    entry: None,
                    editor: None,
                    conflict: None,
                    saving: false,
                    dialog: None,
                    notice: None,
                    edit_version: None,
                    rebase: false,
                    confirm_cancel: false,
                    resume_worker: None,
                    sent_note: None,
                    plan: Default::default(),
                });
            }
        }
        if let (Some(view), Some((case_id, _))) = (self.open.as_mut(), &self.pending_note)
            && *case_id == view.detail.row.id
            && view.editor.is_none()
            && let Some((_, text)) = self.pending_note.take()
        {
            view.open_note(
                &text,
                "The intake is saved. What you typed while it was being recorded is kept here as a note: Ctrl-S saves it.",
            );
        }
    }

    /// Keys while a timeline entry is open: move through it, or go back to
    /// the timeline at the same entry. None when no entry is open.
    /// `width` and `height` are the text area's, for bounding the scroll.
    pub fn on_entry_action(
        &mut self,
        action: Action,
        width: usize,
        height: usize,
    ) -> Option<Vec<Effect>> {
        let view = self.open.as_mut()?;
        let entry = view.entry.as_mut()?;
        match action {
            Action::Back | Action::Cancel | Action::Close => view.entry = None,
            Action::Down | Action::Up | Action::PageDown | Action::PageUp | Action::First => {
                entry.on_action(action, width, height)
            }
            // Switching panes, help, quitting: the shell's.
            _ => return None,
        }
        Some(Vec::new())
    }

    /// The store's answer to opening a timeline entry, already made into a
    /// document; an answer for an entry no longer open is dropped.
    pub fn on_entry_loaded(&mut self, event_id: i64, result: Result<EntryDoc, String>) {
        let Some(entry) = self
            .open
            .as_mut()
            .and_then(|v| v.entry.as_mut())
            .filter(|e| e.event_id == event_id)
        else {
            return;
        };
        match result {
            Ok(doc) => entry.doc = Some(doc),
            Err(message) => entry.error = Some(message),
        }
    }

    /// The outcome of saving a note. On a conflict the note stays in the
    /// editor and the fresh case is loaded, so nothing typed is lost.
    pub fn on_note_saved(&mut self, result: Result<(), NoteFailure>, viewer: i64) -> Vec<Effect> {
        let Some(view) = &mut self.open else {
            return Vec::new();
        };
        view.saving = false;
        let case_id = view.detail.row.id;
        let sent = view.sent_note.take().unwrap_or_default();
        match result {
            Ok(()) => {
                let current = view
                    .editor
                    .as_ref()
                    .map(|e| e.lines().join("\n"))
                    .unwrap_or_default();
                view.edit_version = None;
                view.conflict = None;
                view.editor = None;
                if let Some(rest) = super::dialog_drafts::typed_while_saving(&sent, &current) {
                    view.open_note(&rest, "Note saved. What you typed while it saved is kept here as a new note: Ctrl-S saves it.");
                }
            }
            Err(NoteFailure::Conflict) => {
                view.rebase = true;
                view.conflict = Some(
                    "Someone else changed this case while you wrote. The case is reloaded; your note is kept: check it and save again.".into(),
                );
            }
            Err(NoteFailure::Other(message)) => {
                view.conflict = Some(format!("Not saved: {message}. Your note is kept."));
                return Vec::new();
            }
        }
        vec![Effect::OpenCase {
            case_id,
            viewer,
            audit: false,
        }]
    }

    /// Text typed into the search field: search as you type.
    pub fn on_search_key(
        &mut self,
        key: &ratatui::crossterm::event::KeyEvent,
        now: i64,
    ) -> Vec<Effect> {
        let before = self.search.value().to_string();
        self.search.handle_key(key);
        if self.search.value() != before {
            if !self.search.value().trim().is_empty() {
                self.search_audit.typed(now);
            }
            self.selected = 0;
            return self.reload(now);
        }
        Vec::new()
    }
}

fn next_status(current: StatusFilter) -> StatusFilter {
    match current {
        StatusFilter::Open => StatusFilter::Only(CaseStatus::ALL[0]),
        StatusFilter::Only(s) => match CaseStatus::ALL.iter().position(|x| *x == s) {
            Some(i) if i + 1 < CaseStatus::ALL.len() => StatusFilter::Only(CaseStatus::ALL[i + 1]),
            _ => StatusFilter::Open,
        },
    }
}

fn next_min_risk(current: Option<RiskLevel>) -> Option<RiskLevel> {
    match current {
        None => Some(RiskLevel::Low),
        Some(RiskLevel::Critical) => None,
        Some(level) => Some(RiskLevel::from_rank(level.rank() + 1)),
    }
}

/// Why a note was not saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteFailure {
    /// The case changed since it was read.
    Conflict,
    Other(String),
}

impl CaseView {
    /// Opens the note editor holding `text` (typed while another save was
    /// under way), with a line saying why.
    pub fn open_note(&mut self, text: &str, why: &str) {
        let lines = text.split('\n').map(str::to_string).collect();
        let mut editor = TextArea::new(lines);
        editor.set_wrap_mode(WrapMode::WordOrGlyph);
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        self.editor = Some(editor);
        // The case is read again after the save: the note applies to it.
        self.edit_version = None;
        self.rebase = true;
        self.conflict = Some(why.to_string());
    }
}

fn on_case_action(
    view: &mut CaseView,
    action: Action,
    user: &User,
    page_rows: usize,
) -> Vec<Effect> {
    match action {
        Action::Down => {
            view.selected = (view.selected + 1).min(view.timeline.len().saturating_sub(1))
        }
        Action::Up => view.selected = view.selected.saturating_sub(1),
        Action::PageDown => {
            view.selected = (view.selected + page_rows).min(view.timeline.len().saturating_sub(1))
        }
        Action::PageUp => view.selected = view.selected.saturating_sub(page_rows),
        Action::First => view.selected = 0,
        Action::Open => {
            if let Some(entry) = view.timeline.get(view.selected) {
                view.entry = Some(EntryView::loading(entry.id));
                return vec![Effect::OpenTimelineEntry {
                    case_id: view.detail.row.id,
                    event_id: entry.id,
                    viewer: user.id,
                }];
            }
        }
        Action::AddNote => {
            let mut editor = TextArea::default();
            editor.set_wrap_mode(WrapMode::WordOrGlyph);
            view.editor = Some(editor);
            view.conflict = None;
            view.edit_version = Some(view.detail.version);
        }
        Action::Cancel => {
            let written = view
                .editor
                .as_ref()
                .is_some_and(|e| e.lines().iter().any(|l| !l.trim().is_empty()));
            if written && !view.confirm_cancel {
                view.confirm_cancel = true;
                view.conflict = Some("Press Esc again to throw this note away.".into());
                return Vec::new();
            }
            view.confirm_cancel = false;
            view.editor = None;
            view.edit_version = None;
            view.conflict = None;
        }
        Action::Save => {
            if let Some(editor) = &view.editor {
                let text = editor.lines().join("\n");
                if text.trim().is_empty() {
                    view.conflict = Some("The note is empty.".into());
                } else if !view.saving {
                    view.saving = true;
                    view.sent_note = Some(text.clone());
                    return vec![Effect::AddNote {
                        case_id: view.detail.row.id,
                        version: view.edit_version.unwrap_or(view.detail.version),
                        text,
                        actor: user.id,
                    }];
                }
            }
        }
        Action::Reload => {
            // What the last save said is old news once the case is read again.
            view.notice = None;
            return vec![Effect::OpenCase {
                case_id: view.detail.row.id,
                viewer: user.id,
                audit: false,
            }];
        }
        _ => {}
    }
    Vec::new()
}
