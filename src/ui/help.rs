//! The help overlay: every key of the focused context, then the global keys.

use super::centered;
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::keymap::Context;
use crate::app::update::help_contexts;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

fn context_title(ctx: Context, state: &State) -> String {
    match (ctx, &state.screen) {
        (Context::Global, _) => "Everywhere".into(),
        (Context::Shell, crate::app::state::Screen::Shell(shell)) => {
            format!("Main screen ({} pane)", shell.pane.title())
        }
        (Context::Login, _) => "Sign-in screen".into(),
        (ctx, _) => ctx.name().into(),
    }
}

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    let mut lines = Vec::new();
    for ctx in help_contexts(state) {
        let bindings = state.keymap.bindings(ctx);
        if bindings.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(
            context_title(ctx, state),
            theme.style(Role::Title),
        ));
        for (key, action) in bindings {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<10}", key.to_string()), theme.style(Role::Key)),
                Span::raw(action.describe()),
            ]));
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "Keys can be changed in the config file, [keys.CONTEXT].",
        theme.style(Role::Muted),
    ));
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = centered(area, 60, height);
    let close = state
        .keymap
        .keys_for(Context::Help, crate::app::Action::Close);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Line::styled(" Help · keys ", theme.style(Role::Title)))
        .title_bottom(Line::from(format!(" {close} close ")));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        popup,
    );
}
