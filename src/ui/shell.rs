//! The main screen: pane tabs, the focused pane, the key-hint line and the
//! status bar.

use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::keymap::Context;
use crate::app::pane::Pane;
use crate::app::state::Shell;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, shell: &Shell, theme: &Theme) {
    let banner_rows = u16::from(state.status.top_alert.is_some());
    let offer = shell.hand_over.waiting.first();
    let [tabs, offer_row, banner, body, hints, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(offer.is_some())),
        Constraint::Length(banner_rows),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_tabs(frame, tabs, state, shell, theme);
    if let Some(offer) = offer {
        let more = shell.hand_over.waiting.len() - 1;
        frame.render_widget(
            super::hand_over::banner(state, offer, more, theme, offer_row.width),
            offer_row,
        );
    }
    if let Some(alert) = &state.status.top_alert {
        frame.render_widget(
            super::alerts::banner(state, alert, theme, banner.width),
            banner,
        );
    }
    match shell.pane {
        Pane::Cases => super::cases::render(frame, body, state, &shell.cases, theme),
        Pane::Alerts => super::alerts::render(frame, body, state, &shell.alerts, theme),
        Pane::Risk => super::risk::render(frame, body, state, &shell.risk, theme),
        Pane::Intake => super::intake::render(frame, body, state, &shell.intake, theme),
        Pane::Referrals => super::referrals::render(frame, body, state, &shell.referrals, theme),
        Pane::Services => super::services::render(frame, body, state, &shell.services, theme),
        Pane::FollowUps => super::follow_ups::render(frame, body, state, &shell.follow_ups, theme),
        Pane::Audit => super::audit::render(frame, body, state, &shell.audit, theme),
        Pane::Wallboard => super::wallboard::render(frame, body, state, &shell.wallboard, theme),
        Pane::Reports => super::reports::render(frame, body, state, &shell.reports, theme),
    }
    if let (Pane::Cases, Some(dialog)) = (shell.pane, &shell.refer)
        && shell.referring()
    {
        super::refer::render(frame, body, state, dialog, theme);
    }
    if let Some(picker) = &shell.hand_over.picker {
        super::hand_over::render_picker(frame, body, state, picker, theme);
    }
    if let Some(check) = &shell.wellbeing.check {
        super::wellbeing::render_check(frame, body, state, check, theme);
    } else if let Some(view) = &shell.wellbeing.shift {
        let started = shell.session.started_at;
        super::wellbeing::render_shift(frame, body, state, view, started, theme);
    }
    render_hints(frame, hints, state, theme);
    render_status(frame, status, state, shell, theme);
}

fn render_tabs(frame: &mut Frame<'_>, area: Rect, state: &State, shell: &Shell, theme: &Theme) {
    let active = shell.pane;
    // Only the panes this person may open have a tab.
    let panes: Vec<Pane> = Pane::shown_to(shell.pane_rights()).collect();
    let text = &state.i18n;
    let label = |pane: Pane, title: &str| {
        let key = state.keymap.keys_for(Context::Shell, pane.action());
        if key.is_empty() {
            title.to_string()
        } else {
            format!("{key} {title}")
        }
    };
    // Full titles when they fit, else the short ones, else the tiny ones
    // (a supervisor's ten tabs at 80 columns).
    let titles = |suffix: &str| -> Vec<String> {
        panes
            .iter()
            .map(|p| label(*p, &text.t(&format!("{}{suffix}", p.message_id()))))
            .collect()
    };
    let width = |labels: &[String]| -> usize { labels.iter().map(|l| l.width() + 2).sum() };
    let room = usize::from(area.width);
    let full = titles("");
    let labels = if width(&full) <= room {
        full
    } else {
        let short = titles("-short");
        if width(&short) <= room {
            short
        } else {
            titles("-tiny")
        }
    };
    let mut spans = Vec::new();
    for (pane, label) in panes.into_iter().zip(labels) {
        // Brackets mark the active pane without relying on colour.
        if pane == active {
            spans.push(Span::styled(
                format!("[{label}]"),
                theme.style(Role::TabActive),
            ));
        } else {
            spans.push(Span::styled(
                format!(" {label} "),
                theme.style(Role::TabInactive),
            ));
        }
    }
    frame.render_widget(Line::from(spans), area);
}

