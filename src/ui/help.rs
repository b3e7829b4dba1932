//! The help overlay: every key of the focused context, then the shell's and
//! the global keys. Keys doing the same thing share a line; a long list
//! scrolls.

use super::centered;
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::keymap::Context;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

fn context_title(ctx: Context, state: &State) -> String {
    match (ctx, &state.screen) {
        (Context::Shell, crate::app::state::Screen::Shell(shell)) => {
            format!("Main screen ({} pane)", shell.pane.title())
        }
        (ctx, _) => ctx.title().into(),
    }
}

/// The editing keys every text field and search box takes (see
/// `app::text_input`); they are not in the keymap.
const TEXT_KEYS: &[(&str, &str)] = &[
    ("Ctrl-U", "clear the line"),
    ("Ctrl-A, Home", "go to the start of the line"),
    ("Ctrl-E, End", "go to the end of the line"),
    ("Backspace", "delete the character before the cursor"),
    ("Delete", "delete the character under the cursor"),
];

/// Every line of the help text, for the overlay and for scroll limits.
pub fn lines(state: &State, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for ctx in state.help_contexts() {
        let mut grouped: Vec<(Action, Vec<String>)> = Vec::new();
        for (key, action) in state.keymap.bindings(ctx) {
            if !state.offers(*action) {
                continue;
            }
            match grouped.iter_mut().find(|(a, _)| a == action) {
                Some((_, keys)) => keys.push(key.to_string()),
                None => grouped.push((*action, vec![key.to_string()])),
            }
        }
        if grouped.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(
            context_title(ctx, state),
            theme.style(Role::Title),
        ));
        for (action, keys) in grouped {
            push_key(&mut lines, &keys.join(", "), describe(ctx, action), theme);
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled("Typing in a field", theme.style(Role::Title)));
    for (keys, what) in TEXT_KEYS {
        push_key(&mut lines, keys, what, theme);
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "Keys can be changed in the config file, [keys.CONTEXT].",
        theme.style(Role::Muted),
    ));
    lines
}

/// What a key does in `ctx`, where it says more than the action's name.
fn describe(ctx: Context, action: Action) -> &'static str {
    match (ctx, action) {
        (Context::Risk, Action::PageDown) => "scroll the outcome down",
        (Context::Risk, Action::PageUp) => "scroll the outcome up",
        _ => action.describe(),
    }
}

/// The overlay's width, borders included.
const WIDTH: u16 = 70;
/// The key column: two spaces and sixteen for the keys.
const KEY_COLUMN: usize = 18;

/// One key's line: the keys, then what they do, wrapped under itself
/// when it is longer than the overlay is wide (never cut).
fn push_key(lines: &mut Vec<Line<'static>>, keys: &str, what: &str, theme: &Theme) {
    let room = usize::from(WIDTH - 2) - KEY_COLUMN;
    // Keys as wide as their column still keep a space before the words.
    let keys = if keys.chars().count() >= KEY_COLUMN - 2 {
        format!("  {keys} ")
    } else {
        format!("  {keys:<16}")
    };
    // Keys longer than their column push the words along: wrap what is left.
    let first_room = room.saturating_sub(keys.chars().count().saturating_sub(KEY_COLUMN));
    let mut parts = super::fit::wrap(what, first_room.max(10)).into_iter();
    lines.push(Line::from(vec![
        Span::styled(keys, theme.style(Role::Key)),
        Span::raw(parts.next().unwrap_or_default()),
    ]));
    let rest: Vec<String> = parts.collect();
    for part in super::fit::wrap(&rest.join(" "), room) {
        if !part.is_empty() {
            lines.push(Line::raw(format!("{}{part}", " ".repeat(KEY_COLUMN))));
        }
    }
}

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let lines = lines(state, theme);
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let popup = centered(area, WIDTH, height);
    let visible = usize::from(height.saturating_sub(2));
    let scroll = state.help_scroll.min(lines.len().saturating_sub(visible));
    let more = lines.len() > scroll + visible;
    let close = state.keymap.first_key_for(Context::Help, Action::Close);
    let footer = if more {
        format!(" ↓ more · {close} close ")
    } else {
        format!(" {close} close ")
    };
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Line::styled(" Help · keys ", theme.style(Role::Title)))
        .title_bottom(Line::from(footer));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll as u16, 0))
            .block(block),
        popup,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn text(line: &Line<'_>) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_long_description_wraps_under_itself_within_the_overlay() {
        let mut lines = Vec::new();
        let what = "mark the referral declined and ask for the reason, which the agency sees";
        push_key(
            &mut lines,
            "Shift-D, Ctrl-Alt-D",
            what,
            &Theme::monochrome(),
        );
        assert!(lines.len() > 1, "{lines:?}");
        for line in &lines {
            assert!(text(line).width() <= usize::from(WIDTH - 2), "{line:?}");
        }
        let words: Vec<String> = lines.iter().map(text).collect();
        assert_eq!(
            words
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            format!("Shift-D, Ctrl-Alt-D {what}")
        );
        assert!(text(&lines[1]).starts_with(&" ".repeat(KEY_COLUMN)));
    }
}
