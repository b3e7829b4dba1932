//! The refer dialog, drawn over the open case.

use super::field;
use super::format::risk;
use super::referrals::{urgency, urgency_role};
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::keymap::Context;
use crate::app::refer::{RESULTS, ReferDialog, ReferField};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

const LABEL_WIDTH: usize = 9;

/// Draws the refer dialog centred over the open case.
pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    dialog: &ReferDialog,
    theme: &Theme,
) {
    let asks_override = dialog.asks_override();
    // Fixed rows for the results, so the dialog does not jump as results come.
    let height = 2 + 1 + RESULTS as u16 + 1 + u16::from(asks_override) + 2 + 2 + 1;
    let popup = super::centered(area, area.width.saturating_sub(4).min(100), height);
    let t = &dialog.target;
    // The case number and risk stay whole; a long name ends in '…'.
    let fixed = format!(" Refer case {} ·  · risk {} ", t.number, risk(t.risk));
    let name_room = usize::from(popup.width.saturating_sub(2)).saturating_sub(fixed.width());
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Line::styled(
            format!(
                " Refer case {} · {} · risk {} ",
                t.number,
                super::fit::elide(&t.child, name_room),
                risk(t.risk)
            ),
            theme.style(Role::Title),
        ));
    let inner = block.inner(popup);
    frame.render_widget(Clear, popup);
    frame.render_widget(block, popup);

    let [
        search,
        results,
        consent,
        override_row,
        urgency_row,
        note,
        message,
        keys,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(u16::from(asks_override)),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(inner);

    let focus = dialog.focus;
    let row = |frame: &mut Frame<'_>, area: Rect, name: &str, field: ReferField| {
        let [l, v] = Layout::horizontal([
            Constraint::Length(LABEL_WIDTH as u16 + 3),
            Constraint::Min(1),
        ])
        .areas(area);
        frame.render_widget(field::label(name, LABEL_WIDTH, focus == field, theme), l);
        v
    };

    let value = row(frame, search, "Service", ReferField::Service);
    field::text(frame, value, &dialog.search, focus == ReferField::Service);
    render_results(frame, results, dialog, theme);

    let value = row(frame, consent, "Consent", ReferField::Consent);
    let (word, note_text) = match dialog.consent {
        None => ("not recorded", "ask: did the child or caregiver agree?"),
        Some(true) => ("yes", "consent given"),
        Some(false) if t.risk.is_urgent() => ("no", "override: say why below"),
        Some(false) => ("no", ""),
    };
    frame.render_widget(
        Line::from(vec![
            field::choice(word, focus == ReferField::Consent, theme),
            Span::styled(format!("  {note_text}"), theme.style(Role::Muted)),
        ]),
        value,
    );

    if asks_override {
        let value = row(frame, override_row, "Why", ReferField::Override);
        field::text(
            frame,
            value,
            &dialog.override_reason,
            focus == ReferField::Override,
        );
    }

    let value = row(frame, urgency_row, "Urgency", ReferField::Urgency);
    let suggested = dialog.suggested_urgency();
    let why = if dialog.urgency == suggested {
        format!("  suggested for {} risk", t.risk)
    } else {
        format!("  suggested: {}", suggested.as_str())
    };
    let mut choice = field::choice(
        &urgency(dialog.urgency),
        focus == ReferField::Urgency,
        theme,
    );
    if focus != ReferField::Urgency {
        choice = choice.style(theme.style(urgency_role(dialog.urgency)));
    }
    frame.render_widget(
        Line::from(vec![choice, Span::styled(why, theme.style(Role::Muted))]),
        value,
    );

    let value = row(frame, note, "Note", ReferField::Note);
    field::text(frame, value, &dialog.note, focus == ReferField::Note);

    // The consent rule speaks as soon as it has something to say.
    let text = if dialog.saving {
        Some("Referring…".to_string())
    } else {
        dialog
            .message
            .clone()
            .or_else(|| dialog.consent_problem().map(|p| format!("⚠ {p}")))
    };
    if let Some(text) = text {
        frame.render_widget(
            Paragraph::new(field::message(&text, theme)).wrap(Wrap { trim: true }),
            message,
        );
    }

    let k = |a| state.keymap.first_key_for(Context::Refer, a);
    let choose = format!("{}/{}", k(Action::PrevChoice), k(Action::NextChoice));
    let pick = format!("{}/{}", k(Action::Up), k(Action::Down));
    frame.render_widget(
        field::hints(
            &[
                (k(Action::NextField), "field"),
                (pick, "service"),
                (choose, "change"),
                (k(Action::Save), "refer"),
                (k(Action::Cancel), "cancel"),
            ],
            theme,
        ),
        keys,
    );
}

fn render_results(frame: &mut Frame<'_>, area: Rect, dialog: &ReferDialog, theme: &Theme) {
    let indent = " ".repeat(LABEL_WIDTH + 3);
    if dialog.results.is_empty() {
        let text = if dialog.search.value().trim().is_empty() {
            "Type part of a service's name, organisation, place or type (shelter, legal…)."
        } else {
            "No active service matches."
        };
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!("{indent}{text}"),
                theme.style(Role::Muted),
            ))
            .wrap(Wrap { trim: false }),
            area,
        );
        return;
    }
    let lines: Vec<Line<'_>> = dialog
        .results
        .iter()
        .enumerate()
        .take(usize::from(area.height))
        .map(|(i, s)| {
            let rec = &s.record;
            let chosen = i == dialog.picked;
            let mark = if chosen { "▸ " } else { "  " };
            let place = if rec.location.is_empty() {
                String::new()
            } else {
                format!(" · {}", rec.location)
            };
            let text = format!(
                "{indent}{mark}{} · {} · {}{place}",
                rec.name,
                rec.organisation,
                rec.service_type.as_str().replace('_', " ")
            );
            let role = if chosen { Role::Focus } else { Role::Normal };
            // One line per service: what does not fit ends in '…'.
            Line::styled(
                super::fit::elide(&text, usize::from(area.width)),
                theme.style(role),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