/// The keys that matter most here; `?` lists the rest.
fn render_hints(frame: &mut Frame<'_>, area: Rect, state: &State, theme: &Theme) {
    if let Some(flash) = &state.flash {
        // A confirmation ("✓ …") is good news; anything else a warning.
        let role = if flash.starts_with('✓') {
            Role::Ok
        } else {
            Role::Error
        };
        frame.render_widget(Line::styled(flash.as_str(), theme.style(role)), area);
        return;
    }
    let keys = &state.keymap;
    let mut spans = Vec::new();
    let contexts = state.contexts();
    if !contexts.contains(&Context::Shell) {
        // A field has the keyboard: Tab and letters belong to it, so hint
        // its own keys rather than the main screen's.
        let mut seen = Vec::new();
        for (key, action) in keys.bindings(contexts[0]) {
            if seen.contains(action) || seen.len() >= 5 {
                continue;
            }
            seen.push(*action);
            spans.push(Span::styled(key.to_string(), theme.style(Role::Key)));
            spans.push(Span::raw(format!(" {}  ", action.describe())));
        }
        // Only whole hints: what does not fit is left to `?`.
        let first = super::hints::rows(Line::from(spans), area.width).remove(0);
        frame.render_widget(first, area);
        return;
    }
    for (ctx, action, id) in [
        (Context::Shell, Action::NextPane, "hint-next-pane"),
        (Context::Shell, Action::Help, "hint-help"),
        (Context::Shell, Action::Logout, "hint-logout"),
        (Context::Shell, Action::Quit, "hint-quit"),
    ] {
        let key = keys.keys_for(ctx, action);
        if key.is_empty() {
            continue;
        }
        spans.push(Span::styled(key, theme.style(Role::Key)));
        spans.push(Span::raw(format!(" {}  ", state.i18n.t(id))));
    }
    let first = super::hints::rows(Line::from(spans), area.width).remove(0);
    frame.render_widget(first, area);
}

fn render_status(frame: &mut Frame<'_>, area: Rect, state: &State, shell: &Shell, theme: &Theme) {
    let user = &shell.session.user;
    let on_shift = (state.now - shell.session.started_at).num_minutes().max(0);
    let alerts = state.status.unacknowledged_alerts;
    let text = &state.i18n;
    let alert_text = match alerts {
        0 => text.t("status-no-alerts"),
        n => text.t_args("status-alerts", &[("count", n.into())]),
    };
    let bar = theme.style(Role::StatusBar);
    let on_shift_text = text.t_args(
        "status-on-shift",
        &[
            ("hours", (on_shift / 60).into()),
            ("minutes", format!("{:02}", on_shift % 60).into()),
        ],
    );
    let rest = format!(
        " ({}) │ {on_shift_text} │ {} ",
        text.t(&format!("role-{}", user.role.as_str())),
        state.db_label
    );
    let alert_style = if alerts > 0 {
        theme.style(Role::Alert)
    } else {
        bar
    };
    let right = Line::from(Span::styled(format!(" {alert_text} "), alert_style));
    let right_width = right.width() as u16;
    let [l, r] =
        Layout::horizontal([Constraint::Min(1), Constraint::Length(right_width)]).areas(area);
    // A long name ends in '…' so the role and time on shift still show;
    // a long database path then gives way, marked the same.
    let room = usize::from(l.width);
    let name_room = room.saturating_sub(1 + rest.width());
    let left = if name_room >= 8 || user.display_name.width() <= name_room {
        format!(
            " {}{rest}",
            super::fit::elide(&user.display_name, name_room)
        )
    } else {
        super::fit::elide(
            &format!(" {}{rest}", super::fit::elide(&user.display_name, room / 3)),
            room,
        )
    };
    frame.render_widget(Paragraph::new(left).style(bar), l);
    frame.render_widget(right, r);
}
