//! The Referrals pane: the queue, most urgent and longest overdue first,
//! with its filters in words and the lifecycle keys.

use super::field;
use super::format::{deadline, local_time};
use super::theme::{Role, Theme};
use crate::app::State;
use crate::app::action::Action;
use crate::app::keymap::Context;
use crate::app::referrals::ReferralsPane;
use crate::domain::response_times::overdue_by;
use crate::domain::{ReferralStatus, RiskLevel, Urgency};
use crate::store::referral_queue::QueueRow;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Wrap};

/// The urgency with a symbol, so it reads without colour.
pub fn urgency(u: Urgency) -> String {
    let symbol = match u {
        Urgency::Emergency => "‼",
        Urgency::Urgent => "!",
        Urgency::Routine => "·",
    };
    format!("{symbol} {}", u.as_str())
}

/// Urgency borrows the styles of the risk levels it answers.
pub fn urgency_role(u: Urgency) -> Role {
    match u {
        Urgency::Emergency => Role::Risk(RiskLevel::Critical),
        Urgency::Urgent => Role::Risk(RiskLevel::High),
        Urgency::Routine => Role::Normal,
    }
}

/// "⚠ overdue 3h 05m" for an open referral past due, "due in 2d 4h" for
/// one still in time, "—" for a closed one.
fn due(row: &QueueRow, now: i64) -> (String, bool) {
    if !row.status.is_open() {
        return ("—".into(), false);
    }
    let due_at = row.due_at.timestamp();
    let at = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    match overdue_by(row.due_at, at) {
        Some(_) => (format!("⚠ {}", deadline(Some(due_at), now)), true),
        None => (format!("due {}", deadline(Some(due_at), now)), false),
    }
}

fn key(state: &State, ctx: Context, action: Action) -> String {
    state.keymap.first_key_for(ctx, action)
}

