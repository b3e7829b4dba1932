//! The Alerts pane and the alert banner.

use super::format::{local_time, risk};
use super::table::{Column, TextRow};
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::alerts::{AckPrompt, AlertsPane};
use crate::app::keymap::Context;
use crate::store::alerts::{AlertKind, AlertRow};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use unicode_width::UnicodeWidthStr;

/// The alert list's columns. As the width shrinks the raise time goes
/// first (the age says the same more briefly), then the age, then the
/// escalation mark; severity, case and why always stay.
const COLUMNS: [Column; 6] = [
    Column::fixed("Severity", 11, 0),
    Column::fixed("Case", 15, 0),
    Column::fill("Why", 1, 16, 0),
    Column::fixed("Raised", 16, 3),
    Column::fixed("Age", 12, 2),
    Column::fixed("", 11, 1),
];

fn age(raised_at: i64, now: i64) -> String {
    let minutes = (now - raised_at).max(0) / 60;
    match minutes {
        0..=59 => format!("{minutes}m ago"),
        60..=1439 => format!("{}h {:02}m ago", minutes / 60, minutes % 60),
        _ => format!("{}d ago", minutes / 1440),
    }
}

/// The one-line banner for the newest of the most severe open alerts,
/// within `width`. When it does not fit, the count goes first, then the
/// kind; the severity, the case and the key that leads to the alerts stay.
/// What an alert is about: its case, or the worker it names.
fn subject(alert: &AlertRow) -> String {
    match (&alert.case_number, &alert.about) {
        (Some(number), _) => number.clone(),
        (None, Some(person)) => person.clone(),
        (None, None) => "—".into(),
    }
}

/// The kind in words, with the note the alert carries.
fn what(alert: &AlertRow) -> String {
    match &alert.note {
        Some(note) => format!("{}: {note}", AlertKind::describe(&alert.kind)),
        None => AlertKind::describe(&alert.kind).to_string(),
    }
}

pub fn banner(state: &State, alert: &AlertRow, theme: &Theme, width: u16) -> Line<'static> {
    let key = state
        .keymap
        .first_key_for(Context::Shell, Action::PaneAlerts);
    let escalated = if alert.escalated { " · ESCALATED" } else { "" };
    let severity = alert.severity.as_str().to_uppercase();
    let kind = format!(" · {}", AlertKind::describe(&alert.kind));
    let case = match (&alert.case_number, &alert.about) {
        (None, None) => "no case".to_string(),
        _ => subject(alert),
    };
    let count = format!(" · {} open", state.status.unacknowledged_alerts);
    let text = |kind: &str, count: &str| {
        format!(" ⚠ {severity} ALERT{kind} · {case}{escalated}{count} · press {key} ")
    };
    let fits = |t: &String| t.width() <= usize::from(width);
    let text = [text(&kind, &count), text(&kind, ""), text("", "")]
        .into_iter()
        .find(fits)
        .unwrap_or_else(|| super::fit::elide(&text("", ""), usize::from(width)));
    Line::styled(text, theme.style(Role::Alert))
}

/// "3 open" or "3 open, 2 critical": the pane's title, from the figures
/// the status bar and the banner show (one snapshot, one count).
fn open_count(state: &State) -> String {
    let status = &state.status;
    match status.critical_alerts {
        0 => format!("{} open", status.unacknowledged_alerts),
        n => format!("{} open, {n} critical", status.unacknowledged_alerts),
    }
}

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, pane: &AlertsPane, theme: &Theme) {
    // The count is the status bar's; the list holds at most ALERT_LIMIT.
    let shown = pane.rows.len() as i64;
    let more = if shown < state.status.unacknowledged_alerts {
        format!(" · first {shown} listed")
    } else {
        String::new()
    };
    let block = Block::bordered().title(Line::styled(
        format!(" Alerts · {}{more} ", open_count(state)),
        theme.style(Role::Title),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let prompt_rows = if pane.confirm.is_some() { 2 } else { 1 };
    let [table_area, footer] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(prompt_rows)]).areas(inner);
    let now = state.now.timestamp();
    let plain = Style::default();
    let rows = pane
        .rows
        .iter()
        .map(|a| TextRow {
            cells: vec![
                (risk(a.severity), theme.style(Role::Risk(a.severity))),
                (subject(a), plain),
                (what(a), plain),
                (local_time(a.raised_at, state.utc_offset), plain),
                (age(a.raised_at, now), plain),
                ((if a.escalated { "⇑ escalated" } else { "" }).into(), plain),
            ],
            style: plain,
        })
        .collect();
    super::table::draw(
        frame,
        table_area,
        &COLUMNS,
        rows,
        (!pane.rows.is_empty()).then_some(pane.selected),
        theme,
    );

    if let Some(prompt) = &pane.confirm {
        render_confirm(frame, footer, state, prompt, theme);
        return;
    }
    let line = if let Some(message) = &pane.message {
        Line::styled(message.clone(), theme.style(Role::Muted))
    } else if pane.rows.is_empty() && pane.loaded_once {
        Line::styled("✓ No open alerts.", theme.style(Role::Ok))
    } else {
        super::hints::line(
            state,
            Context::Alerts,
            &[
                (Action::Acknowledge, "acknowledge"),
                (Action::Open, "open the case"),
            ],
            theme,
        )
    };
    frame.render_widget(line, footer);
}

/// The confirmation of a critical alert's acknowledgement: the question
/// with its keys, and the optional note.
fn render_confirm(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    prompt: &AckPrompt,
    theme: &Theme,
) {
    let [question, note] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let keys = |action| state.keymap.first_key_for(Context::AlertAck, action);
    frame.render_widget(
        Line::styled(
            format!(
                "Acknowledge the {} alert on {}? ({} yes, {} no)",
                prompt.severity.as_str().to_uppercase(),
                prompt.case_number.as_deref().unwrap_or("no case"),
                keys(Action::Confirm),
                keys(Action::Cancel),
            ),
            theme.style(Role::Alert),
        ),
        question,
    );
    let label = "Note (optional): ";
    let [l, input] = Layout::horizontal([
        Constraint::Length(label.chars().count() as u16),
        Constraint::Min(1),
    ])
    .areas(note);
    frame.render_widget(Span::styled(label, theme.style(Role::Title)), l);
    super::field::text(frame, input, &prompt.note, true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::Keymap;
    use crate::domain::RiskLevel;

    #[test]
    fn the_banner_keeps_its_key_when_it_does_not_fit() {
        let mut state = State::new(
            Keymap::shipped(),
            "helpline.db".into(),
            chrono::DateTime::from_timestamp(0, 0).unwrap(),
        );
        state.status.unacknowledged_alerts = 1234;
        let alert = AlertRow {
            severity: RiskLevel::Critical,
            kind: "unassigned".into(),
            case_number: Some("HL-2026-000123".into()),
            escalated: true,
            id: 1,
            case_id: Some(123),
            raised_at: 0,
            about: None,
            note: None,
        };
        let theme = Theme::monochrome();
        let text = |width| banner(&state, &alert, &theme, width).to_string();
        let wide = text(120);
        assert!(wide.contains("not assigned in time"), "{wide}");
        assert!(wide.contains("1234 open"), "{wide}");
        let narrow = text(80);
        assert!(narrow.width() <= 80, "{narrow}");
        assert!(narrow.contains("HL-2026-000123"), "{narrow}");
        assert!(narrow.contains("ESCALATED"), "{narrow}");
        assert!(narrow.trim_end().ends_with("press 5"), "{narrow}");
    }
}
