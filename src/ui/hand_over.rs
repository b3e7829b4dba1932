//! Hand-overs on screen: the banner that tells a person a colleague is
//! handing them a live intake, and the picker of who takes one.

use super::theme::{Role, Theme};
use crate::app::action::Action;
use crate::app::hand_over::Picker;
use crate::app::keymap::Context;
use crate::app::state::State;
use crate::store::hand_overs::HandOverOffer;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// "⇄ Amina Otieno hands you a live intake (Child helpline, call 4m) ·
/// Ctrl-X take · Ctrl-K decline", shortened to fit: the keys stay.
pub fn banner(
    state: &State,
    offer: &HandOverOffer,
    more: usize,
    theme: &Theme,
    width: u16,
) -> Line<'static> {
    let take = state
        .keymap
        .first_key_for(Context::Global, Action::TakeHandOver);
    let decline = state
        .keymap
        .first_key_for(Context::Global, Action::DeclineHandOver);
    let form = state
        .forms
        .form(&offer.form_id)
        .map_or_else(|| offer.form_id.clone(), |f| f.title.clone());
    let minutes = (state.now.timestamp() - offer.call_started_at).max(0) / 60;
    let more = if more > 0 {
        format!(" (+{more} more)")
    } else {
        String::new()
    };
    let keys = format!(" · {take} take · {decline} decline ");
    let full = format!(
        " ⇄ {} hands you a live intake ({form}, call {minutes}m){more}",
        offer.from_name
    );
    let short = format!(" ⇄ {} hands you an intake", offer.from_name);
    let room = usize::from(width).saturating_sub(keys.width());
    let text = [full, short]
        .into_iter()
        .find(|t| t.width() <= room)
        .unwrap_or_else(|| super::fit::elide(" ⇄ a live intake for you", room));
    Line::styled(format!("{text}{keys}"), theme.style(Role::Alert))
}

pub fn render_picker(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    picker: &Picker,
    theme: &Theme,
) {
    let popup = super::centered(area, area.width.saturating_sub(4).min(60), 16);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Line::styled(
            " Hand this intake to… ",
            theme.style(Role::Title),
        ));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [filter, list, note, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(inner);
    let label = "Name: ";
    let [l, input] =
        Layout::horizontal([Constraint::Length(label.len() as u16), Constraint::Min(1)])
            .areas(filter);
    frame.render_widget(Span::styled(label, theme.style(Role::Title)), l);
    super::field::text(frame, input, &picker.filter, true);
    let shown = picker.shown();
    let mut lines = Vec::new();
    for (i, person) in shown.iter().enumerate() {
        let mark = if i == picker.selected { "▸ " } else { "  " };
        let role = if i == picker.selected {
            Role::Focus
        } else {
            Role::Normal
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark}{}", person.name), theme.style(role)),
            Span::styled(
                format!("  {} · {}", person.role.label(), person.state.label()),
                theme.style(Role::Muted),
            ),
        ]));
    }
    if lines.is_empty() {
        let text = if picker.loading {
            "Looking for who is on the floor…"
        } else if picker.people.is_empty() {
            "Nobody else is on the floor right now."
        } else {
            "Nobody on the floor has that name."
        };
        lines.push(Line::styled(text, theme.style(Role::Muted)));
    }
    frame.render_widget(Paragraph::new(lines), list);
    let text = match &picker.error {
        Some(error) => Line::styled(format!("✗ {error}"), theme.style(Role::Error)),
        None => Line::styled(
            "Everything typed so far goes with the intake; they get it within a second.",
            theme.style(Role::Muted),
        ),
    };
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), note);
    let ctx = Context::HandOverPick;
    frame.render_widget(
        super::field::hints(
            &[
                (
                    state.keymap.first_key_for(ctx, Action::Confirm),
                    "hand over",
                ),
                (state.keymap.first_key_for(ctx, Action::Cancel), "cancel"),
            ],
            theme,
        ),
        hints,
    );
}
