//! Key hints: "Ctrl-S complete  Tab next field", each key in the key style,
//! taken from the keymap so an organisation's bindings show as they are.

use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::keymap::Context;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// One line of hints: the first key bound to each action in `context`,
/// followed by its label. Actions with no key are left out.
pub fn line(
    state: &State,
    context: Context,
    hints: &[(Action, &str)],
    theme: &Theme,
) -> Line<'static> {
    let mut spans = Vec::new();
    for (action, label) in hints {
        let key = state.keymap.first_key_for(context, *action);
        if key.is_empty() || !state.offers(*action) {
            continue;
        }
        spans.push(Span::styled(key, theme.style(Role::Key)));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    Line::from(spans)
}

/// A line of hints laid out in rows of `width`: a hint moves whole to the
/// next row rather than be cut, and a key is never parted from its label.
/// (Hint lines are built as key, label pairs, as [`line`] makes them.)
pub fn rows(line: Line<'static>, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let mut rows: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for pair in line.spans.chunks(2) {
        let text: String = pair.iter().map(|s| s.content.as_ref()).collect();
        let full = text.width();
        let shown = text.trim_end().width();
        if used > 0 && used + shown > width {
            rows.push(Line::from(std::mem::take(&mut current)));
            used = 0;
        }
        current.extend(pair.iter().cloned());
        used += full;
    }
    if !current.is_empty() || rows.is_empty() {
        rows.push(Line::from(current));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_move_whole_to_the_next_row() {
        let line = Line::from(vec![
            Span::raw("Ctrl-S"),
            Span::raw(" save  "),
            Span::raw("Esc"),
            Span::raw(" cancel  "),
        ]);
        let rows = rows(line, 16);
        let text: Vec<String> = rows.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, vec!["Ctrl-S save  ", "Esc cancel  "]);
        let one = super::rows(Line::from(vec![Span::raw("a"), Span::raw(" b  ")]), 3);
        assert_eq!(one.len(), 1, "the trailing gap may run past the edge");
    }
}