/// Draws the Referrals pane: filters in the title, the queue, the
/// selected referral in full, and the lifecycle keys or the reason field.
pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    pane: &ReferralsPane,
    theme: &Theme,
) {
    let block = Block::bordered().title(Line::styled(
        format!(" Referrals · {} ", pane.filter.describe()),
        theme.style(Role::Title),
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [bar, table_area, details, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    let ctx = Context::Referrals;
    let bar_hints = match &pane.reason {
        Some(prompt) => vec![
            (
                key(state, Context::ReferralReason, Action::Confirm),
                if prompt.to == ReferralStatus::Declined {
                    "mark it declined"
                } else {
                    "cancel the referral"
                },
            ),
            (
                key(state, Context::ReferralReason, Action::Cancel),
                "leave it as it is",
            ),
        ],
        None => vec![
            (key(state, ctx, Action::CycleAgency), "agency"),
            (key(state, ctx, Action::CycleServiceType), "type"),
            (key(state, ctx, Action::CycleReferralStatus), "status"),
            (key(state, ctx, Action::Open), "open the case"),
        ],
    };
    frame.render_widget(field::hints(&bar_hints, theme), bar);
    render_table(frame, table_area, state, pane, theme);
    if let Some(row) = pane.rows.get(pane.selected) {
        render_details(frame, details, state, row, theme);
    }

    let line = if let Some(message) = &pane.message {
        field::message(message, theme)
    } else if pane.loading && pane.rows.is_empty() {
        Line::styled("Loading…", theme.style(Role::Muted))
    } else if pane.rows.is_empty() {
        Line::styled("✓ No referrals match.", theme.style(Role::Ok))
    } else {
        let more = if pane.exhausted { "" } else { ", more below" };
        Line::styled(
            format!("{} of {} shown{more}", pane.selected + 1, pane.rows.len()),
            theme.style(Role::Muted),
        )
    };
    frame.render_widget(line, status);

    match &pane.reason {
        Some(prompt) => {
            let why = if prompt.to == ReferralStatus::Declined {
                "Why declined"
            } else {
                "Why cancelled"
            };
            let label = format!("{why} ({}): ", prompt.case_number);
            let [l, input] = Layout::horizontal([
                Constraint::Length(label.chars().count() as u16),
                Constraint::Min(1),
            ])
            .areas(keys);
            frame.render_widget(Span::styled(label, theme.style(Role::Title)), l);
            field::text(frame, input, &prompt.input, true);
        }
        None => frame.render_widget(
            field::hints(&lifecycle_hints(state, pane, ctx), theme),
            keys,
        ),
    }
}

/// The lifecycle keys of the selected referral: only the moves its status
/// allows (a completed referral offers none).
fn lifecycle_hints(
    state: &State,
    pane: &ReferralsPane,
    ctx: Context,
) -> Vec<(String, &'static str)> {
    let allowed = pane
        .rows
        .get(pane.selected)
        .map_or(&[][..], |row| row.status.next());
    [
        (Action::MarkSent, ReferralStatus::Sent, "sent"),
        (
            Action::MarkAcknowledged,
            ReferralStatus::Acknowledged,
            "acknowledged",
        ),
        (Action::MarkAccepted, ReferralStatus::Accepted, "accepted"),
        (Action::MarkDeclined, ReferralStatus::Declined, "declined"),
        (
            Action::MarkCompleted,
            ReferralStatus::Completed,
            "completed",
        ),
        (
            Action::MarkCancelled,
            ReferralStatus::Cancelled,
            "cancelled",
        ),
    ]
    .into_iter()
    .filter(|(_, to, _)| allowed.contains(to))
    .map(|(action, _, label)| (key(state, ctx, action), label))
    .collect()
}

fn render_table(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    pane: &ReferralsPane,
    theme: &Theme,
) {
    let now = state.now.timestamp();
    // The case's risk and the agency in a column of its own need room;
    // below 100 columns the queue keeps what triage needs, and the line
    // under it tells the rest of the selected referral.
    let wide = area.width >= 100;
    let titles: &[&str] = if wide {
        &[
            "Urgency", "Case", "Risk", "Service", "Agency", "Status", "Due",
        ]
    } else {
        &["Urgency", "Case", "Service · agency", "Status", "Due"]
    };
    let rows = pane.rows.iter().map(|r| {
        let (due_text, overdue) = due(r, now);
        let due_style = theme.style(if overdue { Role::Error } else { Role::Normal });
        let mut cells = vec![
            Cell::from(urgency(r.urgency)).style(theme.style(urgency_role(r.urgency))),
            Cell::from(r.case_number.clone()),
        ];
        if wide {
            cells.push(
                Cell::from(super::format::risk(r.case_risk))
                    .style(theme.style(Role::Risk(r.case_risk))),
            );
            cells.push(Cell::from(r.service_name.clone()));
            cells.push(Cell::from(r.organisation_name.clone()));
        } else {
            cells.push(Cell::from(format!(
                "{} · {}",
                r.service_name, r.organisation_name
            )));
        }
        cells.push(Cell::from(r.status.as_str()));
        cells.push(Cell::from(due_text).style(due_style));
        Row::new(cells)
    });
    let widths: Vec<Constraint> = if wide {
        vec![
            Constraint::Length(11),
            Constraint::Length(15),
            Constraint::Length(10),
            Constraint::Fill(3),
            Constraint::Fill(2),
            Constraint::Length(12),
            Constraint::Length(16),
        ]
    } else {
        vec![
            Constraint::Length(11),
            Constraint::Length(14),
            Constraint::Fill(1),
            Constraint::Length(12),
            Constraint::Length(16),
        ]
    };
    super::table::draw(
        frame,
        area,
        titles,
        widths,
        rows,
        (!pane.rows.is_empty()).then_some(pane.selected),
        theme,
    );
}

/// The selected referral in full: where it goes, what kind of help, the
/// case's risk and when it was made and falls due.
fn render_details(frame: &mut Frame<'_>, area: Rect, state: &State, row: &QueueRow, theme: &Theme) {
    let muted = theme.style(Role::Muted);
    let line = Line::from(vec![
        Span::raw(format!("{} — {}", row.service_name, row.organisation_name)),
        Span::styled(" · ", muted),
        Span::raw(row.service_type.label()),
        Span::styled(" · case risk ", muted),
        Span::styled(
            super::format::risk(row.case_risk),
            theme.style(Role::Risk(row.case_risk)),
        ),
        Span::styled(" · referred ", muted),
        Span::raw(local_time(row.created_at.timestamp(), state.utc_offset)),
        Span::styled(" · due ", muted),
        Span::raw(local_time(row.due_at.timestamp(), state.utc_offset)),
    ]);
    frame.render_widget(
        Paragraph::new(line)
            .wrap(Wrap { trim: true })
            .block(Block::new().borders(Borders::TOP)),
        area,
    );
}
