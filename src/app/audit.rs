//! The Audit pane, for supervisors and admins: the audit log newest first,
//! filtered by person, case, action and period, with the selected line's
//! case one key away and the lines shown exported as CSV (the export is
//! itself audited, like `helpline audit list --csv`).

use super::action::Action;
use super::keymap::Context;
use super::text_input::TextInput;
use super::update::Effect;
use crate::store::audit_search::AuditLine;
use chrono::{FixedOffset, NaiveDate, TimeZone};
use ratatui::crossterm::event::KeyEvent;

/// Lines read per load: a screenful many times over; the filters narrow
/// further, and the CLI reads more.
pub const LIMIT: u32 = 500;

/// The period the pane shows when no dates are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    #[default]
    Today,
    Last7Days,
    Last30Days,
    All,
}

impl Period {
    pub fn label(self) -> &'static str {
        match self {
            Period::Today => "today",
            Period::Last7Days => "the last 7 days",
            Period::Last30Days => "the last 30 days",
            Period::All => "all time",
        }
    }

    fn next(self) -> Period {
        match self {
            Period::Today => Period::Last7Days,
            Period::Last7Days => Period::Last30Days,
            Period::Last30Days => Period::All,
            Period::All => Period::Today,
        }
    }

    /// The first second of the period (UTC seconds), counted in local
    /// days; None for all time.
    fn since(self, now: i64, zone: FixedOffset) -> Option<i64> {
        let days_back = match self {
            Period::Today => 0,
            Period::Last7Days => 6,
            Period::Last30Days => 29,
            Period::All => return None,
        };
        let today = chrono::DateTime::from_timestamp(now, 0)?
            .with_timezone(&zone)
            .date_naive();
        local_day_start(today - chrono::Days::new(days_back), zone)
    }
}

/// Midnight of a local day, in UTC seconds.
fn local_day_start(day: NaiveDate, zone: FixedOffset) -> Option<i64> {
    zone.from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .single()
        .map(|t| t.timestamp())
}

/// What the store is asked for: names and numbers as typed (the store
/// resolves them and says which it does not know), times resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub person: Option<String>,
    pub case_number: Option<String>,
    /// A stored action name or part of one ("glass" finds glass_broken).
    pub action: Option<String>,
    pub since: Option<i64>,
    pub until: Option<i64>,
}

/// Store work the Audit pane asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditEffect {
    Load {
        generation: u64,
        reader: i64,
        query: AuditQuery,
        /// A new view (shown, or filters changed): written to the audit log.
        /// A live refresh is not, or the log would feed itself.
        audit: bool,
    },
    /// The lines the query finds, written to a CSV file beside the
    /// database (in `exports/`, readable by its owner only).
    Export { reader: i64, query: AuditQuery },
}

/// The store's answers to [`AuditEffect`].
#[derive(Debug, Clone)]
pub enum AuditMsg {
    Loaded {
        generation: u64,
        lines: Result<Vec<AuditLine>, String>,
    },
    /// Where the file was written and how many lines it holds, or why not.
    Exported(Result<(String, usize), String>),
}

/// The filter form's fields, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FilterField {
    #[default]
    Person,
    Case,
    Action,
    From,
    To,
}

impl FilterField {
    pub const ALL: [FilterField; 5] = [
        FilterField::Person,
        FilterField::Case,
        FilterField::Action,
        FilterField::From,
        FilterField::To,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FilterField::Person => "Person (user name)",
            FilterField::Case => "Case number",
            FilterField::Action => "Action (or part of it)",
            FilterField::From => "From (YYYY-MM-DD)",
            FilterField::To => "To (YYYY-MM-DD)",
        }
    }
}

/// The filters as typed. Dates, when given, replace the period.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub person: TextInput,
    pub case_number: TextInput,
    pub action: TextInput,
    pub from: TextInput,
    pub to: TextInput,
}

impl Filters {
    pub fn input(&self, field: FilterField) -> &TextInput {
        match field {
            FilterField::Person => &self.person,
            FilterField::Case => &self.case_number,
            FilterField::Action => &self.action,
            FilterField::From => &self.from,
            FilterField::To => &self.to,
        }
    }

