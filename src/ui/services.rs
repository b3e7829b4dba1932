//! The Services pane: the directory list with its search and the details
//! of the selected entry, the add/edit form, and the confirm step.

use super::field;
use super::table::{Column, TextRow};
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::keymap::Context;
use crate::app::services::ServicesPane;
use crate::store::services::ServiceRow;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// The directory's columns. As the width shrinks opening hours go first,
/// then languages, then location (all shown under the list for the
/// selected service); name, organisation, type and phone always stay, and
/// a phone too long for its column ends in '…'.
const COLUMNS: [Column; 7] = [
    Column::fill("Name", 3, 24, 0),
    Column::fill("Organisation", 2, 12, 0),
    Column::fixed("Type", 13, 0),
    Column::fill("Location", 1, 10, 1),
    Column::fill("Languages", 2, 8, 2),
    Column::fill("Opening hours", 2, 12, 3),
    Column::fixed("Phone", 16, 0),
];

fn key(state: &State, ctx: Context, action: Action) -> String {
    state.keymap.first_key_for(ctx, action)
}

/// Draws the Services pane: the form when one is open, else the
/// directory with its search, details and the confirm step.
pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    pane: &ServicesPane,
    theme: &Theme,
) {
    if let Some(form) = &pane.form {
        super::service_form::render(frame, area, state, form, theme);
        return;
    }
    let title = match pane.search.value().trim() {
        "" => " Services · directory ".to_string(),
        text => format!(" Services · matching “{text}” "),
    };
    let block = Block::bordered().title(Line::styled(title, theme.style(Role::Title)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [bar, table_area, details, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(3),
        Constraint::Length(1),
    ])
    .areas(inner);

    if pane.searching || !pane.search.value().is_empty() {
        let label = "Search: ";
        let [l, input] =
            Layout::horizontal([Constraint::Length(label.len() as u16), Constraint::Min(1)])
                .areas(bar);
        frame.render_widget(Span::styled(label, theme.style(Role::Title)), l);
        field::text(frame, input, &pane.search, pane.searching);
    } else {
        let ctx = Context::Services;
        frame.render_widget(
            field::hints(
                &[
                    (key(state, ctx, Action::Search), "search"),
                    (key(state, ctx, Action::NewService), "add"),
                    (key(state, ctx, Action::EditService), "edit"),
                    (key(state, ctx, Action::ToggleActive), "retire / bring back"),
                ],
                theme,
            ),
            bar,
        );
    }
    render_table(frame, table_area, pane, theme);
    if let Some(row) = pane.rows.get(pane.selected) {
        render_details(frame, details, row, theme);
    }

    let line = if let Some(confirm) = &pane.confirm {
        let (verb, effect) = if confirm.activate {
            ("Bring back", "it can be referred to again")
        } else {
            ("Retire", "no new referrals; existing ones keep it")
        };
        Line::from(vec![
            Span::styled(
                format!("⚠ {verb} “{}”? ({effect}) ", confirm.name),
                theme.style(Role::Error),
            ),
            Span::styled(
                key(state, Context::ServiceConfirm, Action::Confirm),
                theme.style(Role::Key),
            ),
            Span::raw(" yes  "),
            Span::styled(
                key(state, Context::ServiceConfirm, Action::Cancel),
                theme.style(Role::Key),
            ),
            Span::raw(" no"),
        ])
    } else if let Some(message) = &pane.message {
        field::message(message, theme)
    } else if pane.loading && pane.rows.is_empty() {
        Line::styled("Loading…", theme.style(Role::Muted))
    } else if pane.rows.is_empty() {
        Line::styled("No services match.", theme.style(Role::Muted))
    } else {
        let more = if pane.exhausted { "" } else { ", more below" };
        Line::styled(
            format!("{} of {} shown{more}", pane.selected + 1, pane.rows.len()),
            theme.style(Role::Muted),
        )
    };
    frame.render_widget(line, footer);
}

/// The name, marked with a symbol and a word when the service is retired;
/// the mark comes first so a narrow column never cuts it off.
fn name(row: &ServiceRow) -> String {
    if row.active {
        row.record.name.clone()
    } else {
        format!("✗ retired: {}", row.record.name)
    }
}

fn render_table(frame: &mut Frame<'_>, area: Rect, pane: &ServicesPane, theme: &Theme) {
    let rows = pane
        .rows
        .iter()
        .map(|r| {
            let rec = &r.record;
            let style = theme.style(if r.active { Role::Normal } else { Role::Muted });
            let plain = Style::default();
            TextRow {
                cells: vec![
                    (name(r), plain),
                    (rec.organisation.clone(), plain),
                    (rec.service_type.as_str().replace('_', " "), plain),
                    (rec.location.clone(), plain),
                    (rec.languages.clone(), plain),
                    (rec.opening_hours.replace('\n', " / "), plain),
                    (rec.phone.clone(), plain),
                ],
                style,
            }
        })
        .collect();
    super::table::draw(
        frame,
        area,
        &COLUMNS,
        rows,
        (!pane.rows.is_empty()).then_some(pane.selected),
        theme,
    );
}

/// Everything about the selected service that the table leaves out.
fn render_details(frame: &mut Frame<'_>, area: Rect, row: &ServiceRow, theme: &Theme) {
    let rec = &row.record;
    let muted = theme.style(Role::Muted);
    let or_dash = |s: &str| {
        if s.trim().is_empty() {
            "—".to_string()
        } else {
            s.replace('\n', " / ")
        }
    };
    // The phone in full: its column may have had to cut it.
    let mut spans = vec![
        Span::styled("Phone ", muted),
        Span::raw(or_dash(&rec.phone)),
        Span::styled(" · Location ", muted),
        Span::raw(or_dash(&rec.location)),
        Span::styled(" · Hours ", muted),
        Span::raw(or_dash(&rec.opening_hours)),
        Span::styled(" · Languages ", muted),
        Span::raw(or_dash(&rec.languages)),
        Span::styled(" · E-mail ", muted),
        Span::raw(or_dash(&rec.email)),
    ];
    if !rec.notes.trim().is_empty() {
        spans.push(Span::styled(" · Notes ", muted));
        spans.push(Span::raw(or_dash(&rec.notes)));
    }
    if !row.active {
        spans.insert(
            0,
            Span::styled("✗ retired from the directory · ", theme.style(Role::Error)),
        );
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans))
            .wrap(Wrap { trim: true })
            .block(Block::new().borders(Borders::TOP)),
        area,
    );
}
