//! The one table every list pane draws: a muted header, the selected row
//! highlighted and marked with ▸ (so it shows without colour).

use super::theme::{Role, Theme};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Row, Table, TableState};

/// Draws `rows` under `titles` with `widths`, `selected` highlighted.
pub fn draw<'a>(
    frame: &mut Frame<'_>,
    area: Rect,
    titles: &[&'a str],
    widths: Vec<Constraint>,
    rows: impl IntoIterator<Item = Row<'a>>,
    selected: Option<usize>,
    theme: &Theme,
) {
    let header = Row::new(titles.iter().copied()).style(theme.style(Role::Muted));
    let table = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(theme.style(Role::Focus))
        .highlight_symbol("▸");
    let mut state = TableState::default().with_selected(selected);
    frame.render_stateful_widget(table, area, &mut state);
}
