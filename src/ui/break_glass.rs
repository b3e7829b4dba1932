//! The break-the-glass dialog over the case list: why the case is not
//! shown, what opening it sets off, and the reason being typed.

use super::theme::{Role, Theme};
use crate::app::action::Action;
use crate::app::break_glass::GlassDialog;
use crate::app::keymap::Context;
use crate::app::state::State;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    dialog: &GlassDialog,
    theme: &Theme,
) {
    let popup = super::centered(area, area.width.saturating_sub(4).min(72), 11);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Line::styled(" Break the glass ", theme.style(Role::Title)));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [text, input, message, hint] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(inner);
    let case = dialog.number.as_deref().unwrap_or("This case");
    let explain = vec![
        Line::raw(format!(
            "{} is outside your work. To open it, say why: the reason, your name \
             and the time go on the case and in the audit log, and its supervisors are alerted.",
            case
        )),
        Line::styled("Why do you need this case?", theme.style(Role::Title)),
    ];
    frame.render_widget(Paragraph::new(explain).wrap(Wrap { trim: true }), text);
    super::field::text(frame, input, &dialog.reason, !dialog.sending);
    let note = match (&dialog.error, dialog.sending) {
        (_, true) => Line::styled("Opening…", theme.style(Role::Muted)),
        (Some(error), false) => Line::styled(format!("✗ {error}"), theme.style(Role::Error)),
        (None, false) => Line::raw(""),
    };
    frame.render_widget(Paragraph::new(note).wrap(Wrap { trim: true }), message);
    let confirm = state
        .keymap
        .first_key_for(Context::BreakGlass, Action::Confirm);
    let cancel = state
        .keymap
        .first_key_for(Context::BreakGlass, Action::Cancel);
    frame.render_widget(
        Line::styled(
            format!("{confirm} open the case · {cancel} cancel"),
            theme.style(Role::Muted),
        ),
        hint,
    );
}
