//! One-line text fields and choices as the panes' forms draw them: the
//! text scrolled so the cursor stays in view, a choice between arrows.

use super::theme::{Role, Theme};
use crate::app::text_input::TextInput;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// Draws `input` in `area`; when `focused`, puts the terminal cursor at
/// its cursor, scrolling the text left when it is longer than the area
/// (a leading '…' says that text is out of sight). Not being edited, a
/// value shows from its start and, too long for its field, ends in '…':
/// a phone number cut short never reads as a whole one.
pub fn text(frame: &mut Frame<'_>, area: Rect, input: &TextInput, focused: bool) {
    if area.width == 0 {
        return;
    }
    let chars: Vec<char> = input.value().chars().collect();
    if !focused {
        let value: String = chars.iter().collect();
        let shown = super::fit::elide(&value, usize::from(area.width));
        frame.render_widget(Line::raw(shown), area);
        return;
    }
    let room = usize::from(area.width.saturating_sub(1));
    let cursor = input.cursor().min(chars.len());
    // Drop characters from the left until the text before the cursor fits
    // beside the mark.
    let mut start = 0;
    while start < cursor && width(&chars[start..cursor]) + usize::from(start > 0) > room {
        start += 1;
    }
    let mark = if start > 0 { "…" } else { "" };
    let visible: String = mark.chars().chain(chars[start..].iter().copied()).collect();
    // Text past the right edge is marked too.
    let visible = super::fit::elide(&visible, usize::from(area.width));
    frame.render_widget(Line::raw(visible), area);
    let x = (width(&chars[start..cursor]) + mark.len().min(1)).min(room) as u16;
    frame.set_cursor_position(Position::new(area.x + x, area.y));
}

fn width(chars: &[char]) -> usize {
    chars.iter().collect::<String>().width()
}

/// A choice shown between arrows, "◂ yes ▸", so it reads as changeable
/// without colour.
pub fn choice(value: &str, focused: bool, theme: &Theme) -> Span<'static> {
    let role = if focused { Role::Focus } else { Role::Normal };
    Span::styled(format!("◂ {value} ▸"), theme.style(role))
}

/// The label of a form field, marked "▸" when it has the focus.
pub fn label(text: &str, width: usize, focused: bool, theme: &Theme) -> Span<'static> {
    let mark = if focused { "▸ " } else { "  " };
    let role = if focused { Role::Title } else { Role::Muted };
    Span::styled(format!("{mark}{text:<width$}"), theme.style(role))
}

/// A message line styled by its leading symbol: "✓" good news, "✗" and
/// "⚠" trouble, anything else quiet.
pub fn message(text: &str, theme: &Theme) -> Line<'static> {
    let role = if text.starts_with('✓') {
        Role::Ok
    } else if text.starts_with('✗') || text.starts_with('⚠') {
        Role::Error
    } else {
        Role::Muted
    };
    Line::styled(text.to_string(), theme.style(role))
}

/// Key hints: each key in the key style followed by what it does.
pub fn hints(pairs: &[(String, &str)], theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, label) in pairs {
        if key.is_empty() {
            continue;
        }
        spans.push(Span::styled(key.clone(), theme.style(Role::Key)));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    Line::from(spans)
}
