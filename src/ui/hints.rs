//! Key hints: "Ctrl-S complete  Tab next field", each key in the key style,
//! taken from the keymap so an organisation's bindings show as they are.

use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::keymap::Context;
use ratatui::text::{Line, Span};

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
