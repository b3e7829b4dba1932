//! The check after a heavy contact and the person's own shift view, each
//! a box over the pane beneath.

use super::theme::{Role, Theme};
use crate::app::action::Action;
use crate::app::keymap::Context;
use crate::app::state::State;
use crate::app::wellbeing::{ShiftView, WellbeingCheck};
use crate::domain::RiskLevel;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

fn key(state: &State, ctx: Context, action: Action) -> String {
    state.keymap.first_key_for(ctx, action)
}

/// "1h 05m", "12m".
fn duration(secs: i64) -> String {
    let minutes = secs.max(0) / 60;
    if minutes >= 60 {
        format!("{}h {:02}m", minutes / 60, minutes % 60)
    } else {
        format!("{minutes}m")
    }
}

pub fn render_check(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    check: &WellbeingCheck,
    theme: &Theme,
) {
    let popup = super::centered(area, area.width.saturating_sub(4).min(72), 12);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Line::styled(" A moment for you ", theme.style(Role::Title)));
    let muted = theme.style(Role::Muted);
    let what = if check.heavy.level == RiskLevel::Critical {
        "That was a critical contact."
    } else {
        "That was a heavy contact."
    };
    let mut lines = vec![Line::raw(format!(
        "{what} How are you now? (optional: 1 not well at all … 5 fine)"
    ))];
    let mut scale = Vec::new();
    for value in 1..=5u8 {
        let chosen = check.feeling.is_some_and(|f| f.value() == value);
        let text = if chosen {
            format!("[{value}]")
        } else {
            format!(" {value} ")
        };
        let role = if chosen { Role::Focus } else { Role::Normal };
        scale.push(Span::styled(text, theme.style(role)));
        scale.push(Span::raw(" "));
    }
    if let Some(feeling) = check.feeling {
        scale.push(Span::styled(format!(" {}", feeling.label()), muted));
    }
    lines.push(Line::from(scale));
    lines.push(Line::raw(""));
    let ctx = Context::WellbeingCheck;
    lines.push(Line::from(vec![
        Span::styled(key(state, ctx, Action::TakeBreak), theme.style(Role::Key)),
        Span::raw(" take a break   "),
        Span::styled(
            key(state, ctx, Action::TalkToSupervisor),
            theme.style(Role::Key),
        ),
        Span::raw(" talk to a supervisor   "),
        Span::styled(key(state, ctx, Action::CarryOn), theme.style(Role::Key)),
        Span::raw(" carry on   "),
        Span::styled(key(state, ctx, Action::Cancel), theme.style(Role::Key)),
        Span::raw(" skip"),
    ]));
    lines.push(Line::raw(""));
    if check.heavy.supervisors_told {
        lines.push(Line::styled(
            format!(
                "⚠ {} critical contacts this shift: your team's supervisors have been told, \
                 so they can help spread the work.",
                check.heavy.critical_this_shift
            ),
            theme.style(Role::Error),
        ));
    }
    lines.push(Line::styled(
        "Your answers are yours. Asking to talk tells your team's supervisors at once, \
         with how you are; nothing else of this is shown to anyone.",
        muted,
    ));
    if check.sending {
        lines.push(Line::styled("Recording…", muted));
    }
    if let Some(error) = &check.error {
        lines.push(Line::styled(format!("✗ {error}"), theme.style(Role::Error)));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        popup,
    );
}

pub fn render_shift(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    view: &ShiftView,
    started_at: chrono::DateTime<chrono::Utc>,
    theme: &Theme,
) {
    let popup = super::centered(area, area.width.saturating_sub(4).min(64), 12);
    frame.render_widget(Clear, popup);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .title(Line::styled(
            " Your shift · only you see this ",
            theme.style(Role::Title),
        ));
    let muted = theme.style(Role::Muted);
    let on_shift = (state.now - started_at).num_seconds();
    let local = started_at.with_timezone(&state.utc_offset).format("%H:%M");
    let mut lines = vec![Line::raw(format!(
        "Logged in at {local}, {} ago.",
        duration(on_shift)
    ))];
    match (&view.summary, &view.error) {
        (Some(s), _) => {
            lines.push(Line::raw(format!(
                "Contacts: {} · time on them: {}",
                s.contacts,
                duration(s.time_on_contacts)
            )));
            lines.push(Line::raw(format!(
                "Heavy contacts: {} (critical: {})",
                s.heavy_contacts, s.critical_contacts
            )));
            lines.push(Line::raw(format!(
                "Breaks taken after a check: {}",
                s.breaks
            )));
            lines.push(Line::raw(match s.latest_feeling {
                Some(f) => format!(
                    "Checks answered: {} · latest: {} ({} of 5)",
                    s.checks,
                    f.label(),
                    f.value()
                ),
                None => format!("Checks answered: {}", s.checks),
            }));
            if s.critical_contacts >= 2 || s.latest_feeling.is_some_and(|f| f.value() <= 2) {
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    "It has been a heavy shift. A break, or a word with a supervisor, is part \
                     of the work.",
                    theme.style(Role::Title),
                ));
            }
        }
        (None, Some(error)) => {
            lines.push(Line::styled(format!("✗ {error}"), theme.style(Role::Error)))
        }
        (None, None) => lines.push(Line::styled("Loading…", muted)),
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled(
            key(state, Context::MyShift, Action::Close),
            theme.style(Role::Key),
        ),
        Span::raw(" close"),
    ]));
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        popup,
    );
}
