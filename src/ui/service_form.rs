//! The add/edit form of the Services pane: one labelled line per field.

use super::field;
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::keymap::Context;
use crate::app::service_form::{LABELS, ServiceForm, TYPE_FIELD};
use crate::domain::service::FIELDS;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

/// Label column: the longest label, its focus mark and the required star.
const LABEL_WIDTH: usize = 15;

/// Draws the add/edit form in place of the directory list.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, form: &ServiceForm, theme: &Theme) {
    let title = match form.editing {
        Some(_) => " Services · edit service ",
        None => " Services · new service ",
    };
    let block = Block::bordered().title(Line::styled(title, theme.style(Role::Title)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [fields_area, message_area, keys] = Layout::vertical([
        Constraint::Length(FIELDS.len() as u16 + 1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let rows = Layout::vertical(vec![Constraint::Length(1); FIELDS.len()]).split(fields_area);
    for (i, spec) in FIELDS.iter().enumerate() {
        let focused = form.focus == i;
        let star = if spec.required { "*" } else { "" };
        let label_text = format!("{}{star}", LABELS[i]);
        let [label_area, value_area] = Layout::horizontal([
            Constraint::Length(LABEL_WIDTH as u16 + 3),
            Constraint::Min(1),
        ])
        .areas(rows[i]);
        frame.render_widget(
            field::label(&label_text, LABEL_WIDTH, focused, theme),
            label_area,
        );
        if i == TYPE_FIELD {
            frame.render_widget(
                Line::from(field::choice(form.service_type.label(), focused, theme)),
                value_area,
            );
        } else {
            field::text(frame, value_area, &form.inputs[i], focused);
        }
    }

    let mut lines = Vec::new();
    if form.saving {
        lines.push(Line::styled("Saving…", theme.style(Role::Muted)));
    } else if let Some(message) = &form.message {
        lines.push(field::message(message, theme));
    } else {
        lines.push(Line::styled(
            "* required. Opening hours and notes on several lines show “ / ” between them.",
            theme.style(Role::Muted),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }),
        message_area,
    );

    let ctx = Context::ServiceForm;
    let k = |a| state.keymap.first_key_for(ctx, a);
    let choose = format!("{}/{}", k(Action::PrevChoice), k(Action::NextChoice));
    let hint = field::hints(
        &[
            (k(Action::NextField), "next field"),
            (choose, "type"),
            (k(Action::Save), "save"),
            (k(Action::Cancel), "cancel"),
        ],
        theme,
    );
    frame.render_widget(hint, keys);
}
