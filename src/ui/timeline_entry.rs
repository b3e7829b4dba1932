//! A timeline entry opened in full: the document laid out in rows (the
//! same layout the keys scroll by), a scroll position and the keys.

use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::cases::CaseView;
use crate::app::keymap::Context;
use crate::app::timeline_entry::{EntryView, Tone, layout};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    view: &CaseView,
    entry: &EntryView,
    theme: &Theme,
) {
    let title = match &entry.doc {
        Some(doc) => format!("{} · {}", view.detail.row.number, doc.title),
        None => view.detail.row.number.clone(),
    };
    // A long title (a service's name and agency) ends in '…' inside the
    // border's corners; the document below gives it whole.
    let title = format!(
        " {} ",
        super::fit::elide(&title, usize::from(area.width.saturating_sub(4)))
    );
    let block = Block::bordered().title(Line::styled(title, theme.style(Role::Title)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [text_area, hints_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);

    let Some(doc) = &entry.doc else {
        let line = match &entry.error {
            Some(error) => Line::styled(format!("✗ {error}"), theme.style(Role::Error)),
            None => Line::styled("Loading…", theme.style(Role::Muted)),
        };
        frame.render_widget(line, text_area);
        frame.render_widget(hints(state, theme, "", hints_area.width), hints_area);
        return;
    };
    let rows = layout(doc, usize::from(text_area.width));
    let height = usize::from(text_area.height);
    // The keys bound the scroll with the pane's height as the app knows it;
    // the drawn area decides what is really the last screenful.
    let scroll = entry.scroll.min(rows.len().saturating_sub(height));
    let lines: Vec<Line<'_>> = rows
        .iter()
        .skip(scroll)
        .take(height)
        .map(|row| {
            Line::from(
                row.iter()
                    .map(|(tone, text)| Span::styled(text.as_str(), style(*tone, theme)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), text_area);
    let position = if rows.len() > height {
        let last = (scroll + height).min(rows.len());
        format!("rows {}–{last} of {} · ", scroll + 1, rows.len())
    } else {
        String::new()
    };
    frame.render_widget(hints(state, theme, &position, hints_area.width), hints_area);
}

fn style(tone: Tone, theme: &Theme) -> ratatui::style::Style {
    match tone {
        Tone::Heading => theme.style(Role::Title),
        Tone::Label => theme.style(Role::Muted),
        Tone::Value => theme.style(Role::Normal),
    }
}

/// The position and the keys, within `width`: a long position first
/// shortens "back to the timeline" to "back", then goes itself; the keys
/// always show whole.
fn hints(state: &State, theme: &Theme, position: &str, width: u16) -> Line<'static> {
    let key = |action| state.keymap.first_key_for(Context::CaseEntry, action);
    let build = |position: &str, back: &'static str| {
        let mut spans = vec![Span::styled(position.to_string(), theme.style(Role::Muted))];
        for (keys, label) in [
            (
                format!("{}/{}", key(Action::Down), key(Action::Up)),
                "scroll",
            ),
            (
                format!("{}/{}", key(Action::PageDown), key(Action::PageUp)),
                "page",
            ),
            (key(Action::Back), back),
        ] {
            spans.push(Span::styled(keys, theme.style(Role::Key)));
            spans.push(Span::raw(format!(" {label}  ")));
        }
        Line::from(spans)
    };
    let fits = |line: &Line<'_>| {
        line.spans
            .iter()
            .map(|s| s.content.as_ref())
            .collect::<String>()
            .trim_end()
            .width()
            <= usize::from(width)
    };
    [
        build(position, "back to the timeline"),
        build(position, "back"),
        build("", "back to the timeline"),
    ]
    .into_iter()
    .find(fits)
    .unwrap_or_else(|| build("", "back"))
}
