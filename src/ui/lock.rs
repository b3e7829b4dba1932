//! The lock screen: who is logged in, the call timer if a call is under
//! way, how many alerts wait (counts only), and the password field. Drawn
//! instead of the main screen, never over it: no case detail can show
//! through.

use super::centered;
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::keymap::Context;
use crate::app::state::Shell;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

const WIDTH: u16 = 66;

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, shell: &Shell, theme: &Theme) {
    let Some(lock) = &shell.lock else {
        return;
    };
    let outer = centered(area, WIDTH, 12);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(Line::styled(
            " helpline · screen locked ",
            theme.style(Role::Title),
        ));
    let inner = block.inner(outer);
    frame.render_widget(block, outer);
    let [why, who, call, _, pass, message, _, alerts, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .horizontal_margin(2)
    .areas(inner);
    let room = usize::from(why.width);

    let reason = if lock.by_key {
        "Locked on request: your work is kept.".to_string()
    } else {
        format!(
            "Locked after {} without a key: your work is kept.",
            idle_time(state.settings.idle_lock.after_secs)
        )
    };
    frame.render_widget(
        Paragraph::new(Line::styled(reason, theme.style(Role::Muted))).wrap(Wrap { trim: true }),
        why,
    );
    let user = &shell.session.user;
    let person = if user.display_name == user.username {
        format!("{} ({})", user.username, user.role.label())
    } else {
        format!(
            "{} ({}, {})",
            user.display_name,
            user.username,
            user.role.label()
        )
    };
    frame.render_widget(
        Line::from(vec![
            Span::styled("Logged in: ", theme.style(Role::Muted)),
            Span::raw(super::fit::elide(&person, room.saturating_sub(11))),
        ]),
        who,
    );
    if let Some(started_at) = shell
        .intake
        .current
        .and_then(|i| shell.intake.sessions.get(i))
        .map(|s| s.started_at)
    {
        let elapsed = super::intake::timer(started_at, state.now.timestamp());
        frame.render_widget(
            Line::from(vec![
                Span::styled(
                    format!("⏱ Call in progress: {elapsed}"),
                    theme.style(Role::Title),
                ),
                Span::styled(" (the timer keeps counting)", theme.style(Role::Muted)),
            ]),
            call,
        );
    }
    // The password of the person named above unlocks.
    super::login::field(frame, pass, "Password", &lock.password, true, true, theme);
    let status = if lock.checking {
        Line::styled("Checking…", theme.style(Role::Muted))
    } else if let Some(message) = &lock.message {
        Line::styled(format!("✗ {message}"), theme.style(Role::Error))
    } else {
        Line::default()
    };
    frame.render_widget(Paragraph::new(status).wrap(Wrap { trim: true }), message);
    frame.render_widget(alert_counts(state, theme), alerts);

    let keys = &state.keymap;
    let mut logout = keys.keys_for(Context::Global, Action::Quit);
    let shell_logout = keys.keys_for(Context::Shell, Action::Logout);
    if !shell_logout.is_empty() {
        if !logout.is_empty() {
            logout.push('/');
        }
        logout.push_str(&shell_logout);
    }
    frame.render_widget(
        Line::from(vec![
            Span::styled("Enter", theme.style(Role::Key)),
            Span::raw(" unlock  "),
            Span::styled(logout, theme.style(Role::Key)),
            Span::raw(" log out (drafts are kept)"),
        ]),
        hint,
    );
}

/// The idle time in words: "5 minutes", "30 seconds", "1 min 30 s".
fn idle_time(secs: i64) -> String {
    match (secs / 60, secs % 60) {
        (0, 1) => "1 second".into(),
        (0, s) => format!("{s} seconds"),
        (1, 0) => "1 minute".into(),
        (m, 0) => format!("{m} minutes"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// How many alerts wait, without a word about whose: the banner and the
/// Alerts pane name cases, the lock screen only counts.
fn alert_counts<'a>(state: &State, theme: &Theme) -> Line<'a> {
    let status = &state.status;
    let text = match (status.critical_alerts, status.unacknowledged_alerts) {
        (1, _) => "⚠ 1 critical alert waits".to_string(),
        (n, _) if n > 1 => format!("⚠ {n} critical alerts wait"),
        (_, 0) => "✓ no alerts".to_string(),
        (_, 1) => "⚠ 1 alert waits".to_string(),
        (_, n) => format!("⚠ {n} alerts wait"),
    };
    let role = if status.unacknowledged_alerts > 0 || status.critical_alerts > 0 {
        Role::Alert
    } else {
        Role::Muted
    };
    Line::styled(text, theme.style(role))
}

#[cfg(test)]
mod tests {
    use super::idle_time;

    #[test]
    fn idle_times_read_as_words() {
        for (secs, words) in [
            (1, "1 second"),
            (9, "9 seconds"),
            (60, "1 minute"),
            (300, "5 minutes"),
            (90, "1 min 30 s"),
        ] {
            assert_eq!(idle_time(secs), words);
        }
    }
}
