//! The one table every list pane draws: a muted header, the selected row
//! highlighted and marked with ▸ (so it shows without colour).
//!
//! Each pane states its columns as data ([`Column`]): a width and a drop
//! rank. When the terminal is too narrow for all of them, the column with
//! the highest rank goes first, then the next; rank 0 never goes. A cell
//! longer than its column ends in '…' so a cut number never passes for a
//! whole one.

use super::theme::{Role, Theme};
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Cell, Row, Table, TableState};

/// Gap between columns.
const SPACING: u16 = 1;

/// One column of a list pane.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    /// `Length(n)` for fixed columns, `Fill(n)` for ones that share the rest.
    pub width: Constraint,
    /// The fewest cells a `Fill` column is worth showing in.
    pub min: u16,
    /// Which goes first as the width shrinks: highest first; 0 never.
    pub drop: u8,
}

impl Column {
    pub const fn fixed(title: &'static str, width: u16, drop: u8) -> Column {
        Column {
            title,
            width: Constraint::Length(width),
            min: width,
            drop,
        }
    }

    pub const fn fill(title: &'static str, share: u16, min: u16, drop: u8) -> Column {
        Column {
            title,
            width: Constraint::Fill(share),
            min,
            drop,
        }
    }
}

/// One row: a text and style per column (for every column, dropped or not).
pub struct TextRow {
    pub cells: Vec<(String, Style)>,
    pub style: Style,
}

/// Which columns fit in `width` (the table's whole width, ▸ included).
pub fn kept(columns: &[Column], width: u16) -> Vec<bool> {
    let room = width.saturating_sub(1);
    let mut keep = vec![true; columns.len()];
    loop {
        let shown = keep.iter().filter(|k| **k).count() as u16;
        let needed: u16 = columns
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(c, _)| c.min)
            .sum::<u16>()
            + SPACING * shown.saturating_sub(1);
        if needed <= room {
            return keep;
        }
        let next = columns
            .iter()
            .enumerate()
            .filter(|(i, c)| keep[*i] && c.drop > 0)
            .max_by_key(|(i, c)| (c.drop, *i))
            .map(|(i, _)| i);
        match next {
            Some(i) => keep[i] = false,
            None => return keep,
        }
    }
}

/// Draws `rows` under the columns that fit, `selected` highlighted.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    columns: &[Column],
    rows: Vec<TextRow>,
    selected: Option<usize>,
    theme: &Theme,
) {
    let keep = kept(columns, area.width);
    let shown: Vec<&Column> = columns
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(c, _)| c)
        .collect();
    // The widths the table will use, so each cell is cut to its own.
    let room = Rect {
        width: area.width.saturating_sub(1),
        ..area
    };
    let widths: Vec<u16> = Layout::horizontal(shown.iter().map(|c| c.width))
        .spacing(SPACING)
        .flex(Flex::Start)
        .split(room)
        .iter()
        .map(|r| r.width)
        .collect();
    let header = Row::new(
        shown
            .iter()
            .zip(&widths)
            .map(|(c, w)| super::fit::elide(c.title, usize::from(*w))),
    )
    .style(theme.style(Role::Muted));
    let rows = rows.into_iter().map(|row| {
        let cells = row
            .cells
            .into_iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(cell, _)| cell)
            .zip(&widths)
            .map(|((text, style), w)| {
                Cell::from(super::fit::elide(&text, usize::from(*w))).style(style)
            });
        Row::new(cells.collect::<Vec<_>>()).style(row.style)
    });
    let table = Table::new(rows, widths.iter().map(|w| Constraint::Length(*w)))
        .header(header)
        .column_spacing(SPACING)
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
        .row_highlight_style(theme.style(Role::Focus))
        .highlight_symbol("▸");
    let mut state = TableState::default().with_selected(selected);
    frame.render_stateful_widget(table, area, &mut state);
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: [Column; 4] = [
        Column::fixed("Risk", 10, 0),
        Column::fill("Name", 1, 12, 0),
        Column::fill("Worker", 1, 10, 1),
        Column::fixed("Raised", 16, 2),
    ];

    #[test]
    fn columns_drop_highest_rank_first() {
        // 10 + 12 + 10 + 16 + 3 gaps + ▸ = 52.
        assert_eq!(kept(&COLUMNS, 52), vec![true; 4]);
        assert_eq!(kept(&COLUMNS, 51), vec![true, true, true, false]);
        assert_eq!(kept(&COLUMNS, 35), vec![true, true, true, false]);
        assert_eq!(kept(&COLUMNS, 34), vec![true, true, false, false]);
        // Rank 0 stays however narrow.
        assert_eq!(kept(&COLUMNS, 5), vec![true, true, false, false]);
    }
}