    fn input_mut(&mut self, field: FilterField) -> &mut TextInput {
        match field {
            FilterField::Person => &mut self.person,
            FilterField::Case => &mut self.case_number,
            FilterField::Action => &mut self.action,
            FilterField::From => &mut self.from,
            FilterField::To => &mut self.to,
        }
    }

    fn has_dates(&self) -> bool {
        !self.from.value().trim().is_empty() || !self.to.value().trim().is_empty()
    }
}

/// The filter form over the list, editing a copy so that Esc leaves the
/// filters in force as they were.
#[derive(Debug, Clone, Default)]
pub struct FilterForm {
    pub draft: Filters,
    pub focus: FilterField,
    pub error: Option<String>,
}

/// Everything the Audit pane shows.
#[derive(Debug, Default)]
pub struct AuditPane {
    pub lines: Vec<AuditLine>,
    pub selected: usize,
    pub loading: bool,
    pub loaded_once: bool,
    /// Results of a request older than this are stale and dropped.
    pub generation: u64,
    pub filters: Filters,
    pub period: Period,
    pub form: Option<FilterForm>,
    pub message: Option<String>,
    /// The person reading may not (not a supervisor or admin).
    pub refused: bool,
}

fn text(input: &TextInput) -> Option<String> {
    let value = input.value().trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// `value` cut to `max` characters, marked with '…' when cut.
fn shortened(value: &str, max: usize) -> String {
    if value.chars().count() <= max {
        return value.to_string();
    }
    let kept: String = value.chars().take(max.saturating_sub(1)).collect();
    format!("{kept}…")
}

/// A typed day, or why it is not one.
fn typed_day(input: &TextInput, name: &str) -> Result<Option<NaiveDate>, String> {
    match text(input) {
        None => Ok(None),
        Some(value) => NaiveDate::parse_from_str(&value, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| format!("{name} takes a day as YYYY-MM-DD.")),
    }
}

impl AuditPane {
    /// The key contexts in force, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if self.form.is_some() {
            vec![Context::AuditFilter]
        } else {
            vec![Context::Audit]
        }
    }

    /// Whether keys type into the filter form rather than switch panes.
    pub fn typing(&self) -> bool {
        self.form.is_some()
    }

    /// The query for the filters in force: typed dates (local days, `To`
    /// inclusive) when given, else the period.
    pub fn query(&self, now: i64, zone: FixedOffset) -> Result<AuditQuery, String> {
        let f = &self.filters;
        let (since, until) = if f.has_dates() {
            let from = typed_day(&f.from, "From")?;
            let to = typed_day(&f.to, "To")?;
            if let (Some(a), Some(b)) = (from, to)
                && a > b
            {
                return Err("From is after To.".into());
            }
            (
                from.and_then(|d| local_day_start(d, zone)),
                to.and_then(|d| local_day_start(d + chrono::Days::new(1), zone)),
            )
        } else {
            (self.period.since(now, zone), None)
        };
        Ok(AuditQuery {
            person: text(&f.person),
            case_number: text(&f.case_number),
            action: text(&f.action).map(|a| a.to_lowercase().replace([' ', '-'], "_")),
            since,
            until,
        })
    }

    /// What the filters in force show, in words, for the title. A long
    /// typed value is shortened so the period always shows.
    pub fn describe(&self) -> String {
        let f = &self.filters;
        let text = |input: &TextInput| text(input).map(|v| shortened(&v, 20));
        let mut parts = Vec::new();
        if let Some(p) = text(&f.person) {
            parts.push(format!("by {p}"));
        }
        if let Some(c) = text(&f.case_number) {
            parts.push(format!("case {c}"));
        }
        if let Some(a) = text(&f.action) {
            parts.push(format!("action “{a}”"));
        }
        if f.has_dates() {
            let from = text(&f.from).unwrap_or_else(|| "the start".into());
            let to = text(&f.to).unwrap_or_else(|| "today".into());
            parts.push(format!("{from} to {to}"));
        } else {
            parts.push(self.period.label().to_string());
        }
        parts.join(" · ")
    }

    /// Loads the lines again. `audit` says whether this is a new view.
    pub fn reload(&mut self, reader: i64, now: i64, zone: FixedOffset, audit: bool) -> Vec<Effect> {
        match self.query(now, zone) {
            Ok(query) => {
                self.generation += 1;
                self.loading = true;
                vec![Effect::Audit(AuditEffect::Load {
                    generation: self.generation,
                    reader,
                    query,
                    audit,
                })]
            }
            Err(message) => {
                self.message = Some(format!("✗ {message}"));
                Vec::new()
            }
        }
    }

    pub fn on_loaded(&mut self, generation: u64, lines: Result<Vec<AuditLine>, String>) {
        if generation != self.generation {
            return;
        }
        self.loading = false;
        self.loaded_once = true;
        match lines {
            Ok(lines) => {
                self.refused = false;
                super::paging::apply_page(&mut self.lines, &mut self.selected, lines, false, |l| {
                    l.id
                });
            }
            Err(message) => {
                self.lines.clear();
                self.selected = 0;
                self.message = Some(format!("✗ {message}"));
            }
        }
    }

    /// The case the selected line is about, if any.
    pub fn selected_case(&self) -> Option<i64> {
        let line = self.lines.get(self.selected)?;
        match (line.record_type.as_deref(), line.record_id) {
            (Some("case"), Some(id)) if id > 0 => Some(id),
            _ => None,
        }
    }

    /// Handles an action on the list or in the filter form.
    pub fn on_action(
        &mut self,
        action: Action,
        reader: i64,
        now: i64,
        zone: FixedOffset,
        page_rows: usize,
    ) -> Vec<Effect> {
        if self.form.is_some() {
            return self.on_form_action(action, reader, now, zone);
        }
        let last = self.lines.len().saturating_sub(1);
        if matches!(
            action,
            Action::Down | Action::Up | Action::PageDown | Action::PageUp | Action::First
        ) {
            self.message = None;
        }
        match action {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown => self.selected = (self.selected + page_rows.max(1)).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(page_rows.max(1)),
            Action::First => self.selected = 0,
            Action::Reload => return self.reload(reader, now, zone, false),
            Action::CyclePeriod => {
                // Typed dates give way to the periods again.
                self.filters.from.clear();
                self.filters.to.clear();
                self.period = self.period.next();
                self.lines.clear();
                self.selected = 0;
                self.message = None;
                return self.reload(reader, now, zone, true);
            }
            Action::FilterAudit => {
                self.form = Some(FilterForm {
                    draft: self.filters.clone(),
                    ..FilterForm::default()
                });
            }
            Action::ExportCsv => {
                return match self.query(now, zone) {
                    Ok(query) => {
                        self.message = Some("Exporting…".into());
                        vec![Effect::Audit(AuditEffect::Export { reader, query })]
                    }
                    Err(message) => {
                        self.message = Some(format!("✗ {message}"));
                        Vec::new()
                    }
                };
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_form_action(
        &mut self,
        action: Action,
        reader: i64,
        now: i64,
        zone: FixedOffset,
    ) -> Vec<Effect> {
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        let at = FilterField::ALL
            .iter()
            .position(|f| *f == form.focus)
            .unwrap_or(0);
        let n = FilterField::ALL.len();
        match action {
            Action::Cancel => self.form = None,
            Action::NextField | Action::Down => form.focus = FilterField::ALL[(at + 1) % n],
            Action::PrevField | Action::Up => form.focus = FilterField::ALL[(at + n - 1) % n],
            Action::Confirm | Action::Save => {
                let previous = std::mem::replace(&mut self.filters, form.draft.clone());
                match self.query(now, zone) {
                    Ok(_) => {
                        self.form = None;
                        self.lines.clear();
                        self.selected = 0;
                        self.message = None;
                        return self.reload(reader, now, zone, true);
                    }
                    Err(message) => {
                        self.filters = previous;
                        if let Some(form) = self.form.as_mut() {
                            form.error = Some(message);
                        }
                    }
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// A key typed into the filter form.
    pub fn on_key(&mut self, key: &KeyEvent) {
        if let Some(form) = self.form.as_mut() {
            form.draft.input_mut(form.focus).handle_key(key);
            form.error = None;
        }
    }

    /// Pasted text into the filter form's focused field.
    pub fn on_paste(&mut self, text: &str) -> bool {
        let Some(form) = self.form.as_mut() else {
            return false;
        };
        let line: String = text.chars().filter(|c| !c.is_control()).collect();
        form.draft.input_mut(form.focus).insert(&line);
        true
    }

    pub fn on_exported(&mut self, result: Result<(String, usize), String>) {
        self.message = Some(match result {
            Ok((path, 1)) => format!("✓ 1 line exported to {path}"),
            Ok((path, n)) => format!("✓ {n} lines exported to {path}"),
            Err(message) => format!("✗ {message}"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone() -> FixedOffset {
        FixedOffset::east_opt(3 * 3600).unwrap()
    }

    // 2026-12-03 10:00 in Nairobi (UTC+3).
    const NOW: i64 = 1_796_281_200;

    #[test]
    fn periods_start_at_local_midnight() {
        let today = Period::Today.since(NOW, zone()).unwrap();
        // 2026-12-03 00:00 +03:00 is 2026-12-02 21:00 UTC.
        assert_eq!(today, 1_796_245_200);
        assert_eq!(
            Period::Last7Days.since(NOW, zone()).unwrap(),
            today - 6 * 86_400
        );
        assert_eq!(Period::All.since(NOW, zone()), None);
    }

    #[test]
    fn typed_dates_replace_the_period_and_to_is_inclusive() {
        let mut pane = AuditPane::default();
        pane.filters.from.insert("2026-12-01");
        pane.filters.to.insert("2026-12-01");
        let q = pane.query(NOW, zone()).unwrap();
        assert_eq!(q.until.unwrap() - q.since.unwrap(), 86_400);
        pane.filters.to.clear();
        pane.filters.to.insert("2026-11-30");
        assert_eq!(pane.query(NOW, zone()), Err("From is after To.".into()));
        pane.filters.to.clear();
        pane.filters.to.insert("1/12/2026");
        assert!(pane.query(NOW, zone()).unwrap_err().contains("YYYY-MM-DD"));
    }

    #[test]
    fn a_bad_date_keeps_the_form_open_and_the_filters_in_force() {
        let mut pane = AuditPane::default();
        pane.filters.person.insert("super1");
        pane.on_action(Action::FilterAudit, 1, NOW, zone(), 10);
        pane.on_paste("operator1");
        pane.on_action(Action::NextField, 1, NOW, zone(), 10);
        pane.on_action(Action::NextField, 1, NOW, zone(), 10);
        pane.on_action(Action::NextField, 1, NOW, zone(), 10);
        pane.on_paste("tomorrow");
        let effects = pane.on_action(Action::Confirm, 1, NOW, zone(), 10);
        assert!(effects.is_empty());
        assert!(pane.form.as_ref().unwrap().error.is_some());
        assert_eq!(pane.filters.person.value(), "super1");
    }

    #[test]
    fn applied_filters_load_a_new_audited_view() {
        let mut pane = AuditPane::default();
        pane.on_action(Action::FilterAudit, 7, NOW, zone(), 10);
        pane.on_paste("worker1");
        pane.on_action(Action::NextField, 7, NOW, zone(), 10);
        pane.on_action(Action::NextField, 7, NOW, zone(), 10);
        pane.on_paste("Glass Broken");
        let effects = pane.on_action(Action::Confirm, 7, NOW, zone(), 10);
        match effects.as_slice() {
            [Effect::Audit(AuditEffect::Load { query, audit, .. })] => {
                assert!(*audit);
                assert_eq!(query.person.as_deref(), Some("worker1"));
                assert_eq!(query.action.as_deref(), Some("glass_broken"));
                assert!(query.since.is_some(), "today by default");
            }
            other => panic!("{other:?}"),
        }
        assert!(pane.form.is_none());
        assert!(pane.describe().contains("by worker1"));
    }

    #[test]
    fn a_long_filter_is_shortened_in_the_title_and_the_period_stays() {
        let mut pane = AuditPane::default();
        pane.filters.action.insert(&"a".repeat(300));
        let title = pane.describe();
        assert!(title.ends_with("today"), "{title}");
        assert!(title.chars().count() < 60, "{title}");
    }

    #[test]
    fn a_stale_answer_is_dropped() {
        let mut pane = AuditPane::default();
        pane.reload(1, NOW, zone(), true);
        pane.reload(1, NOW, zone(), false);
        pane.on_loaded(1, Ok(vec![]));
        assert!(pane.loading);
        pane.on_loaded(2, Err("no account named `x`".into()));
        assert!(!pane.loading);
        assert!(pane.message.as_deref().unwrap().contains("no account"));
    }
}
