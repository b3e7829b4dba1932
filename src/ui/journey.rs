//! The case journey at a glance, drawn above an open case's timeline: one
//! row of marks along the time axis (see `domain::journey`), and under it
//! the first and last day with a `^` under the mark of the timeline entry
//! the cursor is on, so Up and Down walk the marks and Enter opens the
//! entry. Symbols and the pointer carry the meaning, not colour.

use super::theme::{Role, Theme};
use crate::app::cases::CaseView;
use crate::domain::journey::{Mark, columns, marks};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Rows the strip takes.
pub const ROWS: u16 = 2;

/// The word of the selected entry's mark, for the timeline's title.
pub fn selected_word(view: &CaseView) -> Option<&'static str> {
    let oldest_first: Vec<(&str, &str)> = view
        .timeline
        .iter()
        .rev()
        .map(|e| (e.kind.as_str(), e.summary.as_str()))
        .collect();
    let at = view.timeline.len().checked_sub(view.selected + 1)?;
    marks(&oldest_first)
        .get(at)
        .copied()
        .flatten()
        .map(|m| m.word)
}

pub fn render(frame: &mut Frame<'_>, area: Rect, view: &CaseView, theme: &Theme) {
    let label = "journey ";
    let width = usize::from(area.width).saturating_sub(label.len());
    if width < 10 || area.height < ROWS {
        return;
    }
    // Oldest first, with the index each entry has in the timeline.
    let n = view.timeline.len();
    let oldest_first: Vec<(&str, &str)> = view
        .timeline
        .iter()
        .rev()
        .map(|e| (e.kind.as_str(), e.summary.as_str()))
        .collect();
    let times: Vec<i64> = view.timeline.iter().rev().map(|e| e.at).collect();
    let cols = columns(&times, width);
    let mut row: Vec<Option<(Mark, bool)>> = vec![None; width];
    let selected = n.checked_sub(view.selected + 1);
    for (i, mark) in marks(&oldest_first).into_iter().enumerate() {
        if let (Some(mark), Some(col)) = (mark, cols.get(i)) {
            // The later mark wins a shared column, except over the selected
            // one, and a step never hides another mark.
            let keep = row[*col].is_some_and(|(_, sel)| sel || mark.symbol == 's');
            if !keep {
                row[*col] = Some((mark, Some(i) == selected));
            }
        }
    }
    let mut spans = vec![Span::styled(label, theme.style(Role::Muted))];
    for cell in &row {
        spans.push(match cell {
            Some((mark, true)) => Span::styled(mark.symbol.to_string(), theme.style(Role::Focus)),
            Some((mark, false)) => Span::raw(mark.symbol.to_string()),
            None => Span::styled("·", theme.style(Role::Muted)),
        });
    }
    frame.render_widget(Line::from(spans), Rect { height: 1, ..area });

    let day = |at: Option<&i64>| {
        at.and_then(|t| chrono::DateTime::from_timestamp(*t, 0))
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let mut axis: Vec<char> = vec![' '; width];
    let first = day(times.first());
    let last = day(times.last());
    let pointer = selected.and_then(|i| cols.get(i)).copied();
    // A day is left out where the pointer would cut into it.
    let clear = |from: usize, len: usize| pointer.is_none_or(|p| p + 1 < from || p > from + len);
    if first.len() < width && clear(0, first.len()) {
        for (i, c) in first.chars().enumerate() {
            axis[i] = c;
        }
    }
    if width > first.len() + last.len() + 2 && clear(width - last.len(), last.len()) {
        for (i, c) in last.chars().enumerate() {
            axis[width - last.len() + i] = c;
        }
    }
    if let Some(col) = pointer {
        axis[col] = '^';
    }
    let text: String = " ".repeat(label.len()) + &axis.into_iter().collect::<String>();
    frame.render_widget(
        Line::styled(text, theme.style(Role::Muted)),
        Rect {
            y: area.y + 1,
            height: 1,
            ..area
        },
    );
}
