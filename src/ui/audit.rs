//! The Audit pane: the audit log newest first under the filters in force,
//! the selected line in full, and the filter form over it.

use super::field;
use super::table::{Column, TextRow};
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::audit::{AuditPane, FilterField, FilterForm};
use crate::app::keymap::Context;
use crate::store::audit_search::AuditLine;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

/// The log's columns: the record wide enough for a whole case number.
/// As the width shrinks the detail goes first (it is shown in full under
/// the list for the selected line).
const COLUMNS: [Column; 5] = [
    Column::fixed("Time", 19, 0),
    Column::fixed("Person", 12, 0),
    Column::fixed("Action", 18, 0),
    Column::fixed("Record", 15, 0),
    Column::fill("Detail", 1, 8, 1),
];

fn key(state: &State, ctx: Context, action: Action) -> String {
    state.keymap.first_key_for(ctx, action)
}

/// Local time of a line, to the second.
fn time(state: &State, at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|t| {
            t.with_timezone(&state.utc_offset)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|| at.to_string())
}

/// The record a line is about, by case number where it is a case.
fn record(line: &AuditLine) -> String {
    match (&line.case_number, &line.record_type, line.record_id) {
        (Some(number), _, _) => number.clone(),
        (None, Some(kind), Some(id)) if id > 0 => format!("{kind} {id}"),
        (None, Some(kind), _) => kind.clone(),
        _ => "—".into(),
    }
}

fn person(line: &AuditLine) -> String {
    line.username.clone().unwrap_or_else(|| "(system)".into())
}

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, pane: &AuditPane, theme: &Theme) {
    let block = Block::bordered().title(Line::styled(
        format!(" Audit log · {} ", pane.describe()),
        theme.style(Role::Title),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [bar, table_area, details, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(inner);
    let ctx = Context::Audit;
    frame.render_widget(
        field::hints(
            &[
                (key(state, ctx, Action::FilterAudit), "filter"),
                (key(state, ctx, Action::CyclePeriod), "period"),
                (key(state, ctx, Action::ExportCsv), "export CSV"),
                (key(state, ctx, Action::Open), "open the case"),
            ],
            theme,
        ),
        bar,
    );
    let rows = pane
        .lines
        .iter()
        .map(|line| {
            let plain = Style::default();
            TextRow {
                cells: vec![
                    (time(state, line.at), plain),
                    (person(line), plain),
                    (line.action.replace('_', " "), plain),
                    (record(line), plain),
                    (line.detail.clone().unwrap_or_default(), plain),
                ],
                style: theme.style(Role::Normal),
            }
        })
        .collect();
    super::table::draw(
        frame,
        table_area,
        &COLUMNS,
        rows,
        (!pane.lines.is_empty()).then_some(pane.selected),
        theme,
    );
    if let Some(message) = &pane.message {
        // Said in full (an export's path is long), over the selected line.
        let [text, _] = Layout::vertical([Constraint::Min(1), Constraint::Length(0)])
            .areas(details.union(footer));
        frame.render_widget(
            Paragraph::new(field::message(message, theme)).wrap(Wrap { trim: true }),
            text,
        );
    } else if let Some(line) = pane.lines.get(pane.selected) {
        let muted = theme.style(Role::Muted);
        let text = Line::from(vec![
            Span::styled(format!("{} ", person(line)), theme.style(Role::Title)),
            Span::raw(line.action.replace('_', " ")),
            Span::styled(" · ", muted),
            Span::raw(record(line)),
            Span::styled(" · ", muted),
            Span::raw(line.detail.clone().unwrap_or_else(|| "no detail".into())),
        ]);
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), details);
    }
    let status = if pane.message.is_some() {
        // Said above, in full.
        None
    } else if pane.loading && !pane.loaded_once {
        Some(Line::styled("Loading…", theme.style(Role::Muted)))
    } else if pane.lines.is_empty() {
        Some(Line::styled(
            "No audit lines match. Widen the period or change the filters.",
            theme.style(Role::Muted),
        ))
    } else {
        let most = if pane.lines.len() as u32 >= crate::app::audit::LIMIT {
            " (the newest; narrow the filters or use `helpline audit list` for more)"
        } else {
            ""
        };
        Some(Line::styled(
            format!("{} of {} lines{most}", pane.selected + 1, pane.lines.len()),
            theme.style(Role::Muted),
        ))
    };
    if let Some(status) = status {
        frame.render_widget(status, footer);
    }
    if let Some(form) = &pane.form {
        render_form(frame, area, state, form, theme);
    }
}

/// The filter form, over the list.
fn render_form(frame: &mut Frame<'_>, area: Rect, state: &State, form: &FilterForm, theme: &Theme) {
    let height = FilterField::ALL.len() as u16 + 6;
    let popup = super::centered(area, area.width.saturating_sub(4).min(70), height);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Line::styled(
            " Filter the audit log ",
            theme.style(Role::Title),
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let mut rows = vec![Constraint::Length(1); FilterField::ALL.len()];
    rows.extend([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ]);
    let areas = Layout::vertical(rows).split(inner);
    let label_width = FilterField::ALL
        .iter()
        .map(|f| f.label().chars().count())
        .max()
        .unwrap_or(0);
    for (i, field_id) in FilterField::ALL.into_iter().enumerate() {
        let focused = form.focus == field_id;
        let [l, input] = Layout::horizontal([
            Constraint::Length(label_width as u16 + 3),
            Constraint::Min(1),
        ])
        .areas(areas[i]);
        frame.render_widget(
            field::label(field_id.label(), label_width, focused, theme),
            l,
        );
        field::text(frame, input, form.draft.input(field_id), focused);
    }
    let n = FilterField::ALL.len();
    let note = match &form.error {
        Some(error) => Line::styled(format!("✗ {error}"), theme.style(Role::Error)),
        None => Line::styled(
            "Empty fields match everything. Dates replace the period.",
            theme.style(Role::Muted),
        ),
    };
    frame.render_widget(Paragraph::new(note).wrap(Wrap { trim: true }), areas[n + 1]);
    let ctx = Context::AuditFilter;
    frame.render_widget(
        field::hints(
            &[
                (key(state, ctx, Action::Confirm), "apply"),
                (key(state, ctx, Action::NextField), "next field"),
                (key(state, ctx, Action::Cancel), "cancel"),
            ],
            theme,
        ),
        areas[n + 2],
    );
}
